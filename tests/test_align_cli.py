"""`tmkit align` through typer's runner (beads, TSV, JSON, TMX, --lines, --into-db, errors and
exit codes) and tools/score_alignment.py as a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import DTD, FIXTURES, ROOT, needs_dtd, needs_shared
from lxml import etree

from tmkit.align.evaluate import merge_by_verse, parse_beads, score_alignment
from tmkit.cli.app import app

RELEASES = ROOT / "memories" / "releases"
GLOSSARY = ROOT / "glossary"
BIBLE = FIXTURES / "align" / "bible"
SCORE_TOOL = ROOT / "tools" / "score_alignment.py"

RID = "2021-12-07-bjast-guan-county"
EN = RELEASES / f"{RID}.en.txt"
ZH = RELEASES / f"{RID}.zh.txt"
BEAD_LINES = "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n[4]:[4]\n[5]:[5]\n[6,7]:[6]\n[8]:[7]\n[9]:[8]\n"
EN_6_7 = (
    "Gu'an is located in the industrial belt around Beijing and close to the south of Beijing. "
    "It has unique advantages to build a Beijing-Tianjin-Hebei collaborative development community."
)
ZH_6 = "固安县地处环京产业带，紧邻北京市南部，在打造京津冀协同发展共同体方面具有独特优势。"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Run in an empty folder: no tmkit.toml, no memory of the repository, no settings from the
    environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TMKIT_DB", raising=False)
    monkeypatch.delenv("TMKIT_GLOSSARY", raising=False)


def run(runner, *args, db=None):
    opts = ["--glossary", str(GLOSSARY)]
    if db is not None:
        opts += ["--db", str(db)]
    return runner.invoke(app, [*opts, *[str(a) for a in args]])


def test_beads_for_a_release(runner):
    r = run(runner, "align", EN, ZH)
    assert r.exit_code == 0, r.output
    assert r.stdout == BEAD_LINES
    assert r.stderr == "tmkit: 9 beads for 10 en and 9 zh sentences; 0 weak (confidence below 0.4) to review\n"


def test_chinese_file_first_lists_chinese_indices_first(runner):
    r = run(runner, "align", ZH, EN)
    assert r.exit_code == 0, r.output
    assert r.stdout == "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n[4]:[4]\n[5]:[5]\n[6]:[6,7]\n[7]:[8]\n[8]:[9]\n"
    assert "9 beads for 9 zh and 10 en sentences" in r.stderr


def test_without_glossary_evidence_the_same_beads(runner):
    r = run(runner, "align", EN, ZH, "--no-glossary-evidence")
    assert r.exit_code == 0 and r.stdout == BEAD_LINES


def test_tsv(runner):
    r = run(runner, "align", EN, ZH, "--format", "tsv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.split("\n")
    assert lines[0] == "a\tb\tkind\tsimilarity\tconfidence\tweak\ta_text\tb_text"
    assert lines[-1] == "" and len(lines) == 1 + 9 + 1
    row = lines[7].split("\t")
    assert len(row) == 8
    assert row[:3] == ["6,7", "6", "2-1"]
    assert re.fullmatch(r"[01]\.\d{3}", row[3]) and re.fullmatch(r"[01]\.\d{3}", row[4])
    assert float(row[4]) >= 0.4
    assert row[5:] == ["", EN_6_7, ZH_6]
    assert lines[1].split("\t")[:3] == ["0", "0", "1-1"]
    assert lines[1].split("\t")[6:] == [
        "BJAST and Gu’an County Hold a Meeting on Scientific and Technological Cooperation",
        "北京市科学技术研究院与固安县召开科技合作会议",
    ]


def test_json(runner):
    r = run(runner, "align", EN, ZH, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["a"] == {"path": str(EN), "lang": "en", "sentences": 10, "paragraphs": 5}
    assert data["b"] == {"path": str(ZH), "lang": "zh", "sentences": 9, "paragraphs": 5}
    assert data["weak"] == 0
    beads = data["beads"]
    assert "".join(f"[{','.join(map(str, b['a']))}]:[{','.join(map(str, b['b']))}]\n" for b in beads) == BEAD_LINES
    assert all(b["a_text"] and b["b_text"] for b in beads)
    assert beads[6]["kind"] == "2-1" and beads[6]["a_text"] == EN_6_7 and beads[6]["b_text"] == ZH_6
    assert set(beads[0]) == {"a", "b", "kind", "similarity", "confidence", "weak", "a_text", "b_text"}
    assert all(b["weak"] is False and 0.4 <= b["confidence"] <= 1.0 for b in beads)


def test_output_file(runner, tmp_path):
    out = tmp_path / "beads.txt"
    r = run(runner, "align", EN, ZH, "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == BEAD_LINES
    assert r.stdout.startswith(f"{out}: 9 beads for 10 en and 9 zh sentences")


def _props(tu, name):
    return [p.text for p in tu.findall("prop") if p.get("type") == name]


@needs_dtd
@pytest.mark.parametrize("chinese_first", [False, True], ids=["en-zh", "zh-en"])
def test_tmx_is_dtd_valid_with_align_props(runner, tmp_path, chinese_first):
    out = tmp_path / "out.tmx"
    files = (ZH, EN) if chinese_first else (EN, ZH)
    r = run(runner, "align", *files, "--format", "tmx", "-o", out, "--tuid-prefix", "bjast")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"{out}: 9 units (0 weak, 0 one-sided beads left out).")
    doc = etree.parse(str(out))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    assert doc.getroot().find("header").get("srclang") == "en"
    tus = doc.getroot().findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == [f"bjast:{n}" for n in range(1, 10)]
    # the bead kind is English first whichever file came first
    assert [_props(tu, "x-tmkit-align-bead") for tu in tus] == [["1-1"]] * 6 + [["2-1"]] + [["1-1"]] * 2
    for tu in tus:
        (confidence,) = _props(tu, "x-tmkit-align-confidence")
        assert re.fullmatch(r"[01]\.\d{3}", confidence) and float(confidence) >= 0.4
        assert _props(tu, "x-tmkit-align-weak") == []
        langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
        assert langs == ["en", "zh-CN"]
    segs = [seg.text for seg in tus[6].iter("seg")]
    assert segs == [EN_6_7, ZH_6]


def test_tmx_without_output_is_a_usage_error(runner, tmp_path):
    r = run(runner, "align", EN, ZH, "--format", "tmx")
    assert r.exit_code == 2
    assert "--format tmx needs --output FILE.tmx" in r.stderr
    assert list(tmp_path.iterdir()) == []


@needs_shared
def test_lines_on_the_bible(runner, tmp_path):
    en = (BIBLE / "en.txt").read_text(encoding="utf-8").splitlines()
    zh = (BIBLE / "zh.txt").read_text(encoding="utf-8").splitlines()
    gold = [g for g in parse_beads((BIBLE / "gold.align").read_text(encoding="utf-8").splitlines()) if g[0][-1] < 50]
    assert gold[-1][0][-1] == 49
    m = gold[-1][1][-1] + 1
    (tmp_path / "en50.txt").write_text("\n".join(en[:50]) + "\n", encoding="utf-8")
    (tmp_path / "zh.txt").write_text("\n".join(zh[:m]) + "\n", encoding="utf-8")
    r = run(runner, "align", "--lines", tmp_path / "en50.txt", tmp_path / "zh.txt")
    assert r.exit_code == 0, r.output
    assert f"for 50 en and {m} zh sentences" in r.stderr
    test = parse_beads(r.stdout.splitlines())
    assert [i for a, _ in test for i in a] == list(range(50))
    assert [j for _, b in test for j in b] == list(range(m))
    assert test[:2] == [((0,), (0,)), ((1,), (1, 2))]  # Gen 1:1 and 1:2, one line each
    en_verse = (BIBLE / "en.verse").read_text(encoding="utf-8").splitlines()[:50]
    zh_verse = (BIBLE / "zh.verse").read_text(encoding="utf-8").splitlines()[:m]
    s = score_alignment(gold, merge_by_verse(test, en_verse, zh_verse))
    assert s.f1_lax >= 0.97, s


@needs_shared
def test_files_without_blank_lines_are_read_one_sentence_per_line(runner, tmp_path):
    """Without --lines or --text, a file with several lines and no blank line is taken as one
    sentence per line (and said so on stderr): the same beads as --lines. --text segments it."""
    en = (BIBLE / "en.txt").read_text(encoding="utf-8").splitlines()[:50]
    zh = (BIBLE / "zh.txt").read_text(encoding="utf-8").splitlines()[:64]
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "zh.txt").write_text("\n".join(zh) + "\n", encoding="utf-8")
    auto = run(runner, "align", tmp_path / "en.txt", tmp_path / "zh.txt")
    forced = run(runner, "align", "--lines", tmp_path / "en.txt", tmp_path / "zh.txt")
    assert auto.exit_code == forced.exit_code == 0, auto.output
    assert auto.stdout == forced.stdout
    assert f"{tmp_path / 'en.txt'}: no blank lines: one sentence per line (--text to segment it)" in auto.stderr
    assert "no blank lines" not in forced.stderr
    segmented = run(runner, "align", "--text", tmp_path / "en.txt", tmp_path / "zh.txt")
    assert segmented.exit_code == 0, segmented.output
    # segmented, the 50 English lines are one paragraph whose sentences run across lines (a
    # line such as "And the earth was without form, and void; and darkness was upon the face of
    # the deep." ends without a new sentence starting on the next one): 46 sentences
    assert "for 50 en and 64 zh sentences" in auto.stderr
    assert "for 46 en and 64 zh sentences" in segmented.stderr


def test_into_db_then_unchanged(runner, tmp_path):
    db = tmp_path / "tmp.db"
    r = run(runner, "align", EN, ZH, "--into-db", db=db)
    assert r.exit_code == 0, r.output
    assert r.stdout == BEAD_LINES
    assert f"{db}: 9 created, 0 updated, 0 unchanged from 9 aligned pairs" in r.stderr
    stats = json.loads(run(runner, "tm", "stats", "--json", db=db).stdout)
    assert stats["units"] == 9 and stats["languages"] == {"en": 9, "zh-CN": 9}
    assert stats["origins"][0]["origin"] == EN.name
    again = run(runner, "align", EN, ZH, "--into-db", db=db)
    assert again.exit_code == 0, again.output
    assert f"{db}: 0 created, 0 updated, 9 unchanged from 9 aligned pairs" in again.stderr
    assert json.loads(run(runner, "tm", "stats", "--json", db=db).stdout)["units"] == 9
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmkit-align-")] == []


def test_into_db_with_output_reports_on_stdout(runner, tmp_path):
    db = tmp_path / "tmp.db"
    out = tmp_path / "a.tsv"
    r = run(runner, "align", EN, ZH, "--into-db", "--origin", "bjast", "-f", "tsv", "-o", out, db=db)
    assert r.exit_code == 0, r.output
    assert f"{db}: 9 created, 0 updated, 0 unchanged from 9 aligned pairs" in r.stdout
    assert json.loads(run(runner, "tm", "stats", "--json", db=db).stdout)["origins"][0]["origin"] == "bjast"


def test_empty_file_exit_3_names_the_file(runner, tmp_path):
    empty = tmp_path / "empty.zh.txt"
    empty.write_bytes(b"")
    r = run(runner, "align", EN, empty)
    assert r.exit_code == 3
    assert f"tmkit: error: {empty}: an empty text file" in r.stderr
    assert r.stdout == ""


def test_gbk_file_exit_3(runner, tmp_path):
    gbk = tmp_path / "gbk.zh.txt"
    gbk.write_bytes(ZH_6.encode("gbk"))
    r = run(runner, "align", EN, gbk)
    assert r.exit_code == 3
    assert f"tmkit: error: {gbk}:1:1: not valid UTF-8" in r.stderr
    assert "iconv -f GBK -t UTF-8" in r.stderr


def test_two_english_files_exit_2(runner):
    other = RELEASES / "2017-12-05-cas-shenzhen-agreement.en.txt"
    r = run(runner, "align", EN, other)
    assert r.exit_code == 2
    assert "tmkit aligns English with Chinese; got en and en" in r.stderr


def test_unknown_language_exit_2(runner):
    r = run(runner, "align", "--lang-a", "fr", EN, ZH)
    assert r.exit_code == 2
    assert "cannot segment language 'fr'" in r.stderr


def test_missing_file_exit_3(runner, tmp_path):
    missing = tmp_path / "missing.zh.txt"
    r = run(runner, "align", EN, missing)
    assert r.exit_code == 3
    assert f"tmkit: error: {missing}: no such file" in r.stderr


# --- tools/score_alignment.py ----------------------------------------------------------------------

GOLD = "[0]:[0]\n[1]:[1,2]\n[2]:[]\n[3,4]:[3]\n[5]:[4]\n"
TEST = "[0]:[0]\n[1]:[1,2]\n[2,3]:[3]\n[4]:[]\n[5]:[4]\n"


def score_tool(*args):
    return subprocess.run(
        [sys.executable, str(SCORE_TOOL), *[str(a) for a in args]], capture_output=True, text=True, timeout=120
    )


def test_score_tool_prints_the_table(tmp_path):
    (tmp_path / "gold.align").write_text(GOLD, encoding="utf-8")
    (tmp_path / "test.align").write_text(TEST, encoding="utf-8")
    proc = score_tool(tmp_path / "gold.align", tmp_path / "test.align")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "|           | strict | lax   |\n"
        "|-----------|--------|-------|\n"
        "| precision | 0.600  | 0.800 |\n"
        "| recall    | 0.750  | 1.000 |\n"
        "| F1        | 0.667  | 0.889 |\n"
        "(5 test beads, 5 gold beads)\n"
    )
    proc = score_tool(tmp_path / "gold.align", tmp_path / "test.align", "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["f1_strict"] == pytest.approx(2 / 3) and data["f1_lax"] == pytest.approx(8 / 9)


def test_score_tool_merges_by_verse(tmp_path):
    (tmp_path / "gold.align").write_text("[0,1]:[0]\n[2]:[1,2]\n", encoding="utf-8")
    (tmp_path / "test.align").write_text("[0]:[0]\n[1]:[]\n[2]:[1]\n[]:[2]\n", encoding="utf-8")
    (tmp_path / "en.verse").write_text("v1\nv1\nv2\n", encoding="utf-8")
    (tmp_path / "zh.verse").write_text("v1\nv2\nv2\n", encoding="utf-8")
    plain = json.loads(score_tool(tmp_path / "gold.align", tmp_path / "test.align", "--json").stdout)
    assert plain["f1_strict"] == 0.0
    merged = score_tool(
        tmp_path / "gold.align",
        tmp_path / "test.align",
        "--src-verse",
        tmp_path / "en.verse",
        "--tgt-verse",
        tmp_path / "zh.verse",
        "--json",
    )
    assert merged.returncode == 0, merged.stderr
    assert json.loads(merged.stdout)["f1_strict"] == 1.0
    one = score_tool(tmp_path / "gold.align", tmp_path / "test.align", "--src-verse", tmp_path / "en.verse")
    assert one.returncode == 2 and "give both --src-verse and --tgt-verse" in one.stderr


def test_score_tool_exit_3_on_a_malformed_file(tmp_path):
    (tmp_path / "gold.align").write_text(GOLD, encoding="utf-8")
    bad = tmp_path / "bad.align"
    bad.write_text("[0]:[0]\n0 -> 1\n", encoding="utf-8")
    proc = score_tool(tmp_path / "gold.align", bad)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert proc.stderr == f"score_alignment: error: {bad}:2: not a bead: '0 -> 1' (expected a line like [0,1]:[0])\n"
    missing = score_tool(tmp_path / "gold.align", tmp_path / "nope.align")
    assert missing.returncode == 3 and "nope.align" in missing.stderr
