"""TBX termbases: the real fixtures, hostile and broken input, both export flavours, round trips,
and the tools that read the exports (translate-toolkit, OmegaT 3.6)."""

from __future__ import annotations

import gzip
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import FIXTURES, OMEGAT_CHECK, SHARED, needs_omegat, needs_shared
from tmkit.errors import InputError, UsageError
from tmkit.formats.tbx import read_tbx, tbx_flavour, write_tbx
from tmkit.formats.tbx.mapping import canonical, clean_id, lines, pos_from_tbx, status_from_tbx, type_from_tbx
from tmkit.model.term import (
    CASE_RULES,
    CONFIDENCES,
    POS_VALUES,
    STATUSES,
    SUBJECTS,
    TERM_LANGS,
    TERM_TYPES,
    Concept,
    Glossary,
    Term,
    lang_rank,
    status_rank,
)

TBX_DIR = FIXTURES / "tbx"
HEARTSOME = TBX_DIR / "heartsome_martif_en-US_zh-CN.tbx"
MICROSOFT = TBX_DIR / "microsoft_terminology_ntig_sample.tbx"
EMPTY = TBX_DIR / "empty.tbx"
BASIC_DIR = SHARED / "schemas" / "tbx-basic"
RNG = BASIC_DIR / "TBXcoreStructV03_TBX-Basic_integrated.rng"
ASTRONOMY = BASIC_DIR / "Example_Astronomy_DCA_VALID.tbx"

needs_rng = pytest.mark.skipif(not RNG.is_file(), reason="../shared/schemas/tbx-basic is absent")


def martif(body: str, root: str = '<martif type="TBX" xml:lang="en">') -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{root}\n<text><body>\n{body}\n</body></text>\n</martif>\n'


def v3(body: str, ns: str = "urn:iso:std:iso:30042:ed-2", extra: str = "", style: str = "dca") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<tbx type="TBX-Basic" style="{style}" xml:lang="en" xmlns="{ns}"{extra}>\n'
        "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n"
        f"<text><body>\n{body}\n</body></text>\n</tbx>\n"
    )


@pytest.fixture
def put(tmp_path: Path):
    def _put(text: str | bytes, name: str = "t.tbx") -> Path:
        p = tmp_path / name
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return p

    return _put


def content(g: Glossary) -> dict:
    """A glossary's content, without where it was read from."""
    return {
        c.id: (
            c.subject,
            c.definition,
            c.note,
            c.source,
            c.confidence,
            [(t.lang, t.text, t.status, t.type, t.case, t.pos, t.usage) for t in c.terms],
        )
        for c in g
    }


_RELAXNG: etree.RelaxNG | None = None


def relaxng() -> etree.RelaxNG:
    global _RELAXNG
    if _RELAXNG is None:
        _RELAXNG = etree.RelaxNG(etree.parse(str(RNG)))
    return _RELAXNG


def assert_valid_tbx_basic(path: Path) -> None:
    schema = relaxng()
    ok = schema.validate(etree.parse(str(path)))
    assert ok, str(schema.error_log)


# -- the real fixtures -------------------------------------------------------------------------------


@needs_shared
def test_heartsome_martif_fixture():
    g = read_tbx(HEARTSOME)
    assert len(g) == 314
    assert g.term_count() == 628
    assert {t.lang for c in g for t in c.terms} == {"en", "zh-CN"}  # en-US is en in a termbase
    assert all([t.lang for t in c.terms] == ["en", "zh-CN"] for c in g)
    assert all(t.status == "preferred" and t.type == "full" for c in g for t in c.terms)
    first = g.get("1219131555453")  # id="_1219131555453"
    assert first is not None and first.line == 6
    assert [t.text for t in first.terms] == ["test modify date", "测'试'修'改'日'期"]
    assert first.note == "Txt::Text Field: TI-07196 Neroc SPC620NC"  # whitespace runs collapsed
    assert sum(c.note.startswith("Txt::Text Field: ") for c in g) == 127
    assert g.get("1219131555484").terms[1].text == "µÄ¶ú»ú"  # mojibake kept as it is
    assert list(g.concepts)[-1] == "1219131560546"
    assert tbx_flavour(HEARTSOME) == "tbx"


