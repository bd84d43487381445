"""Fuzzy lookup in the memory: the index in the SQLite file, and the search that uses it.

The score is `tmkit.fuzzy.score`; this module finds, among a million units, the few whose score
against a query is highest, without scoring them all. docs/explanation/matching.md explains the
method; in short:

* **Keys.** A segment's words (`tmkit.fuzzy.Profile.words`: folded letter words, Han characters,
  numbers as "#") are padded with a start and an end mark and cut into overlapping pairs:
  "the team grew" gives ^·the, the·team, team·grew, grew·$. A pair that occurs a second time in
  the same segment gets its occurrence number, so that counting shared keys counts a multiset.
  Each key is filed under the segment's language family (en, zh, ...).
* **Postings.** `fuzzy_postings(key, ids)`: key is a 64-bit hash of (family, pair, occurrence),
  ids the sorted variant ids that have it, of every length, as little-endian uint32. A hash
  collision only adds candidates (each is verified), never loses one. Beside them, in the same
  table: each variant's **word count** (keys `1 << 62 | block`: uint16 per variant id, n + 1,
  blocks of 65,536 ids), and per family and **length bucket** (exact up to 16 words, then each
  about 12% longer) a key listing all its variants, for the rare threshold that a variant can
  reach without sharing any pair.
* **Bounds.** For a query of a words and a candidate of b words sharing g keys, the edit distance
  is at least |a - b| plus what the missing keys force (a substitution or deletion breaks at most
  two pairs, an insertion one), so the base score, and with it the score, is at most
  `upper_bound(a, b, g)`. Only lengths that can reach the threshold are kept, each needing its own
  number of shared keys (`_window`); candidates are verified with the real score in decreasing
  order of their bound, and the search stops when the next bound is below the k-th best score
  found. So the top k above the threshold are exactly those an exhaustive scan with the same
  score finds (ties in score aside).
* **Counting.** The rarest pairs are read first, enough that any variant able to reach the
  threshold is in one of their lists; their ids outside the length window are dropped, the rest
  counted. The other pairs are then counted one by one, rarest first, only for the candidates
  left (by binary search when they are few, else on a tally indexed by variant id), each count
  dropping those that can no longer reach their length's need, until a handful are left. A
  `Matcher` keeps the lists, sizes, word ids and word counts it read for its next lookups until
  the memory changes.
* **Freshness.** `index_state(name='fuzzy')` records the highest variant id indexed. An import
  indexes what it added and changed inside its own transaction (`tmkit.memindex`); `tmkit tm
  reindex` rebuilds from scratch. Ids of variants deleted by an update stay in the postings until
  then: a candidate whose variant is gone or changed is simply verified against its current text.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import sqlite3
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from tmkit.fuzzy import Diff, Profile, Score, base_score, diff_spans, profile, score, words_of
from tmkit.text.langtags import base_language

__all__ = [
    "Match",
    "Matcher",
    "bucket_of",
    "detect_family",
    "family_of",
    "scan_lookup",
    "upper_bound",
]

INDEX_NAME = "fuzzy"
# What the stored postings mean. Change it whenever keys, buckets or the word cut change: an
# index written in another format is then rebuilt instead of read wrongly (tmkit.memindex).
INDEX_FORMAT = "fuzzy-4: padded word pairs with occurrence numbers, one list per pair; word counts; bucket lists"
_START, _END = 1, 2  # word ids of the padding marks; words count from 3
_FIRST_WORD = 3
_EXACT_BUCKETS = 16
_BUCKET_RATIO = 1.125
_MAX_BUCKET = 255
_FAM_SHIFT, _BUCKET_SHIFT, _W1_SHIFT, _W2_SHIFT = 57, 49, 27, 5
_WORD_MASK = (1 << 22) - 1
_MAX_OCC = 31
_LEN_FLAG = 1 << 62  # keys of the word-count blocks (above every family's keys)
_LEN_BLOCK_BITS = 16  # variant ids per word-count block: 1 << 16
_LEN_CAP = 65534  # word counts are stored as min(n, cap) + 1 in uint16 (0: not indexed)
_U2 = np.dtype("<u2")
_IN_CHUNK = 900  # host parameters per IN (...) list
_VERIFY_BATCH = 24
_SLACK = 0.005  # scores are rounded to 2 decimals: a base of 69.996 is a 70
_MMAP_BYTES = 1 << 30
_CACHE_BYTES = 128 << 20  # posting lists a Matcher keeps between lookups
_U4 = np.dtype("<u4")  # a posting list's ids
_VERIFY_CAP = 8  # candidates left when a lookup stops counting and starts verifying
_KEYS_PER_ROUND = 6  # keys read per counting round
_NEVER = 1 << 40  # a need no count reaches
_SHORT_BYTES = 2048  # lists read with their sizes (a lookup reads the rarest first)
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER_RE = re.compile(r"[^\W\d_]")


# -- keys ------------------------------------------------------------------------------------------


_IN_SIZES = (8, 16, 32, 64, 128, 256, 512, _IN_CHUNK)


def _in_lists(values: Sequence[int] | Sequence[str]) -> Iterable[tuple[str, list]]:
    """`values` cut into IN (...) lists: (the question marks, the parameters). Each list is padded
    to one of a few lengths by repeating its last value (harmless in IN), so that SQLite's
    statement cache serves the same few statements instead of parsing a new one per length."""
    for start in range(0, len(values), _IN_CHUNK):
        part = list(values[start : start + _IN_CHUNK])
        size = next(n for n in _IN_SIZES if n >= len(part))
        part += [part[-1]] * (size - len(part))
        yield ",".join("?" * size), part


def family_of(lang: str | None) -> str:
    """The language family a variant is indexed under: the primary subtag (zh-CN -> zh)."""
    return base_language(lang) if lang else "und"


def detect_family(text: str) -> str:
    """zh when at least a third of the letters of `text` are Han characters, else en."""
    han = len(_HAN_RE.findall(text))
    letters = len(_LETTER_RE.findall(text))
    return "zh" if letters and han * 3 >= letters else "en"


def _bucket_starts() -> list[int]:
    starts = list(range(_EXACT_BUCKETS + 1))
    while starts[-1] < 100_000 and len(starts) < _MAX_BUCKET:
        starts.append(max(starts[-1] + 1, math.ceil(starts[-1] * _BUCKET_RATIO)))
    return starts


_STARTS = _bucket_starts()
_STARTS_NP = np.asarray(_STARTS, dtype=np.int64)


def bucket_of(n: int) -> int:
    """The length bucket of a segment of n words: one per length up to 16 words, then each
    bucket about 12% longer than the one before."""
    return bisect.bisect_right(_STARTS, n) - 1


def bucket_range(bucket: int) -> tuple[int, int]:
    """The word counts (lowest, highest) of a bucket."""
    lo = _STARTS[bucket]
    return lo, (_STARTS[bucket + 1] - 1 if bucket + 1 < len(_STARTS) else 10**9)


def _pair_low(w1: int, w2: int) -> int:
    """The bits of a pair key that name the pair (below them: the occurrence number)."""
    return ((w1 & _WORD_MASK) << _W1_SHIFT) | ((w2 & _WORD_MASK) << _W2_SHIFT)


def _pair_key(fam: int, w1: int, w2: int, occ: int) -> int:
    """A pair's key: its family, the pair and its occurrence number (its list holds variants of
    every length)."""
    return (fam << _FAM_SHIFT) | _pair_low(w1, w2) | min(occ, _MAX_OCC)


def _bucket_key(fam: int, bucket: int) -> int:
    """The key listing every variant of a bucket."""
    return (fam << _FAM_SHIFT) | (bucket << _BUCKET_SHIFT)


def _query_keys(word_ids: Sequence[int | None]) -> dict[int, int]:
    """The padded pairs of a query as {pair bits with occurrence number: how many of the query's
    pairs that key stands for}. Occurrences are numbered on the pair bits, as the index numbers
    them; a pair with a word the memory has never seen (None) cannot be shared and is left out.
    The weight is 1 but for pairs past the 31st occurrence, or two pairs whose word ids agree in
    their low 22 bits: counting such a key once would understate what a candidate shares."""
    seq = [_START, *word_ids, _END]
    seen: dict[int, int] = {}
    out: dict[int, int] = {}
    mask, s1, s2 = _WORD_MASK, _W1_SHIFT, _W2_SHIFT
    for w1, w2 in zip(seq, seq[1:], strict=False):
        if w1 is None or w2 is None:
            continue
        low = ((w1 & mask) << s1) | ((w2 & mask) << s2)  # _pair_low, inlined: a loop per lookup
        k = seen.get(low, 0)
        seen[low] = k + 1
        key = low | min(k, _MAX_OCC)
        out[key] = out.get(key, 0) + 1
    return out


class Vocabulary:
    """Word and family ids of one memory (`fuzzy_vocab`), loaded on demand."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.words: dict[str, int] | None = None
        self.new: list[tuple[str, int]] = []

    def _load(self) -> dict[str, int]:
        if self.words is None:
            self.words = dict(self.conn.execute("SELECT word, id FROM fuzzy_vocab"))
        return self.words

    def family(self, fam: str) -> int:
        words = self._load()
        key = "\x01" + fam
        got = words.get(key)
        if got is None:
            got = sum(1 for w in words if w.startswith("\x01")) % 32
            words[key] = got
            self.new.append((key, got))
        return got

    def ids(self, words_in: Sequence[str]) -> list[int]:
        """Ids for words, new ones numbered after the highest so far (saved by `flush`)."""
        words = self._load()
        out = []
        for w in words_in:
            got = words.get(w)
            if got is None:
                got = words[w] = len(words) + _FIRST_WORD
                self.new.append((w, got))
            out.append(got)
        return out

    def flush(self) -> None:
        if self.new:
            self.conn.executemany("INSERT INTO fuzzy_vocab (word, id) VALUES (?, ?)", self.new)
            self.new = []

    def lookup(self, words_in: Sequence[str], fam: str) -> tuple[int | None, list[int | None]]:
        """Ids of a query's family and words, without adding any (None: never seen)."""
        wanted = sorted(set(words_in) | {"\x01" + fam})
        found: dict[str, int] = {}
        for marks, part in _in_lists(wanted):
            found.update(self.conn.execute(f"SELECT word, id FROM fuzzy_vocab WHERE word IN ({marks})", part))
        return found.get("\x01" + fam), [found.get(w) for w in words_in]


