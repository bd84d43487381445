"""`tmkit tm validate`: check a TMX file against TMX 1.4b and the rules CAT tools enforce,
without importing it. Streaming, so it works on files of any size.

Every finding has a stable rule id (docs/reference/tm-validate.md lists them), a severity
(`error`: the file breaks TMX 1.4b or a CAT tool will reject it; `warning`: it is legal but
will cause trouble), the line, and a message. Optionally (`dtd=`) the whole file is also
validated against a DTD with lxml (this one loads the file into memory).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml import etree

from tmkit.errors import InputError
from tmkit.formats.source import SAFE_PARSER_OPTIONS, open_xml_source, syntax_error
from tmkit.formats.tmx.reader import DATE_ATTRS, KNOWN_VERSIONS, TMX_DATE, XML_LANG
from tmkit.text.langtags import normalize_lang

REQUIRED_HEADER = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype")
SEGTYPES = frozenset({"block", "paragraph", "sentence", "phrase"})
_INLINE = frozenset({"bpt", "ept", "it", "ph", "hi", "ut"})
CHILDREN: dict[str, frozenset[str]] = {
    "tmx": frozenset({"header", "body"}),
    "header": frozenset({"note", "prop", "ude"}),
    "body": frozenset({"tu"}),
    "tu": frozenset({"note", "prop", "tuv"}),
    "tuv": frozenset({"note", "prop", "seg"}),
    "ude": frozenset({"map"}),
    "seg": _INLINE,
    "hi": _INLINE,
    "sub": _INLINE,
    "bpt": frozenset({"sub"}),
    "ept": frozenset({"sub"}),
    "it": frozenset({"sub"}),
    "ph": frozenset({"sub"}),
    "ut": frozenset({"sub"}),
    "note": frozenset(),
    "prop": frozenset(),
    "map": frozenset(),
}
_COMMON = ("o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
           "creationdate", "creationid", "changedate", "changeid", "o-tmf")  # fmt: skip
ATTRS: dict[str, frozenset[str]] = {
    "tmx": frozenset({"version"}),
    "header": frozenset({*REQUIRED_HEADER, "o-encoding", "creationdate", "creationid", "changedate", "changeid"}),
    "body": frozenset(),
    "note": frozenset({"o-encoding", XML_LANG, "lang"}),
    "prop": frozenset({"type", "o-encoding", XML_LANG, "lang"}),
    "ude": frozenset({"name", "base"}),
    "map": frozenset({"unicode", "code", "ent", "subst"}),
    "tu": frozenset({*_COMMON, "tuid", "segtype", "srclang"}),
    "tuv": frozenset({*_COMMON, XML_LANG, "lang"}),
    "seg": frozenset(),
    "bpt": frozenset({"i", "x", "type"}),
    "ept": frozenset({"i"}),
    "sub": frozenset({"datatype", "type"}),
    "it": frozenset({"pos", "x", "type"}),
    "ph": frozenset({"x", "assoc", "type"}),
    "hi": frozenset({"x", "type"}),
    "ut": frozenset({"x"}),
}
REQUIRED_ATTRS = {
    "prop": ("type",),
    "ude": ("name",),
    "map": ("unicode",),
    "bpt": ("i",),
    "ept": ("i",),
    "it": ("pos",),
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    line: int | None
    message: str
    column: int | None = None


@dataclass
class ValidationReport:
    path: str
    version: str | None = None
    units: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "version": self.version,
            "units": self.units,
            "errors": self.errors,
            "warnings": self.warnings,
            "ok": self.ok,
            "findings": [asdict(f) for f in self.findings],
        }


def _local(name: str) -> str:
    return "xml:lang" if name == XML_LANG else name


class _Validator:
    def __init__(self, report: ValidationReport) -> None:
        self.r = report
        self.stack: list[str] = []
        self.last_child: list[str | None] = []
        self.tuids: dict[str, int] = {}
        self.seen_header = False

    def add(self, rule: str, severity: str, line: int | None, message: str) -> None:
        self.r.findings.append(Finding(rule, severity, line, message))

    def start(self, el: etree._Element) -> None:
        tag = el.tag
        line = el.sourceline
        if not isinstance(tag, str):
            return
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            if tag != "tmx":
                raise InputError(
                    f"the root element is <{tag}>, not <tmx>: this is not a TMX file", path=self.r.path, line=line
                )
            self._root(el)
        elif tag not in CHILDREN.get(parent, frozenset()):
            self.add("content-model", "error", line, f"<{tag}> is not allowed inside <{parent}>")
        else:
            self._order(parent, tag, line)
        if tag in ATTRS:
            for name in el.attrib:
                if name not in ATTRS[tag]:
                    self.add("attribute", "error", line, f"attribute {_local(name)!r} is not allowed on <{tag}>")
            for name in REQUIRED_ATTRS.get(tag, ()):
                if el.get(name) is None:
                    self.add("required-attribute", "error", line, f"<{tag}> needs a {name!r} attribute")
        check = getattr(self, f"_start_{tag}", None)
        if check is not None:
            check(el, line)
        self.stack.append(tag)
        self.last_child.append(None)

    def _order(self, parent: str, tag: str, line: int | None) -> None:
        prev = self.last_child[-1]
        self.last_child[-1] = tag
        if parent == "tmx" and (tag == "header" and prev is not None or tag == "body" and prev != "header"):
            self.add("content-model", "error", line, "<tmx> must hold <header> then <body>")
        elif parent == "tu" and tag in ("note", "prop") and prev == "tuv":
            self.add("content-model", "error", line, f"<{tag}> must come before the <tuv> elements of its <tu>")
        elif parent == "tuv" and prev == "seg":
            self.add(
                "content-model",
                "error",
                line,
                f"<{tag}> after <seg>: a <tuv> holds notes and props, then exactly one <seg>",
            )

    def _root(self, el: etree._Element) -> None:
        version = el.get("version")
        self.r.version = version
        if version is None:
            self.add("version", "error", el.sourceline, "<tmx> has no version attribute")
        elif version not in KNOWN_VERSIONS:
            self.add("version", "error", el.sourceline, f"unknown TMX version {version!r}")
        elif version != "1.4":
            self.add(
                "version",
                "warning",
                el.sourceline,
                f'TMX {version}: tools that validate against TMX 1.4b expect version="1.4"',
            )

    def _start_header(self, el: etree._Element, line: int | None) -> None:
        self.seen_header = True
        for name in REQUIRED_HEADER:
            if not el.get(name):
                self.add("header-attribute", "error", line, f"the header lacks the required {name!r} attribute")
        seg = el.get("segtype")
        if seg and seg not in SEGTYPES:
            self.add("segtype", "error", line, f"segtype={seg!r}; use block, paragraph, sentence or phrase")
        if el.get("creationtool") == "OmegaT":
            self.add(
                "creationtool",
                "warning",
                line,
                'creationtool="OmegaT" makes OmegaT read the file with its own-project parser',
            )
        src = el.get("srclang")
        if src and src != "*all*":
            self._lang(src, line, "srclang")

    def _start_tu(self, el: etree._Element, line: int | None) -> None:
        tuid = el.get("tuid")
        if tuid is not None:
            first = self.tuids.get(tuid)
            if first is not None:
                self.add("duplicate-tuid", "warning", line, f"tuid {tuid!r} was already used on line {first}")
            else:
                self.tuids[tuid] = line or 0
        seg = el.get("segtype")
        if seg and seg not in SEGTYPES:
            self.add("segtype", "error", line, f"segtype={seg!r}; use block, paragraph, sentence or phrase")
        self._dates(el, line)

    def _start_tuv(self, el: etree._Element, line: int | None) -> None:
        lang = el.get(XML_LANG)
        if lang is None and el.get("lang") is not None:
            lang = el.get("lang")
            self.add("deprecated-lang", "warning", line, "<tuv lang=...> is TMX 1.1; TMX 1.4 uses xml:lang")
        if not lang:
            self.add("tuv-lang", "error", line, "<tuv> has no xml:lang: OmegaT rejects the whole file")
        else:
            self._lang(lang, line, "xml:lang")
        self._dates(el, line)

    def _start_it(self, el: etree._Element, line: int | None) -> None:
        pos = el.get("pos")
        if pos is not None and pos not in ("begin", "end"):
            self.add("it-pos", "error", line, f"<it pos={pos!r}>: pos is begin or end")

    def _lang(self, tag: str, line: int | None, what: str) -> None:
        if normalize_lang(tag) is None:
            self.add("language-tag", "error", line, f"{what}={tag!r} is not a language tag")
        elif "_" in tag:
            self.add(
                "language-tag",
                "warning",
                line,
                f"{what}={tag!r} uses '_'; language tags are hyphenated ({tag.replace('_', '-')})",
            )

    def _dates(self, el: etree._Element, line: int | None) -> None:
        for name in DATE_ATTRS:
            value = el.get(name)
            if value is not None and not TMX_DATE.match(value):
                self.add("date", "warning", line, f"{name}={value!r} is not a TMX date (YYYYMMDDThhmmssZ)")

    def end(self, el: etree._Element) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        self.stack.pop()
        children = self.last_child.pop()
        line = el.sourceline
        if tag == "tu":
            self.r.units += 1
            tuvs = sum(1 for c in el if c.tag == "tuv")
            if tuvs == 0:
                self.add("tu-empty", "error", line, "<tu> has no <tuv>")
            elif tuvs == 1:
                self.add("single-tuv", "warning", line, "<tu> has only one <tuv>: nothing to translate to")
            el.clear(keep_tail=True)
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
        elif tag == "tuv":
            segs = sum(1 for c in el if c.tag == "seg")
            if segs != 1:
                self.add("tuv-seg", "error", line, f"<tuv> holds {segs} <seg> elements; TMX needs exactly one")
        elif tag == "seg":
            self._seg(el, line)
        elif tag == "ude" and children is None:
            self.add("content-model", "error", line, "<ude> needs at least one <map>")
        elif tag == "ude" and el.get("base") is None and any(c.get("code") is not None for c in el):
            self.add("required-attribute", "error", line, "<ude> needs base= when a <map> has code=")

    def _seg(self, el: etree._Element, line: int | None) -> None:
        text = "".join(el.itertext())
        if not text and len(el) == 0:
            self.add("empty-seg", "warning", line, "empty <seg>: an empty translation is worse than none")
            return
        first = (el.text or "")[:1]
        last = ((el[-1].tail if len(el) else el.text) or "")[-1:]
        if first.isspace() or last.isspace():
            self.add(
                "seg-padding",
                "warning",
                line,
                "whitespace at the start or end of <seg>: OmegaT's exact match then fails",
            )
        begins = [c.get("i") for c in el.iter("bpt")]
        ends = [c.get("i") for c in el.iter("ept")]
        for i in sorted(set(begins) - set(ends), key=str):
            self.add(
                "bpt-ept",
                "error",
                line,
                f"<bpt i={i!r}> has no matching <ept> in this segment (use <it> for an isolated code)",
            )
        for i in sorted(set(ends) - set(begins), key=str):
            self.add(
                "bpt-ept",
                "error",
                line,
                f"<ept i={i!r}> has no matching <bpt> in this segment (use <it> for an isolated code)",
            )


def validate_tmx(path: str | os.PathLike[str], *, dtd: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Validate one TMX file. Unreadable files (missing, empty, hostile) raise InputError;
    a file that is not well-formed gives an `xml-syntax` error finding with line and column."""
    spath = os.fspath(path)
    report = ValidationReport(spath)
    source = open_xml_source(spath)
    v = _Validator(report)
    try:
        for event, el in etree.iterparse(source.stream, events=("start", "end"), **SAFE_PARSER_OPTIONS):
            if event == "start":
                v.start(el)
            else:
                v.end(el)
    except etree.XMLSyntaxError as err:
        e = syntax_error(spath, err, source.encoding)
        report.findings.append(Finding("xml-syntax", "error", e.line, e.message, e.column))
        return report
    finally:
        source.close()
    if not v.seen_header:
        report.findings.append(Finding("header-missing", "error", None, "the file has no <header>"))
    if dtd is not None:
        _validate_dtd(spath, dtd, report)
    return report


def _validate_dtd(path: str, dtd_path: str | os.PathLike[str], report: ValidationReport) -> None:
    try:
        dtd = etree.DTD(os.fspath(dtd_path))
    except (etree.DTDParseError, OSError) as e:
        raise InputError(f"cannot read the DTD: {e}", path=os.fspath(dtd_path)) from None
    source = open_xml_source(path)
    try:
        parser = etree.XMLParser(**SAFE_PARSER_OPTIONS)  # type: ignore[arg-type]
        tree = etree.parse(source.stream, parser)
    finally:
        source.close()
    if not dtd.validate(tree):
        for entry in dtd.error_log.filter_from_errors():
            report.findings.append(Finding("dtd", "error", entry.line, entry.message, entry.column))
