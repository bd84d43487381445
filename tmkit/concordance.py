"""Concordance: every past use of a word or phrase in the memory, with its translation.

Two FTS5 tables, both index-only (content='') and keyed by `variants.id` (schema.py, version 2):

* `concordance_tri`: each text folded for matching (`fold_lower`: case, full-width, curly quotes,
  dashes; runs of white space as one space) under the trigram tokenizer. A query of three
  characters or more asks for some of its trigrams (every third one and the last); FTS5 returns
  the texts that hold all of them.
* `concordance_short`: the trigram tokenizer cannot look up one or two characters, so each text
  also gets a list of tokens (`short_tokens`, under FTS5's ascii tokenizer): every Han (kana,
  hangul) character and every pair of adjacent ones, every Latin word of one or two letters or
  digits, and every pair of adjacent ASCII words written as one token. 科, 科学 and "of the"
  (ofthe) are then one token each, looked up in one doclist; a phrase of several English words is
  the AND of its pairs, which two common words' trigrams could never narrow as well.

Neither table stores positions (detail=none), so FTS5 gives candidates, never answers: every
candidate is read back from `variants` and the query is matched again in Python on the folded
text, which also yields the hit spans (folding keeps one character per character, so a span in
the folded text is a span in the stored text). That same check makes stale ids harmless: a
variant deleted by an update, or an id reused by another text, simply fails it. Adding an id
again is allowed (FTS5 keeps the newer entry for a term both versions have; a term only the old
text had gives a candidate that the check drops); `tmkit tm reindex` clears such leftovers.

Hits come newest first (highest variant id first). The count is exact up to `COUNT_CAP` hits as
long as the index narrows the search well; once the page of hits is full, counting reads at most
`COUNT_CANDIDATES` more candidates and then reports "at least N". So a query that matches half the
memory, or two stop words whose trigrams are everywhere, costs about as much as a rare one.
"""

from __future__ import annotations

import operator
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from tmkit.errors import UsageError
from tmkit.text.fold import fold, fold_lower, is_word_char

MODES = ("text", "phrase", "regex")
SIDES = ("both", "source", "target")
COUNT_CAP = 1000  # hits counted at most; more is reported as "at least COUNT_CAP"
COUNT_CANDIDATES = 5000  # candidates checked at most for the count once the page is full
CANDIDATE_CAP = 50_000  # candidates checked at most while the page is not full
_ALL_TRIGRAMS = 16
SCAN_CAP = 200_000  # texts a query the index cannot narrow reads at most (newest first)
_ADD_CHUNK = 20_000
_FETCH = 256  # candidate ids read back from `variants` per query

# The scripts written without spaces, as `is_cjk_script` defines them.
_CJK_CLASS = (
    "\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0003134f\uf900-\ufaff\U0002f800-\U0002fa1f\u3007"
    "\u3040-\u31ff\uac00-\ud7af\u1100-\u11ff"
)
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
# A letter or digit that is not CJK; a short word is a run of one or two of them.
_LATIN = f"[^\\W_{_CJK_CLASS}]"
_SHORT_WORD = re.compile(f"(?<!{_LATIN}){_LATIN}{{1,2}}(?!{_LATIN})")
_SPACE_RUN = re.compile(" {2,}")
_ASCII_WORD = re.compile("[a-z0-9]+")
_REGEX_META = set(".^$*+?{}[]\\|()")


# -- building ----------------------------------------------------------------------------------------


def index_text(text: str) -> str:
    """What the trigram table holds for `text`: folded, lower case, runs of spaces as one."""
    return _SPACE_RUN.sub(" ", fold_lower(text))


