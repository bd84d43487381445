"""Turning read units into ready-to-insert rows.

A prepared unit is a plain tuple `(fields, variants)`: the unit's column values and one tuple
per variant. Plain tuples (and issues as plain tuples) keep the rows cheap to build and to send
between processes with `marshal`. The writing side adds the duplicate key and the content hash
with `KeyMaker` (it has spare time while the reading side parses).

Two ways lead to the rows, with the same result:

* `prepare(unit)`, from a `TranslationUnit` the reader built (any unit);
* `FastPath.prepare(tu, ...)`, straight from the parsed `<tu>` element, for the common unit: only
  `<tuv>`, `<note>` and `<prop>` children, every `<seg>` not empty, without mojibake candidate
  and (for inline codes) read without warnings, valid dates, at least two variants. It returns None for
  anything else, and the reader's full path handles the unit. tests/test_fastpath.py checks that
  both give identical rows.

The content hash is taken over exactly the strings that are stored, so "unchanged" means "the
stored row would not change".
"""

from __future__ import annotations

from collections.abc import Iterator
from hashlib import blake2b
from typing import Any

from lxml import etree

from tmkit.formats.tmx.inline import InlineError, read_segment, text_slots
from tmkit.formats.tmx.reader import TMX_DATE, XML_LANG, ReadItem, TmxReader, UnitIssue, _note, _prop
from tmkit.model import TranslationUnit
from tmkit.store.codec import dump_attrs, dump_notes, dump_props
from tmkit.text.langtags import normalize_lang
from tmkit.text.mojibake import looks_like_mojibake

PROMOTED = ("creationdate", "creationid", "changedate", "changeid")
_PROMOTED_SET = frozenset(PROMOTED)
_DATE_ATTRS = ("creationdate", "changedate", "lastusagedate")
_NONE_PART = "1:\x00"  # how a NULL column enters the hashes: the string "\x00"
_DATE = TMX_DATE.match
_SEP = "\x1f"  # between the hashed parts

# (tuid, srclang, creation_date, creation_id, change_date, change_id, attrs, notes, props)
UnitFields = tuple[Any, ...]
# (tuid, srclang, creation_date, creation_id, change_date, change_id, attrs): UnitFields minus two
UnitHead = tuple[Any, ...]
# (pos, lang, lang_orig, text, markup, attrs, notes, props)
VariantFields = tuple[Any, ...]
# (fields, variants): what the reading side produces; `unit_keys` adds the two hashes
Prepared = tuple[UnitFields, list[VariantFields]]
# (severity, code, message, line, tuid), the fields of a UnitIssue
IssueFields = tuple[str, str, str, "int | None", "str | None"]


def _hash(joined: str) -> bytes:
    try:
        data = joined.encode()  # the common case, twice as fast as with an error handler
    except UnicodeEncodeError:  # lone surrogates: the same bytes for everything else
        data = joined.encode("utf-8", "surrogatepass")
    return blake2b(data, digest_size=16).digest()


def hash_parts(parts: list[str | None]) -> bytes:
    """The 16-byte digest of `tmkit.model.unit.digest`, with None standing for "\\x00"."""
    return _hash("\x1f".join([_NONE_PART if p is None else f"{len(p)}:{p}" for p in parts]))


class KeyMaker:
    """`unit_keys` with a cache of the hashed language sets."""

    def __init__(self) -> None:
        self._lang_sets: dict[tuple[str, ...], bytes] = {}

    def __call__(self, fields: UnitFields, variants: list[VariantFields]) -> tuple[bytes, bytes]:
        """(duplicate key, content hash) of prepared rows.

        The duplicate key is `TranslationUnit.duplicate_key()`: with a tuid, the tuid and the set
        of languages; without, the content (markup, else text) in every language. The content
        hash covers every stored column but pos and lang_orig (the original tag is provenance,
        not content): `digest([*fields, *(lang, text, markup, attrs, notes, props) per variant])`
        with NULL as "\\x00".

        For speed, the hashed string is fed to BLAKE2b in pieces, each encoded on its own: a
        segment's text (often Chinese) is encoded alone, so the ASCII around it is not widened
        and encoded as Chinese, and no long string is built. UTF-8 encodes every character on its
        own, so the bytes, and the digests, are those of the whole string (`_slow_keys`, used
        when a piece holds a lone surrogate, hashes the whole string as before; tested).
        """
        try:
            tuid = fields[0]
            if tuid:
                langs = tuple([v[1] for v in variants])
                tail = self._lang_sets.get(langs)
                if tail is None:
                    tail = _lang_set_tail(langs)
                    self._lang_sets[langs] = tail
                h = _TUID_KEY.copy()
                h.update(f"{len(tuid)}:{tuid}".encode())
                h.update(tail)
                key = h.digest()
            else:
                key = _text_key(variants)
            h = _EMPTY.copy()
            update = h.update
            update(_SEP.join([_NONE_PART if f is None else f"{len(f)}:{f}" for f in fields]).encode())
            for _pos, lang, _orig, text, markup, attrs, notes, props in variants:
                if markup is None and attrs is None and notes is None and props is None:
                    update(f"\x1f{len(lang)}:{lang}\x1f{len(text)}:".encode())
                    update(text.encode())
                    update(_NO_VARIANT_EXTRAS_BYTES)
                else:
                    update(("\x1f" + _SEP.join([_part(x) for x in (lang, text, markup, attrs, notes, props)])).encode())
            return key, h.digest()
        except UnicodeEncodeError:
            return _slow_keys(fields, variants)


