"""QA: find inconsistent names, terms, styling and numbers in drafts.

`qa()` is the library entry point behind `tmkit qa`: it reads the drafts, loads the glossary and
opens the memory as asked, runs the checks and returns a `QAResult`. Rendering is in
`tmkit.reports`; the CLI only parses options, renders and exits.

The parts: `base` (Severity, Finding, Check), `document` (what is checked), `inputs` (formats),
`config` (house style, enabled checks), `registry`, `context`, `runner`, and `checks/` with one
module per family. docs/reference/qa-checks.md lists every check.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tmkit.errors import InputError, StoreError, UsageError
from tmkit.qa.base import Finding, Location, Severity
from tmkit.qa.config import QAConfig
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document
from tmkit.qa.inputs import KINDS, read_draft, read_memory_draft, read_parallel
from tmkit.qa.runner import QAResult, read_baseline, run_qa
from tmkit.text.langtags import DEFAULT_BARE_ZH

#: What `tmkit qa FOLDER` picks up inside a folder.
DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".tmx", ".xlf", ".xliff", ".po")

__all__ = [
    "Finding",
    "Location",
    "QAConfig",
    "QAResult",
    "Severity",
    "QASources",
    "expand_paths",
    "open_memory",
    "prepare_caches",
    "qa",
]


@dataclass
class QASources:
    """Where the glossary and the memory come from, and whether they are required."""

    glossary: str | None = None  # a folder or file; None: no glossary
    glossary_required: bool = False  # an explicitly given glossary that is missing is an error
    memory: str | None = None  # a memory file; None: no memory
    memory_required: bool = False
    notes: list[str] = field(default_factory=list)


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as given; a folder becomes the drafts inside it (recursively, sorted)."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(
                str(f)
                for f in Path(p).rglob("*")
                if f.is_file()
                and f.suffix.lower() in DRAFT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise InputError(
                    f"the folder has no drafts ({', '.join(DRAFT_SUFFIXES)})",
                    path=p,
                )
            out.extend(found)
        else:
            out.append(p)
    return out


def prepare_caches() -> None:
    """Build (or read) every prepared cache the checks use: CC-CEDICT's word sets and entries,
    pypinyin's readings and the sets the names, variants and numbers checks derive from them
    (tmkit.align.lexicon keeps them in $TMKIT_CACHE_DIR, else $XDG_CACHE_HOME/tmkit, else
    ~/.cache/tmkit). The first run on a machine builds them (a few seconds); later runs read
    them. For an image or CI step that should not pay that on its first check."""
    from tmkit.align.lexicon import _readings_table, load_cedict
    from tmkit.qa.checks.names import _english_vocabulary
    from tmkit.qa.checks.numbers import _plain_words
    from tmkit.qa.checks.variants import _stems, english_words

    load_cedict()
    _readings_table()
    _english_vocabulary()
    _plain_words()
    _stems(english_words()[0])


def open_memory(path: str) -> sqlite3.Connection:
    """A read-only connection to a tmkit memory (QA never writes to it)."""
    if not os.path.isfile(path):
        raise StoreError(f"{path}: no memory at this path", hint="build one with tmkit build or tmkit tm import")
    try:
        conn = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro", uri=True, timeout=5.0)
        conn.execute("SELECT unit_id, lang, text FROM variants LIMIT 1").fetchall()
        conn.execute("SELECT id, tuid FROM units LIMIT 1").fetchall()
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: not a tmkit memory ({e})") from None
    return conn


def _load_glossary(src: QASources, bare_zh: str):  # type: ignore[no-untyped-def]
    if src.glossary is None:
        return None
    if not os.path.exists(src.glossary):
        if src.glossary_required:
            raise InputError("no such glossary", path=src.glossary)
        src.notes.append(f"no glossary at {src.glossary}: the terminology checks did not run")
        return None
    from tmkit.glossary.io import load_glossary

    return load_glossary(src.glossary, bare_zh=bare_zh).glossary


def qa(
    paths: Sequence[str],
    *,
    config: QAConfig | None = None,
    sources: QASources | None = None,
    lang: str | None = None,
    input_format: str = "auto",
    parallel: bool = False,
    audit_memory: bool = False,
    only: Sequence[str] = (),
    baseline: str | None = None,
    bare_zh: str = DEFAULT_BARE_ZH,
    jobs: int = 1,
) -> QAResult:
    """Check drafts (and/or the memory itself with `audit_memory`) and return the findings.

    `parallel`: `paths` are read two at a time as a source and a target file, aligned with the
    aligner. `jobs` >= 2 runs the memory and name checks in a second process on large drafts
    (`tmkit.qa.runner.SIDE_CHECKS`; the same findings). Raises UsageError (bad options), InputError (an unreadable draft, glossary or
    baseline) and StoreError (an unusable memory)."""
    config = config or QAConfig()
    sources = sources or QASources()
    if input_format not in KINDS:
        raise UsageError(f"unknown input format {input_format!r}; use one of {', '.join(KINDS)}")
    if not paths and not audit_memory:
        raise UsageError("nothing to check: give draft files or folders, or --memory to audit the memory")
    files = expand_paths(paths)
    if parallel and len(files) % 2:
        raise UsageError("--parallel reads files in pairs (source, target): give an even number of files")
    glossary = _load_glossary(sources, bare_zh)
    memory = None
    if sources.memory is not None:
        if os.path.isfile(sources.memory):
            memory = open_memory(sources.memory)
        elif sources.memory_required or audit_memory:
            raise StoreError(f"{sources.memory}: no memory at this path", hint="build one with tmkit build")
        else:
            sources.notes.append(f"no memory at {sources.memory}: the memory checks did not run")
    elif audit_memory:
        raise UsageError("--memory audits the memory, but no memory is configured (--db)")
    ctx = QAContext(config=config, glossary=glossary, memory=memory, memory_path=sources.memory, jobs=jobs)
    try:
        docs: list[Document] = []
        if parallel:
            for a, b in zip(files[0::2], files[1::2], strict=True):
                docs.append(read_parallel(a, b, matcher=ctx.matcher, bare_zh=bare_zh))
        else:
            for f in files:
                docs.append(read_draft(f, kind=input_format, lang=lang, bare_zh=bare_zh))
        if audit_memory and memory is not None:
            docs.append(read_memory_draft(memory, sources.memory or "memory"))
        accepted = read_baseline(baseline) if baseline else None
        result = run_qa(docs, ctx, only=only, baseline=accepted)
    finally:
        ctx.close()
    return result
