"""JUnit XML: QA findings for CI dashboards (GitLab merge-request test reports, Jenkins, Azure
Pipelines, any JUnit viewer).

The mapping:

* `<testsuites name="tmkit qa">` around one `<testsuite>` per draft checked (name = the file; a
  pair of parallel files is one draft, named by its first file, with its findings on both files);
* one `<testcase classname="FAMILY" name="CHECK-ID">` per check that ran;
* a check with findings at or above `--fail-on` gets one `<failure type="CHECK-ID"
  message="N findings">`, whose text has one line per finding:
  `file:line:col severity message (suggestion: “X”)`;
* findings below `--fail-on` do not fail the test case: they are listed the same way in the test
  case's `<system-out>` (GitLab and Jenkins show it next to the test), so they are visible without
  turning the dashboard red;
* a check that did not run (no glossary, no memory) is a `<skipped>` test case with the reason; so
  is a check that needs bilingual input, in the suite of a monolingual draft.

The counts (`tests`, `failures`, `errors`, `skipped`) are exact on every suite and on the root.
Nothing in the file depends on the time or the machine, so two runs give the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

from tmkit.qa.base import Finding
from tmkit.qa.registry import get_check
from tmkit.qa.runner import QAResult

# characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: str) -> str:
    """`text` with the characters XML cannot carry written as \\xNN / \\uNNNN."""
    return _NOT_XML.sub(
        lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", text
    )


def finding_line(f: Finding) -> str:
    """One finding on one line: `file:line:col [segment/side] severity message (suggestion: “X”)`."""
    loc = f.location
    where = f"{loc.file}:{loc.line}:{loc.column}"
    if loc.segment is not None:
        where += f" [{loc.segment}{'/' + loc.side if loc.side else ''}]"
    line = f"{where} {f.severity.label} {f.message}"
    if f.suggestion is not None:
        line += " (suggestion: delete it)" if f.suggestion == "" else f" (suggestion: “{f.suggestion}”)"
    return " ".join(_x(line).splitlines())


def _family(check_id: str, fallback: str = "") -> str:
    try:
        return get_check(check_id).family
    except KeyError:
        return fallback or "tmkit"


def _needs_bilingual(check_id: str) -> bool:
    try:
        return "bilingual" in get_check(check_id).needs
    except KeyError:
        return False


def _plural(n: int) -> str:
    return f"{n} finding" if n == 1 else f"{n} findings"


def junit_tree(result: QAResult) -> etree._Element:
    """The `<testsuites>` element of a QA run."""
    fail_on = result.fail_on
    # which draft each file belongs to
    suite_of: dict[str, str] = {}
    suites: list[tuple[str, bool]] = []  # (name, bilingual)
    docs_by_path = {d.path: d for d in result.docs}
    for summary in result.documents:
        doc = docs_by_path.get(summary.path)
        bilingual = doc.bilingual if doc is not None else summary.kind not in ("text", "markdown")
        suites.append((summary.path, bilingual))
        suite_of[summary.path] = summary.path
        if summary.target_path:
            suite_of[summary.target_path] = summary.path
    by_suite: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    families: dict[str, str] = {}
    for f in result.findings:
        name = suite_of.get(f.location.file)
        if name is None:  # a finding on a file no summary names: give it its own suite
            name = f.location.file
            suite_of[name] = name
            suites.append((name, True))
        by_suite[name][f.check].append(f)
        families.setdefault(f.check, f.family)

    root = etree.Element("testsuites", name="tmkit qa")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for name, bilingual in suites:
        found = by_suite.get(name, {})
        check_ids = list(result.checks) + [c for c in found if c not in result.checks]
        suite = etree.SubElement(root, "testsuite", name=_x(name))
        props = etree.SubElement(suite, "properties")
        etree.SubElement(props, "property", name="fail-on", value=fail_on.label if fail_on is not None else "never")
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for check_id in check_ids:
            case = etree.SubElement(
                suite, "testcase", classname=_family(check_id, families.get(check_id, "")), name=check_id
            )
            case.set("file", _x(name))
            counts["tests"] += 1
            findings = found.get(check_id, [])
            if not findings and not bilingual and _needs_bilingual(check_id):
                etree.SubElement(case, "skipped", message="needs bilingual input")
                counts["skipped"] += 1
                continue
            failing = [f for f in findings if fail_on is not None and f.severity >= fail_on]
            lower = [f for f in findings if not (fail_on is not None and f.severity >= fail_on)]
            if failing:
                failure = etree.SubElement(case, "failure", type=check_id, message=_plural(len(failing)))
                failure.text = "\n".join(finding_line(f) for f in failing) + "\n"
                counts["failures"] += 1
            if lower:
                out = etree.SubElement(case, "system-out")
                below = f"below {fail_on.label}" if fail_on is not None else "--fail-on is off"
                out.text = (
                    f"{_plural(len(lower))} ({below}, not failures):\n"
                    + "\n".join(finding_line(f) for f in lower)
                    + "\n"
                )
        for check_id, why in sorted(result.skipped_checks.items()):
            case = etree.SubElement(suite, "testcase", classname=_family(check_id), name=check_id)
            case.set("file", _x(name))
            etree.SubElement(case, "skipped", message=_x(f"did not run: {why}"))
            counts["tests"] += 1
            counts["skipped"] += 1
        for key in ("tests", "failures", "errors", "skipped"):
            suite.set(key, str(counts[key]))
            totals[key] += counts[key]
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(totals[key]))
    return root


def render_junit(result: QAResult) -> str:
    """The JUnit XML report of a QA run, as text (with an XML declaration, ends with a newline)."""
    body = etree.tostring(junit_tree(result), encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body
