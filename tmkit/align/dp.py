"""Sentence alignment by dynamic programming in a band found from anchors.

1. **Anchors.** Each English sentence looks up the Chinese sentences that share its *rare* keys
   (an inverted index, so this is near-linear). A pair whose 1-1 similarity is high and clearly
   better than the runner-up is a candidate; the longest chain of candidates that is monotone on
   both sides is kept. Anchors are where the alignment is sure.
2. **Band.** Between two consecutive anchors the path may go anywhere in the rectangle they span,
   plus a margin; the band is capped around the straight line between them, so time and memory
   grow with the text's length, not with its square.
3. **Dynamic programming** over beads 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 and 0-1 inside the band,
   minimising the sum of bead costs:

       cost = unmatched evidence (in units of an average sentence's evidence)
            + length cost (Gale-Church style, ratio and variance calibrated on the anchors)
            + a penalty for the bead type

   Unmatched evidence is additive: two correct 1-1 beads cost what their 2-2 merge costs, so the
   type penalty prefers the finer split, while a sentence that belongs to a neighbour leaves its
   evidence unmatched and pulls the path to the right bead.
4. **Confidence.** Each bead's similarity is compared with the text's typical similarity for sure
   pairs and discounted for an unlikely length ratio; a bead under the review threshold, and
   every 1-0 or 0-1 bead, is flagged weak.
"""

from __future__ import annotations

import bisect
import math
import statistics
from dataclasses import dataclass

from tmkit.align.features import ChineseSide, EnglishSide

__all__ = ["AlignParams", "Calibration", "RawBead", "align_sides", "calibrate", "BEAD_TYPES"]

_DEFAULT_VARIANCE = 1.0
BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 0), (0, 1))


@dataclass(frozen=True, slots=True)
class AlignParams:
    """The aligner's knobs. The defaults are set from first principles and checked on the
    development set; docs/explanation/alignment.md explains each."""

    lexical_weight: float = 4.0  # per average sentence's worth of evidence left unmatched
    length_weight: float = 1.0
    # bead type penalties: -ln(P(type) / P(1-1)) with Gale & Church's (1993) priors
    # (1-1 0.89, 1-2 and 2-1 0.089, 2-2 0.011, 1-0 and 0-1 0.0099; 1-3 and 3-1 taken as 0.0067),
    # the probability of a pair of types split evenly between its two directions
    penalty_12: float = 3.0  # 1-2 and 2-1: ln(0.89 / 0.0445)
    penalty_22: float = 4.4  # ln(0.89 / 0.011)
    penalty_13: float = 5.5  # 1-3 and 3-1: ln(0.89 / 0.00335)
    penalty_skip: float = 5.2  # 1-0 and 0-1: ln(0.89 / 0.00495), on top of the evidence left unmatched
    anchor_min_sim: float = 0.25
    anchor_margin: float = 1.3  # best candidate's similarity over the runner-up's
    anchor_max_df: int = 60  # a key in more Chinese sentences than this is not looked up
    band_margin: int = 6  # sentences of slack around anchors
    band_cap: int = 120  # never wider than this around the line between two anchors
    weak_below: float = 0.4  # confidence under which a bead is flagged for review


@dataclass(frozen=True, slots=True)
class Calibration:
    """What the cost function learns from the text: the Chinese/English character ratio and the
    variance of the length model (both from the anchors), and the size of an average sentence's
    evidence. Computed once per document and shared by its paragraphs."""

    ratio: float
    variance: float
    unit: float


@dataclass(frozen=True, slots=True)
class RawBead:
    en: tuple[int, ...]
    zh: tuple[int, ...]
    similarity: float
    confidence: float
    weak: bool


