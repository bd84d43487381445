# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark tmkit's TMX import and export against translate-toolkit.

Usage:
    python bench/bench_tmx.py [--units 1000000] [--seed 42] [--keep]
                              [--skip-peer] [--markdown-out FILE]

One run generates a TMX file with gen_tmx.py in a fresh temporary directory
under /tmp, then times each contender in its own child process:

  expat ceiling  bare xml.parsers.expat pass counting <tu> (_expat_ceiling.py)
  tmkit import   python -m tmkit --db DB tm import FILE --on-duplicate keep --no-index --json
  peer import    translate-toolkit tmxfile + sqlite-utils insert_all (_peer_import.py)
  tmkit export   python -m tmkit --db DB tm export OUT --no-timestamps
  peer export    sqlite3 read of tmkit's DB + tmxfile.serialize (_peer_export.py)

For each it reports wall seconds, units/s and the child's own peak RSS, then
the ratios checked against the bars (import and export at least 3x the peer,
import peak RSS under 300 MB).  A contender that fails is reported as failed
with its stderr; the others still run.  Exit status is 1 if any contender
failed, else 0 (bars are reported, not enforced).

tmkit's import is timed with --no-index: parse and store, the same work as the
peer, which builds no search index.  The fuzzy-match and concordance indexes
that a plain `tm import` also updates are timed by bench_match.py (issue 6).
--tmx FILE times an existing file instead of generating one (it must be what
gen_tmx.py writes for --units and --seed, which the report then states).
"""

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _harness as H
from _expat_ceiling import count_units

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
MIN_SPEEDUP = 3.0
MAX_IMPORT_RSS_MB = 300.0


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Benchmark tmkit TMX import/export against translate-toolkit.")
    parser.add_argument(
        "--units", type=int, default=1_000_000, help="translation units in the generated file (default 1000000)"
    )
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument(
        "--tmx",
        metavar="FILE",
        help="use this TMX (written by gen_tmx.py with the same --units and --seed) instead of generating one",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and its files")
    parser.add_argument("--skip-peer", action="store_true", help="skip the translate-toolkit contenders (quick runs)")
    parser.add_argument("--markdown-out", metavar="FILE", help="also write the report to FILE")
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter for the child processes (default: this one)"
    )
    return parser.parse_args(argv)


def log(message):
    print(message, file=sys.stderr, flush=True)


def child_units(result):
    """Use the unit count a child printed as {"units": N}, when it did."""
    data = result.json()
    if result.ok and isinstance(data, dict) and isinstance(data.get("units"), int):
        result.units = data["units"]
    return result


def db_unit_count(db_path):
    """Return the row count of a database's ``units`` table, or None."""
    if not Path(db_path).exists():
        return None
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM units").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def harness_rss_mb():
    """Return this process's own peak RSS in MB.

    Linux charges a parent's high-water RSS to a child at exec time, so each
    child's ru_maxrss is at least this value.
    """
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Bench:
    """One benchmark run: the generated file, the work directory, the results."""

    def __init__(self, args, workdir):
        self.args = args
        self.python = args.python
        self.workdir = Path(workdir)
        self.tmx = Path(args.tmx).resolve() if args.tmx else self.workdir / "bench.tmx"
        self.tmkit_db = self.workdir / "tmkit.sqlite"
        self.peer_db = self.workdir / "peer.sqlite"
        self.results = {}
        self.notes = []

    def run(self, name, cmd):
        log(f"running {name} ...")
        result = H.run_measured(name, [str(part) for part in cmd], self.args.units, self.workdir, cwd=PROJECT_ROOT)
        if not result.ok:
            H.report_failure(result)
        self.results[name] = result
        return result

    def skip(self, name, reason):
        log(f"skipping {name}: {reason}")
        self.results[name] = H.Result(name=name, units=self.args.units, skipped=reason)

    def script(self, filename):
        return [self.python, BENCH_DIR / filename]

    def tmkit(self, *args):
        return [self.python, "-m", "tmkit", "--db", self.tmkit_db, "tm", *args]

    def generate(self):
        """Write the TMX file from a child process, so this one stays small."""
        if self.args.tmx:
            log(f"using {self.tmx} (not generated)")
            return
        log(f"generating {self.args.units:,} units (seed {self.args.seed}) ...")
        began = time.perf_counter()
        subprocess.run(
            self.script("gen_tmx.py")
            + ["--units", str(self.args.units), "--seed", str(self.args.seed), "--out", str(self.tmx)],
            check=True,
        )
        log(f"generated {self.tmx} in {time.perf_counter() - began:.1f}s")

    def expat_ceiling(self):
        child_units(self.run("expat ceiling", self.script("_expat_ceiling.py") + [self.tmx]))

    def tmkit_import(self):
        result = self.run(
            "tmkit import", self.tmkit("import", self.tmx, "--on-duplicate", "keep", "--no-index", "--json")
        )
        if not result.ok:
            return
        data = result.json()
        if isinstance(data, dict):
            print("tmkit import --json:", json.dumps(data, ensure_ascii=False))
        else:
            print("tmkit import --json output is not a JSON object:\n" + result.stdout)
        count = db_unit_count(self.tmkit_db)
        if count is not None:
            result.units = count

    def peer_import(self):
        child_units(self.run("peer import", self.script("_peer_import.py") + [self.tmx, self.peer_db]))

    def tmkit_export(self):
        if not self.results["tmkit import"].ok:
            return self.skip("tmkit export", "tmkit import failed")
        out = self.workdir / "tmkit-export.tmx"
        result = self.run("tmkit export", self.tmkit("export", out, "--no-timestamps"))
        if result.ok and out.exists():
            result.units = count_units(out)

    def peer_export(self):
        if self.results["tmkit import"].ok:
            source_db = self.tmkit_db
        elif self.results["peer import"].ok:
            self.notes.append("peer export read the peer import's database, as tmkit import did not produce one")
            source_db = self.peer_db
        else:
            return self.skip("peer export", "no database to export from")
        out = self.workdir / "peer-export.tmx"
        result = child_units(self.run("peer export", self.script("_peer_export.py") + [source_db, out]))
        data = result.json()
        if result.ok and isinstance(data, dict):
            log(f"peer export query: {data.get('query')}")

    def run_all(self):
        self.generate()
        self.expat_ceiling()
        self.tmkit_import()
        if self.args.skip_peer:
            self.skip("peer import", "--skip-peer")
        else:
            self.peer_import()
        self.tmkit_export()
        if self.args.skip_peer:
            self.skip("peer export", "--skip-peer")
        else:
            self.peer_export()

    def check_counts(self):
        """Warn about contenders that handled a different number of units."""
        for result in self.results.values():
            if result.ok and result.units != self.args.units:
                print(f"warning: {result.name} handled {result.units:,} units, expected {self.args.units:,}")

    def report(self):
        """Return the full markdown report as a list of lines."""
        size_mb = self.tmx.stat().st_size / 1e6
        lines = [
            "## TMX import/export benchmark",
            "",
            f"- units: {self.args.units:,} (seed {self.args.seed})",
            f"- file: {size_mb:.1f} MB uncompressed TMX 1.4 (EN/ZH)"
            + (f", given with --tmx ({self.tmx})" if self.args.tmx else ", generated by gen_tmx.py"),
            "- tmkit import: `tm import --on-duplicate keep --no-index` (parse and store, as the peer; "
            "the search indexes a plain import also updates are timed by bench_match.py)",
        ]
        lines += [f"- {label}: {value}" for label, value in H.machine_info(self.python, PROJECT_ROOT)]
        lines.append(
            f"- harness peak RSS: {harness_rss_mb():.0f} MB (floor of "
            "every child's peak RSS reading, see bench/README.md)"
        )
        lines += [""] + H.results_table(list(self.results.values()))
        lines += [""] + H.ratios_table(self.results, MIN_SPEEDUP, MAX_IMPORT_RSS_MB)
        lines += [f"\nNote: {note}." for note in self.notes]
        return lines


def main(argv=None):
    args = parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="tmkit-bench-", dir="/tmp")
    bench = Bench(args, workdir)
    try:
        bench.run_all()
        bench.check_counts()
        text = "\n".join(bench.report()) + "\n"
        print("\n" + text)
        if args.markdown_out:
            Path(args.markdown_out).write_text(text, encoding="utf-8")
            log(f"report written to {args.markdown_out}")
    finally:
        if args.keep:
            log(f"kept work files in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(r.ok or r.skipped for r in bench.results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
