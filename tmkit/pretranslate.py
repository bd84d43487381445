"""Pre-translation: fill a file's targets from the memory (`tmkit pretranslate IN OUT`).

The file is read as a list of source segments (`read_document`), each is looked up in the memory
with `tmkit.matching.Matcher` (the one match % of `tmkit.fuzzy`, with the previous and next source
segments as context so that 101 matches happen, and the segment's inline codes so that tag
differences cost), and the best match is written back into a copy of the file:

* **XLIFF 1.2** (read and written with lxml, entities never expanded, nothing fetched): an exact
  match (100 or 101) becomes `<target state="translated" state-qualifier="exact-match">`, a fuzzy
  one `<target state="needs-review-translation" state-qualifier="fuzzy-match">`; every filled unit
  also gets an `<alt-trans match-quality="87.5" origin="tmkit">` with the memory's source and
  target, so the score travels with the file. A source with inline codes gets the memory's plain
  translation; the codes are not carried over, so even an exact match is then written as
  `needs-review-translation` (a reviewer places the codes). Everything else in the file (notes,
  attributes, other alt-trans, groups, comments, encoding, line ends) is left as it was.
* **PO** (translate-toolkit): exact -> msgstr; fuzzy -> msgstr plus the `fuzzy` flag and a
  translator comment `tmkit: fuzzy match 87.5% from ORIGIN`. Plural entries are left alone.
* **Plain text**: cut into sentences by tmkit's segmenter (`tmkit.segmenting.segment_path`; a file
  that is already one sentence per line is read line by line) and every matched sentence is
  replaced in place by its translation; what lies between sentences is kept.

Existing targets are kept unless `overwrite`. Nothing here prints; errors are `tmkit.errors`.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tmkit.errors import InputError, UsageError
from tmkit.formats.atomic import atomic_write_bytes
from tmkit.formats.source import check_prolog, sniff_encoding
from tmkit.fuzzy import profile
from tmkit.text.langtags import normalize_lang

__all__ = [
    "BANDS",
    "Document",
    "Options",
    "Report",
    "Segment",
    "SegmentResult",
    "counts_of",
    "detect_format",
    "pretranslate_file",
    "read_document",
    "render_text",
]

FORMATS = ("xliff", "po", "text")
BANDS = ("101", "100", "fuzzy", "none", "kept")
"""Pre-translation bands: context match, exact match, fuzzy match written, no match (at or above
the threshold), existing target kept."""

_XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
_PO_SUFFIXES = (".po", ".pot")
_TEXT_SUFFIXES = (".txt", ".text")
_CODE_ELEMENTS = frozenset({"g", "x", "bx", "ex", "ph", "bpt", "ept", "it", "hi", "sub", "mrk"})
_CODE_CONTENT = frozenset({"bpt", "ept", "ph", "it"})  # their content is native code, not text
_WS = re.compile(r"\s+")
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# -- counting -------------------------------------------------------------------------------------


def counts_of(text: str) -> tuple[int, int]:
    """(words, characters) of a source segment, the CAT-tool way (docs/reference/analyze.md):
    words are the words of the match score (`tmkit.fuzzy.Profile.words`): a run of Latin letters
    or digits is one word, a number with its separators one word, every Han character one word;
    punctuation is not a word. Characters are every character that is not white space."""
    return len(profile(text).words), sum(1 for ch in text if not ch.isspace())


# -- the document model ---------------------------------------------------------------------------


@dataclass
class Segment:
    """One source segment of a file, in document order."""

    sid: str  # XLIFF trans-unit id, PO msgid position "entry N", text "N" (sentence number)
    line: int
    source: str  # plain text (inline codes left out, their content too for bpt/ept/ph/it)
    source_lang: str
    target_lang: str
    codes: tuple[str, ...] = ()
    target: str = ""  # the target already in the file
    handle: Any = None  # the XLIFF element, PO unit or text span behind it

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """What makes two segments repetitions of each other: the same text (white space
        collapsed) and the same inline codes."""
        return _WS.sub(" ", self.source).strip(), self.codes


@dataclass
class Document:
    path: str
    kind: str  # xliff, po, text
    segments: list[Segment]
    source_lang: str
    target_lang: str
    writer: Callable[[list[tuple[Segment, Any]]], bytes] | None = None
    skipped: int = 0  # units left out: translate="no", empty source, plural PO entries


def detect_format(path: str, given: str | None = None) -> str:
    """xliff, po or text: `given` when set, else from the extension, else from the content."""
    if given is not None:
        g = given.lower()
        if g in ("xlf", "xliff"):
            return "xliff"
        if g in ("po", "pot"):
            return "po"
        if g in ("txt", "text"):
            return "text"
        raise UsageError(f"unknown input format {given!r}: use xliff, po or text")
    suffix = Path(path).suffix.lower()
    if suffix in _XLIFF_SUFFIXES:
        return "xliff"
    if suffix in _PO_SUFFIXES:
        return "po"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as e:
        raise InputError(f"cannot open: {e.strerror}", path=path) from None
    text = head.decode(sniff_encoding(head), errors="replace")
    if "<xliff" in text:
        return "xliff"
    if re.search(r"(?m)^msgid\s", text):
        return "po"
    raise UsageError(
        f"{path}: cannot tell the format (not XLIFF, not PO, and not named .txt); "
        "name it .xlf, .po or .txt, or give --format xliff|po|text"
    )


def _lang(tag: str | None) -> str | None:
    if not tag:
        return None
    return normalize_lang(tag.replace("_", "-"))


def _other(lang: str) -> str:
    return "en" if lang.lower().startswith("zh") else "zh-CN"


def _detected(texts: Sequence[str]) -> str:
    from tmkit.text.segment import detect_lang

    return "zh-CN" if detect_lang(" ".join(texts[:200])) == "zh" else "en"


# -- XLIFF ----------------------------------------------------------------------------------------


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _plain(el: Any) -> tuple[str, tuple[str, ...]]:
    """The text of a source/target element without its inline codes, and the codes' names."""
    parts: list[str] = [el.text or ""]
    codes: list[str] = []

    def walk(parent: Any) -> None:
        for child in parent:
            name = _local(child)
            if name in _CODE_ELEMENTS:
                codes.append(name)
                if name not in _CODE_CONTENT:
                    parts.append(child.text or "")
                    walk(child)
            elif name:  # an unknown element: keep its text
                parts.append(child.text or "")
                walk(child)
            parts.append(child.tail or "")

    walk(el)
    return "".join(parts), tuple(codes)