@needs_shared
def test_microsoft_ntig_sample_exact():
    g = read_tbx(MICROSOFT)
    assert content(g) == {
        "3344-38882-38896": (
            "general",
            "The state that is implicitly associated with a given COM+ object. The context contains information "
            "about the execution environment of an object, such as the identity of the creator of an object and, "
            "optionally, the transaction encompassing the work of the object.",
            "",
            "",
            "medium",
            [
                ("en", "context", "preferred", "full", "", "noun", ""),
                ("zh-TW", "上下文", "preferred", "full", "", "noun", ""),
            ],
        ),
        "19240-652212-670671": (
            "general",
            "A number that Project automatically assigns to a task as you add it to the project. The task ID "
            "indicates the position of the task with respect to the other tasks.",
            "",
            "",
            "medium",
            [
                ("en", "task ID", "preferred", "full", "", "noun", ""),
                ("zh-TW", "任務識別碼", "preferred", "full", "", "noun", ""),
            ],
        ),
    }
    first = g.get("3344-38882-38896")
    assert (first.line, first.terms[0].line, first.terms[1].line) == (15, 22, 31)
    assert first.path == str(MICROSOFT) and g.source == str(MICROSOFT)


@needs_shared
def test_empty_fixture_is_an_input_error():
    with pytest.raises(InputError) as exc:
        read_tbx(EMPTY)
    assert "empty file (0 bytes)" in exc.value.message
    assert exc.value.path == str(EMPTY)


@needs_rng
def test_official_astronomy_example():
    g = read_tbx(ASTRONOMY)
    assert tbx_flavour(ASTRONOMY) == "tbx-basic"
    assert len(g) == 45
    assert g.term_count() == 113
    assert list(g.concepts)[:3] == ["c1", "c2", "c3"]
    terms = [t for c in g for t in c.terms]
    assert Counter(t.lang for t in terms) == {"en": 55, "es": 52, "zu": 6}
    # 12 preferred, 16 admitted, 3 deprecated, 1 superseded (-> deprecated) in the file; 81 terms
    # have no status: the first of its language in an entry without a preferred term is preferred.
    assert Counter(t.status for t in terms) == {"preferred": 83, "admitted": 26, "deprecated": 4}
    assert Counter(t.type for t in terms) == {"full": 96, "short": 9, "variant": 7, "acronym": 1}
    assert Counter(t.pos for t in terms) == {"noun": 105, "adjective": 2, "": 6}
    assert all(c.subject == "general" for c in g)
    assert sum("subject field: Stellar Birth" in c.note for c in g) == 6
    c1 = g.get("c1")
    assert c1.definition == "A group of stars formed together in the spiral arms of a galaxy."
    assert c1.note.splitlines() == [
        "G-Source: http://www.physics.drexel.edu/observatory/dump.shtml",
        "[es] definition: Una acumulación de una docena hasta varios miles de jóvenes estrellas en el plano "
        "de las galaxias.",
    ]
    assert [(t.lang, t.text, t.status) for t in c1.terms] == [
        ("en", "open cluster", "preferred"),
        ("en", "galactic cluster", "deprecated"),  # supersededTerm-admn-sts
        ("es", "cúmulo abierto", "preferred"),
    ]
    assert c1.terms[1].usage.splitlines()[1] == "N-Source: http://www.delscope.demon.co.uk/astronomy/glossary.htm#G"


@needs_shared
@pytest.mark.parametrize("flavour", ["tbx", "tbx-basic"])
def test_heartsome_reexport_round_trips(tmp_path, flavour):
    g = read_tbx(HEARTSOME)
    out = tmp_path / "h.tbx"
    stats = write_tbx(g, out, flavour)
    assert (stats.concepts, stats.terms, stats.renamed_ids) == (314, 628, 0)
    assert content(read_tbx(out)) == content(g)
    if flavour == "tbx-basic" and RNG.is_file():
        assert_valid_tbx_basic(out)


@needs_rng
def test_astronomy_reexport_validates_and_round_trips(tmp_path):
    g = read_tbx(ASTRONOMY)
    out = tmp_path / "astro.tbx"
    stats = write_tbx(g, out, "tbx-basic")
    assert (stats.concepts, stats.terms, stats.skipped_concepts) == (45, 113, 0)
    assert_valid_tbx_basic(out)
    again = read_tbx(out)
    expected = content(g)
    for key, (*rest, terms) in expected.items():
        terms.sort(key=lambda t: (lang_rank(t[0]), status_rank(t[2])))
        expected[key] = (*rest, terms)
    assert content(again) == expected


