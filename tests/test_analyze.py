"""tmkit analyze: bands, repetitions, counting, table/CSV/JSON, on the project's real releases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT, tmx, tu
from typer.testing import CliRunner

from tmkit.analyze import BANDS, analyze_files, band_of, render_csv, render_table
from tmkit.cli.app import app
from tmkit.errors import UsageError
from tmkit.store.memory import Memory
from tmkit.tm import tm_import

RELEASE = ROOT / "memories" / "releases" / "2021-12-07-bjast-guan-county"
runner = CliRunner()

# Three of the release's sentences edited in the memory, to make fuzzy matches. In the English
# file "Gu'an is located ..." and "It has unique advantages ..." are two sentences that the memory
# holds as one unit (a 2-1 alignment): the first scores 58.26 against it, the second none. A
# segment whose neighbour was edited is a 100, not a 101 (its context no longer matches).
EDITS = [
    # 1 word of 15 replaced: 93.33
    ("introduced the basic situation of the current", "introduced the general situation of the current"),
    # one punctuation mark: 99
    (
        "the key development direction of the Beijing Academy of Sciences in the future.</seg>",
        "the key development direction of the Beijing Academy of Sciences in the future!</seg>",
    ),
    # the Chinese title without 召开 (2 of 22 characters): 90.91
    ("北京市科学技术研究院与固安县召开科技合作会议", "北京市科学技术研究院与固安县科技合作会议"),
]


@pytest.fixture(scope="module")
def releases_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("analyze")
    text = (ROOT / "memories" / "releases.tmx").read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1
        text = text.replace(old, new)
    src = tmp / "releases-edited.tmx"
    src.write_text(text, encoding="utf-8")
    db = tmp / "releases.db"
    tm_import(db, [src])
    return db


def _analyze(db: Path, paths, **kw):
    with Memory.open(db, create=False) as memory:
        return analyze_files(memory.conn, paths, **kw)


def _bands(counts) -> dict[str, tuple[int, int, int]]:
    return {b: (c.segments, c.words, c.characters) for b, c in counts.items() if c.segments}


def test_band_of():
    assert [band_of(v) for v in (None, 49.99, 50, 74.99, 75, 84.99, 85, 94.99, 95, 99.99, 100, 101)] == [
        "none", "none", "50-74", "50-74", "75-84", "75-84", "85-94", "85-94", "95-99", "95-99", "100", "101",
    ]  # fmt: skip


def test_release_en_and_zh(releases_db):
    en, zh = Path(f"{RELEASE}.en.txt"), Path(f"{RELEASE}.zh.txt")
    analysis = _analyze(releases_db, [en, zh])
    fen, fzh = analysis.files
    assert (fen.kind, fen.source_lang, fen.target_lang) == ("text", "en", "zh-CN")
    assert (fzh.source_lang, fzh.target_lang) == ("zh-CN", "en")
    assert _bands(fen.bands) == {
        "101": (2, 140, 807),
        "100": (4, 108, 649),
        "95-99": (1, 25, 113),
        "85-94": (1, 15, 80),
        "50-74": (1, 16, 74),
        "none": (1, 11, 84),
    }
    # Chinese: every Han character is a word (and 11, 23 of 11月23日 a word each)
    assert _bands(fzh.bands) == {"101": (7, 292, 314), "100": (1, 117, 129), "85-94": (1, 22, 22)}
    assert (fen.total.segments, fen.total.words, fen.total.characters) == (10, 315, 1807)
    assert (fzh.total.segments, fzh.total.words, fzh.total.characters) == (9, 431, 465)
    total = analysis.total
    assert (total.segments, total.words, total.characters) == (19, 746, 2272)


def _synthetic_db(tmp_path: Path) -> Path:
    src = tmp_path / "m.tmx"
    src.write_text(tmx(tu("The two sides signed the agreement.", "双方签署了协议。")), encoding="utf-8")
    db = tmp_path / "m.db"
    tm_import(db, [src])
    return db


def test_repetitions_after_exact_matches(tmp_path):
    db = _synthetic_db(tmp_path)
    a = tmp_path / "a.txt"
    a.write_text(
        "The two sides signed the agreement.\nNothing in the memory here.\n"
        "The two sides signed the agreement.\nNothing in the memory here.\nThe two sides signed an agreement.\n",
        encoding="utf-8",
    )
    b = tmp_path / "b.txt"
    b.write_text("Nothing  in the memory here.\n", encoding="utf-8")  # white space differs: still a repeat
    analysis = _analyze(db, [a, b])
    fa, fb = analysis.files
    # the repeated exact match stays at 100 (memoQ counts repetitions after 101/100)
    assert _bands(fa.bands) == {"100": (2, 12, 60), "none": (1, 5, 23), "repetitions": (1, 5, 23), "75-84": (1, 6, 29)}
    assert _bands(fb.bands) == {"repetitions": (1, 5, 23)}
    assert _bands(analysis.bands)["repetitions"] == (2, 10, 46)


def test_csv_json_and_table_shapes(tmp_path):
    db = _synthetic_db(tmp_path)
    a = tmp_path / "a.txt"
    a.write_text("The two sides signed the agreement.\n双方签署了协议。\n", encoding="utf-8")
    analysis = _analyze(db, [a], source_lang="en")
    rows = list(csv.reader(io.StringIO(render_csv(analysis))))
    assert rows[0] == ["file", "band", "segments", "words", "characters"]
    assert len(rows) == 1 + 2 * (len(BANDS) + 1)
    assert rows[1:3] == [[str(a), "101", "0", "0", "0"], [str(a), "100", "1", "6", "30"]]
    assert rows[len(BANDS) + 1] == [str(a), "total", "2", "13", "38"]
    assert rows[-1] == ["TOTAL", "total", "2", "13", "38"]
    data = analysis.to_dict()
    assert data["bands_order"] == list(BANDS)
    assert data["files"][0]["bands"]["none"] == {"segments": 1, "words": 7, "characters": 8}
    assert data["total"]["total"] == {"segments": 2, "words": 13, "characters": 38}
    table = render_table(analysis)
    assert table[0] == f"{a} (text, en -> zh-CN)"
    assert table[-1].split() == ["Total", "2", "13", "38", "100.0%"]


def test_cli(tmp_path):
    db = _synthetic_db(tmp_path)
    a = tmp_path / "a.txt"
    a.write_text("The two sides signed the agreement.\nSomething else entirely.\n", encoding="utf-8")
    res = runner.invoke(app, ["--db", str(db), "analyze", str(a), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["files"][0]["bands"]["100"] == {"segments": 1, "words": 6, "characters": 30}
    res = runner.invoke(app, ["--db", str(db), "analyze", str(a), "-f", "csv"])
    assert res.exit_code == 0 and res.output.splitlines()[0] == "file,band,segments,words,characters"
    res = runner.invoke(app, ["--db", str(db), "analyze", str(a)])
    assert res.exit_code == 0 and "No match" in res.output
    res = runner.invoke(app, ["--db", str(db), "analyze", str(a), "-f", "xml"])
    assert res.exit_code == 2 and "unknown --format" in res.output
    res = runner.invoke(app, ["--db", str(tmp_path / "none.db"), "analyze", str(a)])
    assert res.exit_code == 4


def test_no_files(tmp_path):
    db = _synthetic_db(tmp_path)
    with pytest.raises(UsageError):
        _analyze(db, [])
