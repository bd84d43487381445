"""The machine and people reports of `tmkit qa`: SARIF 2.1.0, JUnit XML and the HTML page.

Findings come from the real checks (typo-space-before-bracket gives exact, known spans) over a
plain-text draft read from disk, a bilingual document built here, and the seeds. Overlapping and
related spans, which that check does not make, are built with the same `Text.location` the
checks use."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import tmkit
from tests.conftest import SHARED
from tmkit.qa.base import Finding, Severity
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import read_draft
from tmkit.qa.registry import get_check
from tmkit.qa.runner import QAResult, fingerprint, run_checks, run_qa
from tmkit.reports.html import render_html
from tmkit.reports.junit import render_junit
from tmkit.reports.sarif import artifact_uri, render_sarif

SEEDS = SHARED / "seeds"
SEED = SEEDS / "000_664d58feb8051902.txt"
needs_seeds = pytest.mark.skipif(not SEED.is_file(), reason="../shared/seeds is absent (it exists on dev machines)")
TYPO = "typo-space-before-bracket"

DRAFT = (
    "Poly Union Group Corporation(Poly Union) met CAS.\n"
    "\n"
    'Use <script>alert(1)</script> & "quotes" in the Institute(IOZ) 生物所 text.\n'
)


class PinnedGlued(get_check(TYPO)):  # type: ignore[misc, valid-type]
    """typo-space-before-bracket with its span and message pinned here: the real check is being
    refined, and these tests are about the reports, not about it. Same id, family, severity."""

    def check_text(self, text, ctx):
        for m in re.finditer(r"(?<=[A-Za-z])\((?=[A-Z])", text.text):
            i = m.start()
            yield self.finding(text, i - 1, i + 1, "no space before '('", suggestion=f"{text.text[i - 1]} (")


def pinned(docs: list[Document], fail_on: Severity = Severity.MAJOR) -> QAResult:
    """A QAResult made by the runner's own `run_checks` with the pinned check."""
    findings, suppressed, summaries = run_checks(docs, QAContext(), [PinnedGlued()])
    findings.sort(key=Finding.sort_key)
    return QAResult(findings, summaries, [TYPO], fail_on, suppressed, docs=docs)