# -- hostile and broken input ------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<martif type="TBX"><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&lol9;</term></tig></langSet>
</termEntry></body></text></martif>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>&secret;</term></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [(BILLION_LAUGHS, "declares an XML entity (lol)", 3), (XXE, "declares an XML entity (secret)", 2)],
    ids=["billion-laughs", "xxe"],
)
def test_entity_declarations_fail_fast(put, text, needle, line):
    path = put(text)
    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        read_tbx(path)
    assert time.perf_counter() - start < 5  # refused at the prolog, nothing is expanded
    assert needle in exc.value.message
    assert (exc.value.path, exc.value.line) == (str(path), line)


def test_broken_xml_reports_the_line_and_returns_nothing(put):
    good = '<termEntry id="a"><langSet xml:lang="en"><tig><term>one</term></tig></langSet></termEntry>'
    bad = '<termEntry id="b"><langSet xml:lang="en"><tig><term>two</tig></langSet></termEntry>'
    path = put(martif(f"{good}\n{good.replace('a', 'c')}\n{bad}"))
    with pytest.raises(InputError) as exc:
        read_tbx(path)
    err = exc.value
    assert err.path == str(path)
    assert err.line == 6 and err.column is not None
    assert "not well-formed" in err.message and "term" in err.message
    assert f"{path}:6:" in str(err)


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        ('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>', "root element is <tmx>", 2),
        ('<?xml version="1.0"?>\n\n<tbx xmlns="urn:example" type="TBX-Basic"/>', "namespace", 3),
        (martif('<termEntry id="a">\n<langSet><tig><term>x</term></tig></langSet></termEntry>'), "no xml:lang", 5),
        (
            martif('<termEntry id="a">\n<langSet xml:lang="!!"><tig><term>x</term></tig></langSet></termEntry>'),
            "'!!'",
            5,
        ),
    ],
    ids=["tmx", "foreign-namespace", "no-lang", "bad-lang"],
)
def test_not_tbx_or_broken_tbx(put, text, needle, line):
    path = put(text)
    with pytest.raises(InputError) as exc:
        read_tbx(path)
    assert needle in exc.value.message
    assert exc.value.line == line


def test_missing_file():
    with pytest.raises(InputError, match="no such file"):
        read_tbx("/nonexistent/terms.tbx")


def test_empty_body_is_an_empty_glossary(put):
    assert len(read_tbx(put(martif("")))) == 0


# -- reading rules -----------------------------------------------------------------------------------


def _statuses(put, tigs: str) -> list[tuple[str, str, str]]:
    g = read_tbx(put(martif(f'<termEntry id="e">{tigs}</termEntry>')))
    return [(t.lang, t.text, t.status) for t in g.get("e").terms]


def _tig(text: str, status: str | None = None) -> str:
    note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
    return f"<tig><term>{text}</term>{note}</tig>"


@pytest.mark.parametrize(
    ("langsets", "expected"),
    [
        # no status anywhere: the first term of each language is preferred, the others admitted
        (
            [("en", [("a", None), ("b", None)]), ("zh-CN", [("甲", None)])],
            [("en", "a", "preferred"), ("en", "b", "admitted"), ("zh-CN", "甲", "preferred")],
        ),
        # an explicit preferred term: the unmarked ones are admitted
        (
            [("en", [("a", None), ("b", "preferredTerm-admn-sts")])],
            [("en", "a", "admitted"), ("en", "b", "preferred")],
        ),
        # explicit admitted only: the first unmarked term becomes preferred
        (
            [("en", [("a", "admittedTerm-admn-sts"), ("b", None), ("c", None)])],
            [("en", "a", "admitted"), ("en", "b", "preferred"), ("en", "c", "admitted")],
        ),
        (
            [("en", [("a", "supersededTerm-admn-sts"), ("b", "deprecatedTerm-admn-sts"), ("c", "forbidden")])],
            [("en", "a", "deprecated"), ("en", "b", "deprecated"), ("en", "c", "forbidden")],
        ),
    ],
)
def test_status_rules(put, langsets, expected):
    body = "".join(
        f'<langSet xml:lang="{lang}">' + "".join(_tig(text, s) for text, s in tigs) + "</langSet>"
        for lang, tigs in langsets
    )
    assert _statuses(put, body) == expected


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("preferredTerm-admn-sts", "preferred"),
        ("admittedTerm-admn-sts", "admitted"),
        ("deprecatedTerm-admn-sts", "deprecated"),
        ("supersededTerm-admn-sts", "deprecated"),
        ("deprecatedTermAdmnSts", "deprecated"),
        ("standardizedTerm", "preferred"),
        ("legalTerm-admn-sts", "preferred"),
        ("obsolete", "deprecated"),
        ("forbidden", "forbidden"),
        ("Preferred", "preferred"),
        ("something", None),
    ],
)
def test_status_values(value, status):
    assert status_from_tbx(value) == status


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("fullForm", "full"),
        ("acronym", "acronym"),
        ("initialism", "acronym"),
        ("abbreviation", "short"),
        ("shortForm", "short"),
        ("variant", "variant"),
        ("transliteratedForm", "variant"),
        ("phrase", "full"),
        ("mystery", None),
    ],
)
def test_term_type_values(value, kind):
    assert type_from_tbx(value) == kind


