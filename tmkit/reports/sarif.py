"""SARIF 2.1.0: QA findings for code-scanning pipelines (GitHub code scanning, Azure DevOps, any
SARIF viewer).

One run, `tool.driver` = tmkit with one rule per check that ran (or has a finding). Each finding
is one result:

* `level` from the tmkit severity (critical and major: error, minor: warning, info: note); the
  tmkit severity itself is in `properties.tmkit-severity`;
* `message.text`: the message, then the suggestion;
* the primary location: the file as a relative URI (percent-encoded), the region with lines and
  columns counted in Unicode code points (`run.columnKind`), the flagged span as its snippet;
* `relatedLocations`: the other places of a variant or a name written several ways;
* `fixes`: the suggestion as a replacement of the span, for plain-text and Markdown drafts (the
  only inputs whose columns are columns of the file);
* `partialFingerprints["tmkitFinding/v1"]`: `tmkit.qa.runner.fingerprint`, which does not change
  when lines are added above the finding, so code scanning keeps tracking it across edits.

For XML and PO inputs (TMX, XLIFF, PO) the column of a span counts characters of the segment's
plain text, not of the file: the region there has the line only, and the segment id is a logical
location. The memory (`--memory`) has no lines at all: its results name the unit only.

docs/reference/qa-reports.md describes the output.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

import tmkit
from tmkit.qa.base import Finding, Location, Severity
from tmkit.qa.registry import get_check
from tmkit.qa.runner import QAResult, fingerprint

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "tmkitFinding/v1"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.MAJOR: "error",
    Severity.MINOR: "warning",
    Severity.INFO: "note",
}

#: input kinds whose columns are columns of the file
_FILE_COLUMNS = frozenset({"text", "markdown", "parallel"})
_WINDOWS_ABS = re.compile(r"^[A-Za-z]:[\\/]")


def artifact_uri(path: str) -> tuple[str, bool]:
    """(URI, relative?) for a file name as the user gave it. Relative names stay relative POSIX
    paths, percent-encoded (spaces, Chinese, '#', '%', ':'); absolute names become file: URIs."""
    if _WINDOWS_ABS.match(path):
        return PureWindowsPath(path).as_uri(), False
    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if p.startswith("/"):
        return PurePosixPath(p).as_uri(), False
    while p.startswith("./"):
        p = p[2:]
    return quote(p, safe="/"), True


def message_text(f: Finding) -> str:
    """The message, then the suggestion (what SARIF viewers show as the result's text)."""
    msg = f.message.rstrip()
    if f.suggestion is None:
        return msg
    sep = "" if msg.endswith((".", "!", "?", "。")) else "."
    if f.suggestion == "":
        return f"{msg}{sep} Suggestion: delete it."
    return f"{msg}{sep} Suggestion: “{f.suggestion}”"


class _Builder:
    def __init__(self, result: QAResult) -> None:
        self.result = result
        self.kinds: dict[str, str] = {}
        for d in result.documents:
            self.kinds[d.path] = d.kind
            if d.target_path:
                self.kinds[d.target_path] = d.kind
        self.artifacts: list[dict[str, object]] = []
        self.artifact_index: dict[str, int] = {}
        for d in result.documents:
            for p in (d.path, d.target_path):
                if p:
                    self._artifact(p)
        self.rules: list[dict[str, object]] = []
        self.rule_index: dict[str, int] = {}

    # -- artifacts and locations ----------------------------------------------------------------

    def _artifact(self, path: str) -> int:
        if path not in self.artifact_index:
            uri, relative = artifact_uri(path)
            loc: dict[str, object] = {"uri": uri}
            if relative:
                loc["uriBaseId"] = "%SRCROOT%"
            art: dict[str, object] = {"location": loc, "roles": ["analysisTarget"]}
            self.artifact_index[path] = len(self.artifacts)
            self.artifacts.append(art)
        return self.artifact_index[path]

    def artifact_location(self, path: str) -> dict[str, object]:
        index = self._artifact(path)
        out = dict(self.artifacts[index]["location"])  # type: ignore[arg-type]
        out["index"] = index
        return out

    def region(self, loc: Location) -> dict[str, object] | None:
        kind = self.kinds.get(loc.file, "text")
        if kind == "memory":
            return None
        if kind in _FILE_COLUMNS:
            return {
                "startLine": loc.line,
                "startColumn": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column,
                "snippet": {"text": loc.text},
            }
        # TMX, XLIFF, PO: the line of the unit; its columns are not columns of the file
        return {"startLine": loc.line, "endLine": max(loc.end_line, loc.line), "snippet": {"text": loc.text}}

    def location(self, loc: Location, *, message: str | None = None, id_: int | None = None) -> dict[str, object]:
        physical: dict[str, object] = {"artifactLocation": self.artifact_location(loc.file)}
        region = self.region(loc)
        if region is not None:
            physical["region"] = region
            if loc.context and loc.line == loc.end_line and self.kinds.get(loc.file, "text") in _FILE_COLUMNS:
                physical["contextRegion"] = {"startLine": loc.line, "snippet": {"text": loc.context}}
        out: dict[str, object] = {}
        if id_ is not None:
            out["id"] = id_
        out["physicalLocation"] = physical
        if loc.segment is not None:
            name = loc.segment if loc.side is None else f"{loc.segment}/{loc.side}"
            out["logicalLocations"] = [{"name": loc.segment, "fullyQualifiedName": name, "kind": "element"}]
        if message:
            out["message"] = {"text": message}
        return out

    # -- rules ----------------------------------------------------------------------------------

    def rule(self, check_id: str, family: str = "") -> int:
        if check_id in self.rule_index:
            return self.rule_index[check_id]
        try:
            cls = get_check(check_id)
        except KeyError:
            cls = None
        docs = f"docs/reference/checks/{check_id}.md"
        if cls is not None:
            description = cls.description
            severity = cls.severity
            family = cls.family
            langs = ", ".join(cls.langs) if cls.langs else "any"
            needs = ", ".join(sorted(cls.needs)) or "nothing"
            full = (
                f"{description} Family: {family}. Default severity: {severity.label}. "
                f"Languages: {langs}. Needs: {needs}."
            )
            name = cls.__name__
        else:
            description = full = f"tmkit check {check_id}"
            severity = Severity.MINOR
            name = check_id
        rule: dict[str, object] = {
            "id": check_id,
            "name": name,
            "shortDescription": {"text": description},
            "fullDescription": {"text": full},
            "help": {
                "text": f"{full} Reference: {docs} in the tmkit sources.",
                "markdown": f"{full}\n\nReference: `{docs}` in the tmkit sources.",
            },
            "defaultConfiguration": {"level": LEVELS[severity]},
            "properties": {
                "tags": ["translation-qa", family] if family else ["translation-qa"],
                "tmkit-severity": severity.label,
                "family": family,
                "docs": docs,
            },
        }
        self.rule_index[check_id] = len(self.rules)
        self.rules.append(rule)
        return self.rule_index[check_id]

    # -- results --------------------------------------------------------------------------------

    def result_of(self, f: Finding) -> dict[str, object]:
        loc = f.location
        out: dict[str, object] = {
            "ruleId": f.check,
            "ruleIndex": self.rule(f.check, f.family),
            "level": LEVELS[f.severity],
            "kind": "fail",
            "message": {"text": message_text(f)},
            "locations": [self.location(loc)],
        }
        if f.related:
            out["relatedLocations"] = [
                self.location(r, id_=n, message=f"also written {r.text!r}" if r.text else None)
                for n, r in enumerate(f.related, 1)
            ]
        fix = self.fix(f)
        if fix is not None:
            out["fixes"] = [fix]
        out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(f)}
        props: dict[str, object] = {"tmkit-severity": f.severity.label, "family": f.family}
        if f.suggestion is not None:
            props["suggestion"] = f.suggestion
        for key in ("segment", "side", "lang"):
            value = getattr(loc, key)
            if value is not None:
                props[key] = value
        if self.kinds.get(loc.file, "text") not in _FILE_COLUMNS:
            # the columns inside the segment's text, for tools that show the segment
            props["segmentColumn"] = loc.column
            props["segmentEndColumn"] = loc.end_column
        out["properties"] = props
        return out

    def fix(self, f: Finding) -> dict[str, object] | None:
        loc = f.location
        if f.suggestion is None or f.suggestion == loc.text:
            return None
        if self.kinds.get(loc.file, "text") not in _FILE_COLUMNS:
            return None
        what = f"Delete {loc.text!r}" if f.suggestion == "" else f"Replace {loc.text!r} with {f.suggestion!r}"
        return {
            "description": {"text": what},
            "artifactChanges": [
                {
                    "artifactLocation": self.artifact_location(loc.file),
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": loc.line,
                                "startColumn": loc.column,
                                "endLine": loc.end_line,
                                "endColumn": loc.end_column,
                            },
                            "insertedContent": {"text": f.suggestion},
                        }
                    ],
                }
            ],
        }

    def build(self) -> dict[str, object]:
        r = self.result
        for check_id in r.checks:
            self.rule(check_id)
        results = [self.result_of(f) for f in r.findings]
        notifications = [
            {
                "descriptor": {"id": "check-skipped"},
                "associatedRule": {"id": check_id},
                "level": "note",
                "message": {"text": f"{check_id} did not run: {why}"},
            }
            for check_id, why in sorted(r.skipped_checks.items())
        ]
        invocation: dict[str, object] = {
            "executionSuccessful": True,
            "properties": {
                "fail-on": r.fail_on.label if r.fail_on is not None else None,
                "suppressed": r.suppressed,
                "baselined": r.baselined,
                "checks": list(r.checks),
            },
        }
        if notifications:
            invocation["toolExecutionNotifications"] = notifications
        driver: dict[str, object] = {
            "name": "tmkit",
            "version": tmkit.__version__,
            "semanticVersion": tmkit.__version__,
            "rules": self.rules,
        }
        run: dict[str, object] = {
            "tool": {"driver": driver},
            "invocations": [invocation],
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the folder tmkit qa was run in"}}},
            "artifacts": self.artifacts,
            "columnKind": "unicodeCodePoints",
            "results": results,
        }
        return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def sarif_log(result: QAResult) -> dict[str, object]:
    """The SARIF log of a QA run, as a JSON-ready dict."""
    return _Builder(result).build()


def render_sarif(result: QAResult) -> str:
    """The SARIF 2.1.0 log of a QA run, as JSON text (UTF-8 characters kept, ends with a newline)."""
    return json.dumps(sarif_log(result), ensure_ascii=False, indent=2) + "\n"