_PARSER_OPTIONS: dict[str, object] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}


def _read_xliff(path: str, source_lang: str | None, target_lang: str | None) -> Document:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise InputError(f"cannot open: {e.strerror}", path=path) from None
    if not data.strip(b"\x00\xef\xbb\xbf\xff\xfe \t\r\n"):
        raise InputError("an empty file: there is nothing to translate", path=path)
    encoding, _root, _line = check_prolog(path, data[: 1 << 20])
    try:
        tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS)))  # type: ignore[arg-type]
    except etree.XMLSyntaxError as e:
        line, column = e.position if e.position else (None, None)
        raise InputError(
            f"not well-formed XML: {e.msg}",
            path=path,
            line=line,
            column=column,
            hint="check that the file is complete and in the encoding its declaration names",
        ) from None
    root = tree.getroot()
    if _local(root) != "xliff":
        raise InputError(f"not an XLIFF file: the root element is <{_local(root)}>", path=path)
    version = root.get("version")
    if version is not None and not version.startswith("1."):
        raise InputError(f"XLIFF {version} is not supported: tmkit reads XLIFF 1.2", path=path)
    segments: list[Segment] = []
    skipped = 0
    first_src = first_tgt = None
    for file_el in (el for el in root.iter() if _local(el) == "file"):
        src = source_lang or _lang(file_el.get("source-language"))
        tgt = target_lang or _lang(file_el.get("target-language"))
        pending: list[Segment] = []
        for tu in (el for el in file_el.iter() if _local(el) == "trans-unit"):
            source_el = next((c for c in tu if _local(c) == "source"), None)
            if source_el is None or tu.get("translate", "yes") == "no":
                skipped += 1
                continue
            text, codes = _plain(source_el)
            if not text.strip():
                skipped += 1
                continue
            target_el = next((c for c in tu if _local(c) == "target"), None)
            existing = _plain(target_el)[0] if target_el is not None else ""
            seg = Segment(
                tu.get("id") or f"unit {len(segments) + 1}",
                tu.sourceline or 1,
                text,
                src or "",
                tgt or "",
                codes,
                existing,
                tu,
            )
            pending.append(seg)
        if src is None and pending:
            src = _detected([s.source for s in pending])
        for seg in pending:
            seg.source_lang = seg.source_lang or src or "en"
            seg.target_lang = seg.target_lang or tgt or _other(seg.source_lang)
        if first_src is None and pending:
            first_src, first_tgt = pending[0].source_lang, pending[0].target_lang
        segments.extend(pending)
    decl = _XML_DECL.match(data.decode(encoding, errors="replace")) if encoding else None
    crlf = b"\r\n" in data[:4096] or "\r\n".encode(encoding, errors="ignore") in data[:4096]

    def write(filled: list[tuple[Segment, Any]]) -> bytes:
        for seg, result in filled:
            _fill_xliff(seg, result)
        out_encoding = tree.docinfo.encoding or "UTF-8"
        body = etree.tostring(tree, encoding=out_encoding, xml_declaration=False).decode(out_encoding)
        head = decl.group().lstrip("\ufeff").lstrip() if decl else f'<?xml version="1.0" encoding="{out_encoding}"?>'
        text = head + "\n" + body + "\n"
        if crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        bom = data.startswith(b"\xef\xbb\xbf") or data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")
        enc = out_encoding.lower().replace("_", "-")
        if bom and enc in ("utf-8", "utf8"):
            return b"\xef\xbb\xbf" + text.encode("utf-8")
        if bom and enc == "utf-16":
            return text.encode("utf-16")
        return text.encode(out_encoding)

    return Document(
        path, "xliff", segments, first_src or source_lang or "en", first_tgt or target_lang or "", write, skipped
    )