@pytest.mark.parametrize(
    ("value", "pos"),
    [
        ("noun", "noun"),
        ("Noun", "noun"),
        ("properNoun", "proper-noun"),
        ("proper noun", "proper-noun"),
        ("verb", "verb"),
        ("adjective", "adjective"),
        ("adverb", "adverb"),
        ("other", ""),
        ("Not Selected", ""),
    ],
)
def test_part_of_speech_values(value, pos):
    assert pos_from_tbx(value) == pos


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("en-US", "en"),
        ("en_GB", "en"),
        ("EN", "en"),
        ("zh", "zh-CN"),
        ("zh-Hans", "zh-CN"),
        ("zh-Hant", "zh-TW"),
        ("zh_TW", "zh-TW"),
        ("zh-Hant-HK", "zh-HK"),
        ("fr-CA", "fr-CA"),
    ],
)
def test_language_tags(put, tag, lang):
    g = read_tbx(put(martif(f'<termEntry id="e"><langSet xml:lang="{tag}">{_tig("x")}</langSet></termEntry>')))
    assert g.get("e").terms[0].lang == lang


def test_legacy_lang_attribute_and_geographical_usage(put):
    body = (
        '<termEntry id="e"><langSet lang="en-US">' + _tig("software") + "</langSet>"
        '<langSet xml:lang="zh-Hant"><ntig><termGrp><term>軟件</term>'
        '<termNote type="geographicalUsage">HKG</termNote></termGrp></ntig>'
        '<ntig><termGrp><term>軟體</term><termNote type="geographicalUsage">TWN</termNote></termGrp></ntig></langSet>'
        '<langSet xml:lang="zh-TW"><ntig><termGrp><term>軟體2</term>'
        '<termNote type="geographicalUsage">HKG</termNote></termGrp></ntig></langSet></termEntry>'
    )
    g = read_tbx(put(martif(body)))
    # a region in the tag wins over geographicalUsage
    assert [(t.lang, t.text) for t in g.get("e").terms] == [
        ("en", "software"),
        ("zh-HK", "軟件"),
        ("zh-TW", "軟體"),
        ("zh-TW", "軟體2"),
    ]


def test_bare_zh_rule(put):
    path = put(martif(f'<termEntry id="e"><langSet xml:lang="zh">{_tig("软件")}</langSet></termEntry>'))
    assert read_tbx(path).get("e").terms[0].lang == "zh-CN"
    assert read_tbx(path, bare_zh="zh-TW").get("e").terms[0].lang == "zh-TW"


@pytest.mark.parametrize(
    ("raw", "cid"),
    [
        ("_1219131555453", "1219131555453"),
        ("c1", "c1"),
        ("C1", "c1"),
        ("3344_38882_38896", "3344-38882-38896"),
        ("a b/c", "a-b-c"),
        ("tbx.7", "tbx.7"),
        ("---", None),
        ("术语", None),
        (None, None),
    ],
)
def test_clean_id(raw, cid):
    assert clean_id(raw) == cid


def test_ids_missing_duplicate_and_generated(put):
    one = "<langSet xml:lang='en'>" + _tig("x") + "</langSet>"
    body = "\n".join(
        [
            f'<termEntry id="A">{one}</termEntry>',
            f'<termEntry id="a">{one}</termEntry>',
            f"<termEntry>{one}</termEntry>",
            f'<termEntry id="术语">{one}</termEntry>',
            '<termEntry id="empty"><langSet xml:lang="en"><tig><term/></tig></langSet></termEntry>',
            f'<termEntry id="_a">{one}</termEntry>',
        ]
    )
    g = read_tbx(put(martif(body)))
    assert list(g.concepts) == ["a", "a-2", "tbx.3", "tbx.4", "a-3"]  # the entry without a term is left out


