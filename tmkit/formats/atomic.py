"""Writing small files all at once: a temporary file beside the target, renamed into place.

An interrupted write never leaves a half file; a group of files (a glossary folder) is written as
temporary files first and renamed only when every one of them was written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping


def _temp_beside(path: str) -> tuple[int, str]:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    return tempfile.mkstemp(prefix=".tmkit-", suffix=".part", dir=directory)


def _write_temp(path: str, data: bytes) -> str:
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    spath = os.fspath(path)
    tmp = _write_temp(spath, data)
    os.replace(tmp, spath)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_many(files: Mapping[str, bytes]) -> None:
    """Write every file to a temporary first; rename them all only when all were written."""
    temps: list[tuple[str, str]] = []
    try:
        for path, data in files.items():
            temps.append((_write_temp(path, data), path))
    except BaseException:
        for tmp, _ in temps:
            os.unlink(tmp)
        raise
    for tmp, path in temps:
        os.replace(tmp, path)
