"""Looking a term up: exact, then prefix and substring, then typo-tolerant.

The query and every term are compared by their *key* (typographic fold, lower case, single
spaces: "Gu’an" finds "Gu'an", "ＣＡＳ" finds "CAS"). The first stage that finds anything
answers; typo tolerance (rapidfuzz's normalised Indel similarity, at least 75%) runs only when
nothing matched exactly, by prefix or by substring, so "Urumuqi" finds Urumqi, while a query
that is a prefix or part of some term ("Novosib") is answered by those terms, not by look-alikes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tmkit.model.term import Concept, Glossary, Term, status_rank
from tmkit.text.fold import has_han, term_key

STAGES = ("exact", "prefix", "substring", "fuzzy")
FUZZY_CUTOFF = 75.0
MIN_SUBSTRING = 2  # characters; one Han character or letter matches too much


@dataclass(frozen=True)
class LookupHit:
    concept: Concept
    term: Term  # the term the query matched
    how: str  # exact, prefix, substring or fuzzy
    score: float  # 100 for exact; similarity for the others

    def to_dict(self) -> dict[str, object]:
        c = self.concept
        pref_en = c.preferred("en")
        pref_zh = c.preferred("zh-CN")
        return {
            "concept": c.id,
            "subject": c.subject,
            "matched": {
                "term": self.term.text,
                "lang": self.term.lang,
                "status": self.term.status,
                "type": self.term.type,
                "how": self.how,
                "score": round(self.score, 1),
            },
            "preferred": {"en": pref_en.text if pref_en else None, "zh-CN": pref_zh.text if pref_zh else None},
            "terms": [
                {"lang": t.lang, "term": t.text, "status": t.status, "type": t.type, "usage": t.usage, "pos": t.pos}
                for t in sorted(c.terms, key=Term.sort_key)
            ],
            "definition": c.definition,
            "note": c.note,
            "source": c.source,
            "confidence": c.confidence,
        }


class TermIndex:
    """All terms of a glossary by key, for lookups. Cheap to build (no automaton)."""

    def __init__(self, glossary: Glossary) -> None:
        self.entries: list[tuple[str, Concept, Term]] = []
        for concept in glossary:
            for term in concept.terms:
                key = term_key(term.text)
                if key:
                    self.entries.append((key, concept, term))
        self.keys = [k for k, _, _ in self.entries]

    def lookup(self, query: str, *, limit: int = 5) -> list[LookupHit]:
        q = term_key(query)
        if not q:
            return []
        exact = [(c, t, 100.0) for k, c, t in self.entries if k == q]
        if exact:
            return _best_per_concept(exact, "exact", limit)
        prefix = [(c, t, 100.0 * len(q) / len(k)) for k, c, t in self.entries if k.startswith(q)]
        if prefix and _long_enough(q):
            return _best_per_concept(prefix, "prefix", limit)
        if _long_enough(q):
            sub = [(c, t, 100.0 * len(q) / len(k)) for k, c, t in self.entries if q in k]
            if sub:
                return _best_per_concept(sub, "substring", limit)
        found = process.extract(q, self.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit * 4)
        fuzzy = [(self.entries[i][1], self.entries[i][2], score) for _, score, i in found]
        return _best_per_concept(fuzzy, "fuzzy", limit)


def _long_enough(q: str) -> bool:
    return len(q) >= MIN_SUBSTRING if has_han(q) else len(q) >= MIN_SUBSTRING + 1


def _best_per_concept(found: list[tuple[Concept, Term, float]], how: str, limit: int) -> list[LookupHit]:
    best: dict[str, tuple[Concept, Term, float]] = {}
    for c, t, score in found:
        old = best.get(c.id)
        if old is None or (score, -status_rank(t.status)) > (old[2], -status_rank(old[1].status)):
            best[c.id] = (c, t, score)
    ranked = sorted(best.values(), key=lambda x: (-x[2], status_rank(x[1].status), len(x[1].text), x[0].id))
    return [LookupHit(c, t, how, score) for c, t, score in ranked[:limit]]


def lookup_terms(glossary: Glossary, query: str, *, limit: int = 5) -> list[LookupHit]:
    return TermIndex(glossary).lookup(query, limit=limit)
