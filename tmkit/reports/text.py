"""The text report for people: findings grouped by file, `file:line:col`, severity, check id,
the line with the span marked under it, the message and the suggestion. ANSI colours only when
asked (the CLI asks on a terminal, never in a pipe)."""

from __future__ import annotations

import unicodedata
from itertools import groupby

from tmkit.qa.base import Finding, Severity
from tmkit.qa.runner import QAResult

_COLOURS = {
    Severity.CRITICAL: "\x1b[1;35m",
    Severity.MAJOR: "\x1b[1;31m",
    Severity.MINOR: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
}
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"
_WINDOW = 60  # characters of context shown on each side of a span in a long line


def display_width(text: str) -> int:
    """Terminal columns: wide (CJK, full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _excerpt(f: Finding) -> tuple[str, int, int]:
    """The line to show (shortened around the span), and the span's display start and width."""
    loc = f.location
    line = loc.context.replace("\t", " ")
    start = loc.context_start
    span = loc.text.split("\n", 1)[0] if loc.text else ""
    end = start + len(span)
    left = max(0, start - _WINDOW)
    right = min(len(line), end + _WINDOW)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    shown = prefix + line[left:right] + suffix
    col = display_width(prefix + line[left:start])
    width = max(1, display_width(span))
    return shown, col, width


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color and text else text


def render_finding(f: Finding, *, color: bool = False) -> str:
    loc = f.location
    where = f"{loc.file}:{loc.line}:{loc.column}"
    sid = loc.segment if loc.segment is None or len(loc.segment) <= 32 else loc.segment[:31] + "…"
    seg = f" [{sid} {loc.side}]" if sid is not None and loc.side else ""
    sev = _paint(f"{f.severity.label:<8}", _COLOURS[f.severity], color)
    head = f"{_paint(where, _BOLD, color)}{seg}  {sev} {f.check}  {f.message}"
    lines = [head]
    if loc.context.strip():
        shown, col, width = _excerpt(f)
        lines.append(f"    | {shown}")
        lines.append(f"    | {' ' * col}{_paint('^' * width, _COLOURS[f.severity], color)}")
    if f.suggestion is not None:
        lines.append(f"    = suggestion: {f.suggestion}")
    if f.related:
        places = ", ".join(f"{r.line}:{r.column} {r.text!r}" for r in f.related[:12])
        more = f" and {len(f.related) - 12} more" if len(f.related) > 12 else ""
        lines.append(f"    = all places: {places}{more}")
    return "\n".join(lines)


def summary_line(result: QAResult) -> str:
    counts = result.counts()
    total = len(result.findings)
    parts = ", ".join(f"{n} {label}" for label, n in counts.items())
    files = len(result.documents)
    text = f"{total} finding{'s' if total != 1 else ''} ({parts}) in {files} file{'s' if files != 1 else ''}"
    extra = []
    if result.suppressed:
        extra.append(f"{result.suppressed} suppressed inline")
    if result.baselined:
        extra.append(f"{result.baselined} in the baseline")
    if extra:
        text += "; " + ", ".join(extra)
    verdict = "fail" if result.failed else "pass"
    return f"{text}. --fail-on {result.fail_on_label}: {verdict}"


def render_text(result: QAResult, *, color: bool = False) -> str:
    out: list[str] = []
    for file, group in groupby(result.findings, key=lambda f: f.location.file):
        out.append(_paint(file, _BOLD, color))
        for f in group:
            out.append(render_finding(f, color=color))
        out.append("")
    if result.skipped_checks:
        reasons: dict[str, list[str]] = {}
        for cid, why in result.skipped_checks.items():
            reasons.setdefault(why, []).append(cid)
        for why, ids in reasons.items():
            out.append(_paint(f"not run ({why}): {', '.join(ids)}", _DIM, color))
    out.append(summary_line(result))
    return "\n".join(out) + "\n"
