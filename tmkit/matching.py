"""Fuzzy lookup in the memory: the index in the SQLite file, and the search that uses it.

The score is `tmkit.fuzzy.score`; this module finds, among a million units, the few whose score
against a query is highest, without scoring them all. docs/explanation/matching.md explains the
method; in short:

* **Keys.** A segment's words (`tmkit.fuzzy.Profile.words`: folded letter words, Han characters,
  numbers as "#") are padded with a start and an end mark and cut into overlapping pairs:
  "the team grew" gives ^·the, the·team, team·grew, grew·$. A pair that occurs a second time in
  the same segment gets its occurrence number, so that counting shared keys counts a multiset.
  Each key is filed under the segment's language family (en, zh, ...) and its **length bucket**
  (its number of words; exact up to 16 words, then buckets each about 12% longer).
* **Postings.** `fuzzy_postings(key, ids)`: key is a 64-bit hash of (family, bucket, pair,
  occurrence), ids the sorted variant ids that have it, as little-endian uint32. A hash collision
  only adds candidates (each is verified), never loses one. Every bucket also has a key listing
  all its variants, for the rare threshold that needs a whole bucket.
* **Bounds.** For a query of a words and a candidate of b words sharing g keys, the edit distance
  is at least |a - b| plus what the missing keys force (a substitution or deletion breaks at most
  two pairs, an insertion one), so the base score, and with it the score, is at most
  `upper_bound(a, b, g)`. Only buckets whose lengths can reach the threshold are read; candidates
  are verified with the real score in decreasing order of their bound, and the search stops when
  the next bound is below the k-th best score found. So the top k above the threshold are exactly
  those an exhaustive scan with the same score finds (ties in score aside).
* **Counting.** The rarest keys of each bucket are read first (enough that any variant able to
  reach the threshold is in one of their lists); the others are counted, a few per round, only
  for the candidates left: by binary search when they are few, else on a tally indexed by
  variant id (Chinese character pairs are common, so the candidates are often tens of
  thousands). A `Matcher` keeps the lists, sizes and word ids it read for its next lookups until
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
INDEX_FORMAT = "fuzzy-3: padded word pairs, occurrence numbers, buckets exact to 16 then x1.125"
_START, _END = 1, 2  # word ids of the padding marks; words count from 3
_FIRST_WORD = 3
_EXACT_BUCKETS = 16
_BUCKET_RATIO = 1.125
_MAX_BUCKET = 255
_FAM_SHIFT, _BUCKET_SHIFT, _W1_SHIFT, _W2_SHIFT = 57, 49, 27, 5
_WORD_MASK = (1 << 22) - 1
_MAX_OCC = 31
_PAIR_BITS = (1 << _BUCKET_SHIFT) - 1  # the bits of a key below the bucket: pair and occurrence
_IN_CHUNK = 900  # host parameters per IN (...) list
_VERIFY_BATCH = 24
_SLACK = 0.005  # scores are rounded to 2 decimals: a base of 69.996 is a 70
_MMAP_BYTES = 1 << 30
_CACHE_BYTES = 128 << 20  # posting lists a Matcher keeps between lookups
_U4 = np.dtype("<u4")  # a posting list's ids
_VERIFY_CAP = 48  # candidates left when a lookup stops counting and starts verifying
_KEYS_PER_ROUND = 4  # keys per bucket read per counting round
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


def _pair_key(fam: int, bucket: int, w1: int, w2: int, occ: int) -> int:
    return (fam << _FAM_SHIFT) | (bucket << _BUCKET_SHIFT) | _pair_low(w1, w2) | min(occ, _MAX_OCC)


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


def _lengths_in(a: int, bucket: int) -> set[int]:
    """The candidate lengths of a bucket at which the bound is highest: its ends, the length
    nearest the query's, and (for a candidate sharing no pair, where the bound peaks away from
    a) the one nearest 2a + 1."""
    lo, hi = bucket_range(bucket)
    hi = min(hi, 10**6)
    return {lo, hi, min(max(a, lo), hi), min(max(2 * a + 1, lo), hi)}


@functools.lru_cache(maxsize=4096)
def _bucket_bound(a: int, bucket: int) -> np.ndarray:
    """`upper_bound` for 0 to a + 1 shared keys, the highest over the lengths of `bucket` (read
    only: cached)."""
    g = np.arange(a + 2)
    best = None
    for b in _lengths_in(a, bucket):
        n = max(a, b)
        if n == 0:
            ub = np.full(g.shape, 100.0)
        else:
            delta = abs(b - a)
            missing = np.maximum(0, a + 1 - g - delta * (1 if b >= a else 2))
            d = delta + (missing + 1) // 2
            ub = np.where(d < n, 100.0 * (n - d) / n, 0.0)
        best = ub if best is None else np.maximum(best, ub)
    assert best is not None
    best.flags.writeable = False
    return best


def _buckets_for(a: int, min_score: float) -> list[int]:
    """The buckets a match of a query of a words can be in at `min_score`."""
    low = max(min_score, 1.0) - _SLACK
    lo = math.ceil(a * low / 100.0 - 1e-9)
    hi = math.floor(a * 100.0 / low + 1e-9)
    out = []
    for bucket in range(bucket_of(lo), bucket_of(hi) + 1):
        blo, bhi = bucket_range(bucket)
        if bhi < lo or blo > hi:
            continue
        out.append(bucket)
    return out


def _min_shared(bounds: np.ndarray, min_score: float) -> int:
    """The fewest keys a candidate must share to reach `min_score`, given its bucket's bound for
    each number of shared keys (`_bucket_bound`): 0 when even none (the whole bucket must be
    read), len(bounds) when it cannot."""
    ok = np.flatnonzero(bounds >= min_score - _SLACK)
    return int(ok[0]) if len(ok) else len(bounds)


# -- building ----------------------------------------------------------------------------------------


def clear(conn: sqlite3.Connection) -> None:
    """Forget the whole fuzzy index."""
    conn.execute("DELETE FROM fuzzy_postings")
    conn.execute("DELETE FROM fuzzy_vocab")
    conn.execute("DELETE FROM index_state WHERE name = ?", (INDEX_NAME,))


def _keys_of(rows: Iterable[tuple[int, str | None, str]], vocab: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """Every (key, variant id) of `rows`, pairs and bucket keys, as two arrays."""
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
        return np.zeros(0, np.int64), np.zeros(0, np.uint32)
    seq = np.frombuffer(seqs, dtype=np.int64)
    v_ids = np.frombuffer(vids, dtype=np.int64)
    v_lens = np.frombuffer(lens, dtype=np.int64)
    v_fams = np.frombuffer(fams, dtype=np.int64)
    v_buckets = np.searchsorted(_STARTS_NP, v_lens, side="right") - 1
    v_prefix = (v_fams << _FAM_SHIFT) | (v_buckets << _BUCKET_SHIFT)
    # pairs (seq[i], seq[i+1]) that do not run from one variant's END into the next's START:
    # a + 1 per variant of a words
    w1, w2 = seq[:-1], seq[1:]
    inside = w1 != _END
    w1, w2 = w1[inside], w2[inside]
    var = np.repeat(np.arange(len(v_ids)), v_lens + 1)
    base = v_prefix[var] | ((w1 & _WORD_MASK) << _W1_SHIFT) | ((w2 & _WORD_MASK) << _W2_SHIFT)
    # occurrence numbers: the k-th equal key of one variant gets k (from 0)
    order = np.lexsort((base, var))
    sb, sv = base[order], var[order]
    new_run = np.ones(len(sb), dtype=bool)
    new_run[1:] = (sb[1:] != sb[:-1]) | (sv[1:] != sv[:-1])
    starts = np.maximum.accumulate(np.where(new_run, np.arange(len(sb)), 0))
    occ = np.minimum(np.arange(len(sb)) - starts, _MAX_OCC)
    keys = np.concatenate((sb | occ, v_prefix))
    owners = np.concatenate((v_ids[sv], v_ids)).astype(np.uint32)
    return keys, owners


def add(conn: sqlite3.Connection, rows: Sequence[tuple[int, str | None, str]]) -> int:
    """Index variants `(variant_id, lang, text)`, merging into the postings already stored.
    Returns the number of keys written."""
    keys, owners = _keys_of(rows, Vocabulary(conn))
    if not len(keys):
        return 0
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


_TARGET_SQL = """
SELECT v.id, v.unit_id, v.text, v.markup, v.lang,
       (SELECT t.text FROM variants t WHERE t.unit_id = v.unit_id AND t.id != v.id
          AND (lower(t.lang) = ? OR lower(t.lang) = ? OR lower(t.lang) LIKE ?)
        ORDER BY lower(t.lang) = ? DESC, t.pos LIMIT 1)
