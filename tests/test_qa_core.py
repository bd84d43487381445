"""QA plumbing: positions, inputs, inline suppression, configuration, baselines, the CLI and the
JSON report. The checks themselves are tested per family (test_qa_<family>.py); here the one
check typo-space-before-bracket is used to make findings with known places."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import FIXTURES, ROOT, needs_shared, tmx, tu
from tmkit.cli import app
from tmkit.errors import InputError, UsageError
from tmkit.qa import QASources, qa
from tmkit.qa.base import Severity
from tmkit.qa.config import QAConfig, qa_config_from_dict
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.inputs import directives, read_draft, read_memory_draft, read_parallel
from tmkit.qa.runner import baseline_document, read_baseline, run_qa

SEEDS = ROOT.parent / "shared" / "seeds"
RELEASES = ROOT / "memories" / "releases"
SCHEMA = json.loads((ROOT / "docs" / "reference" / "qa-report.schema.json").read_text(encoding="utf-8"))
BRACKET = ["typo-space-before-bracket"]


def run(docs, **kw):
    return run_qa(docs, QAContext(config=kw.pop("config", QAConfig())), only=kw.pop("only", BRACKET), **kw)


def places(result):
    return [(f.file, f.line, f.column, f.location.end_line, f.location.end_column, f.text) for f in result.findings]


# --- positions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(0, (4, 3)), (4, (4, 7)), (6, (5, 1)), (11, (5, 6)), (12, (5, 7)), (13, (6, 1))],
)
def test_text_positions_count_lines_inside_the_text(offset, expected):
    t = Text("abcde\nfghijk\nl", "en", "f.txt", line=4, column=3)
    assert t.position(offset) == expected


def test_location_of_a_span_across_a_line_break():
    t = Text("one two\nthree", "en", "f.txt", line=10, column=1)
    loc = t.location(4, 13)
    assert (loc.line, loc.column, loc.end_line, loc.end_column, loc.text) == (10, 5, 11, 6, "two\nthree")
    assert loc.context == "one two" and loc.context_start == 4


def test_indented_paragraph_positions(write):
    p = write("d.txt", "Title\n\n   An indented line with Science(CAS) in it.\n   Second line, Corp(X).\n")
    r = run([read_draft(p)])
    assert places(r) == [
        (str(p), 3, 32, 3, 34, "e("),
        (str(p), 4, 20, 4, 22, "p("),
    ]
    assert r.findings[0].location.context_start == 28  # the line inside its paragraph (indentation trimmed)


@needs_shared
def test_seed_positions_are_file_positions():
    r = run([read_draft(SEEDS / "000_664d58feb8051902.txt"), read_draft(SEEDS / "002_76ec1d3fcebc3ef8.txt")])
    got = [(Path(f).name, line, col, end_line, end_col, text) for f, line, col, end_line, end_col, text in places(r)]
    assert got == [
        ("000_664d58feb8051902.txt", 9, 101, 9, 103, "n("),
        ("002_76ec1d3fcebc3ef8.txt", 5, 386, 5, 388, "e("),
    ]
    # the reported span is the file's text at that place
    line = (SEEDS / "000_664d58feb8051902.txt").read_text(encoding="utf-8").splitlines()[8]
    assert line[100:102] == "n("


# --- inline suppression --------------------------------------------------------------------------

DIRECTIVES = """\
Line one Corp(A).
<!-- tmkit-disable-next-line typo-space-before-bracket -->
Line three Corp(B).
Line four Corp(C). <!-- tmkit-disable-line -->
# tmkit-disable typography
Line six Corp(D).
// tmkit-enable typography
Line eight Corp(E).
"""


def test_directives_parse():
    sups, spans = directives(DIRECTIVES)
    got = sorted((sorted(s.checks), s.first, s.last) for s in sups)
    assert got == [(["*"], 4, 4), (["typo-space-before-bracket"], 3, 3), (["typography"], 5, 7)]
    assert len(spans) == 4


def test_inline_suppression_in_a_draft(write):
    p = write("d.md", DIRECTIVES)
    r = run([read_draft(p)])
    assert [(f.line, f.text) for f in r.findings] == [(1, "p("), (8, "p(")]
    assert r.suppressed == 3


def test_markdown_code_and_urls_are_not_checked(write):
    p = write(
        "d.md",
        "Call `f(x)` and see https://example.org/a(b) or mail a(b)@x.org.\n\n```\nCorp(A)\n```\n\nReal Corp(B).\n",
    )
    r = run([read_draft(p)])
    assert [(f.line, f.column, f.text) for f in r.findings] == [(7, 9, "p(")]


def test_segment_notes_suppress_in_tmx(write):
    body = tu("Corp(A) one", "一") + tu(
        "Corp(B) two", "二", extra="><note>tmkit-disable typo-space-before-bracket</note"
    )
    # extra is inserted inside the <tu ...> tag; build the note unit by hand instead
    body = tu("Corp(A) one", "一", tuid="a") + (
        '<tu tuid="b"><note>reviewed: tmkit-disable typo-space-before-bracket</note>'
        '<tuv xml:lang="en-US"><seg>Corp(B) two</seg></tuv><tuv xml:lang="zh-CN"><seg>二</seg></tuv></tu>'
    )
    p = write("d.tmx", tmx(body))
    r = run([read_draft(p)])
    assert [(f.location.segment, f.location.side, f.text) for f in r.findings] == [("a", "source", "p(")]
    assert r.suppressed == 1


# --- inputs ----------------------------------------------------------------------------------------

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"

#. tmkit-disable typo-space-before-bracket
msgid "Chinese Academy of Sciences(CAS)"
msgstr "中国科学院（CAS）"

msgid ""
"Two lines "
"of source"
msgstr "两行"

#~ msgid "old"
#~ msgstr "旧"

msgid "Poly Union Group Corporation(Poly Union)"
msgstr "保利联合集团"
"""


