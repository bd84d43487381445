"""Scoring an alignment against a gold one: strict and lax precision, recall and F1.

The measure is the one of Sennrich & Volk (2010) as vecalign and Bertalign report it:

* **strict**: a test bead counts when the gold has exactly that bead;
* **lax**: a test bead also counts when it shares at least one sentence on the first side with a
  gold bead that shares at least one sentence on the second side with it;
* precision is over the test's beads (1-0 and 0-1 included), recall over the gold's beads
  without 1-0 and 0-1, matched against the test's beads without them.

For a corpus aligned by verses (the Bible set), `merge_by_verse` first merges consecutive test
beads that fall inside one verse, as Bertalign's evaluation does, because the gold cannot say how
sentences inside a verse correspond.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tmkit.errors import InputError

__all__ = ["Scores", "parse_beads", "read_beads", "score_alignment", "merge_by_verse", "format_bead"]

Bead = tuple[tuple[int, ...], tuple[int, ...]]
_LINE = re.compile(r"^\s*\[([0-9,\s]*)\]\s*:\s*\[([0-9,\s]*)\]\s*$")


@dataclass(frozen=True, slots=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    test_beads: int
    gold_beads: int

    def as_dict(self) -> dict[str, float | int]:
        return {k: getattr(self, k) for k in self.__slots__}


def format_bead(en: Sequence[int], zh: Sequence[int]) -> str:
    return "[" + ",".join(map(str, en)) + "]:[" + ",".join(map(str, zh)) + "]"


def parse_beads(lines: Iterable[str], source: str = "<beads>") -> list[Bead]:
    beads = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise InputError(
                f"not a bead: {line.strip()[:60]!r}", path=source, line=number, hint="expected a line like [0,1]:[0]"
            )
        left = tuple(int(x) for x in m.group(1).replace(" ", "").split(",") if x)
        right = tuple(int(x) for x in m.group(2).replace(" ", "").split(",") if x)
        beads.append((left, right))
    return beads


def read_beads(path: str) -> list[Bead]:
    with open(path, encoding="utf-8") as f:
        return parse_beads(f, path)


def _counts(gold: list[Bead], test: list[Bead]) -> tuple[int, int]:
    """(strict hits, lax hits) of `test` against `gold`."""
    gold_set = {b for b in gold if b[0] or b[1]}
    links: dict[int, set[int]] = defaultdict(set)
    for g_src, g_tgt in gold_set:
        for s in g_src:
            links[s].update(g_tgt)
    strict = lax = 0
    for bead in {b for b in test if b[0] or b[1]}:
        if bead in gold_set:
            strict += 1
            lax += 1
            continue
        reachable: set[int] = set()
        for s in bead[0]:
            reachable |= links.get(s, set())
        if reachable.intersection(bead[1]):
            lax += 1
    return strict, lax


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignment(gold: list[Bead], test: list[Bead]) -> Scores:
    test_n = len({b for b in test if b[0] or b[1]})
    p_strict, p_lax = _counts(gold, test)
    test_links = [b for b in test if b[0] and b[1]]
    gold_links = [b for b in gold if b[0] and b[1]]
    r_strict, r_lax = _counts(test_links, gold_links)
    gold_n = len(set(gold_links))
    ps = p_strict / test_n if test_n else 0.0
    pl = p_lax / test_n if test_n else 0.0
    rs = r_strict / gold_n if gold_n else 0.0
    rl = r_lax / gold_n if gold_n else 0.0
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl), test_n, len(gold))


def merge_by_verse(test: list[Bead], src_verse: Sequence[str], tgt_verse: Sequence[str]) -> list[Bead]:
    """Merge consecutive beads that lie inside one verse (a side with no sentence fits any verse)."""

    def verse_of(bead: Bead) -> str | None:
        verses = {src_verse[i] for i in bead[0]} | {tgt_verse[j] for j in bead[1]}
        return next(iter(verses)) if len(verses) == 1 else None

    merged: list[list[list[int]]] = []
    last: str | None = None
    for bead in test:
        verse = verse_of(bead)
        if merged and verse is not None and verse == last:
            merged[-1][0].extend(bead[0])
            merged[-1][1].extend(bead[1])
        else:
            merged.append([list(bead[0]), list(bead[1])])
        last = verse
    return [(tuple(a), tuple(b)) for a, b in merged]
