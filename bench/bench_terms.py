# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: glossary term matching and glossary loading (issue 3).

1. Match a 10,000-term EN/ZH glossary over 10,000 English and 10,000 Chinese sentences with
   tmkit's TermMatcher, and with the obvious implementation (one compiled regular expression per
   term, looped over every sentence) in the same run. The obvious implementation is timed on a
   sample of sentences (--naive-sentences, default 1,000 per language) because it needs about a
   minute per 10,000 sentences; both are reported as sentences per second, and the ratio is
   between those rates.
2. Load a 100,000-concept glossary CSV (200,000 term rows): read, validate, build the matcher.

Everything is generated with a fixed seed from bench/_vocab.py. Prints a table; --markdown-out
writes it as Markdown too. Nothing here is a test: tests never assert on time.

    python bench/bench_terms.py [--terms 10000] [--sentences 10000] [--naive-sentences 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _vocab import EN_CONTENT, EN_FUNCTION, ZH_CONTENT, ZH_FUNCTION  # noqa: E402

from tmkit.formats.glossary_csv import read_glossary_csv, write_glossary_csv  # noqa: E402
from tmkit.glossary.validate import validate_glossary  # noqa: E402
from tmkit.model.term import Concept, Glossary, Term  # noqa: E402
from tmkit.terms import TermMatcher  # noqa: E402

SEED = 20261121


def make_glossary(n: int, rng: random.Random) -> Glossary:
    en_words = sorted(set(EN_CONTENT))
    zh_words = sorted(set(ZH_CONTENT))
    seen_en: set[str] = set()
    seen_zh: set[str] = set()
    g = Glossary()
    i = 0
    while len(g) < n:
        k = rng.choice((1, 2, 2, 2, 3, 3))
        en = " ".join(rng.choice(en_words) for _ in range(k))
        zh = "".join(rng.choice(zh_words) for _ in range(rng.choice((1, 2, 2, 3))))
        if en in seen_en or zh in seen_zh or len(zh) < 2:
            continue
        seen_en.add(en)
        seen_zh.add(zh)
        i += 1
        c = Concept(f"bench.c{i}", "science", source="bench", confidence="high")
        c.terms = [Term("en", en, "preferred", "full", "ignore"), Term("zh-CN", zh, "preferred", "full")]
        g.add(c)
    return g


def make_sentences(g: Glossary, n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    concepts = list(g)
    en_out, zh_out = [], []
    for _ in range(n):
        words = [rng.choice(EN_FUNCTION if rng.random() < 0.45 else EN_CONTENT) for _ in range(rng.randint(12, 28))]
        for _ in range(rng.randint(0, 2)):
            c = rng.choice(concepts)
            words.insert(rng.randrange(len(words) + 1), c.terms[0].text)
        en_out.append(" ".join(words).capitalize() + ".")
        parts = [rng.choice(ZH_FUNCTION if rng.random() < 0.3 else ZH_CONTENT) for _ in range(rng.randint(10, 24))]
        for _ in range(rng.randint(0, 2)):
            c = rng.choice(concepts)
            parts.insert(rng.randrange(len(parts) + 1), c.terms[1].text)
        zh_out.append("".join(parts) + "。")
    return en_out, zh_out


def naive_compile(g: Glossary) -> tuple[list[tuple[re.Pattern[str], Concept]], list[tuple[re.Pattern[str], Concept]]]:
    en, zh = [], []
    for c in g:
        for t in c.terms:
            if t.lang == "en":
                en.append((re.compile(r"\b" + re.escape(t.text) + r"\b", re.IGNORECASE), c))
            else:
                zh.append((re.compile(re.escape(t.text)), c))
    return en, zh


def naive_match(patterns: list[tuple[re.Pattern[str], Concept]], sentences: list[str]) -> int:
    hits = 0
    for s in sentences:
        for rx, _ in patterns:
            for _m in rx.finditer(s):
                hits += 1
    return hits


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--terms", type=int, default=10_000, help="concepts in the matching glossary (each one EN + one ZH term)"
    )
    ap.add_argument("--sentences", type=int, default=10_000, help="sentences per language")
    ap.add_argument("--naive-sentences", type=int, default=1_000, help="sentences per language for the regex loop")
    ap.add_argument("--load-concepts", type=int, default=100_000, help="concepts in the CSV load test (0: skip)")
    ap.add_argument("--markdown-out", help="also write the tables as Markdown to this file")
    args = ap.parse_args()

    rng = random.Random(SEED)
    g, t_gen = timed(make_glossary, args.terms, rng)
    en, zh = make_sentences(g, args.sentences, rng)
    rows: list[tuple[str, str, str, str]] = []

    matcher, t_build = timed(TermMatcher, g)
    en_hits, t_en = timed(lambda: sum(len(matcher.find(s, "en")) for s in en))
    zh_hits, t_zh = timed(lambda: sum(len(matcher.find(s, "zh-CN")) for s in zh))
    (naive_en, naive_zh), t_nbuild = timed(naive_compile, g)
    k = min(args.naive_sentences, args.sentences)
    n_en_hits, t_nen = timed(naive_match, naive_en, en[:k])
    n_zh_hits, t_nzh = timed(naive_match, naive_zh, zh[:k])
    # tmkit on the same sample, for a like-for-like hit count
    s_en_hits = sum(len(matcher.find(s, "en")) for s in en[:k])
    s_zh_hits = sum(len(matcher.find(s, "zh-CN")) for s in zh[:k])

    def rate(n: int, t: float) -> float:
        return n / t if t else float("inf")

    r_en, r_zh = rate(len(en), t_en), rate(len(zh), t_zh)
    rn_en, rn_zh = rate(k, t_nen), rate(k, t_nzh)
    rows.append(("tmkit TermMatcher", f"{t_build:.2f} s", f"{r_en:,.0f}", f"{r_zh:,.0f}"))
    rows.append(("regex per term (naive)", f"{t_nbuild:.2f} s", f"{rn_en:,.0f}", f"{rn_zh:,.0f}"))
    ratio_en, ratio_zh = r_en / rn_en, r_zh / rn_zh

    lines = [
        f"glossary: {len(g):,} concepts, {g.term_count():,} terms (generated in {t_gen:.2f} s, seed {SEED}); "
        f"{len(en):,} EN + {len(zh):,} ZH sentences; naive loop on the first {k:,} of each",
        "",
        "| matcher | build | EN sentences/s | ZH sentences/s |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        f"| ratio (tmkit / naive) | EN **{ratio_en:,.0f}x** | ZH **{ratio_zh:,.0f}x** | bar: 20x, "
        f"{'met' if min(ratio_en, ratio_zh) >= 20 else 'NOT met'} |",
        "|---|---|---|---|",
        "",
        f"hits on the full set: tmkit EN {en_hits:,}, ZH {zh_hits:,}. On the sample: tmkit EN {s_en_hits:,} / "
        f"naive EN {n_en_hits:,}; tmkit ZH {s_zh_hits:,} / naive ZH {n_zh_hits:,} (naive counts overlapping and "
        "nested hits: 科学 inside 科学院 is one more hit for it, none for tmkit)",
    ]

    if args.load_concepts:
        big = make_glossary(args.load_concepts, random.Random(SEED + 1)) if args.load_concepts > 1 else Glossary()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "big.csv")
            _, t_write = timed(write_glossary_csv, big, path)
            size = os.path.getsize(path)
            (loaded, issues), t_read = timed(read_glossary_csv, path)
            found, t_val = timed(validate_glossary, loaded)
            _, t_mbuild = timed(TermMatcher, loaded)
        lines += [
            "",
            f"load test: {len(loaded):,} concepts, {loaded.term_count():,} term rows, {size / 1e6:.1f} MB CSV",
            "",
            "| step | time |",
            "|---|---|",
            f"| write CSV | {t_write:.2f} s |",
            f"| read CSV | {t_read:.2f} s |",
            f"| validate (all rules) | {t_val:.2f} s ({len(issues) + len(found)} issues) |",
            f"| build matcher | {t_mbuild:.2f} s |",
            f"| read + validate + build | **{t_read + t_val + t_mbuild:.2f} s** |",
        ]
    text = "\n".join(lines)
    print(text)
    if args.markdown_out:
        Path(args.markdown_out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
