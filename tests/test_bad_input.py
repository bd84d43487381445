"""Hostile, malformed and invalid input: a clear error with file/line, and nothing lost."""

from __future__ import annotations

import time

import pytest

from tests.conftest import tmx, tu
from tmkit.errors import InputError
from tmkit.store import Memory

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>
<body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv><tuv xml:lang="zh-CN"><seg>笑</seg></tuv></tu></body></tmx>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>
<body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv><tuv xml:lang="zh-CN"><seg>秘密</seg></tuv></tu></body></tmx>
"""

PARAM_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<tmx version="1.4"><header/><body/></tmx>
"""


def _units(db) -> int:
    with Memory.open(db) as m:
        return m.stats().units


def _seed(db, write) -> None:
    with Memory.open(db) as m:
        m.import_tmx([write("seed.tmx", tmx(tu("Hello", "你好", "seed-1")))])


@pytest.mark.parametrize(
    ("content", "needle", "line"),
    [
        (BILLION_LAUGHS, "declares an XML entity (lol)", 3),
        (XXE, "declares an XML entity (secret)", 2),
        (PARAM_ENTITY, "declares an XML parameter entity (remote)", 2),
    ],
)
def test_entity_declarations_fail_fast(content, needle, line, write, db):
    _seed(db, write)
    path = write("hostile.tmx", content)
    start = time.perf_counter()
    with Memory.open(db) as m, pytest.raises(InputError) as exc:
        m.import_tmx([path])
    assert time.perf_counter() - start < 5  # fails at the prolog, never expands anything
    assert needle in exc.value.message
    assert (exc.value.path, exc.value.line) == (str(path), line)
    assert _units(db) == 1


def test_not_well_formed_aborts_with_line_and_column_and_rolls_back(write, db):
    _seed(db, write)
    good = write("good.tmx", tmx(tu("One", "一", "g1")))
    body = tu("Two", "二", "b1") + "\n" + '<tu tuid="b2"><tuv xml:lang="en-US"><seg>Three</tuv></tu>'
    bad = write("bad.tmx", tmx(body))
    with Memory.open(db) as m, pytest.raises(InputError) as exc:
        m.import_tmx([good, bad])
    err = exc.value
    assert err.path == str(bad)
    assert err.line == 6 and err.column is not None
    assert "not well-formed" in err.message and "seg" in err.message
    assert _units(db) == 1  # neither the good file nor the bad file's first unit was kept


def test_wrong_encoding_says_so(write, db):
    text = tmx(tu("China", "中国"))
    path = write("gbk.tmx", text.encode("gbk"))
    with Memory.open(db) as m, pytest.raises(InputError) as exc:
        m.import_tmx([path])
    assert exc.value.line == 5
    assert "declared encoding" in (exc.value.hint or "")


def test_declared_gbk_is_read(write, db):
    text = tmx(tu("China", "中国"), decl='<?xml version="1.0" encoding="GBK"?>')
    path = write("gbk.tmx", text.encode("gbk"))
    with Memory.open(db) as m:
        m.import_tmx([path])
        assert m.conn.execute("SELECT text FROM variants WHERE lang='zh-CN'").fetchone()[0] == "中国"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<?xml version="1.0"?><xliff version="1.2"><file/></xliff>', "the root element is <xliff>, not <tmx>"),
        ('<?xml version="1.0"?><tmx version="1.4"></tmx>', "XML but not TMX"),
        ("   \n\n", "empty file"),
        ("\ufeff", "empty file"),
    ],
)
def test_not_tmx(content, message, write, db):
    path = write("x.tmx", content)
    with Memory.open(db) as m, pytest.raises(InputError) as exc:
        m.import_tmx([path])
    assert message in str(exc.value)


def test_missing_file_and_folder(tmp_path, db):
    with Memory.open(db) as m:
        with pytest.raises(InputError, match="no such file"):
            m.import_tmx([tmp_path / "nope.tmx"])
        with pytest.raises(InputError, match="is a folder"):
            m.import_tmx([tmp_path])


INVALID_UNITS = "\n".join(
    [
        tu("Good", "好", "ok-1"),
        '<tu tuid="no-seg"><tuv xml:lang="en-US"><seg>A</seg></tuv><tuv xml:lang="zh-CN"></tuv></tu>',
        '<tu tuid="no-lang"><tuv><seg>B</seg></tuv><tuv xml:lang="zh-CN"><seg>乙</seg></tuv></tu>',
        '<tu tuid="empty"><tuv xml:lang="en-US"><seg></seg></tuv><tuv xml:lang="zh-CN"><seg/></tuv></tu>',
        '<tu tuid="no-tuv"><prop type="x">y</prop></tu>',
        '<tu tuid="bad-lang"><tuv xml:lang="en US"><seg>C</seg></tuv><tuv xml:lang="zh-CN"><seg>丙</seg></tuv></tu>',
        '<tu tuid="two-segs"><tuv xml:lang="en-US"><seg>D</seg><seg>E</seg></tuv><tuv xml:lang="zh-CN"><seg>丁</seg></tuv></tu>',
        tu("Also good", "也好", "ok-2"),
    ]
)


