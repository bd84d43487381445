"""The names family: name-inconsistent, name-style, name-pinyin.

Tables of real examples (the seeds, memories/releases, TICO-19) with exact findings, and of clean
English and bilingual text that must give nothing."""

from __future__ import annotations

import glob
import re
import sqlite3
from pathlib import Path

import pytest

from tmkit.glossary.io import load_glossary
from tmkit.qa.config import QAConfig
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import read_draft, read_parallel
from tmkit.qa.runner import run_qa
from tmkit.store import Memory

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
TICO = SHARED / "fixtures" / "tmx" / "tico19_en-zh_documents.tmx"
TATOEBA = SHARED / "fixtures" / "corpora" / "tatoeba_cmn-eng.tsv"
RELEASES = ROOT / "memories" / "releases"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
needs_tico = pytest.mark.skipif(not TICO.is_file(), reason="../shared/fixtures (TICO-19) is absent")
needs_tatoeba = pytest.mark.skipif(not TATOEBA.is_file(), reason="../shared/fixtures (Tatoeba) is absent")

NAMES = ["name-inconsistent", "name-style", "name-pinyin"]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(str(ROOT / "glossary")).glossary


def ctx_for(glossary=None, surname: str | None = None, memory=None) -> QAContext:
    style = {"surname": surname} if surname else {}
    return QAContext(config=QAConfig(style=style), glossary=glossary, memory=memory)


def rows(result):
    return [(f.check, f.line, f.column, f.text, f.suggestion) for f in result.findings]


def mono(text: str) -> Document:
    """A monolingual English draft: one segment per paragraph, with file lines."""
    doc = Document("draft.txt", "text", source_lang="en")
    line = 1
    for n, para in enumerate(text.split("\n\n"), 1):
        doc.segments.append(Segment(f"p{n}", Text(para, "en", "draft.txt", line, 1)))
        line += para.count("\n") + 2
    return doc


def pair(en: str, zh: str, zh_source: bool = False) -> Document:
    doc = Document("draft.tmx", "tmx")
    e = Text(en, "en", "draft.tmx", 3, 1, "1", "target" if zh_source else "source")
    z = Text(zh, "zh-CN", "draft.tmx", 4, 1, "1", "source" if zh_source else "target")
    doc.segments.append(Segment("1", z if zh_source else e, e if zh_source else z))
    return doc


# --------------------------------------------------------------------------------------------
# The seeds: exact findings


SEED_EXPECTED = {
    # "AN Shengjie" (line 9) then "An Shengjie" (line 11); the draft writes surnames in capitals
    "000_664d58feb8051902.txt": [("name-inconsistent", 11, 17, "An Shengjie", "AN Shengjie")],
    "001_e7435e2e0c69e2b1.txt": [],  # Shao Jinwen, Fu Shunyi, Zhang Miao, Zou Jinsong: title case
    "002_76ec1d3fcebc3ef8.txt": [],  # WANG Weizhong, BAI Chunli, XI Jinping, President XI: capitals
    "003_6052744c3d35b052.txt": [],  # Zhang Zhijun, Xi Jinping
    "004_d6e4ea7b1299b517.txt": [],  # no person named
}

SEED_TITLE_STYLE = {
    "000_664d58feb8051902.txt": [
        ("name-style", 9, 12, "AN", "An"),
        ("name-style", 9, 229, "XIAO", "Xiao"),
        ("name-style", 9, 277, "ZHANG", "Zhang"),
        ("name-style", 13, 1, "XIAO", "Xiao"),
        ("name-style", 15, 1, "ZHANG", "Zhang"),
    ],
    "001_e7435e2e0c69e2b1.txt": [],
    "002_76ec1d3fcebc3ef8.txt": [
        ("name-style", 5, 339, "XI", "Xi"),
        ("name-style", 5, 457, "XI", "Xi"),  # President XI
        ("name-style", 11, 58, "WANG", "Wang"),
        ("name-style", 11, 93, "BAI", "Bai"),
    ],
    "003_6052744c3d35b052.txt": [],
    "004_d6e4ea7b1299b517.txt": [],
}


