"""Exports written by two processes are byte-identical to one-process exports.

`TMKIT_EXPORT_WORKER=1` forces the split (normally only from 50,000 units on), `=0` forbids it.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import SAMPLE, TMX_DIR, needs_shared, tmx, tu
from tmkit.errors import TmkitError
from tmkit.store import Memory
from tmkit.store import feed as feed_mod
from tmkit.store import memory as memory_mod


@pytest.fixture
def full_db(tmp_path, monkeypatch):
    monkeypatch.setenv("TMKIT_IMPORT_WORKER", "0")
    db = tmp_path / "full.db"
    files = [SAMPLE]
    if TMX_DIR.is_dir():
        files += sorted(p for p in TMX_DIR.glob("*.tmx") if p.stat().st_size)
    with Memory.open(db) as m:
        m.import_tmx(files, on_duplicate="keep")
    return db


def export(monkeypatch, db, out, split, **kw):
    monkeypatch.setenv("TMKIT_EXPORT_WORKER", "1" if split else "0")
    with Memory.open(db) as m:
        report = m.export_tmx(out, timestamps=False, **kw).to_dict()
    report.pop("path")
    return report, out.read_bytes()


@needs_shared
@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"source_lang": "en", "target_lang": "zh"},
        {"source_lang": "zh-CN"},
        {"origins": ["tico19_en-zh_documents.tmx"], "lang_style": "zh-Hans"},
        {"since": "2010-01-01", "lang_style": "original"},
    ],
)
@pytest.mark.parametrize("name", ["out.tmx", "out.tmx.gz"])
def test_split_export_is_byte_identical(monkeypatch, tmp_path, full_db, kw, name):
    one = export(monkeypatch, full_db, tmp_path / "one" / name, False, **kw)
    two = export(monkeypatch, full_db, tmp_path / "two" / name, True, **kw)
    assert one == two
    assert one[0]["units"] > 0
    assert not [p for p in (tmp_path / "two").iterdir() if p.name.startswith(".tmkit-")]


def test_split_export_of_one_unit_and_of_none(monkeypatch, tmp_path, write):
    db = tmp_path / "m.db"
    with Memory.open(db) as m:
        m.import_tmx([write("a.tmx", tmx(tu("Hello", "你好", "1")))])
    assert export(monkeypatch, db, tmp_path / "a.tmx", True) == export(monkeypatch, db, tmp_path / "b.tmx", False)
    kw = {"source_lang": "fr", "target_lang": "de"}
    assert export(monkeypatch, db, tmp_path / "c.tmx", True, **kw) == export(
        monkeypatch, db, tmp_path / "d.tmx", False, **kw
    )


def test_memory_changed_between_the_halves_falls_back_to_one_snapshot(monkeypatch, tmp_path, write):
    db = tmp_path / "m.db"
    with Memory.open(db) as m:
        m.import_tmx([write("a.tmx", tmx("".join(tu(f"u{i}", "文", str(i)) for i in range(10))))])
    original = memory_mod.Memory.write_units

    def meddling(self, writer, filters, first_id, stop_id, *a, **kw):
        if stop_id is not None:  # this process's half: another writer commits meanwhile
            conn = sqlite3.connect(db)
            conn.execute("UPDATE variants SET text = 'changed' WHERE lang = 'en-US'")
            conn.commit()
            conn.close()
        return original(self, writer, filters, first_id, stop_id, *a, **kw)

    monkeypatch.setattr(memory_mod.Memory, "write_units", meddling)
    report, data = export(monkeypatch, db, tmp_path / "x.tmx", True)
    assert report["units"] == 10
    assert data.count(b"<seg>changed</seg>") == 10  # all from the state after the change


def test_failing_helper_is_an_error_and_leaves_no_file(monkeypatch, tmp_path, write):
    db = tmp_path / "m.db"
    with Memory.open(db) as m:
        m.import_tmx([write("a.tmx", tmx(tu("Hello", "你好", "1") + tu("Bye", "再见", "2")))])
    real = memory_mod.start_module
    monkeypatch.setattr(memory_mod, "start_module", lambda module, job: real(module, ("not a job",)))
    monkeypatch.setenv("TMKIT_EXPORT_WORKER", "1")
    out = tmp_path / "out" / "x.tmx"
    with Memory.open(db) as m, pytest.raises(TmkitError, match="helper process failed"):
        m.export_tmx(out, timestamps=False)
    assert not out.exists()
    assert not [p for p in out.parent.iterdir()]


def test_a_helper_that_cannot_start_means_one_process(monkeypatch, tmp_path, write):
    db = tmp_path / "m.db"
    with Memory.open(db) as m:
        m.import_tmx([write("a.tmx", tmx(tu("Hello", "你好", "1") + tu("Bye", "再见", "2")))])
    expected = export(monkeypatch, db, tmp_path / "a.tmx", False)
    monkeypatch.setattr(feed_mod.sys, "executable", "/bin/true")
    assert export(monkeypatch, db, tmp_path / "b.tmx", True) == expected
