"""tmkit.fuzzy: the one match % of tmkit, on a table of real pairs with exact expected scores."""

from __future__ import annotations

import pytest

from tmkit.fuzzy import Diff, diff_spans, match_score, tokens

# (a, b, lang, score): sentences of memories/releases and their edits; each score is worked out
# by hand in the comment (tokens of a, tokens of b, edit distance).
SCORES = [
    # 9 / 9 tokens, SciTech -> Sci-Tech (one word each): 1 substitution: 8/9
    (
        "The two sides signed the SciTech cooperation agreement.",
        "The two sides signed the Sci-Tech cooperation agreement.",
        "en",
        88.89,
    ),
    # case only: never 100
    (
        "On May 21, AN Shengjie went to Xinjiang branch of CAS.",
        "On May 21, An Shengjie went to Xinjiang branch of CAS.",
        "en",
        99.0,
    ),
    # 13 / 13 tokens, 21 -> 12: 12/13
    (
        "On May 21, AN Shengjie went to Xinjiang branch of CAS.",
        "On May 12, AN Shengjie went to Xinjiang branch of CAS.",
        "en",
        92.31,
    ),
    # 10 / 11 tokens: insert "the", before -> after (Agreement/agreement fold): 9/11
    (
        "Two sides held a symposium before signing the Agreement.",
        "The two sides held a symposium after signing the agreement.",
        "en",
        81.82,
    ),
    # 9 / 8 tokens, only "signed" and "." in common: 2/9
    (
        "The two sides signed the SciTech cooperation agreement.",
        "Both parties signed a memorandum of understanding.",
        "en",
        22.22,
    ),
    # 11 / 12 characters, 了 inserted: 11/12
    ("双方签署科技合作协议。", "双方签署了科技合作协议。", "zh", 91.67),
    # 协议 -> 备忘录: 2 substitutions and 1 insertion: 9/12
    ("双方签署科技合作协议。", "双方签署科技合作备忘录。", "zh", 75.0),
    # 20 / 20 tokens (5 月 21 日 ...), 21 -> 12: 19/20
    ("5月21日，安胜杰到访中国科学院新疆分院。", "5月12日，安胜杰到访中国科学院新疆分院。", "zh", 95.0),
    # 17 / 21 characters, 人民 and 科技 inserted: 17/21
    ("中国科学院与深圳市政府签署合作协议", "中国科学院与深圳市人民政府签署科技合作协议", "zh", 80.95),
    # 科技 (2 tokens) -> SciTech (1 token): 1 substitution, 1 deletion: 18/20
    ("新疆分院十分期待与保利联合开展科技合作。", "新疆分院十分期待与保利联合开展SciTech合作。", "zh", 90.0),
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
