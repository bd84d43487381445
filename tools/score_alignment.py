#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Score a sentence alignment against a gold one: strict and lax precision, recall and F1.

    python tools/score_alignment.py GOLD TEST [--src-verse FILE --tgt-verse FILE] [--json]

GOLD and TEST hold one bead per line, `[i,...]:[j,...]` (0-based), as `tmkit align` prints
them. With verse files (one verse id per sentence line, as in ../shared/fixtures/align/bible),
consecutive test beads inside one verse are merged first, as Bertalign's evaluation does.
The measure is documented in tmkit/align/evaluate.py and docs/explanation/alignment.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmkit.align.evaluate import merge_by_verse, read_beads, score_alignment  # noqa: E402
from tmkit.errors import TmkitError  # noqa: E402


def _verses(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold")
    ap.add_argument("test")
    ap.add_argument("--src-verse", help="verse id per line of the first text")
    ap.add_argument("--tgt-verse", help="verse id per line of the second text")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)
    if bool(args.src_verse) != bool(args.tgt_verse):
        ap.error("give both --src-verse and --tgt-verse, or neither")
    try:
        gold = read_beads(args.gold)
        test = read_beads(args.test)
    except (OSError, TmkitError) as e:
        print(f"score_alignment: error: {e}", file=sys.stderr)
        return 3
    if args.src_verse:
        test = merge_by_verse(test, _verses(args.src_verse), _verses(args.tgt_verse))
    s = score_alignment(gold, test)
    if args.json:
        print(json.dumps(s.as_dict(), indent=2))
        return 0
    print("|           | strict | lax   |")
    print("|-----------|--------|-------|")
    print(f"| precision | {s.precision_strict:.3f}  | {s.precision_lax:.3f} |")
    print(f"| recall    | {s.recall_strict:.3f}  | {s.recall_lax:.3f} |")
    print(f"| F1        | {s.f1_strict:.3f}  | {s.f1_lax:.3f} |")
    print(f"({s.test_beads} test beads, {s.gold_beads} gold beads)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
