"""Reading drafts for QA: every input format becomes a `Document` (see tmkit.qa.document).

* Plain text (`.txt`) and Markdown (`.md`): one segment per paragraph (blocks separated by blank
  lines), positions exact in the file. Markdown code, HTML comments and link targets, and URLs and
  e-mail addresses anywhere, are masked: findings inside them are dropped.
* TMX: one segment per `<tu>`, the English and Chinese variants as source and target (the
  header's `srclang` decides which is the source).
* XLIFF 1.2 and PO, through translate-toolkit: one segment per unit with a source.
* Two parallel text files: segmented and aligned with tmkit's aligner, one segment per bead.
* The memory: one segment per unit that has an English and a Chinese variant.

Inline suppression: `tmkit-disable ID[, ID...]` in an HTML comment (`<!-- ... -->`) or a line
starting with `#` or `//` silences those checks (all checks without ids) until
`tmkit-enable`; `tmkit-disable-line` and `tmkit-disable-next-line` silence one line. In TMX, XLIFF
and PO a note or comment of a unit holding `tmkit-disable ID` silences the check for that unit.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from tmkit.errors import InputError, UsageError
from tmkit.qa.document import Document, Segment, Suppression, Text
from tmkit.text.langtags import DEFAULT_BARE_ZH, normalize_lang
from tmkit.text.segment import detect_lang, han_share, split_paragraphs

if TYPE_CHECKING:
    from lxml import etree

    from tmkit.formats.tmx.reader import ReadItem, TmxReader

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
KINDS = ("auto", "text", "markdown", "tmx", "xliff", "po")

_END = 1 << 30
_DIRECTIVE = re.compile(
    r"(?:<!--\s*|^[ \t]*(?:#|//)[ \t]*)tmkit-(disable-next-line|disable-line|disable|enable)\b"
    r"([^\n]*?)(?:\s*-->|[ \t]*$)",
    re.MULTILINE,
)
_MD_FENCE = re.compile(r"^([ \t]*)(```|~~~)[^\n]*\n.*?^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)
_MD_CODE = re.compile(r"`[^`\n]+`")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_LINK_TARGET = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>\n]*>")
_DISABLE_IN_NOTE = re.compile(r"tmkit-disable\b([^\n]*)")


def detect_kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in (".txt", ".text"):
        return "text"
    if suffix in (".tmx",):
        return "tmx"
    if suffix in (".xlf", ".xliff", ".sdlxliff", ".mqxliff"):
        return "xliff"
    if suffix in (".po", ".pot"):
        return "po"
    if suffix == ".gz" and path.lower().endswith(".tmx.gz"):
        return "tmx"
    raise UsageError(
        f"{path}: cannot tell the input format from the name; name it .txt, .md, .tmx, .xlf or .po, "
        "or give --input-format"
    )


def _ids(rest: str) -> frozenset[str]:
    ids = frozenset(x for x in re.split(r"[\s,]+", rest.strip()) if x)
    return ids or frozenset({"*"})


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def directives(text: str) -> tuple[list[Suppression], list[tuple[int, int]]]:
    """The suppressions a draft declares, and the spans of the directives themselves."""
    out: list[Suppression] = []
    spans: list[tuple[int, int]] = []
    open_: dict[str, int] = {}
    for m in _DIRECTIVE.finditer(text):
        kind, ids = m.group(1), _ids(m.group(2))
        line = _line_of(text, m.start())
        spans.append((m.start(), m.end()))
        if kind == "disable-line":
            out.append(Suppression(ids, line, line))
        elif kind == "disable-next-line":
            out.append(Suppression(ids, line + 1, line + 1))
        elif kind == "disable":
            for i in ids:
                open_.setdefault(i, line)
        else:  # enable
            closing = list(open_) if "*" in ids else [i for i in ids if i in open_]
            for i in closing:
                out.append(Suppression(frozenset({i}), open_.pop(i), line))
    for i, first in open_.items():
        out.append(Suppression(frozenset({i}), first, _END))
    return out, spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the spans replaced by spaces (line breaks kept), so positions do not move."""
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _lang_tag(code: str, bare_zh: str) -> str:
    if code in ("zh", "zh-Hans"):
        return bare_zh
    norm = normalize_lang(code)
    if norm is None:
        raise UsageError(f"not a language tag: {code!r}")
    if norm == "zh":
        return bare_zh
    if norm.startswith("en"):
        return "en"
    return norm


