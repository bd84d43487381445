"""The issue's bar, end to end: the whole checker with its defaults (project glossary, the
releases memory) finds the named problems of the seeds at their exact places, and the project's
Chinese releases give nothing at major or above."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tmkit.qa import QASources, qa

SEEDS = ROOT.parent / "shared" / "seeds"
RELEASES = ROOT / "memories" / "releases"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is absent (it exists in CI and on dev machines)"
)


@pytest.fixture(scope="module")
def seed_findings():
    result = qa([str(SEEDS)], sources=QASources(glossary=str(ROOT / "glossary")))
    return {(Path(f.file).name[:3], f.check, f.line, f.column, f.text, f.suggestion) for f in result.findings}


@needs_seeds
@pytest.mark.parametrize(
    "expected",
    [
        # "AN Shengjie" and then "An Shengjie" in one release
        ("000", "name-inconsistent", 11, 17, "An Shengjie", "AN Shengjie"),
        # "SciTech": not English (the glossary's forbidden form), every place
        ("000", "term-forbidden", 5, 28, "SciTech", "science and technology"),
        ("000", "term-forbidden", 19, 26, "SciTech", "science and technology"),
        # "Corporation(Poly Union)": no space before the bracket
        ("000", "typo-space-before-bracket", 9, 101, "n(", "n ("),
        # "Xinjiang branch" for the Xinjiang Branch
        ("000", "term-deprecated", 9, 256, "Xinjiang branch", "Xinjiang Branch"),
        # "Urumuqi" is a misspelling of Urumqi
        ("000", "term-forbidden", 24, 26, "Urumuqi", "Urumqi"),
        # Gu’an and Gu'an side by side
        ("001", "term-deprecated", 1, 13, "Gu’an County", "Gu'an County"),
        ("001", "typo-mixed-quotes", 1, 15, "’", "'"),
        # "Beijing Academy of Sciences" for BJAST
        (
            "001",
            "term-forbidden",
            7,
            597,
            "Beijing Academy of Sciences",
            "Beijing Academy of Science and Technology",
        ),
        # "【Print】": Chinese brackets in English
        ("002", "typo-cjk-punct-in-en", 3, 23, "【Print】", "[Print]"),
        # "Chinese Academy of Science(CAS)": a wrong name and a glued bracket
        ("002", "term-forbidden", 5, 361, "Chinese Academy of Science", "Chinese Academy of Sciences"),
        ("002", "typo-space-before-bracket", 5, 386, "e(", "e ("),
        # "Novosibirskay" once among "Novosibirskaya"
        ("003", "variant-near", 10, 81, "Novosibirskay", "Novosibirskaya"),
        # "1/5~1/4": a tilde range carried into English
        ("004", "typo-tilde-range", 13, 444, "~", "–"),
    ],
)
def test_the_named_problems_of_the_seeds_are_found_in_place(seed_findings, expected):
    assert expected in seed_findings


def test_the_chinese_releases_give_nothing_at_major_or_above():
    zh = sorted(str(p) for p in RELEASES.glob("*.zh.txt"))
    assert len(zh) == 5
    result = qa(zh, sources=QASources(glossary=str(ROOT / "glossary"), memory=str(ROOT / "memories" / "tmkit.db")))
    assert result.findings == []


def test_the_release_pairs_give_nothing_on_the_chinese_side():
    for en in sorted(RELEASES.glob("*.en.txt")):
        zh = en.with_name(en.name.replace(".en.txt", ".zh.txt"))
        result = qa([str(en), str(zh)], parallel=True, sources=QASources(glossary=str(ROOT / "glossary")))
        assert [f for f in result.findings if f.location.side == "target"] == [], en.name
