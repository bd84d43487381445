"""The raw path (common units read from the file's text) gives exactly what the tree path gives.

`tmkit.store.rawpath` reads UTF-8 files without building lxml trees for the common units; every
other unit goes through lxml, and anything unusual sends the rest of the file to the tree path.
Whatever happens, the rows, the issues (with their lines), the header and every error (message,
line and column) must be those of the tree path (`prepared_units(reader, raw=False)`).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE, TMX_DIR, needs_shared, tmx, tu
from tests.test_fastpath import EDGE_UNITS
from tests.test_roundtrip import unit, write_units
from tmkit.errors import InputError
from tmkit.formats.tmx.reader import TmxReader
from tmkit.store import rawpath
from tmkit.store.codec import dump_notes, dump_props
from tmkit.store.rows import prepared_units


def read(path: Path, raw: bool, **kw):
    """Everything the import takes from a file: units, header, file issues; or the error."""
    try:
        with TmxReader(path, **kw) as r:
            units = list(prepared_units(r, raw=raw))
            h = r.header
            header = (h.version, h.attrs, h.srclang, dump_notes(h.notes), dump_props(h.props), h.udes, h.line)
            return units, header, r.file_issues
    except InputError as e:
        return ("error", e.message, e.path, e.line, e.column, e.hint)


def same_both_ways(path: Path, **kw):
    raw = read(path, True, **kw)
    assert raw == read(path, False, **kw)
    return raw


@pytest.fixture
def gave_up(monkeypatch):
    """How many times the raw path handed a file over to the tree path."""
    calls = []
    real = TmxReader.restart

    def restart(self):
        calls.append(self.path)
        real(self)

    monkeypatch.setattr(TmxReader, "restart", restart)
    return calls


FIXTURES = sorted(p.name for p in TMX_DIR.glob("*.tmx") if p.stat().st_size) if TMX_DIR.is_dir() else []


@needs_shared
@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("repair", [True, False])
def test_fixtures_same_both_ways(name, repair):
    same_both_ways(TMX_DIR / name, repair_mojibake=repair)


def test_sample_is_read_from_its_text(gave_up):
    units, _header, _issues = same_both_ways(SAMPLE)
    assert len(units) > 30
    assert gave_up == []


def bench_like_units(n: int) -> str:
    """Units shaped like bench/gen_tmx.py's: attributes, notes, props, inline codes, escapes."""
    out = []
    for i in range(n):
        attrs = f'tuid="tu-{i:07d}" creationdate="20161122T185335Z" creationid="alice"'
        if i % 3 == 0:
            attrs += ' changedate="20170101T000000Z" changeid="bob"'
        lines = [f"    <tu {attrs}>\n"]
        if i % 4 == 0:
            lines.append("      <note>Reviewed &amp; approved.</note>\n")
        if i % 5 == 0:
            lines.append('      <prop type="x-domain">ecology</prop>\n')
        en, zh = f"Unit {i} (p &lt; 0.05), R&amp;D", f"单元{i}（研发）"
        if i % 7 == 0:
            en = f'Some <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept> text {i}'
            zh = f'一些<ph x="1">&lt;br/&gt;</ph>文字{i}'
        lines.append(f'      <tuv xml:lang="en-US"><seg>{en}</seg></tuv>\n')
        lines.append(f'      <tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>\n')
        lines.append("    </tu>\n")
        out.append("".join(lines))
    return "".join(out)


def test_bench_like_file_is_read_from_its_text(write, gave_up, monkeypatch):
    monkeypatch.setattr(rawpath, "CHUNK", 1000)  # units across chunk boundaries
    path = write("b.tmx", tmx(bench_like_units(400)))
    units, _header, _issues = same_both_ways(path)
    assert len(units) == 400
    assert gave_up == []


