"""The JSON report: a documented, versioned schema (docs/reference/qa-json.md and
docs/reference/qa-report.schema.json). Version 1; a field is never renamed or removed within a
version, new optional fields may be added."""

from __future__ import annotations

import json

from tmkit import __version__
from tmkit.qa.runner import QAResult

SCHEMA_NAME = "tmkit-qa-report"
SCHEMA_VERSION = 1


def report_dict(result: QAResult) -> dict[str, object]:
    return {
        "schema": SCHEMA_NAME,
        "version": SCHEMA_VERSION,
        "tool": {"name": "tmkit", "version": __version__},
        "fail_on": result.fail_on_label,
        "failed": result.failed,
        "summary": {
            "findings": len(result.findings),
            "by_severity": result.counts(),
            "by_check": result.by_check(),
            "suppressed": result.suppressed,
            "baselined": result.baselined,
        },
        "documents": [d.to_dict() for d in result.documents],
        "checks": list(result.checks),
        "skipped_checks": dict(result.skipped_checks),
        "findings": [f.to_dict() for f in result.findings],
    }


def render_json(result: QAResult) -> str:
    return json.dumps(report_dict(result), ensure_ascii=False, indent=2) + "\n"