def test_po_input(write):
    doc = read_draft(write("d.po", PO))
    got = [(s.source.line, s.source.text, s.target.text, s.target.lang, sorted(s.disabled)) for s in doc.segments]
    assert got == [
        (7, "Chinese Academy of Sciences(CAS)", "中国科学院（CAS）", "zh-CN", ["typo-space-before-bracket"]),
        (10, "Two lines of source", "两行", "zh-CN", []),
        (18, "Poly Union Group Corporation(Poly Union)", "保利联合集团", "zh-CN", []),
    ]
    r = run([doc])
    assert [(f.line, f.column, f.text, f.location.side) for f in r.findings] == [(18, 28, "n(", "source")]


@needs_shared
@pytest.mark.parametrize(
    ("name", "segments", "with_target", "target_lang", "first_id", "first_line"),
    [
        ("heartsome_HSCAT8-2.xlf", 33, 0, "zh-CN", "1", 14),
        ("heartsome_HSCAT8-83.xlf", 12, 10, "zh-CN", "1", 14),
        ("heartsome_utf16le.xlf", 4, 4, "zh-HK", "0", 20),
    ],
)
def test_xliff_fixtures(name, segments, with_target, target_lang, first_id, first_line):
    doc = read_draft(FIXTURES / "xliff" / name)
    assert (len(doc.segments), sum(1 for s in doc.segments if s.target), doc.target_lang) == (
        segments,
        with_target,
        target_lang,
    )
    assert (doc.segments[0].id, doc.segments[0].source.line) == (first_id, first_line)


@needs_shared
def test_tmx_fixture_sides():
    doc = read_draft(FIXTURES / "tmx" / "tico19_en-zh_documents.tmx")
    assert (len(doc.segments), doc.source_lang, doc.target_lang) == (3071, "en", "zh-CN")
    first = doc.segments[0]
    assert (first.id, first.source.line, first.target.text) == ("CMU_1:1", 3, "这些症状已持续多长时间？")


