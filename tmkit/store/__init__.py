"""The SQLite translation memory: schema, migrations, import, export, statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tmkit.store.memory import ExportReport, ImportReport, Memory, MemoryStats

__all__ = ["ExportReport", "ImportReport", "Memory", "MemoryStats"]


def __getattr__(name: str) -> Any:
    """`from tmkit.store import Memory` imports tmkit.store.memory (and sqlite_utils) then, not
    when a submodule that does not need them (tmkit.store.examples, for QA) is imported."""
    if name in __all__:
        from tmkit.store import memory

        return getattr(memory, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
