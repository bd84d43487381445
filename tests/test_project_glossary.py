"""The project's own termbase in glossary/: it validates, it is big enough, and it catches what the
five releases in ../shared/seeds get wrong, without flagging what they get right."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import ROOT, SAMPLE, SHARED

from tmkit.formats.tmx.reader import TmxReader
from tmkit.glossary import glossary_validate
from tmkit.glossary.io import load_glossary
from tmkit.terms import TermMatcher

GLOSSARY = ROOT / "glossary"
SEEDS = SHARED / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")

G = load_glossary(GLOSSARY).glossary
MATCHER = TermMatcher(G)


def test_it_validates_cleanly() -> None:
    report = glossary_validate(str(GLOSSARY))
    assert (report.errors, report.warnings) == (0, 0), report.issues[:5]
    assert report.concepts >= 150


def test_every_subject_and_honest_confidence() -> None:
    subjects = Counter(c.subject for c in G)
    for s in ("organisation", "person", "place", "title", "policy", "programme", "award", "event", "science", "style"):
        assert subjects[s] > 0, s
    # names whose characters are not attested in the releases are marked, with the reason
    for c in G:
        if c.subject == "person" and c.confidence == "low":
            assert "unverified" in c.note.lower(), c.id
    assert G.get("person.bai-chunli").confidence == "high"


def test_core_entries() -> None:
    cas = G.get("org.cas")
    assert cas.preferred("en").text == "Chinese Academy of Sciences"
    assert cas.preferred("zh-CN").text == "中国科学院"
    assert {(t.text, t.status) for t in cas.terms_in("en")} >= {
        ("CAS", "admitted"),
        ("Chinese Academy of Science", "forbidden"),
    }
    assert G.get("place.urumqi").preferred("en").text == "Urumqi"
    assert ("Urumuqi", "forbidden") in {(t.text, t.status) for t in G.get("place.urumqi").terms}


def _bad(text: str) -> set[tuple[str, str, str]]:
    return {
        (m.text, m.concept_id, m.status)
        for m in MATCHER.find(text, "en", report_case_mismatch=True)
        if m.status in ("deprecated", "forbidden") or not m.case_ok
    }


@needs_seeds
@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        (
            "000",
            {
                ("AN Shengjie", "person.an-shengjie", "deprecated"),
                ("SciTech", "style.sci-tech", "forbidden"),
                ("Urumuqi", "place.urumqi", "forbidden"),
                ("XIAO Wenjiao", "person.xiao-wenjiao", "deprecated"),
            },
        ),
        ("001", {("Gu’an County", "place.guan-county", "deprecated")}),
        (
            "002",
            {
                ("Chinese Academy of Science", "org.cas", "forbidden"),
                ("BAI Chunli", "person.bai-chunli", "deprecated"),
            },
        ),
        ("003", {("Novosibirskay", "place.novosibirsk-oblast", "forbidden")}),
        ("004", {("fontal research", "sci.frontier-research", "forbidden")}),
    ],
)
def test_it_catches_what_the_releases_get_wrong(seed: str, expected: set) -> None:
    [path] = SEEDS.glob(f"{seed}_*.txt")
    found = _bad(path.read_text(encoding="utf-8"))
    assert expected <= found, expected - found


@needs_seeds
def test_it_does_not_flag_what_the_releases_get_right() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    good = Counter((m.text, m.concept_id) for m in MATCHER.find(text, "en") if m.status in ("preferred", "admitted"))
    assert good[("An Shengjie", "person.an-shengjie")] == 1
    # seed 001 writes Gu'an seven times with the straight apostrophe (and once with the curly one)
    assert good[("Gu'an", "place.guan-county")] == 5
    assert good[("Gu'an County", "place.guan-county")] == 1
    assert good[("Gu'an County High-tech Zone", "place.guan-high-tech-zone")] == 1
    # the other mentions are inside longer names (Xinjiang Branch, Chinese Academy of Sciences; ...)
    assert good[("Chinese Academy of Sciences", "org.cas")] == 2
    assert good[("Urumqi", "place.urumqi")] == 1


def test_sample_memory_names_agree_across_languages() -> None:
    """Every person and organisation found in a unit's English is found in its Chinese too (nested
    hits count on the Chinese side: 京津冀 inside 京津冀协同发展). Places are left out: Chinese
    abbreviates them in compounds (中俄 for China-Russia), which no termbase lists."""
    reader = TmxReader(str(SAMPLE))
    checked = 0
    for item in reader:
        unit = item.unit
        if unit is None:
            continue
        texts = {v.lang: v.text for v in unit.variants}
        en = {
            m.concept_id
            for m in MATCHER.find(texts["en-US"] if "en-US" in texts else texts["en"], "en")
            if m.concept.subject in ("person", "organisation")
        }
        zh = {m.concept_id for m in MATCHER.find(texts["zh-CN"], "zh-CN", overlaps=True)}
        assert en <= zh, (unit.tuid, en - zh)
        checked += 1
    assert checked == 39


@pytest.mark.parametrize("fmt", ["csv", "tbx", "tbx-basic"])
def test_export_then_import_gives_back_the_same_files(tmp_path, fmt: str) -> None:
    """glossary/ -> export -> import into an empty folder -> the same bytes, file for file."""
    from tmkit.glossary import glossary_export, glossary_import

    out = tmp_path / f"export.{fmt}"
    glossary_export(str(GLOSSARY), str(out), fmt=fmt)
    report = glossary_import([str(out)], str(tmp_path / "again"))
    assert not report.refused and report.merge.concepts_added == len(G)
    original = {p.name: p.read_bytes() for p in GLOSSARY.glob("*.csv")}
    again = {p.name: p.read_bytes() for p in (tmp_path / "again").glob("*.csv")}
    assert again == original


def test_export_language_filter(tmp_path) -> None:
    from tmkit.formats.tbx import read_tbx
    from tmkit.glossary import glossary_export

    out = tmp_path / "omegat.tbx"
    report = glossary_export(str(GLOSSARY), str(out), fmt="tbx", langs=["en", "zh-CN"])
    back = read_tbx(out)
    assert {t.lang for c in back for t in c.terms} == {"en", "zh-CN"}
    assert report.terms == sum(1 for c in G for t in c.terms if t.lang in ("en", "zh-CN"))
