"""tmkit pretranslate: the real Heartsome XLIFF fixtures, PO, plain text, hostile input, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, needs_shared, tmx, tu
from lxml import etree
from translate.storage.po import pofile
from typer.testing import CliRunner

from tmkit.cli.app import app
from tmkit.errors import InputError, UsageError
from tmkit.pretranslate import Options, counts_of, pretranslate_file, read_document
from tmkit.store.memory import Memory
from tmkit.tm import tm_import

XLIFF = FIXTURES / "xliff"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
runner = CliRunner()

# Sources of heartsome_HSCAT8-2.xlf (some edited) with made-up translations. In file order
# 15, 16, 17 are neighbours, so 16 is a context match (101).
PAIRS = [
    ("Test segment 1.", "测试段 1。"),
    ("Test segment 4a.", "测试段 4a。"),
    ("test segment 4b.", "测试段 4b。"),  # the file has "Test": typography -1
    ("Test segment 2a. Test segment 2b.", "测试段 2a。测试段 2b。"),  # the file has a <ph/> between: tags -1
    ("Test segment 15.", "测试段 15。"),
    ("Test segment 16.", "测试段 16。"),
    ("Test segment 17.", "测试段 17。"),
    ("This is the second test.", "这是第二个测试。"),  # heartsome_utf16le.xlf, without its two <ph>
]


def _memory(tmp_path: Path, pairs=PAIRS) -> Path:
    src = tmp_path / "mem.tmx"
    src.write_text(tmx("\n".join(tu(a, b) for a, b in pairs)), encoding="utf-8")
    db = tmp_path / "mem.db"
    tm_import(db, [src])
    return db


def _run(db: Path, inp: Path, out: Path, **options):
    with Memory.open(db, create=False) as memory:
        return pretranslate_file(memory.conn, inp, out, Options(**options))


def _units(path: Path) -> dict[str, etree._Element]:
    root = etree.parse(str(path)).getroot()
    return {tu.get("id"): tu for tu in root.iterfind(".//x:trans-unit", NS)}


@needs_shared
def test_heartsome_2_exact_fuzzy_context(tmp_path):
    db = _memory(tmp_path)
    out = tmp_path / "out.xlf"
    report = _run(db, XLIFF / "heartsome_HSCAT8-2.xlf", out)
    got = {s.sid: (s.band, s.score, s.target) for s in report.segments if s.band != "none"}
    assert got == {
        "1": ("100", 100.0, "测试段 1。"),
        "2": ("fuzzy", 99.0, "测试段 2a。测试段 2b。"),
        "6-1": ("100", 100.0, "测试段 4a。"),
        "6-2": ("fuzzy", 99.0, "测试段 4b。"),
        "25": ("100", 100.0, "测试段 15。"),
        "26": ("101", 101.0, "测试段 16。"),
        "27": ("100", 100.0, "测试段 17。"),
        # a different number costs 1 point; among the ties the newest unit wins
        "28": ("fuzzy", 99.0, "测试段 17。"),
        "29": ("fuzzy", 99.0, "测试段 17。"),
        "30": ("fuzzy", 99.0, "测试段 17。"),
        "31": ("fuzzy", 99.0, "测试段 17。"),
        "33": ("fuzzy", 99.0, "测试段 17。"),
    }
    penalties = {s.sid: s.penalties for s in report.segments if s.band == "fuzzy"}
    assert penalties["2"] == (("tags", 1),)
    assert penalties["6-2"] == (("typography", 1),)
    assert penalties["28"] == (("numbers", 1),)
    counts = report.counts()
    assert counts == {
        "101": {"segments": 1, "words": 3},
        "100": {"segments": 4, "words": 12},
        "fuzzy": {"segments": 7, "words": 24},
        "none": {"segments": 19, "words": 98},
        "kept": {"segments": 0, "words": 0},
    }
    assert report.skipped == 14 and len(report.segments) == 31

    units = _units(out)
    before = _units(XLIFF / "heartsome_HSCAT8-2.xlf")
    assert list(units) == list(before)  # nothing added or lost
    for uid, el in units.items():  # every attribute of every unit kept
        assert dict(el.attrib) == dict(before[uid].attrib)
    t = units["1"].find("x:target", NS)
    assert (t.text, t.get("state"), t.get("state-qualifier")) == ("测试段 1。", "translated", "exact-match")
    assert t.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    alt = units["26"].find("x:alt-trans", NS)
    assert alt.get("match-quality") == "101" and alt.get("origin") == "tmkit: mem.tmx"
    assert alt.find("x:source", NS).text == "Test segment 16."
    t = units["6-2"].find("x:target", NS)
    assert (t.get("state"), t.get("state-qualifier")) == ("needs-review-translation", "fuzzy-match")
    assert units["6-2"].find("x:alt-trans", NS).get("match-quality") == "99"
    # a source with inline codes gets the memory's plain text, for review even when exact
    t = units["2"].find("x:target", NS)
    assert t.get("state") == "needs-review-translation"
    # the target follows the source, inline codes of the source untouched
    assert [etree.QName(c).localname for c in units["2"]][:3] == ["source", "target", "alt-trans"]
    assert units["2"].find("x:source/x:ph", NS).get("id") == "hs-merge2~3"
    assert units["5"].find("x:target", NS) is None
    raw = out.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\r\n<xliff')  # declaration and CRLF kept
    assert b"\n" not in raw.replace(b"\r\n", b"")


@needs_shared
def test_no_fuzzy_and_min(tmp_path):
    db = _memory(tmp_path)
    report = _run(db, XLIFF / "heartsome_HSCAT8-2.xlf", tmp_path / "o.xlf", fuzzy=False)
    assert report.counts()["fuzzy"]["segments"] == 0
    assert sorted(s.sid for s in report.segments if s.band in ("100", "101")) == ["1", "25", "26", "27", "6-1"]
    assert len(_units(tmp_path / "o.xlf")["6-2"].findall("x:target", NS)) == 0


@needs_shared
def test_existing_targets_kept_then_overwritten(tmp_path):
    db = _memory(tmp_path)
    first = tmp_path / "first.xlf"
    _run(db, XLIFF / "heartsome_HSCAT8-2.xlf", first)
    again = _run(db, first, tmp_path / "second.xlf")
    assert again.counts()["kept"]["segments"] == 12
    assert (tmp_path / "second.xlf").read_bytes() != b""
    assert len(_units(tmp_path / "second.xlf")["1"].findall("x:alt-trans", NS)) == 1
    over = _run(db, first, tmp_path / "third.xlf", overwrite=True)
    assert over.counts()["kept"]["segments"] == 0
    unit = _units(tmp_path / "third.xlf")["1"]
    assert len(unit.findall("x:target", NS)) == 1 and len(unit.findall("x:alt-trans", NS)) == 2


@needs_shared
def test_heartsome_83_keeps_targets_and_notes(tmp_path):
    db = _memory(tmp_path)
    out = tmp_path / "out.xlf"
    report = _run(db, XLIFF / "heartsome_HSCAT8-83.xlf", out)
    assert [(s.sid, s.band) for s in report.segments] == [
        ("1", "kept"), ("2", "kept"), ("3", "kept"), ("4", "kept"), ("5", "fuzzy"),
        ("6", "kept"), ("7", "kept"), ("8", "kept"), ("9", "kept"), ("11", "kept"),
    ]  # fmt: skip
    units = _units(out)
    assert units["1"].find("x:target", NS).text == "Translation of test segment 1."
    assert units["5"].find("x:target", NS).text == "测试段 17。"
    before = _units(XLIFF / "heartsome_HSCAT8-83.xlf")
    for uid, el in before.items():
        assert len(units[uid].findall("x:note", NS)) == len(el.findall("x:note", NS))
        assert len(units[uid].findall("x:alt-trans", NS)) == len(el.findall("x:alt-trans", NS)) + (uid == "5")
    # inline codes of the sources survive the round trip
    assert etree.tostring(units["2"].find("x:source", NS)) == etree.tostring(before["2"].find("x:source", NS))


@needs_shared
def test_heartsome_utf16le(tmp_path):
    db = _memory(tmp_path)
    doc = read_document(XLIFF / "heartsome_utf16le.xlf")
    assert (doc.source_lang, doc.target_lang) == ("en-AU", "zh-HK")
    assert [(s.sid, s.source, s.codes) for s in doc.segments] == [
        ("1", "This is  the second test.", ("ph", "ph")),
        ("1", "This is  the second test.", ("ph", "ph")),
    ]
    out = tmp_path / "out.xlf"
    kept = _run(db, XLIFF / "heartsome_utf16le.xlf", out)
    assert [s.band for s in kept.segments] == ["kept", "kept"]
    report = _run(db, XLIFF / "heartsome_utf16le.xlf", out, overwrite=True)
    # white space is free, the two <ph> the memory lacks cost 2 points
    assert [(s.band, s.score, s.penalties, s.target) for s in report.segments] == [
        ("fuzzy", 98.0, (("tags", 2),), "这是第二个测试。")
    ] * 2
    raw = out.read_bytes()
    assert raw.startswith("<?xml".encode("utf-16-le"))  # still UTF-16LE, no BOM added
    root = etree.fromstring(raw)
    units = root.findall(".//x:trans-unit", NS)
    filled = [u for u in units if u.get("id") == "1"]
    assert [u.find("x:target", NS).text for u in filled] == ["这是第二个测试。"] * 2
    assert [u.find("x:target", NS).get("state") for u in filled] == ["needs-review-translation"] * 2
    assert [len(u.findall("x:note", NS)) for u in filled] == [3, 3]
    assert filled[0].get("{http://www.heartsome.net.cn/2008/XLFExtension}ext") == "yes"


PO = """msgid ""
msgstr ""
"Language: zh_CN\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: main.c:1
msgid "The two sides signed the agreement."
msgstr ""