def test_parallel_input_positions():
    doc = read_parallel(
        RELEASES / "2021-12-07-bjast-guan-county.en.txt", RELEASES / "2021-12-07-bjast-guan-county.zh.txt"
    )
    assert doc.kind == "parallel" and doc.target_path.endswith(".zh.txt")
    en = (RELEASES / "2021-12-07-bjast-guan-county.en.txt").read_text(encoding="utf-8").splitlines()
    zh = (RELEASES / "2021-12-07-bjast-guan-county.zh.txt").read_text(encoding="utf-8").splitlines()
    for seg in doc.segments:
        for t, lines in ((seg.source, en), (seg.target, zh)):
            first_line = t.text.split("\n", 1)[0]
            assert lines[t.line - 1][t.column - 1 :].startswith(first_line)
    assert len(doc.segments) == 9


def test_parallel_needs_two_languages():
    en = RELEASES / "2021-12-07-bjast-guan-county.en.txt"
    with pytest.raises(UsageError, match="both en"):
        read_parallel(en, en)


def test_memory_input(tmp_path):
    import sqlite3

    from tmkit.tm import tm_import

    src = tmp_path / "m.tmx"
    src.write_text(tmx(tu("Corp(A) one", "一", tuid="t1") + tu("Two", "二")), encoding="utf-8")
    db = tmp_path / "m.db"
    tm_import(db, [src])
    conn = sqlite3.connect(db)
    doc = read_memory_draft(conn, str(db))
    conn.close()
    assert [(s.id, s.source.text, s.target.text) for s in doc.segments] == [
        ("t1", "Corp(A) one", "一"),
        ("unit 2", "Two", "二"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        ("caf\u00e9".encode("latin-1"), "not valid UTF-8"),
        (b"\xef\xbb\xbfok\x00no", "NUL"),
    ],
)
def test_unreadable_text_drafts(write, content, message):
    with pytest.raises(InputError, match=message):
        read_draft(write("d.txt", content))


def test_hostile_xliff_is_refused(write):
    p = write(
        "d.xlf",
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
        '<xliff version="1.2"><file source-language="en" datatype="plaintext" original="x"><body>'
        '<trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>',
    )
    with pytest.raises(InputError, match="entity"):
        read_draft(p)


def test_broken_xliff(write):
    p = write("d.xlf", '<?xml version="1.0"?>\n<xliff version="1.2"><file><body><trans-unit id="1">')
    with pytest.raises(InputError, match="cannot read as XLIFF"):
        read_draft(p)


def test_unknown_suffix_is_a_usage_error(write):
    with pytest.raises(UsageError, match="--input-format"):
        read_draft(write("d.docx", "x"))


# --- configuration, selection, overrides, baselines ------------------------------------------


def test_config_validation():
    cfg = qa_config_from_dict(
        {"disable": ["typography"], "severity": {"typo-space-before-bracket": "info"}, "style": {"surname": "upper"}}
    )
    assert cfg.disable == {"typography"} and cfg.severity["typo-space-before-bracket"] is Severity.INFO
    assert cfg.style["surname"] == "upper" and cfg.style["quotes"] == "consistent"
    for bad, msg in [
        ({"colour": 1}, "unknown key"),
        ({"disable": ["no-such-check"]}, "unknown check"),
        ({"severity": {"typo-space-before-bracket": "fatal"}}, "unknown severity"),
        ({"style": {"surname": "lower"}}, "use one of"),
        ({"style": {"nope": 1}}, "unknown option"),
        ({"fail_on": "sometimes"}, "fail_on"),
    ]:
        with pytest.raises(UsageError, match=msg):
            qa_config_from_dict(bad)


def test_severity_override_and_disable(write):
    doc = read_draft(write("d.txt", "Corp(A) here.\n"))
    r = run([doc], config=QAConfig(severity={"typo-space-before-bracket": Severity.MAJOR}))
    assert [f.severity for f in r.findings] == [Severity.MAJOR] and r.failed
    r = run([read_draft(write("d.txt", "Corp(A) here.\n"))], config=QAConfig(disable={"typography"}), only=())
    assert all(f.family != "typography" for f in r.findings)