def read_text_draft(
    path: str | os.PathLike[str],
    *,
    lang: str | None = None,
    markdown: bool | None = None,
    bare_zh: str = DEFAULT_BARE_ZH,
) -> Document:
    """A monolingual draft, one segment per paragraph. `lang`: en, zh or a tag; None detects
    it per file (and per paragraph when a paragraph is clearly in the other language)."""
    from tmkit.formats.textfile import read_text

    spath = os.fspath(path)
    raw, _encoding = read_text(spath, what="draft")
    if markdown is None:
        markdown = Path(spath).suffix.lower() in (".md", ".markdown")
    suppressions, directive_spans = directives(raw)
    blanked: list[tuple[int, int]] = list(directive_spans)
    masked: list[tuple[int, int]] = list(directive_spans)
    if markdown:
        for rx in (_MD_FENCE, _MD_COMMENT, _MD_CODE):
            for m in rx.finditer(raw):
                blanked.append((m.start(), m.end()))
        for m in _MD_LINK_TARGET.finditer(raw):
            masked.append((m.start(1), m.end(1)))
        for m in _MD_HTML_TAG.finditer(raw):
            blanked.append((m.start(), m.end()))
    text = _blank(raw, blanked)
    masked.extend(blanked)
    file_code = lang or detect_lang(text)
    file_lang = _lang_tag(file_code, bare_zh)
    doc = Document(spath, "markdown" if markdown else "text", source_lang=file_lang, suppressions=suppressions)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    import bisect

    for n, (a, b) in enumerate(split_paragraphs(text), 1):
        block = text[a:b]
        plang = file_lang
        if lang is None:
            letters = sum(1 for ch in block if ch.isalpha())
            if letters >= 12:
                share = han_share(block)
                if file_lang == "en" and share > 0.5:
                    plang = bare_zh
                elif file_lang != "en" and share < 0.05:
                    plang = "en"
        line = bisect.bisect_right(starts, a)
        col = a - starts[line - 1] + 1
        local = [(max(s, a) - a, min(e, b) - a) for s, e in masked if s < b and a < e]
        t = Text(block, plang, spath, line, col, segment=None, side=None, masked=local)
        doc.segments.append(Segment(f"p{n}", t))
    return doc


def _disabled_from_notes(notes: list[str]) -> set[str]:
    out: set[str] = set()
    for note in notes:
        for m in _DISABLE_IN_NOTE.finditer(note):
            out |= _ids(m.group(1))
    return out


def _pick_sides(langs: list[str], srclang: str | None) -> tuple[str | None, str | None]:
    """Which language is the source and which the target, from the languages present."""
    if srclang and srclang in langs:
        src = srclang
    else:
        src = next((lang for lang in langs if lang.startswith("en")), langs[0] if langs else None)
    src_family = src.split("-")[0] if src else None
    tgt = None
    for lang in langs:
        fam = lang.split("-")[0]
        if fam != src_family and fam in ("en", "zh"):
            tgt = lang
            break
    if tgt is None:
        tgt = next((lang for lang in langs if lang != src), None)
    return src, tgt


def read_tmx_draft(path: str | os.PathLike[str], *, bare_zh: str = DEFAULT_BARE_ZH) -> Document:
    from tmkit.formats.tmx.reader import TmxReader

    spath = os.fspath(path)
    doc = Document(spath, "tmx")
    with TmxReader(spath, bare_zh=bare_zh) as reader:
        quick = _QuickUnits(reader)
        for n, got in enumerate(reader.convert(quick, _unit_of), 1):
            if got is None:
                continue
            tuid, srclang, line, variants, notes = got
            srclang = srclang or reader.header.srclang
            doc.segments.append(_tmx_segment(doc, spath, n, tuid, srclang, line, variants, notes))
    return doc