def test_concept_fields_and_unknown_categories(put):
    body = """<termEntry id="who">
  <descrip type="subjectField">Organisation</descrip>
  <descrip type="subjectField">Health</descrip>
  <descripGrp><descrip type="definition">A UN agency.</descrip><admin type="source">not the concept's</admin></descripGrp>
  <admin type="source">WHO website</admin>
  <note>Check annually.</note>
  <note>tmkit:confidence=high</note>
  <note>tmkit:confidence=sky-high</note>
  <descrip type="Txt::Field">custom</descrip>
  <transacGrp><transac type="transactionType">origination</transac></transacGrp>
  <langSet xml:lang="en"><note>English note</note>
    <tig><term>World Health
        Organization</term><termNote type="termType">fullForm</termNote>
      <termNote type="partOfSpeech">properNoun</termNote>
      <note>Use the full name first.</note><termNote type="usageNote">Formal texts.</termNote>
      <note>tmkit:case=exact</note><note>tmkit:status=weird</note>
      <descrip type="context">The World Health Organization said...</descrip></tig>
    <tig><term>WHO</term><termNote type="termType">acronym</termNote></tig>
  </langSet>
  <langSet xml:lang="zh-CN"><descrip type="definition">联合国专门机构。</descrip><tig><term>世界卫生组织</term></tig></langSet>
</termEntry>"""
    c = read_tbx(put(martif(body))).get("who")
    assert c.subject == "organisation"
    assert c.definition == "A UN agency."
    assert c.source == "WHO website"
    assert c.confidence == "high"
    assert c.note.splitlines() == [
        "subject field: Health",
        "Check annually.",
        "tmkit:confidence=sky-high",  # an unknown marker value stays a note
        "Txt::Field: custom",
        "[en] English note",
        "[zh-CN] definition: 联合国专门机构。",
    ]
    assert [(t.text, t.status, t.type, t.case, t.pos, t.usage) for t in c.terms] == [
        (
            "World Health Organization",
            "preferred",
            "full",
            "exact",
            "proper-noun",
            "Use the full name first.\nFormal texts.\ntmkit:status=weird",
        ),
        ("WHO", "admitted", "acronym", "", "", ""),
        ("世界卫生组织", "preferred", "full", "", "", ""),
    ]


def test_definition_from_the_first_language_when_no_english(put):
    body = (
        '<termEntry id="e"><langSet xml:lang="zh-CN"><descrip type="definition">定义</descrip>'
        + _tig("词")
        + '</langSet><langSet xml:lang="zh-TW"><descrip type="definition">定義</descrip>'
        + _tig("詞")
        + "</langSet></termEntry>"
    )
    c = read_tbx(put(martif(body))).get("e")
    assert (c.definition, c.note) == ("定义", "[zh-TW] definition: 定義")


def test_tbx_v3_draft_namespace_and_dct_style(put):
    body = """<conceptEntry id="c1">
  <min:subjectField>science</min:subjectField>
  <langSec xml:lang="en"><basic:definition>A star.</basic:definition>
    <termSec><term>sun</term><min:partOfSpeech>noun</min:partOfSpeech>
      <min:administrativeStatus>admittedTerm-admn-sts</min:administrativeStatus>
      <basic:termType>shortForm</basic:termType></termSec>
  </langSec>
  <langSec xml:lang="zh-Hans"><termSec><term>太阳</term></termSec></langSec>
</conceptEntry>"""
    extra = ' xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic"'
    path = put(v3(body, ns="urn:iso:std:iso:30042:ed:3.0", extra=extra, style="dct"))
    assert tbx_flavour(path) == "tbx-basic"
    assert content(read_tbx(path)) == {
        "c1": (
            "science",
            "A star.",
            "",
            "",
            "medium",
            [("en", "sun", "admitted", "short", "", "noun", ""), ("zh-CN", "太阳", "preferred", "full", "", "", "")],
        )
    }