def test_baseline_keeps_only_new_findings(write, tmp_path):
    first = run([read_draft(write("d.txt", "Corp(A) one.\n\nCorp(A) one.\n"))])
    assert len(first.findings) == 2
    base = tmp_path / "base.json"
    base.write_text(json.dumps(baseline_document(first.findings[:1])), encoding="utf-8")
    # lines moved, one more identical finding and a new one: the baseline accepts one of the two
    again = run(
        [read_draft(write("d.txt", "New first line.\n\nCorp(A) one.\n\nCorp(A) one.\n\nCorp(B) two.\n"))],
        baseline=read_baseline(str(base)),
    )
    assert [(f.line, f.text) for f in again.findings] == [(5, "p("), (7, "p(")]
    assert again.baselined == 1


def test_bad_baseline(write):
    with pytest.raises(InputError, match="not a tmkit baseline"):
        read_baseline(str(write("b.json", '{"version": 9}')))
    with pytest.raises(InputError, match="no such baseline"):
        read_baseline("/nonexistent/b.json")


def test_qa_library_entry_errors(write):
    with pytest.raises(UsageError, match="nothing to check"):
        qa([])
    with pytest.raises(UsageError, match="even number"):
        qa([str(write("a.txt", "x"))], parallel=True)
    with pytest.raises(InputError, match="no such glossary"):
        qa([str(write("a.txt", "x"))], sources=QASources(glossary="/nonexistent", glossary_required=True))


# --- CLI --------------------------------------------------------------------------------------------


def cli(runner, *args, cwd=None):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_cli_text_report_and_exit_codes(runner, write):
    p = write("d.txt", "Poly Union Group Corporation(Poly Union) met.\n")
    r = cli(runner, "qa", str(p), "--check", "typo-space-before-bracket", "--no-memory")
    assert r.exit_code == 0, r.output
    assert f"{p}:1:28" in r.output and "^^" in r.output and "suggestion: n (" in r.output
    assert "1 finding (0 critical, 0 major, 1 minor, 0 info) in 1 file. --fail-on major: pass" in r.output
    r = cli(runner, "qa", str(p), "--check", "typo-space-before-bracket", "--fail-on", "minor", "--no-memory")
    assert r.exit_code == 1
    r = cli(runner, "qa", str(p), "--check", "typo-space-before-bracket", "--fail-on", "never", "--no-memory")
    assert r.exit_code == 0


def test_cli_json_report_follows_the_schema(runner, write, tmp_path):
    p = write("d.txt", "Poly Union Group Corporation(Poly Union) met.\n\nAnd Corp(B).\n")
    out = tmp_path / "r.json"
    r = cli(
        runner, "qa", str(p), "-f", "json", "-o", str(out), "--check", "typography", "--no-memory", "--fail-on", "minor"
    )
    assert r.exit_code == 1 and r.output == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    f = data["findings"][0]
    assert {
        k: f[k] for k in ("check", "severity", "line", "column", "end_line", "end_column", "text", "suggestion")
    } == {
        "check": "typo-space-before-bracket",
        "severity": "minor",
        "line": 1,
        "column": 28,
        "end_line": 1,
        "end_column": 30,
        "text": "n(",
        "suggestion": "n (",
    }
    assert data["failed"] is True and data["summary"]["by_check"]["typo-space-before-bracket"] == 2


