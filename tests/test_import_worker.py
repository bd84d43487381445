"""Imports read by the helper process give exactly what an import read in-process gives.

`TMKIT_IMPORT_WORKER=1` forces the reader process (normally only for files of 2 MiB and more),
`=0` forbids it. Same rows, same issues, same reports, same errors, same rollback.
"""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLE, TMX_DIR, dump_memory, needs_shared, tmx, tu
from tmkit.errors import InputError, TmkitError
from tmkit.formats.tmx.reader import TmxReader
from tmkit.store import Memory
from tmkit.store import feed as feed_mod
from tmkit.store import memory as memory_mod
from tmkit.store.rows import KeyMaker


def run(monkeypatch, worker, db, files, **kw):
    monkeypatch.setenv("TMKIT_IMPORT_WORKER", "1" if worker else "0")
    with Memory.open(db) as m:
        report = m.import_tmx(files, **kw).to_dict()
    return report, dump_memory(db)


def files_for_test():
    names = ["heartsome_en-US_zh-CN_inline-tags.tmx", "catalyst_utf16le-bom_props.tmx", "omegat_tmx11_lang-attr.tmx"]
    return [TMX_DIR / n for n in names] if TMX_DIR.is_dir() else []


@needs_shared
@pytest.mark.parametrize("policy", ["keep", "skip", "update"])
def test_worker_and_in_process_give_the_same_memory(monkeypatch, tmp_path, policy):
    files = [SAMPLE, *files_for_test(), SAMPLE]
    results = []
    for worker in (False, True):
        db = tmp_path / f"{worker}.db"
        first = run(monkeypatch, worker, db, files[:2], on_duplicate="keep")
        second = run(monkeypatch, worker, db, files, on_duplicate=policy)
        results.append((first, second))
    assert results[0] == results[1]
    assert results[1][1][0]["totals"]["units_read"] > 5000


def test_worker_reports_bad_units_like_in_process(monkeypatch, tmp_path, write):
    body = tu("ok", "好", "1") + '<tu tuid="2"><tuv xml:lang="en"><seg>x</seg></tuv></tu>\n<tu tuid="3"></tu>'
    path = write("bad.tmx", tmx(body))
    a = run(monkeypatch, False, tmp_path / "a.db", [path], on_duplicate="keep")
    b = run(monkeypatch, True, tmp_path / "b.db", [path], on_duplicate="keep")
    assert a == b
    assert a[0]["totals"]["failed"] == 1 and a[0]["issues"]


@pytest.mark.parametrize("worker", [False, True])
def test_malformed_file_aborts_with_position_and_rolls_back(monkeypatch, tmp_path, write, worker):
    good = write("good.tmx", tmx(tu("Hello", "你好", "1")))
    units = "".join(tu(f"u{i}", "文", str(i)) + "\n" for i in range(3000))
    broken = write("broken.tmx", tmx(units + "<tu><tuv xml:lang='en'><seg>x</tuv></tu>"))
    db = tmp_path / "m.db"
    run(monkeypatch, worker, db, [good], on_duplicate="keep")
    before = dump_memory(db)
    monkeypatch.setenv("TMKIT_IMPORT_WORKER", "1" if worker else "0")
    with Memory.open(db) as m, pytest.raises(InputError) as exc:
        m.import_tmx([good, broken], on_duplicate="keep")
    assert exc.value.path == str(broken)
    assert (exc.value.line, exc.value.column) == (3005, 36)
    assert "not well-formed XML" in exc.value.message
    assert dump_memory(db) == before


def test_a_failing_reader_process_is_an_error_and_rolls_back(monkeypatch, tmp_path, write):
    path = write("a.tmx", tmx(tu("Hello", "你好", "1")))
    monkeypatch.setenv("TMKIT_IMPORT_WORKER", "1")
    monkeypatch.setattr(feed_mod.Plan, "as_tuple", lambda self: (None,))  # Plan(None) fails there
    db = tmp_path / "m.db"
    with Memory.open(db) as m, pytest.raises(TmkitError, match="reader process"):
        m.import_tmx([path])
    with Memory.open(db) as m:
        assert m.stats().units == 0


def test_worker_reports_progress(monkeypatch, tmp_path, write):
    path = write("a.tmx", tmx("".join(tu(f"u{i}", "文", str(i)) for i in range(2500))))
    calls = []
    monkeypatch.setenv("TMKIT_IMPORT_WORKER", "1")
    with Memory.open(tmp_path / "m.db") as m:
        m.import_tmx([path], on_duplicate="keep", progress=lambda done, total: calls.append((done, total)))
    size = path.stat().st_size
    assert calls and all(total == size for _d, total in calls)
    assert calls[-1][0] == size


@needs_shared
@pytest.mark.parametrize("policy", ["keep", "skip", "update"])
def test_units_hashed_by_the_reader_give_the_same_memory(monkeypatch, tmp_path, policy):
    """When the writer falls behind, the reader process hashes part of each batch itself."""
    files = [SAMPLE, *files_for_test()]
    plain = run(monkeypatch, False, tmp_path / "a.db", files, on_duplicate=policy)

    def half_hashed(plan, progress):
        with TmxReader(plan.path, bare_zh=plan.bare_zh, repair_mojibake=plan.repair_mojibake) as reader:
            for msg in feed_mod.messages(reader, plan, lambda: -1, lambda: 0.5):  # "flat" messages
                if msg[0] == "rows":
                    feed_mod._add_keys(msg[1], KeyMaker(), 0.5)
                elif msg[0] == "flat" and len(msg[1]) >= 2 * 14:
                    assert msg[1][12] is not None and msg[1][-1] is None  # half hashed here
                yield msg

    monkeypatch.setattr(memory_mod, "feed", half_hashed)
    assert run(monkeypatch, False, tmp_path / "b.db", files, on_duplicate=policy) == plain


def test_a_helper_that_cannot_start_means_reading_in_process(monkeypatch, tmp_path, write):
    """E.g. an embedding program whose sys.executable is not a Python: same result, no error."""
    path = write("a.tmx", tmx(tu("Hello", "你好", "1") + tu("Bye", "再见", "2")))
    expected = run(monkeypatch, False, tmp_path / "a.db", [path], on_duplicate="keep")
    monkeypatch.setattr(feed_mod.sys, "executable", "/bin/true")
    assert run(monkeypatch, True, tmp_path / "b.db", [path], on_duplicate="keep") == expected
