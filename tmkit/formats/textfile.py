"""Reading whole text files (CSV, TSV) with honest encoding handling.

UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, and UTF-16 without BOM (recognised by
its NUL bytes) are read. Anything else that is not valid UTF-8 is refused with the line and
column of the first bad byte and a hint, rather than guessed at: a GBK file read as Latin-1 is
how mojibake is made.
"""

from __future__ import annotations

import codecs
import os

from tmkit.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_text(path: str | os.PathLike[str], *, what: str = "file") -> tuple[str, str]:
    """The decoded text of `path` (BOM removed, newlines untouched) and the encoding used."""
    spath = os.fspath(path)
    try:
        with open(spath, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError("no such file", path=spath) from None
    except IsADirectoryError:
        raise InputError(f"is a folder, not a {what}", path=spath) from None
    except OSError as e:
        raise InputError(f"cannot open: {e.strerror}", path=spath) from None
    encoding = "utf-8"
    body = data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    else:
        if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00" and data[0:1] != b"\x00":
            encoding = "utf-16-le"
        elif len(data) >= 4 and data[0:1] == b"\x00" and data[2:3] == b"\x00" and data[1:2] != b"\x00":
            encoding = "utf-16-be"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as e:
        line = body.count(b"\n", 0, e.start) + 1
        column = e.start - (body.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            f"not valid {encoding.upper()} (byte 0x{body[e.start]:02x} at byte offset {e.start})",
            path=spath,
            line=line,
            column=column,
            hint="save the file as UTF-8 (e.g. iconv -f GBK -t UTF-8 IN > OUT); tmkit does not guess encodings",
        ) from None
    if not text.strip():
        raise InputError(
            f"an empty {what} ({len(data)} bytes): there is nothing to read",
            path=spath,
            hint="check that the export that made it finished",
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            "contains NUL characters: this is not a text file in the encoding it appears to be in",
            path=spath,
            line=line,
            hint="save the file as UTF-8 or as UTF-16 with a byte order mark",
        )
    return text, encoding