def _fill_xliff(seg: Segment, result: SegmentResult) -> None:
    tu = seg.handle
    ns = etree.QName(tu).namespace
    q = (lambda n: f"{{{ns}}}{n}") if ns else (lambda n: n)
    source_el = next(c for c in tu if _local(c) == "source")
    anchor = next((c for c in tu if _local(c) == "seg-source"), source_el)
    indent = source_el.tail if source_el.tail is not None and not source_el.tail.strip() else None
    target_el = next((c for c in tu if _local(c) == "target"), None)
    if target_el is None:
        target_el = etree.Element(q("target"))
        anchor.addnext(target_el)
    else:
        for child in list(target_el):
            target_el.remove(child)
    target_el.text = result.target
    target_el.tail = indent
    exact = result.band in ("101", "100")
    target_el.set("state", "translated" if exact and not seg.codes else "needs-review-translation")
    target_el.set("state-qualifier", "exact-match" if exact else "fuzzy-match")
    target_el.set(_XML_LANG, result.target_lang or seg.target_lang)
    alt = etree.Element(q("alt-trans"))
    alt.set("match-quality", f"{result.score:g}")
    alt.set("origin", f"tmkit: {result.origin}" if result.origin else "tmkit")
    inner = indent + "  " if indent else None
    alt.text = inner
    alt_src = etree.SubElement(alt, q("source"))
    alt_src.set(_XML_LANG, result.memory_source_lang or seg.source_lang)
    alt_src.text = result.memory_source
    alt_src.tail = inner
    alt_tgt = etree.SubElement(alt, q("target"))
    alt_tgt.set(_XML_LANG, result.target_lang or seg.target_lang)
    alt_tgt.text = result.target
    alt_tgt.tail = indent
    alt.tail = indent
    target_el.addnext(alt)


