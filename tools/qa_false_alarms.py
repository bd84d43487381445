#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the QA checks flag on real, clean translation: findings per check per 1,000 segments.

    python tools/qa_false_alarms.py [--shared ../shared] [--samples N] [--markdown-out FILE]

Corpora (every one read as bilingual EN -> zh-CN segments):

* tatoeba: all pairs of ../shared/fixtures/corpora/tatoeba_cmn-eng.tsv (en, zh, attribution).
  Tatoeba has no documents, so consecutive pairs are cut into drafts of --chunk pairs (default
  100) for the document-level checks (variants, names, acronyms, mixed quotes, memory
  consistency): roughly the size of a short article, and neighbours in the file share words
  ("Tom" sentences come in runs), so these checks get something to compare.
* tico: ../shared/fixtures/tmx/tico19_en-zh_documents.tmx, one draft per source document (the
  tuid prefix before the colon: CMU_1, PubMed_7, Wikinews_3 ...), 31 drafts.
* releases: the five parallel releases memories/releases/<id>.en.txt + .zh.txt, read as
  `tmkit qa --parallel` reads them (aligned by tmkit's aligner), for reference: their English is
  the seeds' English with its errors kept on purpose, so findings there are mostly real.

Checks: every default check (--all-checks adds the optional ones), with the project glossary
(glossary/) and, for the memory checks, a memory built in a temporary folder from
memories/releases.tmx (--memory PATH uses another one).

Prints a Markdown table (check, severity, findings and findings per 1,000 segments for each
corpus); --samples N prints N findings per check and corpus (fixed seed) with both sides of
their segment, for a person to judge.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tmkit.qa.base import Finding  # noqa: E402
from tmkit.qa.config import QAConfig  # noqa: E402
from tmkit.qa.context import QAContext  # noqa: E402
from tmkit.qa.document import Document, Segment, Text  # noqa: E402
from tmkit.qa.registry import all_checks  # noqa: E402
from tmkit.qa.runner import run_qa, select_checks  # noqa: E402

SEED = 20261121
TICO = Path("fixtures/tmx/tico19_en-zh_documents.tmx")
TATOEBA = Path("fixtures/corpora/tatoeba_cmn-eng.tsv")
CORPORA = ("tatoeba", "tico", "releases")


def tatoeba_docs(shared: Path, chunk: int) -> list[Document]:
    """Tatoeba pairs as drafts of `chunk` consecutive pairs. Findings name the TSV file, the line
    and the column in it (the Chinese column starts after the English and a tab)."""
    path = shared / TATOEBA
    docs: list[Document] = []
    doc: Document | None = None
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
                continue
            if doc is None or len(doc.segments) >= chunk:
                doc = Document(str(path), "tmx", source_lang="en", target_lang="zh-CN")
                docs.append(doc)
            sid = f"tatoeba:{lineno}"
            en, zh = parts[0], parts[1]
            doc.segments.append(
                Segment(
                    sid,
                    Text(en, "en", str(path), lineno, 1, sid, "source"),
                    Text(zh, "zh-CN", str(path), lineno, len(en) + 2, sid, "target"),
                )
            )
    return docs


def tico_docs(shared: Path) -> list[Document]:
    """The TICO-19 TMX, one draft per source document (tuid prefix)."""
    from tmkit.qa.inputs import read_draft

    whole = read_draft(shared / TICO)
    by_doc: dict[str, Document] = {}
    for seg in whole.segments:
        name = seg.id.split(":", 1)[0]
        doc = by_doc.get(name)
        if doc is None:
            doc = by_doc[name] = Document(
                whole.path, whole.kind, source_lang=whole.source_lang, target_lang=whole.target_lang
            )
        doc.segments.append(seg)
    return list(by_doc.values())


def release_docs(ctx: QAContext) -> list[Document]:
    from tmkit.qa.inputs import read_parallel

    folder = ROOT / "memories" / "releases"
    docs = []
    for en in sorted(folder.glob("*.en.txt")):
        zh = en.with_name(en.name[: -len(".en.txt")] + ".zh.txt")
        if zh.is_file():
            docs.append(read_parallel(str(en), str(zh), matcher=ctx.matcher))
    return docs


def build_memory(folder: str) -> str | None:
    """A memory from memories/releases.tmx in `folder`; None when it cannot be built."""
    tmx = ROOT / "memories" / "releases.tmx"
    if not tmx.is_file():
        return None
    db = os.path.join(folder, "releases.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMKIT_")}
    done = subprocess.run(
        [sys.executable, "-m", "tmkit", "--db", db, "tm", "import", str(tmx)],
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
    )
    return db if done.returncode == 0 and os.path.isfile(db) else None


