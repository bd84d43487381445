"""OmegaT-style tags typed in a query (`tmkit.text.tags`) and `tmkit match --tags`."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import FIXTURES, needs_shared
from tmkit.cli.app import app
from tmkit.text.tags import split_tags
from tmkit.tm import tm_import

runner = CliRunner()


@pytest.mark.parametrize(
    ("segment", "text", "codes"),
    [
        ("The <b0>Gu'an</b0> base opened<x1/>.", "The Gu'an base opened.", ("bpt", "ept", "ph")),
        ("<b0>Headset </b0><i1>(SPC505NC only) </i1>", "Headset (SPC505NC only) ", ("bpt", "ept", "bpt", "ept")),
        ("双方签署<g12>科技</g12>合作协议。", "双方签署科技合作协议。", ("bpt", "ept")),
        # not tags: a comparison, a heart, a tag without a number, a closing empty tag, a space
        ("a < b and c<3 <b>x</b> </b0/> <b 0>", "a < b and c<3 <b>x</b> </b0/> <b 0>", ()),
        ("", "", ()),
    ],
)
def test_split_tags(segment, text, codes):
    got = split_tags(segment)
    assert (got.text, got.codes) == (text, codes)


def test_spans_of_the_text_map_back_to_the_segment():
    got = split_tags("The <b0>Gu'an</b0> base<x1/>.")
    assert got.text == "The Gu'an base."
    start = got.text.index("Gu'an")
    assert got.original_span(start, start + 5) == (8, 13)  # "Gu'an" in the segment as written
    assert got.original_span(14, 15) == (28, 29)  # the full stop after <x1/>
    assert got.original_span(15, 15) == (29, 29)  # an empty span at the end stays empty


_TAGS = st.sampled_from(["<b0>", "</b0>", "<x1/>", "<i12>", "</i12>", "<g3/>"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet="ab 科<>/.0", max_size=5), _TAGS), max_size=12))
def test_taking_tags_out_keeps_the_text_and_names_each_tag(pieces):
    """Text without a tag in it, tags between: the text comes back whole, one code per tag in
    order, and every position of the text maps to its character in the segment."""
    kinds = {"<b0>": "bpt", "</b0>": "ept", "<x1/>": "ph", "<i12>": "bpt", "</i12>": "ept", "<g3/>": "ph"}
    segment = "".join(pieces)
    got = split_tags(segment)
    # a text piece may form a tag with its neighbours ("<b" + "0>"): compare with what the
    # segment really holds, tag by tag
    assert len(got.positions) == len(got.text) + 1
    assert all(segment[p] == c for p, c in zip(got.positions, got.text, strict=False))
    if all(p in kinds or "<" not in p and ">" not in p for p in pieces):
        assert got.text == "".join(p for p in pieces if p not in kinds)
        assert got.codes == tuple(kinds[p] for p in pieces if p in kinds)


@pytest.fixture(scope="module")
def tagged_memory(tmp_path_factory):
    db = tmp_path_factory.mktemp("tags") / "tm.db"
    tm_import(db, [FIXTURES / "tmx" / "heartsome_en-US_zh-CN_inline-tags.tmx"])
    return db


@needs_shared
@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        # the memory's source has six codes (three bold and italic runs): a plain query lacks them
        (["Headset (SPC505NC only) with:"], "  1. 94% (tags -6)"),
        # typed with its tags: read as text without --tags, as codes with it
        (["<b0>Headset </b0><i1>(SPC505NC only) </i1><b2>with:</b2>"], "  1. 19% (punctuation -15, tags -6)"),
        (["--tags", "<b0>Headset </b0><i1>(SPC505NC only) </i1><b2>with:</b2>"], "  1. 100%"),
        (["--tags", "<b0>Headset </b0>(SPC505NC only) <b2>with:</b2>"], "  1. 98% (tags -2)"),
    ],
)
def test_match_tags(tagged_memory, args, first_line):
    result = runner.invoke(app, ["--db", str(tagged_memory), "match", "--no-color", "--min", "10", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith(first_line + "  [unit 5, heartsome_en-US_zh-CN_inline-tags.tmx")


@needs_shared
def test_match_tags_marks_the_query_as_typed_and_json_gives_the_plain_text(tagged_memory):
    query = "<b0>Headsets </b0><i1>(SPC505NC only) </i1><b2>with:</b2>"
    result = runner.invoke(app, ["--db", str(tagged_memory), "match", "--no-color", "--tags", query])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:4] == [
        "     query:  <b0>[[Headsets]] </b0><i1>(SPC505NC only) </i1><b2>with:</b2>",
        "     source: [[Headset]] (SPC505NC only) with:",
    ]
    result = runner.invoke(app, ["--db", str(tagged_memory), "match", "--json", "--tags", query])
    data = json.loads(result.stdout)
    assert data["query"] == query
    assert data["query_text"] == "Headsets (SPC505NC only) with:"
    assert data["query_codes"] == ["bpt", "ept", "bpt", "ept", "bpt", "ept"]
    (m,) = data["matches"]
    assert (m["score"], m["diffs"][0]["query"]) == (75.0, [0, 8])  # offsets into query_text