# -- PO -------------------------------------------------------------------------------------------


def _read_po(path: str, source_lang: str | None, target_lang: str | None) -> Document:
    from translate.storage.po import pofile

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise InputError(f"cannot open: {e.strerror}", path=path) from None
    if not data.strip():
        raise InputError("an empty file: there is nothing to translate", path=path)
    try:
        store = pofile.parsestring(data)
    except Exception as e:  # translate-toolkit raises many kinds; all mean "cannot read"
        msg = str(e).strip() or type(e).__name__
        raise InputError(
            f"cannot read as PO: {msg}", path=path, hint="check the file is complete and its charset header is right"
        ) from None
    lines = [n for n, row in enumerate(data.splitlines(), 1) if row.startswith(b"msgid ")]
    tgt = target_lang or _lang(store.gettargetlanguage())
    segments: list[Segment] = []
    skipped = 0
    live = 0
    for n, unit in enumerate(store.units, 1):
        if unit.isobsolete():
            continue
        line = lines[live] if live < len(lines) else 1
        live += 1
        if unit.isheader():
            continue
        source = str(unit.source or "")
        if unit.hasplural() or not source.strip():
            skipped += 1
            continue
        segments.append(Segment(f"entry {n}", line, source, "", "", (), str(unit.target or ""), unit))
    src = source_lang or _lang(store.getsourcelanguage() if store.getsourcelanguage() != "en" else None)
    if src is None:
        src = _detected([s.source for s in segments]) if segments else "en"
    tgt = tgt or _other(src)
    for seg in segments:
        seg.source_lang, seg.target_lang = src, tgt

    def write(filled: list[tuple[Segment, Any]]) -> bytes:
        for seg, result in filled:
            unit = seg.handle
            unit.target = result.target
            if result.band in ("101", "100"):
                unit.markfuzzy(False)
            else:
                unit.markfuzzy(True)
                origin = f" from {result.origin}" if result.origin else ""
                unit.addnote(f"tmkit: fuzzy match {result.score:g}%{origin}", origin="translator")
        return bytes(store)

    return Document(path, "po", segments, src, tgt, write, skipped)


# -- plain text -----------------------------------------------------------------------------------


def _read_text(path: str, source_lang: str | None, target_lang: str | None) -> Document:
    from tmkit.segmenting import segment_path

    code = None
    if source_lang:
        code = "zh" if source_lang.lower().startswith("zh") else "en"
    doc = segment_path(path, lang=code, lines=None)
    if source_lang:
        src = source_lang
    elif doc.lang:
        src = "zh-CN" if doc.lang == "zh" else "en"
    else:
        src = _detected([s.text for p in doc.paragraphs for s in p])
    tgt = target_lang or _other(src)
    starts = [0]
    for m in re.finditer("\n", doc.text):
        starts.append(m.end())
    import bisect

    segments = [
        Segment(str(i), bisect.bisect_right(starts, s.start), s.text, src, tgt, (), "", (s.start, s.end))
        for i, s in enumerate((s for p in doc.paragraphs for s in p), 1)
    ]

    def write(filled: list[tuple[Segment, Any]]) -> bytes:
        text = doc.text
        for seg, result in sorted(filled, key=lambda f: f[0].handle[0], reverse=True):
            start, end = seg.handle
            text = text[:start] + result.target + text[end:]
        return text.encode("utf-8")

    return Document(path, "text", segments, src, tgt, write)