def short_tokens(folded: str) -> str:
    """The token string of the short table for an already folded (`index_text`) text: CJK
    characters and adjacent pairs, Latin words of one or two characters, and each pair of adjacent
    ASCII words written together ("belt and road" gives beltand androad), which finds a phrase of
    several words without the false candidates that two common words give the trigram table.
    Tokens are separated by spaces and hold letters and digits only, so FTS5's `ascii` tokenizer
    splits the string exactly where this function joined it."""
    out: list[str] = []
    for run in _CJK_RUN.findall(folded):
        if not run.isalnum():  # kana marks, middle dots: not letters
            run = "".join(c for c in run if c.isalnum())
        out.append(" ".join(run))
        out.append(" ".join(map(operator.add, run, run[1:])))
    out.extend(_SHORT_WORD.findall(folded))
    words = _ASCII_WORD.findall(folded)
    out.extend(map(operator.add, words, words[1:]))
    return " ".join(out)


def clear(conn: sqlite3.Connection) -> None:
    """Empty both concordance tables (before a rebuild)."""
    conn.execute("INSERT INTO concordance_tri(concordance_tri) VALUES ('delete-all')")
    conn.execute("INSERT INTO concordance_short(concordance_short) VALUES ('delete-all')")


def add(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> int:
    """Index `(variant_id, lang, text)` rows; an id already indexed may be added again.

    Rows are written in id order per chunk of 20,000 (FTS5 starts a new segment whenever an id is
    not larger than the last one written). Runs inside the caller's transaction. Returns the
    number of rows indexed."""
    n = 0
    chunk: list[tuple[int, str, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= _ADD_CHUNK:
            n += _add_chunk(conn, chunk)
            chunk = []
    if chunk:
        n += _add_chunk(conn, chunk)
    return n


def _add_chunk(conn: sqlite3.Connection, chunk: list[tuple[int, str, str]]) -> int:
    chunk.sort(key=lambda r: r[0])
    tri: list[tuple[int, str]] = []
    short: list[tuple[int, str]] = []
    for vid, _lang, text in chunk:
        folded = index_text(text)
        tri.append((vid, folded))
        tokens = short_tokens(folded)
        if tokens.strip():
            short.append((vid, tokens))
    conn.executemany("INSERT INTO concordance_tri(rowid, text) VALUES (?, ?)", tri)
    conn.executemany("INSERT INTO concordance_short(rowid, tokens) VALUES (?, ?)", short)
    return len(chunk)


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each table's segments into one (after a full rebuild: smaller, faster lookups)."""
    conn.execute("INSERT INTO concordance_tri(concordance_tri) VALUES ('optimize')")
    conn.execute("INSERT INTO concordance_short(concordance_short) VALUES ('optimize')")


# -- results -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    unit_id: int
    variant_id: int
    tuid: str | None
    lang: str
    text: str
    spans: tuple[tuple[int, int], ...]  # character offsets in `text`, end exclusive
    translations: tuple[tuple[str, str], ...]  # (lang, text) of the unit's other-side variants
    origin: str
    creation_date: str | None
    change_date: str | None

    @property
    def translation(self) -> str | None:
        return self.translations[0][1] if self.translations else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit_id,
            "variant": self.variant_id,
            "tuid": self.tuid,
            "lang": self.lang,
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "matches": [self.text[a:b] for a, b in self.spans],
            "translations": [{"lang": lang, "text": text} for lang, text in self.translations],
            "origin": self.origin,
            "creation_date": self.creation_date,
            "change_date": self.change_date,
        }


@dataclass
class SearchResult:
    query: str
    mode: str
    side: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # hits counted (at most max(COUNT_CAP, offset + limit))
    total_exact: bool = True  # False: there are more than `total`
    complete: bool = True  # False: the search stopped early (see `note`); more hits may exist
    method: str = "trigram"  # trigram | pairs | short | scan
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "side": self.side,
            "total": self.total,
            "total_exact": self.total_exact,
            "complete": self.complete,
            "method": self.method,
            "note": self.note,
            "hits": [h.to_dict() for h in self.hits],
        }


# -- matching ----------------------------------------------------------------------------------------

Matcher = Callable[[str], list[tuple[int, int]]]


@dataclass
class _Plan:
    matcher: Matcher  # stored text -> spans (empty: not a hit)
    needle: str  # what every hit's index_text contains (lower case, single spaces); "" = nothing known
    whole_word: bool = False  # a short Latin needle: only whole words are indexed
    phrase: bool = False  # the hit ends at the end of a word
    matcher_kind: str = "literal"  # literal | regex


def _literal_matcher(query: str, case_sensitive: bool, whole_words: bool) -> Matcher:
    """Hits of the query (white space matching any white space) that start at the start of a word
    (when the query starts with a Latin letter or digit) and, with `whole_words`, end at the end
    of one."""
    prep = fold if case_sensitive else fold_lower
    parts = prep(query).split()
    pattern = re.compile(" +".join(re.escape(p) for p in parts))
    first_word = is_word_char(parts[0][0])
    last_word = whole_words and is_word_char(parts[-1][-1])

    def spans(text: str) -> list[tuple[int, int]]:
        folded = prep(text)
        found: list[tuple[int, int]] = []
        pos = 0
        while (m := pattern.search(folded, pos)) is not None:
            a, b = m.span()
            if (first_word and a > 0 and is_word_char(folded[a - 1])) or (
                last_word and b < len(folded) and is_word_char(folded[b])
            ):
                pos = a + 1
                continue
            found.append((a, b))
            pos = b if b > a else b + 1
        return found

    return spans


def _fold_pattern(pattern: str) -> str:
    """Fold the characters of a regex the way texts are folded, except where the fold would turn
    a literal character into a regex operator (full-width （ to a group)."""
    out = []
    for c in pattern:
        f = fold(c)
        out.append(c if f in _REGEX_META else f)
    return "".join(out)


def _required_literals(items: Any) -> list[str]:
    """Runs of literal characters every match of a parsed regex must contain (top level only)."""
    runs: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            runs.append("".join(current))
            current.clear()

    for op, av in items:
        if op is sre_parse.LITERAL:
            current.append(chr(av))
        elif op is sre_parse.SUBPATTERN and not av[1] and not av[2]:
            inner = list(av[3])
            if all(o is sre_parse.LITERAL for o, _ in inner):
                current.extend(chr(a) for _, a in inner)
            else:
                close()
                runs.extend(_required_literals(inner))
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and av[0] >= 1:
            close()
            runs.extend(_required_literals(av[2]))
        elif op is sre_parse.AT:
            continue  # anchors take no characters: the literal run goes on
        else:
            close()
    close()
    return runs


def _regex_plan(query: str, case_sensitive: bool) -> _Plan:
    folded_pattern = _fold_pattern(query)
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        compiled = re.compile(folded_pattern, flags)
        parsed = sre_parse.parse(folded_pattern, flags)
    except re.error as e:
        raise UsageError(f"--regex {query!r} is not a valid regular expression: {e}") from None
    literals = [] if compiled.flags & re.VERBOSE else _required_literals(list(parsed))
    needle = max((_SPACE_RUN.sub(" ", fold_lower(lit)) for lit in literals), key=len, default="")

    def spans(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in compiled.finditer(fold(text)) if m.end() > m.start()]

    return _Plan(spans, needle, matcher_kind="regex")


def _plan(query: str, mode: str, case_sensitive: bool) -> _Plan:
    if mode == "regex":
        return _regex_plan(query, case_sensitive)
    needle = index_text(query).strip()
    whole_word = len(needle) < 3 and bool(_SHORT_WORD.fullmatch(needle))
    phrase = mode == "phrase"
    return _Plan(_literal_matcher(query, case_sensitive, phrase or whole_word), needle, whole_word, phrase)


def _fts_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _candidate_query(plan: _Plan) -> tuple[str, str, str] | None:
    """(method, table, MATCH expression) narrowing the search to a few texts, or None (scan)."""
    needle = plan.needle
    words = _ASCII_WORD.findall(needle) if plan.matcher_kind == "literal" else []
    if len(words) >= 2:
        # Adjacent word pairs. A hit starts at the start of its first word, so every word but the
        # last is whole in the text; the last is whole only in phrase mode or before punctuation.
        pairs = [_fts_string(a + b) for a, b in zip(words, words[1:], strict=False)]
        if not plan.phrase and needle[-1] in "abcdefghijklmnopqrstuvwxyz0123456789":
            pairs[-1] += "*"
        return "pairs", "concordance_short", " ".join(dict.fromkeys(pairs))
    if len(needle) >= 3:
        # Every trigram while there are few (the ones across a word boundary are the selective
        # ones in "of the"); for long queries every second one and the last.
        step = 1 if len(needle) <= _ALL_TRIGRAMS + 2 else 2
        starts = list(range(0, len(needle) - 2, step))
        if starts[-1] != len(needle) - 3:
            starts.append(len(needle) - 3)
        grams = dict.fromkeys(needle[i : i + 3] for i in starts)
        return "trigram", "concordance_tri", " ".join(_fts_string(g) for g in grams)
    if not needle:
        return None
    if plan.whole_word:
        return "short", "concordance_short", _fts_string(needle)
    # One or two characters, or a short literal of a regex: the longest run of CJK letters in it.
    runs = ["".join(c for c in run if c.isalnum()) for run in _CJK_RUN.findall(needle)]
    best = max(runs, key=len, default="")
    if best:
        return "short", "concordance_short", _fts_string(best[:2])
    return None


# -- searching ---------------------------------------------------------------------------------------


def _lang_matches(lang: str, want: str) -> bool:
    lang, want = lang.lower(), want.lower()
    return lang == want or lang.startswith(want + "-")


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    side: str = "both",
    src_lang: str | None = "en",
    tgt_lang: str | None = "zh",
    mode: str = "text",
    case_sensitive: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Find `query` in the memory's texts; hits newest first.

    mode "text": the query as typed, white space matching any white space, starting at the start
    of a word when it starts with a Latin letter or digit ("technolog" finds "technology", not
    "biotechnology"); a Latin query of one or two letters or digits ("AI", "5G") matches whole
    words only; Chinese matches anywhere. "phrase": the same, and a hit may not end inside a word
    either ("academ" finds nothing, "Academy" finds "Academy" and "Academy's"). For Chinese,
    phrase and text are the same. "regex": a Python regular expression over
    the folded text. Case- and width-insensitive unless `case_sensitive` (width, quotes and dashes
    are always folded). `side`: both (src_lang or tgt_lang texts), source (src_lang), target
    (tgt_lang); a language None means any language."""
    if mode not in MODES:
        raise UsageError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    if side not in SIDES:
        raise UsageError(f"unknown side {side!r}: use one of {', '.join(SIDES)}")
    if not query or not query.strip():
        raise UsageError("the search query is empty: give a word, a phrase or (with --regex) a pattern")
    if limit < 0 or offset < 0:
        raise UsageError("limit and offset must be 0 or more")
    plan = _plan(query, mode, case_sensitive)
    result = SearchResult(query=query, mode=mode, side=side)

    wanted = {"source": [src_lang], "target": [tgt_lang], "both": [src_lang, tgt_lang]}[side]
    any_lang = any(w is None for w in wanted)

    def lang_ok(lang: str) -> bool:
        return any_lang or any(_lang_matches(lang, w) for w in wanted if w)

    cap = max(COUNT_CAP, offset + limit)
    candidate = _candidate_query(plan)
    if candidate is None:
        result.method = "scan"
        rows = _scan_rows(conn)
    else:
        result.method, table, expr = candidate
        # Every token is letters and digits that the ascii tokenizer keeps whole (pairs are
        # [a-z0-9]; it splits only at ASCII punctuation and spaces), so the expression is valid.
        cursor = conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC", (expr,))
        rows = _candidate_rows(conn, cursor)

    page: list[tuple[int, int, str, str, list[tuple[int, int]]]] = []
    seen: set[int] = set()
    examined = 0
    stopped_by = None
    for vid, unit_id, lang, text in rows:
        if vid in seen:
            continue
        seen.add(vid)
        examined += 1
        if lang_ok(lang):
            spans = plan.matcher(text)
            if spans:
                if offset <= result.total < offset + limit:
                    page.append((vid, unit_id, lang, text, spans))
                result.total += 1
                if result.total >= cap:
                    stopped_by = "cap"
                    break
        if candidate is None and examined >= SCAN_CAP:
            stopped_by = "scan"
            break
        if candidate is not None:
            if result.total >= offset + limit and examined >= COUNT_CANDIDATES:
                stopped_by = "count"  # the page is full: the count is a lower bound
                break
            if examined >= CANDIDATE_CAP:
                stopped_by = "candidates"
                break
    if stopped_by is not None and _has_more(rows):
        result.total_exact = False
        if stopped_by == "scan":
            result.complete = False
            result.note = (
                f"the index cannot narrow this query, so only the {SCAN_CAP:,} most recent texts were read; "
                "give a literal of 3 or more characters (or one Chinese character) to search everything"
            )
        elif stopped_by == "candidates":
            result.complete = False
            result.note = (
                f"stopped after checking {CANDIDATE_CAP:,} candidate texts; "
                "a longer query, or another --source/--target side, narrows the search"
            )
    result.hits = _hits(conn, page, src_lang, tgt_lang)
    return result


def _has_more(rows: Iterator[Any]) -> bool:
    for _ in rows:
        return True
    return False


def _candidate_rows(conn: sqlite3.Connection, cursor: sqlite3.Cursor) -> Iterator[tuple[int, int, str, str]]:
    """Candidates from the index, newest first, read back from `variants` (stale ids vanish)."""
    while True:
        ids = [r[0] for r in cursor.fetchmany(_FETCH)]
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        found = conn.execute(f"SELECT id, unit_id, lang, text FROM variants WHERE id IN ({marks})", ids).fetchall()
        found.sort(key=lambda r: -r[0])
        yield from found


def _scan_rows(conn: sqlite3.Connection) -> Iterator[tuple[int, int, str, str]]:
    cursor = conn.execute("SELECT id, unit_id, lang, text FROM variants ORDER BY id DESC")
    while batch := cursor.fetchmany(1000):
        yield from batch


def _hits(
    conn: sqlite3.Connection,
    page: Sequence[tuple[int, int, str, str, list[tuple[int, int]]]],
    src_lang: str | None,
    tgt_lang: str | None,
) -> list[Hit]:
    if not page:
        return []
    unit_ids = sorted({p[1] for p in page})
    marks = ",".join("?" * len(unit_ids))
    units = {
        r[0]: r[1:]
        for r in conn.execute(
            f"SELECT id, tuid, origin, creation_date, change_date FROM units WHERE id IN ({marks})", unit_ids
        )
    }
    variants: dict[int, list[tuple[int, str, str]]] = {}
    for vid, unit_id, lang, text in conn.execute(
        f"SELECT id, unit_id, lang, text FROM variants WHERE unit_id IN ({marks}) ORDER BY unit_id, pos", unit_ids
    ):
        variants.setdefault(unit_id, []).append((vid, lang, text))
    hits = []
    for vid, unit_id, lang, text, spans in page:
        tuid, origin, created, changed = units.get(unit_id, (None, "", None, None))
        if src_lang and _lang_matches(lang, src_lang):
            other: str | None = tgt_lang
        elif tgt_lang and _lang_matches(lang, tgt_lang):
            other = src_lang
        else:
            other = None
        translations = tuple(
            (v_lang, v_text)
            for v_id, v_lang, v_text in variants.get(unit_id, [])
            if v_id != vid and (other is None or _lang_matches(v_lang, other)) and not _same_family(v_lang, lang)
        )
        hits.append(Hit(unit_id, vid, tuid, lang, text, tuple(spans), translations, origin, created, changed))
    return hits


def _same_family(a: str, b: str) -> bool:
    return a.split("-", 1)[0].lower() == b.split("-", 1)[0].lower()
