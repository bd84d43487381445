"""Example sentences for a concept: memory units whose text contains one of its terms.

SQLite narrows the candidates with `instr()` on a needle taken from the term (which, unlike an
FTS5 trigram index, also finds two-character Chinese terms); the term matcher then keeps only real
hits (word boundaries, case rules, longest match, typographic folding), so "CAS" does not bring up
"CASE" and "Gu'an" does bring up "Gu’an". A full index comes with the concordance issue.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from tmkit.model.term import Concept
from tmkit.terms import TermMatcher

CANDIDATES_PER_TERM = 2000
_RUN = re.compile(r"[^\W_]+")


def needle(term: str) -> str:
    """What SQL looks for: the longest run of letters, digits or Han characters of the term, lower
    case, without a final y (so "laboratory" also finds "laboratories"). Apostrophes, hyphens and
    spaces are left out because the text may write them differently (Gu’an for Gu'an); the term
    matcher then decides which candidates really hold the term."""
    runs = _RUN.findall(term.lower()) or [term.lower()]
    best = max(runs, key=len)
    if len(best) > 3 and best.endswith("y") and best.isascii():
        best = best[:-1]
    return best


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
            "SELECT unit_id, lang, text FROM variants WHERE instr(lower(text), ?) > 0 ORDER BY unit_id LIMIT ?",
            (needle(term.text), CANDIDATES_PER_TERM),
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