def read_document(
    path: str | os.PathLike[str],
    *,
    file_format: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Document:
    """The source segments of an XLIFF 1.2, PO or text file, with the languages to look them up
    in (given, else the file's, else detected / the other of en and zh-CN)."""
    spath = os.fspath(path)
    if not os.path.exists(spath):
        raise InputError("no such file", path=spath)
    if os.path.isdir(spath):
        raise InputError("is a folder, not a file", path=spath)
    kind = detect_format(spath, file_format)
    src = _checked_lang(source_lang, "--source")
    tgt = _checked_lang(target_lang, "--target")
    if kind == "xliff":
        return _read_xliff(spath, src, tgt)
    if kind == "po":
        return _read_po(spath, src, tgt)
    return _read_text(spath, src, tgt)


def _checked_lang(tag: str | None, option: str) -> str | None:
    if tag is None:
        return None
    norm = _lang(tag)
    if norm is None:
        raise UsageError(f"{option} {tag!r} is not a language tag (e.g. en, zh-CN)")
    return norm


# -- pre-translation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    min_score: float = 75.0
    fuzzy: bool = True
    overwrite: bool = False
    source_lang: str | None = None
    target_lang: str | None = None
    file_format: str | None = None
    in_place: bool = False


@dataclass
class SegmentResult:
    sid: str
    line: int
    source: str
    words: int
    band: str  # one of BANDS
    score: float | None = None
    penalties: tuple[tuple[str, int], ...] = ()
    target: str = ""
    target_lang: str = ""
    memory_source: str = ""
    memory_source_lang: str = ""
    origin: str = ""
    unit_id: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.sid,
            "line": self.line,
            "source": self.source,
            "words": self.words,
            "band": self.band,
            "score": self.score,
            "penalties": [{"kind": k, "points": p} for k, p in self.penalties],
            "target": self.target,
            "memory_source": self.memory_source,
            "origin": self.origin,
            "unit_id": self.unit_id,
        }


@dataclass
class Report:
    input_path: str
    output_path: str
    kind: str
    source_lang: str
    target_lang: str
    min_score: float
    fuzzy: bool
    segments: list[SegmentResult] = field(default_factory=list)
    skipped: int = 0

    def counts(self) -> dict[str, dict[str, int]]:
        out = {b: {"segments": 0, "words": 0} for b in BANDS}
        for s in self.segments:
            out[s.band]["segments"] += 1
            out[s.band]["words"] += s.words
        return out

    @property
    def filled(self) -> int:
        return sum(1 for s in self.segments if s.band in ("101", "100", "fuzzy"))

    def to_dict(self, *, segments: bool = True) -> dict[str, object]:
        data: dict[str, object] = {
            "input": self.input_path,
            "output": self.output_path,
            "format": self.kind,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "min_score": self.min_score,
            "fuzzy": self.fuzzy,
            "segments_total": len(self.segments),
            "filled": self.filled,
            "skipped_units": self.skipped,
            "bands": self.counts(),
        }
        if segments:
            data["segments"] = [s.to_dict() for s in self.segments]
        return data


def _same_file(a: str, b: str) -> bool:
    if os.path.exists(b):
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False
    return os.path.realpath(a) == os.path.realpath(b)


def lookup_segments(conn: sqlite3.Connection, segments: Sequence[Segment], *, min_score: float, limit: int = 1):
    """The best match (or None) of every segment, with the previous and next source segments as
    context and the segment's inline codes. Brings the memory's indexes up to date first."""
    from tmkit import memindex
    from tmkit.matching import Matcher

    memindex.ensure(conn)
    matcher = Matcher(conn)
    cache: dict[tuple[Any, ...], Any] = {}
    found = []
    for i, seg in enumerate(segments):
        prev = segments[i - 1].source if i > 0 else None
        nxt = segments[i + 1].source if i + 1 < len(segments) else None
        key = (seg.source, seg.codes, seg.source_lang, seg.target_lang, prev, nxt)
        if key not in cache:
            got = matcher.lookup(
                seg.source,
                seg.source_lang,
                seg.target_lang,
                min_score=min_score,
                limit=limit,
                context=(prev, nxt),
                codes=seg.codes,
            )
            cache[key] = got[0] if got else None
        found.append(cache[key])
    return found


