"""Every real-world TMX in ../shared/fixtures/tmx imports with the unit count SOURCES.md lists."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import fixture, needs_shared
from tmkit.errors import InputError
from tmkit.formats.tmx.reader import TmxReader
from tmkit.store import Memory

pytestmark = needs_shared

COUNTS = {
    "heartsome_en-US_zh-CN_inline-tags.tmx": 314,
    "catalyst_utf16le-bom_props.tmx": 1715,
    "catalyst_utf16le-bom_single-quoted-attrs.tmx": 496,
    "omegat_tmx11_lang-attr.tmx": 3295,
    "lisa_compkit_all-attributes.tmx": 1,
    "lisa_compkit_nested-reordered-tags.tmx": 6,
    "tico19_en-zh_documents.tmx": 3071,
}


@pytest.mark.parametrize(("name", "count"), sorted(COUNTS.items()))
def test_fixture_imports_every_unit_with_keep(name, count, db):
    with Memory.open(db) as m:
        report = m.import_tmx([fixture(name)], on_duplicate="keep")
        assert report.total("created") == count
        assert report.total("failed") == 0
        assert m.stats().units == count


def test_all_fixtures_into_one_memory(db):
    with Memory.open(db) as m:
        report = m.import_tmx([fixture(n) for n in sorted(COUNTS)], on_duplicate="keep")
        assert report.total("created") == sum(COUNTS.values())
        assert {o["origin"]: o["units"] for o in m.stats().origins} == COUNTS


def test_empty_file_is_a_clear_error(db):
    with Memory.open(db) as m, pytest.raises(InputError) as exc:
        m.import_tmx([fixture("empty.tmx")])
    assert "empty file (0 bytes)" in str(exc.value)
    assert str(fixture("empty.tmx")) in str(exc.value)


def test_heartsome_mojibake_is_repaired_exactly_and_reported(db):
    with Memory.open(db) as m:
        report = m.import_tmx([fixture("heartsome_en-US_zh-CN_inline-tags.tmx")])
        repaired = [i for i in report.issues if i["code"] == "mojibake-repaired"]
        assert len(repaired) == 24
        first = repaired[0]
        assert (first["line"], first["tuid"]) == (33, "_1219131555484")
        assert "'µÄ¶ú»ú' -> '的耳机'" in first["message"]
        row = m.conn.execute(
            "SELECT v.text FROM variants v JOIN units u ON u.id = v.unit_id WHERE u.tuid = ? AND v.lang = 'zh-CN'",
            ("_1219131555484",),
        ).fetchone()
        assert row[0] == "的耳机"
        stored = m.conn.execute("SELECT count(*) FROM import_issues WHERE code = 'mojibake-repaired'").fetchone()
        assert stored[0] == 24


def test_mojibake_repair_can_be_turned_off(db):
    with Memory.open(db) as m:
        report = m.import_tmx([fixture("heartsome_en-US_zh-CN_inline-tags.tmx")], repair_mojibake=False)
        assert report.total("repaired") == 0
        assert sum(1 for i in report.issues if i["code"] == "mojibake") == 24


def test_heartsome_inline_codes_kept_and_plain_text_clean():
    with TmxReader(fixture("heartsome_en-US_zh-CN_inline-tags.tmx")) as r:
        units = {item.tuid: item.unit for item in r}
    zh = units["_1219131555468"].variant("zh-CN")
    assert zh.markup is not None
    assert zh.markup.startswith('<bpt i="1" type="font">{\\f4 </bpt>带')
    assert "{\\f4" not in zh.text and zh.text.startswith("带'听'筒")
    assert zh.text.endswith("（仅 SPC505）")


def test_lisa_nested_reordered_tags_markup():
    with TmxReader(fixture("lisa_compkit_nested-reordered-tags.tmx")) as r:
        units = {item.tuid: item.unit for item in r}
    fr = units["1"].variant("fr-CA")
    assert fr.lang_orig == "fr-ca"
    assert fr.text == "Le gros chat noir dors."
    assert fr.markup == (
        'Le gros <bpt i="2" x="2">&lt;u&gt;</bpt>chat<ept i="2">&lt;/u&gt;</ept> '
        '<bpt i="1" x="1">&lt;b&gt;</bpt>noir<ept i="1">&lt;/b&gt;</ept> dors.'
    )
    special = units["3"].variant("en")
    assert special.text == 'Test for special characters = <=lt, >=gt, &=amp, "=quot.'
    assert units["5"].variant("en").markup == 'Sentence <it pos="begin" x="1">&lt;b&gt;</it>one.'


def test_lisa_all_attributes_notes_props_ude():
    with TmxReader(fixture("lisa_compkit_all-attributes.tmx")) as r:
        (item,) = list(r)
        header = r.header
    unit = item.unit
    assert unit.tuid == "tu001"
    assert [n.text for n in unit.notes] == ["Text of tu note 1", "Text of tu note 2"]
    assert [(p.type, p.text, p.lang, p.encoding) for p in unit.props] == [
        ("myPropeType", "Data", "en-us", "iso-8859-1")
    ]
    assert unit.attrs["usagecount"] == "100" and unit.attrs["segtype"] == "block"
    assert unit.languages() == ["en-US", "fr", "en-GB"]
    fr = unit.variants[1]
    assert len(fr.props) == 2 and len(fr.notes) == 2
    assert header.udes == [
        '<ude name="MacRoman" base="Macintosh"><map unicode="#xF8FF" code="#xF0" ent="AppleLogo" subst="[Apple]"/></ude>'
    ]
    assert [n.text for n in header.notes] == ["Text of header note 1", "Text of header note 2"]


def test_tmx11_lang_attribute_and_original_tags():
    with TmxReader(fixture("omegat_tmx11_lang-attr.tmx")) as r:
        first = next(iter(r)).unit
        assert r.header.version == "1.1"
    assert first.languages() == ["en", "zh-CN"]
    assert first.variant("zh").text == "“Aligner” 对齐器工具"
    assert first.variants[1].attrs["changeid"] == "qinxun"


def test_utf16_files_decode():
    with TmxReader(fixture("catalyst_utf16le-bom_single-quoted-attrs.tmx")) as r:
        first = next(iter(r)).unit
    assert (first.tuid, first.variant("en").text, first.variant("zh").text) == ("1", "Sorry", "抱歉")


def test_catalyst_props_on_every_unit():
    with TmxReader(fixture("catalyst_utf16le-bom_props.tmx")) as r:
        units = [item.unit for item in r]
    assert all(u.props and u.props[0].type.startswith("x-Catalyst") for u in units)


def test_tico_bare_zh_is_mapped_and_original_kept(db):
    with Memory.open(db) as m:
        m.import_tmx([fixture("tico19_en-zh_documents.tmx")])
        langs = m.conn.execute("SELECT DISTINCT lang, lang_orig FROM variants ORDER BY lang").fetchall()
    assert langs == [("en", "en"), ("zh-CN", "zh")]


def test_tico_bare_zh_rule_can_map_elsewhere(db):
    with Memory.open(db) as m:
        m.import_tmx([fixture("tico19_en-zh_documents.tmx")], bare_zh="zh")
        langs = {r[0] for r in m.conn.execute("SELECT DISTINCT lang FROM variants")}
    assert langs == {"en", "zh"}


def test_gzip_input(tmp_path, db):
    import gzip

    gz = tmp_path / "tico.tmx.gz"
    gz.write_bytes(gzip.compress(fixture("tico19_en-zh_documents.tmx").read_bytes()))
    with Memory.open(db) as m:
        assert m.import_tmx([gz], on_duplicate="keep").total("created") == 3071


def test_duplicate_policy_on_real_corpus(db):
    """OmegaT's memory repeats some source/target pairs: skip drops them, keep keeps them."""
    with Memory.open(db) as m:
        skip = m.import_tmx([fixture("omegat_tmx11_lang-attr.tmx")], on_duplicate="skip")
    created = skip.total("created")
    assert created + skip.total("skipped") == 3295
    assert created == sqlite3.connect(db).execute("SELECT count(*) FROM units").fetchone()[0]