#: (tuid, srclang, line, [(language, text) per variant], notes): what a draft needs of a <tu>
_DraftUnit = tuple[str | None, str | None, int | None, list[tuple[str, str]], list[str]]


def _unit_of(item: ReadItem) -> _DraftUnit | None:
    """What the draft needs of a unit the TMX reader read (None: not a unit, or no variants)."""
    unit = item.unit
    if unit is None or not unit.variants:
        return None
    notes = [x.text for x in unit.notes] + [x.text for v in unit.variants for x in v.notes]
    return unit.tuid, unit.srclang, item.line, [(v.lang, v.text) for v in unit.variants], notes


class _QuickUnits:
    """`_unit_of` for the common <tu>, read straight from the element: plain <tu> attributes and
    only `<tuv xml:lang="..."><seg>text</seg></tuv>` children (one attribute, one <seg> without
    inline codes, text not empty, Chinese not mojibake). Anything else is None, and the reader
    reads it the full way (TmxReader._read_tu, which gives the same for these units)."""

    def __init__(self, reader: TmxReader) -> None:
        from tmkit.formats.tmx.reader import XML_LANG
        from tmkit.text.mojibake import looks_like_mojibake

        self.reader = reader
        self.xml_lang = XML_LANG
        self.mojibake = looks_like_mojibake
        self.langs: dict[str, str | None] = {}

    def _lang(self, raw: str) -> str | None:
        lang = self.langs.get(raw, "")
        if lang == "":
            lang = self.langs[raw] = normalize_lang(raw, self.reader.bare_zh)
        return lang

    def __call__(self, tu: etree._Element) -> _DraftUnit | None:
        xml_lang = self.xml_lang
        variants: list[tuple[str, str]] = []
        for tuv in tu:
            if tuv.tag != "tuv":
                return None
            attrib = tuv.attrib
            if len(attrib) != 1 or len(tuv) != 1:
                return None
            lang_raw = attrib.get(xml_lang)
            seg = tuv[0]
            if not lang_raw or seg.tag != "seg" or len(seg):
                return None
            lang = self._lang(lang_raw)
            text = seg.text
            if lang is None or not text or (lang[:2] == "zh" and self.mojibake(text)):
                return None
            variants.append((lang, text))
        if not variants:
            return None
        srclang = self.reader.header.srclang
        raw = tu.get("srclang")
        if raw and raw != "*all*":
            srclang = self._lang(raw) or srclang
        return tu.get("tuid"), srclang, tu.sourceline, variants, []


def _tmx_segment(
    doc: Document,
    spath: str,
    n: int,
    tuid: str | None,
    srclang: str | None,
    line: int | None,
    variants: list[tuple[str, str]],
    notes: list[str],
) -> Segment:
    """The segment of the `n`th <tu> (and the document's languages from the first one)."""
    from tmkit.text.langtags import lang_matches

    src, tgt = _pick_sides([lang for lang, _ in variants], srclang)
    sid = tuid or f"tu{n}"
    line = line or 1
    # TranslationUnit.variant: the first variant whose language is the side's or a regional one
    sv = next((v for v in variants if lang_matches(src, v[0])), None) if src else None
    tv = next((v for v in variants if lang_matches(tgt, v[0])), None) if tgt else None
    if doc.source_lang is None and sv is not None:
        doc.source_lang, doc.target_lang = sv[0], tv[0] if tv else None
    return Segment(
        sid,
        Text(sv[1], sv[0], spath, line, 1, sid, "source") if sv else None,
        Text(tv[1], tv[0], spath, line, 1, sid, "target") if tv else None,
        disabled=_disabled_from_notes(notes),
    )


