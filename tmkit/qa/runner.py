"""Running the checks: select them, run them over each document, then apply severity
overrides, inline suppressions and the baseline, and sort what is left."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from tmkit.errors import InputError, UsageError
from tmkit.qa.base import Check, Finding, Severity
from tmkit.qa.config import QAConfig
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document
from tmkit.qa.registry import FAMILIES, all_checks

BASELINE_VERSION = 1


def select_checks(config: QAConfig, only: Sequence[str] = ()) -> list[Check]:
    """The checks to run: the default ones plus those enabled, minus those disabled. `only`
    (ids or families) restricts the run to those checks, enabled by default or not."""
    chosen: list[Check] = []
    for cls in all_checks():
        names = {cls.id, cls.family}
        if only:
            if not names & set(only):
                continue
        elif not (cls.default_enabled or names & config.enable or "all" in config.enable):
            continue
        if names & config.disable:
            continue
        chosen.append(cls())
    return chosen


def fingerprint(f: Finding) -> str:
    """What identifies a finding across edits elsewhere in the file: the check, the file name,
    the span and the line it is on, not the line number."""
    loc = f.location
    key = "\x1f".join((f.check, os.path.basename(loc.file), loc.side or "", loc.text, " ".join(loc.context.split())))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


@dataclass
class DocumentSummary:
    path: str
    kind: str
    segments: int
    langs: list[str]
    target_path: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"path": self.path, "kind": self.kind, "segments": self.segments, "langs": self.langs}
        if self.target_path:
            out["target_path"] = self.target_path
        return out


@dataclass
class QAResult:
    findings: list[Finding]
    documents: list[DocumentSummary]
    checks: list[str]
    fail_on: Severity | None  # None: never fail
    suppressed: int = 0
    baselined: int = 0
    skipped_checks: dict[str, str] = field(default_factory=dict)  # id -> why it did not run
    docs: list[Document] = field(default_factory=list, repr=False)  # what was checked (for html)

    @property
    def failed(self) -> bool:
        return self.fail_on is not None and any(f.severity >= self.fail_on for f in self.findings)

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity.label for f in self.findings)
        return {s.label: c.get(s.label, 0) for s in sorted(Severity, reverse=True)}

    def by_check(self) -> dict[str, int]:
        return dict(sorted(Counter(f.check for f in self.findings).items()))

    @property
    def fail_on_label(self) -> str:
        return self.fail_on.label if self.fail_on is not None else "never"


def _suppressed(f: Finding, doc: Document, disabled: dict[str, set[str]]) -> bool:
    loc = f.location
    if loc.segment is not None:
        ids = disabled.get(loc.segment)
        if ids and ("*" in ids or f.check in ids or f.family in ids):
            return True
    for s in doc.suppressions:
        if (s.file or doc.path) != loc.file:
            continue
        if s.first <= loc.line <= s.last and ("*" in s.checks or f.check in s.checks or f.family in s.checks):
            return True
    return False


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Young-generation garbage collections far less often while the checks run: they allocate
    many short-lived objects next to large long-lived ones (the dictionary, the glossary), and
    CPython's default threshold (700) made the collector take about a quarter of a 10,000-segment
    run. Cycles are still collected; the thresholds are restored afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 50_000), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def run_checks(
    docs: Iterable[Document], ctx: QAContext, checks: Sequence[Check]
) -> tuple[list[Finding], int, list[DocumentSummary]]:
    """Findings of `checks` over `docs` after severity overrides and inline suppressions."""
    with _fewer_collections():
        return _run_checks(docs, ctx, checks)


#: the checks a second process runs when `QAContext.jobs` is 2 or more (`tmkit qa --jobs`): the
#: checks against the memory and the name consistency check, about half of the checks' time on
#: the 10,000-segment benchmark (docs/benchmarks.md)
SIDE_CHECKS = ("memory-term", "memory-inconsistent", "name-inconsistent")
#: fewer segments than this (all documents together) are checked in one process: a second one
#: costs a few hundredths of a second to start and would not pay for itself
FORK_MIN_SEGMENTS = 1000

# per document: check id -> (its findings kept, how many were suppressed)
_Results = list[dict[str, tuple[list[Finding], int]]]


def _run_checks(
    docs: Iterable[Document], ctx: QAContext, checks: Sequence[Check]
) -> tuple[list[Finding], int, list[DocumentSummary]]:
    docs = list(docs)
    summaries = [DocumentSummary(d.path, d.kind, len(d.segments), d.langs(), d.target_path) for d in docs]
    side = _side_checks(docs, ctx, checks)
    results = _run_forked(docs, ctx, checks, side) if side else _run_in_turn(docs, ctx, checks)
    # in document and check order, whoever ran each check: the same list as one process gives
    out: list[Finding] = []
    suppressed = 0
    for per_check in results:
        for check in checks:
            found, dropped = per_check.get(check.id, ([], 0))
            out.extend(found)
            suppressed += dropped
    return out, suppressed, summaries


def _run_in_turn(docs: list[Document], ctx: QAContext, checks: Sequence[Check]) -> _Results:
    results: _Results = []
    overrides = ctx.config.severity
    for doc in docs:
        disabled = {s.id: s.disabled for s in doc.segments if s.disabled}
        doc.run_texts = {}  # the text checks' lists of texts, made once for this run
        per_check: dict[str, tuple[list[Finding], int]] = {}
        try:
            for check in checks:
                per_check[check.id] = _run_check(check, doc, ctx, disabled, overrides)
        finally:
            doc.run_texts = None
        results.append(per_check)
    return results


def _run_check(
    check: Check, doc: Document, ctx: QAContext, disabled: dict[str, set[str]], overrides: dict[str, Severity]
) -> tuple[list[Finding], int]:
    """The findings of one check over one document, and how many of them were suppressed."""
    out: list[Finding] = []
    suppressed = 0
    if "bilingual" in check.needs and not doc.bilingual:
        return out, 0
    for f in check.run(doc, ctx):
        if f.masked:
            continue
        if _suppressed(f, doc, disabled):
            suppressed += 1
            continue
        if f.check in overrides:
            f.severity = overrides[f.check]
        elif f.family in overrides:
            f.severity = overrides[f.family]
        out.append(f)
    return out, suppressed


def auto_jobs() -> int:
    """How many processes `tmkit qa` uses by default: 2 when this machine has a CPU to spare
    (at least two, and a load average a whole CPU below their number) and can fork, else 1."""
    cpus = os.cpu_count() or 1
    if cpus < 2 or not hasattr(os, "fork"):
        return 1
    try:
        load = os.getloadavg()[0]
    except OSError:
        return 1
    return 2 if load <= cpus - 1 else 1


def _side_checks(docs: list[Document], ctx: QAContext, checks: Sequence[Check]) -> list[Check]:
    """The checks to run in a second process, or none: only with `ctx.jobs` >= 2, where
    processes fork (POSIX), on documents large enough, when the memory (if any) can be opened
    again by path (an SQLite connection must not cross a fork), and when both processes get
    some of the checks."""
    if ctx.jobs < 2 or not hasattr(os, "fork"):
        return []
    if sum(len(d.segments) for d in docs) < FORK_MIN_SEGMENTS:
        return []
    if ctx.memory is not None and not ctx.memory_path:
        return []
    side = [c for c in checks if c.id in SIDE_CHECKS]
    if not side or len(side) == len(checks):
        return []
    return side


def _run_forked(docs: list[Document], ctx: QAContext, checks: Sequence[Check], side: list[Check]) -> _Results:
    """Run `side` in a forked child and the other checks here, at the same time. What both need
    is computed first (every text's glossary terms), so that neither computes it twice. If the
    child fails in any way, its checks are run here after the others: the result is the same,
    only slower."""
    if ctx.matcher is not None:
        for doc in docs:
            for text in doc.texts():
                ctx.terms(text)
    here = [c for c in checks if c not in side]
    gc.freeze()  # what is alive now stays out of both processes' collections (no page copies)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its work is checked through the parent's result
        try:
            os.close(read_end)
            payload = pickle.dumps(("ok", _child_run(docs, ctx, side)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as e:  # noqa: BLE001 - any failure: the parent runs these checks itself
            payload = pickle.dumps(("error", repr(e)))
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    reader = os.fdopen(read_end, "rb")
    try:
        mine = _run_in_turn(docs, ctx, here)
        data = reader.read()
    finally:
        # closed before the wait: a child still writing (the parent's checks raised) gets a
        # broken pipe and exits instead of waiting for a reader forever
        reader.close()
        os.waitpid(pid, 0)
        gc.unfreeze()
    theirs: _Results | None = None
    try:
        status, value = pickle.loads(data)
        if status == "ok":
            theirs = value
    except Exception:  # noqa: BLE001 - a child that died half-way: its checks are run here
        theirs = None
    if theirs is None or len(theirs) != len(docs):
        theirs = _run_in_turn(docs, ctx, side)
    return [{**a, **b} for a, b in zip(mine, theirs, strict=True)]


def _child_run(docs: list[Document], ctx: QAContext, side: list[Check]) -> _Results:  # pragma: no cover
    """In the forked child: its own connection to the memory, then the side checks."""
    if ctx.memory is not None and ctx.memory_path:
        from tmkit.qa import open_memory

        ctx.memory = open_memory(ctx.memory_path)
    return _run_in_turn(docs, ctx, side)


def run_qa(
    docs: Iterable[Document], ctx: QAContext, *, only: Sequence[str] = (), baseline: dict[str, int] | None = None
) -> QAResult:
    """Run the selected checks over `docs` and return the sorted findings."""
    with _fewer_collections():
        return _run_qa(docs, ctx, only=only, baseline=baseline)


def _run_qa(
    docs: Iterable[Document], ctx: QAContext, *, only: Sequence[str] = (), baseline: dict[str, int] | None = None
) -> QAResult:
    bad = [x for x in only if x not in FAMILIES and x not in {c.id for c in all_checks()}]
    if bad:
        raise UsageError(f"unknown check(s) {', '.join(bad)} (tmkit qa --list-checks prints them)")
    checks = select_checks(ctx.config, only)
    skipped: dict[str, str] = {}
    runnable: list[Check] = []
    for c in checks:
        if "glossary" in c.needs and ctx.matcher is None:
            skipped[c.id] = "no glossary"
        elif "memory" in c.needs and ctx.memory is None:
            skipped[c.id] = "no memory"
        else:
            runnable.append(c)
    docs = list(docs)
    findings, suppressed, summaries = run_checks(docs, ctx, runnable)
    baselined = 0
    if baseline:
        left = dict(baseline)
        kept = []
        for f in findings:
            fp = fingerprint(f)
            if left.get(fp, 0) > 0:
                left[fp] -= 1
                baselined += 1
            else:
                kept.append(f)
        findings = kept
    findings.sort(key=Finding.sort_key)
    return QAResult(
        findings, summaries, [c.id for c in runnable], ctx.config.fail_on, suppressed, baselined, skipped, docs
    )


def read_baseline(path: str) -> dict[str, int]:
    """Fingerprint -> how many findings with it are accepted."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise InputError(
            "no such baseline file", path=path, hint="write one with tmkit qa --write-baseline FILE"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"not a tmkit baseline (not JSON: {e})", path=path) from None
    if (
        not isinstance(data, dict)
        or data.get("version") != BASELINE_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise InputError(f"not a tmkit baseline (version {BASELINE_VERSION} with a findings list)", path=path)
    counts: Counter[str] = Counter()
    for n, item in enumerate(data["findings"], 1):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise InputError(f"baseline entry {n} has no fingerprint", path=path)
        counts[item["fingerprint"]] += 1
    return dict(counts)


def baseline_document(findings: Sequence[Finding]) -> dict[str, object]:
    """A baseline file's content: every finding's fingerprint, with what it was for people."""
    return {
        "version": BASELINE_VERSION,
        "findings": [
            {
                "fingerprint": fingerprint(f),
                "check": f.check,
                "file": f.location.file,
                "line": f.location.line,
                "text": f.location.text,
                "message": f.message,
            }
            for f in sorted(findings, key=Finding.sort_key)
        ],
    }
