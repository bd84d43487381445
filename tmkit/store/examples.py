"""Example sentences for a concept: memory units whose text contains one of its terms.

SQLite narrows the candidates with `instr()` (which, unlike an FTS5 trigram index, also finds
two-character Chinese terms); the term matcher then keeps only real hits (word boundaries, case
rules, longest match), so "CAS" does not bring up "CASE".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from tmkit.model.term import Concept
from tmkit.terms import TermMatcher

CANDIDATES_PER_TERM = 200


@dataclass(frozen=True)
class Example:
    unit_id: int
    tuid: str | None
    origin: str
    texts: dict[str, str]  # lang -> text, every variant of the unit
    matched_lang: str
    matched: str  # the span that matched

    def to_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit_id,
            "tuid": self.tuid,
            "origin": self.origin,
            "texts": dict(self.texts),
            "matched_lang": self.matched_lang,
            "matched": self.matched,
        }


def _family(lang: str) -> str:
    return lang.split("-", 1)[0].lower()


def concept_examples(conn: sqlite3.Connection, concept: Concept, *, limit: int = 3) -> list[Example]:
    """Up to `limit` units that use a preferred or admitted term of `concept`, in memory order."""
    if limit <= 0:
        return []
    matcher = TermMatcher([concept], statuses=("preferred", "admitted"))
    usable = [t for t in concept.terms if t.status in ("preferred", "admitted")]
    found: dict[int, tuple[str, str]] = {}
    for term in sorted(usable, key=lambda t: (t.lang != "en", -len(t.text))):
        rows = conn.execute(
            "SELECT unit_id, lang, text FROM variants WHERE instr(lower(text), lower(?)) > 0 ORDER BY unit_id LIMIT ?",
            (term.text, CANDIDATES_PER_TERM),
        ).fetchall()
        for unit_id, lang, text in rows:
            if unit_id in found or _family(lang) != _family(term.lang):
                continue
            hits = matcher.find(text, term.lang)
            if hits:
                found[unit_id] = (lang, hits[0].text)
    out: list[Example] = []
    for unit_id in sorted(found)[:limit]:
        tuid, origin = conn.execute("SELECT tuid, origin FROM units WHERE id = ?", (unit_id,)).fetchone()
        texts = {
            lang: text
            for lang, text in conn.execute("SELECT lang, text FROM variants WHERE unit_id = ? ORDER BY pos", (unit_id,))
        }
        lang, span = found[unit_id]
        out.append(Example(unit_id, tuid, origin, texts, lang, span))
    return out