class _Scorer:
    def __init__(self, en: EnglishSide, zh: ChineseSide, params: AlignParams) -> None:
        self.en = en
        self.zh = zh
        self.p = params
        n, m = len(en.mass), len(zh.mass)
        total = sum(en.mass) + sum(zh.mass)
        self.unit = max(total / max(1, n + m), 1e-6)
        en_len = sum(en.length) or 1
        self.ratio = (sum(zh.length) or 1) / en_len
        self.variance = _DEFAULT_VARIANCE
        self._a: dict[tuple[int, int], set[str]] = {}
        self._b: dict[tuple[int, int], frozenset[str]] = {}
        self._m_en: dict[tuple[int, int, int], float] = {}
        self._m_zh: dict[tuple[int, int, int], float] = {}
        self.penalty = {
            (1, 1): 0.0,
            (1, 2): params.penalty_12,
            (2, 1): params.penalty_12,
            (2, 2): params.penalty_22,
            (1, 3): params.penalty_13,
            (3, 1): params.penalty_13,
            (1, 0): params.penalty_skip,
            (0, 1): params.penalty_skip,
        }

    def a_union(self, i0: int, i1: int) -> set[str]:
        got = self._a.get((i0, i1))
        if got is None:
            got = set()
            for s in range(i0, i1):
                got.update(self.en.keys[s])
            self._a[(i0, i1)] = got
        return got

    def b_union(self, j0: int, j1: int) -> frozenset[str]:
        got = self._b.get((j0, j1))
        if got is None:
            got = self.zh.keys[j0] if j1 == j0 + 1 else frozenset().union(*self.zh.keys[j0:j1])
            self._b[(j0, j1)] = got
        return got

    def matched(self, i0: int, i1: int, j0: int, j1: int) -> float:
        total = 0.0
        if i1 > i0 and j1 > j0:
            keys = None
            for s in range(i0, i1):
                key = (s, j0, j1)
                got = self._m_en.get(key)
                if got is None:
                    if keys is None:
                        keys = self.b_union(j0, j1)
                    got = sum(w for k, w in self.en.keys[s].items() if k in keys)
                    self._m_en[key] = got
                total += got
            a = None
            for t in range(j0, j1):
                key = (t, i0, i1)
                got = self._m_zh.get(key)
                if got is None:
                    if a is None:
                        a = self.a_union(i0, i1)
                    got = sum(w for ks, w in self.zh.words[t] if not a.isdisjoint(ks))
                    self._m_zh[key] = got
                total += got
        return total

    def mass(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return sum(self.en.mass[i0:i1]) + sum(self.zh.mass[j0:j1])

    def length_delta(self, i0: int, i1: int, j0: int, j1: int) -> float:
        le = sum(self.en.length[i0:i1]) * self.ratio
        lz = sum(self.zh.length[j0:j1])
        return (lz - le) / math.sqrt(self.variance * (lz + le + 1.0))

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        mass = self.mass(i0, i1, j0, j1)
        unmatched = mass - self.matched(i0, i1, j0, j1)
        c = self.p.lexical_weight * unmatched / self.unit + self.penalty[(i1 - i0, j1 - j0)]
        if i1 > i0 and j1 > j0:
            d = self.length_delta(i0, i1, j0, j1)
            c += self.p.length_weight * 0.5 * d * d
        return c

    def similarity(self, i0: int, i1: int, j0: int, j1: int) -> float:
        mass = self.mass(i0, i1, j0, j1)
        return self.matched(i0, i1, j0, j1) / mass if mass > 0 else 0.0


def _anchors(sc: _Scorer, p: AlignParams) -> list[tuple[int, int, float]]:
    en, zh = sc.en, sc.zh
    n, m = len(en.mass), len(zh.mass)
    index: dict[str, list[int]] = {}
    for t, keys in enumerate(zh.keys):
        for k in keys:
            index.setdefault(k, []).append(t)
    window = max(50, int(0.15 * max(n, m)))
    found: list[tuple[int, int, float]] = []
    for s in range(n):
        expected = s * m / max(1, n)
        lo, hi = expected - window, expected + window
        votes: dict[int, float] = {}
        for k, w in en.keys[s].items():
            posting = index.get(k)
            if not posting or len(posting) > p.anchor_max_df:
                continue
            for t in posting[bisect.bisect_left(posting, lo) : bisect.bisect_right(posting, hi)]:
                votes[t] = votes.get(t, 0.0) + w
        if not votes:
            continue
        top = sorted(votes, key=votes.__getitem__, reverse=True)[:3]
        sims = sorted(((sc.similarity(s, s + 1, t, t + 1), t) for t in top), reverse=True)
        best, t = sims[0]
        second = sims[1][0] if len(sims) > 1 else 0.0
        if best >= p.anchor_min_sim and best >= p.anchor_margin * second:
            found.append((s, t, best))
    return _monotone_chain(found)


def _monotone_chain(points: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest chain strictly increasing on both sides (points come sorted by English index)."""
    tails: list[int] = []  # tails[k] = index in points of the chain of length k+1 with smallest end
    tail_t: list[int] = []
    back: list[int] = [-1] * len(points)
    for idx, (_, t, _) in enumerate(points):
        k = bisect.bisect_left(tail_t, t)
        if k > 0:
            back[idx] = tails[k - 1]
        if k == len(tails):
            tails.append(idx)
            tail_t.append(t)
        else:
            tails[k] = idx
            tail_t[k] = t
    chain = []
    idx = tails[-1] if tails else -1
    while idx >= 0:
        chain.append(points[idx])
        idx = back[idx]
    chain.reverse()
    return chain


def _band(n: int, m: int, anchors: list[tuple[int, int, float]], p: AlignParams) -> tuple[list[int], list[int]]:
    points = [(0, 0)] + [(s, t) for s, t, _ in anchors] + [(n, m)]
    lo = [0] * (n + 1)
    hi = [m] * (n + 1)
    for (s0, t0), (s1, t1) in zip(points, points[1:], strict=False):
        if s1 < s0:
            continue
        for i in range(s0, s1 + 1):
            centre = t0 + (t1 - t0) * ((i - s0) / (s1 - s0) if s1 > s0 else 0.0)
            left = max(t0 - p.band_margin, int(centre) - p.band_cap)
            right = min(t1 + p.band_margin, int(centre) + 1 + p.band_cap)
            lo[i] = left if i == s0 else min(lo[i], left)
            hi[i] = right if i == s0 else max(hi[i], right)
    # anchors are sure but not certain: keep their neighbourhood open; then make the band
    # monotone and clip it to the matrix
    for i in range(n + 1):
        lo[i] = max(0, min(lo[i], m))
        hi[i] = max(lo[i], min(hi[i], m))
    for i in range(1, n + 1):
        lo[i] = max(lo[i], 0) if lo[i] >= lo[i - 1] else lo[i - 1]
    for i in range(n - 1, -1, -1):
        hi[i] = min(hi[i], hi[i + 1])
    lo[0] = 0
    hi[n] = m
    for i in range(n + 1):
        if hi[i] < lo[i]:
            hi[i] = lo[i]
    # every row must overlap the one before it, or no path could cross from one to the next
    # (two anchors one English sentence apart but hundreds of Chinese sentences apart)
    for i in range(1, n + 1):
        if lo[i] > hi[i - 1]:
            lo[i] = hi[i - 1]
    return lo, hi


def _calibrate_length(sc: _Scorer, anchors: list[tuple[int, int, float]]) -> None:
    if len(anchors) >= 8:
        ratio = sum(sc.zh.length[t] for _, t, _ in anchors) / max(1, sum(sc.en.length[s] for s, _, _ in anchors))
        sc.ratio = ratio
        deltas = []
        for s, t, _ in anchors:
            le = sc.en.length[s] * ratio
            lz = sc.zh.length[t]
            deltas.append((lz - le) ** 2 / (lz + le + 1.0))
        # the median of squared deltas over sure pairs, scaled to a variance (for a normal
        # distribution the median of x^2 is 0.455 sigma^2); robust to a few wrong anchors
        sc.variance = max(0.2, statistics.median(deltas) / 0.455)
    else:
        sc.variance = _DEFAULT_VARIANCE


def calibrate(en: EnglishSide, zh: ChineseSide, params: AlignParams | None = None) -> Calibration:
    """Calibrate the cost function on a whole document (anchors, length ratio and variance)."""
    p = params or AlignParams()
    sc = _Scorer(en, zh, p)
    anchors = _anchors(sc, p) if len(en.mass) and len(zh.mass) else []
    _calibrate_length(sc, anchors)
    return Calibration(sc.ratio, sc.variance, sc.unit)


def align_sides(
    en: EnglishSide,
    zh: ChineseSide,
    params: AlignParams | None = None,
    calibration: Calibration | None = None,
) -> list[RawBead]:
    """Align two analysed texts; beads in order, covering every sentence of both exactly once.

    Without `calibration` the text calibrates itself; a paragraph passes its document's."""
    p = params or AlignParams()
    n, m = len(en.mass), len(zh.mass)
    if n == 0 or m == 0:
        return [RawBead((i,), (), 0.0, 0.0, True) for i in range(n)] + [
            RawBead((), (j,), 0.0, 0.0, True) for j in range(m)
        ]
    sc = _Scorer(en, zh, p)
    small = n * m <= 150 * 150
    anchors = [] if small and calibration is not None else _anchors(sc, p)
    if calibration is not None:
        sc.ratio, sc.variance, sc.unit = calibration.ratio, calibration.variance, calibration.unit
    else:
        _calibrate_length(sc, anchors)
    if small:
        lo, hi = [0] * (n + 1), [m] * (n + 1)
    else:
        lo, hi = _band(n, m, anchors, p)
    path = _dp(sc, n, m, lo, hi)
    ref = _reference_similarity(sc, path)
    beads = []
    for i0, i1, j0, j1 in path:
        sim = sc.similarity(i0, i1, j0, j1)
        if i1 == i0 or j1 == j0:
            conf = 0.0
        else:
            d = sc.length_delta(i0, i1, j0, j1)
            conf = min(1.0, sim / ref) * math.exp(-d * d / 16.0)
        beads.append(
            RawBead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(sim, 4), round(conf, 3), conf < p.weak_below)
        )
    return beads


def _reference_similarity(sc: _Scorer, path: list[tuple[int, int, int, int]]) -> float:
    """What a sure pair looks like in this text: the upper-middle similarity of its 1-1 beads
    (dictionary coverage differs from text to text, so confidence is relative to it)."""
    sims = [sc.similarity(i0, i1, j0, j1) for i0, i1, j0, j1 in path if i1 - i0 == 1 and j1 - j0 == 1]
    if len(sims) < 3:
        return 0.35
    sims.sort()
    return max(0.1, sims[int(0.6 * (len(sims) - 1))])


def _dp(sc: _Scorer, n: int, m: int, lo: list[int], hi: list[int]) -> list[tuple[int, int, int, int]]:
    inf = math.inf
    cost: list[list[float]] = []
    back: list[list[int]] = []
    types = BEAD_TYPES
    for i in range(n + 1):
        width = hi[i] - lo[i] + 1
        row = [inf] * width
        brow = [-1] * width
        li = lo[i]
        for j in range(li, hi[i] + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best = inf
            best_k = -1
            for k, (a, b) in enumerate(types):
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                prev = cost[pi][pj - lo[pi]] if pi < i else row[pj - li]
                if prev == inf:
                    continue
                c = prev + sc.cost(pi, i, pj, j)
                if c < best:
                    best = c
                    best_k = k
            row[j - li] = best
            brow[j - li] = best_k
        cost.append(row)
        back.append(brow)
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        k = back[i][j - lo[i]]
        if k < 0:
            raise RuntimeError(f"alignment band has no path through ({i}, {j})")
        a, b = types[k]
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    path.reverse()
    return path