#: main.c:2
msgid "The two sides signed an agreement."
msgstr ""

msgid "Nothing like this is in the memory."
msgstr ""

msgid "The two sides met in Beijing."
msgstr "双方在北京会面。"

msgid "One file"
msgid_plural "%d files"
msgstr[0] ""
"""


def test_po_round_trip(tmp_path):
    db = _memory(
        tmp_path,
        [
            ("The two sides signed the agreement.", "双方签署了协议。"),
            ("The two sides met in Beijing.", "双方在北京举行会谈。"),
        ],
    )
    inp = tmp_path / "in.po"
    inp.write_text(PO, encoding="utf-8")
    out = tmp_path / "out.po"
    report = _run(db, inp, out)
    assert (report.source_lang, report.target_lang) == ("en", "zh-CN")
    assert [(s.band, s.score) for s in report.segments] == [
        ("100", 100.0),
        ("fuzzy", 83.33),  # "the" -> "an": 1 of 6 words
        ("none", None),
        ("kept", None),
    ]
    assert report.skipped == 1  # the plural entry
    store = pofile.parsefile(str(out))
    units = {u.source: u for u in store.units if not u.isheader()}
    exact = units["The two sides signed the agreement."]
    assert (exact.target, exact.isfuzzy()) == ("双方签署了协议。", False)
    assert exact.getlocations() == ["main.c:1"]
    fuzzy = units["The two sides signed an agreement."]
    assert (fuzzy.target, fuzzy.isfuzzy()) == ("双方签署了协议。", True)
    assert fuzzy.getnotes("translator") == "tmkit: fuzzy match 83.33% from mem.tmx"
    assert units["Nothing like this is in the memory."].target == ""
    assert units["The two sides met in Beijing."].target == "双方在北京会面。"
    assert "Language: zh_CN" in out.read_text(encoding="utf-8")


def test_plain_text_sentences_replaced_in_place(tmp_path):
    db = _memory(
        tmp_path,
        [
            ("The two sides signed the agreement.", "双方签署了协议。"),
            ("Both sides agreed to meet again.", "双方同意再次会面。"),
        ],
    )
    inp = tmp_path / "in.txt"
    inp.write_text(
        "Cooperation news\n\nThe two sides signed the agreement. Both sides agreed to meet again.\n", encoding="utf-8"
    )
    out = tmp_path / "out.txt"
    report = _run(db, inp, out)
    assert [(s.sid, s.line, s.band) for s in report.segments] == [("1", 1, "none"), ("2", 3, "100"), ("3", 3, "101")]
    assert out.read_text(encoding="utf-8") == "Cooperation news\n\n双方签署了协议。 双方同意再次会面。\n"


def test_counts_of():
    assert counts_of("The BJAST, founded in 1958, grew.") == (6, 28)
    assert counts_of("北京市科学技术研究院与固安县召开科技合作会议") == (22, 22)
    assert counts_of("我们用5G网络。") == (6, 8)


def test_hostile_and_broken_input(tmp_path):
    db = _memory(tmp_path)
    laughs = tmp_path / "laughs.xlf"
    laughs.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
        '<xliff version="1.2"><file source-language="en" target-language="zh-CN"><body>'
        '<trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entity") as e:
        _run(db, laughs, tmp_path / "o.xlf")
    assert e.value.path == str(laughs)
    broken = tmp_path / "broken.xlf"
    broken.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n', encoding="utf-8")
    with pytest.raises(InputError, match="not well-formed") as e:
        _run(db, broken, tmp_path / "o.xlf")
    assert e.value.line == 4
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("双方签署了协议。\n".encode("gbk"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        _run(db, gbk, tmp_path / "o.txt")
    unknown = tmp_path / "data.bin"
    unknown.write_bytes(b"just some words\n")
    with pytest.raises(UsageError, match="data.bin: cannot tell the format"):
        _run(db, unknown, tmp_path / "o.bin")
    assert not (tmp_path / "o.xlf").exists() and not (tmp_path / "o.txt").exists()


def test_out_is_in_needs_in_place(tmp_path):
    db = _memory(tmp_path, [("The two sides signed the agreement.", "双方签署了协议。")])
    inp = tmp_path / "in.txt"
    inp.write_text("The two sides signed the agreement.\n", encoding="utf-8")
    with pytest.raises(UsageError, match="--in-place"):
        _run(db, inp, inp)
    assert inp.read_text(encoding="utf-8") == "The two sides signed the agreement.\n"
    _run(db, inp, inp, in_place=True)
    assert inp.read_text(encoding="utf-8") == "双方签署了协议。\n"


def test_cli(tmp_path):
    db = _memory(tmp_path, [("The two sides signed the agreement.", "双方签署了协议。")])
    inp = tmp_path / "in.txt"
    inp.write_text("The two sides signed the agreement.\nThe two sides signed an agreement.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    res = runner.invoke(app, ["--db", str(db), "pretranslate", str(inp), str(out), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["bands"]["100"] == {"segments": 1, "words": 6}
    assert data["bands"]["fuzzy"] == {"segments": 1, "words": 6}
    assert [s["score"] for s in data["segments"]] == [100.0, 83.33]
    assert out.read_text(encoding="utf-8") == "双方签署了协议。\n双方签署了协议。\n"
    res = runner.invoke(app, ["--db", str(db), "pretranslate", str(inp), str(out), "--no-fuzzy", "-v"])
    assert res.exit_code == 0, res.output
    assert "1 of 2 segments filled" in res.output
    assert "2\tnone\t-\tThe two sides signed an agreement." in res.output
    res = runner.invoke(app, ["--db", str(db), "pretranslate", str(inp), str(inp)])
    assert res.exit_code == 2 and "--in-place" in res.output
    res = runner.invoke(app, ["--db", str(db), "pretranslate", str(tmp_path / "missing.po"), str(out)])
    assert res.exit_code == 3 and "missing.po: no such file" in res.output
