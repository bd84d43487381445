"""`tmkit qa --jobs 2`: the memory and name checks in a forked second process give exactly the
findings one process gives, and a child that fails costs time, not findings."""

from __future__ import annotations

import os
import re

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES, ROOT, needs_shared
from tmkit.cli.app import app
from tmkit.qa import QASources, qa, runner
from tmkit.qa.checks.memory import MemoryTerm
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document
from tmkit.tm import tm_import

TICO = FIXTURES / "tmx" / "tico19_en-zh_documents.tmx"
pytestmark = [needs_shared, pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")]


@pytest.fixture(scope="module")
def tico_memory(tmp_path_factory):
    """A memory of every other TICO-19 unit, so that the draft (all of them) has exact and close
    matches, and the memory checks have findings to agree on."""
    tmp = tmp_path_factory.mktemp("jobs")
    text = TICO.read_text("utf-8")
    units = re.findall(r"<tu[ >].*?</tu>", text, flags=re.S)
    head, tail = text[: text.index(units[0])], text[text.index(units[-1]) + len(units[-1]) :]
    kept = units[::2]
    # every third of them translated otherwise: exact matches that disagree with the draft
    kept = [
        re.sub(r"(xml:lang=\"zh[^\"]*\">\s*<seg>)", r"\1（旧译）", u) if i % 3 == 0 else u for i, u in enumerate(kept)
    ]
    half = tmp / "half.tmx"
    half.write_text(head + "\n".join(kept) + tail, "utf-8")
    db = tmp / "tm.db"
    tm_import(db, [half])
    return db


def _run(db, jobs, **kw):
    sources = QASources(glossary=str(ROOT / "glossary"), memory=str(db))
    result = qa([str(TICO)], sources=sources, jobs=jobs, **kw)
    return result


def _rows(result):
    return [(f.check, f.severity, f.message, f.location, f.suggestion, f.related) for f in result.findings]


def test_two_processes_find_what_one_finds(tico_memory, monkeypatch):
    forks = []
    real_fork = os.fork

    def counting_fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counting_fork)
    one = _run(tico_memory, 1)
    assert forks == []
    two = _run(tico_memory, 2)
    assert forks == [1]  # the second process ran
    assert _rows(two) == _rows(one)
    assert {f.check for f in one.findings} & set(runner.SIDE_CHECKS)  # the child's checks found something
    assert (two.suppressed, two.baselined, two.checks) == (one.suppressed, one.baselined, one.checks)
    assert [s.to_dict() for s in two.documents] == [s.to_dict() for s in one.documents]


def test_a_child_that_dies_costs_time_not_findings(tico_memory, monkeypatch):
    parent = os.getpid()
    real = MemoryTerm.check_document

    def dies_in_the_child(self, doc, ctx):
        if os.getpid() != parent:
            os._exit(3)
        return real(self, doc, ctx)

    one = _run(tico_memory, 1)
    monkeypatch.setattr(MemoryTerm, "check_document", dies_in_the_child)
    two = _run(tico_memory, 2)
    assert _rows(two) == _rows(one)


def test_when_a_second_process_is_not_used(tico_memory):
    from tmkit.qa.runner import select_checks

    config = QAContext().config
    config.enable.add("all")
    checks = select_checks(config)
    big = Document("big.tmx", "tmx", source_lang="en", target_lang="zh-CN")
    big.segments.extend([None] * runner.FORK_MIN_SEGMENTS)  # only counted
    small = Document("small.tmx", "tmx", source_lang="en", target_lang="zh-CN")
    with_path = QAContext(jobs=2, memory_path=str(tico_memory))
    assert runner._side_checks([big], with_path, checks)
    assert runner._side_checks([small], with_path, checks) == []  # too small to pay off
    assert runner._side_checks([big], QAContext(jobs=1, memory_path=str(tico_memory)), checks) == []
    import sqlite3

    no_path = QAContext(jobs=2, memory=sqlite3.connect(":memory:"))  # cannot be opened again
    assert runner._side_checks([big], no_path, checks) == []
    typography = [c for c in checks if c.family == "typography"]
    assert runner._side_checks([big], with_path, typography) == []  # nothing for the child
    side = [c for c in checks if c.id in runner.SIDE_CHECKS]
    assert runner._side_checks([big], with_path, side) == []  # nothing left for the parent


def test_cli_jobs(tico_memory, tmp_path):
    cli = CliRunner()
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.json"
        args = ["--db", str(tico_memory), "--glossary", str(ROOT / "glossary"), "qa", str(TICO)]
        result = cli.invoke(app, [*args, "-f", "json", "-o", str(out), "--fail-on", "never", "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outs.append(out.read_text("utf-8"))
    assert outs[0] == outs[1]
    result = cli.invoke(app, ["qa", "--jobs", "0", str(TICO)])
    assert result.exit_code == 2


def test_an_error_in_the_parent_is_raised_without_waiting_for_ever(tico_memory, monkeypatch):
    """The parent's checks raise while the child has findings to send: the error comes out (the
    child is not left writing to a pipe nobody reads, the parent not waiting for it)."""
    import signal

    from tmkit.qa.checks.typography import DoubleSpace

    def boom(self, text, ctx):
        raise RuntimeError("a check failed")

    monkeypatch.setattr(DoubleSpace, "check_text", boom)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the run hung"))
    signal.alarm(60)
    try:
        with pytest.raises(RuntimeError, match="a check failed"):
            _run(tico_memory, 2)
    finally:
        signal.alarm(0)