def _lang_set_tail(langs: tuple[str, ...]) -> bytes:
    return ("\x1f" + _SEP.join([_part(lang) for lang in sorted(set(langs))])).encode("utf-8", "surrogatepass")


def _text_key(variants: list[VariantFields]) -> bytes:
    key_parts: list[str | None] = ["text"]
    for lang, content in sorted([(v[1], v[3] if v[4] is None else v[4]) for v in variants]):
        key_parts += (lang, content)
    return hash_parts(key_parts)


def _slow_keys(fields: UnitFields, variants: list[VariantFields]) -> tuple[bytes, bytes]:
    """`KeyMaker` the plain way: each string built whole, then hashed (any string)."""
    tuid = fields[0]
    if tuid:
        tail = _SEP.join([_part(lang) for lang in sorted({v[1] for v in variants})])
        key = _hash(f"4:tuid\x1f{len(tuid)}:{tuid}\x1f{tail}")
    else:
        key = _text_key(variants)
    hashed = [_part(f) for f in fields]
    for _pos, lang, _orig, text, markup, attrs, notes, props in variants:
        hashed.extend(_part(x) for x in (lang, text, markup, attrs, notes, props))
    return key, _hash(_SEP.join(hashed))


def issue_fields(issue: UnitIssue) -> IssueFields:
    return (issue.severity, issue.code, issue.message, issue.line, issue.tuid)


def prepare(unit: TranslationUnit) -> Prepared:
    attrs = unit.attrs
    if attrs:
        promoted = tuple(attrs.get(name) for name in PROMOTED)
        rest = {k: v for k, v in attrs.items() if k not in _PROMOTED_SET}
        attrs_json = dump_attrs(rest)
    else:
        promoted = (None, None, None, None)
        attrs_json = None
    notes_json = dump_notes(unit.notes) if unit.notes else None
    props_json = dump_props(unit.props) if unit.props else None
    fields = (unit.tuid, unit.srclang, *promoted, attrs_json, notes_json, props_json)
    variants = []
    for pos, v in enumerate(unit.variants):
        row = (
            pos,
            v.lang,
            v.lang_orig,
            v.text,
            v.markup,
            dump_attrs(v.attrs) if v.attrs else None,
            dump_notes(v.notes) if v.notes else None,
            dump_props(v.props) if v.props else None,
        )
        variants.append(row)
    return fields, variants


def _dates_ok(attrs: dict[str, str]) -> bool:
    for name in _DATE_ATTRS:
        value = attrs.get(name)
        if value is not None and not TMX_DATE.match(value):
            return False
    return True


def _part(value: str | None) -> str:
    return _NONE_PART if value is None else f"{len(value)}:{value}"


_NO_VARIANT_EXTRAS = "\x1f".join([_NONE_PART] * 4)  # markup, attrs, notes, props all NULL
_NO_VARIANT_EXTRAS_BYTES = ("\x1f" + _NO_VARIANT_EXTRAS).encode()
_EMPTY = blake2b(digest_size=16)
_TUID_KEY = blake2b(b"4:tuid\x1f", digest_size=16)