def segments_of(docs: list[Document]) -> int:
    return sum(len(d.segments) for d in docs)


def segment_index(docs: list[Document]) -> dict[tuple[str, str], Segment]:
    """(file, segment id) -> segment; a parallel draft's segments under both its files."""
    out: dict[tuple[str, str], Segment] = {}
    for d in docs:
        for s in d.segments:
            out[(d.path, s.id)] = s
            if d.target_path:
                out[(d.target_path, s.id)] = s
    return out


def sample_text(f: Finding, segs: dict[tuple[str, str], Segment], width: int = 240) -> str:
    """One finding for a person: where, the span, the message, and both sides of its segment with
    the span marked ⟦like this⟧."""
    loc = f.location
    sug = f" -> {f.suggestion!r}" if f.suggestion is not None else ""
    where = os.path.basename(loc.file) + (f" {loc.segment} " if loc.segment else " ")
    head = f"  [{where}line {loc.line} col {loc.column}{' ' + loc.side if loc.side else ''}] {loc.text!r}{sug}"
    lines = [head, f"      {f.message}"]
    seg = segs.get((loc.file, loc.unit or ""))
    texts = list(seg.texts()) if seg is not None else []
    for t in texts:
        flagged = t.side == loc.side
        body = t.text
        if flagged:
            body = body[: loc.offset] + "⟦" + body[loc.offset : loc.end_offset] + "⟧" + body[loc.end_offset :]
        body = body.replace("\n", " / ")
        if len(body) > width:
            start = max(0, loc.offset - width // 3) if flagged else 0
            body = ("…" if start else "") + body[start : start + width] + "…"
        lines.append(f"    {'>' if flagged else ' '} {t.lang}: {body}")
    if not texts:
        lines.append(f"      {loc.context[:width]}")
    for r in f.related[:3]:
        lines.append(f"      also {r.segment or ''} line {r.line} col {r.column}: {r.text!r}")
    if len(f.related) > 3:
        lines.append(f"      ... and {len(f.related) - 3} more places")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared data folder (../shared)")
    ap.add_argument("--corpus", action="append", choices=CORPORA, help="only these corpora (repeatable)")
    ap.add_argument("--chunk", type=int, default=100, help="Tatoeba pairs per draft (default 100)")
    ap.add_argument("--samples", type=int, default=0, help="print N findings per check and corpus")
    ap.add_argument("--samples-check", action="append", help="samples only for this check id (repeatable)")
    ap.add_argument("--all-checks", action="store_true", help="optional checks too")
    ap.add_argument("--memory", help="the memory for the memory checks (default: one built from releases.tmx)")
    ap.add_argument("--no-memory", action="store_true", help="no memory (the memory checks do not run)")
    ap.add_argument("--markdown-out", help="also write the table to this file")
    args = ap.parse_args()

    from tmkit.glossary.io import load_glossary
    from tmkit.qa import open_memory

    shared = Path(args.shared)
    corpora = args.corpus or list(CORPORA)
    config = QAConfig()
    if args.all_checks:
        config.enable.add("all")
    glossary = load_glossary(str(ROOT / "glossary")).glossary
    with tempfile.TemporaryDirectory(prefix="tmkit-qa-fa-") as tmp:
        mem_path = None if args.no_memory else (args.memory or build_memory(tmp))
        ctx = QAContext(config=config, glossary=glossary, memory=open_memory(mem_path) if mem_path else None)
        checks = select_checks(config)
        counts: dict[str, collections.Counter[str]] = {}
        sizes: dict[str, int] = {}
        drafts: dict[str, int] = {}
        skipped: dict[str, str] = {}
        samples: dict[str, dict[str, list[str]]] = {}
        for name in corpora:
            began = time.perf_counter()
            if name in ("tatoeba", "tico") and not (shared / (TATOEBA if name == "tatoeba" else TICO)).is_file():
                print(f"{name}: not found under {shared}, skipped", file=sys.stderr)
                continue
            docs = (
                tatoeba_docs(shared, args.chunk)
                if name == "tatoeba"
                else tico_docs(shared)
                if name == "tico"
                else release_docs(ctx)
            )
            result = run_qa(docs, ctx)
            skipped.update(result.skipped_checks)
            counts[name] = collections.Counter(f.check for f in result.findings)
            sizes[name] = segments_of(docs)
            drafts[name] = len(docs)
            print(
                f"{name}: {sizes[name]:,} segments in {len(docs):,} drafts, {len(result.findings):,} findings, "
                f"{time.perf_counter() - began:.1f} s",
                file=sys.stderr,
            )
            if args.samples:
                segs = segment_index(docs)
                rng = random.Random(SEED)
                by_check: dict[str, list[Finding]] = collections.defaultdict(list)
                for f in result.findings:
                    by_check[f.check].append(f)
                for cid, fs in sorted(by_check.items()):
                    if args.samples_check and cid not in args.samples_check:
                        continue
                    pick = fs if len(fs) <= args.samples else rng.sample(fs, args.samples)
                    pick.sort(key=Finding.sort_key)
                    samples.setdefault(cid, {})[name] = [sample_text(f, segs) for f in pick]
        ctx.close()

    names = [n for n in corpora if n in counts]
    label = {"tatoeba": "Tatoeba", "tico": "TICO-19", "releases": "releases (parallel)"}
    head = "| check | severity | " + " | ".join(f"{label[n]} | per 1,000" for n in names) + " |"
    rule = "|---|---|" + "---:|---:|" * len(names)
    lines = [
        "segments: "
        + "; ".join(f"{label[n]} {sizes[n]:,} in {drafts[n]:,} drafts" for n in names)
        + f"; {len(checks)} checks"
        + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(skipped.items()))} did not run)" if skipped else ""),
        "",
        head,
        rule,
    ]
    severity = {c.id: c.severity.label for c in all_checks()}
    ids = [c.id for c in checks] + sorted({k for n in names for k in counts[n]} - {c.id for c in checks})
    for cid in ids:
        cells = []
        for n in names:
            k = counts[n].get(cid, 0)
            cells.append(f"{k:,} | {1000 * k / sizes[n]:.1f}" if sizes[n] else "0 | 0")
        lines.append(f"| {cid} | {severity.get(cid, '')} | " + " | ".join(cells) + " |")
    totals = [f"{sum(counts[n].values()):,} | {1000 * sum(counts[n].values()) / max(1, sizes[n]):.1f}" for n in names]
    lines.append("| **all** | | " + " | ".join(totals) + " |")
    table = "\n".join(lines)
    print(table)
    if args.markdown_out:
        Path(args.markdown_out).write_text(table + "\n", encoding="utf-8")
    if samples:
        for cid in sorted(samples, key=lambda c: ids.index(c) if c in ids else len(ids)):
            for n in names:
                got = samples[cid].get(n)
                if not got:
                    continue
                print(f"\n== {cid} on {label[n]} ({counts[n][cid]:,} findings; {len(got)} shown) ==")
                print("\n".join(got))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
