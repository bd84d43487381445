"""QA checks of the memory family: consistency within a bilingual draft and against the memory.

* `memory-inconsistent`: the same source translated differently, within the draft (or within the
  memory when the memory itself is checked), and against the memory's exact matches.
* `memory-term`: a draft segment whose close memory match (`tmkit.fuzzy.match_score` >= 75)
  renders a glossary concept with another term than the draft does.

Neither scans the memory once per segment: both read the memory's source texts once
(`QAContext.memory_texts`, shared with the names checks); `memory-inconsistent` looks every draft
source up in them (what `text IN (...)` would select, in table order), and `memory-term` collects
the glossary concepts of the whole draft and finds the units holding their terms with one
Aho-Corasick pass over those texts, capped per concept, then scores the draft segments against
those candidates only: the word-level base score first (rapidfuzz over one character per word, an
upper bound of the match %), the real match % of the units that can reach 75.

docs/reference/checks/memory-inconsistent.md and memory-term.md have the examples.
"""

from __future__ import annotations

import bisect
import math
import re
import sqlite3
import string
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tmkit.fuzzy import Profile, profile, tokens, words_of
from tmkit.fuzzy import score as fuzzy_score
from tmkit.qa.base import DocumentCheck, Finding, Severity
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text, lang_family
from tmkit.qa.registry import register
from tmkit.store.examples import needle
from tmkit.text.fold import fold

# trailing punctuation and white space that do not make two translations different
_TRAILING = re.compile(r"[\s.。!！?？;；:：,，、…]+$")
_SPACES = re.compile(r"\s+")
# what SQLite's lower() does: ASCII letters only
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


#: sources of fewer words (or Han characters) than this are reported as info only
SHORT_WORDS = 4


@lru_cache(maxsize=100_000)  # each draft source is keyed two or three times
def source_key(text: str) -> str:
    """What makes two sources "the same": the text with white space collapsed and trimmed, and
    width, quote and dash styles folded (case is kept: "Branch" and "branch" are different)."""
    return _SPACES.sub(" ", fold(text)).strip()


@lru_cache(maxsize=100_000)
def target_key(text: str) -> str:
    """What makes two translations "the same": as `source_key`, and trailing punctuation ignored
    (a final full stop added or dropped is not another translation)."""
    return _TRAILING.sub("", source_key(text))


def _short(text: str, limit: int = 60) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _span(text: Text) -> tuple[int, int]:
    """The whole text without its surrounding white space."""
    s = text.text
    start = len(s) - len(s.lstrip())
    return start, max(start, len(s.rstrip()))


def _family_like(lang: str) -> str:
    return lang_family(lang) + "%"


