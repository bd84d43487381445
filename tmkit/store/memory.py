"""The translation memory: one SQLite file, opened with `Memory.open(path)`.

* WAL journal and a busy timeout, so readers never block and a second writer waits, then gets
  a clear `StoreError` instead of a crash.
* `import_tmx` streams TMX files in, applying a duplicate policy, inside ONE transaction: a
  file that turns out not to be well-formed (or `strict=True` with any failed unit) rolls the
  whole import back and the memory is exactly as it was.
* `iter_units` / `export_tmx` stream units out in a stable order (unit id), so the same memory
  always exports the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import marshal
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field, replace
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from tmkit import __version__
from tmkit.errors import StoreError, TmkitError, UsageError
from tmkit.formats.source import ProgressCallback
from tmkit.formats.tmx.writer import TmxWriter, WriteStats
from tmkit.model import TranslationUnit, Variant
from tmkit.store.codec import (
    load_attrs,
    load_notes,
    load_props,
)
from tmkit.store.feed import Message, Plan, feed, fill_keys, start_module, worker_setting
from tmkit.store.rows import PROMOTED as _PROMOTED
from tmkit.store.rows import IssueFields, KeyMaker, Prepared
from tmkit.store.schema import MIGRATIONS, SCHEMA_VERSION
from tmkit.text.langtags import DEFAULT_BARE_ZH, normalize_lang

if TYPE_CHECKING:
    import sqlite_utils

DUPLICATE_POLICIES = ("skip", "update", "keep")
_INSERT_UNIT = (
    "INSERT INTO units(id, tuid, srclang, creation_date, creation_id, change_date, change_id, attrs, notes, props, "
    "origin, batch_id, dup_key, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_INSERT_VARIANT = (
    "INSERT INTO variants(unit_id, pos, lang, lang_orig, text, markup, attrs, notes, props) VALUES (?,?,?,?,?,?,?,?,?)"
)
_DEFERRED_INDEXES = ("units_dup_key", "units_origin")
_APPEND_BATCH = 1000  # units per batch with the keep policy
_CHECKED_BATCH = 2000  # units per batch with skip/update (one duplicate lookup per batch)
_UNIT_ROWS = 64  # rows per multi-row INSERT: 64 x 14 and 100 x 9 values stay under 999,
_VARIANT_ROWS = 100  # the smallest limit SQLite builds have used
# prepared rows with their duplicate key and content hash
Keyed = tuple[Any, list[Any], bytes, bytes]
BUSY_TIMEOUT_MS = 5000
EXPORT_SPLIT_MIN_UNITS = 50_000  # smaller exports run in one process
IMPORT_CACHE_KIB = 65536  # page cache during imports: keeps the duplicate-key index in memory
_ISSUES_KEPT = 10_000  # issues kept in the in-memory report; all are stored in import_issues


@dataclass
class FileReport:
    path: str
    origin: str
    batch_id: int | None = None
    units_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    repaired: int = 0
    warnings: int = 0


@dataclass
class ImportReport:
    """What happened to every unit: counts per file and the issues found (capped list)."""

    policy: str
    strict: bool
    files: list[FileReport] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    issues_total: int = 0
    rolled_back: bool = False

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def ok(self) -> bool:
        return self.total("failed") == 0 and not self.rolled_back

    def to_dict(self) -> dict[str, Any]:
        counts = ("units_read", "created", "updated", "unchanged", "skipped", "failed", "repaired", "warnings")
        return {
            "policy": self.policy,
            "strict": self.strict,
            "rolled_back": self.rolled_back,
            "totals": {name: self.total(name) for name in counts},
            "files": [asdict(f) for f in self.files],
            "issues": self.issues,
            "issues_total": self.issues_total,
        }


@dataclass
class ExportReport:
    path: str
    units: int = 0
    variants: int = 0
    illegal_chars: int = 0  # XML-illegal characters replaced (see docs)
    dropped_attrs: int = 0  # attributes TMX 1.4 does not allow, left out
    srclang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MemoryStats:
    path: str
    schema_version: int
    size_bytes: int
    units: int
    variants: int
    languages: dict[str, int]
    pairs: list[dict[str, Any]]
    origins: list[dict[str, Any]]
    batches: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Run the cyclic garbage collector less often during a bulk import: it otherwise rescans
    millions of short-lived objects (about 10% of import time). Not disabled outright: with it
    off, peak memory on a 1M-unit import grew from 60 MB to 250 MB."""
    old = gc.get_threshold()
    gc.set_threshold(50_000, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _no_adaptation() -> dict[tuple[type, type], Any]:
    return {(type(None), sqlite3.PrepareProtocol): {}.get, (bytes, sqlite3.PrepareProtocol): bytes}


@contextmanager
def _plain_binding() -> Iterator[None]:
    """Bind None and bytes parameters without the sqlite3 module's adaptation protocol.

    CPython's sqlite3 binds int, float and str as they are, but passes any other value, None and
    bytes included, through its adapter protocol: a lookup in the adapter registry, then
    `PrepareProtocol.__adapt__` and `value.__conform__` attribute lookups, the first raising and
    dropping a formatted AttributeError. About 0.17 us per value (CPython 3.11); an import binds
    some 15 such values per unit (NULL columns and the two hashes), a third of its insert time.
    With an adapter registered for both types, the registry lookup finds it and calls it:
    `{}.get` gives None for None (bound as NULL) and `bytes` gives back the very bytes object
    (bound as a BLOB), so the same values are stored. Registered for the import only, and not
    where the program has registered adapters of its own for these types."""
    adapters = sqlite3.adapters
    ours = {key: adapter for key, adapter in _no_adaptation().items() if key not in adapters}
    adapters.update(ours)
    try:
        yield
    finally:
        for key, adapter in ours.items():
            if adapters.get(key) is adapter:
                del adapters[key]


@functools.lru_cache(maxsize=64)
def _multi_row(insert: str, rows: int) -> str:
    """`INSERT ... VALUES (?,..),(?,..),...` for `rows` rows, from the one-row statement."""
    head, values = insert.split(" VALUES ")
    return f"{head} VALUES {','.join([values] * rows)}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _store_error(path: str, err: sqlite3.Error) -> StoreError:
    text = str(err)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"the memory {path} is in use by another process (still locked after {BUSY_TIMEOUT_MS // 1000} s)",
            hint="wait for the other import or export to finish, or close the program holding it",
        )
    if "not a database" in text or "malformed" in text:
        return StoreError(f"{path} is not a tmkit memory or is damaged: {text}", hint="choose another --db")
    return StoreError(f"SQLite error on {path}: {text}")