# -- bounds ----------------------------------------------------------------------------------------


def upper_bound(a: int, b: int, g: int) -> float:
    """The highest base score a candidate of b words sharing g keys with a query of a words can
    have (see the module doc)."""
    n = max(a, b)
    if n == 0:
        return 100.0
    delta = abs(b - a)
    # the query's a + 1 pairs that the candidate lacks must be broken by edits: the |delta|
    # insertions (b > a) break one each, deletions (b < a) two each, every further edit at most two
    missing = max(0, a + 1 - g - delta * (1 if b >= a else 2))
    d = delta + (missing + 1) // 2
    return 100.0 * (n - d) / n if d < n else 0.0


@functools.lru_cache(maxsize=1024)
def _window(a: int, min_score: float) -> tuple[int, int, np.ndarray, np.ndarray] | None:
    """For a query of a words at `min_score`: the candidate lengths that can reach it (lo, hi);
    per length b in lo..hi the fewest shared keys g with `upper_bound(a, b, g)` >= min_score
    (a + 2 when no g does); and the same indexed by a stored word count (`_store_lengths`:
    n + 1, 0 for none, which counts as a) up to hi + 2, with _NEVER outside lo..hi
    (`take(mode="clip")` maps longer counts to the last entry). None when no length can.
    Read only: cached.

    The bound is 100 x (n - d) / n with n = max(a, b) and d = |b - a| + ceil(missing / 2),
    missing = a + 1 - g - |b - a| x (1 if b >= a else 2): so g must be at least
    a + 1 - |b - a| x (1 or 2) - 2 x (d_max - |b - a|), d_max the largest d the score allows."""
    low = max(min_score, 1.0) - _SLACK
    lo = math.ceil(a * low / 100.0 - 1e-9)
    hi = min(math.floor(a * 100.0 / low + 1e-9), _LEN_CAP)
    if hi < lo:
        return None
    b = np.arange(lo, hi + 1, dtype=np.int64)
    n = np.maximum(a, b)
    delta = np.abs(b - a)
    # the largest edit distance a score of `low` allows (rounded up a hair: a need one too low
    # only costs a candidate more, one too high would lose a match)
    d_max = np.floor(n * (1.0 - low / 100.0) + 1e-9).astype(np.int64)
    need = np.maximum(0, a + 1 - delta * np.where(b >= a, 1, 2) - 2 * (d_max - delta))
    need = np.where((d_max < delta) | (d_max >= np.maximum(n, 1)) & (n > 0), a + 2, need)
    need = np.where(n == 0, 0, need)
    if (need > a + 1).all():
        return None
    by_stored = np.full(hi + 3, _NEVER, dtype=np.int64)
    by_stored[lo + 1 : hi + 2] = need
    by_stored[0] = need[a - lo]
    for arr in (need, by_stored):
        arr.flags.writeable = False
    return lo, hi, need, by_stored