def test_gzip_input(tmp_path):
    path = tmp_path / "t.tbx.gz"
    body = martif(f'<termEntry id="e"><langSet xml:lang="en">{_tig("x")}</langSet></termEntry>')
    path.write_bytes(gzip.compress(body.encode("utf-8")))
    assert [t.text for t in read_tbx(path).get("e").terms] == ["x"]


# -- writing -----------------------------------------------------------------------------------------


def sample_glossary() -> Glossary:
    g = Glossary()
    g.add(
        Concept(
            "who",
            subject="organisation",
            definition="The UN agency for health.\nFounded 1948.",
            note="Check <names> & 'quotes'.",
            source="who.int",
            confidence="high",
            terms=[
                Term("zh-CN", "世界卫生组织"),
                Term("en", "WHO", status="admitted", type="acronym", case="exact"),
                Term("en", "World Health Organization", pos="proper-noun"),
                Term("zh-CN", "世卫", status="admitted", type="short"),
                Term("en", "World Health Org", status="forbidden", usage="Never abbreviate like this."),
                Term("en", "W.H.O.", status="deprecated", type="variant", pos="phrase"),
            ],
        )
    )
    g.add(Concept("123", terms=[Term("en", "software", pos="noun"), Term("zh-CN", "软件"), Term("zh-TW", "軟體")]))
    g.add(Concept("nothing", terms=[Term("en", "  ")]))
    return g


def test_martif_export_exact_bytes(tmp_path):
    out = tmp_path / "g.tbx"
    stats = write_tbx(sample_glossary(), out)
    assert (stats.concepts, stats.terms, stats.skipped_concepts, stats.renamed_ids) == (2, 9, 1, 0)
    text = out.read_text("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en">\n')
    # concepts in id order; ids that start with a digit get an underscore (XML ids cannot)
    assert text.index('<termEntry id="_123">') < text.index('<termEntry id="who">')
    assert "<note>Check &lt;names&gt; &amp; 'quotes'.</note>" in text
    assert (
        "          <tig>\n"
        "            <term>World Health Org</term>\n"
        '            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>\n'
        "            <note>Never abbreviate like this.</note>\n"
        "            <note>tmkit:status=forbidden</note>\n"
        "          </tig>\n"
    ) in text
    assert '<termNote type="partOfSpeech">properNoun</termNote>' in text
    assert "tmkit:pos=proper-noun" not in text  # properNoun says it in TBX 2008
    assert "<note>tmkit:pos=phrase</note>" in text and '<termNote type="partOfSpeech">other</termNote>' in text
    # languages in tmkit order, best status first, glossary order otherwise
    who = text[text.index('<termEntry id="who">') :]
    order = [
        who.index(s)
        for s in ("World Health Organization", ">WHO<", "W.H.O.", "World Health Org<", "世界卫生组织", "世卫")
    ]
    assert order == sorted(order)
    assert "general" not in text and "fullForm" not in text  # defaults are not written


@needs_rng
def test_tbx_basic_export_validates_and_keeps_everything(tmp_path):
    out = tmp_path / "g.tbx"
    g = sample_glossary()
    write_tbx(g, out, "tbx-basic")
    assert_valid_tbx_basic(out)
    text = out.read_text("utf-8")
    assert '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in text
    assert "properNoun" not in text and "<note>tmkit:pos=proper-noun</note>" in text
    assert (
        "        <descripGrp>\n"
        '          <descrip type="definition">The UN agency for health.</descrip>\n'
        "        </descripGrp>\n"
    ) in text
    back = read_tbx(out)
    assert set(back.concepts) == {"who", "123"}
    who = back.get("who")
    assert [(t.lang, t.text, t.status) for t in who.terms] == [
        ("en", "World Health Organization", "preferred"),
        ("en", "WHO", "admitted"),
        ("en", "W.H.O.", "deprecated"),
        ("en", "World Health Org", "forbidden"),
        ("zh-CN", "世界卫生组织", "preferred"),
        ("zh-CN", "世卫", "admitted"),
    ]
    assert (who.subject, who.definition, who.source, who.confidence) == (
        "organisation",
        "The UN agency for health.\nFounded 1948.",
        "who.int",
        "high",
    )


@pytest.mark.parametrize("flavour", ["tbx", "tbx-basic"])
def test_output_is_deterministic(tmp_path, flavour):
    g = sample_glossary()
    reordered = Glossary()
    for c in reversed(list(g)):
        reordered.add(c)
    a, b, c = tmp_path / "a.tbx", tmp_path / "b.tbx", tmp_path / "c.tbx"
    write_tbx(g, a, flavour)
    write_tbx(g, b, flavour)
    write_tbx(reordered, c, flavour)
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()


def test_gzip_output_is_deterministic_and_readable(tmp_path):
    a, b = tmp_path / "a.tbx.gz", tmp_path / "b.tbx.gz"
    write_tbx(sample_glossary(), a)
    time.sleep(1.1)
    write_tbx(sample_glossary(), b)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes()[:2] == b"\x1f\x8b"
    assert len(read_tbx(a)) == 2


def test_langs_filter(tmp_path):
    out = tmp_path / "g.tbx"
    stats = write_tbx(sample_glossary(), out, langs=["en", "zh-TW"])
    assert (stats.concepts, stats.terms) == (2, 6)
    assert {t.lang for c in read_tbx(out) for t in c.terms} == {"en", "zh-TW"}


def test_illegal_characters_and_whitespace_are_cleaned(tmp_path):
    g = Glossary()
    g.add(Concept("Bad ID!", note="a\x01b\n\n  c  ", terms=[Term("en", " two\x00  words\n"), Term("en", "\x02")]))
    out = tmp_path / "g.tbx"
    stats = write_tbx(g, out)
    assert (stats.illegal_chars, stats.renamed_ids, stats.terms) == (3, 1, 1)
    back = read_tbx(out)
    assert content(back) == {
        "bad-id": ("general", "", "ab\nc", "", "medium", [("en", "two words", "preferred", "full", "", "", "")])
    }


def test_clashing_ids_after_cleaning_stay_unique(tmp_path):
    g = Glossary()
    g.add(Concept("A", terms=[Term("en", "x")]))
    g.add(Concept("a", terms=[Term("en", "y")]))
    out = tmp_path / "g.tbx"
    write_tbx(g, out, "tbx-basic")
    assert list(read_tbx(out).concepts) == ["a", "a-2"]
    if RNG.is_file():
        assert_valid_tbx_basic(out)


def test_write_errors(tmp_path):
    with pytest.raises(UsageError, match="unknown TBX flavour"):
        write_tbx(sample_glossary(), tmp_path / "x.tbx", "tbx3")
    empty = Glossary()
    empty.add(Concept("c", terms=[]))
    with pytest.raises(UsageError, match="nothing to write"):
        write_tbx(empty, tmp_path / "e.tbx")
    assert not (tmp_path / "e.tbx").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UsageError, match="cannot write"):
        write_tbx(sample_glossary(), blocker / "sub" / "g.tbx")


