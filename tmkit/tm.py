"""Library functions behind the `tmkit tm ...` commands, one per command, same names:

    tm import   -> tm_import        tm export -> tm_export
    tm validate -> tm_validate      tm stats  -> tm_stats
    tm reindex  -> tm_reindex

Each opens the memory, does one job, closes it, and returns a report object with `to_dict()`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Sequence

from tmkit.errors import StoreError, TmkitError
from tmkit.formats.source import ProgressCallback
from tmkit.formats.tmx.validate import ValidationReport, validate_tmx
from tmkit.store import ExportReport, ImportReport, Memory, MemoryStats, bulk
from tmkit.text.langtags import DEFAULT_BARE_ZH

PathLike = str | os.PathLike[str]


def tm_import(
    db: PathLike,
    files: Sequence[PathLike],
    *,
    on_duplicate: str = "skip",
    strict: bool = False,
    bare_zh: str = DEFAULT_BARE_ZH,
    repair_mojibake: bool = True,
    origin: str | None = None,
    progress: ProgressCallback | None = None,
    index: bool = True,
) -> ImportReport:
    """Import TMX files into the memory at `db` (created when missing), in one transaction.

    A memory that does not exist yet is built in a temporary file beside it and put in place
    when complete (`tmkit.store.bulk`), so a failed import leaves no file behind.
    """
    options = {
        "on_duplicate": on_duplicate,
        "strict": strict,
        "bare_zh": bare_zh,
        "repair_mojibake": repair_mojibake,
        "origin": origin,
        "progress": progress,
        "index": index,
    }
    spath = os.fspath(db)
    if bulk.can_build_new(spath):
        report = bulk.import_into_new(spath, files, **options)
        if report is not None:
            return report
        # the memory appeared meanwhile (or no hard links here): import into it as usual
    existed = os.path.exists(spath)
    try:
        with Memory.open(spath) as memory:
            return memory.import_tmx(files, **options)
    except TmkitError:
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(spath + suffix)
        raise


def tm_export(
    db: PathLike,
    out: PathLike,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    origins: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    lang_style: str = "zh-CN",
    timestamps: bool = True,
    progress: ProgressCallback | None = None,
) -> ExportReport:
    """Export the memory at `db` (or a filtered part of it) as TMX 1.4b to `out`."""
    with Memory.open(db, create=False) as memory:
        return memory.export_tmx(
            out,
            source_lang=source_lang,
            target_lang=target_lang,
            origins=origins,
            since=since,
            until=until,
            lang_style=lang_style,
            timestamps=timestamps,
            progress=progress,
        )


def tm_validate(files: Sequence[PathLike], *, dtd: PathLike | None = None) -> list[ValidationReport]:
    """Validate TMX files without importing them. Unreadable files raise InputError."""
    return [validate_tmx(f, dtd=dtd) for f in files]


def tm_stats(db: PathLike) -> MemoryStats:
    """Units, variants, languages, language pairs and origins of the memory at `db`."""
    with Memory.open(db, create=False) as memory:
        return memory.stats()


def tm_reindex(db: PathLike, progress: Callable[[int, int], None] | None = None) -> dict[str, object]:
    """Rebuild the memory's search indexes (`tmkit.memindex.reindex`). The memory must exist."""
    from tmkit import memindex

    spath = os.fspath(db)
    before = _disk_size(spath)
    with Memory.open(spath, create=False) as memory:
        try:
            result = memindex.reindex(memory.conn, progress)
        except sqlite3.Error as e:
            raise StoreError(
                f"{spath}: could not rebuild the indexes: {e}", hint="nothing was changed; retry when no import runs"
            ) from None
    return {**result, "size_before": before, "size_after": _disk_size(spath)}


def _disk_size(path: str) -> int:
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))