@needs_seeds
@pytest.mark.parametrize("with_glossary", [True, False])
@pytest.mark.parametrize(("name", "expected"), sorted(SEED_EXPECTED.items()))
def test_seeds(name, expected, with_glossary, glossary):
    result = run_qa([read_draft(SEEDS / name)], ctx_for(glossary if with_glossary else None), only=NAMES)
    assert rows(result) == expected


@needs_seeds
def test_seed_000_finding_details(glossary):
    result = run_qa([read_draft(SEEDS / "000_664d58feb8051902.txt")], ctx_for(glossary), only=NAMES)
    (f,) = result.findings
    assert f.severity.label == "major"
    assert f.message == "the same person is written 'AN Shengjie' (1×), 'An Shengjie' (1×) in this draft"
    assert [(r.line, r.column, r.text) for r in f.related] == [(9, 12, "AN Shengjie")]


@needs_seeds
@pytest.mark.parametrize(("name", "expected"), sorted(SEED_TITLE_STYLE.items()))
def test_seeds_title_house_style(name, expected, glossary):
    """With style.surname = "title", each surname in capitals is a name-style finding, and the
    AN/An difference is left to it (name-inconsistent then looks at order and hyphens only)."""
    result = run_qa([read_draft(SEEDS / name)], ctx_for(glossary, "title"), only=NAMES)
    assert rows(result) == expected


@needs_seeds
def test_seeds_upper_house_style(glossary):
    result = run_qa([read_draft(SEEDS / "001_e7435e2e0c69e2b1.txt")], ctx_for(glossary, "upper"), only=NAMES)
    got = rows(result)
    assert ("name-style", 3, 26, "Shao", "SHAO") in got
    assert {r[3] for r in got} == {"Shao", "Fu", "Zhang", "Zou"}
    assert all(r[0] == "name-style" for r in got)
    result = run_qa([read_draft(SEEDS / "002_76ec1d3fcebc3ef8.txt")], ctx_for(glossary, "upper"), only=NAMES)
    assert rows(result) == []


# --------------------------------------------------------------------------------------------
# Inline drafts: flagged


FLAGGED = [
    # case of the surname, the draft's majority decides the suggestion
    (
        "ZHANG Wei met XIAO Wenjiao.\n\nLater Zhang Wei said so, and ZHANG Wei left.",
        None,
        [("name-inconsistent", 3, 7, "Zhang Wei", "ZHANG Wei")],
    ),
    # given name first
    (
        "Wang Xiaoming opened the forum.\n\nXiaoming Wang closed it. Wang Xiaoming thanked all.",
        None,
        [("name-inconsistent", 3, 1, "Xiaoming Wang", "Wang Xiaoming")],
    ),
    # hyphenated given name
    (
        "Liu Jianguo spoke. Liu Jian-guo added that Liu Jianguo agreed.",
        None,
        [("name-inconsistent", 1, 20, "Liu Jian-guo", "Liu Jianguo")],
    ),
    # a glossary person: the glossary's order wins even against the majority
    (
        "Chunli Bai visited. Chunli Bai spoke. Bai Chunli left.",
        "glossary",
        [("name-inconsistent", 1, 1, "Chunli Bai", "Bai Chunli")],
    ),
    # a glossary person written given name first only; the case follows the draft
    (
        "XIAO Wenjiao spoke. Later Wenjiao Xiao left.",
        "glossary",
        [("name-inconsistent", 1, 27, "Wenjiao Xiao", "XIAO Wenjiao")],
    ),
    # a compound surname
    (
        "OUYANG Ziyuan spoke. Ouyang Ziyuan left. OUYANG Ziyuan came back.",
        None,
        [("name-inconsistent", 1, 22, "Ouyang Ziyuan", "OUYANG Ziyuan")],
    ),
]


