"""Reading TBX termbases into a `Glossary`: TBX 2008 (`martif`) and TBX v3 (`tbx`), DCA or DCT style.

The file is parsed one entry at a time (`termEntry` or `conceptEntry`), so memory holds the
glossary being built, not the whole XML tree. Any problem with the file (missing, empty,
hostile DOCTYPE, not well-formed, not TBX, a language section without a language) raises
`InputError` before anything is returned. See docs/reference/tbx.md for the field mapping.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from lxml import etree

from tmkit.errors import InputError
from tmkit.formats.source import SAFE_PARSER_OPTIONS, open_xml_source, syntax_error
from tmkit.formats.tbx.mapping import (
    CONCEPT_MARKERS,
    TBX_V3_NAMESPACES,
    TERM_MARKERS,
    clean_id,
    norm,
    parse_marker,
    pos_from_tbx,
    status_from_tbx,
    type_from_tbx,
    unique_id,
)
from tmkit.model.term import SUBJECTS, Concept, Glossary, Term
from tmkit.text.langtags import DEFAULT_BARE_ZH, normalize_lang

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ROOTS = ("martif", "tbx")
_ENTRY = ("termEntry", "conceptEntry")
_LANG_SECTION = ("langSet", "langSec")
_TERM_SECTION = ("tig", "ntig", "termSec")
_GROUPS = ("descripGrp", "adminGrp", "termNoteGrp")
# Elements whose `type` attribute names the data category (DCA style).
_TYPED = ("descrip", "admin", "termNote")
# Term-level data categories read as usage notes.
_USAGE = frozenset({"usagenote", "usage"})
# geographicalUsage on a Chinese term whose language tag names no region (zh-Hant): the region.
_ZH_REGIONS = {"twn": "zh-TW", "tw": "zh-TW", "hkg": "zh-HK", "hk": "zh-HK", "chn": "zh-CN", "cn": "zh-CN"}


@dataclass
class _RawTerm:
    lang: str
    text: str
    status: str | None = None
    type: str = "full"
    pos: str = ""
    usage: list[str] = field(default_factory=list)
    markers: dict[str, str] = field(default_factory=dict)
    line: int | None = None


def read_tbx(path: str | os.PathLike[str], *, bare_zh: str = DEFAULT_BARE_ZH) -> Glossary:
    """Read a TBX file (TBX 2008 `martif` or TBX v3 `tbx`) into a Glossary.

    Concepts keep the file's order; terms keep their order inside each entry. Entries without a
    single non-empty term are left out."""
    return _Reader(os.fspath(path), bare_zh).read()


def tbx_flavour(path: str | os.PathLike[str]) -> str:
    """`tbx` for a TBX 2008 `martif` file, `tbx-basic` for a TBX v3 `tbx` file (any dialect).

    Reads only the prolog; raises InputError for a file that is not TBX."""
    spath = os.fspath(path)
    src = open_xml_source(spath)
    try:
        return _flavour_of(spath, src.root, src.root_line)
    finally:
        src.close()


def _flavour_of(path: str, root: str | None, line: int | None) -> str:
    name = (root or "").rsplit(":", 1)[-1]
    if root is not None and name not in ROOTS:
        raise InputError(
            f"the root element is <{root}>, not <martif> (TBX 2008) or <tbx> (TBX v3): this is not a TBX file",
            path=path,
            line=line,
        )
    return "tbx" if name == "martif" else "tbx-basic"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _text(el: etree._Element) -> str:
    return norm("".join(el.itertext()))


class _Reader:
    def __init__(self, path: str, bare_zh: str) -> None:
        self.path = path
        self.bare_zh = bare_zh
        self.core_ns = ""  # the root's namespace: elements outside it are DCT data categories
        self.taken: set[str] = set()
        self.count = 0

    def read(self) -> Glossary:
        src = open_xml_source(self.path)
        glossary = Glossary(source=self.path)
        try:
            _flavour_of(self.path, src.root, src.root_line)
            events = etree.iterparse(
                src.stream, events=("end",), tag=tuple(f"{{*}}{t}" for t in _ENTRY), **SAFE_PARSER_OPTIONS
            )
            root_checked = False
            for _event, el in events:
                if not root_checked:
                    self._check_root(el.getroottree().getroot())
                    root_checked = True
                concept = self._entry(el)
                if concept is not None:
                    glossary.add(concept)
                el.clear(keep_tail=True)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
            if not root_checked:
                # No entry at all: still check the root, so that any XML is not taken for an empty TBX.
                self._check_root(events.root)
        except etree.XMLSyntaxError as err:
            raise syntax_error(self.path, err, src.encoding) from None
        finally:
            src.close()
        return glossary

    def _check_root(self, root: etree._Element) -> None:
        q = etree.QName(root)
        if q.localname not in ROOTS:
            raise InputError(
                f"the root element is <{q.localname}>, not <martif> (TBX 2008) or <tbx> (TBX v3): "
                "this is not a TBX file",
                path=self.path,
                line=root.sourceline,
            )
        ns = q.namespace or ""
        if q.localname == "tbx" and ns and ns not in TBX_V3_NAMESPACES:
            raise InputError(
                f"<tbx> is in the namespace {ns!r}, not TBX v3's urn:iso:std:iso:30042:ed-2",
                path=self.path,
                line=root.sourceline,
            )
        self.core_ns = ns

    # -- one entry -----------------------------------------------------------------------------

    def _category(self, el: etree._Element) -> tuple[str, str] | None:
        """(data category, element kind) of an element: DCA `<descrip type="x">` -> ("x", "descrip"),
        DCT `<basic:x>` -> ("x", "dct"), `<note>` -> ("note", "note"); None for anything else."""
        q = etree.QName(el)
        if (q.namespace or "") != self.core_ns:
            return q.localname, "dct"
        if q.localname in _TYPED:
            return el.get("type") or "", q.localname
        if q.localname == "note":
            return "note", "note"
        return None

    def _aux(self, parent: etree._Element):
        """(category, kind, text, element) for the auxiliary information directly in `parent`.

        A group (`descripGrp`, ...) counts as its first data element; the source, notes and
        transactions inside a group describe that element, not the entry, and are skipped."""
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            name = _local(child)
            if name in _LANG_SECTION or name in _TERM_SECTION or name == "term":
                continue
            if name in _GROUPS and (etree.QName(child).namespace or "") == self.core_ns:
                first = next((c for c in child if isinstance(c.tag, str)), None)
                if first is None:
                    continue
                child = first
            cat = self._category(child)
            if cat is None:
                continue
            text = _text(child)
            if text:
                yield cat[0], cat[1], text, child

    def _entry(self, entry: etree._Element) -> Concept | None:
        notes: list[str] = []
        definitions: list[tuple[str | None, str]] = []  # (language or None for the entry, text)
        subject: str | None = None
        source: list[str] = []
        markers: dict[str, str] = {}
        for cat, kind, text, _el in self._aux(entry):
            key = cat.lower()
            if key == "subjectfield":
                if subject is None and text.lower() in SUBJECTS:
                    subject = text.lower()
                else:
                    notes.append(f"subject field: {text}")
            elif key == "definition":
                definitions.append((None, text))
            elif key == "source" and kind in ("admin", "dct"):
                source.append(text)
            elif kind == "note":
                m = parse_marker(text, CONCEPT_MARKERS)
                if m is not None:
                    markers[m[0]] = m[1]
                else:
                    notes.append(text)
            elif kind in ("descrip", "dct"):
                notes.append(f"{cat}: {text}")
        terms: list[_RawTerm] = []
        for section in entry:
            if isinstance(section.tag, str) and _local(section) in _LANG_SECTION:
                self._lang_section(section, terms, notes, definitions)
        self.count += 1
        if not terms:
            return None
        definition = self._pick_definitions(definitions, notes)
        base = clean_id(entry.get("id")) or f"tbx.{self.count}"
        cid = unique_id(base, self.taken)
        self.taken.add(cid)
        concept = Concept(
            id=cid,
            subject=subject or "general",
            definition=definition,
            note="\n".join(notes),
            source="\n".join(source),
            confidence=markers.get("confidence", "medium"),
            path=self.path,
            line=entry.sourceline,
        )
        concept.terms = self._finish_terms(terms)
        return concept

    def _lang_section(
        self,
        section: etree._Element,
        terms: list[_RawTerm],
        notes: list[str],
        definitions: list[tuple[str | None, str]],
    ) -> None:
        raw = section.get(XML_LANG) or section.get("lang")
        name = _local(section)
        if not raw:
            raise InputError(
                f"a <{name}> has no xml:lang attribute",
                path=self.path,
                line=section.sourceline,
                hint="every language section of a TBX file must say its language",
            )
        lang = normalize_lang(raw, self.bare_zh)
        if lang is None:
            raise InputError(f"<{name} xml:lang={raw!r}>: not a language tag", path=self.path, line=section.sourceline)
        if lang == "en" or lang.startswith("en-"):
            lang = "en"  # a termbase keeps one English
        regionless_zh = lang.startswith("zh") and _zh_regionless(raw)
        for cat, kind, text, _el in self._aux(section):
            key = cat.lower()
            if key == "definition":
                definitions.append((lang, text))
            elif kind == "note":
                notes.append(f"[{lang}] {text}")
            elif key == "subjectfield":
                notes.append(f"subject field: {text}")
        for child in section:
            if isinstance(child.tag, str) and _local(child) in _TERM_SECTION:
                term = self._term_section(child, lang, regionless_zh)
                if term is not None:
                    terms.append(term)

    def _term_section(self, section: etree._Element, lang: str, regionless_zh: bool) -> _RawTerm | None:
        # ntig wraps the term and its termNotes in a termGrp; flatten it.
        holders = [section]
        for child in section:
            if isinstance(child.tag, str) and _local(child) == "termGrp":
                holders.append(child)
        term_el = None
        for holder in holders:
            for child in holder:
                if isinstance(child.tag, str) and _local(child) == "term":
                    term_el = child
                    break
            if term_el is not None:
                break
        if term_el is None:
            return None
        text = _text(term_el)
        if not text:
            return None  # an empty term is a translation nobody has written yet
        t = _RawTerm(lang, text, line=term_el.sourceline)
        for holder in holders:
            for cat, kind, value, _el in self._aux(holder):
                key = cat.lower().replace(" ", "")
                if key in ("administrativestatus", "normativeauthorization"):
                    status = status_from_tbx(value)
                    if status is not None and t.status is None:
                        t.status = status
                elif key == "termtype":
                    t.type = type_from_tbx(value) or "full"
                elif key == "partofspeech":
                    t.pos = pos_from_tbx(value)
                elif key == "geographicalusage" and regionless_zh:
                    t.lang = _ZH_REGIONS.get(value.strip().lower(), t.lang)
                elif kind == "note":
                    m = parse_marker(value, TERM_MARKERS)
                    if m is not None:
                        t.markers[m[0]] = m[1]
                    else:
                        t.usage.append(value)
                elif key in _USAGE:
                    t.usage.append(value)
        return t

    @staticmethod
    def _pick_definitions(definitions: list[tuple[str | None, str]], notes: list[str]) -> str:
        """The entry's own definitions and the English ones; else those of the first language that
        has any. The others go to the note, marked with their language."""
        chosen = [text for lang, text in definitions if lang in (None, "en")]
        first_lang = None
        if not chosen and definitions:
            first_lang = definitions[0][0]
            chosen = [text for lang, text in definitions if lang == first_lang]
        for lang, text in definitions:
            if lang not in (None, "en", first_lang):
                notes.append(f"[{lang}] definition: {text}")
        return "\n".join(chosen)

    def _finish_terms(self, raw_terms: list[_RawTerm]) -> list[Term]:
        """Statuses for terms that have none: in a language without an explicitly preferred term,
        the first such term is preferred; every other one is admitted. Markers override what TBX said."""
        explicit_preferred = {t.lang for t in raw_terms if t.status == "preferred"}
        seen: set[str] = set()
        out: list[Term] = []
        for t in raw_terms:
            status = t.status
            if status is None:
                first = t.lang not in explicit_preferred and t.lang not in seen
                status = "preferred" if first else "admitted"
                seen.add(t.lang)
            status = t.markers.get("status", status)
            out.append(
                Term(
                    lang=t.lang,
                    text=t.text,
                    status=status,
                    type=t.type,
                    case=t.markers.get("case", ""),
                    pos=t.markers.get("pos", t.pos),
                    usage="\n".join(t.usage),
                    line=t.line,
                    path=self.path,
                )
            )
        return out


def _zh_regionless(raw: str) -> bool:
    """True for a Chinese tag that names no region (`zh`, `zh-Hant`, `zh-CHT`), whatever its script."""
    parts = raw.replace("_", "-").split("-")
    return not any(len(p) == 2 and p.isalpha() or len(p) == 3 and p.isdigit() for p in parts[1:])
