"""tmkit.fuzzy: the one match % of tmkit, on a table of real pairs with exact expected scores."""

from __future__ import annotations

import pytest

from tmkit.fuzzy import Diff, Score, diff_spans, match_score, profile, score, tokens

# (a, b, lang, score): sentences of memories/releases and their edits; each score is worked out
# by hand in the comment (tokens of a, tokens of b, edit distance).
SCORES = [
    # 8 / 8 words ("." is punctuation, not a word), SciTech -> Sci-Tech (one word each):
    # 1 substitution: 100 * 7/8
    (
        "The two sides signed the SciTech cooperation agreement.",
        "The two sides signed the Sci-Tech cooperation agreement.",
        "en",
        87.5,
    ),
    # case only: the same words, typography -1
    (
        "On May 21, AN Shengjie went to Xinjiang branch of CAS.",
        "On May 21, An Shengjie went to Xinjiang branch of CAS.",
        "en",
        99.0,
    ),
    # numbers count as the same word "#": base 100, one number differs: numbers -1
    (
        "On May 21, AN Shengjie went to Xinjiang branch of CAS.",
        "On May 12, AN Shengjie went to Xinjiang branch of CAS.",
        "en",
        99.0,
    ),
    # 9 / 10 words: insert "the", before -> after: 100 * 8/10 = 80; and Two/two,
    # Agreement/agreement differ in case where the words align: typography -1
    (
        "Two sides held a symposium before signing the Agreement.",
        "The two sides held a symposium after signing the agreement.",
        "en",
        79.0,
    ),
    # 8 / 7 words, only "signed" in common (the->both, two->parties, sides deleted,
    # the->a, scitech->memorandum, cooperation->of, agreement->understanding): 100 * 1/8
    (
        "The two sides signed the SciTech cooperation agreement.",
        "Both parties signed a memorandum of understanding.",
        "en",
        12.5,
    ),
    # 10 / 11 characters (。 is punctuation), 了 inserted: 100 * 10/11
    ("双方签署科技合作协议。", "双方签署了科技合作协议。", "zh", 90.91),
    # 协议 -> 备忘录: 2 substitutions and 1 insertion over 11: 100 * 8/11
    ("双方签署科技合作协议。", "双方签署科技合作备忘录。", "zh", 72.73),
    # 5 月 # 日 ... the same words; 21 -> 12: numbers -1
    ("5月21日，安胜杰到访中国科学院新疆分院。", "5月12日，安胜杰到访中国科学院新疆分院。", "zh", 99.0),
    # 17 / 21 characters, 人民 and 科技 inserted: 100 * 17/21
    ("中国科学院与深圳市政府签署合作协议", "中国科学院与深圳市人民政府签署科技合作协议", "zh", 80.95),
    # 19 / 18 words: 科技 (2 tokens) -> SciTech (1 token): 1 substitution, 1 deletion: 100 * 17/19
    ("新疆分院十分期待与保利联合开展科技合作。", "新疆分院十分期待与保利联合开展SciTech合作。", "zh", 89.47),
    # full-width comma for a half-width one: folded equal, typography -1
    ("双方签署科技合作协议，并举行座谈。", "双方签署科技合作协议,并举行座谈。", "zh", 99.0),
    # a full stop for a question mark: punctuation -1
    ("Is the agreement signed.", "Is the agreement signed?", "en", 99.0),
    # a comma missing, and a number replaced: punctuation -1, numbers -1
    ("In 2021, the team grew to 12 people.", "In 2022 the team grew to 12 people.", "en", 98.0),
    # quote style only
    ("Gu'an County", "Gu’an County", "en", 99.0),
    # white space only
    ("Hello  world", "Hello world", "en", 100.0),
    ("", " ", "en", 100.0),
    ("CAS", "", "en", 0.0),
    ("identical", "identical", "en", 100.0),
]


@pytest.mark.parametrize(
    ("a", "b", "lang", "score"), SCORES, ids=[f"{i}-{a[:20]}" for i, (a, *_rest) in enumerate(SCORES)]
)
def test_match_score(a, b, lang, score):
    assert match_score(a, b, lang) == score
    assert match_score(b, a, lang) == score  # symmetric


def test_tokens():
    got = [t for t, _, _ in tokens("The world's top 500, Gu'an Sci-Tech 12,000元 科技SciTech。5G 10:30", "en")]
    assert got == [
        "The", "world's", "top", "500", ",", "Gu'an", "Sci-Tech", "12,000", "元", "科", "技", "SciTech", "。", "5G", "10:30",
    ]  # fmt: skip


def test_diff_spans():
    a = "On May 21, AN Shengjie went to Xinjiang."
    b = "On May 12, AN Shengjie went to Urumqi."
    diffs = diff_spans(a, b, "en")
    assert diffs == [Diff("replace", 7, 9, 7, 9), Diff("replace", 31, 39, 31, 37)]
    assert [(a[d.a_start : d.a_end], b[d.b_start : d.b_end]) for d in diffs] == [("21", "12"), ("Xinjiang", "Urumqi")]
    zh = diff_spans("双方签署科技合作协议。", "双方签署了科技合作协议。", "zh")
    assert zh == [Diff("insert", 4, 4, 4, 5)]
    # a difference of typography only (the 99s) is shown on the tokens written differently
    a, b = "签约前,双方举行了座谈会。", "签约前，双方举行了座谈会。"
    assert diff_spans(a, b, "zh") == [Diff("replace", 3, 4, 3, 4)]
    a, b = "AN Shengjie visited Gu’an.", "An Shengjie visited Gu'an."
    got = [(a[d.a_start : d.a_end], b[d.b_start : d.b_end]) for d in diff_spans(a, b, "en")]
    assert got == [("AN", "An"), ("Gu’an", "Gu'an")]
    assert diff_spans(a, a, "en") == []


def test_penalties_are_shown():
    got = score(profile("In 2021, the team grew to 12 people."), profile("In 2022 the team grew to 12 people."))
    assert got == Score(98.0, 100.0, (("numbers", 1), ("punctuation", 1)))
    assert got.describe() == "98 (numbers -1, punctuation -1)"
    # a number inserted is a word of the base score, not a number penalty: 6/7 words
    got = score(profile("The team grew to 12 people."), profile("The team grew to 12 of 14 people."))
    assert got == Score(75.0, 75.0, ())


def test_inline_codes():
    plain = profile("Click Save to continue.")
    tagged = profile("Click Save to continue.", '<bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>')
    assert tagged.codes == ("bpt", "ept")
    assert score(plain, tagged) == Score(98.0, 100.0, (("tags", 2),))
    assert score(tagged, tagged).value == 100.0


def test_numbers_are_whole_tokens():
    assert [t for t, _, _ in tokens("2020s 5G 12,000元 10:30")] == ["2020s", "5G", "12,000", "元", "10:30"]
