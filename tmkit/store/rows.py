"""Turning read units into ready-to-insert rows, and the producer thread of an import.

`prepare(unit)` computes everything a row needs (JSON of notes/props/attrs, promoted dates,
duplicate key, content hash) from plain values, so that the writer only binds and inserts.
The content hash is taken over exactly the strings that are stored, so "unchanged" means
"the stored row would not change".

`prepared_chunks` reads and prepares units in chunks for the writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from tmkit.formats.tmx.reader import ReadItem, UnitIssue
from tmkit.model import TranslationUnit
from tmkit.model.unit import digest
from tmkit.store.codec import dump_attrs, dump_notes, dump_props

PROMOTED = ("creationdate", "creationid", "changedate", "changeid")
_PROMOTED_SET = frozenset(PROMOTED)
_NONE = "\x00"

# (tuid, srclang, creation_date, creation_id, change_date, change_id, attrs, notes, props)
UnitFields = tuple[Any, ...]
# (pos, lang, lang_orig, text, markup, attrs, notes, props)
VariantFields = tuple[Any, ...]


class Prepared:
    """One read unit, ready for the database (or only its issues when it failed)."""

    __slots__ = ("issues", "fields", "variants", "key", "chash")

    def __init__(
        self,
        issues: list[UnitIssue],
        fields: UnitFields | None = None,
        variants: list[VariantFields] | None = None,
        key: bytes = b"",
        chash: bytes = b"",
    ) -> None:
        self.issues = issues
        self.fields = fields
        self.variants = variants
        self.key = key
        self.chash = chash


def prepare(unit: TranslationUnit, issues: list[UnitIssue]) -> Prepared:
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
    parts = [_NONE if f is None else f for f in fields]
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
        # every field but pos and lang_orig (the original tag is provenance, not content)
        parts.extend(_NONE if f is None else f for i, f in enumerate(row) if i not in (0, 2))
    return Prepared(issues, fields, variants, unit.duplicate_key(), digest(parts))


def prepare_item(item: ReadItem) -> Prepared:
    if item.unit is None:
        return Prepared(item.issues)
    return prepare(item.unit, item.issues)


def prepared_chunks(items: Iterable[ReadItem], chunk: int) -> Iterator[list[Prepared]]:
    """Read and prepare units in chunks of `chunk`.

    (A background reader thread was measured slower: both halves are Python work and contend
    for the GIL. See docs/benchmarks.md.)
    """
    it = iter(items)
    while True:
        batch = [prepare_item(item) for item in islice(it, chunk)]
        if not batch:
            return
        yield batch
