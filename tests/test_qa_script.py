"""The script family: Traditional characters in Simplified drafts and the reverse (OpenCC)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, needs_shared

from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import read_draft
from tmkit.qa.runner import run_qa

ONLY = ["script-traditional", "script-simplified"]


def findings(text: str, lang: str) -> list[tuple[str, int, str, str | None]]:
    doc = Document("draft.txt", "text", [Segment("p1", Text(text, lang, "draft.txt"))])
    r = run_qa([doc], QAContext(), only=ONLY)
    return [(f.check, f.column, f.text, f.suggestion) for f in r.findings]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Traditional in Simplified
        ("后来他們說", "zh-CN", [("script-traditional", 4, "們說", "们说")]),
        ("我們的軟件", "zh", [("script-traditional", 2, "們", "们"), ("script-traditional", 4, "軟", "软")]),
        ("皇后來了之後", "zh-SG", [("script-traditional", 3, "來", "来"), ("script-traditional", 6, "後", "后")]),
        ("裡面", "zh-Hans", [("script-traditional", 1, "裡", "里")]),
        ("聯繫我們", "zh-CN", [("script-traditional", 1, "聯繫", "联系"), ("script-traditional", 4, "們", "们")]),
        ("我当然拒絶了。", "zh-CN", [("script-traditional", 5, "絶", "绝")]),  # a variant form (Tatoeba)
        ("我因为有你的建议纔能成功。", "zh-CN", [("script-traditional", 9, "纔", "才")]),
        # Simplified in Traditional: the suggestion follows the region
        ("后来他們說", "zh-TW", [("script-simplified", 1, "后来", "後來")]),
        ("联系", "zh-TW", [("script-simplified", 1, "联系", "聯繫")]),
        ("面条", "zh-TW", [("script-simplified", 1, "面条", "麵條")]),
        ("面条", "zh-HK", [("script-simplified", 1, "面条", "麪條")]),
        ("准备好了", "zh-MO", [("script-simplified", 1, "准备", "準備")]),
        ("周末见", "zh-TW", [("script-simplified", 1, "周", "週"), ("script-simplified", 3, "见", "見")]),
        ("在这里", "zh-TW", [("script-simplified", 2, "这里", "這裡")]),
        ("在这里", "zh-HK", [("script-simplified", 2, "这里", "這裏")]),
        ("系统", "zh-Hant", [("script-simplified", 2, "统", "統")]),
    ],
)
def test_flagged(text, lang, expected):
    assert findings(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # characters that are right in context (OpenCC's phrase dictionaries decide)
        ("乾隆年间气候干燥", "zh-CN"),
        ("皇后来了之后", "zh-CN"),
        ("台湾和台北", "zh-CN"),
        ("他看着我，著名作家", "zh-CN"),
        ("慰藉", "zh-CN"),
        ("于是他走了", "zh-CN"),
        # a CJK compatibility ideograph (U+F96C) is an encoding matter, not a script one
        ("鼻\uf96c", "zh-CN"),
        ("皇后來了之後", "zh-TW"),
        ("台灣的里長", "zh-TW"),  # 里 (neighbourhood) is right: an ambiguous character alone
        ("乾燥的天氣", "zh-TW"),
        ("群聚、臨床試驗、流行高峰", "zh-TW"),  # 群 床 峰 are Traditional (OpenCC's standard says 羣 牀 峯)
        ("群聚、臨床試驗、流行高峰", "zh-HK"),
        ("他看着我", "zh-HK"),  # Hong Kong writes 着
        ("他看着我", "zh-TW"),  # missed on purpose: OpenCC's own standard counts 着 as Traditional
        ("三里路", "zh-TW"),
        ("之后", "zh-TW"),  # 后 alone is a Traditional character too (皇后): left alone
        # not Chinese, or not a script the checks know
        ("Hello, world", "zh-CN"),
        ("後來", "ja"),
        ("後來", "en"),
    ],
)
def test_not_flagged(text, lang):
    assert findings(text, lang) == []


def test_release_chinese_is_clean():
    for path in sorted((ROOT / "memories" / "releases").glob("*.zh.txt")):
        r = run_qa([read_draft(str(path))], QAContext(), only=ONLY)
        assert r.findings == [], path.name


@needs_shared
def test_tico19_simplified_has_one_true_finding():
    doc = read_draft(str(FIXTURES / "tmx" / "tico19_en-zh_documents.tmx"))
    r = run_qa([doc], QAContext(), only=ONLY)
    # the text quotes the Traditional spelling on purpose: 武汉(漢)肺炎
    assert [(f.check, f.text, f.suggestion) for f in r.findings] == [("script-traditional", "漢", "汉")]


@needs_shared
def test_tico19_taiwan_glossaries_are_clean():
    terms = []
    for p in sorted((FIXTURES / "glossary").glob("tico19_*zh*TW*.csv")):
        with open(p, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                terms += [row["sourceString"], row["targetString"]]
    assert len(terms) > 1000
    for lang in ("zh-TW", "zh-HK"):
        doc = Document("g", "text", [Segment(f"t{i}", Text(t, lang, "g")) for i, t in enumerate(terms)])
        assert run_qa([doc], QAContext(), only=ONLY).findings == []


@needs_shared
def test_tatoeba_chinese_is_mostly_simplified():
    path = FIXTURES / "corpora" / "tatoeba_cmn-eng.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        zh = [row[1] for row in csv.reader(fh, delimiter="\t") if len(row) > 1]
    doc = Document("t", "text", [Segment(f"t{i}", Text(t, "zh-CN", "t")) for i, t in enumerate(zh)])
    found = run_qa([doc], QAContext(), only=ONLY).findings
    # the corpus mixes a few Traditional and variant forms into Simplified sentences: true findings
    assert {f.text for f in found} <= {"絶", "剎", "衕", "藉", "纔"}, json.dumps([f.text for f in found])
    assert 5 <= len(found) <= 20


def test_read_text_draft_traditional_file(tmp_path: Path):
    p = tmp_path / "tw.txt"
    p.write_text("台灣的里長說，后来大家都來了。\n", encoding="utf-8")
    r = run_qa([read_draft(str(p), lang="zh-TW")], QAContext(), only=ONLY)
    assert [(f.line, f.column, f.text, f.suggestion) for f in r.findings] == [(1, 8, "后来", "後來")]
