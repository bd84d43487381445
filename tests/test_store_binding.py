"""The import binds None and bytes through registered adapters (`_plain_binding`): the stored
values are the same, and the program's own adapters are left as they were."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import tmx, tu
from tmkit.store import Memory
from tmkit.store.memory import _plain_binding

NONE_KEY = (type(None), sqlite3.PrepareProtocol)
BYTES_KEY = (bytes, sqlite3.PrepareProtocol)


def _types(db):
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute(
                "SELECT typeof(tuid), typeof(change_date), typeof(attrs), typeof(dup_key), length(dup_key), "
                "typeof(content_hash) FROM units ORDER BY id"
            ).fetchall(),
            conn.execute("SELECT typeof(markup), typeof(notes), typeof(text) FROM variants ORDER BY id").fetchall(),
        )
    finally:
        conn.close()


def test_adapters_only_during_the_import(write, db):
    before = dict(sqlite3.adapters)
    with _plain_binding():
        assert NONE_KEY in sqlite3.adapters and BYTES_KEY in sqlite3.adapters
    assert sqlite3.adapters == before
    with Memory.open(db) as m:
        m.import_tmx([write("a.tmx", tmx(tu("Hello", "你好", "t1") + tu("Bye", "再见")))])
    assert sqlite3.adapters == before
    units, variants = _types(db)
    assert units == [("text", "null", "null", "blob", 16, "blob"), ("null", "null", "null", "blob", 16, "blob")]
    assert variants == [("null", "null", "text")] * 4


def test_own_adapters_are_kept(write, db, monkeypatch):
    calls = []

    def mine(value):
        calls.append(value)
        return value

    monkeypatch.setitem(sqlite3.adapters, BYTES_KEY, mine)
    with _plain_binding():
        assert sqlite3.adapters[BYTES_KEY] is mine
    assert sqlite3.adapters[BYTES_KEY] is mine
    assert NONE_KEY not in sqlite3.adapters
    with Memory.open(db) as m:
        m.import_tmx([write("a.tmx", tmx(tu("Hello", "你好", "t1")))])
    assert calls and all(isinstance(v, bytes) for v in calls)  # the program's adapter was used


@pytest.mark.parametrize("value", [None, b"\x00\x01", b""])
def test_same_values_bound(value):
    conn = sqlite3.connect(":memory:")
    plain = conn.execute("SELECT typeof(?), quote(?)", (value, value)).fetchone()
    with _plain_binding():
        assert conn.execute("SELECT typeof(?), quote(?)", (value, value)).fetchone() == plain