@register
class MemoryInconsistent(DocumentCheck):
    id = "memory-inconsistent"
    family = "memory"
    severity = Severity.MINOR
    description = "The same source translated differently in the draft, or differently from the memory's exact match."
    # part (a) needs no memory; part (b) runs when a memory is given
    needs = frozenset({"bilingual"})

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        segs = [s for s in doc.segments if s.source is not None and s.target is not None and s.target.text.strip()]
        yield from self._within(segs)
        if ctx.memory is not None and doc.kind != "memory":
            yield from self._against_memory(segs, ctx.memory, ctx)

    def _within(self, segs: list[Segment]) -> Iterable[Finding]:
        groups: dict[str, list[Segment]] = defaultdict(list)
        for seg in segs:
            key = source_key(seg.source.text)  # type: ignore[union-attr]
            if key:
                groups[key].append(seg)
        for group in groups.values():
            if len(group) < 2:
                continue
            by_target: dict[str, list[Segment]] = defaultdict(list)
            for seg in group:
                by_target[target_key(seg.target.text)].append(seg)  # type: ignore[union-attr]
            if len(by_target) < 2:
                continue
            # the dominant translation: the most frequent, the first one on a tie
            ranked = sorted(by_target.values(), key=lambda g: (-len(g), group.index(g[0])))
            dominant = ranked[0][0].target
            others = [seg for g in ranked[1:] for seg in g]
            first = others[0].target
            assert first is not None and dominant is not None
            related = [dominant.location(*_span(dominant))] + [s.target.location(*_span(s.target)) for s in others[1:]]  # type: ignore[union-attr]
            src = _short(group[0].source.text)  # type: ignore[union-attr]
            words = sum(1 for t, _, _ in tokens(group[0].source.text) if t[0].isalnum())  # type: ignore[union-attr]
            yield self.finding(
                first,
                *_span(first),
                f"'{src}' is translated {len(by_target)} ways in this draft ({len(group)} places); "
                f"most often '{_short(dominant.text)}'",
                suggestion=dominant.text.strip(),
                related=related,
                # a short phrase ("Hi.", "Wait!") is translated by its context: worth a look only
                severity=Severity.INFO if words < SHORT_WORDS else None,
            )

    def _against_memory(self, segs: list[Segment], conn: sqlite3.Connection, ctx: QAContext) -> Iterable[Finding]:
        if not segs:
            return
        src_lang = segs[0].source.lang  # type: ignore[union-attr]
        tgt_lang = segs[0].target.lang  # type: ignore[union-attr]
        # the forms of each draft source the memory may hold: as written, trimmed, collapsed
        wanted: dict[str, None] = {}
        for seg in segs:
            raw = seg.source.text  # type: ignore[union-attr]
            for form in (raw, raw.strip(), _SPACES.sub(" ", raw).strip(), source_key(raw)):
                wanted.setdefault(form, None)
        # what `text IN (the wanted forms)` over the memory's source texts gives, in table order
        memory_rows = ctx.memory_texts(_family_like(src_lang))
        if memory_rows is None:
            return
        rows = [(unit_id, text) for unit_id, text in memory_rows if text in wanted]
        if not rows:
            return
        units_of: dict[str, list[int]] = defaultdict(list)
        for unit_id, text in rows:
            units_of[source_key(text)].append(unit_id)
        ids = sorted({u for us in units_of.values() for u in us})
        targets: dict[int, str] = {}
        tuids: dict[int, str | None] = {}
        for k in range(0, len(ids), 500):
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            for unit_id, text in conn.execute(
                f"SELECT unit_id, text FROM variants WHERE unit_id IN ({marks}) AND lang LIKE ? ORDER BY unit_id, pos",
                (*chunk, _family_like(tgt_lang)),
            ):
                targets.setdefault(unit_id, text)
            for unit_id, tuid in conn.execute(f"SELECT id, tuid FROM units WHERE id IN ({marks})", chunk):
                tuids[unit_id] = tuid
        for seg in segs:
            units = units_of.get(source_key(seg.source.text))  # type: ignore[union-attr]
            if not units:
                continue
            theirs = [(u, targets[u]) for u in units if u in targets and targets[u].strip()]
            if not theirs:
                continue
            mine = target_key(seg.target.text)  # type: ignore[union-attr]
            if any(target_key(t) == mine for _, t in theirs):
                continue  # the draft agrees with (one of) the memory's translations
            counts = Counter(target_key(t) for _, t in theirs)
            best_key = counts.most_common(1)[0][0]
            unit_id, text = next((u, t) for u, t in theirs if target_key(t) == best_key)
            tuid = tuids.get(unit_id) or f"unit {unit_id}"
            more = f" and {len(counts) - 1} other translation(s)" if len(counts) > 1 else ""
            target = seg.target
            assert target is not None
            yield self.finding(
                target,
                *_span(target),
                f"the memory translates this source as '{_short(text)}' ({tuid}){more}",
                suggestion=text.strip(),
            )


#: memory units fetched per glossary concept, at most
CANDIDATES_PER_CONCEPT = 1000
#: the lowest match % for a memory unit to count as a close match
MIN_SCORE = 75.0


