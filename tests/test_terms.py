"""Term matching: a table of real examples per rule, in both scripts, with the traps of naive
matchers (\\b in Chinese, substrings, nested names, case, typography)."""

from __future__ import annotations

import pytest

from tmkit.model.term import Concept, Glossary, Term
from tmkit.terms import TermMatcher
from tmkit.text.fold import fold, fold_spaces, term_key


def _g() -> Glossary:
    g = Glossary()

    def c(cid: str, subject: str, *terms: tuple) -> None:
        g.add(Concept(cid, subject, source="test", confidence="high", terms=[Term(*t) for t in terms]))

    c(
        "org.cas",
        "organisation",
        ("en", "Chinese Academy of Sciences"),
        ("en", "CAS", "preferred", "acronym"),
        ("en", "Chinese Academy of Science", "forbidden", "variant"),
        ("zh-CN", "中国科学院"),
        ("zh-CN", "中科院", "admitted", "short"),
    )
    c("org.ucas", "organisation", ("en", "University of Chinese Academy of Sciences"), ("zh-CN", "中国科学院大学"))
    c(
        "org.cas-xinjiang",
        "organisation",
        ("en", "Xinjiang Branch of the Chinese Academy of Sciences"),
        ("zh-CN", "中国科学院新疆分院"),
    )
    c("place.xinjiang", "place", ("en", "Xinjiang"), ("zh-CN", "新疆"))
    c("place.urumqi", "place", ("en", "Urumqi"), ("en", "Urumuqi", "forbidden", "variant"), ("zh-CN", "乌鲁木齐"))
    c("place.guan", "place", ("en", "Gu'an"), ("en", "Gu’an", "deprecated", "variant"), ("zh-CN", "固安"))
    c("place.xian", "place", ("en", "Xi'an"), ("zh-CN", "西安"))
    c("title.academician", "title", ("en", "academician"), ("zh-CN", "院士"))
    c(
        "person.an-shengjie",
        "person",
        ("en", "An Shengjie"),
        ("en", "AN Shengjie", "deprecated", "variant"),
        ("zh-CN", "安胜杰"),
    )
    c(
        "style.sci-tech",
        "style",
        ("en", "sci-tech", "preferred", "full", "exact"),
        ("en", "Sci-Tech", "admitted", "variant", "exact"),
        ("en", "SciTech", "forbidden", "variant", "exact"),
        ("zh-CN", "科技"),
    )
    c("general.nkl", "general", ("en", "national key laboratory"), ("zh-CN", "全国重点实验室"))
    c("science.format", "science", ("en", "form"), ("zh-CN", "形式"))
    c("general.science", "general", ("en", "science", "preferred", "full", "ignore"), ("zh-CN", "科学"))
    c(
        "policy.bri",
        "policy",
        ("en", "Belt and Road Initiative"),
        ("en", "One Belt One Road", "forbidden", "variant"),
        ("zh-CN", "一带一路"),
    )
    return g


MATCHER = TermMatcher(_g())


