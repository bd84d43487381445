"""Script-aware term matching over text: the engine behind term lookup, QA and alignment.

Build a `TermMatcher` once from a glossary, then call `find(text, langs)` per sentence. It returns
non-overlapping `TermMatch` spans (longest match first), each naming the concept, the term and its
status.

How it works (docs/explanation/term-matching.md):

* One Aho-Corasick automaton per term language, over *keys*: the term folded (typographic
  variants, full/half width, spaces) and lower-cased. Text is folded the same way, position for
  position, so a hit is a span of the original text.
* A term written in a spaced script (Latin...) must sit on word boundaries: the characters
  around it must not be letters or digits of a spaced script. A Han character is a boundary, so
  "CAS" is found in "中国科学院（CAS）" but not in "CASE". Terms in Han need no boundary.
* English plurals are keys too ("academicians", "laboratories"), except for names of people and
  places and for proper nouns; a plural never shadows a real term (the forbidden "Chinese Academy of
  Science" plus "s" is not the preferred "Chinese Academy of Sciences"). Possessives need nothing:
  the apostrophe is already a boundary.
* The case rule of each term is checked on the original span: `exact`, `initial` (each word's
  first letter may change case) or `ignore`.
* Overlaps are resolved longest first, then leftmost: in 中国科学院新疆分院 the whole name is one
  hit, not 中国科学院 + 新疆 + 分院.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from tmkit.model.term import NAME_SUBJECTS, Concept, Glossary, Term
from tmkit.text.fold import fold, fold_lower, fold_spaces, is_word_char, term_key


@dataclass(slots=True)
class TermMatch:
    """A term found in a text: `text[start:end]` is the matched span."""

    start: int
    end: int
    text: str  # the span as written in the text
    concept: Concept
    term: Term
    plural: bool = False
    case_ok: bool = True  # False only with report_case_mismatch: right words, wrong capitalisation

    @property
    def status(self) -> str:
        return self.term.status

    @property
    def concept_id(self) -> str:
        return self.concept.id

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "concept": self.concept.id,
            "term": self.term.text,
            "lang": self.term.lang,
            "status": self.term.status,
            "type": self.term.type,
            "plural": self.plural,
            "case_ok": self.case_ok,
        }


@dataclass(frozen=True)
class _Entry:
    concept: Concept
    term: Term
    case: str
    spaced_start: bool  # the term starts with a letter/digit of a spaced script
    spaced_end: bool
    suffix: str  # plural suffix added to the key ("", "s", "es", "ies")


def _plural_keys(key: str, acronym: bool) -> list[tuple[str, str]]:
    if not key or not key[-1].isalpha() or not key[-1].isascii():
        return []
    if acronym:
        return [(key + "s", "s")]  # SMEs; never "CASES" for CAS
    if key.endswith(("s", "x", "z", "sh")):
        return [(key + "es", "es")]
    if key.endswith("ch"):
        return [(key + "es", "es"), (key + "s", "s")]  # researches, techs
    if len(key) > 1 and key.endswith("y") and key[-2] not in "aeiou":
        return [(key[:-1] + "ies", "ies")]
    return [(key + "s", "s")]


def _inflects(concept: Concept, term: Term) -> bool:
    if term.lang != "en" and not term.lang.startswith("en-"):
        return False
    if term.pos == "proper-noun" or concept.subject in ("person", "place"):
        return False
    return term.pos in ("", "noun", "phrase") or term.type == "acronym"


def _case_ok(rule: str, span: str, term_text: str, suffix: str) -> bool:
    if rule == "ignore":
        return True
    if suffix and span[-len(suffix) :] != suffix:
        return False  # a plural ending is written in lower case: "CASES" is not the plural of CAS
    # compare the span without its plural suffix against the term, both folded but not lowered
    s = fold(span)
    t = fold(term_text)
    if suffix == "ies":
        s, t = s[:-3], t[:-1]
    elif suffix:
        s = s[: -len(suffix)]
    s = " ".join(s.split())
    t = " ".join(t.split())
    if rule == "exact":
        return s == t
    # initial: each word's first letter may differ in case, the rest must be exact
    sw, tw = s.split(" "), t.split(" ")
    if len(sw) != len(tw):
        return False
    return all(a[1:] == b[1:] and a[:1].lower() == b[:1].lower() for a, b in zip(sw, tw, strict=True))


class TermMatcher:
    """Finds glossary terms in text. Build once (it compiles automata), use for many texts."""

    def __init__(
        self,
        glossary: Glossary | Iterable[Concept],
        *,
        statuses: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
    ) -> None:
        concepts = list(glossary)
        self._automata: dict[str, ahocorasick.Automaton] = {}
        self._entries: list[list[_Entry]] = []
        keyed: dict[str, dict[str, int]] = {}  # lang -> key -> entries index
        plurals: list[tuple[str, str, _Entry]] = []
        for concept in concepts:
            for term in concept.terms:
                if statuses is not None and term.status not in statuses:
                    continue
                if langs is not None and term.lang not in langs:
                    continue
                key = term_key(term.text)
                if not key:
                    continue
                entry = _Entry(
                    concept,
                    term,
                    "ignore" if not _is_cased(term.text) else concept.effective_case(term),
                    is_word_char(key[0]),
                    is_word_char(key[-1]),
                    "",
                )
                self._add(keyed, term.lang, key, entry)
                if _inflects(concept, term):
                    for pkey, suffix in _plural_keys(key, term.type == "acronym"):
                        plurals.append((term.lang, pkey, _replace_suffix(entry, suffix)))
        for lang, pkey, entry in plurals:
            if pkey in keyed.get(lang, {}) and not self._entries[keyed[lang][pkey]][0].suffix:
                continue  # a real term wins over a generated plural
            self._add(keyed, lang, pkey, entry)
        for lang, keys in keyed.items():
            automaton = ahocorasick.Automaton()
            for key, index in keys.items():
                # what find() needs of the first entry, in the value: no attribute look-ups per hit
                first = self._entries[index][0]
                simple = first if len(self._entries[index]) == 1 and first.case == "ignore" else None
                automaton.add_word(key, (len(key), index, first.spaced_start, first.spaced_end, simple))
            automaton.make_automaton()
            self._automata[lang] = automaton
        self.term_count = sum(len(v) for v in self._entries)

    def _add(self, keyed: dict[str, dict[str, int]], lang: str, key: str, entry: _Entry) -> None:
        keys = keyed.setdefault(lang, {})
        index = keys.get(key)
        if index is None:
            keys[key] = len(self._entries)
            self._entries.append([entry])
        else:
            self._entries[index].append(entry)

    @property
    def langs(self) -> list[str]:
        return sorted(self._automata)

    def find(
        self,
        text: str,
        langs: Sequence[str] | str | None = None,
        *,
        report_case_mismatch: bool = False,
        overlaps: bool = False,
    ) -> list[TermMatch]:
        """Terms of `langs` (default: every language of the glossary) in `text`, in text order.

        With `report_case_mismatch`, a span whose words match but whose capitalisation fits no
        term's case rule is returned with `case_ok=False` (for QA); otherwise it is no match.
        With `overlaps`, every candidate is returned, not only the longest non-overlapping ones."""
        if isinstance(langs, str):
            langs = (langs,)
        automata = (
            self._automata.values()
            if langs is None
            else [self._automata[lang] for lang in langs if lang in self._automata]
        )
        if not automata or not text:
            return []
        folded, index = fold_spaces(fold_lower(text))
        n = len(folded)
        all_entries = self._entries
        word_char = _WORD_CHAR
        # candidates as plain tuples (start, end, entry, case_ok); TermMatch objects are built only
        # for the spans that survive overlap resolution
        candidates: list[tuple[int, int, _Entry, bool]] = []
        for automaton in automata:
            for end_pos, (length, entry_index, spaced_start, spaced_end, simple) in automaton.iter(folded):
                end = end_pos + 1
                start = end - length
                if spaced_start and start > 0:
                    ch = folded[start - 1]
                    is_word = word_char.get(ch)
                    if is_word is None:
                        is_word = word_char[ch] = is_word_char(ch)
                    if is_word:
                        continue
                if spaced_end and end < n:
                    ch = folded[end]
                    is_word = word_char.get(ch)
                    if is_word is None:
                        is_word = word_char[ch] = is_word_char(ch)
                    if is_word:
                        continue
                if index is not None:
                    start, end = index[start], index[end - 1] + 1
                if simple is not None:
                    candidates.append((start, end, simple, True))
                    continue
                chosen = _choose(all_entries[entry_index], text[start:end], report_case_mismatch)
                if chosen is not None:
                    candidates.append((start, end, chosen[0], chosen[1]))
        if not overlaps and len(candidates) > 1:
            candidates = _resolve(candidates)
        else:
            candidates.sort(key=lambda c: (c[0], -c[1]))
        return [
            TermMatch(s, e, text[s:e], entry.concept, entry.term, bool(entry.suffix), ok)
            for s, e, entry, ok in candidates
        ]


def _choose(entries: list[_Entry], span: str, report: bool) -> tuple[_Entry, bool] | None:
    """The entry a span matches (and whether its case is right), or None."""
    if len(entries) > 1:
        # a term written exactly as in the text wins: "Gu’an" listed as a variant of "Gu'an" is
        # told apart although both fold to the same key
        for e in entries:
            if _unsuffixed(span, e.suffix) == _unsuffixed_term(e.term.text, e.suffix):
                return e, True
    fallback: _Entry | None = None
    for e in entries:
        if e.case == "ignore" or _case_ok(e.case, span, e.term.text, e.suffix):
            return e, True
        if fallback is None or (e.term.status == "preferred" and fallback.term.status != "preferred"):
            fallback = e
    if report and fallback is not None:
        return fallback, False
    return None


#: is_word_char of the characters seen next to a hit (a few hundred distinct ones)
_WORD_CHAR: dict[str, bool] = {}


def _resolve(candidates: list[tuple[int, int, _Entry, bool]]) -> list[tuple[int, int, _Entry, bool]]:
    """Keep the longest candidates that do not overlap, leftmost first among equals; in text
    order. The spans kept so far are disjoint and non-empty, so in order of start their ends
    rise too: a candidate [s, e) overlaps one of them exactly when the last kept span starting
    before e ends after s (a binary search, not a scan of every kept span)."""
    ordered = sorted(candidates, key=lambda c: (c[0] - c[1], c[0], not c[3]))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[tuple[int, int, _Entry, bool]] = []
    for c in ordered:
        s, e = c[0], c[1]
        k = bisect_left(starts, e)
        if k and ends[k - 1] > s:
            continue
        starts.insert(k, s)
        ends.insert(k, e)
        kept.insert(k, c)
    return kept


def _unsuffixed(span: str, suffix: str) -> str:
    return " ".join((span[: -len(suffix)] if suffix else span).split())


def _unsuffixed_term(text: str, suffix: str) -> str:
    return " ".join((text[:-1] if suffix == "ies" else text).split())


def _is_cased(text: str) -> bool:
    return text.lower() != text.upper()


def _replace_suffix(entry: _Entry, suffix: str) -> _Entry:
    return _Entry(entry.concept, entry.term, entry.case, entry.spaced_start, entry.spaced_end, suffix)


def find_terms(glossary: Glossary, text: str, langs: Sequence[str] | str | None = None) -> list[TermMatch]:
    """One-off convenience: build a matcher and search one text."""
    return TermMatcher(glossary).find(text, langs)


__all__ = ["TermMatch", "TermMatcher", "find_terms", "NAME_SUBJECTS"]
