"""The import's fast path gives exactly the rows of the full path, unit by unit.

`tmkit.store.rows.FastPath` reads common units straight from the parsed element; anything
it declines goes through `TmxReader` + `prepare`. Both must agree on every unit the fast path
accepts: same columns, same duplicate key, same content hash, and no issues lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE, TMX_DIR, needs_shared, tmx, tu
from tests.test_roundtrip import unit, write_units
from tmkit.formats.tmx.reader import TmxReader
from tmkit.model.unit import digest
from tmkit.store import rows
from tmkit.store.rows import prepared_units


def both_paths(path: Path, **kw):
    with TmxReader(path, **kw) as r:
        fast = list(prepared_units(r, fast=True))
    with TmxReader(path, **kw) as r:
        full = list(prepared_units(r, fast=False))
    return fast, full


def fast_count(path: Path) -> int:
    """How many units the fast path took."""
    taken = 0
    original = rows.FastPath.prepare

    def counting(self, *a):
        nonlocal taken
        p = original(self, *a)
        taken += p is not None
        return p

    rows.FastPath.prepare = counting
    try:
        with TmxReader(path) as r:
            list(prepared_units(r))
    finally:
        rows.FastPath.prepare = original
    return taken


FIXTURES = sorted(p.name for p in TMX_DIR.glob("*.tmx") if p.stat().st_size) if TMX_DIR.is_dir() else []


@needs_shared
@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("repair", [True, False])
def test_fixtures_same_rows_both_ways(name, repair):
    fast, full = both_paths(TMX_DIR / name, repair_mojibake=repair)
    assert fast == full


def test_sample_same_rows_and_mostly_fast():
    fast, full = both_paths(SAMPLE)
    assert fast == full
    assert fast_count(SAMPLE) > len(full) // 2


EDGE_UNITS = [
    tu("Hello", "你好", "t1"),
    tu("Hello", "你好"),  # no tuid: the key is the text
    tu("Same", "同", "t2") + tu("Same", "同", "t2"),
    tu("Dated", "日期", "t3", ' creationdate="20200101T000000Z" changedate="bad" usagecount="3"'),
    tu("Attrs", "属性", "t4", ' usagecount="3" datatype="plaintext" creationid="me" changeid="you"'),
    tu("Src", "源", "t5", ' srclang="zh_cn"') + tu("Src", "源", "t5b", ' srclang="*all*"'),
    tu("", "空", "t6"),  # empty segment: warning, full path
    tu("Only", "", "t7"),
    tu("Ent &amp; &lt;x&gt;", "实体", "t8"),
    tu("A <ph x='1'>&lt;b&gt;</ph> code", "代码", "t9"),
    tu("Ã©tÃ©", "µÄ¶ú»ú", "t10"),  # a mojibake candidate: full path
    '<tu tuid="t11"><note>n1</note><prop type="x-a" xml:lang="en">p</prop><note xml:lang="zh-CN">n2</note>'
    '<tuv xml:lang="en-US" creationdate="20200101T000000Z"><prop type="x-v">vp</prop><note>vn</note><seg>X</seg></tuv>'
    '<tuv xml:lang="zh-CN" o-encoding="gbk"><seg>乙</seg></tuv></tu>',
    '<tu tuid="t12"><tuv xml:lang="en-US" creationdate="nope"><seg>X</seg></tuv>'
    '<tuv xml:lang="zh-CN"><seg>乙</seg></tuv></tu>',
    '<tu tuid="t13"><tuv lang="EN"><seg>old</seg></tuv><tuv lang="ZH-CN"><seg>旧</seg></tuv></tu>',
    '<tu tuid="t14"><tuv xml:lang="en-US"><seg>one</seg><seg>two</seg></tuv><tuv xml:lang="zh"><seg>二</seg></tuv></tu>',
    '<tu tuid="t15"><tuv xml:lang="en-US"><seg>x</seg></tuv></tu>',
    '<tu tuid="t16"><tuv><seg>x</seg></tuv><tuv xml:lang="zh-CN"><seg>乙</seg></tuv></tu>',
    '<tu tuid="t17"><tuv xml:lang="en-US"><seg>x</seg></tuv><tuv xml:lang="zh-CN"><seg>乙</seg></tuv><bogus/></tu>',
    '<tu tuid="t18"><tuv xml:lang="en-US"><seg>x</seg></tuv><tuv xml:lang="zh-CN"><seg>乙</seg></tuv>'
    '<tuv xml:lang="en-GB"><seg>x</seg></tuv><tuv xml:lang="en-US"><seg>y</seg></tuv></tu>',
    '<tu tuid=""><tuv xml:lang="en-US"><seg> </seg></tuv><tuv xml:lang="zh-CN"><seg>\u3000</seg></tuv></tu>',
    '<tu><tuv xml:lang="en-US"><seg>a&#13;b</seg></tuv><tuv xml:lang="zh-TW"><seg>乙</seg></tuv></tu>',
    '<tu tuid="t19"><tuv xml:lang="en-US"><seg>x<!-- c --></seg></tuv><tuv xml:lang="zh-CN"><seg>乙</seg></tuv></tu>',
    '<tu tuid="t20"><tuv xml:lang="en-US"><seg/></tuv><tuv xml:lang="zh-CN"><seg>乙</seg></tuv></tu>',
    '<tu tuid="t21"><tuv xml:lang="1bad"><seg>x</seg></tuv><tuv xml:lang="zh-CN"><seg>乙</seg></tuv></tu>',
]


@pytest.mark.parametrize("bare_zh", ["zh-CN", "zh"])
def test_edge_units_same_rows_both_ways(write, bare_zh):
    path = write("edge.tmx", tmx("\n".join(EDGE_UNITS)))
    fast, full = both_paths(path, bare_zh=bare_zh)
    assert fast == full
    assert len(full) == len(EDGE_UNITS) + 2  # t2 and t5 hold two units each


def test_header_srclang_and_no_header(write):
    body = tu("A", "甲", "1") + tu("B", "乙")
    for header in ('<header srclang="EN_us" creationtool="t"/>', '<header srclang="*all*"/>', ""):
        path = write("h.tmx", tmx(body, header=header))
        fast, full = both_paths(path)
        assert fast == full


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(unit(), min_size=1, max_size=6))
def test_random_units_same_rows_both_ways(tmp_path, units):
    path = tmp_path / "rt.tmx"
    write_units(path, units)
    fast, full = both_paths(path)
    assert fast == full


@settings(max_examples=150, deadline=None)
@given(unit())
def test_keys_are_the_model_digests(u):
    """KeyMaker builds its strings directly; it must give `duplicate_key()` and the digest of
    every stored column but pos and lang_orig, exactly as before."""
    fields, variants = rows.prepare(u)
    parts = [rows._NONE_PART[2:] if f is None else f for f in fields]
    for v in variants:
        parts.extend("\x00" if x is None else x for x in (v[1], v[3], v[4], v[5], v[6], v[7]))
    assert rows.KeyMaker()(fields, variants) == (u.duplicate_key(), digest(parts))


def _model_keys(u):
    fields, variants = rows.prepare(u)
    parts = [rows._NONE_PART[2:] if f is None else f for f in fields]
    for v in variants:
        parts.extend("\x00" if x is None else x for x in (v[1], v[3], v[4], v[5], v[6], v[7]))
    return fields, variants, (u.duplicate_key(), digest(parts))


@pytest.mark.parametrize("tuid", ["t1", None, "t\ud800"])
@pytest.mark.parametrize("where", ["text", "note", "none"])
def test_keys_with_lone_surrogates(tuid, where):
    """KeyMaker encodes its pieces strictly; a lone surrogate (not from XML, but possible in a
    model unit) falls back to hashing the whole string, with the model's bytes."""
    from tmkit.model import Note, TranslationUnit, Variant

    odd = "a\udc80b" if where != "none" else "ab"
    u = TranslationUnit(
        [Variant("en-US", odd if where == "text" else "x"), Variant("zh-CN", "中文")],
        tuid=tuid,
        notes=[Note(odd)] if where == "note" else [],
    )
    fields, variants, expected = _model_keys(u)
    assert rows.KeyMaker()(fields, variants) == expected
    assert rows._slow_keys(fields, variants) == expected
