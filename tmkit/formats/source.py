"""Opening XML input safely: existence, emptiness, gzip, encoding sniffing, hostile DOCTYPEs.

Every XML reader in tmkit opens its file through `open_xml_source`, which

* refuses missing, unreadable and empty files with a clear `InputError`;
* transparently decompresses gzip (by magic number, whatever the file name);
* scans the prolog (XML declaration and DOCTYPE) before parsing and refuses any entity
  declaration: internal entities are how "billion laughs" attacks work, external ones how
  files on disk or the network leak. tmkit never needs either.

The parser itself is lxml with entity resolution, DTD loading and network access turned off
(`SAFE_PARSER_OPTIONS`), so even a declaration the scan missed is never expanded.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from tmkit.errors import InputError

SAFE_PARSER_OPTIONS: dict[str, object] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

_PROLOG_LIMIT = 1 << 20  # a DOCTYPE longer than 1 MiB is refused outright
_ENCODING_DECL = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ENTITY_DECL = re.compile(r"<!ENTITY\s+(%\s+)?([^\s>]+)")
_ROOT_START = re.compile(r"<(?![?!])([A-Za-z_][\w.:-]*)")

ProgressCallback = Callable[[int, int], None]


class _CountingReader(io.RawIOBase):
    """Wraps a binary file and reports how many bytes of the underlying file were read."""

    def __init__(self, inner: BinaryIO, raw: BinaryIO, total: int, callback: ProgressCallback):
        self._inner = inner
        self._raw = raw
        self._total = total
        self._callback = callback

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._inner.read(size)
        self._callback(self._raw.tell(), self._total)
        return data

    def readinto(self, buffer):  # type: ignore[no-untyped-def]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


@dataclass
class XmlSource:
    """An opened, checked input: the stream to parse and what was learnt about it."""

    path: str
    stream: BinaryIO
    size: int
    compressed: bool
    encoding: str  # as sniffed; lxml does its own decoding from the declaration/BOM
    root: str | None = None  # the root element's name, read from the first MiB
    root_line: int | None = None

    def close(self) -> None:
        self.stream.close()


def sniff_encoding(head: bytes) -> str:
    """The encoding of an XML document from its first bytes (BOM, NUL pattern, declaration)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    if head[:2] == b"<\x00":
        return "utf-16-le"
    if head[:2] == b"\x00<":
        return "utf-16-be"
    m = _ENCODING_DECL.search(head[:200])
    return m.group(1).decode("ascii").lower() if m else "utf-8"


def _decode_prolog(head: bytes, encoding: str) -> str:
    try:
        return head.decode(encoding, errors="replace").lstrip("\ufeff")
    except LookupError:
        return head.decode("utf-8", errors="replace")


def check_prolog(path: str, head: bytes) -> tuple[str, str | None, int | None]:
    """Refuse entity declarations before the root element.

    Returns the sniffed encoding, the root element's name and its line (None when the root is
    not within the first MiB)."""
    encoding = sniff_encoding(head)
    text = _decode_prolog(head, encoding)
    root = _ROOT_START.search(text)
    prolog = text[: root.start()] if root else text
    m = _ENTITY_DECL.search(prolog)
    if m:
        line = prolog.count("\n", 0, m.start()) + 1
        kind = "parameter entity" if m.group(1) else "entity"
        raise InputError(
            f"the DOCTYPE declares an XML {kind} ({m.group(2)}); tmkit refuses entity "
            "declarations because they can expand without limit or read other files",
            path=path,
            line=line,
            hint="remove the <!ENTITY> declarations; TMX and TBX files never need them",
        )
    if root is None and len(head) >= _PROLOG_LIMIT:
        raise InputError(
            "no root element in the first MiB: the prolog (DOCTYPE) is suspiciously long",
            path=path,
            hint="check that this is really an XML file",
        )
    if root is None:
        return encoding, None, None
    return encoding, root.group(1), text.count("\n", 0, root.start()) + 1


def open_xml_source(path: str | os.PathLike[str], progress: ProgressCallback | None = None) -> XmlSource:
    """Open `path` for streaming XML parsing after the safety checks above."""
    spath = os.fspath(path)
    try:
        raw: BinaryIO = open(spath, "rb")  # noqa: SIM115 - handed to the caller
    except FileNotFoundError:
        raise InputError("no such file", path=spath) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=spath) from None
    except OSError as e:
        raise InputError(f"cannot open: {e.strerror}", path=spath) from None
    size = os.fstat(raw.fileno()).st_size
    magic = raw.read(2)
    raw.seek(0)
    compressed = magic == b"\x1f\x8b"
    stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
    try:
        head = stream.read(_PROLOG_LIMIT)
    except (OSError, EOFError) as e:
        raw.close()
        raise InputError(f"cannot decompress: {e}", path=spath) from None
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raw.close()
        what = "an empty compressed file" if compressed else "an empty file"
        raise InputError(
            f"{what} ({size} bytes): there is nothing to read",
            path=spath,
            hint="check that the export that made it finished",
        )
    try:
        encoding, root, root_line = check_prolog(spath, head)
    except InputError:
        raw.close()
        raise
    stream.seek(0)
    if progress is not None:
        stream = io.BufferedReader(_CountingReader(stream, raw, size, progress), 1 << 16)  # type: ignore[arg-type]
    return XmlSource(spath, stream, size, compressed, encoding, root, root_line)


def syntax_error(path: str, err: etree.XMLSyntaxError, encoding: str) -> InputError:
    """Turn lxml's syntax error into an InputError that says where and what to do."""
    msg = (err.msg or str(err)).strip()
    # lxml appends ", line N, column M" to some messages; the location is given separately.
    msg = re.sub(r",? line \d+, column \d+$", "", msg)
    hint = "the file is not well-formed XML; fix it or export it again from its tool"
    lowered = msg.lower()
    if "encoding" in lowered or "utf-8" in lowered or "bytes:" in lowered:
        hint = (
            f"the bytes do not match the declared encoding ({encoding}); convert the file "
            "(e.g. iconv -f GBK -t UTF-8) or fix its XML declaration"
        )
    elif "entity" in lowered:
        hint = "entities other than &lt; &gt; &amp; &quot; &apos; are not allowed"
    line, column = err.position if err.position else (err.lineno, err.offset)
    return InputError(f"not well-formed XML: {msg}", path=path, line=line, column=column, hint=hint)