@register
class MemoryTerm(DocumentCheck):
    id = "memory-term"
    family = "memory"
    severity = Severity.MINOR
    description = "A glossary concept rendered with another term than in the close memory match of the segment."
    needs = frozenset({"bilingual", "memory", "glossary"})

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        conn, matcher = ctx.memory, ctx.matcher
        if conn is None or matcher is None or doc.kind == "memory":
            return
        segs = [s for s in doc.segments if s.source is not None and s.target is not None and s.target.text.strip()]
        if not segs:
            return
        src_lang, tgt_lang = segs[0].source.lang, segs[0].target.lang  # type: ignore[union-attr]
        src_g, tgt_g = ctx.glossary_langs(src_lang), ctx.glossary_langs(tgt_lang)
        if not src_g or not tgt_g:
            return
        # the concepts of each segment's source, and the needles to fetch memory units by
        seg_concepts: list[tuple[Segment, set[str]]] = []
        needles: dict[str, set[str]] = defaultdict(set)  # needle -> concept ids
        needle_of: dict[str, str] = {}  # term text -> needle (the same terms come back often)
        for seg in segs:
            concepts = {m.concept.id for m in ctx.terms(seg.source) if m.case_ok}  # type: ignore[arg-type]
            if not concepts:
                continue
            seg_concepts.append((seg, concepts))
            for m in ctx.terms(seg.source):  # type: ignore[arg-type]
                nd = needle_of.get(m.term.text)
                if nd is None:
                    nd = needle_of[m.term.text] = needle(m.term.text)
                needles[nd].add(m.concept.id)
        if not needles:
            return
        texts, found = _candidates(ctx.memory_texts(_family_like(src_lang)), needles)
        if not texts:
            return
        by_concept = _by_concept(texts, needles, found)
        close_of = _close_units(seg_concepts, by_concept, texts)
        keys: dict[str, Profile] = {}
        for (seg, concepts), close in zip(seg_concepts, close_of, strict=True):
            if not close:
                continue
            source = seg.source.text  # type: ignore[union-attr]
            # the real match % of the units whose base score can reach MIN_SCORE; the close
            # match is the best of them, every one of them when several are equally good
            top = -1.0
            tied: list[int] = []
            for unit_id in sorted(close):
                score = _match_score(source, texts[unit_id], keys)
                if MIN_SCORE <= score < 100.0 and score >= top:
                    if score > top:
                        top, tied = score, []
                    tied.append(unit_id)
            if tied:
                yield from self._compare(seg, concepts, top, tied, conn, ctx, src_g, tgt_g, texts)

    def _compare(self, seg, concepts, score, tied, conn, ctx, src_g, tgt_g, texts) -> Iterable[Finding]:
        """Findings for the concepts of `seg` that its close matches (`tied`: unit ids, all at
        `score`) render with another term. With several equally close matches, a concept is
        flagged only when none of them uses the draft's term (the memory itself is not
        consistent otherwise), and the finding cites the first in unit order."""
        matcher = ctx.matcher
        tgt_like = _family_like(seg.target.lang)
        mine: dict[str, list] = defaultdict(list)
        for m in ctx.terms(seg.target):
            if m.case_ok:
                mine[m.concept.id].append(m)
        wanted = {cid for cid in concepts if mine.get(cid)}
        if not wanted:
            return
        my_forms = {cid: {fold(m.term.text).lower() for m in mine[cid]} for cid in wanted}
        agreed: set[str] = set()
        other: dict[str, tuple[int, object]] = {}  # concept -> (unit id, the memory's term match)
        for unit_id in tied:
            row = conn.execute(
                "SELECT text FROM variants WHERE unit_id = ? AND lang LIKE ? ORDER BY pos LIMIT 1", (unit_id, tgt_like)
            ).fetchone()
            if row is None:
                continue
            mem_src_concepts = {m.concept.id for m in matcher.find(texts[unit_id], src_g)}
            theirs: dict[str, list] = defaultdict(list)
            for m in matcher.find(row[0], tgt_g):
                theirs[m.concept.id].append(m)
            for cid in sorted(wanted & mem_src_concepts):
                if not theirs.get(cid) or cid in agreed:
                    continue
                if my_forms[cid] & {fold(m.term.text).lower() for m in theirs[cid]}:
                    agreed.add(cid)
                    continue
                their = next((m for m in theirs[cid] if m.term.status in ("preferred", "admitted")), None)
                if their is None or _form_class(mine[cid][0].term.type) != _form_class(their.term.type):
                    continue  # the memory's form is deprecated, or one is an acronym or short form
                other.setdefault(cid, (unit_id, their))
        for cid in sorted(other):
            if cid in agreed:
                continue
            unit_id, their = other[cid]
            here = mine[cid][0]
            tuid = conn.execute("SELECT tuid FROM units WHERE id = ?", (unit_id,)).fetchone()[0] or f"unit {unit_id}"
            yield self.finding(
                seg.target,
                here.start,
                here.end,
                f"'{here.text}': the memory's {score:g}% match ({tuid}) writes '{their.text}' for this term",  # type: ignore[attr-defined]
                suggestion=their.text,  # type: ignore[attr-defined]
            )


