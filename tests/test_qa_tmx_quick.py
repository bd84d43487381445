"""read_tmx_draft's quick path (the common <tu> read straight from the element) gives the draft the
full path gives, and the draft the function gave when every unit went through TmxReader._read_tu."""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLE, tmx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmkit.errors import InputError
from tmkit.qa import inputs
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import _disabled_from_notes, _pick_sides, read_tmx_draft


def _reference(path: str, bare_zh: str = "zh-CN") -> Document:
    """read_tmx_draft as first written: every unit read by TmxReader, sides by TranslationUnit.variant."""
    from tmkit.formats.tmx.reader import TmxReader

    doc = Document(path, "tmx")
    with TmxReader(path, bare_zh=bare_zh) as reader:
        for n, item in enumerate(reader, 1):
            unit = item.unit
            if unit is None or not unit.variants:
                continue
            srclang = unit.srclang or reader.header.srclang
            src, tgt = _pick_sides([v.lang for v in unit.variants], srclang)
            sid = unit.tuid or f"tu{n}"
            line = item.line or 1
            sv = unit.variant(src) if src else None
            tv = unit.variant(tgt) if tgt else None
            if doc.source_lang is None and sv is not None:
                doc.source_lang, doc.target_lang = sv.lang, tv.lang if tv else None
            notes = [x.text for x in unit.notes] + [x.text for v in unit.variants for x in v.notes]
            doc.segments.append(
                Segment(
                    sid,
                    Text(sv.text, sv.lang, path, line, 1, sid, "source") if sv else None,
                    Text(tv.text, tv.lang, path, line, 1, sid, "target") if tv else None,
                    disabled=_disabled_from_notes(notes),
                )
            )
    return doc


def _text(t: Text | None) -> tuple | None:
    if t is None:
        return None
    return (t.text, t.lang, t.file, t.line, t.column, t.segment, t.side, t.unit, t.masked)


def _shape(doc: Document) -> tuple:
    return (
        doc.source_lang,
        doc.target_lang,
        [(s.id, s.disabled, _text(s.source), _text(s.target)) for s in doc.segments],
    )


def _full_only(path: str, monkeypatch: pytest.MonkeyPatch) -> Document:
    with monkeypatch.context() as m:
        m.setattr(inputs._QuickUnits, "__call__", lambda self, tu: None)
        return read_tmx_draft(path)


def _same_three_ways(path: str, monkeypatch: pytest.MonkeyPatch) -> int:
    try:
        want = _shape(_reference(path))
    except InputError as e:
        with pytest.raises(InputError) as got:
            read_tmx_draft(path)
        assert str(got.value) == str(e)
        return 0
    assert _shape(read_tmx_draft(path)) == want
    assert _shape(_full_only(path, monkeypatch)) == want
    return len(want[2])


def test_fixtures_and_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(glob.glob(str(FIXTURES / "tmx" / "*.tmx"))) + [str(SAMPLE)]
    paths = [p for p in paths if os.path.exists(p)]
    assert paths
    assert sum(_same_three_ways(p, monkeypatch) for p in paths) > 0


_TUV_LANG = st.sampled_from(
    [
        'xml:lang="en-US"',
        'xml:lang="zh-CN"',
        'xml:lang="zh"',
        'xml:lang="ZH-tw"',
        'lang="en"',
        'xml:lang="fr"',
        'xml:lang="x!"',
        'xml:lang=""',
        'xml:lang="en" creationdate="20200101T000000Z"',
        'xml:lang="zh-CN" o-encoding="utf-8"',
        "",
    ]
)
_SEG = st.sampled_from(
    [
        "Hello.",
        "",
        "中文",
        "ä¸\u00adæ–‡",
        'a <bpt i="1">&lt;b&gt;</bpt>b<ept i="1">&lt;/b&gt;</ept>',
        "<ph>x</ph>",
        "two  spaces",
        "&amp; more",
        "Gu’an",
        "see https://x.org",
    ]
)
_TUV_EXTRA = st.sampled_from(["", "", "", "<note>tmkit-disable typo-double-space</note>", '<prop type="x">y</prop>'])


@st.composite
def _tuv(draw) -> str:
    extra = draw(_TUV_EXTRA)
    seg = draw(
        st.sampled_from([f"<seg>{draw(_SEG)}</seg>", f"<seg>{draw(_SEG)}</seg>", "", "<seg>a</seg><seg>b</seg>"])
    )
    return f"<tuv {draw(_TUV_LANG)}>{extra}{seg}</tuv>"


# <tu> attributes: ids, source languages the reader must map or reject, a bad date
_TU_ATTRS = [
    "",
    ' tuid="t1"',
    ' tuid="t2" srclang="zh-CN"',
    ' srclang="*all*"',
    ' srclang="x!"',
    ' srclang="ZH"',
    ' creationdate="bad"',
    ' srclang="en-GB" changeid="me"',
]


@st.composite
def _common_tu(draw) -> str:
    """What the quick path reads (most of the time): plain <tuv xml:lang><seg>text</seg></tuv>."""
    attrs = draw(st.sampled_from(_TU_ATTRS))
    langs = draw(
        st.lists(st.sampled_from(["en-US", "zh-CN", "zh", "ZH-tw", "en", "fr", "zh-Hant"]), min_size=1, max_size=3)
    )
    segs = [draw(_SEG) for _ in langs]
    inner = "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in zip(langs, segs, strict=True))
    return f"<tu{attrs}>{inner}</tu>"


@st.composite
def _tu(draw) -> str:
    attrs = draw(st.sampled_from(_TU_ATTRS))
    inner = draw(st.lists(_tuv(), max_size=3))
    note = draw(st.sampled_from(["", "", "<note>tmkit-disable *</note>", '<prop type="a">b</prop>', "<!-- c -->"]))
    return f"<tu{attrs}>{note}{''.join(inner)}</tu>"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.one_of(_tu(), _common_tu(), _common_tu()), max_size=6),
    st.sampled_from([None, 'srclang="zh-CN"', 'srclang="*all*"']),
)
def test_random_units_read_the_same_three_ways(tmp_path: Path, monkeypatch, units: list[str], srclang) -> None:
    header = None
    if srclang is not None:
        header = f'<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" {srclang} datatype="plaintext"/>'
    path = tmp_path / "d.tmx"
    path.write_text(tmx("\n".join(units), header=header), encoding="utf-8")
    _same_three_ways(str(path), monkeypatch)