class Memory:
    """A translation memory in one SQLite file. Use `Memory.open(path)`; close or use `with`."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """The connection as a sqlite-utils `Database`. Made on first use: importing sqlite_utils
        (which imports numpy when it is installed) costs about 0.15 s of every start-up, and no
        command needs it."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # -- opening and schema ----------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> Memory:
        spath = os.fspath(path)
        if not create and not os.path.exists(spath):
            raise StoreError(f"no memory at {spath}", hint="import something first: tmkit tm import FILE")
        parent = os.path.dirname(os.path.abspath(spath))
        if not os.path.isdir(parent):
            raise StoreError(f"cannot create the memory {spath}: the folder {parent} does not exist")
        try:
            conn = sqlite3.connect(spath, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            memory = cls(conn, spath)
            memory._migrate()
        except sqlite3.Error as e:
            raise _store_error(spath, e) from None
        return memory

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            if tables:
                raise StoreError(
                    f"{self.path} is an SQLite file but not a tmkit memory (tables: {', '.join(sorted(tables))})",
                    hint="choose another --db",
                )
            return 0
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, made by a newer tmkit "
                f"(this is tmkit {__version__}, schema {SCHEMA_VERSION})",
                hint="upgrade tmkit: pip install -U tmkit",
            )
        if version == SCHEMA_VERSION:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](self.conn)
                version += 1
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(version),))
            self.conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('created_by', ?)", (f"tmkit {__version__}",)
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # -- import ----------------------------------------------------------------------------------

    def import_tmx(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        on_duplicate: str = "skip",
        strict: bool = False,
        bare_zh: str = DEFAULT_BARE_ZH,
        repair_mojibake: bool = True,
        origin: str | None = None,
        progress: ProgressCallback | None = None,
        index: bool = True,
    ) -> ImportReport:
        """Import TMX files in one transaction. See `tmkit tm import --help` for the semantics.
        With `index`, the search indexes learn the new and changed units in the same transaction
        (`tmkit.memindex.update`); without, they catch up on the next lookup or `tm reindex`."""
        if on_duplicate not in DUPLICATE_POLICIES:
            raise UsageError(f"--on-duplicate must be one of {', '.join(DUPLICATE_POLICIES)}, not {on_duplicate!r}")
        report = ImportReport(on_duplicate, strict)
        self.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        with _collector_paused(), _plain_binding():
            self._import_all(paths, report, bare_zh, repair_mojibake, origin, progress, index)
        return report

    def _import_all(
        self,
        paths: Sequence[str | os.PathLike[str]],
        report: ImportReport,
        bare_zh: str,
        repair_mojibake: bool,
        origin: str | None,
        progress: ProgressCallback | None,
        index: bool = True,
    ) -> None:
        strict = report.strict
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise _store_error(self.path, e) from None
        try:
            last_batch = self.conn.execute("SELECT coalesce(max(id), 0) FROM batches").fetchone()[0]
            deferred = self._defer_indexes(report.policy)
            for path in paths:
                spath = os.fspath(path)
                file_report = FileReport(spath, origin or os.path.basename(spath))
                report.files.append(file_report)
                self._import_file(file_report, report, bare_zh, repair_mojibake, progress)
            if strict and report.total("failed"):
                report.rolled_back = True
                self.conn.execute("ROLLBACK")
            else:
                for sql in deferred:
                    self.conn.execute(sql)
                if index:
                    from tmkit import memindex  # numpy and the index code only when importing

                    memindex.update(self.conn, last_batch)
                self.conn.execute("COMMIT")
        except sqlite3.Error as e:
            self.conn.execute("ROLLBACK")
            raise _store_error(self.path, e) from None
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _defer_indexes(self, policy: str) -> list[str]:
        """Into an empty memory with the keep policy, nothing reads the units' secondary indexes
        during the import: drop them now and build them once at the end (inside the same
        transaction, so a rollback restores them). Returns the statements that rebuild them."""
        if policy != "keep" or self.conn.execute("SELECT 1 FROM units LIMIT 1").fetchone() is not None:
            return []
        rows = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'units' AND name IN (?, ?)",
            _DEFERRED_INDEXES,
        ).fetchall()
        for name, _sql in rows:
            self.conn.execute(f"DROP INDEX {name}")
        return [sql for _name, sql in rows]

    def _import_file(
        self,
        fr: FileReport,
        report: ImportReport,
        bare_zh: str,
        repair_mojibake: bool,
        progress: ProgressCallback | None,
    ) -> None:
        cur = self.conn.execute(
            "INSERT INTO batches(origin, path, format, policy, started_at, tmkit_version) VALUES (?, ?, 'tmx', ?, ?, ?)",
            (fr.origin, os.path.abspath(fr.path), report.policy, _now(), __version__),
        )
        fr.batch_id = cur.lastrowid
        next_id = (self.conn.execute("SELECT coalesce(max(id), 0) FROM units").fetchone()[0]) + 1
        append = report.policy == "keep"
        batch = _APPEND_BATCH if append else _CHECKED_BATCH
        plan = Plan(fr.path, bare_zh, repair_mojibake, batch=batch, progress=progress is not None)
        if append:  # the reader numbers the rows and lays them out flat (see tmkit.store.feed)
            plan = replace(plan, first_id=next_id, origin=fr.origin, batch_id=fr.batch_id or 0)
        keys = KeyMaker()
        header: dict[str, Any] = {}
        file_issues: list[IssueFields] = []
        with closing(feed(plan, progress)) as messages:
            for msg in messages:
                if msg[0] == "end":
                    header, file_issues = msg[1], msg[2]
                elif msg[0] == "flat":
                    next_id = self._append_flat(msg, fr, report, next_id, keys)
                elif append:
                    next_id = self._append_chunk(msg[1], fr, report, next_id, keys)
                else:
                    next_id = self._import_chunk(msg[1], fr, report, next_id, keys)
        self._record_issues(fr, report, file_issues)
        header["notes"] = json.loads(header["notes"] or "[]")
        header["props"] = json.loads(header["props"] or "[]")
        self.conn.execute(
            "UPDATE batches SET finished_at=?, header=?, created=?, updated=?, unchanged=?, skipped=?, failed=? WHERE id=?",
            (
                _now(),
                json.dumps(header, ensure_ascii=False),
                fr.created,
                fr.updated,
                fr.unchanged,
                fr.skipped,
                fr.failed,
                fr.batch_id,
            ),
        )

    def _append_chunk(
        self,
        chunk: list[tuple[list[IssueFields], Prepared | None]],
        fr: FileReport,
        report: ImportReport,
        next_id: int,
        keys: KeyMaker,
    ) -> int:
        """The keep policy: every valid unit is new. Numbered from `next_id`, inserted with
        multi-row INSERTs (much less work per row than executemany)."""
        fr.units_read += len(chunk)
        issues: list[IssueFields] = []
        tail = (fr.origin, fr.batch_id)
        uflat: list[Any] = []
        vflat: list[Any] = []
        uid = next_id
        for unit_issues, p in chunk:
            if unit_issues:
                issues += unit_issues
            if p is None:
                fr.failed += 1
                continue
            fields, variants = p[0], p[1]
            uflat.append(uid)
            uflat += fields
            uflat += tail
            uflat += keys(fields, variants) if len(p) == 2 else p[2:]
            for v in variants:
                vflat.append(uid)
                vflat += v
            uid += 1
        if issues:
            self._record_issues(fr, report, issues)
        fr.created += uid - next_id
        self._insert_rows(_INSERT_UNIT, 14, _UNIT_ROWS, uflat)
        self._insert_rows(_INSERT_VARIANT, 9, _VARIANT_ROWS, vflat)
        return uid

    def _append_flat(self, msg: Message, fr: FileReport, report: ImportReport, next_id: int, keys: KeyMaker) -> int:
        """The keep policy with rows the reader laid out (a "flat" message of tmkit.store.feed):
        fill in the missing hashes and insert, with multi-row INSERTs."""
        _kind, uflat, vflat, issues, read, failed, _done = msg
        fr.units_read += read
        fr.failed += failed
        if issues:
            self._record_issues(fr, report, issues)
        if not uflat:
            return next_id
        if uflat[-1] is None:  # the reader hashes a first part of the batch, or nothing
            fill_keys(uflat, vflat, keys)
        fr.created += len(uflat) // 14
        self._insert_rows(_INSERT_UNIT, 14, _UNIT_ROWS, uflat)
        self._insert_rows(_INSERT_VARIANT, 9, _VARIANT_ROWS, vflat)
        return int(uflat[-14]) + 1

    def _insert_rows(self, insert: str, columns: int, per_statement: int, flat: list[Any]) -> None:
        """Insert the rows whose values `flat` holds one after the other, `per_statement` rows per
        INSERT statement."""
        step = columns * per_statement
        execute = self.conn.execute
        for start in range(0, len(flat), step):
            params = flat[start : start + step]
            execute(_multi_row(insert, len(params) // columns), params)

    def _import_chunk(
        self,
        chunk: list[tuple[list[IssueFields], Prepared | None]],
        fr: FileReport,
        report: ImportReport,
        next_id: int,
        keys: KeyMaker,
    ) -> int:
        fr.units_read += len(chunk)
        policy = report.policy
        good: list[Keyed] = []
        for issues, p in chunk:
            if issues:
                self._record_issues(fr, report, issues)
            if p is None:
                fr.failed += 1
            else:
                good.append((*p, *keys(*p)) if len(p) == 2 else p)  # type: ignore[arg-type]
        existing: dict[bytes, tuple[int, bytes]] = {}
        if policy != "keep" and good:
            existing = self._lookup(list({p[2] for p in good}))
        origin, batch_id = fr.origin, fr.batch_id
        new_units: list[tuple[Any, ...]] = []
        new_variants: list[tuple[Any, ...]] = []
        changed: dict[int, Keyed] = {}
        for p in good:
            fields, variants, key, chash = p
            found = existing.get(key)
            if found is None or policy == "keep":
                new_units.append((next_id, *fields, origin, batch_id, key, chash))
                new_variants.extend((next_id, *v) for v in variants)
                if policy != "keep":
                    existing[key] = (next_id, chash)
                next_id += 1
                fr.created += 1
            elif policy == "skip":
                fr.skipped += 1
            elif found[1] == chash:
                fr.unchanged += 1
            else:
                changed[found[0]] = p
                existing[key] = (found[0], chash)
                fr.updated += 1
        self.conn.executemany(_INSERT_UNIT, new_units)
        self.conn.executemany(_INSERT_VARIANT, new_variants)
        if changed:
            self._apply_updates(changed, origin, batch_id)
        return next_id

    def _apply_updates(self, changed: dict[int, Keyed], origin: str, batch_id: int | None) -> None:
        ids = [(uid,) for uid in changed]
        self.conn.executemany("DELETE FROM variants WHERE unit_id = ?", ids)
        self.conn.executemany(
            "UPDATE units SET tuid=?, srclang=?, creation_date=?, creation_id=?, change_date=?, change_id=?, "
            "attrs=?, notes=?, props=?, origin=?, batch_id=?, dup_key=?, content_hash=? WHERE id=?",
            [(*fields, origin, batch_id, key, chash, uid) for uid, (fields, _v, key, chash) in changed.items()],
        )
        self.conn.executemany(
            _INSERT_VARIANT,
            [(uid, *v) for uid, p in changed.items() for v in p[1]],
        )

    def _lookup(self, keys: list[bytes]) -> dict[bytes, tuple[int, bytes]]:
        found: dict[bytes, tuple[int, bytes]] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self.conn.execute(
                f"SELECT dup_key, min(id), content_hash FROM units WHERE dup_key IN ({marks}) GROUP BY dup_key",
                part,
            )
            for key, uid, chash in rows:
                found[key] = (uid, chash)
        return found

    def _record_issues(self, fr: FileReport, report: ImportReport, issues: Iterable[IssueFields]) -> None:
        rows = []
        for severity, code, message, line, tuid in issues:
            if code == "mojibake-repaired":
                fr.repaired += 1
            elif severity == "warning":
                fr.warnings += 1
            rows.append((fr.batch_id, line, tuid, severity, code, message))
            report.issues_total += 1
            if len(report.issues) < _ISSUES_KEPT:
                report.issues.append(
                    {
                        "file": fr.path,
                        "line": line,
                        "tuid": tuid,
                        "severity": severity,
                        "code": code,
                        "message": message,
                    }
                )
        if rows:
            self.conn.executemany(
                "INSERT INTO import_issues(batch_id, line, tuid, severity, code, message) VALUES (?,?,?,?,?,?)", rows
            )

    # -- reading ---------------------------------------------------------------------------------

    def iter_units(
        self,
        *,
        langs: Sequence[str] | None = None,
        origins: Sequence[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        require_all_langs: bool = True,
    ) -> Iterator[TranslationUnit]:
        """Stream units in id order. With `langs`, only units that have all those languages (a
        language matches its regional variants); with two or more, only those variants are kept
        (a language pair), with one, every variant of the unit.
        """
        for rows in self._unit_rows(langs, origins, since, until, require_all_langs):
            yield _unit_from_rows(rows)

    def _unit_rows(
        self,
        langs: Sequence[str] | None,
        origins: Sequence[str] | None,
        since: str | None,
        until: str | None,
        require_all_langs: bool,
        id_range: tuple[int | None, int | None] = (None, None),
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The stored rows of each unit, in id order: one joined row per variant (`_UNIT_SQL`)."""
        where, params = _unit_filter(langs, origins, since, until, require_all_langs)
        if id_range[0] is not None:
            where += " AND u.id >= ?"
            params.append(id_range[0])
        if id_range[1] is not None:
            where += " AND u.id < ?"
            params.append(id_range[1])
        vwhere = ""
        vparams: list[Any] = []
        if langs and len(langs) > 1:
            vwhere = " AND (" + " OR ".join(_lang_clause("v.lang") for _ in langs) + ")"
            for lang in langs:
                vparams.extend(_lang_params(lang))
        sql = f"{_UNIT_SQL} WHERE {where}{vwhere} ORDER BY u.id, v.pos"
        for _id, rows in groupby(self.conn.execute(sql, [*params, *vparams]), _first):
            yield list(rows)

    def count_units(self, **filters: Any) -> int:
        where, params = _unit_filter(
            filters.get("langs"), filters.get("origins"), filters.get("since"), filters.get("until"), True
        )
        return self.conn.execute(f"SELECT count(*) FROM units u WHERE {where}", params).fetchone()[0]

    def udes(self, origins: Sequence[str] | None = None) -> list[str]:
        """The <ude> definitions of the imported files' headers, without repeats."""
        seen: dict[str, None] = {}
        sql = "SELECT header FROM batches WHERE header IS NOT NULL"
        params: list[Any] = []
        if origins:
            sql += " AND origin IN (" + ",".join("?" * len(origins)) + ")"
            params.extend(origins)
        for (raw,) in self.conn.execute(sql + " ORDER BY id", params):
            for ude in json.loads(raw).get("udes", []):
                seen.setdefault(ude, None)
        return list(seen)

    def main_srclang(self) -> str | None:
        row = self.conn.execute(
            "SELECT srclang FROM units WHERE srclang IS NOT NULL GROUP BY srclang ORDER BY count(*) DESC, srclang LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    # -- export ----------------------------------------------------------------------------------

    def export_tmx(
        self,
        out: str | os.PathLike[str],
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
        origins: Sequence[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        lang_style: str = "zh-CN",
        timestamps: bool = True,
        progress: ProgressCallback | None = None,
    ) -> ExportReport:
        """Write the memory (or the filtered part) as TMX 1.4b; see `tmkit tm export --help`."""
        langs = [lang for lang in (source_lang, target_lang) if lang]
        langs = [_normalize_filter_lang(lang) for lang in langs]
        srclang = langs[0] if source_lang else self.main_srclang()
        filters = {
            "langs": langs or None,
            "origins": origins,
            "since": tmx_date(since),
            "until": tmx_date(until, end_of_day=True),
        }
        report = ExportReport(os.fspath(out), srclang=srclang)
        try:
            stats = self._export_split(out, srclang, lang_style, timestamps, filters, progress)
            if stats is None:
                stats = self._export_one(out, srclang, lang_style, timestamps, filters, progress)
        except sqlite3.Error as e:
            raise _store_error(self.path, e) from None
        report.units = stats.units
        report.variants = stats.variants
        report.illegal_chars = stats.illegal_chars
        report.dropped_attrs = stats.dropped_attrs
        return report

    def _export_one(
        self,
        out: str | os.PathLike[str],
        srclang: str | None,
        lang_style: str,
        timestamps: bool,
        filters: dict[str, Any],
        progress: ProgressCallback | None,
    ) -> WriteStats:
        total = self.count_units(**filters)
        with self._writer(out, srclang, lang_style, timestamps, filters) as writer:
            self.write_units(writer, filters, None, None, progress, total)
        if progress is not None:
            progress(total, total)
        return writer.stats

    def _writer(
        self,
        out: str | os.PathLike[str],
        srclang: str | None,
        lang_style: str,
        timestamps: bool,
        filters: dict[str, Any],
    ) -> TmxWriter:
        return TmxWriter(
            out,
            srclang=srclang,
            lang_style=lang_style,
            creationdate=_now() if timestamps else None,
            udes=self.udes(filters["origins"]),
        )

    def _export_split(
        self,
        out: str | os.PathLike[str],
        srclang: str | None,
        lang_style: str,
        timestamps: bool,
        filters: dict[str, Any],
        progress: ProgressCallback | None,
    ) -> WriteStats | None:
        """Export a large memory with two processes: a helper writes the second half of the
        units (by id) to a part file while this process writes the first half; the part is then
        appended. The bytes are those of a one-process export. Both halves must come from the
        same state of the memory: if another connection commits meanwhile, the export is
        dropped and None returned (the caller then exports in one process). Also None when the
        split does not pay off or cannot run."""
        setting = worker_setting("TMKIT_EXPORT_WORKER")
        if setting is False or (setting is None and (os.cpu_count() or 1) < 2):
            return None
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        self.conn.execute("BEGIN")  # one snapshot for this half, the count and the split point
        try:
            total = self.count_units(**filters)
            if total < (1 if setting else EXPORT_SPLIT_MIN_UNITS):
                return None
            where, params = _unit_filter(filters["langs"], filters["origins"], filters["since"], filters["until"], True)
            (middle,) = self.conn.execute(
                f"SELECT u.id FROM units u WHERE {where} ORDER BY u.id LIMIT 1 OFFSET ?", [*params, total // 2]
            ).fetchone()
            directory = os.path.dirname(os.path.abspath(os.fspath(out)))
            os.makedirs(directory, exist_ok=True)
            fd, part = tempfile.mkstemp(prefix=".tmkit-", suffix=".part", dir=directory)
            os.close(fd)
            job = (self.path, filters, middle, srclang, lang_style, part)
            proc = start_module("tmkit.store._export_worker", job)
            if proc is None:
                os.unlink(part)
                return None
            try:
                with self._writer(out, srclang, lang_style, timestamps, filters) as writer:
                    half = self.write_units(writer, filters, None, middle, progress, total, scale=2)
                    assert proc.stdout is not None
                    answer = proc.stdout.read()
                    proc.wait()
                    if not answer:  # it did not even start (sys.executable is not a Python?)
                        writer.abort()
                        return None
                    result = marshal.loads(answer)
                    if result[0] != "ok":
                        raise TmkitError(
                            f"the export's helper process failed: {result[1]}",
                            hint="set TMKIT_EXPORT_WORKER=0 to export in one process",
                        )
                    writer.append_fragment(part, WriteStats(*result[1]))
                    self.conn.execute("COMMIT")
                    if self.conn.execute("PRAGMA data_version").fetchone()[0] != version:
                        writer.abort()  # the memory changed between the two halves
                        return None
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                if os.path.exists(part):
                    os.unlink(part)
            if progress is not None:
                progress(total, total)
            assert half <= total
            return writer.stats
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def write_units(
        self,
        writer: TmxWriter,
        filters: dict[str, Any],
        first_id: int | None,
        stop_id: int | None,
        progress: ProgressCallback | None = None,
        total: int = 0,
        scale: int = 1,
    ) -> int:
        """Write the units matching `filters` with first_id <= id < stop_id (None: no bound).
        `progress(n * scale, total)` every 1000 units. Returns how many were written."""
        rows_of = self._unit_rows(
            filters["langs"], filters["origins"], filters["since"], filters["until"], True, (first_id, stop_id)
        )
        write_simple = writer.write_simple_unit
        n = 0
        for n, rows in enumerate(rows_of, 1):
            first = rows[0]
            # the common unit (no attributes beyond the promoted ones, no notes or props on its
            # variants) goes straight from the rows to XML; the others through the model
            if first[7] is None and all(r[14] is None and r[15] is None and r[16] is None for r in rows):
                write_simple(
                    first[1],
                    first[2],
                    first[3:7],
                    load_notes(first[8]) if first[8] else None,
                    load_props(first[9]) if first[9] else None,
                    [r[10:14] for r in rows],
                )
            else:
                writer.write_unit(_unit_from_rows(rows))
            if progress is not None and n % 1000 == 0:
                progress(min(n * scale, total), total)
        return n

    # -- statistics ------------------------------------------------------------------------------

    def stats(self) -> MemoryStats:
        q = self.conn.execute
        languages = dict(q("SELECT lang, count(*) FROM variants GROUP BY lang ORDER BY count(*) DESC, lang").fetchall())
        pairs = [
            {"source": src, "target": tgt, "units": n}
            for src, tgt, n in q(
                "SELECT coalesce(u.srclang, '?'), v.lang, count(*) FROM units u JOIN variants v ON v.unit_id = u.id "
                "WHERE u.srclang IS NULL OR NOT (v.lang = u.srclang OR v.lang LIKE u.srclang || '-%' "
                "OR u.srclang LIKE v.lang || '-%') GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
            )
        ]
        origins = [
            {"origin": o, "units": n, "last_import": last}
            for o, n, last in q(
                "SELECT u.origin, count(*), max(b.finished_at) FROM units u JOIN batches b ON b.id = u.batch_id "
                "GROUP BY u.origin ORDER BY u.origin"
            )
        ]
        return MemoryStats(
            path=self.path,
            schema_version=self.schema_version(),
            size_bytes=_db_size(self.path),
            units=q("SELECT count(*) FROM units").fetchone()[0],
            variants=q("SELECT count(*) FROM variants").fetchone()[0],
            languages=languages,
            pairs=pairs,
            origins=origins,
            batches=q("SELECT count(*) FROM batches").fetchone()[0],
        )


_first = itemgetter(0)
_UNIT_SQL = (
    "SELECT u.id, u.tuid, u.srclang, u.creation_date, u.creation_id, u.change_date, u.change_id, "
    "u.attrs, u.notes, u.props, v.lang, v.lang_orig, v.text, v.markup, v.attrs, v.notes, v.props "
    "FROM units u JOIN variants v ON v.unit_id = u.id"
)


def _unit_from_rows(rows: list[tuple[Any, ...]]) -> TranslationUnit:
    first = rows[0]
    attrs = {}
    for name, value in zip(_PROMOTED, first[3:7], strict=True):
        if value is not None:
            attrs[name] = value
    if first[7]:
        attrs.update(load_attrs(first[7]))
    unit = TranslationUnit(
        [],
        first[1],
        first[2],
        attrs,
        load_notes(first[8]) if first[8] else [],
        load_props(first[9]) if first[9] else [],
    )
    for row in rows:
        unit.variants.append(
            Variant(
                row[10],
                row[12],
                row[13],
                row[11],
                load_attrs(row[14]) if row[14] else {},
                load_notes(row[15]) if row[15] else [],
                load_props(row[16]) if row[16] else [],
            )
        )
    return unit


def _lang_clause(column: str) -> str:
    return f"({column} = ? OR {column} LIKE ?)"


def _lang_params(lang: str) -> list[str]:
    return [lang, lang + "-%"]


def _normalize_filter_lang(lang: str) -> str:
    # A filter `zh` means every Chinese variant; other tags are normalised like imports.
    if lang.strip().lower() == "zh":
        return "zh"
    norm = normalize_lang(lang)
    if norm is None:
        raise UsageError(f"{lang!r} is not a language tag")
    return norm


def _unit_filter(
    langs: Sequence[str] | None,
    origins: Sequence[str] | None,
    since: str | None,
    until: str | None,
    require_all_langs: bool,
) -> tuple[str, list[Any]]:
    clauses = ["1"]
    params: list[Any] = []
    if langs and require_all_langs:
        for lang in langs:
            clauses.append(f"EXISTS (SELECT 1 FROM variants x WHERE x.unit_id = u.id AND {_lang_clause('x.lang')})")
            params.extend(_lang_params(lang))
    if origins:
        clauses.append("u.origin IN (" + ",".join("?" * len(origins)) + ")")
        params.extend(origins)
    if since:
        clauses.append("coalesce(u.change_date, u.creation_date) >= ?")
        params.append(since)
    if until:
        clauses.append("coalesce(u.change_date, u.creation_date) <= ?")
        params.append(until)
    return " AND ".join(clauses), params


def _db_size(path: str) -> int:
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


def tmx_date(value: str | None, *, end_of_day: bool = False) -> str | None:
    """Accept 2021-05-21, 20210521, 2021-05-21T08:00:00Z or a TMX date; return a TMX date.

    A bare day means its first second, or with `end_of_day` its last one (for `--until`).
    """
    if value is None:
        return None
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) not in (8, 12, 14):
        raise UsageError(f"{value!r} is not a date; use YYYY-MM-DD or YYYYMMDDThhmmssZ")
    if len(digits) == 8 and end_of_day:
        digits += "235959"
    digits = digits.ljust(14, "0")
    try:
        dt.datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        raise UsageError(f"{value!r} is not a valid date") from None
    return f"{digits[:8]}T{digits[8:]}Z"
