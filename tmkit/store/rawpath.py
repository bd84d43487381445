"""The raw path: common units read straight from the text of a UTF-8 TMX file, without lxml trees.

`raw_units(reader, quick, full)` yields what `reader.convert(quick, full)` yields, one value per
`<tu>`, in order, but builds no tree for the common unit. How it stays exact:

* **lxml still checks every byte.** The whole file is fed to an lxml parser with the reader's
  options and a target without callbacks: it builds nothing but finds every well-formedness
  error, and its error (file, line, column) is the one raised, as the tree path would. Units
  read before an error are rolled back with the import, as on the tree path.
* **The head is lxml's.** Everything before the first `<tu` (prolog, `<tmx>`, `<header>`,
  `<body>`) is parsed by lxml as a document of its own (closed with `</body></tmx>`) and read by
  the reader's own code. Anything unusual there (namespaces, an internal DTD subset, something
  else than `<header>` then `<body>`) and the raw path is not used.
* **A unit is only read from its text when its form leaves no room for doubt:** `UNIT` below,
  i.e. `<tu>` with plain attributes, `<note>`/`<prop type>` children without attributes, and two
  `<tuv xml:lang="..."><seg>text</seg></tuv>`, where no value holds a character or entity
  reference other than the five predefined ones, no attribute value a tab or line end
  (attribute-value normalisation), and no segment markup, CDATA or comment (the text may not
  contain `<`). Line ends are normalised like XML does (CRLF to LF; a lone CR gives up).
  Its values then go through the same checks and helpers as `FastPath` (`FastPath.unit_head`,
  language cache, mojibake test, `dump_notes`/`dump_props`).
* **Any other `<tu>`** is cut out (up to the first `</tu>` after it: no comment, CDATA or
  attribute can hide one, since those would not be well-formed) and parsed by lxml on its own,
  then read by `quick` and `full` exactly like on the tree path, with its issues' lines moved
  to where the unit is in the file.
* **Anything else gives up:** a `<tu>` that lxml cannot parse on its own (it may need the
  document's DTD, or the cut was wrong), something between units that is not whitespace, bytes
  that are not UTF-8, an odd end of file. Giving up re-reads the file on the tree path from the
  start, skipping the units already yielded: the result is always the tree path's.

tests/test_rawpath.py checks that the rows are those of the tree path on every fixture, on
edge cases, on hypothesis-generated units and on malformed files (same error, same position).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from lxml import etree

from tmkit.formats.source import _ENCODING_DECL, SAFE_PARSER_OPTIONS, syntax_error
from tmkit.formats.tmx.inline import ALLOWED_ATTRS, CHAR_PH_TYPE
from tmkit.formats.tmx.reader import ReadItem, TmxReader, UnitIssue
from tmkit.model import Note, Prop
from tmkit.store.codec import dump_notes, dump_props
from tmkit.store.rows import FastPath, Prepared
from tmkit.text.mojibake import looks_like_mojibake
from tmkit.text.xmlchars import escape_text

T = TypeVar("T")

CHUNK = 1 << 20  # bytes read at a time
_HEAD_LIMIT = 16 << 20  # a head (prolog and header) longer than this goes the tree path
_SPAN_LIMIT = 1 << 20  # a <tu> longer than this is parsed by lxml (its size limits apply)

_WS = "[ \t\n]"
_NAME = "(?!xmlns)[A-Za-z_][A-Za-z0-9._-]*"  # no namespace declarations, no prefixes
_VALUE = '"[^"<&\t\n]*"'
_BLOCK = '(?:<note>[^<]*</note>|<prop type="[^"<&\t\n]*">[^<]*</prop>)'
_TUV = '<tuv xml:lang="([^"<&\t\n]+)"><seg>([^<]+)</seg></tuv>'
UNIT = re.compile(
    f"{_WS}*<tu((?:{_WS}+{_NAME}{_WS}*={_WS}*{_VALUE})*){_WS}*>"
    f"((?:{_WS}*{_BLOCK})*){_WS}*{_TUV}{_WS}*{_TUV}((?:{_WS}*{_BLOCK})*){_WS}*</tu>"
)
# the same with inline codes in the segments: <bpt|ept|it|ph|ut attr="...">native code</...>, where
# the code is plain text (no <sub>) and the attributes are plain; no <hi>
_CODE = '<(?:bpt|ept|it|ph|ut)(?:[ \t\n]+[a-z]+="[^"<>&\t\n]*")*>[^<]+</(?:bpt|ept|it|ph|ut)>'
_TUV_CODES = f'<tuv xml:lang="([^"<&\t\n]+)"><seg>([^<]*(?:{_CODE}[^<]*)*)</seg></tuv>'
UNIT_CODES = re.compile(
    f"<tu((?:{_WS}+{_NAME}{_WS}*={_WS}*{_VALUE})*){_WS}*>"
    f"((?:{_WS}*{_BLOCK})*){_WS}*{_TUV_CODES}{_WS}*{_TUV_CODES}((?:{_WS}*{_BLOCK})*){_WS}*</tu>"
)
_CODE_PARTS = re.compile('<(bpt|ept|it|ph|ut)((?:[ \t\n]+[a-z]+="[^"]*")*)>([^<]+)</([a-z]+)>')
_ATTR = re.compile(f'({_NAME}){_WS}*={_WS}*"([^"]*)"')
# the <tu> attributes as tmkit's writer writes them (those it promotes to columns, in its order,
# one space apart), with valid dates: read in one match. Anything else goes through unit_head.
_TMX_DATE = r"\d{8}T\d{6}Z"  # tmkit.formats.tmx.reader.TMX_DATE, without anchors
_PLAIN = '"([^"<&\t\n]*)"'
_COMMON_HEAD = re.compile(
    f'(?: tuid={_PLAIN})?(?: creationdate="({_TMX_DATE})")?(?: creationid={_PLAIN})?'
    f'(?: changedate="({_TMX_DATE})")?(?: changeid={_PLAIN})?'
)
_BLOCKS = re.compile('<note>([^<]*)</note>|<prop type="([^"]*)">([^<]*)</prop>')
_BAD_AMP = re.compile("&(?!(?:lt|gt|amp|quot|apos);)")  # a reference the raw path does not decode
_SKIP_WS = re.compile("[ \t\n]*")
_TU_END = re.compile("</tu[ \t\n]*>")
_TAIL = re.compile("</body[ \t\n]*>[ \t\n]*</tmx[ \t\n]*>")
_HEAD_END = re.compile(rb"<tu[ \t\n\r>]")
_NO_EXTRAS = (None, None)
_EXTRAS_CACHED = 4096


class GiveUp(Exception):
    """The raw path cannot read this file (further) exactly: use the tree path."""


class _NoEvents:
    """A parser target that wants no events: lxml only checks the document."""

    def close(self) -> None:
        return None


def _unescape(text: str) -> str | None:
    """The text of `text` (character data between tags), or None if it holds a reference other
    than the five predefined entities."""
    if _BAD_AMP.search(text) is not None:
        return None
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def usable(reader: TmxReader) -> bool:
    """Whether the raw path may read this file at all (UTF-8 only)."""
    return reader.source.encoding == "utf-8"


def raw_units(
    reader: TmxReader,
    fast_path: FastPath,
    quick: Callable[[etree._Element], T | None],
    full: Callable[[ReadItem], T],
    build: Callable[[Prepared], T],
) -> Iterator[T]:
    """One value per `<tu>` of `reader`'s file, as `reader.convert(quick, full)` gives; units read
    from their text become `build(rows)`."""
    done = 0
    scan = _Scan(reader, fast_path, quick, full, build)
    try:
        for value in scan.units():
            done += 1
            yield value
    except GiveUp:
        reader.restart()
        yield from reader.convert(quick, full, skip=done)


class _Scan:
    def __init__(
        self,
        reader: TmxReader,
        fast_path: FastPath,
        quick: Callable[[etree._Element], T | None],
        full: Callable[[ReadItem], T],
        build: Callable[[Prepared], T],
    ) -> None:
        self.reader = reader
        self.fast_path = fast_path
        self.quick = quick
        self.full = full
        self.build = build
        self.stream = reader.source.stream
        self.check = etree.XMLParser(target=_NoEvents(), **SAFE_PARSER_OPTIONS)
        self.fragments = etree.XMLParser(**SAFE_PARSER_OPTIONS)
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.extras_cache: dict[str, tuple[str | None, str | None] | None] = {}
        self.eof = False
        self.held_cr = False  # the previous chunk ended in CR (its LF may follow)

    # -- input ---------------------------------------------------------------------------------

    def _feed(self, data: bytes) -> None:
        try:
            self.check.feed(data)
        except etree.XMLSyntaxError as err:
            raise syntax_error(self.reader.path, err, self.reader.source.encoding) from None

    def _read(self) -> bytes:
        data = self.stream.read(CHUNK)
        if data:
            self._feed(data)
        else:
            self.eof = True
            try:
                self.check.close()
            except etree.XMLSyntaxError as err:
                raise syntax_error(self.reader.path, err, self.reader.source.encoding) from None
        return data

    def _text(self, data: bytes) -> str:
        """Decoded text with XML's line-end normalisation."""
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise GiveUp from None  # lxml reports it (or the tree path does)
        if self.held_cr:
            text = "\r" + text
            self.held_cr = False
        if "\r" in text:
            if text.endswith("\r") and data:
                text = text[:-1]
                self.held_cr = True
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                raise GiveUp  # a lone CR: rare, and line numbers would need care
        return text

    # -- the head ------------------------------------------------------------------------------

    def _head(self) -> tuple[str, int]:
        """Read the head with lxml; return the decoded rest of the data read and the line where
        that rest starts."""
        data = b""
        while True:
            more = self._read()
            if not more:
                raise GiveUp  # no unit at all: the tree path says what the file is
            data += more
            m = _HEAD_END.search(data)
            if m is not None:
                break
            if len(data) > _HEAD_LIMIT:
                raise GiveUp
        cut = m.start()
        head = data[:cut]
        declared = _ENCODING_DECL.search(head[:200])
        if declared is not None and declared.group(1).lower() != b"utf-8":
            raise GiveUp  # a BOM and a declaration that disagree, or "UTF8": lxml's to decide
        root_at = head.find(b"<tmx")
        if root_at < 0 or b"[" in head[:root_at]:
            raise GiveUp  # no <tmx> where expected, or an internal DTD subset
        try:
            root = etree.fromstring(head + b"</body></tmx>", etree.XMLParser(**SAFE_PARSER_OPTIONS))
        except etree.XMLSyntaxError:
            raise GiveUp from None
        children = [c for c in root if isinstance(c.tag, str)]
        if (
            root.tag != "tmx"
            or root.nsmap
            or [c.tag for c in children] != ["header", "body"]
            or len(children[1])
            or (children[1].text or "").strip(" \t\r\n")
        ):
            raise GiveUp
        header = children[0]
        if any(el is not header for el in header.iter("header", "tu")):
            raise GiveUp
        self.reader._check_root(header)
        self.reader._read_header(header)
        return self._text(data[cut:]), head.count(b"\n") + 1

    # -- units ---------------------------------------------------------------------------------

    def units(self) -> Iterator[T]:
        buf, line = self._head()
        line_at = 0  # `line` is the line of buf[line_at]
        srclang = self.reader.header.srclang
        fast = self.fast_path
        lang_of = fast._lang
        head_of = fast.unit_head
        build = self.build
        match = UNIT.match
        findall = _ATTR.findall
        common_head = _COMMON_HEAD.fullmatch
        pos = 0
        no_head = (None, srclang, None, None, None, None, None)
        while True:
            m = match(buf, pos)
            if m is not None:
                # the common unit, read here for speed: the same checks as _with_codes
                attrs, pre, lang1, text1, lang2, text2, post = m.groups()
                if not attrs:
                    head = no_head
                else:
                    common = common_head(attrs)
                    if common is not None:
                        tuid, cdate, cid, chdate, chid = common.groups()
                        head = (tuid, srclang, cdate, cid, chdate, chid, None)
                    else:
                        head = head_of(dict(findall(attrs)), srclang)
                lang = lang_of(lang1)
                lang_b = lang_of(lang2)
                if "&" in text1:
                    text1 = _unescape(text1)
                if "&" in text2:
                    text2 = _unescape(text2)
                extras = self._extras(pre + post) if pre or post else _NO_EXTRAS
                if (
                    head is not None
                    and lang is not None
                    and lang_b is not None
                    and text1
                    and text2
                    and extras is not None
                    and (lang[:2] != "zh" or not looks_like_mojibake(text1))
                    and (lang_b[:2] != "zh" or not looks_like_mojibake(text2))
                ):
                    yield build(
                        (
                            (*head, *extras),
                            [
                                (0, lang, lang1, text1, None, None, None, None),
                                (1, lang_b, lang2, text2, None, None, None, None),
                            ],
                        )
                    )
                    pos = m.end()
                    continue
            # anything else: another kind of unit, the end of the body, or more to read
            start = _SKIP_WS.match(buf, pos).end()  # type: ignore[union-attr]
            end = None
            if buf.startswith("<tu", start) and len(buf) > start + 3:
                if buf[start + 3] not in " \t\n>":
                    raise GiveUp
                e = _TU_END.search(buf, start)
                if e is not None:
                    end = e.end()
            elif buf.startswith("</body", start):
                self._tail(buf[start:])
                return
            elif len(buf) - start >= 6:
                raise GiveUp  # neither a unit nor the end of the body
            if end is None:  # the unit (or the end) is not all in `buf` yet
                if self.eof or len(buf) - start > _SPAN_LIMIT:
                    raise GiveUp  # truncated, or a huge unit: lxml's limits apply to it
                line += buf.count("\n", line_at, pos)
                line_at = 0
                buf = buf[pos:] + self._text(self._read())
                pos = 0
                continue
            m = UNIT_CODES.match(buf, start, end)
            if m is not None and m.end() == end:
                value = self._with_codes(m.groups(), srclang)
                if value is not None:
                    yield build(value)
                    pos = end
                    continue
            line += buf.count("\n", line_at, start)
            line_at = start
            yield self._fragment(buf[start:end], line)
            pos = end

    def _extras(self, blocks: str) -> tuple[str | None, str | None] | None:
        """(notes, props) columns of a unit's <note>/<prop> blocks; None if they need lxml.
        Cached: the same few notes and props recur throughout a memory."""
        try:
            return self.extras_cache[blocks]
        except KeyError:
            pass
        read = _blocks(blocks)
        extras = None
        if read is not None:
            notes, props = read
            extras = (dump_notes(notes) if notes else None, dump_props(props) if props else None)
        if len(self.extras_cache) >= _EXTRAS_CACHED:
            self.extras_cache.clear()
        self.extras_cache[blocks] = extras
        return extras

    def _with_codes(self, groups: tuple[str, ...], srclang: str | None) -> Prepared | None:
        """Prepared rows for a unit that matched UNIT_CODES, or None to read it as a fragment."""
        attrs, pre, lang1, content1, lang2, content2, post = groups
        fast = self.fast_path
        head = fast.unit_head(dict(_ATTR.findall(attrs)), srclang) if attrs else (None, srclang) + (None,) * 5
        if head is None:
            return None
        variants = []
        for pos, lang_raw, content in ((0, lang1, content1), (1, lang2, content2)):
            lang = fast._lang(lang_raw)
            if lang is None:
                return None
            if "<" in content:
                read = _segment(content)
                if read is None:
                    return None
                text, markup = read
            else:
                text, markup = (_unescape(content) if "&" in content else content), None
                if not text:
                    return None
            if lang[:2] == "zh" and looks_like_mojibake(text):
                return None
            variants.append((pos, lang, lang_raw, text, markup, None, None, None))
        extras = self._extras(pre + post) if pre or post else _NO_EXTRAS
        if extras is None:
            return None
        return (*head, *extras), variants

    def _fragment(self, span: str, line: int) -> T:
        """A unit that is not of the simple form: parsed by lxml on its own."""
        if len(span) > _SPAN_LIMIT:
            raise GiveUp
        try:
            tu = etree.fromstring(span, self.fragments)
        except etree.XMLSyntaxError:
            raise GiveUp from None
        value = self.quick(tu)
        if value is not None:
            return value
        item = self.reader._read_tu(tu)
        if line != 1:
            shift = line - 1
            item.issues = [_moved(i, shift) for i in item.issues]
            item.line = None if item.line is None else item.line + shift
        return self.full(item)

    def _tail(self, rest: str) -> None:
        """After the last unit: `</body></tmx>`, then whatever lxml accepts after the root."""
        while not self.eof:
            rest += self._text(self._read())
            if len(rest) > _HEAD_LIMIT:
                raise GiveUp
        if _TAIL.match(rest) is None:
            raise GiveUp


