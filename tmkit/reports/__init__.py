"""Rendering QA results: text, json, sarif, junit, html. Rendering only: these functions take a
`QAResult` and return a string; they never print, never write files, never decide exit codes."""

from __future__ import annotations

from tmkit.qa.runner import QAResult

FORMATS = ("text", "json", "sarif", "junit", "html")


def render(result: QAResult, fmt: str = "text", *, color: bool = False) -> str:
    if fmt == "text":
        from tmkit.reports.text import render_text

        return render_text(result, color=color)
    if fmt == "json":
        from tmkit.reports.json import render_json

        return render_json(result)
    if fmt == "sarif":
        from tmkit.reports.sarif import render_sarif

        return render_sarif(result)
    if fmt == "junit":
        from tmkit.reports.junit import render_junit

        return render_junit(result)
    if fmt == "html":
        from tmkit.reports.html import render_html

        return render_html(result)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