@pytest.fixture
def mono(tmp_path, monkeypatch) -> QAResult:
    """A monolingual draft with a Chinese file name, read from disk by its relative path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "草稿 1#.txt").write_text(DRAFT, encoding="utf-8")
    return pinned([read_draft("草稿 1#.txt")])


def bilingual_doc() -> Document:
    def seg(sid: str, line: int, en: str, zh: str) -> Segment:
        return Segment(
            sid,
            Text(en, "en", "pair.tmx", line, 1, sid, "source"),
            Text(zh, "zh-CN", "pair.tmx", line, 1, sid, "target"),
        )

    return Document(
        "pair.tmx",
        "tmx",
        [
            seg("u1", 7, "Xinjiang Branch(CAS) signed.", "中国科学院新疆分院签约。"),
            seg("u2", 12, "Nothing <b>wrong</b> here.", "这里<没有>问题。"),
        ],
        source_lang="en",
        target_lang="zh-CN",
    )


@pytest.fixture
def bi() -> QAResult:
    return pinned([bilingual_doc()])


def test_real_checks_through_all_three(tmp_path):
    """The real checks (all of them, whatever they find today) on a monolingual and a bilingual
    draft: every finding is in every report, at its place."""
    (tmp_path / "d.txt").write_text(DRAFT, encoding="utf-8")
    docs = [read_draft(tmp_path / "d.txt"), bilingual_doc()]
    result = run_qa(docs, QAContext())
    assert any(f.check == TYPO for f in result.findings)
    log = json.loads(render_sarif(result))
    check_sarif_structure(log)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f.check for f in result.findings]
    lines = DRAFT.split("\n")
    for r, f in zip(results, result.findings, strict=True):
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["snippet"]["text"] == f.text
        if f.file.endswith("d.txt") and f.location.line == f.location.end_line:
            assert lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1] == f.text
    root = junit(result)
    failing = [f for f in result.findings if f.severity >= result.fail_on]
    assert sum(int(x.get("message").split()[0]) for x in root.iter("failure")) == len(failing)
    assert int(root.get("tests")) == 2 * (len(result.checks) + len(result.skipped_checks))
    doc = page(result)
    for n, f in enumerate(result.findings, 1):
        assert highlighted(doc, n) == f.text, (f.check, f.line, f.column)


# -- SARIF ------------------------------------------------------------------------------------

#: the properties the SARIF 2.1.0 schema allows on each object tmkit writes (the schema says
#: additionalProperties: false on all of them), and the kind of each child object
SARIF_OBJECTS: dict[str, dict[str, str | None]] = {
    "log": {"$schema": None, "version": None, "runs": "[run", "properties": None},
    "run": {
        "tool": "tool",
        "invocations": "[invocation",
        "originalUriBaseIds": "{artifactLocation",
        "artifacts": "[artifact",
        "columnKind": None,
        "results": "[result",
        "properties": None,
    },
    "tool": {"driver": "toolComponent", "extensions": None, "properties": None},
    "toolComponent": {
        "name": None,
        "version": None,
        "semanticVersion": None,
        "informationUri": None,
        "rules": "[reportingDescriptor",
        "properties": None,
    },
    "reportingDescriptor": {
        "id": None,
        "name": None,
        "shortDescription": "mfMessage",
        "fullDescription": "mfMessage",
        "help": "mfMessage",
        "helpUri": None,
        "defaultConfiguration": "configuration",
        "properties": None,
    },
    "mfMessage": {"text": None, "markdown": None, "properties": None},
    "configuration": {"enabled": None, "level": None, "rank": None, "properties": None},
    "invocation": {
        "executionSuccessful": None,
        "toolExecutionNotifications": "[notification",
        "properties": None,
    },
    "notification": {
        "descriptor": "descriptorReference",
        "associatedRule": "descriptorReference",
        "level": None,
        "message": "message",
        "properties": None,
    },
    "descriptorReference": {"id": None, "index": None, "guid": None, "properties": None},
    "artifact": {"location": "artifactLocation", "roles": None, "encoding": None, "properties": None},
    "artifactLocation": {"uri": None, "uriBaseId": None, "index": None, "description": "message", "properties": None},
    "message": {"text": None, "markdown": None, "id": None, "arguments": None, "properties": None},
    "result": {
        "ruleId": None,
        "ruleIndex": None,
        "kind": None,
        "level": None,
        "message": "message",
        "locations": "[location",
        "relatedLocations": "[location",
        "fixes": "[fix",
        "partialFingerprints": None,
        "properties": None,
    },
    "location": {
        "id": None,
        "physicalLocation": "physicalLocation",
        "logicalLocations": "[logicalLocation",
        "message": "message",
        "properties": None,
    },
    "physicalLocation": {
        "artifactLocation": "artifactLocation",
        "region": "region",
        "contextRegion": "region",
        "properties": None,
    },
    "region": {
        "startLine": None,
        "startColumn": None,
        "endLine": None,
        "endColumn": None,
        "snippet": "artifactContent",
        "message": "message",
        "properties": None,
    },
    "artifactContent": {"text": None, "binary": None, "properties": None},
    "logicalLocation": {"name": None, "fullyQualifiedName": None, "kind": None, "index": None, "properties": None},
    "fix": {"description": "message", "artifactChanges": "[artifactChange", "properties": None},
    "artifactChange": {"artifactLocation": "artifactLocation", "replacements": "[replacement", "properties": None},
    "replacement": {"deletedRegion": "region", "insertedContent": "artifactContent", "properties": None},
}
REQUIRED = {
    "log": {"version", "runs"},
    "run": {"tool"},
    "tool": {"driver"},
    "toolComponent": {"name"},
    "reportingDescriptor": {"id"},
    "mfMessage": {"text"},
    "invocation": {"executionSuccessful"},
    "notification": {"message"},
    "result": {"message"},
    "fix": {"artifactChanges"},
    "artifactChange": {"artifactLocation", "replacements"},
    "replacement": {"deletedRegion"},
}
LEVELS = {"none", "note", "warning", "error"}


def check_sarif_structure(obj: object, kind: str = "log", path: str = "$") -> None:
    """What the SARIF 2.1.0 schema says about the objects tmkit writes (used when the schema
    itself is not available offline)."""
    assert isinstance(obj, dict), path
    allowed = SARIF_OBJECTS[kind]
    extra = set(obj) - set(allowed)
    assert not extra, f"{path}: {kind} has no properties {sorted(extra)}"
    missing = REQUIRED.get(kind, set()) - set(obj)
    assert not missing, f"{path}: {kind} lacks {sorted(missing)}"
    if "properties" in obj:
        assert isinstance(obj["properties"], dict), path
        tags = obj["properties"].get("tags")
        if tags is not None:
            assert len(set(tags)) == len(tags) and all(isinstance(t, str) for t in tags), path
    if kind == "message":
        assert "text" in obj or "id" in obj, path
    if kind in ("result", "notification", "configuration"):
        assert obj.get("level", "warning") in LEVELS, path
    if kind == "result":
        assert obj.get("kind", "fail") in {"notApplicable", "pass", "fail", "review", "open", "informational"}
        assert all(isinstance(v, str) for v in obj.get("partialFingerprints", {}).values())
        assert obj.get("ruleIndex", 0) >= -1
    if kind == "region":
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            if key in obj:
                assert isinstance(obj[key], int) and obj[key] >= 1, f"{path}.{key}"
        assert "startLine" in obj, path  # a text region (tmkit never writes a byte region)
    if kind == "artifactLocation":
        assert obj.get("index", 0) >= -1
        if "uri" in obj:
            assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", obj["uri"]), obj["uri"]
    if kind == "location":
        assert obj.get("id", 0) >= -1
    if kind == "run":
        assert obj.get("columnKind") in (None, "utf16CodeUnits", "unicodeCodePoints")
    if kind == "artifact":
        assert set(obj.get("roles", [])) <= {"analysisTarget", "attachment", "resultFile", "standardStream"}
    if kind == "fix" or kind == "artifactChange":
        key = "artifactChanges" if kind == "fix" else "replacements"
        assert len(obj[key]) >= 1, path
    for key, child in allowed.items():
        if child is None or key not in obj:
            continue
        value = obj[key]
        if child.startswith("["):
            assert isinstance(value, list), f"{path}.{key}"
            for n, item in enumerate(value):
                check_sarif_structure(item, child[1:], f"{path}.{key}[{n}]")
        elif child.startswith("{"):
            assert isinstance(value, dict), f"{path}.{key}"
            for name, item in value.items():
                check_sarif_structure(item, child[1:], f"{path}.{key}.{name}")
        else:
            check_sarif_structure(value, child, f"{path}.{key}")


def _schema_path() -> Path | None:
    """The official schema, when a copy is at hand: $TMKIT_SARIF_SCHEMA or tests/data."""
    env = os.environ.get("TMKIT_SARIF_SCHEMA")
    for p in (Path(env) if env else None, Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"):
        if p is not None and p.is_file():
            return p
    return None


def test_sarif_monolingual_exact(mono):
    log = json.loads(render_sarif(mono))
    check_sarif_structure(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "tmkit" and driver["version"] == tmkit.__version__
    assert "informationUri" not in driver  # tmkit has no home page; the docs path is in each rule
    assert [r["id"] for r in driver["rules"]] == [TYPO]
    rule = driver["rules"][0]
    assert rule["name"] == "SpaceBeforeBracket"
    assert rule["defaultConfiguration"] == {"level": "warning"}
    assert rule["properties"]["docs"] == f"docs/reference/checks/{TYPO}.md"
    assert rule["properties"]["tmkit-severity"] == "minor"
    uri = "%E8%8D%89%E7%A8%BF%201%23.txt"  # 草稿 1#.txt, percent-encoded UTF-8
    assert run["artifacts"] == [{"location": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "roles": ["analysisTarget"]}]
    got = []
    for res, f in zip(run["results"], mono.findings, strict=True):
        assert res["ruleId"] == TYPO and res["ruleIndex"] == 0
        assert res["level"] == "warning" and res["properties"]["tmkit-severity"] == "minor"
        assert res["partialFingerprints"] == {"tmkitFinding/v1": fingerprint(f)}
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"] == {"uri": uri, "uriBaseId": "%SRCROOT%", "index": 0}
        region = phys["region"]
        got.append(
            (
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
                region["snippet"]["text"],
                res["message"]["text"],
            )
        )
        (fix,) = res["fixes"]
        (change,) = fix["artifactChanges"]
        (rep,) = change["replacements"]
        assert rep["deletedRegion"] == {k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")}
        assert rep["insertedContent"] == {"text": f.suggestion}
    assert got == [
        (1, 28, 1, 30, "n(", "no space before '('. Suggestion: “n (”"),
        (3, 57, 3, 59, "e(", "no space before '('. Suggestion: “e (”"),
    ]
    # the regions are exact: they cut the span out of the file's lines
    lines = DRAFT.split("\n")
    for line, col, _, end_col, span, _msg in got:
        assert lines[line - 1][col - 1 : end_col - 1] == span
    assert run["results"][1]["locations"][0]["physicalLocation"]["contextRegion"]["snippet"]["text"] == lines[2]


def test_sarif_bilingual_names_the_segment_and_has_no_file_columns(bi):
    log = json.loads(render_sarif(bi))
    check_sarif_structure(log)
    (res,) = log["runs"][0]["results"]
    loc = res["locations"][0]
    assert loc["physicalLocation"]["region"] == {"startLine": 7, "endLine": 7, "snippet": {"text": "h("}}
    assert loc["logicalLocations"] == [{"name": "u1", "fullyQualifiedName": "u1/source", "kind": "element"}]
    assert res["properties"]["segment"] == "u1" and res["properties"]["side"] == "source"
    assert (res["properties"]["segmentColumn"], res["properties"]["segmentEndColumn"]) == (15, 17)
    assert "fixes" not in res  # the columns are not the file's: a fix would edit the wrong bytes


def test_sarif_levels_related_locations_and_zero_findings(tmp_path):
    text = Text("Sci-Tech and SciTech and SciTech.", "en", "a.txt", 4, 1)
    Segment("p1", text)
    main = Finding("variant-x", Severity.CRITICAL, "one word, two spellings", text.location(0, 8), "SciTech")
    main.related = [text.location(13, 20), text.location(25, 32)]
    others = [
        Finding("y", sev, "m", text.location(0, 3), family="typography")
        for sev in (Severity.MAJOR, Severity.MINOR, Severity.INFO)
    ]
    result = QAResult([main, *others], [], ["variant-x"], Severity.MAJOR)
    log = json.loads(render_sarif(result))
    check_sarif_structure(log)
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "error", "warning", "note"]
    assert [r["properties"]["tmkit-severity"] for r in results] == ["critical", "major", "minor", "info"]
    rel = results[0]["relatedLocations"]
    assert [(r["id"], r["physicalLocation"]["region"]["startColumn"], r["message"]["text"]) for r in rel] == [
        (1, 14, "also written 'SciTech'"),
        (2, 26, "also written 'SciTech'"),
    ]
    # unknown checks still get a rule, so every ruleIndex points somewhere
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rules[r["ruleIndex"]]["id"] for r in results] == ["variant-x", "y", "y", "y"]

    empty = json.loads(render_sarif(QAResult([], [], [TYPO], Severity.MAJOR, skipped_checks={"term-case": "x"})))
    check_sarif_structure(empty)
    run = empty["runs"][0]
    assert run["results"] == []
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [TYPO]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["associatedRule"] == {"id": "term-case"} and note["message"]["text"] == "term-case did not run: x"


@pytest.mark.parametrize(
    ("path", "uri", "relative"),
    [
        ("drafts/a.txt", "drafts/a.txt", True),
        ("./drafts/a b.txt", "drafts/a%20b.txt", True),
        ("稿件/新闻.md", "%E7%A8%BF%E4%BB%B6/%E6%96%B0%E9%97%BB.md", True),
        ("a:b%c?.txt", "a%3Ab%25c%3F.txt", True),
        ("/srv/草稿.txt", "file:///srv/%E8%8D%89%E7%A8%BF.txt", False),
        ("C:\\drafts\\a.txt", "file:///C:/drafts/a.txt", False),
    ],
)
def test_artifact_uri(path, uri, relative):
    assert artifact_uri(path) == (uri, relative)


def test_sarif_validates_against_the_official_schema(mono, bi):
    """Validation with the OASIS schema itself. No pip package ships the schema and the test
    machines have no network: put a copy at $TMKIT_SARIF_SCHEMA (or tests/data/) to run this."""
    jsonschema = pytest.importorskip("jsonschema")
    path = _schema_path()
    if path is None:
        pytest.skip("the SARIF 2.1.0 schema is not available offline (set TMKIT_SARIF_SCHEMA to a copy)")
    schema = json.loads(path.read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    for result in (mono, bi):
        errors = sorted(validator.iter_errors(json.loads(render_sarif(result))), key=str)
        assert not errors, "\n".join(e.message for e in errors[:5])


# -- JUnit ------------------------------------------------------------------------------------


def junit(result: QAResult) -> etree._Element:
    text = render_junit(result)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return etree.fromstring(text.encode("utf-8"))


def test_junit_counts_and_failure_text(mono):
    root = junit(mono)
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.get("name") == "草稿 1#.txt"
    assert [(c.get("classname"), c.get("name")) for c in suite.iter("testcase")] == [("typography", TYPO)]
    case = suite.find("testcase")
    # minor findings do not fail at --fail-on major: they are listed in system-out
    assert case.find("failure") is None
    assert case.findtext("system-out") == (
        "2 findings (below major, not failures):\n"
        "草稿 1#.txt:1:28 minor no space before '(' (suggestion: “n (”)\n"
        "草稿 1#.txt:3:57 minor no space before '(' (suggestion: “e (”)\n"
    )
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == (
        "1",
        "0",
        "0",
        "0",
    )

    mono.fail_on = Severity.MINOR
    root = junit(mono)
    case = root.find("testsuite/testcase")
    failure = case.find("failure")
    assert failure.get("type") == TYPO and failure.get("message") == "2 findings"
    assert failure.text.splitlines() == [
        "草稿 1#.txt:1:28 minor no space before '(' (suggestion: “n (”)",
        "草稿 1#.txt:3:57 minor no space before '(' (suggestion: “e (”)",
    ]
    assert case.find("system-out") is None
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("1", "1", "0")


def test_junit_bilingual_and_several_drafts(tmp_path, bi):
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing (wrong) here.\n", encoding="utf-8")
    docs = [bilingual_doc(), read_draft(clean)]
    result = pinned(docs, Severity.MINOR)
    result.checks = [TYPO, "number-mismatch"]
    result.skipped_checks = {"term-missing": "no glossary"}
    root = junit(result)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["pair.tmx", str(clean)]
    pair, mono = suites
    assert [(c.get("name"), [x.tag for x in c]) for c in pair.iter("testcase")] == [
        (TYPO, ["failure"]),
        ("number-mismatch", []),
        ("term-missing", ["skipped"]),  # no glossary
    ]
    assert (
        pair.find("testcase/failure").text
        == "pair.tmx:7:15 [u1/source] minor no space before '(' (suggestion: “h (”)\n"
    )
    assert [(c.get("name"), [x.tag for x in c]) for c in mono.iter("testcase")] == [
        (TYPO, []),
        ("number-mismatch", ["skipped"]),  # needs bilingual input
        ("term-missing", ["skipped"]),
    ]
    assert mono.find("testcase/skipped[@message]") is not None
    counts = [(s.get("tests"), s.get("failures"), s.get("skipped")) for s in suites]
    assert counts == [("3", "1", "1"), ("3", "0", "2")]
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("6", "1", "0", "3")


def test_junit_escapes_and_survives_control_characters():
    text = Text("a\x0b<b>&(c) x(y)", "en", 'we"ird<&>.txt', 1, 1)
    Segment("p1", text)
    f = Finding("typo-x", Severity.CRITICAL, 'bad \x01 <thing> & "more"', text.location(10, 12), "x (")
    root = junit(QAResult([f], [], ["typo-x"], Severity.MAJOR))
    failure = root.find("testsuite/testcase/failure")
    assert root.find("testsuite").get("name") == 'we"ird<&>.txt'
    assert failure.text == 'we"ird<&>.txt:1:11 critical bad \\x01 <thing> & "more" (suggestion: “x (”)\n'


# -- HTML -------------------------------------------------------------------------------------


def page(result: QAResult) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(render_html(result))


def _primary(m) -> list[str]:
    if m.get("data-rel") is not None:
        return []
    return (m.get("data-p") or m.get("data-f") or "").split()


def highlighted(doc, n: int) -> str:
    """The text of finding n's highlight: its pieces, in order."""
    return "".join(m.text_content() for m in doc.xpath("//mark") if str(n) in _primary(m))


