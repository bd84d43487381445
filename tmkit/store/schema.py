"""The memory's schema, its version, and the migrations that bring an older file up to date.

The version lives in `meta(key='schema_version')`. `MIGRATIONS[n]` turns a version-n file into
version n+1; a new file runs them all from 0. A file newer than this tmkit is refused rather
than guessed at. docs/reference/schema.md documents every table and column.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 2

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE batches (
    id            INTEGER PRIMARY KEY,
    origin        TEXT NOT NULL,
    path          TEXT,
    format        TEXT NOT NULL,
    policy        TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    header        TEXT,
    created       INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    tmkit_version TEXT NOT NULL
);
CREATE TABLE units (
    id            INTEGER PRIMARY KEY,
    tuid          TEXT,
    srclang       TEXT,
    origin        TEXT NOT NULL,
    batch_id      INTEGER NOT NULL REFERENCES batches(id),
    creation_date TEXT,
    creation_id   TEXT,
    change_date   TEXT,
    change_id     TEXT,
    attrs         TEXT,
    notes         TEXT,
    props         TEXT,
    dup_key       BLOB NOT NULL,
    content_hash  BLOB NOT NULL
);
CREATE INDEX units_dup_key ON units(dup_key);
CREATE INDEX units_origin ON units(origin);
CREATE TABLE variants (
    id        INTEGER PRIMARY KEY,
    unit_id   INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    pos       INTEGER NOT NULL,
    lang      TEXT NOT NULL,
    lang_orig TEXT,
    text      TEXT NOT NULL,
    markup    TEXT,
    attrs     TEXT,
    notes     TEXT,
    props     TEXT
);
CREATE UNIQUE INDEX variants_unit_pos ON variants(unit_id, pos);
CREATE TABLE import_issues (
    id       INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    line     INTEGER,
    tuid     TEXT,
    severity TEXT NOT NULL,
    code     TEXT NOT NULL,
    message  TEXT NOT NULL
);
CREATE INDEX import_issues_batch ON import_issues(batch_id);
"""


# Version 2: the search indexes (issue 6). Both are derived data: `tmkit tm reindex` rebuilds them
# from `variants`, and `index_state` says how far each is up to date (docs/reference/schema.md).
_V2 = """
CREATE TABLE index_state (
    name      TEXT PRIMARY KEY,
    upto      INTEGER NOT NULL,
    built_at  TEXT,
    detail    TEXT
);
CREATE TABLE fuzzy_vocab (
    word TEXT PRIMARY KEY,
    id   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE fuzzy_postings (
    key INTEGER PRIMARY KEY,
    ids BLOB NOT NULL
);
-- concordance tables (tmkit/concordance.py) below this line
-- concordance_tri: every text folded (fold_lower, single spaces), trigram tokens, for queries of three
-- characters or more. concordance_short: tokens made by concordance.short_tokens (Han/kana/hangul
-- characters and adjacent pairs, Latin words of one or two characters, adjacent ASCII word pairs).
-- Both keyed by variants.id, index only (content='').
CREATE VIRTUAL TABLE concordance_tri USING fts5(
    text, content='', detail=none, columnsize=0, tokenize='trigram case_sensitive 1'
);
CREATE VIRTUAL TABLE concordance_short USING fts5(
    tokens, content='', detail=none, columnsize=0, tokenize='ascii'
);
"""


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it COMMITs first, and migrations must run inside one transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _to_v1(conn: sqlite3.Connection) -> None:
    _run(conn, _V1)


def _to_v2(conn: sqlite3.Connection) -> None:
    _run(conn, _V2)


Migration = Callable[[sqlite3.Connection], None]

# MIGRATIONS[n] upgrades a version-n memory to version n + 1.
MIGRATIONS: dict[int, Migration] = {0: _to_v1, 1: _to_v2}