@pytest.mark.parametrize(("text", "gloss", "expected"), FLAGGED)
def test_inconsistent_flagged(text, gloss, expected, glossary):
    result = run_qa([mono(text)], ctx_for(glossary if gloss else None), only=NAMES)
    assert rows(result) == expected


STYLE_FLAGGED = [
    # consistent (default): the minority style, each person once per mention
    (
        "XIAO Wenjiao, ZHANG Xiangjun and Li Ming met.",
        None,
        [("name-style", 1, 34, "Li", "LI")],
    ),
    # a tie: the first name's style is the reference
    ("Zhang Miao and SHAO Jinwen met.", None, [("name-style", 1, 16, "SHAO", "Shao")]),
    # explicit styles
    ("Xi Jinping met President XI.", "title", [("name-style", 1, 26, "XI", "Xi")]),
    ("Xi Jinping met President XI.", "upper", [("name-style", 1, 1, "Xi", "XI")]),
    ("Wenjiao XIAO spoke; Xiao Wenjiao agreed.", "title", [("name-style", 1, 9, "XIAO", "Xiao")]),
]


@pytest.mark.parametrize(("text", "surname", "expected"), STYLE_FLAGGED)
def test_style_flagged(text, surname, expected, glossary):
    result = run_qa([mono(text)], ctx_for(glossary, surname), only=["name-style"])
    assert rows(result) == expected


def test_no_double_report(glossary):
    """One person in two styles: name-inconsistent reports it; name-style stays quiet about
    that person (default style), and the reverse with an explicit house style."""
    text = "XIAO Wenjiao and ZHANG Xiangjun met. Xiao Wenjiao spoke."
    got = rows(run_qa([mono(text)], ctx_for(glossary), only=NAMES))
    assert got == [("name-inconsistent", 1, 38, "Xiao Wenjiao", "XIAO Wenjiao")]
    got = rows(run_qa([mono(text)], ctx_for(glossary, "title"), only=NAMES))
    assert got == [("name-style", 1, 1, "XIAO", "Xiao"), ("name-style", 1, 18, "ZHANG", "Zhang")]


# --------------------------------------------------------------------------------------------
# Inline drafts: clean

CLEAN = [
    "Hong Kong and Macao joined the Greater Bay Area. Xi'an is in Shaanxi.",
    "He said the Long March began in 1934. He Said is not a name.",
    "The Long Term Plan was adopted. Ma Bell was a telephone company.",
    "Tom and Mary went to Beijing. Li Ming is a common textbook name.",
    "Fan Zone opens at noon. Long Range Missiles. Sun Power Ltd.",
    "Chang Jiang and Huang He are rivers; Tian Shan is a mountain range.",
    "She took the Ma On Shan line to Tai Po.",
    "Shu Feng Jie Du capsules and Lian Hua Qing Wen capsules were used.",
    "Italian Foreign Minister Luigi Di Maio spoke.",
    "He Women Group and An Change Company signed.",
    "Jin Qiao Road and Zhang Jiang Hi-tech Park are in Shanghai.",
    "Xi Jinping met Li Keqiang. Xi Jinping then left.",
    "XIAO Wenjiao met ZHANG Xiangjun; XIAO Wenjiao spoke.",
    "Zhang Miao spoke. Fu Shunyi and Zou Jinsong listened.",
    "Xinjiang, Changchun, Shenzhen and Beijing are cities.",
    "GUANGDONG AND HONG KONG SIGN DEAL\n\nZhang Wei spoke.",
    "Sun Yat-sen University and Kim Jong-un and Moon Jae-in.",
    "Gu'an County and Zhang Miao. Zhang Miao's speech.",
]


@pytest.mark.parametrize("text", CLEAN)
@pytest.mark.parametrize("surname", [None, "title"])
def test_clean(text, surname, glossary):
    ctx = ctx_for(glossary, surname)
    got = [r for r in rows(run_qa([mono(text)], ctx, only=NAMES))]
    if surname == "title":  # the capitals of a well-formed upper-style draft are name-style's
        got = [r for r in got if r[0] != "name-style"]
    assert got == []


