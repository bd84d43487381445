"""memory-inconsistent and memory-term: consistency within a bilingual draft and against the memory."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import tmx, tu
from tmkit.glossary.io import load_glossary
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import read_draft, read_memory_draft
from tmkit.qa.runner import run_qa
from tmkit.tm import tm_import

ROOT = Path(__file__).resolve().parents[1]


def draft(pairs, src="en", tgt="zh-CN", path="draft.tmx") -> Document:
    doc = Document(path, "tmx", source_lang=src, target_lang=tgt)
    for n, (a, b) in enumerate(pairs, 1):
        sid = str(n)
        doc.segments.append(
            Segment(sid, Text(a, src, path, 10 * n, 5, sid, "source"), Text(b, tgt, path, 10 * n + 1, 5, sid, "target"))
        )
    return doc


def memory(tmp_path: Path, units) -> sqlite3.Connection:
    body = "\n".join(tu(en, zh, tuid) for en, zh, tuid in units)
    src = tmp_path / "mem.tmx"
    src.write_text(tmx(body), encoding="utf-8")
    db = tmp_path / "mem.db"
    tm_import(db, [src])
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def rows(result):
    return [
        (
            f.check,
            f.location.segment,
            f.line,
            f.column,
            f.text,
            f.suggestion,
            f.message,
            [(r.segment, r.text) for r in f.related],
        )
        for f in result.findings
    ]


# --- memory-inconsistent, within the draft (no memory needed) --------------------------------


def test_same_source_translated_two_ways_in_the_draft():
    doc = draft(
        [
            ("The two sides signed the agreement.", "双方签署了协议。"),
            ("It was held in Changchun.", "会议在长春举行。"),
            ("The two sides  signed the agreement.", "双方签署了协议"),  # white space; no final 。
            ("The two sides signed the agreement.", "双方签订了协议。"),
        ]
    )
    got = rows(run_qa([doc], QAContext(), only=["memory-inconsistent"]))
    assert got == [
        (
            "memory-inconsistent",
            "4",
            41,
            5,
            "双方签订了协议。",
            "双方签署了协议。",
            "'The two sides signed the agreement.' is translated 2 ways in this draft (3 places); most often '双方签署了协议。'",
            [("1", "双方签署了协议。")],
        )
    ]


@pytest.mark.parametrize(
    "pairs",
    [
        # the same translation up to trailing punctuation, white space, width and quote style
        [("Two sides signed.", "双方签署了协议。"), ("Two sides signed.", " 双方签署了协议 ")],
        [("Gu'an County", "固安县"), ("Gu’an County", "固安县")],
        # different sources (case is kept): not the same source
        [("Xinjiang Branch", "新疆分院"), ("Xinjiang branch", "新疆分院的")],
        # an untranslated (empty) target is not a translation
        [("Two sides signed.", "双方签署了协议。"), ("Two sides signed.", "")],
    ],
)
def test_not_inconsistent(pairs):
    assert run_qa([draft(pairs)], QAContext(), only=["memory-inconsistent"]).findings == []


def test_releases_tmx_is_consistent():
    doc = read_draft(ROOT / "memories" / "releases.tmx")
    assert run_qa([doc], QAContext(), only=["memory"]).findings == []


# --- memory-inconsistent, against the memory ---------------------------------------------------


def test_against_the_memory(tmp_path):
    conn = memory(
        tmp_path,
        [
            ("Two sides held a symposium before signing the Agreement.", "签约前，双方举行了座谈会。", "rel-5"),
            ("The two sides signed the SciTech cooperation agreement.", "双方签署科技合作协议。", "rel-15"),
        ],
    )
    doc = draft(
        [
            ("Two sides held a symposium before signing the Agreement.", "签约之前，两方举行座谈会。"),
            ("The two sides signed the SciTech cooperation agreement.", "双方签署科技合作协议"),  # agrees
            ("A sentence the memory does not have.", "记忆库里没有的句子。"),
        ]
    )
    ctx = QAContext(memory=conn)
    got = rows(run_qa([doc], ctx, only=["memory-inconsistent"]))
    assert got == [
        (
            "memory-inconsistent",
            "1",
            11,
            5,
            "签约之前，两方举行座谈会。",
            "签约前，双方举行了座谈会。",
            "the memory translates this source as '签约前，双方举行了座谈会。' (rel-5)",
            [],
        )
    ]
    conn.close()


def test_the_memory_itself(tmp_path):
    conn = memory(
        tmp_path,
        [
            ("The two sides signed the agreement.", "双方签署了协议。", "a"),
            ("The two sides signed the agreement.", "双方签订了协议。", "b"),
            ("Xinjiang Branch", "新疆分院", "c"),
        ],
    )
    doc = read_memory_draft(conn, "mem.db")
    got = rows(run_qa([doc], QAContext(memory=conn), only=["memory"]))
    assert [(g[0], g[1], g[4], g[5], g[7]) for g in got] == [
        ("memory-inconsistent", "b", "双方签订了协议。", "双方签署了协议。", [("a", "双方签署了协议。")])
    ]
    conn.close()


# --- memory-term -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary").glossary


def test_memory_term(tmp_path, glossary):
    conn = memory(
        tmp_path,
        [
            (
                "We will promote the commercialization of scientific and technological achievements in Xinjiang.",
                "我们将推动新疆科技成果转化。",
                "m-1",
            ),
            (
                "The Chinese Academy of Sciences and Shenzhen signed an agreement.",
                "中国科学院与深圳市签署协议。",
                "m-2",
            ),
        ],
    )
    doc = draft(
        [
            (
                "We will promote the commercialization of scientific and technological achievements in Xinjiang and Gansu.",
                "我们将推动新疆和甘肃科技成果转移转化。",
            ),
            # CAS against the Chinese Academy of Sciences: first or later mention, not another term
            (
                "The Chinese Academy of Sciences and Shenzhen signed a cooperation agreement.",
                "中科院与深圳市签署合作协议。",
            ),
            # no close match in the memory
            (
                "Commercialization of scientific and technological achievements is a priority of the plan.",
                "科技成果转移转化是规划的重点。",
            ),
        ]
    )
    ctx = QAContext(glossary=glossary, memory=conn)
    got = rows(run_qa([doc], ctx, only=["memory-term"]))
    assert got == [
        (
            "memory-term",
            "1",
            11,
            15,
            "科技成果转移转化",
            "科技成果转化",
            "'科技成果转移转化': the memory's 85.71% match (m-1) writes '科技成果转化' for this term",
            [],
        )
    ]
    conn.close()


def test_memory_checks_skip_without_memory(glossary):
    result = run_qa([draft([("a", "b")])], QAContext(glossary=glossary), only=["memory-term"])
    assert result.findings == [] and result.skipped_checks == {"memory-term": "no memory"}


DRAFT_SOURCE = (
    "We will promote the commercialization of scientific and technological achievements in Xinjiang and Gansu."
)
DRAFT_TARGET = "我们将推动新疆和甘肃科技成果转移转化。"


@pytest.mark.parametrize(
    ("second_term", "expected"),
    [
        # one of the two equally close matches writes the draft's term: the memory does not say
        # which is right, nothing is flagged
        ("科技成果转移转化", []),
        # both write another term: flagged, citing the first in memory order
        (
            "科技成果转化",
            [
                (
                    "科技成果转移转化",
                    "科技成果转化",
                    "'科技成果转移转化': the memory's 85.71% match (m-1) writes '科技成果转化' for this term",
                )
            ],
        ),
    ],
)
def test_memory_term_with_equally_close_matches(tmp_path, glossary, second_term, expected):
    # two 85.71% matches (2 of 14 words differ)
    conn = memory(
        tmp_path,
        [
            (
                DRAFT_SOURCE.replace("Xinjiang and Gansu", "Tibet and Qinghai"),
                "我们将推动西藏和青海科技成果转化。",
                "m-1",
            ),
            (
                DRAFT_SOURCE.replace("Xinjiang and Gansu", "Yunnan and Guizhou"),
                f"我们将推动云南和贵州{second_term}。",
                "m-2",
            ),
        ],
    )
    ctx = QAContext(glossary=glossary, memory=conn)
    got = rows(run_qa([draft([(DRAFT_SOURCE, DRAFT_TARGET)])], ctx, only=["memory-term"]))
    assert [(g[4], g[5], g[6]) for g in got] == expected
    conn.close()


def test_memory_term_finds_the_closest_match_by_match_percent(tmp_path, glossary):
    # twelve units closer to the draft character by character (one letter added to each of
    # the eight words around the term) but only 42.86% by words, and one real 85.71% match that
    # is further by characters: the close match is the one with the best match %, wherever it
    # ranks by characters
    typo = "Wee willl promotee thee commercialization of scientific and technological achievements inn {} andd {}."
    pairs = [
        (a, b) for a in ("Xinjiangg", "Xinjiiang", "Xiinjiang", "Xinnjiang") for b in ("Gansuu", "Gaansu", "Gannsu")
    ]
    units = [(typo.format(a, b), "我们将推动新疆和甘肃科技成果转移转化。", f"t-{n}") for n, (a, b) in enumerate(pairs)]
    units.append(
        (DRAFT_SOURCE.replace("Xinjiang and Gansu", "Tibet and Qinghai"), "我们将推动西藏和青海科技成果转化。", "m-1")
    )
    conn = memory(tmp_path, units)
    ctx = QAContext(glossary=glossary, memory=conn)
    got = rows(run_qa([draft([(DRAFT_SOURCE, DRAFT_TARGET)])], ctx, only=["memory-term"]))
    assert [g[6] for g in got] == [
        "'科技成果转移转化': the memory's 85.71% match (m-1) writes '科技成果转化' for this term"
    ]
    # and they are closer by characters: a filter on character similarity would have kept
    # only them among its ten best
    from rapidfuzz import fuzz

    assert min(fuzz.ratio(DRAFT_SOURCE, u[0]) for u in units[:-1]) > fuzz.ratio(DRAFT_SOURCE, units[-1][0])
    assert len(units) - 1 > 10
    conn.close()


_PIECES = [
    "Gu'an",
    "gu'an",
    "Sci-Tech",
    "SciTech",
    "12,000",
    "3.5",
    "21",
    "the",
    "The",
    "科",
    "技",
    "学院",
    ",",
    "。",
    " ",
    "  ",
    "-",
    "AN",
    "an",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.lists(st.sampled_from(_PIECES), max_size=14))
@settings(max_examples=300, deadline=None)
def test_word_codes_give_the_word_level_distance(a, b):
    # memory-term filters units by rapidfuzz over one character per word: the distance must be
    # the one the base score takes over fuzzy.words_of
    from rapidfuzz.distance import Levenshtein

    from tmkit.fuzzy import base_score, words_of
    from tmkit.qa.checks.memory import _WordCodes

    ta, tb = " ".join(a), "".join(b)
    codes = _WordCodes()
    ca, cb = codes(ta), codes(tb)
    wa, wb = words_of(ta), words_of(tb)
    assert (len(ca), len(cb)) == (len(wa), len(wb))
    assert Levenshtein.distance(ca, cb) == Levenshtein.distance(wa, wb)
    assert Levenshtein.normalized_similarity(ca, cb) * 100 == pytest.approx(base_score(wa, wb))