def _bounds(a: int, b: np.ndarray, g: np.ndarray) -> np.ndarray:
    """`upper_bound(a, b, g)` for arrays of lengths and shared keys."""
    n = np.maximum(a, b)
    delta = np.abs(b - a)
    missing = np.maximum(0, a + 1 - g - delta * np.where(b >= a, 1, 2))
    d = delta + (missing + 1) // 2
    return np.where(n == 0, 100.0, np.where(d < n, 100.0 * (n - d) / np.maximum(n, 1), 0.0))


# -- building ----------------------------------------------------------------------------------------


def clear(conn: sqlite3.Connection) -> None:
    """Forget the whole fuzzy index."""
    conn.execute("DELETE FROM fuzzy_postings")
    conn.execute("DELETE FROM fuzzy_vocab")
    conn.execute("DELETE FROM index_state WHERE name = ?", (INDEX_NAME,))


def _keys_of(
    rows: Iterable[tuple[int, str | None, str]], vocab: Vocabulary
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every (key, variant id) of `rows`, pairs and bucket keys, as two arrays; and the variant
    ids with their word counts."""
    seqs = array("q")  # per variant: START, word ids..., END
    vids = array("q")
    fams = array("q")
    lens = array("q")
    fam_ids: dict[str, int] = {}
    for vid, lang, text in rows:
        fam = family_of(lang)
        f = fam_ids.get(fam)
        if f is None:
            f = fam_ids[fam] = vocab.family(fam)
        words = words_of(text)
        seqs.append(_START)
        seqs.extend(vocab.ids(words))
        seqs.append(_END)
        vids.append(vid)
        fams.append(f)
        lens.append(len(words))
    vocab.flush()
    if not vids:
        return np.zeros(0, np.int64), np.zeros(0, np.uint32), np.zeros(0, np.int64), np.zeros(0, np.int64)
    seq = np.frombuffer(seqs, dtype=np.int64)
    v_ids = np.frombuffer(vids, dtype=np.int64)
    v_lens = np.frombuffer(lens, dtype=np.int64)
    v_fams = np.frombuffer(fams, dtype=np.int64)
    v_buckets = np.searchsorted(_STARTS_NP, v_lens, side="right") - 1
    v_prefix = (v_fams << _FAM_SHIFT) | (v_buckets << _BUCKET_SHIFT)  # the bucket keys
    v_fam_bits = v_fams << _FAM_SHIFT
    # pairs (seq[i], seq[i+1]) that do not run from one variant's END into the next's START:
    # a + 1 per variant of a words
    w1, w2 = seq[:-1], seq[1:]
    inside = w1 != _END
    w1, w2 = w1[inside], w2[inside]
    var = np.repeat(np.arange(len(v_ids)), v_lens + 1)
    base = v_fam_bits[var] | ((w1 & _WORD_MASK) << _W1_SHIFT) | ((w2 & _WORD_MASK) << _W2_SHIFT)
    # occurrence numbers: the k-th equal key of one variant gets k (from 0)
    order = np.lexsort((base, var))
    sb, sv = base[order], var[order]
    new_run = np.ones(len(sb), dtype=bool)
    new_run[1:] = (sb[1:] != sb[:-1]) | (sv[1:] != sv[:-1])
    starts = np.maximum.accumulate(np.where(new_run, np.arange(len(sb)), 0))
    occ = np.minimum(np.arange(len(sb)) - starts, _MAX_OCC)
    keys = np.concatenate((sb | occ, v_prefix))
    owners = np.concatenate((v_ids[sv], v_ids)).astype(np.uint32)
    return keys, owners, v_ids, v_lens


def add(conn: sqlite3.Connection, rows: Sequence[tuple[int, str | None, str]]) -> int:
    """Index variants `(variant_id, lang, text)`, merging into the postings already stored.
    Returns the number of keys written."""
    keys, owners, v_ids, v_lens = _keys_of(rows, Vocabulary(conn))
    if not len(keys):
        return 0
    _store_lengths(conn, v_ids, v_lens)
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    ends = np.append(starts[1:], len(keys))
    distinct = keys[starts].tolist()
    existing: dict[int, bytes] = {}
    if conn.execute("SELECT 1 FROM fuzzy_postings LIMIT 1").fetchone() is not None:
        for start in range(0, len(distinct), _IN_CHUNK):
            part = distinct[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(part))
            existing.update(conn.execute(f"SELECT key, ids FROM fuzzy_postings WHERE key IN ({marks})", part))
    blob = owners.astype("<u4").tobytes()
    view = memoryview(blob)
    # per key: does its run list a variant twice (then it needs np.unique), and its first id
    twice = np.zeros(len(starts), dtype=bool)
    repeat = np.flatnonzero((keys[1:] == keys[:-1]) & (owners[1:] == owners[:-1])) + 1
    twice[np.searchsorted(starts, repeat, side="right") - 1] = True
    out = []
    for k, s, e, first_id, dup in zip(
        distinct, starts.tolist(), ends.tolist(), owners[starts].tolist(), twice.tolist(), strict=True
    ):
        part = view[s * 4 : e * 4]
        old = existing.get(k)
        if old is not None:
            if not dup and int.from_bytes(old[-4:], "little") < first_id:
                # new variants have the highest ids: usually the new ids just go after the old
                out.append((k, old + bytes(part)))
            else:
                merged = np.union1d(np.frombuffer(old, dtype=_U4), np.frombuffer(part, dtype=_U4))
                out.append((k, merged.astype(_U4).tobytes()))
        elif dup:
            out.append((k, np.unique(owners[s:e]).astype(_U4).tobytes()))
        else:
            out.append((k, bytes(part)))
    conn.executemany("INSERT OR REPLACE INTO fuzzy_postings (key, ids) VALUES (?, ?)", out)
    return len(out)


def _store_lengths(conn: sqlite3.Connection, v_ids: np.ndarray, v_lens: np.ndarray) -> None:
    """Record each variant's word count in its block (key _LEN_FLAG | id >> 16: uint16 per id,
    min(n, _LEN_CAP) + 1, 0 for ids not indexed), merging into the stored blocks."""
    blocks = v_ids >> _LEN_BLOCK_BITS
    values = (np.minimum(v_lens, _LEN_CAP) + 1).astype(_U2)
    size = 1 << _LEN_BLOCK_BITS
    out = []
    for blk in np.unique(blocks).tolist():
        key = _LEN_FLAG | blk
        row = conn.execute("SELECT ids FROM fuzzy_postings WHERE key = ?", (key,)).fetchone()
        arr = np.zeros(size, dtype=_U2)
        if row is not None:
            old = np.frombuffer(row[0], dtype=_U2)
            arr[: len(old)] = old
        sel = blocks == blk
        arr[v_ids[sel] & (size - 1)] = values[sel]
        used = int(np.flatnonzero(arr)[-1]) + 1  # trailing ids not indexed yet are not stored
        out.append((key, arr[:used].tobytes()))
    conn.executemany("INSERT OR REPLACE INTO fuzzy_postings (key, ids) VALUES (?, ?)", out)


# -- lookup ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """One memory match for a query."""

    score: Score  # the match %, with its penalties; value 101 for a context match
    unit_id: int
    variant_id: int
    source: str  # the memory's source segment
    source_lang: str
    target: str  # the memory's translation
    target_lang: str
    origin: str
    date: str | None  # change date, else creation date (TMX form)
    author: str | None  # change id, else creation id
    diffs: tuple[Diff, ...] = field(default=())  # query -> source differences, for highlighting
    context: bool = False  # the neighbouring segments match too (101)

    @property
    def value(self) -> float:
        return 101.0 if self.context else self.score.value

    def to_dict(self) -> dict[str, object]:
        return {
            "score": self.value,
            "base": self.score.base,
            "penalties": [{"kind": k, "points": p} for k, p in self.score.penalties],
            "context": self.context,
            "unit_id": self.unit_id,
            "source": self.source,
            "source_lang": self.source_lang,
            "target": self.target,
            "target_lang": self.target_lang,
            "origin": self.origin,
            "date": self.date,
            "author": self.author,
            "diffs": [
                {"tag": d.tag, "query": [d.a_start, d.a_end], "source": [d.b_start, d.b_end]} for d in self.diffs
            ],
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    variant_id: int
    unit_id: int
    score: Score


_VARIANT_SQL = "SELECT id, unit_id, text, markup, lang FROM variants WHERE id IN ({marks})"
# the variants (of those given) whose unit has a translation in the target language
_TRANSLATED_SQL = """
SELECT v.id FROM variants v WHERE v.id IN ({marks}) AND EXISTS (SELECT 1 FROM variants t
  WHERE t.unit_id = v.unit_id AND t.id != v.id AND (lower(t.lang) = ? OR lower(t.lang) = ? OR lower(t.lang) LIKE ?))