def test_crlf_file(write, gave_up, monkeypatch):
    monkeypatch.setattr(rawpath, "CHUNK", 777)  # CR and LF end up in different chunks
    text = tmx(bench_like_units(50) + tu("a\nb", "乙", "x") + '<tu tuid="i"><tuv xml:lang="en"><seg/></tuv></tu>')
    path = write("crlf.tmx", text.replace("\n", "\r\n"))
    units, _h, _i = same_both_ways(path)
    assert units[-2][1][1][0][3] == "a\nb"  # type: ignore[index]
    assert units[-1][0]  # its issue, with the right line
    assert gave_up == []


def test_gzip_and_bom(tmp_path, gave_up):
    path = tmp_path / "b.tmx.gz"
    path.write_bytes(gzip.compress(b"\xef\xbb\xbf" + tmx(bench_like_units(30)).encode()))
    same_both_ways(path)
    assert gave_up == []


@pytest.mark.parametrize("bare_zh", ["zh-CN", "zh"])
def test_edge_units(write, bare_zh):
    same_both_ways(write("edge.tmx", tmx("\n".join(EDGE_UNITS))), bare_zh=bare_zh)


RAW_EDGES = [
    tu("quotes &quot;x&quot; &apos;y&apos; > z", "引号", "q"),
    tu("char ref &#x4E2D; &#65;", "字符", "c"),
    tu("<![CDATA[a < b]]>", "数据", "cd"),
    tu("tab\there", "\u3000全角", "ws"),
    '<tu tuid="sq" creationid=\'me\'><tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    '<tu tuid="nl" creationid="a\tb"><tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    '<tu tuid="amp" creationid="a&amp;b"><tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    '<tu\n  tuid = "sp"\n><tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv>\n</tu >',
    '<tu tuid="ns" xmlns:a="urn:a" a:b="c"><tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    '<tu tuid="cm"><!-- </tu> --><tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    '<tu tuid="pi"><tuv xml:lang="en"><seg>x<?pi </tu>?></seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    '<tu tuid="n1"><note>a &amp; b</note><note></note><prop type="">v</prop><prop type="x">&lt;</prop>'
    '<tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv><note>after</note></tu>',
    '<tu tuid="n2"><note xml:lang="en">n</note><prop type="t" o-encoding="x">p</prop>'
    '<tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    '<tu tuid="n3"><tuv xml:lang="en"><seg>x</seg></tuv><note>between</note>'
    '<tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    '<tu tuid="i1"><tuv xml:lang="en"><seg>a <bpt i="1" type="bold">&lt;b&gt;</bpt>b<ept i="1">&lt;/b&gt;</ept> '
    "&amp; &gt; c</seg></tuv><tuv xml:lang=\"zh\"><seg><ph x='1'>{x}</ph>乙</seg></tuv></tu>",
    '<tu tuid="i2"><tuv xml:lang="en"><seg><ph x="1" bad="2">x</ph>a</seg></tuv>'
    '<tuv xml:lang="zh"><seg><ph  x="1"\n assoc="p">&amp;nbsp;</ph></seg></tuv></tu>',
    '<tu tuid="i3"><tuv xml:lang="en"><seg>a<ph type="x-tmkit-char">U+0001</ph>b</seg></tuv>'
    '<tuv xml:lang="zh"><seg>乙<ph/><it pos="begin">&lt;i&gt;</it></seg></tuv></tu>',
    '<tu tuid="i4"><tuv xml:lang="en"><seg><hi x="1">hi <ph>p</ph></hi></seg></tuv>'
    '<tuv xml:lang="zh"><seg><bpt i="1"><sub>s</sub></bpt>乙<ept i="1">e</ept></seg></tuv></tu>',
    '<tu tuid="i5"><tuv xml:lang="en"><seg><ph x="1">a</ph><ut>u</ut></seg></tuv>'
    '<tuv xml:lang="zh"><seg>Ã©tÃ©<ph x="1">b</ph></seg></tuv></tu>',
    '<tu tuid="i6"><tuv xml:lang="en"><seg><ph x="1">a</ph></seg></tuv>'
    '<tuv xml:lang="zh-CN"><seg>µÄ¶ú»ú<ph x="1">b</ph></seg></tuv></tu>',
    '<tu tuid="3v"><tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv>'
    '<tuv xml:lang="fr"><seg>y</seg></tuv></tu>',
    '<tu tuid="big" lastusagedate="x" usagecount="2"><tuv xml:lang="en" o-tmf="a"><seg>x</seg></tuv>'
    '<tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
    "<tu/>",
    '<tu tuid="empty"></tu>',
    '<tu tuid="ws">  <tuv xml:lang="en">  <seg>x</seg>  </tuv>  <tuv xml:lang="zh"><seg>乙</seg></tuv>  </tu>',
    '<tu tuid="txt">junk<tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="zh"><seg>乙</seg></tuv></tu>',
]