class FastPath:
    """The fast path, with a cache of normalised language tags (one instance per file)."""

    def __init__(self, bare_zh: str) -> None:
        self.bare_zh = bare_zh
        self._langs: dict[str, str | None] = {}

    def _lang(self, raw: str) -> str | None:
        try:
            return self._langs[raw]
        except KeyError:
            lang = self._langs[raw] = normalize_lang(raw, self.bare_zh)
            return lang

    def unit_head(self, attrs: dict[str, str], header_srclang: str | None) -> UnitHead | None:
        """(tuid, srclang, creation_date, creation_id, change_date, change_id, attrs) from the
        `<tu>` attributes (a dict in document order, consumed); None for an invalid date."""
        tuid = attrs.pop("tuid", None)
        srclang = header_srclang
        if not attrs:
            return tuid, srclang, None, None, None, None, None
        srclang_raw = attrs.pop("srclang", None)
        if srclang_raw and srclang_raw != "*all*":
            srclang = self._lang(srclang_raw) or srclang
        cdate = attrs.pop("creationdate", None)
        if cdate is not None and not _DATE(cdate):
            return None
        chdate = attrs.pop("changedate", None)
        if chdate is not None and not _DATE(chdate):
            return None
        cid = attrs.pop("creationid", None)
        chid = attrs.pop("changeid", None)
        if attrs:
            last = attrs.get("lastusagedate")
            if last is not None and not _DATE(last):
                return None
            attrs_json = dump_attrs(attrs)
        else:
            attrs_json = None
        return tuid, srclang, cdate, cid, chdate, chid, attrs_json

    def prepare(self, tu: etree._Element, header_srclang: str | None) -> Prepared | None:
        """Rows for a common `<tu>`, read straight from the element; None means "use the full
        path". Must agree exactly with `TmxReader._read_tu` + `prepare` on every unit it takes."""
        head = self.unit_head(dict(tu.attrib), header_srclang)
        if head is None:
            return None
        notes = None
        props = None
        variants: list[VariantFields] = []
        for child in tu:
            tag = child.tag
            if tag == "tuv":
                attrib = child.attrib
                if len(attrib) == 1 and len(child) == 1:  # <tuv xml:lang="..."><seg>text</seg></tuv>
                    lang_raw = attrib.get(XML_LANG)
                    seg = child[0]
                    if lang_raw and seg.tag == "seg" and not len(seg):
                        lang = self._lang(lang_raw)
                        text = seg.text
                        if lang is not None and text and (lang[:2] != "zh" or not looks_like_mojibake(text)):
                            variants.append((len(variants), lang, lang_raw, text, None, None, None, None))
                            continue
                vattrs = dict(attrib)
                lang_raw = vattrs.pop(XML_LANG, None)
                if vattrs:
                    legacy = vattrs.pop("lang", None)
                    if lang_raw is None:
                        lang_raw = legacy
                if not lang_raw:
                    return None
                lang = self._lang(lang_raw)
                if lang is None:
                    return None
                seg = None
                vnotes = None
                vprops = None
                for sub in child:
                    stag = sub.tag
                    if stag == "seg":
                        if seg is not None:
                            return None
                        seg = sub
                    elif stag == "note":
                        if vnotes is None:
                            vnotes = []
                        vnotes.append(_note(sub))
                    elif stag == "prop":
                        if vprops is None:
                            vprops = []
                        vprops.append(_prop(sub))
                    else:
                        return None
                if seg is None:
                    return None
                markup = None
                if len(seg):  # inline codes: the reader's own segment functions, minus the model
                    if lang[:2] == "zh" and looks_like_mojibake("".join([getattr(e, w) for e, w in text_slots(seg)])):
                        return None
                    try:
                        result = read_segment(seg)
                    except InlineError:
                        return None
                    if result.warnings:
                        return None
                    text, markup = result.text, result.markup
                    if not text and markup is None:
                        return None
                else:
                    text = seg.text
                    if not text or (lang[:2] == "zh" and looks_like_mojibake(text)):
                        return None
                if vattrs or vnotes or vprops:
                    if vattrs and not _dates_ok(vattrs):
                        return None
                    vattrs_json = dump_attrs(vattrs) if vattrs else None
                    vnotes_json = dump_notes(vnotes) if vnotes else None
                    vprops_json = dump_props(vprops) if vprops else None
                    variants.append(
                        (len(variants), lang, lang_raw, text, markup, vattrs_json, vnotes_json, vprops_json)
                    )
                else:
                    variants.append((len(variants), lang, lang_raw, text, markup, None, None, None))
            elif tag == "note":
                if notes is None:
                    notes = []
                notes.append(_note(child))
            elif tag == "prop":
                if props is None:
                    props = []
                props.append(_prop(child))
            else:
                return None
        if len(variants) < 2:
            return None
        notes_json = dump_notes(notes) if notes else None
        props_json = dump_props(props) if props else None
        return (*head, notes_json, props_json), variants


def prepared_units(
    reader: TmxReader, *, fast: bool = True, raw: bool = True
) -> Iterator[tuple[list[IssueFields], Prepared | None]]:
    """Read and prepare every unit of `reader`: (issues, rows or None when the unit failed).

    `fast`: take the fast path for the units it accepts; `raw`: also read the common units of a
    UTF-8 file straight from its text (`tmkit.store.rawpath`). Same result every way."""
    fast_path = FastPath(reader.bare_zh)
    prepare_fast = fast_path.prepare
    no_issues: list[IssueFields] = []

    def quick(tu: etree._Element) -> tuple[list[IssueFields], Prepared] | None:
        p = prepare_fast(tu, reader.header.srclang)
        return None if p is None else (no_issues, p)

    def full(item: ReadItem) -> tuple[list[IssueFields], Prepared | None]:
        issues = [issue_fields(i) for i in item.issues]
        return issues, (None if item.unit is None else prepare(item.unit))

    if not fast:
        return reader.convert(None, full)
    from tmkit.store import rawpath  # it builds on this module

    if raw and rawpath.usable(reader):
        return rawpath.raw_units(reader, fast_path, quick, full, lambda p: (no_issues, p))
    return reader.convert(quick, full)