def test_export_replaces_atomically(tmp_path):
    out = tmp_path / "deep" / "g.tbx"
    write_tbx(sample_glossary(), out)
    first = out.read_bytes()
    g = sample_glossary()
    g.get("123").terms.append(Term("en", "application software", status="admitted"))
    write_tbx(g, out)
    assert out.read_bytes() != first
    assert [p.name for p in out.parent.iterdir()] == ["g.tbx"]  # no temporary file left behind


def test_multiline_fields_normalise_on_the_way(tmp_path):
    assert lines(" a \n\n\tb  c\r\n") == ["a", "b c"]
    assert canonical("x\u3000 \n y") == "x\u3000\ny"  # an ideographic space is content


# -- round trips (hypothesis) --------------------------------------------------------------------------

_SPECIAL = list("&<>\"' \t\n\r") + ["𠀀", "𪚥", "𫝀", "中", "文", "\u3000", "\xa0", "é", "]]>"]
_CHARS = st.one_of(
    st.sampled_from(_SPECIAL),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # CJK Extension B
    st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")),
)
_LINE = (
    st.lists(_CHARS, min_size=1, max_size=12)
    .map(lambda cs: canonical("".join(cs)).replace("\n", " "))
    .filter(lambda s: bool(s) and not s.startswith("tmkit:"))
)
_MULTI = st.lists(_LINE, max_size=3).map("\n".join)
_TERM = st.builds(
    Term,
    lang=st.sampled_from(TERM_LANGS),
    text=_LINE,
    status=st.sampled_from(STATUSES),
    type=st.sampled_from(TERM_TYPES),
    case=st.sampled_from(("", *CASE_RULES)),
    pos=st.sampled_from(("", *POS_VALUES)),
    usage=_MULTI,
)
_CONCEPT = st.builds(
    Concept,
    id=st.from_regex(r"\A[a-z0-9][a-z0-9.-]{0,8}\Z"),
    subject=st.sampled_from(SUBJECTS),
    definition=_MULTI,
    note=_MULTI,
    source=_MULTI,
    confidence=st.sampled_from(CONFIDENCES),
    terms=st.lists(_TERM, min_size=1, max_size=5),
)
_GLOSSARY = st.lists(_CONCEPT, min_size=1, max_size=5, unique_by=lambda c: c.id).map(
    lambda cs: Glossary({c.id: c for c in cs})
)


