"""Keeping the memory's search indexes up to date: the fuzzy index (`tmkit.matching`) and the
concordance index (`tmkit.concordance`, when present).

Both are derived from `variants` and can always be rebuilt (`reindex`, `tmkit tm reindex`).
`index_state` records, per index, the highest variant id it has seen. An import calls `update`
inside its own transaction with the id of the last batch before it began, so the index gains the
variants the import added and changed, or nothing at all when the import is rolled back.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from tmkit import matching

__all__ = ["IndexStatus", "ensure", "reindex", "status", "update"]

_CHUNK = 400_000  # variants per merge into the stored postings

Adder = Callable[[sqlite3.Connection, list[tuple[int, str | None, str]]], object]

# The format of each index's stored data (`index_state.detail`): an index written in another
# format (by an older or newer tmkit) counts as not built, and `update` rebuilds it whole.
CONCORDANCE_FORMAT = "concordance-2: folded trigram text, Han characters and pairs, short Latin words"
FORMATS = {matching.INDEX_NAME: matching.INDEX_FORMAT, "concordance": CONCORDANCE_FORMAT}


def _indexes() -> list[tuple[str, Callable[[sqlite3.Connection], None], Adder]]:
    from tmkit import concordance

    return [
        (matching.INDEX_NAME, matching.clear, matching.add),
        ("concordance", concordance.clear, concordance.add),
    ]


def _stored(conn: sqlite3.Connection, name: str) -> tuple[int, str | None]:
    """(upto, built_at) of an index, (0, None) when never built or built in another format."""
    row = conn.execute("SELECT upto, built_at, detail FROM index_state WHERE name = ?", (name,)).fetchone()
    if row is None:
        return 0, None
    try:
        fmt = json.loads(row[2]).get("format") if row[2] else None
    except (ValueError, AttributeError):
        fmt = None
    if fmt != FORMATS[name]:
        return 0, None
    return row[0], row[1]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True, slots=True)
class IndexStatus:
    name: str
    upto: int  # highest variant id indexed (0: never built)
    built_at: str | None
    variants: int  # variants in the memory
    behind: int  # variants newer than `upto`

    @property
    def current(self) -> bool:
        return self.behind == 0

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "upto": self.upto,
            "built_at": self.built_at,
            "variants": self.variants,
            "behind": self.behind,
        }


def status(conn: sqlite3.Connection) -> list[IndexStatus]:
    """How up to date each index is."""
    total = conn.execute("SELECT count(*) FROM variants").fetchone()[0]
    out = []
    for name, _clear, _add in _indexes():
        upto, built = _stored(conn, name)
        behind = conn.execute("SELECT count(*) FROM variants WHERE id > ?", (upto,)).fetchone()[0]
        out.append(IndexStatus(name, upto, built, total, behind))
    return out


def _feed(
    conn: sqlite3.Connection,
    sql: str,
    params: tuple[object, ...],
    adders: list[Adder],
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> int:
    done = 0
    cur = conn.execute(sql, params)
    while True:
        rows = cur.fetchmany(_CHUNK)
        if not rows:
            return done
        for add in adders:
            add(conn, rows)
        done += len(rows)
        if progress is not None:
            progress(done, total)


def _set_state(conn: sqlite3.Connection, names: Iterable[str]) -> None:
    upto = conn.execute("SELECT coalesce(max(id), 0) FROM variants").fetchone()[0]
    now = _now()
    for name in names:
        conn.execute(
            "INSERT INTO index_state (name, upto, built_at, detail) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET upto = excluded.upto, built_at = excluded.built_at, "
            "detail = excluded.detail",
            (name, upto, now, json.dumps({"format": FORMATS[name]})),
        )


def update(conn: sqlite3.Connection, last_batch_before: int) -> int:
    """Index what is new since each index's `upto` and every variant of the units an import
    touched (batch id above `last_batch_before`). Runs in the caller's transaction. Returns the
    number of variants indexed."""
    by_upto: dict[int, list[tuple[str, Adder]]] = {}
    for name, clear, add in _indexes():
        upto, built = _stored(conn, name)
        if built is None:
            # never built, or built in another format: start from nothing
            clear(conn)
            conn.execute("DELETE FROM index_state WHERE name = ?", (name,))
        by_upto.setdefault(upto, []).append((name, add))
    done = 0
    names = []
    for upto, group in by_upto.items():
        done = max(
            done,
            _feed(
                conn,
                "SELECT v.id, v.lang, v.text FROM variants v WHERE v.id > ? "
                "OR v.unit_id IN (SELECT id FROM units WHERE batch_id > ?) ORDER BY v.id",
                (upto, last_batch_before),
                [add for _n, add in group],
            ),
        )
        names.extend(n for n, _a in group)
    _set_state(conn, names)
    return done


def reindex(
    conn: sqlite3.Connection,
    progress: Callable[[int, int], None] | None = None,
    only: Iterable[str] | None = None,
) -> dict[str, object]:
    """Rebuild every index (or those named in `only`: fuzzy, concordance) from scratch, in one
    transaction. Returns what was done."""
    started = time.perf_counter()
    indexes = _indexes()
    if only is not None:
        wanted = set(only)
        indexes = [i for i in indexes if i[0] in wanted]
    conn.execute("BEGIN IMMEDIATE")
    try:
        for _name, clear, _add in indexes:
            clear(conn)
        total = conn.execute("SELECT count(*) FROM variants").fetchone()[0]
        adders = [a for _n, _c, a in indexes]
        done = _feed(conn, "SELECT id, lang, text FROM variants ORDER BY id", (), adders, progress, total)
        _set_state(conn, [n for n, _c, _a in indexes])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return {"variants": done, "indexes": [n for n, _c, _a in indexes], "seconds": time.perf_counter() - started}


def ensure(conn: sqlite3.Connection) -> int:
    """Bring every index up to date (after an import with indexing off, or a memory made before
    the indexes existed). Returns the number of variants indexed (0 when all were current)."""
    if all(s.current for s in status(conn)):
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        last = conn.execute("SELECT coalesce(max(id), 0) FROM batches").fetchone()[0]
        done = update(conn, last)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done
