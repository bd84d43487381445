# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: the QA checker (issue 5) against translate-toolkit's pofilter, in the same run.

Segments: 10,000 real EN/ZH pairs: the 3,071 units of the TICO-19 TMX, then Tatoeba pairs in file
order until there are 10,000 (../shared/fixtures). Without ../shared, or with --generate, the
pairs are generated from bench/_vocab.py instead (not translations of each other).

Glossary: 10,000 EN/ZH concepts, made of three parts so that the terminology checks do real work:

1. the project's termbase (glossary/: names, organisations, policies; deprecated and forbidden
   forms, acronyms);
2. concepts mined from the segments themselves: CC-CEDICT (tmkit's aligner lexicon) segments each
   Chinese side; a dictionary word whose English gloss (one to three words) occurs in the aligned
   English becomes a concept (virus/病毒, World Health Organization/世界卫生组织, Italy/意大利).
   The most frequent rendering is the preferred Chinese term, a second one is admitted. A
   capitalised gloss is a name (subject place or organisation), so term-missing checks it in
   every pair it occurs in, and flags the pairs that translate it another way;
3. generated concepts from bench/bench_terms.py's make_glossary() to reach --terms (these rarely
   occur in real text: the bulk a big termbase carries).

Memory: a tmkit memory built in the work directory from the Tatoeba pairs not among the segments
plus every second segment, so that the memory checks find exact and close matches.