def _expected(g: Glossary) -> dict:
    """What a round trip gives: terms grouped by language in tmkit's order, best status first."""
    out = content(g)
    for key, (*rest, terms) in out.items():
        order = sorted(range(len(terms)), key=lambda i: (lang_rank(terms[i][0]), status_rank(terms[i][2]), i))
        out[key] = (*rest, [terms[i] for i in order])
    return out


@pytest.mark.parametrize("flavour", ["tbx", "tbx-basic"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=_GLOSSARY)
def test_round_trip_identity(flavour, g):
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "g.tbx"
        write_tbx(g, out, flavour)
        assert content(read_tbx(out)) == _expected(g)
        if flavour == "tbx-basic" and RNG.is_file():
            assert_valid_tbx_basic(out)
        again = Path(d) / "again.tbx"
        write_tbx(read_tbx(out), again, flavour)
        assert again.read_bytes() == out.read_bytes()  # a re-export is byte-identical


# -- the tools that read the export -------------------------------------------------------------------


def test_translate_toolkit_reads_the_martif_export(tmp_path):
    tbx_storage = pytest.importorskip("translate.storage.tbx")
    out = tmp_path / "g.tbx"
    write_tbx(sample_glossary(), out, langs=["en", "zh-CN"])
    with open(out, "rb") as fh:
        store = tbx_storage.tbxfile(fh, sourcelanguage="en", targetlanguage="zh-CN")
    units = store.units
    assert [(u.getid(), u.source, u.target) for u in units] == [
        ("_123", "software", "软件"),
        ("who", "World Health Organization", "世界卫生组织"),
    ]
    who = units[1]
    assert [(t.text, t.administrative_status) for t in who.get_source_terms()] == [
        ("World Health Organization", "preferredTerm-admn-sts"),
        ("WHO", "admittedTerm-admn-sts"),
        ("W.H.O.", "deprecatedTerm-admn-sts"),
        ("World Health Org", "deprecatedTerm-admn-sts"),
    ]
    assert [t.deprecated for t in who.get_source_terms()] == [False, False, True, True]
    assert [t.text for t in who.get_target_terms()] == ["世界卫生组织", "世卫"]
    assert "Check <names> & 'quotes'." in who.getnotes()
    # without languages given, translate-toolkit takes the first language section as the source
    with open(out, "rb") as fh:
        plain = tbx_storage.tbxfile(fh)
    assert [(u.source, u.target) for u in plain.units] == [
        ("software", "软件"),
        ("World Health Organization", "世界卫生组织"),
    ]


@needs_omegat
def test_omegat_reads_the_martif_export(tmp_path):
    out = tmp_path / "terms.tbx"
    write_tbx(sample_glossary(), out, langs=["en", "zh-CN"])
    tmx = tmp_path / "tiny.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" '
        'creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="en" '
        'datatype="plaintext"/>\n<body><tu><tuv xml:lang="en"><seg>Hello.</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>你好。</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    text = tmp_path / "source.txt"
    text.write_text("Hello.\n\nThe World Health Organization (WHO) buys software.\n", encoding="utf-8")
    proc = subprocess.run(
        ["bash", str(OMEGAT_CHECK), "-v", "-s", "en", "-g", str(out), str(tmx), str(text)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "terms.tbx: 9 entries read by OmegaT" in proc.stdout, proc.stdout
    pairs = {tuple(line.split("\t")[1:3]) for line in proc.stdout.splitlines() if line.startswith("PROBE_TERM\t")}
    # OmegaT 3.6 pairs every English term with every Chinese term of the entry, whatever its status
    assert pairs == {
        ("software", "软件"),
        *(
            (en, zh)
            for en in ("World Health Organization", "WHO", "W.H.O.", "World Health Org")
            for zh in ("世界卫生组织", "世卫")
        ),
    }
    assert "ERROR" not in proc.stdout