def test_cli_usage_and_input_errors(runner, write, tmp_path):
    p = write("d.txt", "Text.\n")
    assert cli(runner, "qa", str(p), "--check", "no-such-check").exit_code == 2
    assert cli(runner, "qa", str(p), "--style", "surname=lower").exit_code == 2
    assert cli(runner, "qa", str(p), "-f", "pdf").exit_code == 2
    assert cli(runner, "qa").exit_code == 2
    assert cli(runner, "qa", str(p), "-o", str(tmp_path), "--no-memory").exit_code == 2
    r = cli(runner, "qa", str(write("e.txt", b"")), "--no-memory")
    assert r.exit_code == 3 and "empty" in r.output
    assert cli(runner, "qa", str(tmp_path / "missing.txt"), "--no-memory").exit_code == 3
    bad = write("g.txt", "\u4e2d\u6587".encode("gbk"))
    r = cli(runner, "qa", str(bad), "--no-memory")
    assert r.exit_code == 3 and "not valid UTF-8" in r.output


def test_cli_write_baseline_then_use_it(runner, write, tmp_path):
    p = write("d.txt", "Corp(A) here.\n")
    base = tmp_path / "b.json"
    r = cli(
        runner,
        "qa",
        str(p),
        "--check",
        "typography",
        "--fail-on",
        "minor",
        "--write-baseline",
        str(base),
        "--no-memory",
    )
    assert r.exit_code == 0 and base.is_file()
    r = cli(runner, "qa", str(p), "--check", "typography", "--fail-on", "minor", "--baseline", str(base), "--no-memory")
    assert r.exit_code == 0 and "1 in the baseline" in r.output


def test_cli_list_checks(runner):
    from tmkit.qa.registry import all_checks

    r = cli(runner, "qa", "--list-checks")
    assert r.exit_code == 0
    for c in all_checks():
        assert c.id in r.output and c.description in r.output


def test_cli_reads_tool_tmkit_from_pyproject(runner, write, tmp_path, monkeypatch):
    write(
        "pyproject.toml",
        '[tool.tmkit.qa]\nfail_on = "minor"\n[tool.tmkit.qa.severity]\n"typo-space-before-bracket" = "info"\n',
    )
    p = write("d.txt", "Corp(A) here.\n")
    monkeypatch.chdir(tmp_path)
    r = cli(runner, "qa", str(p), "--check", "typography", "--no-memory")
    assert r.exit_code == 0 and "info     typo-space-before-bracket" in r.output
    write("pyproject.toml", '[tool.tmkit.qa]\nfail_on = "minor"\n')
    assert cli(runner, "qa", str(p), "--check", "typography", "--no-memory").exit_code == 1
    write("tmkit.toml", "[qa]\nfail_n = 1\n")
    r = cli(runner, "qa", str(p), "--no-memory")
    assert r.exit_code == 2 and "unknown key" in r.output


def test_cli_parallel(runner):
    en = RELEASES / "2021-08-02-xinjiang-poly-union.en.txt"
    zh = RELEASES / "2021-08-02-xinjiang-poly-union.zh.txt"
    r = cli(
        runner,
        "qa",
        "--parallel",
        str(en),
        str(zh),
        "--check",
        "typo-space-before-bracket",
        "-f",
        "json",
        "--no-memory",
    )
    data = json.loads(r.output)
    assert data["documents"][0]["kind"] == "parallel"
    assert [(f["file"], f["line"], f["text"], f["side"]) for f in data["findings"]] == [(str(en), 3, "n(", "source")]


def test_cli_memory_audit_needs_a_memory(runner, tmp_path):
    r = cli(runner, "--db", str(tmp_path / "none.db"), "qa", "--memory")
    assert r.exit_code == 4


def test_document_model_helpers():
    s = Segment("1", Text("a", "en", "f"), Text("甲", "zh-CN", "f"))
    doc = Document("f", "tmx", [s])
    assert doc.bilingual and [t.family for t in doc.texts()] == ["en", "zh"] and s.source.unit == "1"


def test_urls_and_emails_are_masked_in_every_input_kind(write):
    body = tu("See https://example.org/Corp(A) or mail corp(a)@x.org; Corp(B).", "见。", tuid="u")
    r = run([read_draft(write("d.tmx", tmx(body)))])
    assert [(f.location.segment, f.text) for f in r.findings] == [("u", "p(")]
    assert [f.column for f in r.findings] == [59]