def test_invalid_units_are_reported_with_line_and_tuid_and_skipped(write, db):
    path = write("units.tmx", tmx(INVALID_UNITS))
    with Memory.open(db) as m:
        report = m.import_tmx([path])
        assert (report.total("created"), report.total("failed")) == (2, 6)
        assert not report.ok
        errors = [(i["line"], i["tuid"], i["code"]) for i in report.issues if i["severity"] == "error"]
        assert errors == [
            (6, "no-seg", "no-seg"),
            (7, "no-lang", "no-lang"),
            (8, "empty", "all-empty"),
            (9, "no-tuv", "no-tuv"),
            (10, "bad-lang", "bad-lang"),
            (11, "two-segs", "multiple-segs"),
        ]
        assert sorted(r[0] for r in m.conn.execute("SELECT tuid FROM units")) == ["ok-1", "ok-2"]


def test_strict_rolls_back_everything(write, db):
    _seed(db, write)
    path = write("units.tmx", tmx(INVALID_UNITS))
    with Memory.open(db) as m:
        report = m.import_tmx([path], strict=True)
    assert report.rolled_back and report.total("failed") == 6
    assert _units(db) == 1


def test_empty_variant_dropped_with_warning(write, db):
    body = (
        '<tu tuid="t"><tuv xml:lang="en-US"><seg>Only English</seg></tuv><tuv xml:lang="zh-CN"><seg></seg></tuv></tu>'
    )
    with Memory.open(db) as m:
        report = m.import_tmx([write("e.tmx", tmx(body))])
        codes = [i["code"] for i in report.issues]
        assert codes == ["empty-seg", "single-variant"]
        assert report.ok and m.stats().variants == 1


def test_unknown_inline_element_is_kept_as_placeholder(write, db):
    body = tu('Press <g id="1">OK</g> now', "按确定")
    with Memory.open(db) as m:
        report = m.import_tmx([write("g.tmx", tmx(body))])
        assert [i["code"] for i in report.issues] == ["inline"]
        text, markup = m.conn.execute("SELECT text, markup FROM variants WHERE lang = 'en-US'").fetchone()
    assert text == "Press  now"
    assert markup == 'Press <ph type="x-unknown-element">&lt;g id="1"&gt;OK&lt;/g&gt;</ph> now'


def test_bad_dates_are_warned_but_kept(write, db):
    body = tu("Dated", "日期", "d", extra=' creationdate="2021-05-21"')
    with Memory.open(db) as m:
        report = m.import_tmx([write("d.tmx", tmx(body))])
        assert [i["code"] for i in report.issues] == ["bad-date"]
        assert m.conn.execute("SELECT creation_date FROM units").fetchone()[0] == "2021-05-21"


def test_whitespace_only_segment_is_content(write, db):
    """Catalyst's unit 281 is a no-break space in both languages: a real UI string, kept."""
    body = '<tu tuid="s"><tuv xml:lang="en-US"><seg>\u00a0 </seg></tuv><tuv xml:lang="zh-CN"><seg>\u00a0 </seg></tuv></tu>'
    with Memory.open(db) as m:
        report = m.import_tmx([write("s.tmx", tmx(body))])
        assert report.ok and report.issues == []
        assert m.stats().variants == 2


@pytest.mark.parametrize("label", ["U+D800", "U+110000", "U+0041"])
def test_char_placeholder_only_restores_characters_xml_cannot_carry(label, write, db):
    body = tu(f'a<ph type="x-tmkit-char">{label}</ph>b', "乙")
    with Memory.open(db) as m:
        report = m.import_tmx([write("c.tmx", tmx(body))])
        assert report.ok
        text, markup = m.conn.execute("SELECT text, markup FROM variants WHERE lang = 'en-US'").fetchone()
    assert text == "ab"
    assert markup == f'a<ph type="x-tmkit-char">{label}</ph>b'


def test_failed_import_leaves_no_new_memory_file(tmp_path):
    from tmkit.tm import tm_import

    db = tmp_path / "new.db"
    with pytest.raises(InputError):
        tm_import(db, [tmp_path / "missing.tmx"])
    assert not db.exists()