Contenders, each in its own child process (wall time includes start-up; peak RSS is the child's):

* tmkit library: read_draft() on the segments as TMX, then run_qa() with every registered check
  (optional ones too) and a QAContext holding the glossary and the memory; the per-check
  breakdown times each check's run() alone, with the per-text caches (term matches, numbers)
  emptied before each check, so a check is charged for the matching it needs;
* tmkit CLI: `tmkit --db MEM --glossary DIR qa segs.tmx -f json -o OUT --enable all`, end to end,
  twice: with `--jobs 1` (one process) and with the default `--jobs` (a second process for the
  memory and name checks when a CPU is idle); the two JSON reports must be identical;
* pofilter CLI: `pofilter -i segs.po -o OUT` (its default tests: no -t), and the same with
  `--language zh_CN`;
* pofilter library: translate-toolkit's pocheckfilter over the parsed PO store, the default tests.

The PO file has msgctxt = segment id, msgid = English, msgstr = Chinese and a Language: zh_CN
header. Prints a table; --markdown-out writes it as Markdown too. Nothing here is a test: tests
never assert on time.

    python bench/bench_qa.py [--segments 10000] [--terms 10000] [--shared ../shared] [--generate]
"""

from __future__ import annotations

import argparse
import calendar
import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from _harness import cpu_model, report_failure, run_measured  # noqa: E402

SEED = 20261121
DEFAULT_SHARED = ROOT.parent / "shared"
TICO = Path("fixtures/tmx/tico19_en-zh_documents.tmx")
TATOEBA = Path("fixtures/corpora/tatoeba_cmn-eng.tsv")


# --- the data ------------------------------------------------------------------------------


def load_real_pairs(shared: Path, n: int) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(id, en, zh) segments: TICO-19 then Tatoeba up to `n`; and the Tatoeba pairs left over."""
    from tmkit.qa.inputs import read_draft

    segs: list[tuple[str, str, str]] = []
    doc = read_draft(shared / TICO)
    for s in doc.segments:
        if s.source is not None and s.target is not None and s.source.text.strip() and s.target.text.strip():
            segs.append((s.id, s.source.text, s.target.text))
    rest: list[tuple[str, str, str]] = []
    with open(shared / TATOEBA, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
                continue
            item = (f"tatoeba:{lineno}", parts[0], parts[1])
            (segs if len(segs) < n else rest).append(item)
    return segs[:n], rest


def generated_pairs(n: int, rng: random.Random) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Generated EN and ZH sentences (bench_terms.make_sentences), paired but not translations."""
    from bench_terms import make_glossary, make_sentences

    g = make_glossary(2_000, random.Random(SEED + 7))
    en, zh = make_sentences(g, n * 2, rng)
    pairs = [(f"gen:{i}", e, z) for i, (e, z) in enumerate(zip(en, zh, strict=True), 1)]
    return pairs[:n], pairs[n:]


_PAREN = re.compile(r"\([^)]*\)|\[[^]]*\]")
_CLEAN_GLOSS = re.compile(r"[A-Za-z][A-Za-z' -]*[A-Za-z]")
_ORG_WORDS = frozenset(
    [
        "organization",
        "organisation",
        "ministry",
        "university",
        "institute",
        "union",
        "service",
        "association",
        "committee",
        "council",
        "agency",
        "bank",
        "party",
        "academy",
        "school",
        "hospital",
        "company",
        "corporation",
    ]
)
# weekday and month names (not concepts to mine): from the standard library
_CALENDAR = frozenset(n.lower() for n in (*calendar.day_name, *calendar.month_name) if n)


def mine_concepts(segs: list[tuple[str, str, str]], limit: int) -> tuple[list[tuple[str, list[str], str]], int]:
    """(english, [chinese renderings, most frequent first], subject) mined from the aligned pairs
    with CC-CEDICT, most frequent first; and how many candidate pairs there were."""
    from tmkit.align.lexicon import STOPWORDS, load_cedict

    cedict = load_cedict()
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    gloss_rx: dict[str, re.Pattern[str]] = {}
    for _sid, en, zh in segs:
        low = en.lower()
        for a, b in cedict.segment(zh):
            word = zh[a:b]
            if b - a < 2:
                continue
            for sense in cedict.senses(word):
                sense = _PAREN.sub("", sense).strip()
                if sense.startswith("to "):
                    sense = sense[3:]
                if (
                    len(sense) < 4
                    or not _CLEAN_GLOSS.fullmatch(sense)
                    or len(sense.split()) > 3
                    or sense.lower() in STOPWORDS
                ):
                    continue
                rx = gloss_rx.get(sense)
                if rx is None:
                    rx = gloss_rx[sense] = re.compile(r"(?<![A-Za-z])" + re.escape(sense.lower()) + r"(?![A-Za-z'])")
                if rx.search(low):
                    counts[(sense, word)] += 1
                    break
    by_en: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)
    for (sense, word), k in counts.items():
        by_en[sense].append((k, word))
    ranked = sorted(by_en.items(), key=lambda kv: (-sum(k for k, _ in kv[1]), kv[0]))
    out: list[tuple[str, list[str], str]] = []
    seen_en: set[str] = set()
    seen_zh: set[str] = set()
    for sense, found in ranked:
        if sense.lower() in seen_en:
            continue
        words = [w for _, w in sorted(found, key=lambda kw: (-kw[0], kw[1])) if w not in seen_zh][:2]
        if not words:
            continue
        seen_en.add(sense.lower())
        seen_zh.update(words)
        if sense[0].isupper() and sense.lower() not in _CALENDAR:
            subject = "organisation" if _ORG_WORDS & set(sense.lower().split()) else "place"
        else:
            subject = "general"
        out.append((sense, words, subject))
        if len(out) >= limit:
            break
    return out, len(counts)


def build_glossary(segs, n_terms: int, mined_limit: int, project: Path | None, rng: random.Random):  # type: ignore[no-untyped-def]
    """The benchmark glossary and how it was made."""
    from bench_terms import make_glossary

    from tmkit.model.term import Concept, Glossary, Term

    g = Glossary()
    used_en: set[str] = set()
    used_zh: set[str] = set()
    stats: dict[str, int] = {"project": 0, "mined": 0, "generated": 0, "mined_candidates": 0}
    if project is not None and project.is_dir():
        from tmkit.glossary.io import load_glossary

        for c in load_glossary(str(project)).glossary:
            g.add(c)
            stats["project"] += 1
            for t in c.terms:
                (used_en if t.lang == "en" else used_zh).add(t.text.lower() if t.lang == "en" else t.text)
    if mined_limit:
        mined, stats["mined_candidates"] = mine_concepts(segs, mined_limit)
        for i, (en, zhs, subject) in enumerate(mined, 1):
            zhs = [z for z in zhs if z not in used_zh]
            if en.lower() in used_en or not zhs or len(g) >= n_terms:
                continue
            c = Concept(f"corpus.c{i}", subject, source="bench: CC-CEDICT over the segments", confidence="high")
            case = "" if subject != "general" else "ignore"
            c.terms = [Term("en", en, "preferred", "full", case)]
            c.terms += [Term("zh-CN", z, "preferred" if k == 0 else "admitted", "full") for k, z in enumerate(zhs)]
            g.add(c)
            used_en.add(en.lower())
            used_zh.update(zhs)
            stats["mined"] += 1
    need = n_terms - len(g)
    if need > 0:
        for c in make_glossary(need + need // 4 + 100, rng):
            if stats["generated"] >= need:
                break
            en, zh = c.terms[0].text, c.terms[1].text
            if en.lower() in used_en or zh in used_zh:
                continue
            used_en.add(en.lower())
            used_zh.add(zh)
            g.add(c)
            stats["generated"] += 1
    return g, stats


def write_tmx(path: Path, pairs) -> None:  # type: ignore[no-untyped-def]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            '<header creationtool="bench_qa" creationtoolversion="1" segtype="sentence" o-tmf="tmkit" '
            'adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
        )
        for sid, en, zh in pairs:
            fh.write(
                f'<tu tuid={quoteattr(sid)}><tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>'
                f'<tuv xml:lang="zh-CN"><seg>{escape(zh)}</seg></tuv></tu>\n'
            )
        fh.write("</body>\n</tmx>\n")


def _po_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def write_po(path: Path, pairs) -> None:  # type: ignore[no-untyped-def]
    """A PO file: msgctxt = segment id (Tatoeba repeats English sentences), msgid = English,
    msgstr = Chinese, with a zh_CN header."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            'msgid ""\nmsgstr ""\n"Project-Id-Version: tmkit bench\\n"\n"Language: zh_CN\\n"\n'
            '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Content-Transfer-Encoding: 8bit\\n"\n\n'
        )
        for sid, en, zh in pairs:
            fh.write(f"msgctxt {_po_quote(sid)}\nmsgid {_po_quote(en)}\nmsgstr {_po_quote(zh)}\n\n")


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("TMKIT_")}