def _close_units(
    seg_concepts: list[tuple[Segment, set[str]]], by_concept: dict[str, list[int]], texts: dict[int, str]
) -> list[set[int]]:
    """For each segment, the candidate units of its concepts whose base score against its source
    is at least MIN_SCORE (less a hair for rounding): the only ones whose match % can be. The
    base score is the Levenshtein distance over the two word lists (`fuzzy.words_of`), which is
    the Levenshtein distance over strings with one character per distinct word: rapidfuzz
    computes one matrix per concept (its candidates against the distinct sources holding it)."""
    rows_of: dict[str, dict[str, list[int]]] = defaultdict(dict)  # concept -> source -> segments
    for k, (seg, concepts) in enumerate(seg_concepts):
        source = seg.source.text  # type: ignore[union-attr]
        for cid in concepts:
            rows_of[cid].setdefault(source, []).append(k)
    code_of = _WordCodes()
    unit_code = {u: code_of(t) for u, t in texts.items()}
    source_code = {t: code_of(t) for t in {seg.source.text for seg, _ in seg_concepts}}  # type: ignore[union-attr]
    out: list[set[int]] = [set() for _ in seg_concepts]
    # d / n <= 1 - MIN_SCORE / 100, plus a hair for the score's rounding to two decimals
    cut = 1.0 - MIN_SCORE / 100.0 + 0.0001
    for cid, by_source in rows_of.items():
        ids = by_concept.get(cid)
        if not ids:
            continue
        if len(by_source) > 1:
            # by word count: a source of n words can only be close to units of n x 0.75 to
            # n / 0.75 words (d >= the difference of the counts), a slice of the sorted list
            ids = sorted(ids, key=lambda u: len(unit_code[u]))
            sizes = [len(unit_code[u]) for u in ids]
        choices = [unit_code[u] for u in ids]
        for source, ks in by_source.items():
            code = source_code[source]
            start, end = 0, len(ids)
            if len(by_source) > 1:
                n = len(code)
                start = bisect.bisect_left(sizes, math.ceil(n * (1.0 - cut) - 1e-9))
                end = bisect.bisect_right(sizes, math.floor(n / (1.0 - cut) + 1e-9))
                if start >= end:
                    continue
            # process.extract, not cdist: the same work per pair without importing numpy (a
            # tenth of a second of start-up on its own)
            for _, _, c in process.extract(
                code, choices[start:end], scorer=Levenshtein.normalized_distance, score_cutoff=cut, limit=None
            ):
                unit_id = ids[start + c]
                for k in ks:
                    out[k].add(unit_id)
    return out


class _WordCodes(dict):
    """word -> a character of its own, so that a text's words (`fuzzy.words_of`) become a string
    whose rapidfuzz Levenshtein distance is the word-level distance. Past the last code point,
    codes are shared: two words with one code can only make the distance smaller, so the filter
    lets more units through, never fewer."""

    def __missing__(self, word: str) -> str:
        code = self[word] = chr(0xE000 + len(self) % 0x102000)
        return code

    def __call__(self, text: str) -> str:
        return "".join(map(self.__getitem__, words_of(text)))


def _form_class(term_type: str) -> str:
    """Full forms and variants are one class, acronyms and short forms another: "CAS" against
    "Chinese Academy of Sciences" (or 中科院 against 中国科学院) is a choice of first or later
    mention, not a different term."""
    return "short" if term_type in ("acronym", "short", "abbreviation") else "full"


