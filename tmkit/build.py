"""`tmkit build`: rebuild the releases memory from `memories/releases/`.

For every release (`<id>.en.txt`, `<id>.zh.txt`, `<id>.meta.toml`), in id order: segment both
texts, align them (paragraphs first, then sentences, with the project glossary as evidence), and
turn each bead with both sides into a TMX unit (tuid `<id>:<n>`). All units go to one TMX file,
written deterministically (no timestamps: the same releases give the same bytes, so the file can
live in git), and the memory is rebuilt from that file: a new SQLite file is filled and then
moved over the old one, so a failed build leaves the previous memory as it was.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tmkit.align.aligner import Alignment, align_files
from tmkit.align.output import TmxUnits, alignment_units
from tmkit.errors import InputError
from tmkit.formats.tmx.writer import TmxWriter
from tmkit.model.unit import Prop
from tmkit.terms import TermMatcher

__all__ = ["Release", "BuildReport", "find_releases", "build_releases", "PROP_RELEASE"]

PROP_RELEASE = "x-tmkit-release"
META_REQUIRED = ("id", "title_en", "title_zh", "date", "publisher_en", "publisher_zh")


@dataclass(frozen=True)
class Release:
    id: str
    en: str
    zh: str
    meta: dict[str, object]

    @property
    def unverified_names(self) -> dict[str, str]:
        """Chinese name -> the note a unit containing it carries."""
        out = {}
        for entry in self.meta.get("unverified_zh_names", []) or []:
            text = str(entry)
            chinese = text.split(" ", 1)[0]
            out[chinese] = f"The Chinese characters of {text} are unverified."
        return out


@dataclass
class ReleaseResult:
    release: Release
    alignment: Alignment
    units: TmxUnits

    @property
    def kinds(self) -> dict[str, int]:
        """Beads per kind ("1-1", "1-2", ...), English first."""
        counts: dict[str, int] = {}
        for b in self.alignment.beads:
            counts[b.kind] = counts.get(b.kind, 0) + 1
        return dict(sorted(counts.items()))


@dataclass
class BuildReport:
    tmx: str
    db: str | None
    releases: list[ReleaseResult] = field(default_factory=list)
    imported: int = 0

    @property
    def units(self) -> int:
        return sum(r.units.written for r in self.releases)

    @property
    def weak(self) -> int:
        return sum(r.units.weak for r in self.releases)

    def to_dict(self) -> dict[str, object]:
        return {
            "tmx": self.tmx,
            "db": self.db,
            "units": self.units,
            "weak": self.weak,
            "imported": self.imported,
            "releases": [
                {
                    "id": r.release.id,
                    "en_sentences": len(r.alignment.a),
                    "zh_sentences": len(r.alignment.b),
                    "paragraphs": r.alignment.a_paragraphs,
                    "units": r.units.written,
                    "weak": r.units.weak,
                    "left_out": r.units.left_out,
                    "kinds": r.kinds,
                }
                for r in self.releases
            ],
        }


def find_releases(directory: str | os.PathLike[str]) -> list[Release]:
    """The releases in `directory`, in id order. Each needs its .en.txt, .zh.txt and .meta.toml."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError("no such releases folder", path=str(root), hint="run tmkit build from the project root")
    releases = []
    for en in sorted(root.glob("*.en.txt")):
        rid = en.name[: -len(".en.txt")]
        zh = root / f"{rid}.zh.txt"
        meta_path = root / f"{rid}.meta.toml"
        for needed in (zh, meta_path):
            if not needed.exists():
                raise InputError(
                    f"release {rid} has no {needed.name}",
                    path=str(needed),
                    hint="each release needs .en.txt, .zh.txt and .meta.toml",
                )
        try:
            meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InputError(f"not valid TOML: {e}", path=str(meta_path)) from None
        missing = [k for k in META_REQUIRED if k not in meta]
        if missing:
            raise InputError(f"missing keys: {', '.join(missing)}", path=str(meta_path), hint="see memories/README.md")
        if meta["id"] != rid:
            raise InputError(f"id {meta['id']!r} does not match the file name {rid!r}", path=str(meta_path))
        releases.append(Release(rid, str(en), str(zh), meta))
    if not releases:
        raise InputError("no releases (*.en.txt) found", path=str(root))
    return releases


def build_releases(
    directory: str | os.PathLike[str],
    tmx: str | os.PathLike[str],
    db: str | os.PathLike[str] | None,
    *,
    matcher: TermMatcher | None = None,
) -> BuildReport:
    """Align every release, write `tmx`, and rebuild the memory `db` from it (None: TMX only)."""
    releases = find_releases(directory)
    report = BuildReport(os.fspath(tmx), os.fspath(db) if db is not None else None)
    for rel in releases:
        al = align_files(rel.en, rel.zh, a_lang="en", b_lang="zh", matcher=matcher)
        report.releases.append(ReleaseResult(rel, al, TmxUnits()))
    with TmxWriter(tmx, srclang="en") as writer:
        for result in report.releases:
            rel = result.release
            for unit in alignment_units(
                result.alignment,
                tuid_prefix=rel.id,
                extra_props=[Prop(PROP_RELEASE, rel.id)],
                notes_for=rel.unverified_names,
                stats=result.units,
            ):
                writer.write_unit(unit)
    if db is not None:
        report.imported = _rebuild_memory(os.fspath(tmx), os.fspath(db))
    return report


def _rebuild_memory(tmx: str, db: str) -> int:
    """Fill a new memory from `tmx` beside `db`, then move it over `db`."""
    from tmkit.tm import tm_import

    directory = os.path.dirname(os.path.abspath(db)) or "."
    os.makedirs(directory, exist_ok=True)
    fresh = os.path.join(directory, f".{os.path.basename(db)}.build")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(fresh + suffix)
    try:
        report = tm_import(fresh, [tmx], on_duplicate="keep", origin=os.path.basename(tmx))
        if not report.ok:
            raise InputError(f"the built TMX did not import cleanly ({report.total('failed')} failed)", path=tmx)
        # fold the WAL into the file before it moves: a lone .db must be the whole memory
        import sqlite3

        conn = sqlite3.connect(fresh)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(db + suffix)
        os.replace(fresh, db)
        return report.total("created")
    finally:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(fresh + suffix)