def prepare(args: argparse.Namespace) -> None:
    """Child: write segs.tmx, segs.po, glossary/bench.csv and mem.db into the work directory."""
    from tmkit.formats.glossary_csv import write_glossary_csv

    work = Path(args.child_prepare)
    rng = random.Random(SEED)
    shared = Path(args.shared)
    real = not args.generate and (shared / TICO).is_file() and (shared / TATOEBA).is_file()
    if real:
        segs, rest = load_real_pairs(shared, args.segments)
    else:
        segs, rest = generated_pairs(args.segments, rng)
    project = None if args.no_project_glossary else ROOT / "glossary"
    g, stats = build_glossary(segs, args.terms, args.mined_terms, project, rng)
    (work / "glossary").mkdir()
    write_glossary_csv(g, work / "glossary" / "bench.csv")
    write_tmx(work / "segs.tmx", segs)
    write_po(work / "segs.po", segs)
    memory = rest + segs[::2]
    write_tmx(work / "mem.tmx", memory)
    done = subprocess.run(
        [args.python, "-m", "tmkit", "--db", str(work / "mem.db"), "tm", "import", str(work / "mem.tmx"), "--json"],
        capture_output=True,
        text=True,
        cwd=work,
        env=_clean_env(),
    )
    if done.returncode != 0:
        raise SystemExit(f"memory import failed: {done.stderr[-2000:]}")
    # how much of the glossary the segments use
    from tmkit.terms import TermMatcher

    matcher = TermMatcher(g)
    used: set[str] = set()
    seg_hits = 0
    by_part = collections.Counter()
    for _sid, en, zh in segs:
        ms = matcher.find(en, "en") + matcher.find(zh, "zh-CN")
        seg_hits += bool(ms)
        for m in ms:
            if m.concept.id not in used:
                used.add(m.concept.id)
                prefix = m.concept.id.split(".")[0]
                by_part[{"corpus": "mined", "bench": "generated"}.get(prefix, "project")] += 1
    info = {
        "real": real,
        "segments": len(segs),
        "tico": sum(1 for s in segs if not s[0].startswith(("tatoeba:", "gen:"))),
        "tatoeba": sum(1 for s in segs if s[0].startswith("tatoeba:")),
        "memory_units": len(memory),
        "concepts": len(g),
        "terms": g.term_count(),
        "glossary": stats,
        "concepts_used": len(used),
        "concepts_used_by_part": dict(by_part),
        "segments_with_terms": seg_hits,
    }
    (work / "prepare.json").write_text(json.dumps(info), encoding="utf-8")
    _warm_caches()
    print(json.dumps(info))


