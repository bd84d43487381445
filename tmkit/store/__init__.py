"""The SQLite translation memory: schema, migrations, import, export, statistics."""

from tmkit.store.memory import ExportReport, ImportReport, Memory, MemoryStats

__all__ = ["ExportReport", "ImportReport", "Memory", "MemoryStats"]
