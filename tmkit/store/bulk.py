"""Importing into a memory that does not exist yet: build it aside, then put it in place.

`import_into_new(path, files, ...)` is what `tmkit.tm.tm_import` uses when there is no file at
`path`. Instead of creating the memory and importing into it through SQLite's write-ahead log,
it builds the whole memory in a temporary file beside it (`.NAME.import-XXXXXXXX.tmp`, same
folder, so same file system), with no crash journal on disk and no fsync while it writes, and
only at the end:

1. commits, switches the finished file to WAL mode (what `Memory.open` would have set; the mode
   is recorded in the file) and closes it, which leaves no `-wal` file;
2. fsyncs the file, and gives it the permissions SQLite gives new files;
3. hard-links it to `path` (`os.link`: atomic, and it fails if `path` exists), removes the
   temporary name, and fsyncs the folder.

Why this is as safe as importing through the log:

* `path` either does not exist or names the complete, durable memory: the link is one atomic
  step, made after the fsync. A crash or a failure at any earlier point leaves no memory at
  `path` (as a failed import into a new memory always did: the empty file is removed), only the
  temporary file, which nothing else opens and which is deleted on any error the process
  survives. A hard kill can leave it behind; it is safe to delete.
* nobody can be using the memory while it is built: it does not exist. A process that opens
  `path` during the import (say `tmkit tm stats`) finds no memory; after the link, it finds all
  of it. If another process *creates* `path` meanwhile, the link fails (nothing is replaced),
  the temporary file is dropped and None is returned: the caller then imports into that memory
  the usual way, in one transaction.
* a memory that exists, even an empty one, is never replaced: another connection may have it
  open, and its later writes would go to the replaced file and be lost.

It is also faster: every page is written once, instead of to the log and again at the
checkpoint, and `synchronous = OFF` is harmless for a file that nobody sees until the fsync. The
rows are exactly those an import into a new memory through `Memory.open` writes (tested).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Sequence
from typing import Any

from tmkit.store.memory import BUSY_TIMEOUT_MS, ImportReport, Memory, _store_error

_TEMP_SUFFIX = ".tmp"
_SQLITE_FILE_MODE = 0o644  # SQLITE_DEFAULT_FILE_PERMISSIONS; the umask applies


def can_build_new(path: str) -> bool:
    """Whether `path` can be built aside: no memory there, nor a log of one (a `-wal` or
    `-journal` left beside a deleted memory would be replayed into the new file), and the folder
    exists (otherwise `Memory.open` gives the usual error)."""
    if any(os.path.lexists(path + suffix) for suffix in ("", "-wal", "-journal")):
        return False
    return os.path.isdir(os.path.dirname(os.path.abspath(path)))


def import_into_new(path: str, files: Sequence[str | os.PathLike[str]], **options: Any) -> ImportReport | None:
    """Import `files` into a new memory at `path` (see the module docstring). Returns the report,
    or None when `path` appeared meanwhile and nothing was done. `options` are those of
    `Memory.import_tmx`. A strict import that rolls back leaves an empty memory at `path`, as it
    does through `Memory.open`."""
    directory = os.path.dirname(os.path.abspath(path))
    temp = _new_temp(directory, os.path.basename(path))
    try:
        if not _can_link(temp):
            return None  # no hard links on this file system: import the usual way
        report = _build(temp, path, files, options)
        if report.rolled_back:
            _remove(temp)
            Memory.open(path).close()  # an empty memory, as before
            return report
        _fsync(temp)
        try:
            os.link(temp, path)
        except FileExistsError:
            return None  # someone created it meanwhile: import there the usual way
        _fsync(directory)
        return report
    finally:
        _remove(temp)


def _build(temp: str, path: str, files: Sequence[str | os.PathLike[str]], options: dict[str, Any]) -> ImportReport:
    try:
        conn = sqlite3.connect(temp, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as e:
        raise _store_error(path, e) from None
    # error messages name `path`: the temporary file is an implementation detail
    with contextlib.closing(Memory(conn, path)) as memory:
        try:
            # an in-memory rollback journal (so that ROLLBACK still works), no fsync, and no
            # other connection: the file is private until it is linked into place
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("PRAGMA journal_mode = MEMORY")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA foreign_keys = ON")
            memory._migrate()
        except sqlite3.Error as e:
            raise _store_error(path, e) from None
        report = memory.import_tmx(files, **options)
        if not report.rolled_back:
            try:
                # what Memory.open sets; recorded in the file, checkpointed and removed on close
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.Error as e:
                raise _store_error(path, e) from None
    return report


def _can_link(temp: str) -> bool:
    """Whether this file system has hard links (never replace a file by renaming over it)."""
    try:
        os.link(temp, temp + ".link")
    except OSError:
        return False
    os.unlink(temp + ".link")
    return True


def _remove(temp: str) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp + suffix)


def _new_temp(directory: str, name: str) -> str:
    """Create an empty file `.NAME.import-XXXXXXXX.tmp` in `directory`, with the permissions
    SQLite gives a new database (0644 less the umask, which the system applies)."""
    while True:
        temp = os.path.join(directory, f".{name}.import-{secrets.token_hex(4)}{_TEMP_SUFFIX}")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _SQLITE_FILE_MODE)
        except FileExistsError:
            continue
        os.close(fd)
        return temp


def _fsync(path: str) -> None:
    """Flush a file, or a folder's entries, to disk (some systems cannot sync a folder)."""
    folder = os.path.isdir(path)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        if folder:
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not folder:
            raise  # a file must be synced
    finally:
        os.close(fd)