def spans(text: str, langs=None, **kw) -> list[tuple[str, str, str]]:
    return [(m.text, m.concept_id, m.status) for m in MATCHER.find(text, langs, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # word boundaries: no "form" in "format", no "CAS" in "CASE"
        ("The format of the form.", [("form", "science.format", "preferred")]),
        ("CASE closed; CAS opened.", [("CAS", "org.cas", "preferred")]),
        # longest match first: the full name, not the name inside it
        (
            "the University of Chinese Academy of Sciences",
            [("University of Chinese Academy of Sciences", "org.ucas", "preferred")],
        ),
        # possessive and plural
        ("CAS's institutes", [("CAS", "org.cas", "preferred")]),
        ("three academicians", [("academicians", "title.academician", "preferred")]),
        ("two national key laboratories", [("national key laboratories", "general.nkl", "preferred")]),
        # a plural never shadows a real term: "Science" + "s" is the preferred name, not the forbidden one
        ("Chinese Academy of Sciences", [("Chinese Academy of Sciences", "org.cas", "preferred")]),
        ("Chinese Academy of Science", [("Chinese Academy of Science", "org.cas", "forbidden")]),
        # names are not pluralised
        ("Xinjiangs", []),
        # case rules: initial allows "Academician", exact tells AN from An
        ("Academician Bai", [("Academician", "title.academician", "preferred")]),
        ("ACADEMICIAN Bai", []),
        (
            "AN Shengjie and An Shengjie",
            [
                ("AN Shengjie", "person.an-shengjie", "deprecated"),
                ("An Shengjie", "person.an-shengjie", "preferred"),
            ],
        ),
        (
            "SciTech, Sci-Tech, sci-tech",
            [
                ("SciTech", "style.sci-tech", "forbidden"),
                ("Sci-Tech", "style.sci-tech", "admitted"),
                ("sci-tech", "style.sci-tech", "preferred"),
            ],
        ),
        (
            "Science and SCIENCE",
            [("Science", "general.science", "preferred"), ("SCIENCE", "general.science", "preferred")],
        ),
        # typography: curly apostrophe, dashes, no-break and doubled spaces, full-width letters
        ("Gu’an and Gu'an", [("Gu’an", "place.guan", "deprecated"), ("Gu'an", "place.guan", "preferred")]),
        # a typographic variant the glossary does not list folds to the term
        ("Xi’an and Xi'an", [("Xi’an", "place.xian", "preferred"), ("Xi'an", "place.xian", "preferred")]),
        ("sci–tech", [("sci–tech", "style.sci-tech", "preferred")]),
        ("Chinese\u00a0Academy  of Sciences", [("Chinese\u00a0Academy  of Sciences", "org.cas", "preferred")]),
        ("ＣＡＳ", [("ＣＡＳ", "org.cas", "preferred")]),
        # the misspellings the releases use
        (
            "in Urumuqi, Xinjiang",
            [("Urumuqi", "place.urumqi", "forbidden"), ("Xinjiang", "place.xinjiang", "preferred")],
        ),
        ("the One Belt One Road", [("One Belt One Road", "policy.bri", "forbidden")]),
    ],
)
def test_english(text: str, expected: list) -> None:
    assert spans(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one hit for the branch, not 中国科学院 + 新疆
        ("中国科学院新疆分院成立", [("中国科学院新疆分院", "org.cas-xinjiang", "preferred")]),
        # 中国科学院 does not fire inside 中国科学院大学
        ("他在中国科学院大学学习", [("中国科学院大学", "org.ucas", "preferred")]),
        # 科学 does not fire inside 中国科学院, but alone it does
        ("中国科学院的科学家", [("中国科学院", "org.cas", "preferred"), ("科学", "general.science", "preferred")]),
        # no word boundaries needed in Han text (\\b would fail here)
        ("新疆乌鲁木齐市", [("新疆", "place.xinjiang", "preferred"), ("乌鲁木齐", "place.urumqi", "preferred")]),
        ("中科院院士", [("中科院", "org.cas", "admitted"), ("院士", "title.academician", "preferred")]),
        ("推进一带一路建设", [("一带一路", "policy.bri", "preferred")]),
    ],
)
def test_chinese(text: str, expected: list) -> None:
    assert spans(text, "zh-CN") == expected


def test_mixed_script_latin_term_inside_chinese() -> None:
    # A Han character is a word boundary for a Latin term; a Latin letter is not.
    assert spans("中国科学院（CAS）成立", ("zh-CN", "en")) == [
        ("中国科学院", "org.cas", "preferred"),
        ("CAS", "org.cas", "preferred"),
    ]
    assert spans("中国CASE", "en") == []


def test_spans_are_offsets_in_the_original_text() -> None:
    text = "Da  Chinese\u3000Academy of Sciences’ plan"
    [m] = MATCHER.find(text, "en")
    assert text[m.start : m.end] == m.text == "Chinese\u3000Academy of Sciences"
    assert m.term.text == "Chinese Academy of Sciences"


def test_case_mismatch_is_reported_only_on_request() -> None:
    assert spans("SCITECH", "en") == []
    [m] = MATCHER.find("SCITECH", "en", report_case_mismatch=True)
    assert (m.text, m.case_ok, m.term.text, m.status) == ("SCITECH", False, "SciTech", "forbidden")


def test_acronym_plurals_are_lower_case_s_only() -> None:
    assert spans("CASES and cases", "en", report_case_mismatch=True) == []
    g = Glossary()
    g.add(Concept("org.sme", "general", terms=[Term("en", "SME", "preferred", "acronym")]))
    assert [(m.text, m.plural) for m in TermMatcher(g).find("SMEs and SMES", "en")] == [("SMEs", True)]


def test_overlaps_on_request() -> None:
    found = [(m.text, m.concept_id) for m in MATCHER.find("中国科学院大学", "zh-CN", overlaps=True)]
    assert found == [("中国科学院大学", "org.ucas"), ("中国科学院", "org.cas"), ("科学", "general.science")]


def test_status_filter() -> None:
    only_bad = TermMatcher(_g(), statuses=("deprecated", "forbidden"))
    assert [m.text for m in only_bad.find("Urumuqi and Urumqi, SciTech and sci-tech")] == ["Urumuqi", "SciTech"]


def test_fold_is_position_for_position() -> None:
    s = "Gu’an – ＣＡＳ\u00a0“x”"
    assert len(fold(s)) == len(s)
    assert fold(s) == 'Gu\'an - CAS "x"'
    assert fold("，（）：") == ",():"  # folded for matching only; stored text is never rewritten
    assert term_key("  Chinese\u00a0 Academy ") == "chinese academy"


def test_fold_spaces_map() -> None:
    folded, index = fold_spaces("a  b   c")
    assert folded == "a b c"
    assert index == [0, 1, 3, 4, 7, 8]
    assert fold_spaces("a b") == ("a b", None)