FROM variants v WHERE v.id IN ({marks})
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

    def _word_ids(self, words: Sequence[str], fam: str) -> tuple[int | None, list[int | None]]:
        known = self._words
        fam_key = "\x01" + fam
        missing = [w for w in {*words, fam_key} if w not in known]
        if missing:
            fam_id, ids = self.vocab.lookup(missing, fam)
            known.update(zip(missing, ids, strict=True))
            known[fam_key] = fam_id
        return known[fam_key], [known[w] for w in words]

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
        """The byte length of each key's list; keys that do not exist are left out."""
        seen = self._sizes_seen
        missing = [k for k in keys if k not in seen]
        if missing:
            for k in missing:
                seen[k] = -1
            for marks, part in _in_lists(missing):
                seen.update(
                    self.conn.execute(f"SELECT key, length(ids) FROM fuzzy_postings WHERE key IN ({marks})", part)
                )
        return {k: n for k in keys if (n := seen[k]) >= 0}

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
        while self._lists_bytes > self.cache_bytes:
            _k, old = cache.popitem(last=False)
            self._lists_bytes -= old.nbytes
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
        lows = _query_keys(word_ids)  # pair bits -> weight
        # bucket -> the bound for 0..a + 1 shared keys
        bound_of = {b: _bucket_bound(a, b) for b in _buckets_for(a, min_score)}
        if not bound_of:
            return []

        # how many of the query's pairs a key stands for: 1, but for a repeated pair (see
        # _query_keys); `weights` sums them for a list of keys
        uniform = all(w == 1 for w in lows.values())

        def weight(key: int) -> int:
            return 1 if uniform else lows[key & _PAIR_BITS]

        def weights(keys: list[int]) -> int:
            return len(keys) if uniform else sum(lows[k & _PAIR_BITS] for k in keys)

        # how long each key's list is, in the bucket nearest the query's length (one probe per
        # pair; probing every bucket cost a third of a lookup at 100,000 units). Other buckets
        # take their order from it: any order is correct, the rarest first reads least. A key
        # of another bucket may not exist at all; reading it then finds nothing.
        mid = min(bound_of, key=lambda b: abs(b - bucket_of(a)))
        mid_prefix = _bucket_key(fam_id, mid)
        by_pair = {k & _PAIR_BITS: n for k, n in self._sizes([mid_prefix | low for low in lows]).items()}
        order = sorted(lows, key=lambda low: (by_pair.get(low, -1), low))
        # per bucket: the keys to read first, and the keys left, rarest first
        first: list[tuple[int, list[int], bool]] = []  # (bucket, keys, whole bucket)
        rest: list[list[int]] = []  # per position in `first`
        for b in bound_of:
            prefix = _bucket_key(fam_id, b)
            present = [prefix | low for low in order if b != mid or low in by_pair]
            need = _min_shared(bound_of[b], min_score)
            if need <= 0:
                first.append((b, present, True))
                rest.append([])
                continue
            unread = weights(present)
            if unread < need:
                continue  # not enough of the query's pairs exist in this bucket
            # a candidate sharing `need` keys has one among those read as long as the keys left
            # unread stand for fewer than `need` pairs: read the rarest until then
            if uniform:
                chosen = unread - need + 1
            else:
                chosen = 0
                while unread >= need:
                    unread -= weight(present[chosen])
                    chosen += 1
            first.append((b, present[:chosen], False))
            rest.append(present[chosen:])
        if not first:
            return []
        wanted = [k for _b, keys, _w in first for k in keys]
        postings = self._postings(wanted + [_bucket_key(fam_id, b) for b, _k, whole in first if whole])
        # candidates are (variant, bucket): a stale id can be listed under two buckets, and each
        # listing is bounded with its own bucket's lengths. Counted in one pass as (position in
        # `first`) << 32 | variant id, so sorted by bucket, then id.
        parts = []
        whole_at = []
        for i, (b, keys, whole) in enumerate(first):
            if uniform:
                lists = [postings[k] for k in keys if k in postings]
            else:
                lists = [postings[k] for k in keys if k in postings for _ in range(weight(k))]
            if whole:
                # every variant of the bucket is a candidate, sharing a pair or not: its list
                # comes in once more (a pair list names no variant the bucket list lacks)
                whole_at.append(i)
                lists.append(postings.get(_bucket_key(fam_id, b), np.zeros(0, np.uint32)))
            if lists:
                parts.append(np.concatenate(lists).astype(np.int64) | (i << 32))
        if not parts:
            return []
        both, counts = np.unique(np.concatenate(parts), return_counts=True)
        uniq = (both & 0xFFFFFFFF).astype(np.uint32)
        cand_index = both >> 32  # position in `first`, non-decreasing
        counts = counts.astype(np.int64)
        if whole_at:
            counts -= np.isin(cand_index, whole_at)
        # the bound for g shared keys in each bucket read, and the weight each has not read yet
        table = np.stack([bound_of[b] for b, _k, _w in first])
        unread_w = np.array([weights(keys) for keys in rest], dtype=np.int64)

        need = np.array([_min_shared(bound_of[b], min_score) for b, _k, _w in first], dtype=np.int64)

        def keep_above() -> None:
            # optimistic: every key not read yet is shared (the bound grows with the count)
            nonlocal uniq, counts, cand_index
            keep = counts + unread_w[cand_index] >= need[cand_index]
            uniq, counts, cand_index = uniq[keep], counts[keep], cand_index[keep]

        # then the other keys, rarest first, only to count them for the candidates left, until
        # few enough are left to verify
        while len(uniq) > _VERIFY_CAP:
            edges = np.searchsorted(cand_index, np.arange(len(first) + 1)).tolist()
            step: dict[int, int] = {}  # key -> position in `first`
            for i in range(len(first)):
                if edges[i + 1] > edges[i]:
                    for k in rest[i][:_KEYS_PER_ROUND]:
                        step[k] = i
            if not step:
                break
            by_bucket: dict[int, list[tuple[int, np.ndarray]]] = {}
            for k, arr in self._postings(list(step)).items():
                if len(arr):
                    by_bucket.setdefault(step[k], []).append((k, arr))
            for i, lists in by_bucket.items():
                lo, hi = edges[i], edges[i + 1]
                counts[lo:hi] += self._shared(uniq[lo:hi], [(arr, weight(k)) for k, arr in lists])
            for k, i in step.items():
                unread_w[i] -= weight(k)
            for i in set(step.values()):
                rest[i] = rest[i][_KEYS_PER_ROUND:]
            keep_above()
        if not len(uniq):
            return []
        # verify by decreasing bound (newest first among equals)
        bounds = table[cand_index, np.minimum(counts + unread_w[cand_index], most)]
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
            if bounds[i] < floor - _SLACK:
                break
            batch = [v for v in uniq[i : i + _VERIFY_BATCH].tolist() if v not in seen]
            seen.update(batch)
            i += _VERIFY_BATCH
            if not batch:
                continue
            ((marks, padded),) = _in_lists(batch)
            params = (tgt, tgt_fam, tgt_fam + "-%", tgt, *padded)
            rows = self.conn.execute(_TARGET_SQL.format(marks=marks), params).fetchall()
            for vid, uid, text, markup, lang, target in rows:
                if target is None or family_of(lang) != fam:
                    continue
                self.verified += 1
                # (`floor` is from before this batch: what it adds can only raise it)
                if round(base_score(query.words, words_of(text)), 2) < floor:
                    continue  # the score is at most the base: not worth a profile
                s = score(query, profile(text, markup))
                if s.value < min_score:
                    continue
                best.append(Candidate(vid, uid, s))
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
