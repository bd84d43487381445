"""Concordance benchmark: build the index on an existing memory, then time searches.

`run_concordance_bench(db_path, n_queries, seed)` MODIFIES the memory at `db_path` (it builds the
concordance tables in it): give it a copy. It times the build (clear + add over every variant in
one transaction, then FTS5 'optimize'), measures what the build adds to the file, and times
`tmkit.concordance.search` (limit 20, counting up to COUNT_CAP) for queries drawn from the
memory's own texts with a seeded random generator:

* zh-2: two adjacent Han characters of a random Chinese text,
* zh-4: four adjacent Han characters of a random Chinese text,
* en-2w: two adjacent words of a random English text.

    python bench/bench_search_lib.py /tmp/copy-of-memory.db [--queries 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from typing import Any

from tmkit import concordance
from tmkit.store.memory import Memory

_HAN_RUN = re.compile("[\u4e00-\u9fff]{4,}")
_WORD_PAIR = re.compile(r"(?=\b([A-Za-z]{2,} [A-Za-z]{2,})\b)")


def _file_size(path: str) -> int:
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


def _queries(conn: Any, n: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    top = conn.execute("SELECT max(id) FROM variants").fetchone()[0] or 0
    out: dict[str, list[str]] = {"zh-2": [], "zh-4": [], "en-2w": []}
    tries = 0
    while min(len(v) for v in out.values()) < n and tries < 100 * n:
        tries += 1
        row = conn.execute("SELECT lang, text FROM variants WHERE id >= ? LIMIT 1", (rng.randint(1, top),)).fetchone()
        if row is None:
            continue
        lang, text = row
        if lang.lower().startswith("zh"):
            runs = _HAN_RUN.findall(text)
            if not runs:
                continue
            run = rng.choice(runs)
            for kind, size in (("zh-2", 2), ("zh-4", 4)):
                if len(out[kind]) < n:
                    i = rng.randrange(len(run) - size + 1)
                    out[kind].append(run[i : i + size])
        elif len(out["en-2w"]) < n:
            pairs = _WORD_PAIR.findall(text)
            if pairs:
                out["en-2w"].append(rng.choice(pairs))
    return out


def run_concordance_bench(db_path: str, n_queries: int = 200, seed: int = 1) -> list[dict[str, Any]]:
    """Build the concordance index in `db_path` (a copy!) and time queries; one row per query kind."""
    memory = Memory.open(db_path, create=False)
    conn = memory.conn
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_before = _file_size(db_path)
        units = conn.execute("SELECT count(*) FROM units").fetchone()[0]
        variants = conn.execute("SELECT count(*) FROM variants").fetchone()[0]

        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        concordance.clear(conn)
        concordance.add(conn, conn.execute("SELECT id, lang, text FROM variants ORDER BY id"))
        conn.execute("COMMIT")
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        concordance.optimize(conn)
        conn.execute("COMMIT")
        optimize_s = time.perf_counter() - t0
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        added = _file_size(db_path) - size_before

        rows = []
        for kind, queries in _queries(conn, n_queries, seed).items():
            times: list[float] = []
            hits: list[int] = []
            for q in queries:
                t = time.perf_counter()
                result = concordance.search(conn, q, limit=20)
                times.append((time.perf_counter() - t) * 1000)
                hits.append(result.total)
            times.sort()
            rows.append(
                {
                    "memory": os.path.basename(db_path),
                    "units": units,
                    "variants": variants,
                    "query": kind,
                    "n": len(times),
                    "p50_ms": round(statistics.median(times), 2) if times else None,
                    "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2) if times else None,
                    "max_ms": round(times[-1], 2) if times else None,
                    "median_hits": statistics.median(hits) if hits else None,
                    "capped": sum(1 for h in hits if h >= concordance.COUNT_CAP),
                    "build_s": round(build_s, 1),
                    "optimize_s": round(optimize_s, 1),
                    "added_mb": round(added / 1e6, 1),
                    "db_mb": round(_file_size(db_path) / 1e6, 1),
                }
            )
        return rows
    finally:
        memory.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", help="a COPY of a memory: the index is built in it")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = run_concordance_bench(args.db, args.queries, args.seed)
    if not rows:
        return 1
    r0 = rows[0]
    print(
        f"{r0['memory']}: {r0['units']:,} units, {r0['variants']:,} texts; index build {r0['build_s']} s "
        f"+ optimize {r0['optimize_s']} s, adds {r0['added_mb']} MB (file now {r0['db_mb']} MB)"
    )
    print(f"{'query':<7} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'median hits':>12} {'capped':>7}")
    for r in rows:
        print(
            f"{r['query']:<7} {r['n']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8} "
            f"{r['median_hits']:>12} {r['capped']:>7}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
