# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer export: translate-toolkit writing a TMX file from an SQLite database.

Usage: python bench/_peer_export.py DB.sqlite OUT.tmx

Reads EN/ZH pairs with plain ``sqlite3``, adds each to a
``tmxfile(sourcelanguage="en-US")`` with
``addtranslation(source, "en-US", target, "zh-CN")`` and serializes the
store to OUT.  Prints ``{"units": N, "query": ...}`` as JSON on stdout.

Two database layouts are understood:

* tmkit's: a ``variants`` table with ``unit_id``, ``lang`` and ``text``
  columns (one row per language variant); the en-US and zh-CN variants of
  each unit are joined;
* the peer import's: a ``units`` table with ``source`` and ``target`` columns
  (used by bench_tmx.py when tmkit's import did not produce a database).
"""

import json
import sqlite3
import sys

from translate.storage.tmx import tmxfile

SRC_LANG = "en-US"
TGT_LANG = "zh-CN"

VARIANTS_QUERY = """
SELECT s.text, t.text
FROM variants AS s
JOIN variants AS t ON t.unit_id = s.unit_id AND t.lang = ? COLLATE NOCASE
WHERE s.lang = ? COLLATE NOCASE
ORDER BY s.unit_id
"""

UNITS_QUERY = "SELECT source, target FROM units ORDER BY rowid"


def columns(conn, table):
    """Return the set of column names of ``table`` (empty if it is missing)."""
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def pick_query(conn):
    """Return (sql, params) reading (source, target) pairs from this database."""
    if {"unit_id", "lang", "text"} <= columns(conn, "variants"):
        return VARIANTS_QUERY, (TGT_LANG, SRC_LANG)
    if {"source", "target"} <= columns(conn, "units"):
        return UNITS_QUERY, ()
    schema = "\n".join(row[0] for row in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
    raise SystemExit(f"unknown database layout; schema is:\n{schema}")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    db_path, out_path = argv
    conn = sqlite3.connect(db_path)
    sql, params = pick_query(conn)
    store = tmxfile(sourcelanguage=SRC_LANG)
    count = 0
    for source, target in conn.execute(sql, params):
        store.addtranslation(source, SRC_LANG, target, TGT_LANG)
        count += 1
    conn.close()
    with open(out_path, "wb") as out:
        store.serialize(out)
    print(json.dumps({"units": count, "query": " ".join(sql.split())}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
