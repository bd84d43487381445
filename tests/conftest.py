"""Shared test helpers: where the real-world fixtures live, and small builders."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = SHARED / "fixtures"
TMX_DIR = FIXTURES / "tmx"
DTD = SHARED / "schemas" / "tmx14.dtd"
SAMPLE = ROOT / "memories" / "sample" / "cas-releases-sample.tmx"
OMEGAT_CHECK = SHARED / "tools" / "omegat" / "check_tmx.sh"

needs_shared = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason="../shared/fixtures is absent (it exists in the project's CI and dev machines)"
)
needs_dtd = pytest.mark.skipif(not DTD.is_file(), reason="../shared/schemas/tmx14.dtd is absent")
needs_omegat = pytest.mark.skipif(
    not (OMEGAT_CHECK.is_file() and shutil.which("java") and Path("/usr/share/omegat/OmegaT.jar").is_file()),
    reason="OmegaT is not installed (apt-get install omegat) or ../shared/tools is absent",
)


def fixture(name: str) -> Path:
    return TMX_DIR / name


def tmx(
    body: str, *, header: str | None = None, version: str = "1.4", decl: str = '<?xml version="1.0" encoding="UTF-8"?>'
) -> str:
    """A TMX document around `body` (the <tu> elements)."""
    if header is None:
        header = (
            '<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" '
            'adminlang="en" srclang="en-US" datatype="plaintext"/>'
        )
    return f'{decl}\n<tmx version="{version}">\n{header}\n<body>\n{body}\n</body>\n</tmx>\n'


def tu(en: str, zh: str, tuid: str | None = None, extra: str = "") -> str:
    tid = f' tuid="{tuid}"' if tuid else ""
    return (
        f'<tu{tid}{extra}><tuv xml:lang="en-US"><seg>{en}</seg></tuv><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv></tu>'
    )


@pytest.fixture
def write(tmp_path: Path):
    """write("name.tmx", text_or_bytes) -> path"""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        p = tmp_path / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return p

    return _write


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tm.db"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def dump_memory(db):
    """Every row and setting of a memory that an import decides (timestamps left out), to compare
    two memories made different ways."""
    conn = sqlite3.connect(db)
    try:
        return {
            "units": conn.execute("SELECT * FROM units ORDER BY id").fetchall(),
            "variants": conn.execute("SELECT * FROM variants ORDER BY id").fetchall(),
            "issues": conn.execute("SELECT * FROM import_issues ORDER BY id").fetchall(),
            # every column but the two timestamps
            "batches": conn.execute(
                "SELECT id, origin, path, format, policy, header, created, updated, unchanged, skipped, failed, "
                "tmkit_version FROM batches ORDER BY id"
            ).fetchall(),
            "meta": conn.execute("SELECT * FROM meta ORDER BY key").fetchall(),
            "schema": conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall(),
            "journal": conn.execute("PRAGMA journal_mode").fetchone(),
            "page_size": conn.execute("PRAGMA page_size").fetchone(),
        }
    finally:
        conn.close()


def pair_doc(src: str, tgt: str, src_lang: str = "en", tgt_lang: str = "zh-CN"):
    """A one-segment bilingual QA document (as a TMX unit whose source starts on line 3)."""
    from tmkit.qa.document import Document, Segment, Text

    doc = Document("draft.tmx", "tmx", source_lang=src_lang, target_lang=tgt_lang)
    doc.segments.append(
        Segment(
            "1",
            Text(src, src_lang, "draft.tmx", 3, 1, "1", "source"),
            Text(tgt, tgt_lang, "draft.tmx", 4, 1, "1", "target"),
        )
    )
    return doc