@pytest.mark.parametrize("bare_zh", ["zh-CN", "zh"])
def test_raw_edge_units(write, bare_zh):
    same_both_ways(write("edge.tmx", tmx("\n".join(RAW_EDGES))), bare_zh=bare_zh)


@pytest.mark.parametrize("case", range(len(RAW_EDGES)))
def test_each_raw_edge_unit_between_common_ones(write, case):
    body = bench_like_units(3) + RAW_EDGES[case] + "\n" + bench_like_units(3)
    same_both_ways(write("one.tmx", tmx(body)))


DOCUMENTS = {
    "comment between units": tmx(tu("a", "甲", "1") + "<!-- <tu> -->" + tu("b", "乙", "2")),
    "pi between units": tmx(tu("a", "甲", "1") + "<?x y?>" + tu("b", "乙", "2")),
    "text between units": tmx(tu("a", "甲", "1") + "junk" + tu("b", "乙", "2")),
    "other element in body": tmx(tu("a", "甲", "1") + "<x><tu><tuv xml:lang='en'><seg>i</seg></tuv></tu></x>"),
    "unit after body": tmx(tu("a", "甲", "1")).replace("</body>", f"</body>{tu('b', '乙', '2')}"),
    "header after body": tmx(tu("a", "甲", "1")).replace("</body>", "</body><header srclang='fr'/>"),
    "comment after root": tmx(tu("a", "甲", "1")) + "<!-- end -->\n",
    "no header": tmx(tu("a", "甲", "1"), header=""),
    "header with everything": tmx(
        tu("a", "甲", "1"),
        header='<header srclang="zh_cn" creationtool="t"><note>n &amp; m</note><prop type="p">v</prop>'
        '<ude name="u"><map unicode="#xF8FF" code="#xF0"/></ude><!-- <tu> --></header>',
    ),
    "unit in header": tmx(
        tu("a", "甲", "1"), header="<header><tu tuid='h'><tuv xml:lang='en'><seg>h</seg></tuv></tu></header>"
    ),
    "comment in head with a tu": tmx(tu("a", "甲", "1")).replace("<body>", "<body><!-- <tu> x -->"),
    "namespace on root": tmx(tu("a", "甲", "1")).replace('<tmx version="1.4">', '<tmx version="1.4" xmlns:a="urn:a">'),
    "default namespace": tmx(tu("a", "甲", "1")).replace('<tmx version="1.4">', '<tmx version="1.4" xmlns="urn:a">'),
    "internal subset": tmx(tu("a", "甲", "1")).replace(
        "<tmx ", "<!DOCTYPE tmx [<!ATTLIST tu tuid ID #IMPLIED>]>\n<tmx "
    ),
    "external dtd": tmx(tu("a", "甲", "1") + tu("b&nbsp;", "乙", "2")).replace(
        "<tmx ", '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx '
    ),
    "version 1.1": tmx(tu("a", "甲", "1"), version="1.1"),
    "unknown version": tmx(tu("a", "甲", "1"), version="9"),
    "no units": tmx(""),
    "empty body": tmx("").replace("<body>\n\n</body>", "<body/>"),
    "lone CR": tmx(tu("a\rb", "甲", "1")),
    "latin-1": tmx(tu("café", "甲", "1"), decl='<?xml version="1.0" encoding="ISO-8859-1"?>'),
    "bom and latin-1": "\ufeff" + tmx(tu("café", "甲", "1"), decl='<?xml version="1.0" encoding="ISO-8859-1"?>'),
    "utf8 without hyphen": tmx(tu("café", "甲", "1"), decl='<?xml version="1.0" encoding="UTF8"?>'),
    "single-quoted declaration": tmx(tu("café", "甲", "1"), decl="<?xml version='1.0' encoding='utf-8'?>"),
    "not tmx": '<?xml version="1.0"?><xliff><header/><body><tu/></body></xliff>',
    # not well-formed: the error (message, line, column) must be lxml's, as on the tree path
    "truncated": tmx(bench_like_units(20))[:-40],
    "truncated in head": tmx(tu("a", "甲", "1"))[:60],
    "mismatched tag": tmx(bench_like_units(5) + "<tu><tuv xml:lang='en'><seg>x</tuv></tu>" + bench_like_units(5)),
    "bad char": tmx(bench_like_units(5) + tu("a\x01b", "甲", "1")),
    "cdata end in text": tmx(tu("a ]]> b", "甲", "1")),
    "duplicate attribute": tmx('<tu tuid="1" tuid="2">' + tu("a", "甲")[4:]),
    "lt in attribute": tmx('<tu tuid="a<b">' + tu("a", "甲")[4:]),
    "junk after root": tmx(tu("a", "甲", "1")) + "<more/>",
    "unclosed body": tmx(tu("a", "甲", "1")).replace("</body>", ""),
    "code tag mismatch": tmx(tu('<bpt i="1">x</ept>', "甲", "1")),
    "bad name": tmx(tu("a", "甲", "1")).replace("<tuv", "<1tuv", 1),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_documents(write, name):
    same_both_ways(write("d.tmx", DOCUMENTS[name]))


def test_undefined_entity_is_reported_where_it_is(write):
    """The one error that differs: lxml's tree builder reports an undefined entity as "no element
    found" without a position; the raw path's checking parser reports the entity and where it is."""
    path = write("e.tmx", tmx(tu("a", "甲", "1") + "\n" + tu("a &nbsp; b", "乙", "2")))
    raw = read(path, True)
    assert raw[:2] == ("error", "not well-formed XML: Entity 'nbsp' not defined")
    assert raw[3:5] == (6, 49)
    assert "entities other than" in raw[5]  # type: ignore[operator]
    assert read(path, False)[:4] == ("error", "not well-formed XML: no element found", str(path), 0)


def test_a_huge_unit_goes_the_tree_path(write, gave_up, monkeypatch):
    monkeypatch.setattr(rawpath, "CHUNK", 1000)
    monkeypatch.setattr(rawpath, "_SPAN_LIMIT", 5000)
    same_both_ways(write("huge.tmx", tmx(bench_like_units(20) + tu("x" * 20000, "甲", "h") + bench_like_units(5))))
    assert len(gave_up) == 1


def test_bad_utf8(write):
    data = tmx(bench_like_units(5) + tu("café", "甲", "1")).encode("utf-8").replace("café".encode(), b"caf\xe9")
    result = same_both_ways(write("bad.tmx", data))
    assert result[0] == "error"


def test_errors_keep_their_position_in_large_files(write, monkeypatch):
    monkeypatch.setattr(rawpath, "CHUNK", 4096)
    body = bench_like_units(300) + "<tu><tuv xml:lang='en'><seg>x</tuv></tu>" + bench_like_units(300)
    result = same_both_ways(write("big.tmx", tmx(body)))
    assert result[0] == "error" and result[3] > 1000  # type: ignore[operator]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(unit(), min_size=1, max_size=6))
def test_random_units_same_both_ways(tmp_path, units):
    path = tmp_path / "rt.tmx"
    write_units(path, units)
    same_both_ways(path)


piece = st.sampled_from(
    [
        "a",
        "中文",
        " ",
        "\n",
        "\t",
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&apos;",
        "&#65;",
        ">",
        '"',
        "'",
        "Ã©",
        "<![CDATA[<c>]]>",
        "<!--c-->",
        '<ph x="1">&lt;b&gt;</ph>',
        '<bpt i="1">{</bpt>',
        '<ept i="1">}</ept>',
        "<ph/>",
        '<ph x="1" type="x-tmkit-char">U+0001</ph>',
        "<hi>h</hi>",
        '<it pos="end">x</it>',
    ]
)
segment_text = st.lists(piece, max_size=5).map("".join)
attr = st.sampled_from(
    [
        ' tuid="t"',
        ' tuid="t&amp;u"',
        " tuid='s'",
        ' creationdate="20200101T000000Z"',
        ' changedate="bad"',
        ' changedate="20210304T050607Z"',
        ' creationdate="2020\uff10101T000000Z"',  # a full-width digit, which TMX_DATE accepts
        ' creationid="me"',
        ' changeid=""',
        ' tuid=""',
        ' usagecount="3"',
        ' srclang="zh_cn"',
        ' srclang="*all*"',
        '\n  datatype = "html"',
        ' o-tmf="a\tb"',
    ]
)
block = st.sampled_from(
    ["", "<note>n</note>", '<prop type="p">v &amp; w</prop>', "<note/>", '<note xml:lang="en">x</note>']
)
lang = st.sampled_from(["en-US", "zh-CN", "zh", "ZH_tw", "fr", "", "x"])
space = st.sampled_from(["", " ", "\n    ", "\r\n"])


@st.composite
def raw_unit(draw):
    attrs = "".join(dict.fromkeys(draw(st.lists(attr, max_size=4))))  # no attribute twice
    parts = [f"<tu{attrs}>"]
    for _ in range(draw(st.integers(0, 4))):
        parts.append(draw(space))
        if draw(st.booleans()):
            parts.append(f'<tuv xml:lang="{draw(lang)}"><seg>{draw(segment_text)}</seg></tuv>')
        else:
            parts.append(draw(block))
    parts.append(draw(space) + "</tu>")
    return "".join(parts)


@pytest.mark.parametrize(
    "attrs",
    [
        ' tuid="t1" creationdate="20200101T000000Z" creationid="me" changedate="20210101T000000Z" changeid="you"',
        ' tuid="t1" creationdate="20200101T000000Z" creationid="me"',
        ' creationdate="20200101T000000Z" changeid="you"',
        ' tuid=""',
        ' creationid="me" tuid="t1"',  # another order: the general path
        ' tuid="t1"  creationid="me"',  # two spaces: the general path
        ' tuid="t1" creationdate="2020-01-01"',  # invalid date: a unit of the tree path
        ' tuid="t1" changedate="20200101T000000Z" creationdate="20190101T000000Z"',
        ' tuid="t1" creationdate="20200101T000000Z" usagecount="2"',
    ],
)
def test_common_unit_heads(write, gave_up, attrs):
    body = bench_like_units(2) + f'<tu{attrs}><tuv xml:lang="en-US"><seg>a</seg></tuv>'
    body += '<tuv xml:lang="zh-CN"><seg>甲</seg></tuv></tu>\n' + bench_like_units(2)
    units, _header, _issues = same_both_ways(write("heads.tmx", tmx(body)))
    assert len(units) == 5 and not gave_up


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(raw_unit(), min_size=1, max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_random_raw_units_same_both_ways(tmp_path, units, newline):
    path = tmp_path / "raw.tmx"
    path.write_bytes(tmx(newline.join(units)).replace("\n", newline).encode("utf-8"))
    same_both_ways(path)
