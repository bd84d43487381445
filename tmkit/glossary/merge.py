"""Merging an imported glossary into an existing one, concept by concept.

An incoming concept joins an existing concept when it has the same id, or else when exactly one
concept of the glossary as it was before the import already has one of its terms (same language,
same text after typographic folding and case folding). Otherwise it is added as a new concept,
keeping its id when it is free. Concepts of one import never join each other: two entries of a
term list that share a word ("quarantine" the noun and the verb) stay two concepts.

Within a joined concept, a term that is not there yet is added; a term that is there with another
status, type or note is a *conflict*: `keep` (default) leaves the existing term as it is and
reports it, `replace` takes the incoming values. Empty concept columns (definition, note) are
filled from the incoming concept; filled ones are never overwritten.
Terms in languages a termbase does not hold (anything but en, zh-CN, zh-TW, zh-HK) are left out
and counted.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from tmkit.model.term import TERM_LANGS, Concept, Glossary, Term
from tmkit.text.fold import term_key


@dataclass
class MergeReport:
    concepts_added: int = 0
    concepts_joined: int = 0
    terms_added: int = 0
    terms_unchanged: int = 0
    terms_replaced: int = 0
    terms_other_lang: int = 0
    conflicts: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)  # ids of concepts added or changed

    def to_dict(self) -> dict[str, object]:
        return {
            "concepts_added": self.concepts_added,
            "concepts_joined": self.concepts_joined,
            "terms_added": self.terms_added,
            "terms_unchanged": self.terms_unchanged,
            "terms_replaced": self.terms_replaced,
            "terms_other_lang": self.terms_other_lang,
            "conflicts": list(self.conflicts),
            "concepts_changed": sorted(self.touched),
        }


def merge_glossaries(base: Glossary, incoming: Glossary, *, on_conflict: str = "keep") -> MergeReport:
    """Merge `incoming` into `base` in place."""
    report = MergeReport()
    index: dict[tuple[str, str], set[str]] = {}
    for concept in base:
        for t in concept.terms:
            index.setdefault((t.lang, term_key(t.text)), set()).add(concept.id)
    for inc in incoming:
        terms = [t for t in inc.terms if t.lang in TERM_LANGS]
        report.terms_other_lang += len(inc.terms) - len(terms)
        if not terms:
            continue
        target = base.get(inc.id)
        if target is None:
            owners: set[str] = set()
            for t in terms:
                owners |= index.get((t.lang, term_key(t.text)), set())
            if len(owners) == 1:
                target = base.get(owners.pop())
        if target is None:
            new = copy.copy(inc)
            new.terms = [copy.copy(t) for t in terms]
            new.path = None
            base.add(new)  # its id is free: a concept with the same id would have been joined
            report.concepts_added += 1
            report.terms_added += len(new.terms)
            report.touched.add(new.id)
            continue  # not indexed: concepts of one import never join each other
        report.concepts_joined += 1
        changed = False
        for name in ("definition", "note"):
            if not getattr(target, name) and getattr(inc, name):
                setattr(target, name, getattr(inc, name))
                changed = True
        for t in terms:
            existing = _find(target, t)
            if existing is None:
                added = copy.copy(t)
                if added.status == "preferred" and any(
                    x.lang == added.lang and x.status == "preferred" and x.type == added.type for x in target.terms
                ):
                    added.status = "admitted"  # one preferred form stays preferred
                target.terms.append(added)
                report.terms_added += 1
                changed = True
            elif _same(existing, t):
                report.terms_unchanged += 1
            elif on_conflict == "replace":
                existing.status, existing.type = t.status, t.type
                existing.pos = t.pos or existing.pos
                existing.usage = t.usage or existing.usage
                report.terms_replaced += 1
                changed = True
            else:
                report.terms_unchanged += 1
                report.conflicts.append(
                    f"{target.id}: {t.text!r} ({t.lang}) is {_describe(existing)} here and "
                    f"{_describe(t)} in the import; kept ours"
                )
        if changed:
            report.touched.add(target.id)
    return report


def _find(concept: Concept, term: Term) -> Term | None:
    for t in concept.terms:
        if t.lang == term.lang and t.text == term.text:
            return t
    return None


def _same(a: Term, b: Term) -> bool:
    return (
        a.status == b.status
        and a.type == b.type
        and (not b.pos or a.pos == b.pos)
        and (not b.usage or a.usage == b.usage)
    )


def _describe(t: Term) -> str:
    parts = [t.status, t.type] + ([t.pos] if t.pos else [])
    text = "/".join(parts)
    return f"{text} (usage {t.usage!r})" if t.usage else text
