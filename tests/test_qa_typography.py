"""The typography family: exact findings on the seeds, on short real-world examples, and what
must NOT be flagged (web furniture, numbers, URLs, Chinese quoted in English, Latin in Chinese)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED
from tmkit.qa.config import QAConfig
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import read_draft, read_parallel
from tmkit.qa.registry import all_checks
from tmkit.qa.runner import run_qa

SEEDS = SHARED / "seeds"
RELEASES = ROOT / "memories" / "releases"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
needs_corpora = pytest.mark.skipif(
    not (SHARED / "fixtures" / "corpora").is_dir(), reason="../shared/fixtures/corpora is absent"
)


def _ctx(style: dict | None = None) -> QAContext:
    return QAContext(config=QAConfig(enable={"typo-cjk-latin-spacing"}, style=dict(style or {})))


def _doc(text: str, lang: str = "en") -> Document:
    """A monolingual draft of one-line paragraphs separated by blank lines (line = paragraph
    line in the text, column = offset + 1)."""
    doc = Document("draft.txt", "text", source_lang=lang)
    line = 1
    for n, para in enumerate(text.split("\n\n"), 1):
        doc.segments.append(Segment(f"p{n}", Text(para, lang, "draft.txt", line, 1)))
        line += para.count("\n") + 2
    return doc


def _findings(doc: Document, only=("typography",), style: dict | None = None):
    result = run_qa([doc], _ctx(style), only=list(only))
    return [(f.check, f.line, f.column, f.text, f.suggestion) for f in result.findings]


def _run(text: str, lang: str = "en", only=("typography",), style: dict | None = None):
    return _findings(_doc(text, lang), only, style)


# ---------------------------------------------------------------------------------------------
# the seeds: every typography finding, exactly (nothing more: the rest is noise)

SEED_FINDINGS = {
    "000_664d58feb8051902.txt": [
        ("typo-space-before-bracket", 9, 101, "n(", "n ("),  # Corporation(Poly Union)
        ("typo-mixed-quotes", 11, 449, "’", "'"),  # It’s vs Xinjiang's, world's, scientists'
    ],
    "001_e7435e2e0c69e2b1.txt": [
        ("typo-mixed-quotes", 1, 15, "’", "'"),  # Gu’an vs Gu'an (x6)
    ],
    "002_76ec1d3fcebc3ef8.txt": [
        ("typo-date-format", 3, 6, "05-12-2017", None),  # 5 December or 12 May?
        ("typo-cjk-punct-in-en", 3, 23, "【Print】", "[Print]"),
        ("typo-cjk-punct-in-en", 3, 31, "【", "["),  # 【close
        ("typo-unpaired", 3, 31, "【", None),
        ("typo-space-before-bracket", 5, 386, "e(", "e ("),  # Science(CAS)
    ],
    "003_6052744c3d35b052.txt": [
        ("typo-space-before-punct", 3, 8, " :", ":"),  # Updated : 2021-03-30
        ("typo-space-before-punct", 3, 27, " :", ":"),  # Source : CCFAO
        ("typo-cjk-punct-in-en", 4, 1, "【", "["),  # 【Fonts:
        ("typo-unpaired", 4, 1, "【", None),
        ("typo-double-space", 8, 824, "\u00a0 ", " "),  # for  opening
    ],
    "004_d6e4ea7b1299b517.txt": [
        ("typo-tilde-range", 13, 444, "~", "–"),  # 1/5~1/4
    ],
}


@needs_seeds
@pytest.mark.parametrize("name", sorted(SEED_FINDINGS))
def test_seed_findings_exactly(name: str) -> None:
    assert _findings(read_draft(SEEDS / name)) == SEED_FINDINGS[name]


@needs_seeds
def test_seed_severities() -> None:
    result = run_qa([read_draft(SEEDS / "002_76ec1d3fcebc3ef8.txt")], _ctx(), only=["typography"])
    sev = {(f.check, f.text): f.severity.label for f in result.findings}
    assert sev[("typo-cjk-punct-in-en", "【Print】")] == "major"
    assert sev[("typo-unpaired", "【")] == "minor"
    assert sev[("typo-date-format", "05-12-2017")] == "minor"


@needs_seeds
def test_mixed_quotes_lists_the_other_places() -> None:
    result = run_qa([read_draft(SEEDS / "000_664d58feb8051902.txt")], _ctx(), only=["typo-mixed-quotes"])
    (f,) = result.findings
    assert [(r.line, r.column, r.text) for r in f.related] == [(13, 343, "’")]
    assert "2 curly apostrophes" in f.message and "straight" in f.message


# ---------------------------------------------------------------------------------------------
# the project's own releases


@pytest.mark.parametrize("path", sorted(RELEASES.glob("*.zh.txt")), ids=lambda p: p.name)
def test_clean_chinese_releases_give_nothing(path: Path) -> None:
    assert _findings(read_draft(path)) == []


RELEASE_EN = {
    "2009-xieg-international-cooperation.en.txt": [("typo-tilde-range", 7, 442, "~", "–")],
    "2017-12-05-cas-shenzhen-agreement.en.txt": [("typo-space-before-bracket", 3, 386, "e(", "e (")],
    "2021-03-30-changchun-novosibirsk-conference.en.txt": [("typo-double-space", 5, 824, "\u00a0 ", " ")],
    "2021-08-02-xinjiang-poly-union.en.txt": [
        ("typo-space-before-bracket", 3, 101, "n(", "n ("),
        ("typo-mixed-quotes", 5, 449, "’", "'"),
    ],
    "2021-12-07-bjast-guan-county.en.txt": [("typo-mixed-quotes", 1, 13, "’", "'")],
}


@pytest.mark.parametrize("name", sorted(RELEASE_EN))
def test_release_english_and_pairs(name: str) -> None:
    """The releases' English keeps the seeds' errors on purpose; the pair adds nothing Chinese."""
    en = RELEASES / name
    assert _findings(read_draft(en)) == RELEASE_EN[name]
    pair = read_parallel(en, RELEASES / name.replace(".en.", ".zh."))
    assert _findings(pair) == RELEASE_EN[name]


# ---------------------------------------------------------------------------------------------
# English checks: flagged (check, column, span, suggestion) and not flagged

FLAGGED_EN = [
    # space before bracket
    ("Poly Union Group Corporation(Poly Union) went", "typo-space-before-bracket", 28, "n(", "n ("),
    ("the Academy(CAS) and", "typo-space-before-bracket", 11, "y(", "y ("),
    ("Line four Corp(C).", "typo-space-before-bracket", 14, "p(", "p ("),
    ("Xinjiang(新疆) is in the west", "typo-space-before-bracket", 8, "g(", "g ("),
    ("see the notes[see below] here", "typo-space-before-bracket", 13, "s[", "s ["),
    # Chinese punctuation in English
    ("【Print】 and more", "typo-cjk-punct-in-en", 1, "【Print】", "[Print]"),
    ("【Fonts: A+ A A-", "typo-cjk-punct-in-en", 1, "【", "["),
    ("Tel：86 991 3835430", "typo-cjk-punct-in-en", 4, "：", ":"),
    ("the list：first", "typo-cjk-punct-in-en", 9, "：", ": "),
    ("Beijing、Tianjin and Hebei", "typo-cjk-punct-in-en", 8, "、", ", "),
    ("It was signed。Then they left", "typo-cjk-punct-in-en", 14, "。", ". "),
    ("the Academy（CAS）is", "typo-cjk-punct-in-en", 12, "（CAS）", " (CAS) "),
    ("the ＣＡＳ Pioneer Initiative", "typo-cjk-punct-in-en", 5, "ＣＡＳ", "CAS"),
    ("in ２０２１ the", "typo-cjk-punct-in-en", 4, "２０２１", "2021"),
    ("the 「four plates」 plan", "typo-cjk-punct-in-en", 5, "「four plates」", "“four plates”"),
    ("the book 《Science Today》 says", "typo-cjk-punct-in-en", 10, "《Science Today》", "“Science Today”"),
    ("a\u3000gap", "typo-cjk-punct-in-en", 2, "\u3000", " "),
    ("price ￥100", "typo-cjk-punct-in-en", 7, "￥", "¥"),
    # space before punctuation
    ("Updated : 2021-03-30", "typo-space-before-punct", 8, " :", ":"),
    ("Marburg virus infections . Gilead", "typo-space-before-punct", 25, " .", "."),
    ("Is it true ?", "typo-space-before-punct", 11, " ?", "?"),
    ("Beijing , Tianjin", "typo-space-before-punct", 8, " ,", ","),
    # double space
    (
        "an important window for\u00a0 opening up to the north and a regional hub",
        "typo-double-space",
        24,
        "\u00a0 ",
        " ",
    ),
    ("the two sides  signed the agreement in intelligent mines and platforms", "typo-double-space", 14, "  ", " "),
    # dates
    ("Date:05-12-2017", "typo-date-format", 6, "05-12-2017", None),
    ("on 3/4/2020 the", "typo-date-format", 4, "3/4/2020", None),
    # tilde ranges
    ("occupies 1/5~1/4 of the total", "typo-tilde-range", 13, "~", "–"),
    ("seen in 10~20% cases", "typo-tilde-range", 11, "~", "–"),
    ("from 10 km ~ 20 km", "typo-tilde-range", 11, " ~ ", "–"),
    ("from 3～5 days", "typo-tilde-range", 7, "～", "–"),
    ("designated nsp1~16.", "typo-tilde-range", 16, "~", "–"),
    # unpaired
    ("Date   |   【Print】 【close", "typo-unpaired", 20, "【", None),
    ("the centre (in Urumqi is large", "typo-unpaired", 12, "(", None),
    ("the centre in Urumqi) is large", "typo-unpaired", 21, ")", None),
    ("he said “we will come.", "typo-unpaired", 9, "“", None),
]


@pytest.mark.parametrize(("text", "check", "col", "span", "suggestion"), FLAGGED_EN)
def test_english_flagged(text: str, check: str, col: int, span: str, suggestion: str | None) -> None:
    assert _run(text, "en", only=[check]) == [(check, 1, col, span, suggestion)]


CLEAN_EN = [
    # brackets: plurals, functions, formulas, list markers, citations, strain names
    "the member(s) of f(x) and g(n), sin(x), see (1) and Figure 1(a), Figure 2(B), Article 3(2), a[10]",
    "influenza A(H1N1) and A(H1N1)pdm09, Fe(III) and Cu(II), Ca(OH)2, max(a,b), f(x+1)",
    "Ang(1-7) and 2019(2) and CO2 (carbon dioxide) and the Academy (CAS)",
    'China\'s "censorship" and "distract[ing] from his administration\'s failure"',
    "see https://example.org/wiki/Virus(biology) and mail goff@ms.xjb.ac.cn",
    # Chinese quoted inside English belongs to the Chinese
    "the slogan 绿水青山，就是金山银山 (lucid waters), and 《人民日报》 (People's Daily)",
    "the name 新疆（Xinjiang） and 保利联合（Poly Union） in Chinese",
    "curly quotes “like these” and ‘these’ are English: the city’s ‘four plates’",
    "an ellipsis … and a dash — and a middle dot · and a degree 25℃ are fine",
    # spaces before punctuation that are right
    "and so on ... and then . . . the .NET framework, .com names and .5 mm",
    "a smiley :) and ;-) and :-( here",
    "Home | Contact | Sitemap",
    # double spaces that are layout or convention
    "Home  |  Contact  |  Sitemap  |  中文  |  CAS",
    "About Us  │  Scientists  │  News  │  Join Us  │  Resources",
    "       Updatetime: 2021-08-02 Printer      Text Size:A A A ",
    "Email: goff@ms.xjb.ac.cn\u00a0\u00a0Tel:+86-991-7885307",
    "This is a sentence.  Another sentence follows it with two spaces after the full stop, by convention.",
    "  Location: Home > International Cooperation",
    # dates that are clear, and numbers that are not dates
    "Updatetime: 2021-08-02 and 2021-03-30, On May 21, in 2019-2021 and 2019/2020",
    "Tel: 86 991 3835430 Fax: 86 991 3835229 Tel:+86-991-7885307",
    "version 1.2.2017 and v3.11.2 and release 2.10.2019",
    "05-05-2017 alone is not ambiguous",
    "25/12/2021 alone is clear",
    # tildes that are not ranges
    "about ~50 people came, and see https://example.org/~user/1~2",
    # pairs: list markers, smileys, apostrophes, continued quotations
    "Items: 1) first a) second iv) third and :) and :(",
    "It’s the city’s ‘four plates’, scientists’ ideas and the ’90s and ‘90s",
    "[next]:Zou Jinsong and His Party Go to the BJAST\n  • [previous]:The 2021 Science",
    "“The first paragraph of a long quotation\n\n“and the second, which closes it.”",
    # quotes: one style only, primes
    "He is 5'11\" tall, with a 30\" screen, at 43°48' north; it's Xinjiang's.",
    "“Changchun attaches great importance”, the People’s Government said.",
]


@pytest.mark.parametrize("text", CLEAN_EN)
def test_english_not_flagged(text: str) -> None:
    assert _run(text, "en") == []


def test_cjk_punct_quote_style_straight() -> None:
    assert _run("the 「four plates」 plan", only=["typo-cjk-punct-in-en"], style={"quotes": "straight"}) == [
        ("typo-cjk-punct-in-en", 1, 5, "「four plates」", '"four plates"')
    ]


def test_dates_in_several_formats() -> None:
    text = "Updated: 2021-03-30\n\nSigned on 13/05/2021 and on 2021-04-01, then 05-05-2021."
    assert _run(text, only=["typo-date-format"]) == [
        ("typo-date-format", 3, 11, "13/05/2021", "2021-05-13"),
        ("typo-date-format", 3, 46, "05-05-2021", "2021-05-05"),
    ]


# ---------------------------------------------------------------------------------------------
# quotes: one style per draft, or the house style


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        # apostrophes: 2 straight, 1 curly; double quotes: 2 and 2, the first (straight) wins
        (None, [("typo-mixed-quotes", 1, 30, "’", "'"), ("typo-mixed-quotes", 1, 33, "“", '"')]),
        ("consistent", [("typo-mixed-quotes", 1, 30, "’", "'"), ("typo-mixed-quotes", 1, 33, "“", '"')]),
        ("curly", [("typo-mixed-quotes", 1, 3, "'", "’"), ("typo-mixed-quotes", 1, 8, '"', "“")]),
        ("straight", [("typo-mixed-quotes", 1, 30, "’", "'"), ("typo-mixed-quotes", 1, 33, "“", '"')]),
    ],
)
def test_quotes_style(style: str | None, expected: list) -> None:
    text = "It's a \"test\" of Gu'an and it’s “fine”."
    opts = {"quotes": style} if style else {}
    assert _run(text, only=["typo-mixed-quotes"], style=opts) == expected


def test_mixed_double_quotes_once_per_draft() -> None:
    text = 'He said "yes" and "no".\n\nShe said “maybe”.\n\nThey said “never” and “again”.'
    (f,) = run_qa([_doc(text)], _ctx(), only=["typo-mixed-quotes"]).findings
    assert (f.line, f.column, f.text, f.suggestion) == (1, 9, '"', "“")
    assert "4 straight double quotes" in f.message and "(6)" in f.message
    assert [(r.line, r.column) for r in f.related] == [(1, 13), (1, 19), (1, 22)]


# ---------------------------------------------------------------------------------------------
# Chinese checks

FLAGGED_ZH = [
    ("我们,他们", "typo-halfwidth-in-zh", 3, ",", "，"),
    ("我们, 他们", "typo-halfwidth-in-zh", 3, ", ", "，"),
    ("你昨天玩得开心吗?", "typo-halfwidth-in-zh", 9, "?", "？"),
    ("你找到了吗 ?", "typo-halfwidth-in-zh", 6, " ?", "？"),
    ("他让步了.", "typo-halfwidth-in-zh", 5, ".", "。"),
    ("不要放弃!", "typo-halfwidth-in-zh", 5, "!", "！"),
    ("认为:“戴口罩", "typo-halfwidth-in-zh", 3, ":", "："),
    ("已测量（是/否）; 如果是", "typo-halfwidth-in-zh", 9, "; ", "；"),
    ("等等...然后", "typo-halfwidth-in-zh", 3, "...", "……"),
    ("中国科学院(CAS)的", "typo-halfwidth-in-zh", 6, "(CAS)", "（CAS）"),
    ("汤姆(Tom)留短发", "typo-halfwidth-in-zh", 3, "(Tom)", "（Tom）"),
    ("其宿主(包括人类)的共同进化", "typo-halfwidth-in-zh", 4, "(包括人类)", "（包括人类）"),
    ("五个部分：(1) 在医疗记录中", "typo-halfwidth-in-zh", 6, "(1)", "（1）"),
    ('他说"你好"。', "typo-straight-quotes-zh", 3, '"你好"', "“你好”"),
    ("统筹推进全市'四大板块'建设", "typo-straight-quotes-zh", 7, "'四大板块'", "‘四大板块’"),
    ('使用"Python"是', "typo-straight-quotes-zh", 3, '"Python"', "“Python”"),
    ("中国 ，美国", "typo-space-before-punct", 3, " ，", "，"),
    ("他是一个 DJ 。", "typo-space-before-punct", 8, " 。", "。"),
    ("其中 7 个位于亚洲 、5 个", "typo-space-before-punct", 11, " 、", "、"),
    ("被称为”冠状病毒“（CoV）。", "typo-unpaired", 4, "”", None),
    ("（1）第一）和", "typo-unpaired", 6, "）", None),
    ("【标题和《书名》", "typo-unpaired", 1, "【", None),
    ("但 CDC 仍声称“最好选用非接触式液体肥皂“。", "typo-unpaired", 10, "“", None),
]


@pytest.mark.parametrize(("text", "check", "col", "span", "suggestion"), FLAGGED_ZH)
def test_chinese_flagged(text: str, check: str, col: int, span: str, suggestion: str | None) -> None:
    found = _run(text, "zh-CN", only=[check])
    assert found[0] == (check, 1, col, span, suggestion)
    assert len(found) == (2 if "仍声称" in text or "冠状病毒“" in text else 1)


def test_traditional_chinese_quotes() -> None:
    assert _run("他說\"你好\"和'好'", "zh-TW", only=["typo-straight-quotes-zh"]) == [
        ("typo-straight-quotes-zh", 1, 3, '"你好"', "「你好」"),
        ("typo-straight-quotes-zh", 1, 8, "'好'", "『好』"),
    ]


CLEAN_ZH = [
    "这是3.5亿元，时间12:30，比例1:2，共1,000人。",
    "使用 Python 3.11 和 Node.js，访问 https://example.org/a?b=c 或写信给 a.b@example.org。",
    "病毒 (SARS-CoV-2) 和冠状病毒病 (COVID-19) 以及 (Severe Acute Respiratory Syndrome, SARS) 的爆发。",
    "函数f(x)的值和 Ang(1-7) 的含量。",
    "Hello, world! 是常见的例子；Gu'an 和 Xi'an 是地名。",
    "北京市科学技术研究院（北科院）副院长邵锦文，“一带一路”沿线周边国家，‘四大板块’。",
    "占新疆科技交流总量的1/5～1/4，并持续保持稳定发展。",
    "但是，清洁洗手需要合理用水……",
    "“长春市高度重视同俄罗斯的合作。\n\n“双方科技合作历史悠久。”",
    "他身高5'11\"。好的:)",
    "（1）第一；（2）第二；一）甲；1）乙",
]


@pytest.mark.parametrize("text", CLEAN_ZH)
def test_chinese_not_flagged(text: str) -> None:
    assert _run(text, "zh-CN") == []


# ---------------------------------------------------------------------------------------------
# the optional CJK/Latin spacing policy


def test_cjk_latin_spacing_is_off_by_default() -> None:
    doc = _doc("我们使用Python编程", "zh-CN")
    assert run_qa([doc], QAContext(), only=[]).by_check().get("typo-cjk-latin-spacing") is None
    assert _run("我们使用Python编程", "zh-CN", only=["typo-cjk-latin-spacing"]) == []  # style "off"


@pytest.mark.parametrize(
    ("policy", "text", "expected"),
    [
        (
            "require",
            "我们使用Python编程，有50多个国家，2021年3月26日，在 CAS 上",
            [(5, "Python", " Python "), (15, "50", " 50 ")],
        ),
        (
            "forbid",
            "我们使用 Python 编程，在CAS上，有 50 多个",
            [(5, " ", ""), (12, " ", ""), (23, " ", ""), (26, " ", "")],
        ),
    ],
)
def test_cjk_latin_spacing(policy: str, text: str, expected: list) -> None:
    found = _run(text, "zh-CN", only=["typo-cjk-latin-spacing"], style={"cjk_latin_space": policy})
    assert [(c, s, g) for _k, _l, c, s, g in found] == expected


# ---------------------------------------------------------------------------------------------
# bilingual input: quotations and brackets split over sentence segments


def test_unpaired_across_segments() -> None:
    doc = Document("x.tmx", "tmx", source_lang="en", target_lang="zh-CN")
    pairs = [
        ("He said: “We will come.", "他说：“我们会来。"),
        ("We will stay.”", "我们会留下。”"),
        ("(Alone", "（独自"),
    ]
    for n, (en, zh) in enumerate(pairs, 1):
        sid = str(n)
        doc.segments.append(
            Segment(sid, Text(en, "en", "x.tmx", n, 1, sid, "source"), Text(zh, "zh-CN", "x.tmx", n, 1, sid, "target"))
        )
    assert _findings(doc, only=["typo-unpaired"]) == [
        ("typo-unpaired", 3, 1, "(", None),
        ("typo-unpaired", 3, 1, "（", None),
    ]


# ---------------------------------------------------------------------------------------------
# the catalogue


def test_every_typography_check_is_described_and_documented() -> None:
    checks = [c for c in all_checks() if c.family == "typography"]
    assert len(checks) == 11
    for c in checks:
        assert c.id.startswith("typo-") and c.description and "\n" not in c.description
        page = ROOT / "docs" / "reference" / "checks" / f"{c.id}.md"
        assert page.is_file(), page
        body = page.read_text("utf-8")
        for heading in ("## What it catches", "## Why", "## Flagged", "## Not flagged", "## Configure"):
            assert heading in body, (c.id, heading)
    optional = [c.id for c in checks if not c.default_enabled]
    assert optional == ["typo-cjk-latin-spacing"]


# ---------------------------------------------------------------------------------------------
# real, clean translation: the English of Tatoeba gives (almost) nothing


@needs_corpora
def test_tatoeba_english_is_quiet() -> None:
    doc = Document("tatoeba.tsv", "tmx", source_lang="en")
    path = SHARED / "fixtures" / "corpora" / "tatoeba_cmn-eng.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            doc.segments.append(Segment(str(n), Text(row[0], "en", "tatoeba", n, 1, str(n), "source")))
    found = _findings(doc)
    assert len(doc.segments) > 29000
    # one: the draft (29,000 sentences) mixes That’s with straight apostrophes
    assert [f[0] for f in found] == ["typo-mixed-quotes"]