def _refuse_hostile_xml(path: str) -> None:
    from tmkit.formats.source import check_prolog

    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError as e:
        raise InputError(f"cannot open: {e.strerror}", path=path) from None
    if not head.strip(b"\x00\xef\xbb\xbf\xff\xfe \t\r\n"):
        raise InputError("an empty file: there is nothing to check", path=path)
    check_prolog(path, head)


def _po_lines(path: str) -> list[int]:
    """Line numbers of every `msgid` line that starts a live (not obsolete) entry."""
    from tmkit.formats.textfile import read_text

    text, _ = read_text(path, what="PO file")
    return [n for n, row in enumerate(text.splitlines(), 1) if row.startswith("msgid ")]


def read_toolkit_draft(path: str | os.PathLike[str], kind: str, *, bare_zh: str = DEFAULT_BARE_ZH) -> Document:
    """XLIFF 1.2 or PO through translate-toolkit."""
    spath = os.fspath(path)
    if not os.path.isfile(spath):
        raise InputError("no such file", path=spath)
    if kind == "xliff":
        _refuse_hostile_xml(spath)
    elif os.path.getsize(spath) == 0:
        raise InputError("an empty file: there is nothing to check", path=spath)
    if kind == "xliff":
        from translate.storage.xliff import xlifffile as store_class
    else:
        from translate.storage.po import pofile as store_class
    try:
        with open(spath, "rb") as fh:
            store = store_class.parsefile(fh)
    except Exception as e:  # translate-toolkit raises many kinds; all mean "cannot read"
        msg = str(e).strip() or type(e).__name__
        raise InputError(
            f"cannot read as {'XLIFF 1.2' if kind == 'xliff' else 'PO'}: {msg}",
            path=spath,
            hint="check that the file is complete and well-formed",
        ) from None
    src_code = getattr(store, "getsourcelanguage", lambda: None)() or "en"
    tgt_code = getattr(store, "gettargetlanguage", lambda: None)() or None
    src_lang = _lang_tag(src_code, bare_zh) if normalize_lang(src_code) else "en"
    tgt_lang = _lang_tag(tgt_code, bare_zh) if tgt_code and normalize_lang(tgt_code) else None
    doc = Document(spath, kind, source_lang=src_lang, target_lang=tgt_lang)
    po_lines = _po_lines(spath) if kind == "po" else []
    live = 0
    for n, unit in enumerate(store.units, 1):
        if kind == "po":
            if unit.isobsolete():
                continue
            line = po_lines[live] if live < len(po_lines) else 1
            live += 1
            if unit.isheader():
                continue
        else:
            el = getattr(unit, "xmlelement", None)
            line = el.sourceline if el is not None and el.sourceline else 1
        source = str(unit.source or "")
        if not source.strip():
            continue
        target = str(unit.target or "")
        el = getattr(unit, "xmlelement", None)
        sid = (el.get("id") if el is not None else None) or str(unit.getid() or f"u{n}")
        if tgt_lang is None:
            tgt_lang = _lang_tag(detect_lang(target), bare_zh) if target else None
            doc.target_lang = tgt_lang
        notes = [unit.getnotes() or ""]
        seg = Segment(
            sid,
            Text(source, src_lang, spath, line, 1, sid, "source"),
            Text(target, tgt_lang, spath, line, 1, sid, "target") if target.strip() and tgt_lang else None,
            disabled=_disabled_from_notes(notes),
        )
        doc.segments.append(seg)
    return doc