def _warm_caches() -> None:
    """tmkit's prepared cache (CC-CEDICT's word sets and entries, pypinyin's readings: built once
    per machine, see tmkit.align.lexicon) made before the timed runs, as it is for every run
    after the first on a machine."""
    from tmkit.qa import prepare_caches

    prepare_caches()


# --- the tmkit library child -----------------------------------------------------------------


def run_library(args: argparse.Namespace) -> None:
    """Child: the library run, then each check alone. Prints JSON."""
    from tmkit.glossary.io import load_glossary
    from tmkit.qa import open_memory
    from tmkit.qa.context import QAContext
    from tmkit.qa.inputs import read_draft
    from tmkit.qa.registry import all_checks
    from tmkit.qa.runner import run_qa

    work = Path(args.child_library)
    t0 = time.perf_counter()
    glossary = load_glossary(str(work / "glossary")).glossary
    t1 = time.perf_counter()
    ctx = QAContext(glossary=glossary, memory=open_memory(str(work / "mem.db")))
    _ = ctx.matcher
    t2 = time.perf_counter()
    doc = read_draft(work / "segs.tmx")
    t3 = time.perf_counter()
    ids = [c.id for c in all_checks()]
    result = run_qa([doc], ctx, only=ids)
    t4 = time.perf_counter()
    # again, warm: lazily loaded data (CC-CEDICT, OpenCC tables) is in memory now
    for text in doc.texts():
        text.cache.clear()
    run_qa([doc], ctx, only=ids)
    t5 = time.perf_counter()
    per_check = []
    for check in [cls() for cls in all_checks()]:
        for text in doc.texts():
            text.cache.clear()
        skipped = result.skipped_checks.get(check.id)
        began = time.perf_counter()
        n = 0
        if not skipped:
            n = sum(1 for f in check.run(doc, ctx) if not f.masked)
        per_check.append(
            {
                "id": check.id,
                "family": check.family,
                "kind": type(check).__mro__[1].__name__,
                "seconds": time.perf_counter() - began,
                "findings": n,
                "skipped": skipped,
            }
        )
    ctx.close()
    print(
        json.dumps(
            {
                "load_glossary": t1 - t0,
                "build_matcher": t2 - t1,
                "read_draft": t3 - t2,
                "run_qa": t4 - t3,
                "run_qa_warm": t5 - t4,
                "segments": len(doc.segments),
                "checks_run": result.checks,
                "skipped": result.skipped_checks,
                "findings": len(result.findings),
                "by_check": result.by_check(),
                "per_check": per_check,
            }
        )
    )


# --- the pofilter library child --------------------------------------------------------------


def run_pofilter_library(args: argparse.Namespace) -> None:
    """Child: pofilter's checks in process over the parsed PO store (what filterfile() does,
    without writing the output). Prints JSON."""
    from translate.filters import checks, pofilter
    from translate.storage import factory

    po = str(Path(args.child_pofilter) / "segs.po")
    extra = ["--language", "zh_CN"] if args.language else []
    parser = pofilter.cmdlineparser()
    options, _ = parser.parse_args(["-i", po, "-o", os.devnull, *extra])
    config = parser.build_checkerconfig(options)
    t0 = time.perf_counter()
    cf = pofilter.pocheckfilter(options, [checks.StandardChecker, checks.StandardUnitChecker], config)
    store = factory.getobject(po)
    t1 = time.perf_counter()
    failures: collections.Counter[str] = collections.Counter()
    units = 0
    for unit in store.units:
        if unit.isheader():
            continue
        units += 1
        failures.update(list(cf.filterunit(unit) or ()))
    t2 = time.perf_counter()
    print(
        json.dumps(
            {
                "parse": t1 - t0,
                "filter": t2 - t1,
                "units": units,
                "tests": sorted(cf.checker.combinedfilters),
                "ignored": sorted(
                    {
                        t
                        for c in cf.checker.checkers
                        if hasattr(c, "get_ignored_filters")
                        for t in c.get_ignored_filters()
                    }
                ),
                "spelling": bool(
                    getattr(__import__("translate.filters.spelling").filters.spelling, "available", False)
                ),
                "failures": dict(failures.most_common()),
            }
        )
    )


# --- the harness ----------------------------------------------------------------------------