def assert_self_contained(html: str, doc) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not doc.xpath("//script[@src] | //link | //img | //iframe | //object | //embed")
    assert "@import" not in html and "url(" not in html


def test_html_highlights_each_finding_in_place(mono):
    html = render_html(mono)
    doc = lxml.html.document_fromstring(html)
    assert_self_contained(html, doc)
    assert doc.xpath("//meta/@charset") == ["utf-8"]
    assert "2 findings in 1 draft: 2 minor" in doc.xpath("string(//p[@class='totals'])")
    for n, f in enumerate(mono.findings, 1):
        assert highlighted(doc, n) == f.text
        # the list links to the highlight, and the anchor sits just before it
        (link,) = doc.xpath(f"//li[@id='l{n}']/a")
        assert link.get("href") == f"#f{n}"
        (anchor,) = doc.xpath(f"//a[@id='f{n}']")
        assert anchor.getnext().tag == "mark" and anchor.getnext().text_content() == f.text
        assert f"{f.severity.label} · {TYPO}: {f.message} → {f.suggestion}" in anchor.getnext().get("title")
    # the draft is shown whole, paragraph by paragraph, with its line numbers
    paras = doc.xpath("//div[@class='draft']//p")
    assert [p.text_content() for p in paras] == [
        "Poly Union Group Corporation(Poly Union) met CAS.",
        DRAFT.split("\n")[2],
    ]
    assert [p.get("lang") for p in paras] == ["en", "en"]
    assert doc.xpath("//div[@class='draft']//span[@class='ln']/text()") == ["1", "3"]


