"""The glossary: tmkit CSV, OmegaT TSV and TICO-19 readers, the validator, merge-import, lookup."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, OMEGAT_CHECK, ROOT, SAMPLE, needs_omegat, needs_shared

from tmkit.cli.app import app
from tmkit.errors import InputError
from tmkit.formats.glossary_csv import COLUMNS, glossary_csv_text, read_glossary_csv
from tmkit.glossary import glossary_export, glossary_import, glossary_validate, term_lookup
from tmkit.glossary.io import load_glossary
from tmkit.glossary.lookup import lookup_terms
from tmkit.glossary.validate import RULES, validate_glossary
from tmkit.model.term import Concept, Glossary, Term

GLOSSARY_FIXTURES = FIXTURES / "glossary"
HEADER = ",".join(COLUMNS)


def row(
    concept="org.cas",
    subject="organisation",
    lang="en",
    term="Chinese Academy of Sciences",
    status="preferred",
    type_="full",
    case="",
    pos="",
    usage="",
    definition="",
    note="",
    source="test",
    confidence="high",
) -> str:
    cells = [concept, subject, definition, note, source, confidence, lang, term, status, type_, case, pos, usage]
    return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in cells)


GOOD = [
    row(),
    row(term="CAS", type_="acronym", usage="spell out on first mention, then CAS"),
    row(term="Chinese Academy of Science", status="forbidden", type_="variant"),
    row(lang="zh-CN", term="中国科学院"),
    row("place.urumqi", "place", term="Urumqi"),
    row("place.urumqi", "place", term="Urumuqi", status="forbidden", type_="variant"),
    row("place.urumqi", "place", lang="zh-CN", term="乌鲁木齐"),
]


def write_csv(tmp_path: Path, rows: list[str], name: str = "g.csv", header: str = HEADER) -> Path:
    p = tmp_path / name
    p.write_text(header + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


# -- tmkit CSV ----------------------------------------------------------------------------------


def test_read_csv(tmp_path: Path) -> None:
    g, issues = read_glossary_csv(write_csv(tmp_path, GOOD))
    assert issues == []
    assert sorted(g.concepts) == ["org.cas", "place.urumqi"]
    cas = g.get("org.cas")
    assert [(t.lang, t.text, t.status, t.type, t.line) for t in cas.terms] == [
        ("en", "Chinese Academy of Sciences", "preferred", "full", 2),
        ("en", "CAS", "preferred", "acronym", 3),
        ("en", "Chinese Academy of Science", "forbidden", "variant", 4),
        ("zh-CN", "中国科学院", "preferred", "full", 5),
    ]
    assert cas.preferred("en").text == "Chinese Academy of Sciences"
    assert validate_glossary(g) == []


def test_csv_round_trip_is_canonical(tmp_path: Path) -> None:
    g, _ = read_glossary_csv(write_csv(tmp_path, list(reversed(GOOD))))
    text = glossary_csv_text(g)
    again, _ = read_glossary_csv(write_csv(tmp_path, text.splitlines()[1:], "again.csv"))
    assert glossary_csv_text(again) == text
    assert text.splitlines()[1].startswith("org.cas,organisation,,,test,high,en,Chinese Academy of Sciences,preferred")


def test_csv_utf16_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "u16.csv"
    p.write_bytes((HEADER + "\n" + "\n".join(GOOD) + "\n").encode("utf-16"))
    g, _ = read_glossary_csv(p)
    assert g.term_count() == len(GOOD)


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        (b"", None, "empty"),
        (b"\xef\xbb\xbf\n\n", None, "empty"),
        (b"concept,lang,term\nx,en,y\n", 1, "missing column(s) subject, status, type"),
        ((HEADER + ",stauts\n").encode(), 1, "unknown column(s) 'stauts'"),
        ((HEADER + "\n" + GOOD[0] + "\norg.x,general\n").encode(), 3, "this row has 2 fields, the header has 13"),
        (
            (HEADER + "\n" + GOOD[0] + "\n").encode()
            + "org.x,general,,,s,high,zh-CN,中国".encode("gbk")
            + b",preferred,full,,,\n",
            3,
            "not valid UTF-8",
        ),
        ((HEADER + "\n" + 'org.x,general,"unterminated\n').encode(), 2, "not readable as CSV"),
    ],
)
def test_csv_bad_input(tmp_path: Path, content: bytes, line: int | None, fragment: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_glossary_csv(p)
    assert fragment in str(e.value)
    assert e.value.path == str(p)
    assert e.value.line == line


# -- the validator: one bad example per rule -----------------------------------------------------

RULE_CASES = {
    "G101": [row(source="")],
    "G102": [row(status="approved")],
    "G103": [row(concept="Org_CAS")],
    "G105": [row(term="Chinese Academy of Sciences ")],
    "G106": [row(term="Cafe\u0301")],
    "G107": [row(term="CAS（China）")],
    "G108": [row(lang="zh-CN", term="中国科学院(CAS)")],
    "G109": [row(), row(lang="zh-CN", term="中国科学院", confidence="low", note="x")],
    "G111": [row(), row()],
    "G112": [row(), row("org.other", term="Chinese Academy of Sciences", status="forbidden")],
    "G113": [row(), row("org.other", term="Chinese Academy of Sciences")],
    "G114": [row(lang="zh-CN", term="中国科学院")],
    "G115": [row(), row(term="Academy of Sciences of China")],
    "G116": [row(confidence="low")],
    "G117": [row(term="the")],
}


@pytest.mark.parametrize("rule", sorted(RULE_CASES))
def test_each_rule_fires_on_its_example(tmp_path: Path, rule: str) -> None:
    base = [r for r in GOOD if not r.startswith("org.cas,")] if rule in ("G114",) else GOOD[3:4]
    rows = RULE_CASES[rule] + [r for r in base if r not in RULE_CASES[rule]]
    report = glossary_validate(str(write_csv(tmp_path, rows)))
    fired = {i.rule for i in report.issues}
    assert rule in fired, report.issues
    issue = next(i for i in report.issues if i.rule == rule)
    assert issue.line is not None and issue.path is not None
    assert RULES[rule].severity == issue.severity


def test_every_rule_has_a_test() -> None:
    # G110 (two files), G201 (imported tables) and G202 (NFC on import) have their own tests below
    assert set(RULES) == set(RULE_CASES) | {"G110", "G201", "G202"}


def test_concept_split_across_files(tmp_path: Path) -> None:
    write_csv(tmp_path, GOOD[:2], "a.csv")
    write_csv(tmp_path, GOOD[2:], "b.csv")
    report = glossary_validate(str(tmp_path))
    assert [(i.rule, Path(i.path).name, i.line) for i in report.issues] == [("G110", "b.csv", 2)]


def test_good_glossary_is_clean(tmp_path: Path) -> None:
    report = glossary_validate(str(write_csv(tmp_path, GOOD)))
    assert (report.concepts, report.terms, report.errors, report.warnings) == (2, 7, 0, 0)


# -- other tools' tables --------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    ("name", "fmt", "concepts", "terms", "langs"),
    [
        ("omegat_utf16le-bom.tsv.txt", "tsv", 375, 750, {"en", "zh-CN"}),  # 383 rows, 8 exact repeats
        ("omegat_ui-terms_utf16le-bom.tsv.txt", "tsv", 151, 302, {"en", "zh-CN"}),
        ("omegat_utf8_small.tsv.txt", "tsv", 3, 6, {"en", "zh-CN"}),
        ("tico19_f_en-zh_CN.csv", "tico", 306, 612, {"en", "zh-CN"}),
        ("tico19_f_en-zh_TW.csv", "tico", 306, 612, {"en", "zh-TW"}),
        ("tico19_g_en_zh-CN.csv", "tico", 337, 678, {"en", "zh-CN"}),
        ("tico19_g_en_zh-TW.csv", "tico", 337, 675, {"en", "zh-TW"}),
        ("tico19_g_zh-CN_en.csv", "tico", 50, 100, {"en", "zh-CN"}),
        ("tico19_g_zh-TW_en.csv", "tico", 49, 98, {"en", "zh-TW"}),
    ],
)
def test_fixture_tables(name: str, fmt: str, concepts: int, terms: int, langs: set[str]) -> None:
    loaded = load_glossary(GLOSSARY_FIXTURES / name)
    assert loaded.format == fmt
    g = loaded.glossary
    assert (len(g), g.term_count()) == (concepts, terms)
    assert {t.lang for c in g for t in c.terms} == langs


@needs_shared
def test_tico_alternatives_are_one_concept() -> None:
    g = load_glossary(GLOSSARY_FIXTURES / "tico19_g_en_zh-CN.csv").glossary
    c = g.get("tico19-g.1")
    assert [(t.lang, t.text, t.status, t.pos) for t in c.terms] == [
        ("en", "contagious", "preferred", "adjective"),
        ("zh-CN", "可传染", "preferred", "adjective"),
        ("zh-CN", "有传染性", "admitted", "adjective"),
    ]
    assert c.definition.startswith("In the context of coronavirus (COVID-19): transmissible")


@needs_shared
def test_omegat_row_without_target_is_reported() -> None:
    loaded = load_glossary(GLOSSARY_FIXTURES / "omegat_ui-terms_utf16le-bom.tsv.txt")
    assert [(i.rule, i.line, i.term) for i in loaded.issues] == [("G201", 133, "info")]


@needs_shared
def test_tico_zh_tw_joins_zh_cn_by_id(tmp_path: Path) -> None:
    into = tmp_path / "g"
    r1 = glossary_import([str(GLOSSARY_FIXTURES / "tico19_f_en-zh_CN.csv")], str(into))
    r2 = glossary_import([str(GLOSSARY_FIXTURES / "tico19_f_en-zh_TW.csv")], str(into))
    assert (r1.merge.concepts_added, r2.merge.concepts_added, r2.merge.concepts_joined) == (306, 0, 306)
    g = load_glossary(into).glossary
    c = g.get("tico19-f.2")
    assert [(t.lang, t.text) for t in sorted(c.terms, key=Term.sort_key)] == [
        ("en", "acute bronchitis"),
        ("zh-CN", "急性支气管炎"),
        ("zh-TW", "急性支氣管炎"),
    ]


# -- import: merge, atomicity, refusal ------------------------------------------------------------


def test_import_is_idempotent(tmp_path: Path) -> None:
    src = write_csv(tmp_path, GOOD)
    into = tmp_path / "glossary"
    first = glossary_import([str(src)], str(into))
    assert (first.merge.concepts_added, first.merge.terms_added) == (2, 7)
    assert [Path(p).name for p in first.written] == ["organisations.csv", "places.csv"]
    before = {p.name: p.read_bytes() for p in into.iterdir()}
    again = glossary_import([str(src)], str(into))
    assert (again.merge.terms_added, again.merge.terms_unchanged, again.written) == (0, 7, [])
    assert {p.name: p.read_bytes() for p in into.iterdir()} == before


def test_import_joins_by_shared_term_and_keeps_our_status(tmp_path: Path) -> None:
    into = write_csv(tmp_path, GOOD, "ours.csv")
    tsv = tmp_path / "omegat.txt"
    tsv.write_text("Urumqi\t乌鲁木齐市\nUrumuqi\t乌鲁木齐\n", encoding="utf-8")
    report = glossary_import([str(tsv)], str(into))
    assert (report.merge.concepts_joined, report.merge.concepts_added, report.merge.terms_added) == (2, 0, 1)
    assert report.merge.conflicts == [
        "place.urumqi: 'Urumuqi' (en) is forbidden/variant here and preferred/full in the import; kept ours"
    ]
    g = load_glossary(into).glossary
    assert [(t.text, t.status) for t in g.get("place.urumqi").terms_in("zh-CN")] == [
        ("乌鲁木齐", "preferred"),
        ("乌鲁木齐市", "admitted"),
    ]


def test_failed_import_leaves_the_glossary_as_it_was(tmp_path: Path) -> None:
    into = tmp_path / "glossary"
    glossary_import([str(write_csv(tmp_path, GOOD))], str(into))
    before = {p.name: p.read_bytes() for p in into.iterdir()}
    broken = tmp_path / "broken.csv"
    broken.write_text(HEADER + "\n" + GOOD[0] + "\n" + "org.x,general\n", encoding="utf-8")
    with pytest.raises(InputError):
        glossary_import(
            [str(write_csv(tmp_path, [row("org.new", term="New Thing")], "ok.csv")), str(broken)], str(into)
        )
    # a merge that would make the glossary contradict itself is refused as a whole
    # (org.y shares terms with two concepts, so it joins neither and is added as a new concept)
    conflict = write_csv(
        tmp_path,
        [
            row("org.y", term="Chinese Academy of Science"),
            row("org.y", term="Urumqi", status="admitted"),
            row("org.y", lang="zh-CN", term="某"),
        ],
        "conflict.csv",
    )
    report = glossary_import([str(conflict)], str(into))
    assert report.refused
    assert {i.rule for i in report.blocking} == {"G112"}
    assert {p.name: p.read_bytes() for p in into.iterdir()} == before


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    into = tmp_path / "glossary"
    report = glossary_import([str(write_csv(tmp_path, GOOD))], str(into), dry_run=True)
    assert report.merge.concepts_added == 2 and not into.exists()


# -- export ---------------------------------------------------------------------------------------


def test_export_tsv_leaves_out_bad_terms(tmp_path: Path) -> None:
    src = write_csv(tmp_path, GOOD)
    out = tmp_path / "omegat.txt"
    report = glossary_export(str(src), str(out), fmt="tsv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert out.read_text(encoding="utf-8-sig").splitlines() == [
        "Chinese Academy of Sciences\t中国科学院",
        "CAS\t中国科学院\tspell out on first mention, then CAS",
        "Urumqi\t乌鲁木齐",
    ]
    assert (report.concepts, report.terms) == (2, 3)
    # it reads back; a TSV has no concept column, so each source term is a concept of its own
    g = load_glossary(out).glossary
    assert [c.preferred("en").text for c in g.sorted()] == ["CAS", "Chinese Academy of Sciences", "Urumqi"]


def test_export_csv_is_the_canonical_file(tmp_path: Path) -> None:
    src = write_csv(tmp_path, GOOD)
    out = tmp_path / "out.csv"
    glossary_export(str(src), str(out), fmt="csv")
    g, _ = read_glossary_csv(src)
    assert out.read_text(encoding="utf-8") == glossary_csv_text(g)


# -- lookup ---------------------------------------------------------------------------------------


def _lookup_glossary() -> Glossary:
    g = Glossary()
    for cid, subject, terms in (
        (
            "org.cas",
            "organisation",
            [
                ("en", "Chinese Academy of Sciences", "preferred"),
                ("en", "Chinese Academy of Science", "forbidden"),
                ("zh-CN", "中国科学院", "preferred"),
            ],
        ),
        (
            "org.ucas",
            "organisation",
            [
                ("en", "University of Chinese Academy of Sciences", "preferred"),
                ("zh-CN", "中国科学院大学", "preferred"),
            ],
        ),
        ("place.urumqi", "place", [("en", "Urumqi", "preferred"), ("zh-CN", "乌鲁木齐", "preferred")]),
        ("place.novosibirsk", "place", [("en", "Novosibirsk", "preferred"), ("zh-CN", "新西伯利亚", "preferred")]),
        ("place.guan", "place", [("en", "Gu'an", "preferred"), ("zh-CN", "固安", "preferred")]),
    ):
        g.add(Concept(cid, subject, source="t", confidence="high", terms=[Term(lang, t, s) for lang, t, s in terms]))
    return g


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Chinese Academy of Science", [("org.cas", "Chinese Academy of Science", "exact", "forbidden")]),
        ("chinese academy of sciences", [("org.cas", "Chinese Academy of Sciences", "exact", "preferred")]),
        ("Gu’an", [("place.guan", "Gu'an", "exact", "preferred")]),
        ("中国科学院", [("org.cas", "中国科学院", "exact", "preferred")]),
        ("Novosib", [("place.novosibirsk", "Novosibirsk", "prefix", "preferred")]),
        (
            "科学院",
            [
                ("org.cas", "中国科学院", "substring", "preferred"),
                ("org.ucas", "中国科学院大学", "substring", "preferred"),
            ],
        ),
        ("Urumuqi", [("place.urumqi", "Urumqi", "fuzzy", "preferred")]),
        ("Novosibirskay", [("place.novosibirsk", "Novosibirsk", "fuzzy", "preferred")]),
        ("Zurich", []),
    ],
)
def test_lookup_stages(query: str, expected: list) -> None:
    hits = lookup_terms(_lookup_glossary(), query, limit=5)
    assert [(h.concept.id, h.term.text, h.how, h.term.status) for h in hits] == expected


def test_lookup_examples_from_the_memory(tmp_path: Path) -> None:
    from tmkit.tm import tm_import

    db = tmp_path / "m.db"
    tm_import(str(db), [str(SAMPLE)], on_duplicate="keep")
    gpath = write_csv(tmp_path, GOOD)
    report = term_lookup(str(gpath), "CAS", db=str(db), examples=2)
    [hit] = report.hits
    exs = report.examples["org.cas"]
    assert len(exs) == 2
    for e in exs:
        assert "Chinese Academy of Sciences" in e.texts["en"] or "CAS" in e.texts["en"]
        assert "中国科学院" in e.texts["zh-CN"] or "中科院" in e.texts["zh-CN"]
    no_db = term_lookup(str(gpath), "CAS", db=str(tmp_path / "none.db"))
    assert no_db.examples == {} and "no memory" in no_db.memory_note


# -- CLI ------------------------------------------------------------------------------------------


def test_cli_term_and_validate(tmp_path: Path, runner) -> None:
    gpath = write_csv(tmp_path, GOOD)
    r = runner.invoke(app, ["--glossary", str(gpath), "--db", str(tmp_path / "none.db"), "term", "Urumuqi"])
    assert r.exit_code == 0, r.output
    assert "place.urumqi (place): matched 'Urumuqi' [en, forbidden variant]" in r.output
    assert "do not use 'Urumuqi' (forbidden): write 'Urumqi'" in r.output
    r = runner.invoke(app, ["--glossary", str(gpath), "--db", str(tmp_path / "none.db"), "term", "Urumqii", "--json"])
    data = json.loads(r.output)
    assert data["hits"][0]["matched"]["how"] == "fuzzy"
    assert data["hits"][0]["preferred"] == {"en": "Urumqi", "zh-CN": "乌鲁木齐"}
    r = runner.invoke(app, ["--glossary", str(gpath), "term", "nothing like it"])
    assert r.exit_code == 1 and "no term matches" in r.output
    r = runner.invoke(app, ["glossary", "validate", str(gpath)])
    assert r.exit_code == 0 and "2 concepts, 7 terms in 1 file(s); 0 error(s), 0 warning(s): ok" in r.output
    bad = write_csv(tmp_path, GOOD + [row(term="the")], "bad.csv")
    r = runner.invoke(app, ["glossary", "validate", str(bad), "--json"])
    assert r.exit_code == 1
    assert [i["rule"] for i in json.loads(r.output)["issues"]] == ["G115", "G117"]


def test_cli_import_export(tmp_path: Path, runner) -> None:
    into = tmp_path / "glossary"
    r = runner.invoke(app, ["glossary", "import", str(write_csv(tmp_path, GOOD)), "--into", str(into)])
    assert r.exit_code == 0, r.output
    assert "2 concepts added" in r.output
    r = runner.invoke(app, ["--glossary", str(into), "glossary", "export", str(tmp_path / "o.tsv"), "-f", "tsv"])
    assert r.exit_code == 0 and "2 concepts, 3 rows (tsv)" in r.output
    r = runner.invoke(app, ["glossary", "import", str(tmp_path / "missing.csv"), "--into", str(into)])
    assert r.exit_code == 3 and "no such file" in r.output


def test_glossary_option_env_and_toml(tmp_path: Path, monkeypatch) -> None:
    from tmkit.config import resolve_settings

    (tmp_path / "tmkit.toml").write_text('glossary = "terms"\n', encoding="utf-8")
    assert resolve_settings(None, tmp_path).glossary == str(tmp_path / "terms")
    monkeypatch.setenv("TMKIT_GLOSSARY", "/x/env")
    assert resolve_settings(None, tmp_path).glossary == "/x/env"
    assert resolve_settings(None, tmp_path, glossary_option="/x/opt").glossary_source == "option"


def test_sample_copy_is_independent(tmp_path: Path) -> None:
    # sanity for the helpers above: GOOD is a valid two-concept glossary
    shutil.copy(write_csv(tmp_path, GOOD), tmp_path / "copy.csv")
    assert len(load_glossary(tmp_path / "copy.csv").glossary) == 2


@needs_omegat
def test_omegat_reads_the_tsv_export(tmp_path: Path) -> None:
    """A real OmegaT 3.6 reads every row of the project termbase exported as OmegaT TSV."""
    import re
    import subprocess

    from tmkit.tm import tm_export, tm_import

    gloss = tmp_path / "glossary.txt"
    report = glossary_export(str(ROOT / "glossary"), str(gloss), fmt="tsv")
    db, tmx = tmp_path / "m.db", tmp_path / "m.tmx"
    tm_import(str(db), [str(SAMPLE)], on_duplicate="keep")
    tm_export(str(db), str(tmx))
    text = tmp_path / "src.txt"
    text.write_text("The Chinese Academy of Sciences and the Belt and Road Initiative.\n", encoding="utf-8")
    run = subprocess.run(
        ["bash", str(OMEGAT_CHECK), "-g", str(gloss), str(tmx), str(text)], capture_output=True, text=True, timeout=300
    )
    m = re.search(r"glossary \S+: (\d+) entries read by OmegaT", run.stdout)
    assert m, run.stdout + run.stderr
    assert int(m.group(1)) == report.terms > 600


@needs_shared
def test_two_tico_lists_do_not_merge_by_row_number(tmp_path: Path) -> None:
    into = tmp_path / "g"
    glossary_import([str(GLOSSARY_FIXTURES / "tico19_f_en-zh_CN.csv")], str(into))
    report = glossary_import([str(GLOSSARY_FIXTURES / "tico19_g_en_zh-CN.csv")], str(into))
    g = load_glossary(into).glossary
    assert [t.text for t in g.get("tico19-f.1").terms_in("en")] == ["1918 flu"]
    assert [t.text for t in g.get("tico19-g.1").terms_in("en")] == ["contagious"]
    # the Google list still joins Facebook concepts that share a term ("acute bronchitis"...)
    assert report.merge.concepts_joined > 0 and report.merge.concepts_added > 0


@needs_shared
def test_nfc_on_import_is_reported(tmp_path: Path) -> None:
    # the TICO-19 list holds a CJK compatibility ideograph; NFC maps it to the unified one
    report = glossary_import([str(GLOSSARY_FIXTURES / "tico19_f_en-zh_CN.csv")], str(tmp_path / "g"))
    nfc = [i for i in report.read_issues if i.rule == "G202"]
    assert nfc and all(i.severity == "warning" for i in nfc)
    assert not report.refused


def test_import_into_an_empty_folder_and_missing_parents(tmp_path: Path) -> None:
    src = write_csv(tmp_path, GOOD)
    (tmp_path / "empty").mkdir()
    assert glossary_import([str(src)], str(tmp_path / "empty")).merge.concepts_added == 2
    deep = tmp_path / "a" / "b" / "glossary"
    assert glossary_import([str(src)], str(deep)).written
    assert (deep / "places.csv").is_file()


def test_import_refuses_a_csv_that_contradicts_itself(tmp_path: Path) -> None:
    bad = write_csv(tmp_path, [GOOD[0], row(lang="zh-CN", term="中国科学院", confidence="low", note="x")], "bad.csv")
    report = glossary_import([str(bad)], str(tmp_path / "g"))
    assert report.refused and [i.rule for i in report.blocking] == ["G109", "G109"]
    assert not (tmp_path / "g").exists()


def test_examples_fold_typography_and_plurals(tmp_path: Path) -> None:
    from tmkit.tm import tm_import

    db = tmp_path / "m.db"
    tmx_text = (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
        'segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="en"><seg>Gu’an County and two key laboratories.</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>固安县和两个重点实验室。</seg></tuv></tu>'
        '<tu><tuv xml:lang="en"><seg>The CASE of Gusan.</seg></tuv><tuv xml:lang="zh-CN"><seg>谷山。</seg></tuv></tu>'
        "</body></tmx>"
    )
    (tmp_path / "t.tmx").write_text(tmx_text, encoding="utf-8")
    tm_import(str(db), [str(tmp_path / "t.tmx")], on_duplicate="keep")
    g = write_csv(
        tmp_path,
        [
            row("place.guan", "place", term="Gu'an"),
            row("place.guan", "place", lang="zh-CN", term="固安"),
            row("gen.kl", "general", term="key laboratory"),
            row("gen.kl", "general", lang="zh-CN", term="重点实验室"),
        ],
    )
    for query, concept in (("Gu'an", "place.guan"), ("key laboratory", "gen.kl")):
        report = term_lookup(str(g), query, db=str(db))
        assert [e.matched for e in report.examples[concept]] in (["Gu’an"], ["key laboratories"]), query


# -- the CSV reader by column index against the reader by record dict ---------------------------

import csv as _csv  # noqa: E402
import io as _io  # noqa: E402

from hypothesis import given as _given  # noqa: E402
from hypothesis import settings as _settings  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402

from tmkit.formats.csvrows import CsvRecords  # noqa: E402
from tmkit.model.term import GlossaryIssue  # noqa: E402


def _read_by_dict(path: str, glossary: Glossary) -> list[GlossaryIssue]:
    """read_glossary_csv as first written: each record a dict, keyword arguments, getattr."""
    from tmkit.formats.textfile import read_text

    text, _ = read_text(path, what="glossary CSV file")
    issues: list[GlossaryIssue] = []
    seen_here: set[str] = set()
    for start, values in CsvRecords(text, path):
        cid = values["concept"].strip()
        term = Term(
            lang=values["lang"].strip(),
            text=values["term"],
            status=values["status"].strip(),
            type=values["type"].strip(),
            case=values.get("case", "").strip(),
            pos=values.get("pos", "").strip(),
            usage=values.get("usage", ""),
            line=start,
            path=path,
        )
        fields = {
            "subject": values["subject"].strip(),
            "definition": values.get("definition", ""),
            "note": values.get("concept_note", ""),
            "source": values.get("source", ""),
            "confidence": values.get("confidence", "").strip(),
        }
        concept = glossary.get(cid)
        if concept is None:
            concept = Concept(cid, path=path, line=start, **fields)
            glossary.add(concept)
            seen_here.add(cid)
        else:
            if cid not in seen_here:
                issues.append(
                    GlossaryIssue(
                        "G110",
                        "concept-split",
                        "error",
                        f"concept {cid} already has rows in {concept.path}:{concept.line}; "
                        "keep all rows of a concept in one file",
                        path,
                        start,
                        cid,
                    )
                )
                seen_here.add(cid)
            for name, value in fields.items():
                if getattr(concept, name) != value:
                    column = "concept_note" if name == "note" else name
                    issues.append(
                        GlossaryIssue(
                            "G109",
                            "concept-conflict",
                            "error",
                            f"{column} of concept {cid} is {value!r} here but {getattr(concept, name)!r} "
                            f"on line {concept.line}; concept columns must agree on every row",
                            path,
                            start,
                            cid,
                        )
                    )
        concept.terms.append(term)
    return issues


_VALUE = _st.sampled_from(["", "a", " a ", "b", "x y", "Zhang Wei", "中国", "medium", " high", "person"])
_ROW = _st.fixed_dictionaries({c: _VALUE for c in COLUMNS} | {"concept": _st.sampled_from(["c1", "c2", " c1", "c3"])})


@_settings(max_examples=150, deadline=None)
@_given(
    _st.lists(_st.lists(_ROW, max_size=6), min_size=1, max_size=3),
    _st.lists(_st.sampled_from(COLUMNS[6:] + ("definition", "concept_note", "source", "confidence")), unique=True),
    _st.permutations(list(range(len(COLUMNS)))),
)
def test_csv_reader_by_index_equals_the_reader_by_dict(tmp_path_factory, files, dropped, order) -> None:
    """Files of random rows (optional columns left out, columns in any order, concepts split
    across files, conflicting concept columns): the same concepts, terms and issues."""
    folder = tmp_path_factory.mktemp("g")
    header = [
        COLUMNS[i]
        for i in order
        if COLUMNS[i] not in dropped or COLUMNS[i] in ("subject", "concept", "lang", "term", "status", "type")
    ]
    paths = []
    for k, rows in enumerate(files):
        buf = _io.StringIO()
        w = _csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[c] for c in header])
        p = folder / f"f{k}.csv"
        p.write_text(buf.getvalue(), encoding="utf-8")
        paths.append(str(p))
    fast, slow = Glossary(), Glossary()
    fast_issues: list[GlossaryIssue] = []
    slow_issues: list[GlossaryIssue] = []
    for p in paths:
        fast_issues += read_glossary_csv(p, fast)[1]
        slow_issues += _read_by_dict(p, slow)
    assert list(fast) == list(slow)
    assert fast_issues == slow_issues