def _pofilter_cmd(python: str) -> list[str]:
    exe = Path(python).with_name("pofilter")
    return [str(exe)] if exe.is_file() else [python, "-m", "translate.filters.pofilter"]


def _count_po_units(path: Path) -> int:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return 0
    return max(0, text.count("\nmsgid ") + text.startswith("msgid ") - 1)  # minus the header


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--segments", type=int, default=10_000, help="bilingual segments (default 10,000)")
    ap.add_argument("--terms", type=int, default=10_000, help="glossary concepts in all (default 10,000)")
    ap.add_argument("--mined-terms", type=int, default=3_000, help="at most this many concepts mined from the segments")
    ap.add_argument("--no-project-glossary", action="store_true", help="leave the project's glossary/ out")
    ap.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared data folder (default ../shared)")
    ap.add_argument("--generate", action="store_true", help="generated sentences instead of TICO-19 + Tatoeba")
    ap.add_argument("--skip-pofilter", action="store_true", help="leave pofilter out")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--python", default=sys.executable, help="interpreter for the children")
    ap.add_argument("--markdown-out", help="also write the report as Markdown to this file")
    ap.add_argument("--child-prepare", help=argparse.SUPPRESS)
    ap.add_argument("--child-library", help=argparse.SUPPRESS)
    ap.add_argument("--child-pofilter", help=argparse.SUPPRESS)
    ap.add_argument("--language", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_prepare:
        prepare(args)
        return 0
    if args.child_library:
        run_library(args)
        return 0
    if args.child_pofilter:
        run_pofilter_library(args)
        return 0

    # Python's bytecode cache on for every contender, as an installed package has it: where
    # PYTHONDONTWRITEBYTECODE is set (as in some sandboxes and containers), tmkit, run from its
    # source tree, would compile its modules on every start (~0.1 s) while translate-toolkit's
    # installed modules come with their .pyc files
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([args.python, "-m", "compileall", "-q", str(ROOT / "tmkit")], check=False)
    work = Path(tempfile.mkdtemp(prefix="tmkit-bench-qa-"))
    me = [args.python, str(Path(__file__).resolve())]
    try:
        return _harness(args, work, me)
    finally:
        if args.keep:
            print(f"\nwork directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _harness(args: argparse.Namespace, work: Path, me: list[str]) -> int:
    common = [
        "--segments",
        str(args.segments),
        "--terms",
        str(args.terms),
        "--mined-terms",
        str(args.mined_terms),
        "--shared",
        args.shared,
        "--python",
        args.python,
    ]
    if args.generate:
        common.append("--generate")
    if args.no_project_glossary:
        common.append("--no-project-glossary")
    print("preparing segments, glossary, PO and memory ...", file=sys.stderr)
    prep = run_measured("prepare", [*me, *common, "--child-prepare", str(work)], 0, work)
    if not prep.ok:
        report_failure(prep)
        return 1
    info = json.loads(prep.stdout)
    n = info["segments"]
    env_cmd = [args.python, "-m", "tmkit", "--db", str(work / "mem.db"), "--glossary", str(work / "glossary")]
    results = []
    failed = False

    print("tmkit library ...", file=sys.stderr)
    lib = run_measured("tmkit library", [*me, "--child-library", str(work)], n, work)
    results.append(lib)
    libj = lib.json() if lib.ok else None
    if not lib.ok:
        report_failure(lib)
        failed = True

    cli_runs = {}
    for label, jobs in (("tmkit CLI, one process (--jobs 1)", ["--jobs", "1"]), ("tmkit CLI, default --jobs", [])):
        print(label + " ...", file=sys.stderr)
        cli_out = work / ("qa.json" if not jobs else "qa_j1.json")
        cli = run_measured(
            label,
            [*env_cmd, "qa", str(work / "segs.tmx"), "-f", "json", "-o", str(cli_out), "--fail-on", "never"]
            + ["--enable", "all", *jobs],
            n,
            work,
            cwd=work,
        )
        results.append(cli)
        cli_findings = None
        if cli.ok:
            try:
                cli_findings = len(json.loads(cli_out.read_text(encoding="utf-8"))["findings"])
            except (OSError, ValueError, KeyError):
                cli_findings = None
        else:
            report_failure(cli)
            failed = True
        cli_runs[label] = (cli, cli_findings)
    one, default = work / "qa_j1.json", work / "qa.json"
    info["cli_reports_identical"] = one.is_file() and default.is_file() and one.read_bytes() == default.read_bytes()

    po = {}
    if not args.skip_pofilter:
        for label, extra in (("pofilter CLI", []), ("pofilter CLI --language zh_CN", ["--language", "zh_CN"])):
            print(f"{label} ...", file=sys.stderr)
            out = work / f"pofilter{len(po)}.po"
            r = run_measured(
                label, [*_pofilter_cmd(args.python), *extra, "-i", str(work / "segs.po"), "-o", str(out)], n, work
            )
            r.flagged = _count_po_units(out)  # type: ignore[attr-defined]
            po[label] = r
            if not r.ok:
                report_failure(r)
                failed = True
        for label, extra in (("pofilter library", []), ("pofilter library --language zh_CN", ["--language"])):
            print(f"{label} ...", file=sys.stderr)
            r = run_measured(label, [*me, "--child-pofilter", str(work), *extra], n, work)
            po[label] = r
            if not r.ok:
                report_failure(r)
                failed = True

    text = _report(args, info, lib, libj, cli_runs, po)
    print(text)
    if args.markdown_out:
        Path(args.markdown_out).write_text(text + "\n", encoding="utf-8")
    return 1 if failed else 0


def _report(args, info, lib, libj, cli_runs, po) -> str:  # type: ignore[no-untyped-def]
    n = info["segments"]
    g = info["glossary"]
    lines = []
    src = (
        f"{info['tico']:,} TICO-19 units + {info['tatoeba']:,} Tatoeba pairs"
        if info["real"]
        else "generated sentences (--generate or no ../shared)"
    )
    lines.append(
        f"segments: {n:,} EN/ZH pairs ({src}); glossary: {info['concepts']:,} concepts, {info['terms']:,} terms "
        f"({g['project']} project, {g['mined']:,} mined from the segments out of {g['mined_candidates']:,} "
        f"candidate pairs, {g['generated']:,} generated); {info['concepts_used']:,} concepts occur in the "
        f"segments ({', '.join(f'{k} {v:,}' for k, v in sorted(info['concepts_used_by_part'].items()))}), "
        f"{info['segments_with_terms']:,} segments have a glossary term; memory: {info['memory_units']:,} units"
    )
    lines.append("")

    def rate(units: float, seconds: float) -> float:
        return units / seconds if seconds else 0.0

    rows = []  # tool, what ran, seconds, seg/s, rss, findings
    if libj:
        checks_run = len(libj["checks_run"])
        t_lib = libj["read_draft"] + libj["run_qa"]
        rows.append(
            (
                "tmkit library: read_draft + run_qa",
                f"{checks_run} checks",
                t_lib,
                libj["findings"],
                None,
            )
        )
        rows.append(("tmkit library: run_qa only", f"{checks_run} checks", libj["run_qa"], libj["findings"], None))
        rows.append(
            (
                "tmkit library: run_qa again (warm)",
                f"{checks_run} checks, data files already loaded",
                libj["run_qa_warm"],
                libj["findings"],
                None,
            )
        )
    for label, (cli, cli_findings) in cli_runs.items():
        if cli.ok:
            what = "all checks (--enable all), glossary + memory load, JSON report"
            rows.append((label + " (process, end to end)", what, cli.seconds, cli_findings, cli))
        else:
            rows.append((label, f"failed (exit {cli.exit_code})", 0.0, None, cli))
    po_tests = {}
    for label, r in po.items():
        j = r.json() if r.ok and "library" in label else None
        if j:
            po_tests[label] = j
            rows.append(
                (label + ": filter only", f"{len(j['tests'])} tests", j["filter"], sum(j["failures"].values()), None)
            )
            rows.append((label + " (process)", f"{len(j['tests'])} tests, parse + filter", r.seconds, None, r))
        elif r.ok:
            rows.append(
                (
                    label + " (process, end to end)",
                    "default tests" if "--language" not in label else "default tests, zh rules",
                    r.seconds,
                    getattr(r, "flagged", None),
                    r,
                )
            )
        else:
            rows.append((label, f"failed (exit {r.exit_code})", 0.0, None, r))
    base_cli = po.get("pofilter CLI")
    base_lib = po_tests.get("pofilter library")
    lines += [
        "| tool | what ran | segments | seconds | CPU s | seg/s | ratio | findings | peak RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, what, secs, finds, r in rows:
        sps = rate(n, secs)
        ratio = ""
        if name.startswith("tmkit CLI") and base_cli is not None and base_cli.ok and secs:
            ratio = f"**{sps / rate(n, base_cli.seconds):.2f}x** vs pofilter CLI"
            if r is not None and r.cpu_seconds and base_cli.cpu_seconds:
                ratio += f" (CPU {base_cli.cpu_seconds / r.cpu_seconds:.2f}x)"
        elif name.startswith("tmkit library: read_draft") and base_lib and secs:
            ratio = (
                f"**{sps / rate(n, base_lib['parse'] + base_lib['filter']):.2f}x** vs pofilter library parse + filter"
            )
        elif name.startswith("tmkit library: run_qa") and base_lib and secs:
            ratio = f"{sps / rate(n, base_lib['filter']):.2f}x vs pofilter filter only"
        rss = f"{r.peak_rss_mb:.0f}" if r is not None and r.ok else ("" if r is None else "—")
        if name.startswith("tmkit library") and lib.ok:
            rss = f"{lib.peak_rss_mb:.0f} (whole child)"
        cpu = f"{r.cpu_seconds:.2f}" if r is not None and r.ok and r.cpu_seconds else ""
        lines.append(
            f"| {name} | {what} | {n:,} | {secs:.2f} | {cpu} | {sps:,.0f} | {ratio} | "
            f"{'' if finds is None else f'{finds:,}'} | {rss} |"
        )
    lines += [
        "",
        "CPU s: user + system time of the process and the processes it waited for (tmkit's second process "
        "included). The two tmkit CLI reports (--jobs 1 and the default) are "
        + ("identical, byte for byte." if info.get("cli_reports_identical") else "NOT identical."),
    ]
    if libj:
        lines += [
            "",
            f"tmkit library setup (not in seg/s): load glossary {libj['load_glossary']:.2f} s, build matcher "
            f"{libj['build_matcher']:.2f} s; read_draft {libj['read_draft']:.2f} s; whole child {lib.seconds:.2f} s "
            f"including the per-check pass.",
        ]
        if libj["skipped"]:
            lines.append(f"checks that did not run: {libj['skipped']}")
        per = sorted(libj["per_check"], key=lambda c: -c["seconds"])
        total = sum(c["seconds"] for c in per)
        lines += [
            "",
            "Per check, each run alone over the same document (per-text caches emptied first, so each check "
            "pays for the term matching and number parsing it needs):",
            "",
            "| check | kind | seconds | share | seg/s alone | findings |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for c in per:
            if c["skipped"]:
                lines.append(f"| {c['id']} | {c['kind']} | — | — | — | skipped: {c['skipped']} |")
                continue
            share = c["seconds"] / total if total else 0
            lines.append(
                f"| {c['id']} | {c['kind']} | {c['seconds']:.3f} | {share:.0%} | {rate(n, c['seconds']):,.0f} | "
                f"{c['findings']:,} |"
            )
        lines.append(f"| sum | | {total:.2f} | | | |")
    for label, j in po_tests.items():
        top = ", ".join(f"{k} {v:,}" for k, v in list(j["failures"].items())[:12])
        lines += ["", f"{label}: {len(j['tests'])} tests ({', '.join(j['tests'])}); failures: {top}"]
    d = po_tests.get("pofilter library")
    z = po_tests.get("pofilter library --language zh_CN")
    if d and z:
        lines.append(
            f"\n--language zh_CN: the same {len(z['tests'])} tests are listed, but it skips "
            f"{', '.join(sorted(set(z['ignored']) - set(d['ignored']))) or 'none'} (translate.lang.zh ignoretests) and "
            "applies the Chinese target rules (。！？ count as end punctuation for endpunc and sentencecount, "
            "puncspacing knows full-width marks, other length expectations). The PO header's Language: zh_CN is not "
            "read by pofilter: without --language the checks treat the Chinese as an unknown language. spellcheck "
            f"{'runs' if d.get('spelling') else 'is a no-op (PyEnchant not installed)'}."
        )
    lines += [
        "",
        f"machine: {cpu_model()} ({os.cpu_count()} logical CPUs); Python {sys.version.split()[0]}; "
        f"command: python bench/bench_qa.py {' '.join(sys.argv[1:])}".rstrip(),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
