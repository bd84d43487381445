"""Streaming TMX reader: one unit at a time, constant memory whatever the file size.

`TmxReader(path)` yields a `ReadItem` per `<tu>`: the unit (None when it is invalid) and the
issues found in it, each with the line where the unit starts and its tuid. File-level problems
(not well-formed XML, not TMX, empty, hostile DOCTYPE) raise `InputError` with file, line and
column. Reads TMX 1.4/1.4b and 1.1 (`lang=`), any encoding lxml knows (UTF-8, UTF-16 with BOM,
...), gzip, and notes/props wherever the DTD allows them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from lxml import etree

from tmkit.errors import InputError
from tmkit.formats.source import SAFE_PARSER_OPTIONS, ProgressCallback, XmlSource, open_xml_source, syntax_error
from tmkit.formats.tmx.inline import InlineError, canonical_element, read_segment, text_slots
from tmkit.model import Note, Prop, TranslationUnit, Variant
from tmkit.text.langtags import DEFAULT_BARE_ZH, normalize_lang
from tmkit.text.mojibake import looks_like_mojibake, repair_pieces

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TMX_DATE = re.compile(r"^\d{8}T\d{6}Z$")
DATE_ATTRS = ("creationdate", "changedate", "lastusagedate")
KNOWN_VERSIONS = ("1.1", "1.2", "1.3", "1.4", "1.4a", "1.4b")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class UnitIssue:
    """Something found in one unit. severity: error (unit not imported), warning, info."""

    severity: str
    code: str
    message: str
    line: int | None = None
    tuid: str | None = None


@dataclass
class TmxHeader:
    version: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    srclang: str | None = None  # normalised; None for *all* or missing
    notes: list[Note] = field(default_factory=list)
    props: list[Prop] = field(default_factory=list)
    udes: list[str] = field(default_factory=list)  # canonical XML of each <ude>
    line: int | None = None


@dataclass(slots=True)
class ReadItem:
    unit: TranslationUnit | None
    issues: list[UnitIssue]
    line: int | None
    tuid: str | None


class TmxReader:
    """Iterate over the units of a TMX file. Use as a context manager or call `close()`."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        bare_zh: str = DEFAULT_BARE_ZH,
        repair_mojibake: bool = True,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.bare_zh = bare_zh
        self.repair_mojibake = repair_mojibake
        self.header = TmxHeader()
        self.file_issues: list[UnitIssue] = []
        self._progress = progress
        self._source = open_xml_source(self.path, progress)
        self._root_checked = False
        root = self._source.root
        if root is not None and root != "tmx":
            self._source.close()
            raise InputError(
                f"the root element is <{root}>, not <tmx>: this is not a TMX file",
                path=self.path,
                line=self._source.root_line,
            )

    @property
    def source(self) -> XmlSource:
        """The opened input (its stream, sniffed encoding, ...)."""
        return self._source

    def restart(self) -> None:
        """Forget what was read and open the file again from its first byte."""
        self._source.close()
        self.header = TmxHeader()
        self.file_issues = []
        self._root_checked = False
        self._source = open_xml_source(self.path, self._progress)

    @property
    def size(self) -> int:
        """The file's size in bytes (compressed size for gzip)."""
        return self._source.size

    def __enter__(self) -> TmxReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._source.close()

    # -- parsing -------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[ReadItem]:
        return self.convert(None, _same)

    def convert(
        self,
        fast: Callable[[etree._Element], T | None] | None,
        full: Callable[[ReadItem], T],
        skip: int = 0,
    ) -> Iterator[T]:
        """Yield one value per `<tu>`: `fast(element)` when that is not None, else `full(item)`
        with the unit read the usual way. `fast` sees each `<tu>` element right after parsing
        and must not keep it (tmkit.store.rows uses this for its fast path). The first `skip`
        units are parsed (and checked) but not read: the caller has them already."""
        events = etree.iterparse(self._source.stream, events=("end",), tag=("header", "tu"), **SAFE_PARSER_OPTIONS)
        seen_header = False
        count = 0
        try:
            for _event, el in events:
                if not self._root_checked:
                    self._check_root(el)
                if el.tag == "header":
                    self._read_header(el)
                    seen_header = True
                    continue
                if not seen_header:
                    self.file_issues.append(
                        UnitIssue("warning", "no-header", "no <header> before the first <tu>", el.sourceline)
                    )
                    seen_header = True
                if count < skip:
                    value = None
                else:
                    value = None if fast is None else fast(el)
                    if value is None:
                        value = full(self._read_tu(el))
                el.clear(keep_tail=True)
                count += 1
                if count & 255 == 0:
                    # drop the units read so far; later siblings may already be parsed
                    parent = el.getparent()
                    if parent is not None:
                        del parent[: parent.index(el) + 1]
                if count > skip:
                    yield value  # type: ignore[misc]
        except etree.XMLSyntaxError as err:
            raise syntax_error(self.path, err, self._source.encoding) from None
        if not self._root_checked:
            raise InputError(
                "no <header> or <tu> element: this is XML but not TMX",
                path=self.path,
                hint="tmkit tm import reads TMX files (<tmx><header/><body><tu>...)",
            )

    def _check_root(self, el: etree._Element) -> None:
        root = el.getroottree().getroot()
        self._root_checked = True
        if root.tag != "tmx":
            raise InputError(
                f"the root element is <{root.tag}>, not <tmx>: this is not a TMX file",
                path=self.path,
                line=root.sourceline,
            )
        version = root.get("version")
        self.header.version = version
        if version not in KNOWN_VERSIONS:
            self.file_issues.append(
                UnitIssue("warning", "tmx-version", f"unknown TMX version {version!r}; read as 1.4", root.sourceline)
            )

    def _read_header(self, el: etree._Element) -> None:
        h = self.header
        h.line = el.sourceline
        h.attrs = dict(el.attrib)
        src = h.attrs.get("srclang")
        h.srclang = None if src in (None, "*all*") else normalize_lang(src, self.bare_zh)
        for child in el:
            tag = child.tag
            if tag == "note":
                h.notes.append(_note(child))
            elif tag == "prop":
                h.props.append(_prop(child))
            elif tag == "ude":
                h.udes.append(canonical_element(child))
        el.clear(keep_tail=True)

    def _read_tu(self, tu: etree._Element) -> ReadItem:
        line = tu.sourceline
        attrs = dict(tu.attrib)
        tuid = attrs.pop("tuid", None)
        issues: list[UnitIssue] = []
        srclang_raw = attrs.pop("srclang", None)
        srclang = self.header.srclang
        if srclang_raw and srclang_raw != "*all*":
            srclang = normalize_lang(srclang_raw, self.bare_zh) or srclang
        notes: list[Note] = []
        props: list[Prop] = []
        variants: list[Variant] = []
        failed = False
        for child in tu:
            tag = child.tag
            if tag == "tuv":
                v = self._read_tuv(child, issues, line, tuid)
                if v is None:
                    failed = True
                elif v.text or v.markup is not None:  # a lone no-break space is real content (UI strings)
                    variants.append(v)
                else:
                    issues.append(
                        UnitIssue(
                            "warning",
                            "empty-seg",
                            f"the {v.lang_orig} segment is empty and was left out",
                            child.sourceline,
                            tuid,
                        )
                    )
            elif tag == "note":
                notes.append(_note(child))
            elif tag == "prop":
                props.append(_prop(child))
            elif isinstance(child, etree._Entity):
                issues.append(UnitIssue("error", "entity", f"unexpanded entity reference {child.text}", line, tuid))
                failed = True
            elif isinstance(tag, str):
                issues.append(
                    UnitIssue(
                        "warning",
                        "unknown-element",
                        f"<{tag}> is not allowed in <tu> and was ignored",
                        child.sourceline,
                        tuid,
                    )
                )
        _check_dates(attrs, issues, line, tuid)
        if not failed and not variants:
            has_tuv = any(c.tag == "tuv" for c in tu)
            code, msg = ("all-empty", "every segment is empty") if has_tuv else ("no-tuv", "the unit has no <tuv>")
            issues.append(UnitIssue("error", code, msg, line, tuid))
            failed = True
        if failed:
            return ReadItem(None, issues, line, tuid)
        if len(variants) == 1:
            issues.append(
                UnitIssue(
                    "warning",
                    "single-variant",
                    f"only one language ({variants[0].lang}); nothing to translate from or to",
                    line,
                    tuid,
                )
            )
        unit = TranslationUnit(variants, tuid, srclang, attrs, notes, props, line)
        return ReadItem(unit, issues, line, tuid)

    def _read_tuv(
        self, tuv: etree._Element, issues: list[UnitIssue], line: int | None, tuid: str | None
    ) -> Variant | None:
        attrs = dict(tuv.attrib)
        lang_raw = attrs.pop(XML_LANG, None)
        legacy = attrs.pop("lang", None)
        if lang_raw is None:
            lang_raw = legacy
        tline = tuv.sourceline
        if not lang_raw:
            issues.append(
                UnitIssue("error", "no-lang", "a <tuv> has no xml:lang (or TMX 1.1 lang) attribute", tline, tuid)
            )
            return None
        lang = normalize_lang(lang_raw, self.bare_zh)
        if lang is None:
            issues.append(UnitIssue("error", "bad-lang", f"{lang_raw!r} is not a language tag", tline, tuid))
            return None
        notes: list[Note] = []
        props: list[Prop] = []
        seg = None
        for child in tuv:
            tag = child.tag
            if tag == "seg":
                if seg is not None:
                    issues.append(
                        UnitIssue(
                            "error",
                            "multiple-segs",
                            f"the {lang_raw} <tuv> has more than one <seg>",
                            child.sourceline,
                            tuid,
                        )
                    )
                    return None
                seg = child
            elif tag == "note":
                notes.append(_note(child))
            elif tag == "prop":
                props.append(_prop(child))
            elif isinstance(child, etree._Entity):
                issues.append(UnitIssue("error", "entity", f"unexpanded entity reference {child.text}", tline, tuid))
                return None
        if seg is None:
            issues.append(UnitIssue("error", "no-seg", f"the {lang_raw} <tuv> has no <seg>", tline, tuid))
            return None
        try:
            if lang.startswith("zh"):
                self._mojibake(seg, lang, lang_raw, issues, tuid)
            result = read_segment(seg)
        except InlineError as e:
            issues.append(UnitIssue("error", "entity", f"the {lang_raw} segment: {e}", seg.sourceline, tuid))
            return None
        for w in result.warnings:
            issues.append(UnitIssue("warning", "inline", f"the {lang_raw} segment: {w}", seg.sourceline, tuid))
        _check_dates(attrs, issues, tline, tuid)
        return Variant(lang, result.text, result.markup, lang_raw, attrs, notes, props)

    def _mojibake(
        self, seg: etree._Element, lang: str, lang_raw: str, issues: list[UnitIssue], tuid: str | None
    ) -> bool:
        if len(seg) == 0 and not looks_like_mojibake(seg.text or ""):
            return False  # the common case, decided without walking the segment
        slots = text_slots(seg)
        pieces = [getattr(el, which) for el, which in slots]
        joined = "".join(pieces)
        if not looks_like_mojibake(joined):
            return False
        fixed = repair_pieces(pieces, lang) if self.repair_mojibake else None
        if fixed is None:
            verb = (
                "not repaired (repair is off)"
                if not self.repair_mojibake
                else "cannot be repaired exactly; kept as it is"
            )
            issues.append(
                UnitIssue(
                    "warning",
                    "mojibake",
                    f"the {lang_raw} segment looks like mojibake ({joined[:40]!r}), {verb}",
                    seg.sourceline,
                    tuid,
                )
            )
            return False
        new_pieces, repair = fixed
        for (el, which), value in zip(slots, new_pieces, strict=True):
            setattr(el, which, value)
        issues.append(
            UnitIssue(
                "info",
                "mojibake-repaired",
                f"the {lang_raw} segment was {repair.real_encoding.upper()} read as {repair.read_as}; "
                f"repaired exactly: {repair.original[:30]!r} -> {repair.repaired[:30]!r}",
                seg.sourceline,
                tuid,
            )
        )
        return True


def _same(item: ReadItem) -> ReadItem:
    return item


def _note(el: etree._Element) -> Note:
    return Note(el.text or "", el.get(XML_LANG) or el.get("lang"), el.get("o-encoding"))


def _prop(el: etree._Element) -> Prop:
    return Prop(el.get("type") or "", el.text or "", el.get(XML_LANG) or el.get("lang"), el.get("o-encoding"))


def _check_dates(attrs: dict[str, str], issues: list[UnitIssue], line: int | None, tuid: str | None) -> None:
    if not attrs:
        return
    for name in DATE_ATTRS:
        value = attrs.get(name)
        if value is not None and not TMX_DATE.match(value):
            issues.append(
                UnitIssue("warning", "bad-date", f"{name}={value!r} is not a TMX date (YYYYMMDDThhmmssZ)", line, tuid)
            )