def _blocks(text: str) -> tuple[list[Note], list[Prop]] | None:
    notes: list[Note] = []
    props: list[Prop] = []
    for m in _BLOCKS.finditer(text):
        if m.group(1) is not None:
            value = _unescape(m.group(1)) if "&" in m.group(1) else m.group(1)
            if value is None:
                return None
            notes.append(Note(value))
        else:
            ptype, ptext = m.group(2), m.group(3)
            if "&" in ptext:
                ptext = _unescape(ptext)
                if ptext is None:
                    return None
            props.append(Prop(ptype, ptext))
    return notes, props


def _segment(content: str) -> tuple[str, str] | None:
    """(text, markup) of a segment's content with inline codes, as `read_segment` gives them;
    None when it would warn or when the content needs lxml (a tmkit character placeholder)."""
    text: list[str] = []
    markup: list[str] = []
    at = 0
    for m in _CODE_PARTS.finditer(content):
        if m.start() > at:
            piece = content[at : m.start()]
            if "&" in piece:
                piece = _unescape(piece)  # type: ignore[assignment]
                if piece is None:
                    return None
            text.append(piece)
            markup.append(escape_text(piece))
        tag, attrs, code, closing = m.groups()
        if closing != tag:
            return None
        allowed = ALLOWED_ATTRS[tag]
        markup.append(f"<{tag}")
        for name, value in _ATTR.findall(attrs):
            if name not in allowed or value == CHAR_PH_TYPE:
                return None  # a warning, or a character placeholder: lxml's way
            markup.append(f' {name}="{value}"')  # the value needs no escaping (see _CODE)
        if "&" in code:
            code = _unescape(code)  # type: ignore[assignment]
            if code is None:
                return None
        markup.append(f">{escape_text(code)}</{tag}>")
        at = m.end()
    if at < len(content):
        piece = content[at:]
        if "&" in piece:
            piece = _unescape(piece)  # type: ignore[assignment]
            if piece is None:
                return None
        text.append(piece)
        markup.append(escape_text(piece))
    return "".join(text), "".join(markup)


def _moved(issue: UnitIssue, shift: int) -> UnitIssue:
    if issue.line is None:
        return issue
    return UnitIssue(issue.severity, issue.code, issue.message, issue.line + shift, issue.tuid)