def pretranslate_file(
    conn: sqlite3.Connection,
    input_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    options: Options = Options(),
) -> Report:
    """Pre-translate `input_path` into `output_path` (written atomically) from the memory on
    `conn` (a writable connection: the indexes are brought up to date first)."""
    src_path, out_path = os.fspath(input_path), os.fspath(output_path)
    if not 0 <= options.min_score <= 100:
        raise UsageError(f"--min {options.min_score:g}: the fuzzy threshold is a % from 0 to 100")
    if _same_file(src_path, out_path) and not options.in_place:
        raise UsageError(
            f"OUT is IN ({out_path}): tmkit does not overwrite its input unless told to; "
            "give another OUT, or --in-place to replace IN"
        )
    doc = read_document(
        src_path, file_format=options.file_format, source_lang=options.source_lang, target_lang=options.target_lang
    )
    threshold = options.min_score if options.fuzzy else 100.0
    matches = lookup_segments(conn, doc.segments, min_score=threshold)
    report = Report(
        src_path,
        out_path,
        doc.kind,
        doc.source_lang,
        doc.target_lang,
        options.min_score,
        options.fuzzy,
        skipped=doc.skipped,
    )
    filled: list[tuple[Segment, SegmentResult]] = []
    for seg, m in zip(doc.segments, matches, strict=True):
        words = counts_of(seg.source)[0]
        if seg.target.strip() and not options.overwrite:
            report.segments.append(SegmentResult(seg.sid, seg.line, seg.source, words, "kept", target=seg.target))
            continue
        if m is None:
            report.segments.append(SegmentResult(seg.sid, seg.line, seg.source, words, "none"))
            continue
        value = m.value
        band = "101" if value > 100 else "100" if value >= 100 else "fuzzy"
        result = SegmentResult(
            seg.sid,
            seg.line,
            seg.source,
            words,
            band,
            value,
            m.score.penalties,
            m.target,
            m.target_lang,
            m.source,
            m.source_lang,
            m.origin,
            m.unit_id,
        )
        report.segments.append(result)
        filled.append((seg, result))
    assert doc.writer is not None
    atomic_write_bytes(out_path, doc.writer(filled))
    return report


def render_text(report: Report, *, verbose: bool = False) -> list[str]:
    """The human report: one line per band, then (verbose) one line per segment."""
    counts = report.counts()
    total = len(report.segments)
    mode = f"fuzzy from {report.min_score:g}%" if report.fuzzy else "exact matches only"
    lines = [
        f"{report.input_path} -> {report.output_path} ({report.kind}, {report.source_lang} -> "
        f"{report.target_lang}, {mode}): {report.filled} of {total} segment{'s' if total != 1 else ''} filled"
    ]
    labels = {
        "101": "context 101%",
        "100": "exact 100%",
        "fuzzy": "fuzzy",
        "none": "no match",
        "kept": "target kept",
    }
    lines.append(f"  {'band':<14}{'segments':>9}{'words':>8}")
    for band in BANDS:
        c = counts[band]
        lines.append(f"  {labels[band]:<14}{c['segments']:>9}{c['words']:>8}")
    if report.skipped:
        lines.append(
            f"  ({report.skipped} unit{'s' if report.skipped != 1 else ''} not for translation or empty, left as they were)"
        )
    if verbose:
        for s in report.segments:
            score = f"{s.score:g}" if s.score is not None else "-"
            lines.append(f"{s.sid}\t{s.band}\t{score}\t{s.source}")
            if s.band in ("101", "100", "fuzzy"):
                pen = ", ".join(f"{k} -{p}" for k, p in s.penalties)
                lines.append(
                    f"\t-> {s.target}" + (f"  [{pen}]" if pen else "") + (f"  ({s.origin})" if s.origin else "")
                )
    return lines