def _automaton(needles: Iterable[str]):  # type: ignore[no-untyped-def]
    """An Aho-Corasick automaton over the non-empty needles (value = the needle), or None."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for nd in needles:
        if nd:
            auto.add_word(nd, nd)
    if not len(auto):
        return None
    auto.make_automaton()
    return auto


def _found(auto, text: str, everything: bool) -> set[str]:  # type: ignore[no-untyped-def]
    """The needles that occur in `text` (as `needle in text` would say for each)."""
    got = {nd for _, nd in auto.iter(text)} if auto is not None and text else set()
    if everything:
        got.add("")
    return got


def _candidates(
    rows: list[tuple[int, str]] | None, needles: dict[str, set[str]]
) -> tuple[dict[int, str], dict[int, set[str]]]:
    """Memory units (id -> source text) whose source holds one of the needles, capped at
    CANDIDATES_PER_CONCEPT per needle on average.

    `rows`: the memory's (unit id, source text) in table order (QAContext.memory_texts); the
    needles are looked for in each text by an Aho-Corasick automaton. The result is what SQL gives for the sorted needles taken 64 at a time, each group
    being one `instr(lower(text), ?)` statement with LIMIT CANDIDATES_PER_CONCEPT x group size:
    the groups in order, each in table order (SQLite's lower() folds ASCII only). Also the
    needles found in each candidate whose text is ASCII (Python's lower case is the same there)."""
    items = sorted(needles)
    step = 64
    chunk_of = {nd: i // step for i, nd in enumerate(items)}
    limits = [CANDIDATES_PER_CONCEPT * len(items[k : k + step]) for k in range(0, len(items), step)]
    if rows is None:
        return {}, {}
    auto = _automaton(items)
    everything = "" in needles
    taken: list[list[tuple[int, str, set[str]]]] = [[] for _ in limits]
    for unit_id, text in rows:
        if not isinstance(text, str):
            continue
        # SQLite's lower(): ASCII letters only, which is str.lower() on ASCII text (faster)
        hits = _found(auto, text.lower() if text.isascii() else text.translate(_ASCII_LOWER), everything)
        if not hits:
            continue
        for c in {chunk_of[nd] for nd in hits}:
            if len(taken[c]) < limits[c]:
                taken[c].append((unit_id, text, hits))
    out: dict[int, str] = {}
    found: dict[int, set[str]] = {}
    for part in taken:
        for unit_id, text, hits in part:
            if unit_id not in out:
                out[unit_id] = text
                if text.isascii():
                    found[unit_id] = hits
    return out, found


def _by_concept(
    texts: dict[int, str], needles: dict[str, set[str]], known: dict[int, set[str]]
) -> dict[str, list[int]]:
    """Concept id -> the candidate units holding one of its needles (Python's lower case), in
    candidate order; a concept stops taking units once CANDIDATES_PER_CONCEPT needle hits are
    counted (a unit holding two needles of a concept counts twice). `known`: the needles already
    found in some of the texts."""
    everything = "" in needles
    auto = None
    built = False
    # the concepts of each needle that still take units: a concept that has its
    # CANDIDATES_PER_CONCEPT is taken out of its needles' lists (it would take nothing more)
    live: dict[str, list[str]] = {nd: list(cids) for nd, cids in needles.items()}
    needles_of: dict[str, list[str]] = defaultdict(list)
    for nd, cids in live.items():
        for cid in cids:
            needles_of[cid].append(nd)
    counts: dict[str, int] = {}
    out: dict[str, list[int]] = defaultdict(list)
    for unit_id, text in texts.items():
        found = known.get(unit_id)
        if found is None:
            if not built:
                auto, built = _automaton(needles), True
            found = _found(auto, text.lower(), everything)
        if not found:
            continue
        per: dict[str, int] = {}
        for nd in found:
            for cid in live[nd]:
                per[cid] = per.get(cid, 0) + 1
        for cid, k in per.items():
            out[cid].append(unit_id)
            have = counts.get(cid, 0) + k
            if have >= CANDIDATES_PER_CONCEPT:
                counts[cid] = CANDIDATES_PER_CONCEPT
                for nd in needles_of[cid]:
                    live[nd].remove(cid)
            else:
                counts[cid] = have
    return out


def _match_score(
    a: str, b: str, keys: dict[str, Profile], counts: dict[str, int] | None = None, floor: float = 0.0
) -> float:
    """tmkit.fuzzy.match_score(a, b), with the profile of each text computed once; -1 when the
    score cannot be above `floor` (nor equal to it when it is above MIN_SCORE). The base score
    is 100 x (n - d) / n over the word lists, and d >= n - min(len): the score is at most
    100 x min / max, rounded as the score is (the word counts from fuzzy.words_of, cheaper than
    a profile)."""
    if a == b:
        return 100.0
    if floor > 0.0 and counts is not None:
        la, lb = _word_count(a, keys, counts), _word_count(b, keys, counts)
        if la and lb:
            bound = round(100.0 * min(la, lb) / max(la, lb), 2)
            if bound < floor or (bound == floor and floor > MIN_SCORE):
                return -1.0
    pa = keys.get(a)
    if pa is None:
        pa = keys[a] = profile(a)
    pb = keys.get(b)
    if pb is None:
        pb = keys[b] = profile(b)
    return fuzzy_score(pa, pb).value


def _word_count(text: str, keys: dict[str, Profile], counts: dict[str, int]) -> int:
    """len(profile(text).words): from the profile when there is one, else from fuzzy.words_of
    (the same words, cheaper than a profile)."""
    pa = keys.get(text)
    if pa is not None:
        return len(pa.words)
    got = counts.get(text)
    if got is None:
        got = counts[text] = len(words_of(text))
    return got