def test_html_escapes_a_hostile_draft(mono):
    html = render_html(mono)
    doc = lxml.html.document_fromstring(html)
    # the only script is tmkit's own; the draft's <script> is text
    assert len(doc.xpath("//script")) == 1
    assert "<script>alert(1)</script>" not in html
    assert '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes"' in html
    assert 'Use <script>alert(1)</script> & "quotes" in the Institute(IOZ) 生物所 text.' in [
        p.text_content() for p in doc.xpath("//p")
    ]


def test_html_bilingual_table(bi):
    doc = page(bi)
    rows = doc.xpath("//table[@class='bi']/tbody/tr")
    assert [[td.text_content() for td in r] for r in rows] == [
        ["u1", "Xinjiang Branch(CAS) signed.", "中国科学院新疆分院签约。"],
        ["u2", "Nothing <b>wrong</b> here.", "这里<没有>问题。"],
    ]
    assert [td.get("lang") for td in rows[0][1:]] == ["en", "zh-CN"]
    assert highlighted(doc, 1) == "h("
    assert rows[0][1].xpath(".//mark")[0].text_content() == "h("
    assert rows[0].get("data-f") == "1" and rows[1].get("data-f") == ""


def test_html_overlapping_and_related_spans():
    text = Text("The Sci-Tech Park(STP) and SciTech.", "en", "o.txt", 1, 1)
    doc_ = Document("o.txt", "text", [Segment("p1", text)])
    a = Finding("variant-x", Severity.MINOR, "variant", text.location(4, 12), "SciTech")
    a.related = [text.location(27, 34)]
    b = Finding("name-y", Severity.MAJOR, "overlap", text.location(8, 17), None)  # Tech Park
    c = Finding("typo-z", Severity.INFO, "glued", text.location(16, 18), "k (")  # k(
    z = Finding("typo-w", Severity.MINOR, "missing", text.location(12, 12), " ")  # zero width
    result = QAResult([a, b, c, z], [], [], Severity.MAJOR, docs=[doc_])
    doc = page(result)
    assert highlighted(doc, 1) == "Sci-Tech"
    assert highlighted(doc, 2) == "Tech Park"
    assert highlighted(doc, 3) == "k("
    # pieces, not nesting: each piece knows every finding on it, coloured by the worst
    pieces = [(m.text_content(), m.get("data-f"), m.get("data-sev")) for m in doc.xpath("//p//mark")]
    assert pieces == [
        ("Sci-", "1", "minor"),
        ("Tech", "1 2", "major"),
        ("", "4", "minor"),
        (" Par", "2", "major"),
        ("k", "2 3", "major"),
        ("(", "3", "info"),
        ("SciTech", "1", "minor"),
    ]
    related = doc.xpath("//mark[@data-rel]")
    assert [m.text_content() for m in related] == ["SciTech"]
    assert doc.xpath("//li[@id='l1']//div[@class='rel']/a/@href") == ["#f1r1"]
    assert doc.xpath("string(//div[@class='draft']//p)") == text.text