"""


class Matcher:
    """Top-k fuzzy lookup in one memory connection (read only; see `tmkit.memindex.ensure` to
    bring the index up to date first)."""

    def __init__(self, conn: sqlite3.Connection, cache_bytes: int = _CACHE_BYTES) -> None:
        self.conn = conn
        # posting lists are read whole: through a memory map they are copied, not read page by
        # page through the page cache (3x faster on large lists); per connection, read only
        conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        self.vocab = Vocabulary(conn)
        self.verified = 0  # candidates scored by the last lookup (for benchmarks and tests)
        self._tally_table: np.ndarray | None = None
        # what earlier lookups read, for the next ones (a document's segments share most of
        # their pairs): posting lists up to `cache_bytes`, least recently used dropped first;
        # list sizes; word ids. All forgotten as soon as the memory changes.
        self.cache_bytes = cache_bytes
        self._lists: OrderedDict[int, np.ndarray] = OrderedDict()
        self._lists_bytes = 0
        self._sizes_seen: dict[int, int] = {}  # key -> bytes, -1 when the key does not exist
        self._words: dict[str, int | None] = {}
        self._lens: np.ndarray | None = None  # word count + 1 by variant id (0: not indexed)
        self._version: tuple[int, int] | None = None

    def _check_fresh(self) -> None:
        """Forget the caches when the memory changed since the last lookup: committed by another
        connection (`PRAGMA data_version`) or written through this one (`total_changes`)."""
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)
        if version != self._version:
            self._version = version
            self._lists.clear()
            self._lists_bytes = 0
            self._sizes_seen.clear()
            self._words.clear()
            self._lens = None

    def _word_ids(self, words: Sequence[str], fam: str) -> tuple[int | None, list[int | None]]:
        known = self._words
        fam_key = "\x01" + fam
        missing = [w for w in {*words, fam_key} if w not in known]
        if missing:
            fam_id, ids = self.vocab.lookup(missing, fam)
            known.update(zip(missing, ids, strict=True))
            known[fam_key] = fam_id
        return known[fam_key], [known[w] for w in words]

    def _lengths(self, ids: np.ndarray, a: int) -> np.ndarray:
        """The word counts of variants `ids` (uint32) as int64; a variant the index has no count
        for (it cannot be listed: a count is written with its keys) gets `a`, the length whose
        bound is highest."""
        got = self._stored_lengths().take(ids, mode="clip").astype(np.int64)  # last entry: 0
        return np.where(got > 0, got - 1, a)

    def _stored_lengths(self) -> np.ndarray:
        """Word count + 1 by variant id (0: none), one entry past the highest id (0)."""
        lens = self._lens
        if lens is None:
            rows = self.conn.execute("SELECT key, ids FROM fuzzy_postings WHERE key >= ?", (_LEN_FLAG,)).fetchall()
            top = max((k - _LEN_FLAG for k, _b in rows), default=-1)
            lens = np.zeros(((top + 1) << _LEN_BLOCK_BITS) + 1, dtype=_U2)
            for k, blob in rows:
                start = (k - _LEN_FLAG) << _LEN_BLOCK_BITS
                part = np.frombuffer(blob, dtype=_U2)
                lens[start : start + len(part)] = part
            self._lens = lens
        return lens

    def _tally(self, top: int) -> np.ndarray:
        """A table of zeros indexed by variant id up to `top`, kept between lookups (whoever
        counts on it sets it back to zeros)."""
        if self._tally_table is None or len(self._tally_table) <= top:
            self._tally_table = np.zeros(max(top + 1, 1 << 16) * 5 // 4, dtype=np.int32)
        return self._tally_table

    def _shared(self, cands: np.ndarray, lists: list[tuple[np.ndarray, int]]) -> np.ndarray:
        """For each of the sorted ids `cands`, the summed weight of the sorted `lists` it is in."""
        if len(cands) * 12 < sum(len(arr) for arr, _w in lists):
            # few candidates for long lists: a binary search per candidate and list
            out = np.zeros(len(cands), dtype=np.int64)
            for arr, w in lists:
                pos = np.minimum(np.searchsorted(arr, cands), len(arr) - 1)
                out += (arr[pos] == cands) * w
            return out
        # else a tally indexed by variant id: each list added to it, the candidates read off
        # (numpy indexes several times faster with intp arrays than with uint32 ones; the lists
        # are sorted, so their last id is their highest)
        tally = self._tally(max(int(cands[-1]), *(int(arr[-1]) for arr, _w in lists)))
        wide = [(arr.astype(np.intp), w) for arr, w in lists]
        for arr, w in wide:
            tally[arr] += w
        out = tally[cands.astype(np.intp)].astype(np.int64)
        for arr, _w in wide:
            tally[arr] = 0  # all zeros again for the next use
        return out

    def _sizes(self, keys: list[int]) -> dict[int, int]:
        """The byte length of each key's list; keys that do not exist are left out. The short
        lists come with their sizes, in the same statement, into the cache: the rarest keys are
        the ones read first."""
        seen = self._sizes_seen
        missing = [k for k in keys if k not in seen]
        if missing:
            for k in missing:
                seen[k] = -1
            cache = self._lists
            added = 0
            for marks, part in _in_lists(missing):
                sql = f"SELECT key, length(ids), iif(length(ids) <= {_SHORT_BYTES}, ids, NULL) FROM fuzzy_postings WHERE key IN ({marks})"
                for k, n, blob in self.conn.execute(sql, part):
                    seen[k] = n
                    if blob is not None:
                        cache[k] = np.frombuffer(blob, dtype=_U4)
                        added += n
            self._lists_bytes += added
            self._trim()
        return {k: n for k in keys if (n := seen[k]) >= 0}

    def _trim(self) -> None:
        cache = self._lists
        while self._lists_bytes > self.cache_bytes:
            _k, old = cache.popitem(last=False)
            self._lists_bytes -= old.nbytes

    def _postings(self, keys: list[int]) -> dict[int, np.ndarray]:
        """The lists of `keys` (those that exist), from the cache or the memory."""
        cache = self._lists
        got: dict[int, np.ndarray] = {}
        missing = []
        for k in keys:
            arr = cache.get(k)
            if arr is None:
                if self._sizes_seen.get(k) != -1:
                    missing.append(k)
            else:
                cache.move_to_end(k)
                got[k] = arr
        seen = self._sizes_seen
        largest = self.cache_bytes // 8
        added = 0
        for marks, part in _in_lists(missing):
            for k, blob in self.conn.execute(f"SELECT key, ids FROM fuzzy_postings WHERE key IN ({marks})", part):
                arr = got[k] = np.frombuffer(blob, dtype=_U4)
                n = seen[k] = len(blob)
                if n <= largest:
                    cache[k] = arr
                    added += n
        self._lists_bytes += added
        for k in missing:
            if k not in got:
                seen[k] = -1
        self._trim()
        return got

    def candidates(
        self,
        query: Profile,
        src_lang: str,
        tgt_lang: str,
        *,
        min_score: float = 70.0,
        limit: int = 5,
    ) -> list[Candidate]:
        """The best `limit` variants of family `src_lang` with a translation in `tgt_lang`, by
        score (then newest unit first), with a score of at least `min_score`."""
        fam = family_of(src_lang)
        a = len(query.words)
        self.verified = 0
        self._check_fresh()
        fam_id, word_ids = self._word_ids(query.words, fam)
        if fam_id is None:
            return []  # nothing in this language is indexed
        most = a + 1  # the query's pairs
        if a > _LEN_CAP:
            # word counts are stored up to the cap: a longer query (a book in one segment) is
            # compared with every variant instead
            return scan_lookup(self.conn, query.text, src_lang, tgt_lang, min_score=min_score, limit=limit)
        win = _window(a, min_score)
        if win is None:
            return []
        lo, _hi, need_len, need_by_stored = win
        lows = _query_keys(word_ids)  # pair bits -> weight
        uniform = all(w == 1 for w in lows.values())
        prefix = fam_id << _FAM_SHIFT
        weight_of = {prefix | low: w for low, w in lows.items()}

        def weights(keys: list[int]) -> int:
            return len(keys) if uniform else sum(weight_of[k] for k in keys)

        # the query's pairs that exist, rarest first (any order is correct; the rarest first
        # reads least)
        sizes = self._sizes(list(weight_of))
        present = sorted(sizes, key=lambda k: (sizes[k], k))
        unread = weights(present)
        # lengths a match can have without sharing any pair come from the bucket lists (every
        # variant of a bucket); the others share at least `need` pairs, so they are in one of
        # the lists read first as long as the pairs left unread stand for fewer than `need`
        zero = need_len <= 0
        needs = need_len[~zero & (need_len <= most)]
        whole_keys: list[int] = []
        if zero.any():
            whole_keys = sorted({_bucket_key(fam_id, bucket_of(lo + int(i))) for i in np.flatnonzero(zero)})
        chosen = 0
        if len(needs):
            need = int(needs.min())
            if unread >= need:
                if uniform:
                    chosen = unread - need + 1
                else:
                    left = unread
                    while left >= need:
                        left -= weight_of[present[chosen]]
                        chosen += 1
        if not chosen and not whole_keys:
            return []
        first, rest = present[:chosen], present[chosen:]
        postings = self._postings(first + whole_keys)
        if uniform:
            lists = [postings[k] for k in first if k in postings]
        else:
            lists = [postings[k] for k in first if k in postings for _ in range(weight_of[k])]
        whole = [postings[k] for k in whole_keys if k in postings]
        if whole:
            # every variant of those buckets is a candidate: listed once more, counted once less
            lists.extend(whole)
        if not lists:
            return []
        stored = self._stored_lengths()
        ids = np.concatenate(lists)
        if len(ids) > 16384:
            # the lists hold every length: on long lists those out of the window go before the
            # counting (on short ones the look-ups cost more than they save)
            ids = ids[need_by_stored.take(stored.take(ids, mode="clip"), mode="clip") < _NEVER]
        uniq, counts = np.unique(ids, return_counts=True)
        counts = counts.astype(np.int64)
        if whole:
            counts -= np.isin(uniq, np.concatenate(whole))
        unread -= weights(first)
        # the fewest pairs each candidate must share, by its length (_NEVER out of the window);
        # optimistic: every pair not read yet is shared (the bound grows with the count)
        need = need_by_stored.take(stored.take(uniq, mode="clip"), mode="clip")
        keep = counts + unread >= need
        uniq, counts, need = uniq[keep], counts[keep], need[keep]
        # then the other pairs, rarest first, only to count them for the candidates left, until
        # few enough are left to verify
        while len(uniq) > _VERIFY_CAP and rest:
            # read a few lists at a time, count them one by one: each drops the candidates that
            # can no longer reach their need, so the next is counted for fewer
            batch, rest = rest[:_KEYS_PER_ROUND], rest[_KEYS_PER_ROUND:]
            got = self._postings(batch)
            for j, k in enumerate(batch):
                if len(uniq) <= _VERIFY_CAP:
                    rest = batch[j:] + rest  # still unread: they count as shared
                    break
                arr = got.get(k)
                w = 1 if uniform else weight_of[k]
                if arr is not None and len(arr):
                    counts += self._shared(uniq, [(arr, w)])
                unread -= w
                keep = counts + unread >= need
                uniq, counts, need = uniq[keep], counts[keep], need[keep]
        if not len(uniq):
            return []
        # verify by decreasing bound (newest first among equals)
        bounds = _bounds(a, self._lengths(uniq, a), np.minimum(counts + unread, most))
        order = np.lexsort((-uniq.astype(np.int64), -bounds))
        uniq, bounds = uniq[order], bounds[order]
        tgt = tgt_lang.lower()
        tgt_fam = family_of(tgt)
        best: list[Candidate] = []
        seen: set[int] = set()
        i = 0
        n = len(uniq)
        while i < n:
            floor = best[-1].score.value if len(best) >= limit else min_score
            # the candidates whose bound can still reach the floor (bounds decrease), a batch
            end = min(i + _VERIFY_BATCH, int(np.searchsorted(-bounds, -(floor - _SLACK), side="right")))
            if end <= i:
                break
            batch = [v for v in uniq[i:end].tolist() if v not in seen]
            seen.update(batch)
            i = end
            if not batch:
                continue
            # the texts first: most candidates fail on the base score, and need no translation
            ((marks, padded),) = _in_lists(batch)
            close = []
            for vid, uid, text, markup, lang in self.conn.execute(_VARIANT_SQL.format(marks=marks), padded):
                if family_of(lang) != fam:
                    continue
                self.verified += 1
                # (`floor` is from before this batch: what it adds can only raise it)
                if round(base_score(query.words, words_of(text)), 2) < floor:
                    continue  # the score is at most the base: not worth a profile
                s = score(query, profile(text, markup))
                if s.value >= min_score:
                    close.append(Candidate(vid, uid, s))
            if close:
                ((marks, padded),) = _in_lists([c.variant_id for c in close])
                params = (*padded, tgt, tgt_fam, tgt_fam + "-%")
                translated = {r[0] for r in self.conn.execute(_TRANSLATED_SQL.format(marks=marks), params)}
                best.extend(c for c in close if c.variant_id in translated)
            best.sort(key=lambda c: (-c.score.value, -c.unit_id))
            del best[limit:]
        return best

    def lookup(
        self,
        text: str,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        *,
        min_score: float = 70.0,
        limit: int = 5,
        context: tuple[str | None, str | None] | None = None,
        codes: tuple[str, ...] | str | None = None,
    ) -> list[Match]:
        """The best matches for `text`: source language `src_lang` (detected from the text when
        None), translations into `tgt_lang` (the other of en/zh-CN when None). `context` is the
        (previous, next) source segment of the query in its document: a 100 match whose memory
        neighbours have the same sources becomes a context match (101)."""
        src = src_lang or ("zh-CN" if detect_family(text) == "zh" else "en")
        tgt = tgt_lang or ("en" if family_of(src) == "zh" else "zh-CN")
        query = profile(text, codes)
        found = self.candidates(query, src, tgt, min_score=min_score, limit=limit)
        return [self._match(text, c, src, tgt, context) for c in found]

    def _match(self, text: str, c: Candidate, src: str, tgt: str, context) -> Match:
        conn = self.conn
        source, source_lang = conn.execute("SELECT text, lang FROM variants WHERE id = ?", (c.variant_id,)).fetchone()
        tgt_l = tgt.lower()
        target, target_lang = conn.execute(
            "SELECT text, lang FROM variants WHERE unit_id = ? AND id != ? "
            "AND (lower(lang) = ? OR lower(lang) = ? OR lower(lang) LIKE ?) ORDER BY lower(lang) = ? DESC, pos LIMIT 1",
            (c.unit_id, c.variant_id, tgt_l, family_of(tgt_l), family_of(tgt_l) + "-%", tgt_l),
        ).fetchone()
        origin, cdate, cid, chdate, chid, batch = conn.execute(
            "SELECT origin, creation_date, creation_id, change_date, change_id, batch_id FROM units WHERE id = ?",
            (c.unit_id,),
        ).fetchone()
        is_context = False
        if context is not None and c.score.value >= 100.0:
            is_context = self._same_context(c.unit_id, batch, family_of(src), context)
        return Match(
            c.score,
            c.unit_id,
            c.variant_id,
            source,
            source_lang,
            target,
            target_lang,
            origin,
            chdate or cdate,
            chid or cid,
            tuple(diff_spans(text, source)),
            is_context,
        )

    def _neighbour(self, unit_id: int, batch: int, fam: str, step: int) -> str | None:
        op, order = (">", "ASC") if step > 0 else ("<", "DESC")
        row = self.conn.execute(
            f"SELECT id FROM units WHERE batch_id = ? AND id {op} ? ORDER BY id {order} LIMIT 1", (batch, unit_id)
        ).fetchone()
        if row is None:
            return None
        for text, lang in self.conn.execute("SELECT text, lang FROM variants WHERE unit_id = ? ORDER BY pos", row):
            if family_of(lang) == fam:
                return text
        return None

    def _same_context(self, unit_id: int, batch: int, fam: str, context) -> bool:
        prev, nxt = context
        for want, step in ((prev, -1), (nxt, 1)):
            got = self._neighbour(unit_id, batch, fam, step)
            if (want is None) != (got is None):
                return False
            if want is not None and got is not None and " ".join(want.split()) != " ".join(got.split()):
                return False
        return True


def scan_lookup(
    conn: sqlite3.Connection,
    text: str,
    src_lang: str,
    tgt_lang: str,
    *,
    min_score: float = 70.0,
    limit: int = 5,
) -> list[Candidate]:
    """The same top `limit` as `Matcher.candidates`, by scoring every variant (no index): the
    reference the index is tested and benchmarked against. Slow on a large memory."""
    fam = family_of(src_lang)
    tgt = tgt_lang.lower()
    query = profile(text)
    best: list[Candidate] = []
    rows = conn.execute(
        "SELECT v.id, v.unit_id, v.text, v.markup, v.lang FROM variants v WHERE EXISTS (SELECT 1 FROM variants t "
        "WHERE t.unit_id = v.unit_id AND t.id != v.id AND (lower(t.lang) = ? OR lower(t.lang) = ? "
        "OR lower(t.lang) LIKE ?))",
        (tgt, family_of(tgt), family_of(tgt) + "-%"),
    )
    for vid, uid, vtext, markup, lang in rows:
        if family_of(lang) != fam:
            continue
        s = score(query, profile(vtext, markup))
        if s.value >= min_score:
            best.append(Candidate(vid, uid, s))
    best.sort(key=lambda c: (-c.score.value, -c.unit_id))
    return best[:limit]