def read_parallel(
    source_path: str | os.PathLike[str],
    target_path: str | os.PathLike[str],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    matcher=None,
    bare_zh: str = DEFAULT_BARE_ZH,
) -> Document:
    """Two parallel text files, segmented and aligned; one segment per bead. Findings on each
    side name that side's file, with exact lines and columns."""
    from tmkit.align.aligner import align_texts
    from tmkit.segmenting import Positions, segment_path

    a = segment_path(source_path, lang=source_lang, lines=None)
    b = segment_path(target_path, lang=target_lang, lines=None)
    a_code = a.lang or detect_lang(a.text)
    b_code = b.lang or detect_lang(b.text)
    if a_code == b_code:
        raise UsageError(f"{a.path} and {b.path} are both {a_code}: parallel QA needs an English and a Chinese file")
    beads = align_texts(
        [[s.text for s in p] for p in a.paragraphs],
        [[s.text for s in p] for p in b.paragraphs],
        a_code,
        b_code,
        matcher=matcher,
    )
    a_sents = [s for p in a.paragraphs for s in p]
    b_sents = [s for p in b.paragraphs for s in p]
    a_pos, b_pos = Positions(a.text), Positions(b.text)
    a_lang, b_lang = _lang_tag(a_code, bare_zh), _lang_tag(b_code, bare_zh)
    doc = Document(a.path, "parallel", source_lang=a_lang, target_lang=b_lang, target_path=b.path)
    for sf in (a, b):
        sups, _ = directives(sf.text)
        for sup in sups:
            sup.file = sf.path
        doc.suppressions.extend(sups)

    def side(file_text: str, sents, idx, pos, lang: str, path: str, sid: str, name: str) -> Text | None:
        if not idx:
            return None
        start, end = sents[idx[0]].start, sents[idx[-1]].end
        line, col = pos(start)
        return Text(file_text[start:end], lang, path, line, col, sid, name)

    for n, bead in enumerate(beads, 1):
        sid = f"{n}"
        doc.segments.append(
            Segment(
                sid,
                side(a.text, a_sents, bead.a, a_pos, a_lang, a.path, sid, "source"),
                side(b.text, b_sents, bead.b, b_pos, b_lang, b.path, sid, "target"),
            )
        )
    return doc


def read_memory_draft(conn: sqlite3.Connection, path: str, *, source: str = "en") -> Document:
    """Every unit of the memory with an English and a Chinese variant, English as the source
    (or Chinese with `source="zh"`). Lines and columns count within each unit's text."""
    doc = Document(path, "memory")
    rows = conn.execute(
        "SELECT u.id, u.tuid, v.lang, v.text, v.notes FROM units u JOIN variants v ON v.unit_id = u.id "
        "ORDER BY u.id, v.pos"
    )
    current: int | None = None
    tuid = None
    texts: dict[str, str] = {}
    notes: list[str] = []

    def flush() -> None:
        if current is None:
            return
        src = next((lang for lang in texts if lang.split("-")[0] == source), None)
        tgt = next(
            (lang for lang in texts if lang.split("-")[0] != source and lang.split("-")[0] in ("en", "zh")), None
        )
        if src is None or tgt is None:
            return
        sid = tuid or f"unit {current}"
        if doc.source_lang is None:
            doc.source_lang, doc.target_lang = src, tgt
        doc.segments.append(
            Segment(
                sid,
                Text(texts[src], src, path, 1, 1, sid, "source"),
                Text(texts[tgt], tgt, path, 1, 1, sid, "target"),
                disabled=_disabled_from_notes(notes),
            )
        )

    for unit_id, unit_tuid, lang, text, vnotes in rows:
        if unit_id != current:
            flush()
            current, tuid, texts, notes = unit_id, unit_tuid, {}, []
        texts.setdefault(lang, text)
        if vnotes:
            notes.append(vnotes)
    flush()
    return doc


def read_draft(
    path: str | os.PathLike[str], *, kind: str = "auto", lang: str | None = None, bare_zh: str = DEFAULT_BARE_ZH
) -> Document:
    """Read one draft file of any supported kind."""
    spath = os.fspath(path)
    if kind == "auto":
        kind = detect_kind(spath)
    if kind in ("text", "markdown"):
        return read_text_draft(spath, lang=lang, markdown=kind == "markdown", bare_zh=bare_zh)
    if kind == "tmx":
        return read_tmx_draft(spath, bare_zh=bare_zh)
    if kind in ("xliff", "po"):
        return read_toolkit_draft(spath, kind, bare_zh=bare_zh)
    raise UsageError(f"unknown input format {kind!r}; use one of {', '.join(KINDS)}")
