"""The variants family: one word or name spelt several ways in one English draft."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SHARED, needs_shared

from tmkit.glossary.io import load_glossary
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import read_draft
from tmkit.qa.runner import run_qa

SEEDS = SHARED / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
ONLY = ["variant-spelling", "variant-near"]


def run(path: Path | str, glossary: bool = False):
    ctx = QAContext(glossary=load_glossary(str(ROOT / "glossary")).glossary if glossary else None)
    return run_qa([read_draft(str(path), lang="en")], ctx, only=ONLY).findings


def check(tmp_path: Path, text: str) -> list[tuple[str, int, int, str, str | None]]:
    p = tmp_path / "draft.txt"
    p.write_text(text, encoding="utf-8")
    return [(f.check, f.line, f.column, f.text, f.suggestion) for f in run(p)]


@needs_seeds
@pytest.mark.parametrize(
    ("seed", "expected", "related"),
    [
        (
            "000_664d58feb8051902.txt",
            [("variant-spelling", 9, 123, "Xinjiang branch", "Xinjiang Branch")],
            [(5, 1), (9, 123), (9, 256), (9, 311), (11, 39), (11, 273), (13, 261), (17, 22)],
        ),
        (
            "001_e7435e2e0c69e2b1.txt",
            [("variant-spelling", 1, 13, "Gu’an", "Gu'an")],
            [(1, 13), (3, 130), (3, 314), (3, 595), (5, 98), (5, 155), (5, 387), (7, 317)],
        ),
        ("002_76ec1d3fcebc3ef8.txt", [], []),
        (
            "003_6052744c3d35b052.txt",
            [("variant-near", 10, 81, "Novosibirskay", "Novosibirskaya")],
            [(6, 15), (6, 416), (10, 81), (10, 174)],
        ),
        (
            "004_d6e4ea7b1299b517.txt",
            [("variant-spelling", 19, 17, "xinjiang", "Xinjiang")],
            [(11, 900), (13, 37), (13, 503), (15, 137), (15, 284), (15, 447), (15, 541), (19, 17)],
        ),
    ],
)
def test_seeds_without_glossary(seed, expected, related):
    found = run(SEEDS / seed)
    assert [(f.check, f.line, f.column, f.text, f.suggestion) for f in found] == expected
    if found:
        assert [(r.line, r.column) for r in found[0].related] == related


@needs_seeds
def test_seeds_with_the_project_glossary_leave_glossary_variants_to_terminology():
    # Xinjiang branch, Gu’an County and SciTech are deprecated/forbidden glossary forms, xinjiang a
    # glossary name in the wrong case: the
    # terminology family reports them, these checks do not report them again
    got = {
        seed.name: [(f.check, f.line, f.text) for f in run(seed, glossary=True)] for seed in sorted(SEEDS.glob("*.txt"))
    }
    assert got == {
        "000_664d58feb8051902.txt": [],
        "001_e7435e2e0c69e2b1.txt": [],
        "002_76ec1d3fcebc3ef8.txt": [],
        "003_6052744c3d35b052.txt": [("variant-near", 10, "Novosibirskay")],
        "004_d6e4ea7b1299b517.txt": [],  # xinjiang: a glossary name in the wrong case (term-case)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We value co-operation.\n\nCooperation matters, and cooperation pays.",
            [("variant-spelling", 1, 10, "co-operation", "cooperation")],
        ),
        (
            "Send an e-mail or an email to us.",
            [("variant-spelling", 1, 22, "email", "e-mail")],
        ),  # tie: the first written
        (
            "The SciTech park. A Sci-Tech park. More sci-tech work and SciTech news.",
            [("variant-spelling", 1, 21, "Sci-Tech", "SciTech")],
        ),
        ("Use WeChat. We use Wechat daily, WeChat too.", [("variant-spelling", 1, 20, "Wechat", "WeChat")]),
        ("He went to Gu’an County.\n\nGu'an is close; Gu'an grows.", [("variant-spelling", 1, 12, "Gu’an", "Gu'an")]),
        # a headline's separators count (its capitals do not)
        (
            "• BJAST and Gu’an County Hold a Meeting\n\nIn Gu'an today, Gu'an people met.",
            [("variant-spelling", 1, 13, "Gu’an", "Gu'an")],
        ),
        (
            "The Xinjiang Branch met.\n\nThe Xinjiang branch and the Xinjiang branch agreed.",
            [("variant-spelling", 3, 5, "Xinjiang branch", "Xinjiang Branch")],
        ),
        ("We visited Beijing, then Beijing again, then Beijng.", [("variant-near", 1, 46, "Beijng", "Beijing")]),
        ("We visited Beijing and Beijng.", [("variant-near", 1, 24, "Beijng", "Beijing")]),  # tie: the known name
        ("Trips to Marburg, Marburg and Marlburg.", [("variant-near", 1, 31, "Marlburg", "Marburg")]),
        (
            "We use SARS-CoV-2 and SARS-CoV-2, not SARS-COV-2.",
            [("variant-spelling", 1, 39, "SARS-COV-2", "SARS-CoV-2")],
        ),
    ],
)
def test_flagged(tmp_path, text, expected):
    assert check(tmp_path, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # case differences of ordinary words: sentence starts, nav bars, headlines
        "Home Cooperation News\n\nWe discuss cooperation here.",
        "Video Conference on Sci-Tech Cooperation Held\n\nThe local sci-tech exchanges and sci-tech cooperation grew.",
        "Cooperation is key. We value cooperation.",
        # possessives and contractions: the quote style check's business, or different words
        "It's here and its there. We're here, were there. The People’s Government and the People's Congress.",
        # different words
        "He will re-sign the contract. She did resign.",
        "A co-op is not a coop.",
        "Trials in phase I-II and phase III.",
        # inflections and related words, real names
        "Russia and Russian ties, with China and Chinese firms, and Changchun and Changchun's plan.",
        "Israel and Israeli views, Tibet and Tibetan art, Siberia and Siberian winters.",
        "In Shanxi and Shaanxi provinces lived Xiaoming and Xiaoping.",
        "We met Andres and Andrew.",
        "The Coronaviridae family, the Coronaviridae tree, the Coronaviridae cases and the Coronavirinae subfamily.",
        "The Organization and the Organisation met.",
        # a capitalised word before a lower-case one is not always a name
        "Public health is key. We met Public Health England.",
        "We study Chinese medicine at the Institute of Chinese Medicine in town.",
        # a word capitalised only inside longer names, or an English word too
        "The Centers for Disease Control run two centers.",
        "We bought china in China, and again in China.",
        # all capitals: the names family judges AN Shengjie / An Shengjie
        "AN Shengjie met XIAO Wenjiao. An Shengjie said so.",
        # one spelling only
        "SciTech cooperation, SciTech parks and SciTech news.",
    ],
)
def test_not_flagged(tmp_path, text):
    assert check(tmp_path, text) == []


def test_urls_and_emails_are_not_words(tmp_path):
    assert check(tmp_path, "Mail info@scitech.example or see https://sci-tech.example/Sci-Tech today. SciTech!") == []


def test_release_english_reports_only_the_kept_errors():
    got = []
    for path in sorted((ROOT / "memories" / "releases").glob("*.en.txt")):
        got += [(path.name, f.check, f.text) for f in run(path, glossary=True)]
    assert got == [("2021-03-30-changchun-novosibirsk-conference.en.txt", "variant-near", "Novosibirskay")]


@needs_shared
def test_tatoeba_in_drafts_of_50_sentences_is_clean():
    with open(FIXTURES / "corpora" / "tatoeba_cmn-eng.tsv", encoding="utf-8", newline="") as fh:
        en = [row[0] for row in csv.reader(fh, delimiter="\t") if row]
    docs = [
        Document(
            f"t{c}", "text", [Segment(f"s{i}", Text(t, "en", f"t{c}", i + 1)) for i, t in enumerate(en[c : c + 50])]
        )
        for c in range(0, len(en), 50)
    ]
    assert run_qa(docs, QAContext(), only=ONLY).findings == []


# -- the word scan and the spelling groups against the plain way of writing them -----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tmkit.qa.checks import variants as V  # noqa: E402

# words, spaces and what makes a word initial or a line a title, in small pieces
_PIECES = st.lists(
    st.sampled_from(
        [
            "Gu'an",
            "Gu’an",
            "Sci-Tech",
            "sci-tech",
            "SciTech",
            "the",
            "The",
            "of",
            "People's",
            "it's",
            "we’re",
            "a",
            "X",
            "Branch",
            "branch",
            "Xinjiang",
            "co-operation",
            "2-Tech",
            "Co-operation",
            "ABC",
            "x2y",
            " ",
            "  ",
            "\t",
            "\u00a0",
            "\u3000",
            "\n",
            "\r\n",
            ".",
            "!",
            "(",
            "“",
            "-",
            "—",
            ",",
            "•",
            "1",
            "https://a.b/c",
        ]
    ),
    max_size=30,
).map("".join)


def _reference_occurrences(text: Text) -> list[V.Occ]:
    """_text_occurrences as first written: every line's title test on its own text, the initial
    test walking back over spaces."""
    out = []
    s = text.text
    for m in V._WORD.finditer(s):
        start, end = m.span()
        form = m.group()
        tail = V._TAIL.search(form)
        if tail:
            end -= len(tail.group())
            form = form[: len(form) - len(tail.group())]
        if text.masked and text.is_masked(start, end):
            continue
        j = start - 1
        while j >= 0 and s[j] in " \t\u00a0\u3000":
            j -= 1
        initial = j < 0 or s[j] in "\r\n" or s[j] in V._OPENERS
        a, b = V._line_bounds(s, start)
        out.append(V.Occ(text, start, end, form, initial, V.is_title_line(s[a:b])))
    return out


def _reference_groups(occs: list[V.Occ]) -> dict[str, list[V.Occ]]:
    groups: dict[str, list[V.Occ]] = {}
    for o in occs:
        if len(o.form) > 1:
            groups.setdefault(V._key(o.form), []).append(o)
    return {k: g for k, g in groups.items() if len({o.form for o in g}) > 1}


def _as_tuples(occs: list[V.Occ]) -> list[tuple]:
    return [(id(o.text), o.start, o.end, o.form, o.initial, o.title) for o in occs]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=4))
def test_word_scan_and_groups_equal_the_plain_way(texts: list[str]) -> None:
    items = [Text(s, "en", "d.txt") for s in texts]
    occs = []
    for t in items:
        got = V._text_occurrences(t)
        assert _as_tuples(got) == _as_tuples(_reference_occurrences(t))
        occs.extend(got)
    groups, forms_of = V._spelling_groups(occs)
    ref = _reference_groups(occs)
    assert list(groups) == list(ref)
    assert all(groups[k] == ref[k] for k in ref)
    # every key's forms in the order they first come
    firsts: dict[str, list[str]] = {}
    for o in occs:
        if len(o.form) > 1 and o.form not in firsts.setdefault(V._key(o.form), []):
            firsts[V._key(o.form)].append(o.form)
    assert forms_of == firsts