def test_finder():
    from tmkit.qa.checks.names import scan_names

    got = [(n.surname, n.given, n.style) for n in scan_names("President XI met WANG Weizhong and Zhang Miao.")]
    assert got == [("XI", "", "upper"), ("WANG", "Weizhong", "upper"), ("Zhang", "Miao", "title")]
    assert scan_names("Hong Kong, Xi'an, He Said, Long Term, Ma Bell, Shengjie An") == []
    rev = scan_names("Shengjie An spoke", known=[("an", "shengjie")])
    assert [(n.form, n.reversed) for n in rev] == [("Shengjie An", True)]


# --------------------------------------------------------------------------------------------
# Against the memory


@pytest.fixture(scope="module")
def releases_memory(tmp_path_factory):
    db = tmp_path_factory.mktemp("names") / "tm.db"
    with Memory.open(db) as m:
        m.import_tmx([ROOT / "memories" / "releases.tmx"])
    conn = sqlite3.connect(db)
    yield conn
    conn.close()


MEMORY_FLAGGED = [
    # the memory writes Wang Weizhong surname first
    (
        "Weizhong Wang visited Shenzhen. Weizhong Wang spoke.",
        [("name-inconsistent", 1, 1, "Weizhong Wang", "Wang Weizhong")],
    ),
    # hyphenation; the case follows the draft
    ("Mr. Fu Shun-yi spoke.", [("name-inconsistent", 1, 5, "Fu Shun-yi", "Fu Shunyi")]),
    ("ZHAO Zhijun spoke.", []),  # not in the memory
    ("Zhang Zhijun spoke.", []),  # as in the memory
    ("ZHANG Zhijun spoke.", []),  # the surname's case is name-style's business
    ("AN Shengjie spoke.", []),  # the memory writes both AN and An: as in the memory
]


@pytest.mark.parametrize(("text", "expected"), MEMORY_FLAGGED)
def test_against_memory(text, expected, releases_memory, glossary):
    result = run_qa([mono(text)], ctx_for(glossary, memory=releases_memory), only=["name-inconsistent"])
    assert rows(result) == expected
    if expected:
        assert "the memory writes this person" in result.findings[0].message


def test_memory_read_once_for_all_persons(releases_memory, glossary):
    calls = []
    releases_memory.set_trace_callback(calls.append)
    try:
        text = "Weizhong Wang and Chunli Bai met. Weizhong Wang and Chunli Bai spoke. Li Wei came."
        run_qa([mono(text)], ctx_for(glossary, memory=releases_memory), only=["name-inconsistent"])
    finally:
        releases_memory.set_trace_callback(None)
    # the memory's English texts are read once (QAContext.memory_texts), not once per person
    assert len([c for c in calls if "FROM variants" in c]) == 1


# --------------------------------------------------------------------------------------------
# name-pinyin

PINYIN_FLAGGED = [
    # English source, Chinese target: the Chinese span is flagged, no suggestion
    (
        "XIAO Wenjia welcomed the delegation.",
        "肖文交对代表团表示欢迎。",
        False,
        [("name-pinyin", 4, 1, "肖文交", None)],
    ),
    # Chinese source, English target: the English name, with the pinyin of the characters
    (
        "XIAO Wenjia welcomed the delegation.",
        "肖文交对代表团表示欢迎。",
        True,
        [("name-pinyin", 3, 1, "XIAO Wenjia", "XIAO Wenjiao")],
    ),
    ("Li Wenlian died.", "李文亮去世。", True, [("name-pinyin", 3, 1, "Li Wenlian", "Li Wenliang")]),
    ("Wang Xiaomin met them.", "王小明会见了他们。", True, [("name-pinyin", 3, 1, "Wang Xiaomin", "Wang Xiaoming")]),
    ("Qiao Wenjiao spoke.", "肖文交发言。", True, [("name-pinyin", 3, 1, "Qiao Wenjiao", "Xiao Wenjiao")]),
    # a glossary person in other characters with the same pinyin: 萧 for 肖
    ("Xiao Wenjiao welcomed them.", "萧文交对他们表示欢迎。", False, [("name-pinyin", 4, 1, "萧文交", "肖文交")]),
    # two syllables: only with the glossary's characters (张淼 is Zhang Miao)
    ("Zhang Mao spoke.", "张淼发言。", True, [("name-pinyin", 3, 1, "Zhang Mao", "Zhang Miao")]),
]