def test_html_zero_findings_and_unplaced_findings(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("一切正常。\n", encoding="utf-8")
    result = run_qa([read_draft(clean)], QAContext(), only=[TYPO])
    doc = page(result)
    assert doc.xpath("string(//p[@id='no-findings'])") == "No findings."
    assert doc.xpath("//p[@lang='zh-CN']/text()") == ["一切正常。"]
    assert "0 findings in 1 draft" in doc.xpath("string(//p[@class='totals'])")
    # a finding on a file the result has no document for is still listed, with its line
    text = Text("x(y)", "en", "gone.txt", 5, 1)
    f = Finding("typo-x", Severity.MAJOR, "glued", text.location(0, 2), "x (")
    doc = page(QAResult([f], [], [], Severity.MAJOR))
    (li,) = doc.xpath("//section[@id='other']//li")
    assert li.xpath("string(.)").startswith("gone.txt:5:1 major typo-x glued")
    assert li.xpath("string(div[@class='ctx'])") == "x(y)"


def test_html_is_small_for_a_big_draft(tmp_path):
    body = "\n\n".join(f"Paragraph {i} of the Institute(IOZ) report, with 中文 text." for i in range(3000))
    (tmp_path / "big.txt").write_text(body, encoding="utf-8")
    result = pinned([read_draft(tmp_path / "big.txt")])
    assert len(result.findings) == 3000
    html = render_html(result)
    # the draft's own text plus a few hundred bytes per finding; over 2,000 segments, only
    # those with findings are shown
    assert len(html.encode("utf-8")) < len(body.encode("utf-8")) + 3000 * 700
    doc = lxml.html.document_fromstring(html)
    assert len(doc.xpath("//mark")) == 3000


@needs_seeds
def test_all_three_on_the_seeds():
    seeds = sorted(SEEDS.glob("*.txt"))
    result = run_qa([read_draft(p) for p in seeds], QAContext())
    log = json.loads(render_sarif(result))
    check_sarif_structure(log)
    assert len(log["runs"][0]["results"]) == len(result.findings)
    root = junit(result)
    assert [s.get("name") for s in root] == [str(p) for p in seeds]
    failing = sum(1 for f in result.findings if f.severity >= result.fail_on)
    failures = root.xpath("//failure")
    assert sum(int(x.get("message").split()[0]) for x in failures) == failing
    assert sum(len(x.text.splitlines()) for x in failures) == failing
    doc = page(result)
    for n, f in enumerate(result.findings, 1):
        assert highlighted(doc, n) == f.text, (f.check, f.line, f.column)
    # the known glued bracket of seed 000: "Corporation(Poly Union)", "(" at line 9, column 102
    typo = [f for f in result.findings if f.check == TYPO and f.file == str(SEED) and f.line == 9]
    assert any(f.column <= 102 < f.location.end_column and "(" in f.text for f in typo)


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed (used only to parse the page's script)")
def test_html_script_is_valid_javascript(mono, tmp_path):
    (script,) = page(mono).xpath("//script/text()")
    js = tmp_path / "page.js"
    js.write_text(script, encoding="utf-8")
    done = subprocess.run(["node", "--check", str(js)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
