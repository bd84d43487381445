"""`tmkit qa FILE...`: check drafts and report findings for people and pipelines."""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated

import typer

from tmkit.cli.output import EXIT_FINDINGS, EXIT_OK, handle_errors, out, warn
from tmkit.config import load_config
from tmkit.errors import UsageError
from tmkit.formats.atomic import atomic_write_text
from tmkit.qa import QASources, qa
from tmkit.qa.base import Severity
from tmkit.qa.config import STYLE_OPTIONS, qa_config_from_toml
from tmkit.qa.registry import all_checks
from tmkit.qa.runner import auto_jobs, baseline_document
from tmkit.reports import FORMATS, render


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    html = "html"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    tmx = "tmx"
    xliff = "xliff"
    po = "po"


class FailOn(str, Enum):
    info = "info"
    minor = "minor"
    major = "major"
    critical = "critical"
    never = "never"


assert tuple(f.value for f in ReportFormat) == FORMATS


_AT_EXIT: list[bool] = []


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector off while a `tmkit qa` run reads, checks and renders: what
    the run keeps (the dictionaries, the glossary and its automata, the draft, every text's
    caches, the findings) is millions of container objects, and each young collection scans the
    ones made since the last: about 0.2 s of CPU on the 10,000-segment benchmark, to free
    nothing (peak RSS with it off: +2 MB of 212 MB there). Objects are still freed by reference
    counting. The collector is switched back on afterwards (the CLI may run in a longer-lived
    process, as under the tests' CliRunner), after freezing what is alive then (gc.freeze, as at
    exit): otherwise its first young collection would scan everything the run made."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.enable()


def _no_final_collection() -> None:
    """At exit, CPython runs the garbage collector over every object still alive: after a big run
    (the dictionaries, the glossary, the memory's texts, every text's caches) that pass took about
    0.65 s of a 4.7 s `tmkit qa` on the 10,000-segment benchmark, to find nothing worth finding
    (the process ends; the OS takes the memory back). Registered once, at exit the live objects
    are frozen (gc.freeze), which the collector leaves alone; they are still released as usual."""
    if not _AT_EXIT:
        _AT_EXIT.append(True)
        atexit.register(gc.freeze)


def _list_checks() -> str:
    rows = []
    for c in all_checks():
        langs = ",".join(c.langs) if c.langs else "all"
        on = "" if c.default_enabled else "  (off by default)"
        rows.append(f"{c.id:<30} {c.family:<12} {c.severity.label:<9} {langs:<6} {c.description}{on}")
    header = f"{'id':<30} {'family':<12} {'severity':<9} {'langs':<6} description"
    return "\n".join([header, *rows])


def _write(path: str, text: str) -> None:
    try:
        atomic_write_text(path, text)
    except OSError as e:
        raise UsageError(f"{path}: cannot write: {e.strerror}") from None


def _style_overrides(values: list[str]) -> dict[str, object]:
    style: dict[str, object] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in STYLE_OPTIONS:
            raise UsageError(f"--style {item!r}: use KEY=VALUE with KEY one of {', '.join(STYLE_OPTIONS)}")
        allowed = STYLE_OPTIONS[key][1]
        if allowed is None:
            style[key] = [v.strip() for v in value.split(",") if v.strip()]
        elif value not in allowed:
            raise UsageError(f"--style {key}={value}: use one of {', '.join(allowed)}")
        else:
            style[key] = value
    return style


def qa_command(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Drafts to check: .txt, .md, .tmx, .xlf/.xliff, .po, or folders of them.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format: text, json, sarif, junit or html.")
    ] = ReportFormat.text,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="OUT", help="Write the report to OUT instead of stdout.")
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding is at or above this severity (never: always exit 0). Default: fail_on in \\[qa], else major.",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", metavar="LANG", help="The language of monolingual drafts (en, zh, zh-TW...). Default: detected."
        ),
    ] = None,
    input_format: Annotated[
        InputFormat, typer.Option("--input-format", help="Read every FILE as this format instead of going by its name.")
    ] = InputFormat.auto,
    parallel: Annotated[
        bool,
        typer.Option(
            "--parallel", help="Read FILEs in pairs, source then target, and align each pair with tmkit's aligner."
        ),
    ] = False,
    audit_memory: Annotated[
        bool, typer.Option("--memory", help="Also check the memory itself (every EN/ZH unit) for consistency.")
    ] = False,
    no_memory: Annotated[
        bool, typer.Option("--no-memory", help="Do not compare drafts with the memory (skip the memory checks).")
    ] = False,
    check: Annotated[
        list[str] | None,
        typer.Option(
            "--check", metavar="ID", help="Run only this check or family (repeatable); optional checks included."
        ),
    ] = None,
    enable: Annotated[
        list[str] | None,
        typer.Option("--enable", metavar="ID", help="Also run this optional check or family (repeatable)."),
    ] = None,
    disable: Annotated[
        list[str] | None, typer.Option("--disable", metavar="ID", help="Do not run this check or family (repeatable).")
    ] = None,
    style: Annotated[
        list[str] | None,
        typer.Option(
            "--style", metavar="KEY=VALUE", help="Override a house-style option, e.g. surname=upper (repeatable)."
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Leave out findings accepted in this baseline file; fail only on new ones.",
        ),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option(
            "--write-baseline", metavar="FILE", help="Write every finding to FILE as the accepted baseline, and exit 0."
        ),
    ] = None,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color", help="Colour the text report. Default: on a terminal, unless NO_COLOR is set."
        ),
    ] = None,
    list_checks: Annotated[bool, typer.Option("--list-checks", help="Print the catalogue of checks and exit.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes to use: 2 runs the memory and name checks beside the others on large drafts. "
            "Default: 2 when a CPU is idle, else 1.",
        ),
    ] = None,
) -> None:
    """Check drafts for inconsistent names, terms, styling, numbers and script; report findings."""
    if list_checks:
        out(_list_checks())
        return
    _no_final_collection()
    with _no_cycle_collection():
        settings = ctx.obj.settings()
        data, path = load_config()
        config = qa_config_from_toml(data, path)
        config.enable.update(enable or [])
        config.disable.update(disable or [])
        config.style.update(_style_overrides(style or []))
        if fail_on is not None:
            config.fail_on = None if fail_on == FailOn.never else Severity.parse(fail_on.value)
        memory = None if no_memory else (config.memory or settings.db)
        sources = QASources(
            glossary=settings.glossary,
            glossary_required=settings.glossary_source != "default",
            memory=memory,
            memory_required=bool(config.memory) or (settings.db_source in ("option", "env") and not no_memory),
        )
        result = qa(
            files or [],
            config=config,
            sources=sources,
            lang=lang,
            input_format=input_format.value,
            parallel=parallel,
            audit_memory=audit_memory,
            only=check or [],
            baseline=baseline or config.baseline,
            bare_zh=settings.bare_zh,
            jobs=jobs if jobs is not None else auto_jobs(),
        )
        for note in sources.notes:
            warn(f"tmkit: note: {note}")
        if write_baseline:
            _write(write_baseline, json.dumps(baseline_document(result.findings), ensure_ascii=False, indent=2) + "\n")
            warn(f"tmkit: wrote {len(result.findings)} findings to the baseline {write_baseline}")
            raise typer.Exit(EXIT_OK)
        use_color = (
            color if color is not None else (output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        )
        report = render(result, fmt.value, color=use_color and fmt == ReportFormat.text)
        if output:
            _write(output, report)
        else:
            typer.echo(report, nl=False)
        raise typer.Exit(EXIT_FINDINGS if result.failed else EXIT_OK)


qa_cmd = handle_errors(qa_command)
