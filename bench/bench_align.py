# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: sentence alignment quality, speed and memory (issue 4).

1. The Bible development set (../shared/fixtures/align/bible: 5,000 English x 6,301 Chinese
   sentences, gold beads by verse): tmkit's aligner with its defaults, and the same aligner with
   the lexical evidence switched off (length and bead priors only: a Gale-Church-style baseline),
   each in a fresh process so that time and peak memory are its own. Strict and lax P/R/F1 as
   Sennrich & Volk (2010), after merging beads inside one verse, like vecalign and Bertalign.
2. A second, non-Bible check: 2,000 Tatoeba pairs (../shared/fixtures/corpora) in shuffled order,
   with 1-2, 2-1 and 0-1 beads made by joining neighbours and dropping English sentences (fixed
   seed), so the gold is known. Short, unrelated sentences: length is no guide here.

Prints a table; --markdown-out writes it as Markdown too. Nothing here is a test.

    python bench/bench_align.py [--shared ../shared] [--markdown-out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20261121


def _child(args: argparse.Namespace) -> None:
    """Run one alignment in this process and print its JSON result (time, peak RSS, scores)."""
    from tmkit.align.aligner import align_texts
    from tmkit.align.dp import AlignParams
    from tmkit.align.evaluate import merge_by_verse, read_beads, score_alignment

    start = time.perf_counter()
    params = AlignParams(lexical_weight=0.0) if args.length_only else AlignParams()
    if args.set == "bible":
        base = Path(args.shared) / "fixtures" / "align" / "bible"
        en = (base / "en.txt").read_text(encoding="utf-8").splitlines()
        zh = (base / "zh.txt").read_text(encoding="utf-8").splitlines()
        beads = align_texts([en], [zh], "en", "zh", params=params)
        elapsed = time.perf_counter() - start
        test = [(b.a, b.b) for b in beads]
        src = (base / "en.verse").read_text(encoding="utf-8").splitlines()
        tgt = (base / "zh.verse").read_text(encoding="utf-8").splitlines()
        scores = score_alignment(read_beads(str(base / "gold.align")), merge_by_verse(test, src, tgt))
        sizes = (len(en), len(zh))
    else:
        en, zh, gold = tatoeba_set(Path(args.shared))
        beads = align_texts([en], [zh], "en", "zh", params=params)
        elapsed = time.perf_counter() - start
        scores = score_alignment(gold, [(b.a, b.b) for b in beads])
        sizes = (len(en), len(zh))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "peak_mb": peak,
                "sizes": sizes,
                "weak": sum(1 for b in beads if b.weak),
                "beads": len(beads),
                **scores.as_dict(),
            }
        )
    )


def tatoeba_set(shared: Path) -> tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    rows = []
    seen = set()
    with open(shared / "fixtures" / "corpora" / "tatoeba_cmn-eng.tsv", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[0] not in seen:
                seen.add(cols[0])
                rows.append((cols[0], cols[1]))
    rnd = random.Random(SEED)
    start = rnd.randrange(0, len(rows) - 2000)
    pairs = rows[start : start + 2000]
    rnd.shuffle(pairs)
    en: list[str] = []
    zh: list[str] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i = 0
    while i < len(pairs):
        r = rnd.random()
        if r < 0.12 and i + 1 < len(pairs):  # 1-2: two English sentences joined, two Chinese
            en.append(pairs[i][0] + " " + pairs[i + 1][0])
            zh.extend((pairs[i][1], pairs[i + 1][1]))
            gold.append(((len(en) - 1,), (len(zh) - 2, len(zh) - 1)))
            i += 2
        elif r < 0.20 and i + 1 < len(pairs):  # 2-1: two Chinese sentences joined
            en.extend((pairs[i][0], pairs[i + 1][0]))
            zh.append(pairs[i][1] + pairs[i + 1][1])
            gold.append(((len(en) - 2, len(en) - 1), (len(zh) - 1,)))
            i += 2
        elif r < 0.22:  # 0-1: the English is missing
            zh.append(pairs[i][1])
            gold.append(((), (len(zh) - 1,)))
            i += 1
        else:
            en.append(pairs[i][0])
            zh.append(pairs[i][1])
            gold.append(((len(en) - 1,), (len(zh) - 1,)))
            i += 1
    return en, zh, gold


def _run(shared: str, which: str, length_only: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", which, "--shared", shared]
    if length_only:
        cmd.append("--length-only")
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--markdown-out")
    ap.add_argument("--child", dest="set", help=argparse.SUPPRESS)
    ap.add_argument("--length-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.set:
        _child(args)
        return
    if not os.path.isdir(os.path.join(args.shared, "fixtures", "align", "bible")):
        sys.exit(f"bench_align: {args.shared}/fixtures/align/bible not found (use --shared)")
    rows = []
    for which, label in (("bible", "Bible (5,000 x 6,301)"), ("tatoeba", "Tatoeba shuffled (2,000 pairs)")):
        for length_only in (False, True):
            r = _run(args.shared, which, length_only)
            name = "tmkit, length and priors only" if length_only else "tmkit"
            rows.append((label, name, r))
            print(
                f"{label:32} {name:31} strict F1 {r['f1_strict']:.3f}  lax F1 {r['f1_lax']:.3f}  "
                f"{r['seconds']:.1f} s  {r['peak_mb']:.0f} MB",
                flush=True,
            )
    lines = [
        "| set | aligner | strict P | strict R | strict F1 | lax F1 | time | peak RSS | weak beads |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, name, r in rows:
        lines.append(
            f"| {label} | {name} | {r['precision_strict']:.3f} | {r['recall_strict']:.3f} | **{r['f1_strict']:.3f}** | "
            f"{r['f1_lax']:.3f} | {r['seconds']:.1f} s | {r['peak_mb']:.0f} MB | {r['weak']} of {r['beads']} |"
        )
    table = "\n".join(lines)
    print()
    print(table)
    if args.markdown_out:
        Path(args.markdown_out).write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