@pytest.mark.parametrize(("en", "zh", "zh_source", "expected"), PINYIN_FLAGGED)
def test_pinyin_flagged(en, zh, zh_source, expected, glossary):
    result = run_qa([pair(en, zh, zh_source)], ctx_for(glossary), only=NAMES)
    assert rows(result) == expected
    assert all(f.severity.label == "major" for f in result.findings)


PINYIN_CLEAN = [
    ("XIAO Wenjiao welcomed the delegation.", "肖文交对代表团表示欢迎。"),
    ("Shan Xiaoming spoke.", "单晓明发言。"),  # 单 read shan
    ("Zeng Xiaoming spoke.", "曾晓明发言。"),  # 曾 read zeng
    ("Xi Jinping visited.", "习近平视察。"),
    ("Wang Jian oversaw the construction.", "汪建监督了建设。"),  # 汪 is wang too
    ("Li Wenliang died.", "医生去世。"),  # the name is not translated: nothing to compare
    ("Zhang Jie visited Zhangjiagang.", "张杰访问了张家港。"),
    ("Zhang Jie visited.", "他访问了张家港。"),  # 张家 is not a near miss of a two-syllable name
    ("Tom and Mary met.", "汤姆和玛丽见面了。"),
    ("Luigi Di Maio spoke.", "Luigi Di Maio 发言。"),
    ("Zhang Miao spoke.", "张淼发言。"),
    ("Wenjiao Xiao spoke.", "肖文交发言。"),  # order is name-inconsistent's business
]


@pytest.mark.parametrize(("en", "zh"), PINYIN_CLEAN)
@pytest.mark.parametrize("zh_source", [False, True])
def test_pinyin_clean(en, zh, zh_source, glossary):
    assert rows(run_qa([pair(en, zh, zh_source)], ctx_for(glossary), only=["name-pinyin"])) == []


# --------------------------------------------------------------------------------------------
# The project's releases and real corpora


@pytest.mark.parametrize("zh", sorted(glob.glob(str(RELEASES / "*.zh.txt"))))
def test_releases_chinese_clean(zh, glossary):
    assert rows(run_qa([read_draft(zh)], ctx_for(glossary), only=NAMES)) == []


@needs_seeds
@pytest.mark.parametrize("en", sorted(glob.glob(str(RELEASES / "*.en.txt"))))
@pytest.mark.parametrize("reverse", [False, True])
def test_releases_parallel(en, reverse, glossary):
    """The names of the releases' Chinese match their English; the only finding is seed 000's
    AN/An Shengjie."""
    zh = en.replace(".en.txt", ".zh.txt")
    doc = read_parallel(zh, en) if reverse else read_parallel(en, zh)
    got = [(f.check, f.text, f.suggestion) for f in run_qa([doc], ctx_for(glossary), only=NAMES).findings]
    if "xinjiang-poly-union" in en:
        assert got == [("name-inconsistent", "An Shengjie", "AN Shengjie")]
    else:
        assert got == []


def test_releases_tmx(glossary):
    """The releases memory read as one draft: five releases in two house styles."""
    result = run_qa([read_draft(ROOT / "memories" / "releases.tmx")], ctx_for(glossary), only=NAMES)
    got = [(f.check, f.text, f.suggestion) for f in result.findings]
    assert ("name-inconsistent", "AN Shengjie", "An Shengjie") in got
    assert ("name-inconsistent", "XI Jinping", "Xi Jinping") in got
    assert not [f for f in result.findings if f.check == "name-pinyin"]


