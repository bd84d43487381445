"""The SQLite memory: duplicate policy, schema versions, locking, filters, stats."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import tmx, tu
from tmkit.errors import StoreError, UsageError
from tmkit.store import Memory
from tmkit.store import schema as schema_mod
from tmkit.store.memory import tmx_date


def _import(db, path, **kw):
    with Memory.open(db) as m:
        return m.import_tmx([path], **kw)


def _texts(db):
    return (
        sqlite3.connect(db)
        .execute("SELECT u.tuid, v.lang, v.text FROM units u JOIN variants v ON v.unit_id = u.id ORDER BY u.id, v.pos")
        .fetchall()
    )


def test_skip_policy_by_tuid(write, db):
    _import(db, write("a.tmx", tmx(tu("Hello", "你好", "t1"))))
    r = _import(db, write("b.tmx", tmx(tu("Hello", "您好", "t1") + tu("Bye", "再见", "t2"))))
    assert (r.total("created"), r.total("skipped")) == (1, 1)
    assert _texts(db) == [
        ("t1", "en-US", "Hello"),
        ("t1", "zh-CN", "你好"),
        ("t2", "en-US", "Bye"),
        ("t2", "zh-CN", "再见"),
    ]


def test_update_policy_changes_in_place_and_counts_unchanged(write, db):
    _import(db, write("a.tmx", tmx(tu("Hello", "你好", "t1") + tu("Bye", "再见", "t2"))))
    r = _import(db, write("b.tmx", tmx(tu("Hello", "您好", "t1") + tu("Bye", "再见", "t2"))), on_duplicate="update")
    assert (r.total("created"), r.total("updated"), r.total("unchanged")) == (0, 1, 1)
    assert _texts(db)[:2] == [("t1", "en-US", "Hello"), ("t1", "zh-CN", "您好")]
    with Memory.open(db) as m:
        assert m.stats().units == 2


def test_keep_policy_keeps_both(write, db):
    _import(db, write("a.tmx", tmx(tu("Hello", "你好", "t1"))))
    r = _import(db, write("b.tmx", tmx(tu("Hello", "你好", "t1"))), on_duplicate="keep")
    assert r.total("created") == 1
    with Memory.open(db) as m:
        assert m.stats().units == 2


def test_without_tuid_duplicates_are_the_same_text_in_every_language(write, db):
    body = tu("Hello", "你好") + tu("Hello", "你好") + tu("Hello", "您好")
    r = _import(db, write("a.tmx", tmx(body)))
    assert (r.total("created"), r.total("skipped")) == (2, 1)


def test_same_tuid_other_languages_is_another_unit(write, db):
    fr = '<tu tuid="1"><tuv xml:lang="en-US"><seg>Cat</seg></tuv><tuv xml:lang="fr-FR"><seg>Chat</seg></tuv></tu>'
    _import(db, write("a.tmx", tmx(tu("Cat", "猫", "1"))))
    r = _import(db, write("b.tmx", tmx(fr)))
    assert r.total("created") == 1


def test_duplicate_within_one_chunk_updates_pending_unit(write, db):
    r = _import(db, write("a.tmx", tmx(tu("Hello", "你好", "t1") + tu("Hello", "您好", "t1"))), on_duplicate="update")
    assert (r.total("created"), r.total("updated")) == (1, 1)
    assert _texts(db) == [("t1", "en-US", "Hello"), ("t1", "zh-CN", "您好")]


def test_reimport_of_own_export_is_all_unchanged(write, db, tmp_path):
    _import(db, write("a.tmx", tmx(tu("Hello", "你好", "t1") + tu("Bye", "再见"))))
    out = tmp_path / "out.tmx"
    with Memory.open(db) as m:
        m.export_tmx(out, timestamps=False)
    r = _import(db, out, on_duplicate="update")
    assert (r.total("created"), r.total("unchanged")) == (0, 2)


def test_unknown_policy(db):
    with Memory.open(db) as m, pytest.raises(UsageError):
        m.import_tmx([], on_duplicate="merge")


def test_schema_version_and_pragmas(db):
    with Memory.open(db) as m:
        assert m.schema_version() == schema_mod.SCHEMA_VERSION == 2
        assert m.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert m.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_newer_schema_is_refused(db):
    Memory.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version 99, made by a newer tmkit"):
        Memory.open(db)


def test_migrations_run_in_order(db, monkeypatch):
    Memory.open(db).close()

    def to_v3(conn):
        conn.execute("ALTER TABLE units ADD COLUMN reviewed INTEGER")

    monkeypatch.setattr(schema_mod, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(schema_mod.MIGRATIONS, 2, to_v3)
    import tmkit.store.memory as memory_mod

    monkeypatch.setattr(memory_mod, "SCHEMA_VERSION", 3)
    with Memory.open(db) as m:
        assert m.schema_version() == 3
        assert "reviewed" in {c.name for c in m.db["units"].columns}


def test_failed_migration_leaves_file_untouched(db, monkeypatch):
    Memory.open(db).close()

    def broken(conn):
        conn.execute("ALTER TABLE units ADD COLUMN reviewed INTEGER")
        raise RuntimeError("boom")

    import tmkit.store.memory as memory_mod

    monkeypatch.setattr(memory_mod, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(schema_mod.MIGRATIONS, 2, broken)
    with pytest.raises(RuntimeError):
        Memory.open(db)
    cols = [r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(units)")]
    assert "reviewed" not in cols


def test_not_a_memory(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    with pytest.raises(StoreError, match="not a tmkit memory"):
        Memory.open(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a tmkit memory or is damaged"):
        Memory.open(junk)


def test_locked_memory_is_a_store_error(db, write, monkeypatch):
    import tmkit.store.memory as memory_mod

    Memory.open(db).close()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(memory_mod, "BUSY_TIMEOUT_MS", 200)
    try:
        with Memory.open(db) as m, pytest.raises(StoreError, match="in use by another process"):
            m.conn.execute("PRAGMA busy_timeout = 200")
            m.import_tmx([write("a.tmx", tmx(tu("Hi", "嗨")))])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_export_filters(write, db, tmp_path):
    body = (
        tu("Old", "旧", "1", extra=' creationdate="20190101T000000Z"')
        + tu("New", "新", "2", extra=' creationdate="20230101T000000Z" changedate="20240301T120000Z"')
        + '<tu tuid="3"><tuv xml:lang="en-GB"><seg>Colour</seg></tuv><tuv xml:lang="fr-FR"><seg>Couleur</seg></tuv></tu>'
        + '<tu tuid="4"><tuv xml:lang="en-US"><seg>Big</seg></tuv><tuv xml:lang="zh-TW"><seg>大</seg></tuv></tu>'
    )
    _import(db, write("a.tmx", tmx(body)))
    _import(db, write("b.tmx", tmx(tu("Other", "其他", "5"))))

    def tuids(**kw):
        with Memory.open(db) as m:
            return [u.tuid for u in m.iter_units(**kw)]

    assert tuids() == ["1", "2", "3", "4", "5"]
    assert tuids(langs=["en", "zh"]) == ["1", "2", "4", "5"]
    assert tuids(langs=["en", "zh-CN"]) == ["1", "2", "5"]
    assert tuids(langs=["fr"]) == ["3"]
    assert tuids(origins=["b.tmx"]) == ["5"]
    assert tuids(since="20200101T000000Z") == ["2"]
    assert tuids(until="20200101T000000Z") == ["1"]
    with Memory.open(db) as m:
        rep = m.export_tmx(tmp_path / "f.tmx", source_lang="en", target_lang="fr", timestamps=False)
        assert rep.units == 1 and rep.srclang == "en"
        rep = m.export_tmx(tmp_path / "d.tmx", since="2024-01-01", timestamps=False)
        assert rep.units == 1


def test_export_to_missing_memory_is_store_error(tmp_path):
    with pytest.raises(StoreError, match="no memory at"):
        Memory.open(tmp_path / "none.db", create=False)


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2021-05-21", False, "20210521T000000Z"),
        ("2021-05-21", True, "20210521T235959Z"),
        ("20210521T080000Z", False, "20210521T080000Z"),
        ("2021-05-21T08:00:00Z", False, "20210521T080000Z"),
    ],
)
def test_tmx_date(value, end, expected):
    assert tmx_date(value, end_of_day=end) == expected


@pytest.mark.parametrize("value", ["yesterday", "2021-13-45", "2021"])
def test_bad_dates(value):
    with pytest.raises(UsageError):
        tmx_date(value)


def test_stats(write, db):
    body = (
        tu("Hello", "你好", "1")
        + '<tu><tuv xml:lang="en-GB"><seg>Colour</seg></tuv><tuv xml:lang="fr"><seg>Couleur</seg></tuv></tu>'
    )
    _import(db, write("a.tmx", tmx(body)))
    with Memory.open(db) as m:
        s = m.stats()
    assert (s.units, s.variants, s.batches, s.schema_version) == (2, 4, 1, 2)
    assert s.languages == {"en-GB": 1, "en-US": 1, "fr": 1, "zh-CN": 1}
    assert s.pairs == [
        {"source": "en-US", "target": "en-GB", "units": 1},
        {"source": "en-US", "target": "fr", "units": 1},
        {"source": "en-US", "target": "zh-CN", "units": 1},
    ]
    assert [o["origin"] for o in s.origins] == ["a.tmx"]


def test_one_language_filter_keeps_every_variant(write, db, tmp_path):
    _import(db, write("a.tmx", tmx(tu("Hello", "你好", "1"))))
    with Memory.open(db) as m:
        (unit,) = list(m.iter_units(langs=["en"]))
        assert unit.languages() == ["en-US", "zh-CN"]
        (pair,) = list(m.iter_units(langs=["zh", "en"]))
        assert pair.languages() == ["en-US", "zh-CN"]


def test_stats_pairs_match_regional_variants(write, db):
    header = (
        '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
        'adminlang="en" srclang="en" datatype="plaintext"/>'
    )
    _import(db, write("a.tmx", tmx(tu("Hello", "你好"), header=header)))
    with Memory.open(db) as m:
        assert m.stats().pairs == [{"source": "en", "target": "zh-CN", "units": 1}]
