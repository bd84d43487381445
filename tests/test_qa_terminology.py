"""The terminology checks: term-forbidden, term-deprecated, term-case, term-acronym, term-missing.

Exact findings (check, line, column, span, suggestion) on the five seed releases and on short
inline examples; clean examples that must give nothing; bilingual pairs built here; and the
project's own releases (Chinese clean, parallel and TMX with only the errors the English has)."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from tests.conftest import pair_doc
from tmkit.glossary.io import load_glossary
from tmkit.model.term import Concept, Glossary, Term
from tmkit.qa.base import Severity
from tmkit.qa.config import QAConfig
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import read_draft, read_parallel
from tmkit.qa.runner import run_qa

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
RELEASES = ROOT / "memories" / "releases"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent (the seed releases)")

TERM_CHECKS = ["term-forbidden", "term-deprecated", "term-case", "term-acronym", "term-missing"]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary").glossary


def ctx_for(glossary: Glossary, **style) -> QAContext:
    return QAContext(config=QAConfig(style=style), glossary=glossary)


def rows(result):
    return [(f.check, f.line, f.column, f.text, f.suggestion) for f in result.findings]


def text_doc(*paragraphs: str, lang: str = "en") -> Document:
    doc = Document("draft.txt", "text")
    line = 1
    for i, p in enumerate(paragraphs, 1):
        doc.segments.append(Segment(f"p{i}", Text(p, lang, "draft.txt", line, 1)))
        line += p.count("\n") + 2
    return doc


def check(glossary, doc, only=TERM_CHECKS, **style):
    return rows(run_qa([doc], ctx_for(glossary, **style), only=list(only)))


# ---------------------------------------------------------------------------------------------
# the seeds: every terminology finding, exactly

SEED_FINDINGS = {
    "000_664d58feb8051902.txt": [
        ("term-forbidden", 5, 28, "SciTech", "science and technology"),
        (
            "term-deprecated",
            9,
            123,
            "Xinjiang branch of Chinese Academy of Sciences",
            "Xinjiang Branch of the Chinese Academy of Sciences",
        ),
        ("term-deprecated", 9, 256, "Xinjiang branch", "Xinjiang Branch"),
        ("term-deprecated", 9, 311, "Xinjiang branch", "Xinjiang Branch"),
        ("term-deprecated", 11, 39, "Xinjiang branch", "Xinjiang Branch"),
        ("term-forbidden", 11, 85, "SciTech", "science and technology"),
        ("term-deprecated", 11, 111, "senior talent", "high-level talent"),
        ("term-forbidden", 11, 195, "SciTech", "science and technology"),
        ("term-deprecated", 11, 273, "Xinjiang branch", "Xinjiang Branch"),
        ("term-forbidden", 11, 329, "SciTech", "science and technology"),
        ("term-deprecated", 13, 103, "civil explosion", "civil explosives"),
        ("term-deprecated", 13, 154, "world's top 500 enterprises", "Fortune Global 500"),
        ("term-deprecated", 13, 261, "Xinjiang branch", "Xinjiang Branch"),
        ("term-forbidden", 13, 304, "SciTech", "science and technology"),
        ("term-forbidden", 15, 55, "SciTech", "science and technology"),
        ("term-forbidden", 15, 420, "SciTech", "science and technology"),
        ("term-deprecated", 17, 22, "Xinjiang branch", "Xinjiang Branch"),
        (
            "term-deprecated",
            17,
            46,
            "Xinjiang research center of mineral resources",
            "Xinjiang Research Center for Mineral Resources",
        ),
        ("term-forbidden", 19, 26, "SciTech", "science and technology"),
        ("term-deprecated", 24, 8, "1st Kexue street", "Kexue 1st Street"),
        ("term-forbidden", 24, 26, "Urumuqi", "Urumqi"),
    ],
    "001_e7435e2e0c69e2b1.txt": [
        ("term-deprecated", 1, 13, "Gu’an County", "Gu'an County"),
        ("term-acronym", 3, 65, "BJAST", "Beijing Academy of Science and Technology (BJAST)"),
        ("term-deprecated", 3, 281, "main responsible comrades", "principal officials"),
        ("term-forbidden", 3, 499, "give plays to", "give full play to"),
        ("term-deprecated", 5, 500, "transformation of achievements", "commercialization of research results"),
        ("term-forbidden", 7, 597, "Beijing Academy of Sciences", "Beijing Academy of Science and Technology"),
    ],
    "002_76ec1d3fcebc3ef8.txt": [
        ("term-forbidden", 5, 37, "nineteen CPC National Congress of the Party", "19th CPC National Congress"),
        (
            "term-forbidden",
            5,
            272,
            "ideology of socialism of Chinese characteristics in the new era of XI Jinping",
            "Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era",
        ),
        ("term-forbidden", 5, 361, "Chinese Academy of Science", "Chinese Academy of Sciences"),
        (
            "term-deprecated",
            5,
            529,
            "Guangdong, Hong Kong, Macao area international science and Technology Innovation Center",
            "Guangdong-Hong Kong-Macao Greater Bay Area international science and technology innovation center",
        ),
        (
            "term-deprecated",
            8,
            158,
            "Guangdong, Hong Kong and Macao Bay Area",
            "Guangdong-Hong Kong-Macao Greater Bay Area",
        ),
        ("term-deprecated", 8, 199, "Pan-Pearl-River Delta Region", "Pan-Pearl River Delta"),
        (
            "term-deprecated",
            8,
            510,
            "major battlefield of the national economy",
            "main battlefield of the national economy",
        ),
    ],
    "003_6052744c3d35b052.txt": [
        (
            "term-deprecated",
            6,
            5,
            "Changchun-Novosibirskaya Video Conference on Sci-Tech Cooperation between China and Russia",
            "Changchun-Novosibirsk Oblast Video Conference on Sci-Tech Cooperation between China and Russia",
        ),
        ("term-deprecated", 6, 198, "heads of the two countries", "heads of state of the two countries"),
        ("term-deprecated", 6, 416, "Novosibirskaya", "Novosibirsk Oblast"),
        ("term-deprecated", 8, 90, "People’s Government of Changchun City", "People's Government of Changchun City"),
        ("term-deprecated", 8, 547, "modern metropolitan rim", "modern metropolitan area"),
        ("term-forbidden", 10, 81, "Novosibirskay", "Novosibirsk Oblast"),
        ("term-deprecated", 10, 174, "Novosibirskaya", "Novosibirsk Oblast"),
        ("term-deprecated", 14, 49, "People’s Government of Changchun City", "People's Government of Changchun City"),
    ],
    "004_d6e4ea7b1299b517.txt": [
        ("term-forbidden", 9, 139, "fontal research", "frontier research"),
        ("term-deprecated", 9, 599, "peripheral countries", "neighboring countries"),
        ("term-deprecated", 11, 482, "knowledge innovation experimental program", "Knowledge Innovation Program"),
        ("term-forbidden", 11, 880, "geo-predominance", "geographical advantage"),
        (
            "term-deprecated",
            13,
            716,
            "scientific and technological backbones",
            "key scientific and technical personnel",
        ),
        (
            "term-deprecated",
            15,
            114,
            "People’s Government of Xinjiang Uygur Autonomous Region",
            "People's Government of Xinjiang Uygur Autonomous Region",
        ),
        ("term-deprecated", 17, 139, "peripheral countries", "neighboring countries"),
        (
            "term-deprecated",
            19,
            17,
            "xinjiang institute of ecology and geography chinese academy of sciences",
            "Xinjiang Institute of Ecology and Geography, Chinese Academy of Sciences",
        ),
    ],
}


@needs_seeds
@pytest.mark.parametrize("name", sorted(SEED_FINDINGS))
def test_seed_findings(glossary, name):
    assert check(glossary, read_draft(str(SEEDS / name))) == SEED_FINDINGS[name]


@needs_seeds
def test_seed_severities(glossary):
    result = run_qa([read_draft(str(SEEDS / "000_664d58feb8051902.txt"))], ctx_for(glossary), only=TERM_CHECKS)
    by_check = {f.check: f.severity for f in result.findings}
    assert by_check["term-forbidden"] == Severity.MAJOR
    assert by_check["term-deprecated"] == Severity.MINOR
    urumuqi = [f for f in result.findings if f.text == "Urumuqi"][0]
    assert urumuqi.message == "'Urumuqi' is a wrong form of Urumqi (misspelling)"


# ---------------------------------------------------------------------------------------------
# inline examples, flagged

FLAGGED = [
    # forbidden and deprecated forms, with the approved form closest in spelling
    (
        "Shao Jinwen is vice president of the Beijing Academy of Sciences.",
        [
            ("term-forbidden", 1, 38, "Beijing Academy of Sciences", "Beijing Academy of Science and Technology"),
        ],
    ),
    (
        "The talks were held in Macau and Xi’an.",
        [
            ("term-deprecated", 1, 24, "Macau", "Macao"),
            ("term-deprecated", 1, 34, "Xi’an", "Xi'an"),
        ],
    ),
    # the usage note names the replacement: "write 'commercialization of research results'"
    (
        "They cooperate in the transformation of achievements.",
        [
            ("term-deprecated", 1, 23, "transformation of achievements", "commercialization of research results"),
        ],
    ),
    # an acronym is replaced by an acronym
    ("The CCP was founded in 1921.", [("term-deprecated", 1, 5, "CCP", "CPC")]),
    # a common noun at the start of a sentence: the suggestion is capitalised too
    (
        "Hi-tech industry grows. The firm is hi-tech.",
        [
            ("term-deprecated", 1, 1, "Hi-tech industry", "High-tech industry"),
            ("term-deprecated", 1, 37, "hi-tech", "high-tech"),
        ],
    ),
    # a capital lost in a name
    (
        "He visited the Chinese academy of sciences last year.",
        [
            ("term-case", 1, 16, "Chinese academy of sciences", "Chinese Academy of Sciences"),
        ],
    ),
    (
        "Copyright 2009 chinese academy of sciences",
        [
            ("term-case", 1, 16, "chinese academy of sciences", "Chinese Academy of Sciences"),
        ],
    ),
    (
        "The Beijing-tianjin-hebei region grows.",
        [
            ("term-case", 1, 5, "Beijing-tianjin-hebei region", "Beijing-Tianjin-Hebei region"),
        ],
    ),
    ("They came from central Asia.", [("term-case", 1, 16, "central Asia", "Central Asia")]),
    (
        "The CAS Xinjiang branch hosted the meeting.",
        [
            ("term-case", 1, 5, "CAS Xinjiang branch", "CAS Xinjiang Branch"),
        ],
    ),
]


@pytest.mark.parametrize("text,expected", FLAGGED)
def test_flagged(glossary, text, expected):
    assert check(glossary, text_doc(text)) == expected


CLEAN = [
    # Title Case headlines and capitals for emphasis: extra capitals are not a case error
    "Chinese Academy Of Sciences Signs Deal With Shenzhen",
    "CHINESE ACADEMY OF SCIENCES SIGNS DEAL",
    "He met the Shenzhen Government and the Xinjiang Regional Government.",
    "BJAST and Gu'an County Hold a Meeting on Scientific and Technological Cooperation",
    # sentence-initial capitals; the lower-case term sci-tech is a term of its own
    "Sci-tech cooperation is growing.",
    "The sci-Tech park opened.",
    # ordinary words that spell a name
    "It was a pioneer initiative in the region.",
    "Most of the staff of the institute of physics came.",
    "They came from central asia.",
    # a deprecated common term inside a proper name is the name's business
    "The new Hi-tech Industry Development Zone of Changchun opened.",
    # names of people: the names checks (and the surname style option) decide
    "President XI visited Shenzhen with XI Jinping and XIAO Wenjiao.",
    # acronyms: spelt out first, spelt out right after, known to every reader, or defined here
    "The Chinese Academy of Sciences (CAS) said that CAS will grow.",
    "CAS (Chinese Academy of Sciences) will grow.",
    "Scientists from the USA, Japan and the US came.",
    "They studied renin-angiotensin system inhibitors (RAS inhibitors).",
    # acronyms in headlines and page furniture (no sentence) are not reported
    "Sitemap | 中文 | CAS\nCAS and Shenzhen government signed the Agreement",
    "Updated : 2021-03-30Source : CCFAO",
    # S&T is shorthand, not a name to spell out
    "The S&T budget grew.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean(glossary, text):
    assert check(glossary, text_doc(text)) == []


def test_acronym_before_and_without_full_form(glossary):
    doc = text_doc(
        "BJAST and Gu'an County Hold a Meeting",
        "Shao Jinwen is vice president of BJAST. BJAST grows.",
        "The Beijing Academy of Science and Technology (BJAST) and CAS signed an agreement.",
    )
    assert check(glossary, doc, only=["term-acronym"]) == [
        ("term-acronym", 3, 34, "BJAST", "Beijing Academy of Science and Technology (BJAST)"),
        ("term-acronym", 5, 59, "CAS", "Chinese Academy of Sciences (CAS)"),
    ]
    result = run_qa([doc], ctx_for(glossary), only=["term-acronym"])
    assert result.findings[0].message == "'BJAST' is used before it is spelt out (line 5): spell it out at first use"
    assert result.findings[1].message == (
        "'CAS' is used without its full form (Chinese Academy of Sciences) in this draft"
    )


def test_known_acronyms_style_option(glossary):
    doc = text_doc("Shao Jinwen is vice president of BJAST.")
    assert check(glossary, doc, only=["term-acronym"], known_acronyms=["BJAST"]) == []


def test_acronym_not_in_chinese(glossary):
    assert check(glossary, text_doc("北科院（BJAST）副院长邵锦文出席会议。", lang="zh-CN")) == []


def test_acronym_once_per_document_and_not_in_memory(glossary):
    doc = text_doc("CAS grows. CAS grows again.", "CAS grows more.")
    assert [r[:3] for r in check(glossary, doc, only=["term-acronym"])] == [("term-acronym", 1, 1)]
    doc.kind = "memory"
    assert check(glossary, doc, only=["term-acronym"]) == []


# ---------------------------------------------------------------------------------------------
# term-missing: bilingual pairs

MISSING = [
    # EN -> ZH: the academy dropped
    (
        "The Chinese Academy of Sciences and Shenzhen signed an agreement.",
        "深圳市与科学院签署了协议。",
        "en",
        "zh-CN",
        [
            (
                "term-missing",
                "source",
                3,
                5,
                "Chinese Academy of Sciences",
                "major",
                "'Chinese Academy of Sciences' is not rendered in the target: expected 中国科学院, 中科院",
            )
        ],
    ),
    # a wrong (forbidden) form in the source still expects the concept in the target
    (
        "He works at the Beijing Academy of Sciences.",
        "他在北京大学工作。",
        "en",
        "zh-CN",
        [
            (
                "term-missing",
                "source",
                3,
                17,
                "Beijing Academy of Sciences",
                "major",
                "'Beijing Academy of Sciences' is not rendered in the target: expected 北京市科学技术研究院, 北科院",
            )
        ],
    ),
    # ZH -> EN: a name left out of the English (memories/releases, seed 000)
    (
        "他指出，保利联合是世界500强企业中国保利集团有限公司旗下的民爆业务平台。",
        "He pointed out that Poly Union is the platform of civil explosion business of Poly Union.",
        "zh-CN",
        "en",
        [
            (
                "term-missing",
                "source",
                3,
                18,
                "中国保利集团有限公司",
                "major",
                "'中国保利集团有限公司' is not rendered in the target: expected China Poly Group Corporation Limited, "
                "Poly Group",
            )
        ],
    ),
    # a place left out (TICO-19): minor, places are often implicit
    (
        "COVID-19 was confirmed to have spread to South Korea on 20 January 2020 from China.",
        "2020 年 1 月 20 日，韩国出现 COVID-19 确诊病例。",
        "en",
        "zh-CN",
        [
            (
                "term-missing",
                "source",
                3,
                78,
                "China",
                "minor",
                "'China' is not rendered in the target: expected 中国, 中华人民共和国",
            )
        ],
    ),
]


@pytest.mark.parametrize("src,tgt,sl,tl,expected", MISSING)
def test_missing(glossary, src, tgt, sl, tl, expected):
    result = run_qa([pair_doc(src, tgt, sl, tl)], ctx_for(glossary), only=["term-missing"])
    got = [(f.check, f.location.side, f.line, f.column, f.text, f.severity.label, f.message) for f in result.findings]
    assert got == expected


NOT_MISSING = [
    # the two correct Chinese phrasings the glossary cannot match word for word
    ("It helps Xinjiang's high-quality economic and social development.", "助力新疆经济社会高质量发展。"),
    (
        "It gains momentum for Xinjiang and the neighboring countries along the Belt and Road.",
        "为新疆乃至“一带一路”沿线周边国家高质量发展注入新动能。",
    ),
    # and the English side of the same (ZH -> EN below)
    # a nested name: 中国科学院 inside 中国科学院新疆分院
    ("Xinjiang Branch of the Chinese Academy of Sciences", "中国科学院新疆分院"),
    ("the Xinjiang branch of CAS", "中国科学院新疆分院"),
    # the acronym kept in Latin letters in the Chinese
    ("The Chinese Academy of Sciences signed.", "CAS签署了协议。"),
    # places abbreviated in Chinese, or inside another name
    ("local sci-tech exchanges between China and Russia", "中俄地方科技交流"),
    ("the China-Russia Sci-Tech Park", "中俄科技园"),
    ("According to the South China Morning Post, the drug works.", "据《南华早报》报道，该药有效。"),
    ("It cost US$50 billion.", "耗资500亿美元。"),
    # acronyms defined with another meaning
    ("classic renin-angiotensin system inhibitors (RAS inhibitors)", "经典肾素-血管紧张素系统 (RAS) 抑制剂"),
    # general vocabulary and titles are translated freely
    ("They promote scientific and technological innovation.", "他们推动科创发展。"),
    # a lower-case phrase that spells a name
    ("It was a pioneer initiative.", "这是一项开创性举措。"),
]


@pytest.mark.parametrize("src,tgt", NOT_MISSING)
def test_not_missing(glossary, src, tgt):
    assert check(glossary, pair_doc(src, tgt), only=["term-missing"]) == []


NOT_MISSING_ZH_EN = [
    ("助力新疆经济社会高质量发展。", "to help Xinjiang's high-quality economic and social development."),
    ("推动京津冀协同发展战略实施", "to promote the coordinated development strategy of Beijing-Tianjin-Hebei"),
    ("加强与欧洲各国的合作", "strengthen cooperation with the European countries"),
    ("拒绝向非中国公民提供服务", "refusing service to non-Chinese citizens"),
    # names inside longer Chinese words
    ("我们从马来西亚得到材料。", "We got the materials from Malaysia."),
    ("他在玩俄罗斯方块。", "He is playing Tetris."),
    ("包括延长春节假期", "including extending the Spring Festival holiday"),
    ("中国香港将传染病应对级别提高至最高级。", "Hong Kong raised its infectious disease response level."),
    ("他去过美国。", "He has been to the US."),
]


@pytest.mark.parametrize("src,tgt", NOT_MISSING_ZH_EN)
def test_not_missing_zh_en(glossary, src, tgt):
    assert check(glossary, pair_doc(src, tgt, "zh-CN", "en"), only=["term-missing"]) == []


def test_missing_needs_bilingual(glossary):
    assert check(glossary, text_doc("The Chinese Academy of Sciences signed."), only=["term-missing"]) == []


# ---------------------------------------------------------------------------------------------
# the project's releases

RELEASE_IDS = sorted(Path(p).name[: -len(".zh.txt")] for p in glob.glob(str(RELEASES / "*.zh.txt")))


@pytest.mark.parametrize("rid", RELEASE_IDS)
def test_chinese_releases_clean(glossary, rid):
    assert check(glossary, read_draft(str(RELEASES / f"{rid}.zh.txt"))) == []


def test_parallel_releases_only_english_errors(glossary):
    ctx = ctx_for(glossary)
    for rid in RELEASE_IDS:
        doc = read_parallel(str(RELEASES / f"{rid}.en.txt"), str(RELEASES / f"{rid}.zh.txt"))
        result = run_qa([doc], ctx, only=TERM_CHECKS)
        assert [f for f in result.findings if f.location.side == "target"] == []
        assert [f for f in result.findings if f.check == "term-missing"] == []


def test_releases_tmx(glossary):
    result = run_qa([read_draft(str(ROOT / "memories" / "releases.tmx"))], ctx_for(glossary), only=TERM_CHECKS)
    assert [f for f in result.findings if f.location.side == "target"] == []
    assert [f for f in result.findings if f.check in ("term-missing", "term-case")] == []
    assert {f.check for f in result.findings} == {"term-forbidden", "term-deprecated", "term-acronym"}


# ---------------------------------------------------------------------------------------------
# a small glossary of our own: the checks read statuses, types and cases, nothing else


def small_glossary() -> Glossary:
    g = Glossary()
    g.add(
        Concept(
            "org.acme",
            "organisation",
            confidence="high",
            terms=[
                Term("en", "Acme Institute of Rocketry", "preferred", "full"),
                Term("en", "AIR", "admitted", "acronym"),
                Term("en", "Acme Rocket Institute", "forbidden", "variant"),
                Term("zh-CN", "阿克米火箭研究所", "preferred", "full"),
            ],
        )
    )
    return g


def test_small_glossary():
    g = small_glossary()
    doc = text_doc("AIR was founded by the Acme Rocket Institute. The acme institute of rocketry grew.")
    assert check(g, doc) == [
        ("term-acronym", 1, 1, "AIR", "Acme Institute of Rocketry (AIR)"),
        ("term-forbidden", 1, 24, "Acme Rocket Institute", "Acme Institute of Rocketry"),
    ]
    assert check(g, pair_doc("The Acme Institute of Rocketry grew.", "研究所发展了。"), only=["term-missing"]) == [
        ("term-missing", 3, 5, "Acme Institute of Rocketry", None)
    ]