@needs_tico
def test_tico_clean(glossary):
    doc = read_draft(TICO)
    assert rows(run_qa([doc], ctx_for(glossary), only=NAMES)) == []


@needs_tatoeba
def test_tatoeba_clean(glossary):
    doc = Document("tatoeba.tsv", "tmx")
    with open(TATOEBA, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            en, zh, _ = line.rstrip("\n").split("\t")
            doc.segments.append(Segment(str(i), Text(en, "en", "t", i, 1), Text(zh, "zh-CN", "t", i, 1)))
    assert rows(run_qa([doc], ctx_for(glossary), only=NAMES)) == []


# -- the fast paths of the name scan equal the plain ones -------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tmkit.qa.checks import names as _names  # noqa: E402

_NAME_PIECES = st.lists(
    st.sampled_from(
        [
            "Zhang",
            "ZHANG",
            "zhang",
            "Wei",
            "Xiaoming",
            "Xiao-ming",
            "He",
            "he",
            "An",
            "Shengjie",
            "Li",
            "LI",
            "Kong",
            "Hong",
            "Road",
            "the",
            "said",
            "President",
            "XI",
            "Ouyang",
            "Sima",
            "Wang's",
            "L\u0131",
            "L\u0131 Wei",
            "\u212aong Ming",
            "\u017fun Li",
            "\u0130an",
            "\u212aong",
            "\u017fun",
            "Sun",
            "S\u017fun",
            "ß",
            " ",
            " ",
            " ",
            "\u00a0",
            "  ",
            "\n",
            ".",
            "-",
            "'",
            "’",
            "é",
            "Éa",
            "1",
            ",",
        ]
    ),
    max_size=25,
).map("".join)


def _plain_surname_first() -> re.Pattern[str]:
    """_SURNAME_FIRST without its lookahead."""
    return re.compile(
        r"(?<![\w'’\-.])(?P<sur>(?i:" + _names._SURNAME_ALT + r"))[ \u00a0](?P<given>[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)"
        r"(?![\w\-]|['’][a-rt-z])"
    )


@settings(max_examples=500, deadline=None)
@given(_NAME_PIECES)
def test_name_scan_fast_paths_equal_the_plain_ones(s: str) -> None:
    plain = _plain_surname_first()
    assert [(m.span(), m.groups()) for m in _names._SURNAME_FIRST.finditer(s)] == [
        (m.span(), m.groups()) for m in plain.finditer(s)
    ]
    # the token gate: with or without the tokens given, as the plain token test says
    plain_tokens = (
        set(_names._LETTERS.findall(s.lower()))
        if s.isascii()
        else {w.translate(_names._FOLD_LETTERS).lower() for w in _names._LETTERS.findall(s)}
    )
    assert _names._tokens(s) == plain_tokens
    assert _names.scan_names(s) == _names.scan_names(s, tokens=plain_tokens)
    if _names.SURNAMES.isdisjoint(plain_tokens):
        assert _names.scan_names(s) == []
    ctx = QAContext()
    t = Text(s, "en", "d.txt")
    assert _names.names_in(t, ctx) == _names.scan_names(s)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abwei-jn \x00ÉİK", max_size=12), max_size=8),
    st.text(alphabet="abwei-jn", min_size=1, max_size=4),
)
def test_rows_holding_is_a_substring_test_per_text(texts: list[str], needle: str) -> None:
    ctx = QAContext()
    ctx.memo["memory_texts:en%"] = list(enumerate(texts))  # what QAContext.memory_texts gives
    rows, joined, starts = _names._memory_lower(ctx)
    assert rows == list(enumerate(texts))
    lowered = [t.lower() if t.isascii() else t.translate(_names._ASCII_LOWER) for t in texts]
    assert _names._rows_holding(joined, starts, needle) == [k for k, low in enumerate(lowered) if needle in low]
