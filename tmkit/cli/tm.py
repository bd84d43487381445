"""`tmkit tm ...`: import, export, validate and inspect the translation memory."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from tmkit import tm as lib
from tmkit.cli.output import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    handle_errors,
    out,
    print_json,
    progress_bar,
    want_progress,
    warn,
)
from tmkit.errors import InputError
from tmkit.store.memory import ImportReport

app = typer.Typer(help="Import, export, validate and inspect the translation memory (TMX).", no_args_is_help=True)


class OnDuplicate(str, Enum):
    skip = "skip"
    update = "update"
    keep = "keep"


class LangStyle(str, Enum):
    zh_cn = "zh-CN"
    zh_hans = "zh-Hans"
    zh = "zh"
    original = "original"


JsonOpt = Annotated[bool, typer.Option("--json", help="Print a JSON object on stdout instead of text.")]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar (and for import, no per-unit messages).")
]


def _settings(ctx: typer.Context):  # type: ignore[no-untyped-def]
    return ctx.obj.settings()


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="TMX files (.tmx, .tmx.gz; TMX 1.1-1.4b, any encoding).")],
    on_duplicate: Annotated[
        OnDuplicate,
        typer.Option(
            help="A unit already in the memory (same tuid and languages, or without tuid the same "
            "text in every language): skip it, update it in place, or keep both."
        ),
    ] = OnDuplicate.skip,
    strict: Annotated[bool, typer.Option("--strict", help="Any failed unit rolls back the whole import.")] = False,
    bare_zh: Annotated[
        str | None,
        typer.Option(help="What a bare `zh` tag means (default zh-CN, or bare_zh in tmkit.toml); `zh` keeps it bare."),
    ] = None,
    repair_mojibake: Annotated[
        bool,
        typer.Option(help="Repair Chinese mojibake (e.g. GBK read as Latin-1) where the repair is exactly reversible."),
    ] = True,
    origin: Annotated[str | None, typer.Option(help="Record this origin instead of each file's name.")] = None,
    show: Annotated[int, typer.Option(help="How many unit issues to list (all are in --json and the memory).")] = 20,
    index: Annotated[
        bool,
        typer.Option(
            help="Update the fuzzy-match and concordance indexes in the same transaction. With "
            "--no-index the import is faster and the indexes catch up on the next match, search "
            "or `tm reindex`."
        ),
    ] = True,
    json_: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Import TMX files into the memory, streaming, in one transaction.

    A file that is not well-formed aborts the import and leaves the memory unchanged. Invalid
    units are reported with line and tuid and skipped; the exit code is then 1.
    """
    settings = _settings(ctx)
    bare = settings.bare_zh if bare_zh is None else _bare(bare_zh)
    with progress_bar(want_progress(quiet, json_), "importing", in_bytes=True) as progress, _unchanged_on_error():
        report = lib.tm_import(
            settings.db,
            files,
            on_duplicate=on_duplicate.value,
            strict=strict,
            bare_zh=bare,
            repair_mojibake=repair_mojibake,
            origin=origin,
            progress=progress,
            index=index,
        )
    if json_:
        print_json({"db": settings.db, **report.to_dict()})
    else:
        _print_import(report, settings.db, 0 if quiet else show)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_FINDINGS)


@contextmanager
def _unchanged_on_error() -> Iterator[None]:
    try:
        yield
    except InputError as e:
        raise InputError(
            e.message,
            path=e.path,
            line=e.line,
            column=e.column,
            hint=(e.hint + "; " if e.hint else "") + "nothing was imported, the memory is unchanged",
        ) from None


def _bare(value: str) -> str:
    from tmkit.text.langtags import validate_bare_zh

    return validate_bare_zh(value)


def _print_import(report: ImportReport, db: str, show: int) -> None:
    for f in report.files:
        extra = []
        if f.repaired:
            extra.append(f"{f.repaired} mojibake segments repaired exactly")
        if f.warnings:
            extra.append(f"{f.warnings} warnings")
        tail = f"; {', '.join(extra)}" if extra else ""
        out(
            f"{f.path}: {f.units_read} units read: {f.created} created, {f.updated} updated, "
            f"{f.unchanged} unchanged, {f.skipped} skipped, {f.failed} failed{tail}"
        )
    ranked = sorted(report.issues, key=lambda i: {"error": 0, "warning": 1}.get(i["severity"], 2))
    for issue in ranked[:show]:
        where = f"{issue['file']}:{issue['line']}" if issue["line"] else issue["file"]
        tuid = f" tuid={issue['tuid']}" if issue["tuid"] else ""
        out(f"  {where}:{tuid} {issue['severity']} [{issue['code']}] {issue['message']}")
    if report.issues_total > show and show:
        out(f"  ... {report.issues_total - show} more issues (tmkit tm import --json lists them all)")
    if len(report.files) > 1:
        out(
            f"total: {report.total('created')} created, {report.total('updated')} updated, "
            f"{report.total('unchanged')} unchanged, {report.total('skipped')} skipped, {report.total('failed')} failed"
        )
    if report.rolled_back:
        warn(f"tmkit: --strict: {report.total('failed')} units failed, so nothing was imported into {db}")
    else:
        out(f"memory: {db}")


@app.command("export")
@handle_errors
def export(
    ctx: typer.Context,
    out_path: Annotated[
        Path, typer.Argument(metavar="OUT", help="The TMX file to write (.tmx, or .tmx.gz to compress).")
    ],
    source_lang: Annotated[
        str | None, typer.Option("--source-lang", "-s", help="Only units with this language (also the header srclang).")
    ] = None,
    target_lang: Annotated[
        str | None, typer.Option("--target-lang", "-t", help="Only units with this language too.")
    ] = None,
    origin: Annotated[list[str] | None, typer.Option(help="Only units imported from this origin (repeatable).")] = None,
    since: Annotated[str | None, typer.Option(help="Only units changed (else created) on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only units changed (else created) on or before this date.")] = None,
    lang_style: Annotated[
        LangStyle,
        typer.Option(help="How to write Chinese tags: zh-CN/zh-TW, zh-Hans/zh-Hant, bare zh, or as imported."),
    ] = LangStyle.zh_cn,
    timestamps: Annotated[
        bool, typer.Option(help="Write the export time in the header. --no-timestamps: same memory, same bytes.")
    ] = True,
    json_: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Export the memory as TMX 1.4b (valid against tmx14.dtd), streaming, in unit order.

    A language matches its regional variants: `-s en -t zh` exports en-US/zh-CN, en-GB/zh-TW...
    """
    settings = _settings(ctx)
    with progress_bar(want_progress(quiet, json_), "exporting", in_bytes=False) as progress:
        report = lib.tm_export(
            settings.db,
            out_path,
            source_lang=source_lang,
            target_lang=target_lang,
            origins=origin or None,
            since=since,
            until=until,
            lang_style=lang_style.value,
            timestamps=timestamps,
            progress=progress,
        )
    if json_:
        print_json({"db": settings.db, **report.to_dict()})
        return
    out(f"wrote {report.units} units ({report.variants} segments) to {report.path}")
    if report.illegal_chars:
        out(
            f'  {report.illegal_chars} characters that XML cannot carry were written as <ph type="x-tmkit-char"> (segments) or removed (notes, props, attributes)'
        )
    if report.dropped_attrs:
        out(f"  {report.dropped_attrs} attributes that TMX 1.4 does not allow on <tu>/<tuv> were left out")


@app.command("validate")
@handle_errors
def validate(
    files: Annotated[list[Path], typer.Argument(help="TMX files to check.")],
    dtd: Annotated[
        Path | None, typer.Option(help="Also validate against this DTD (loads each file into memory).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    show: Annotated[int, typer.Option(help="How many findings of each rule to list per file.")] = 10,
    json_: JsonOpt = False,
) -> None:
    """Check TMX files against TMX 1.4b and what CAT tools enforce, without importing.

    Exit 0: valid; 1: errors (or warnings with --strict); 3: a file could not be read.
    """
    results: list[dict[str, Any]] = []
    unreadable = failing = 0
    for f in files:
        try:
            (report,) = lib.tm_validate([f], dtd=dtd)
        except InputError as e:
            unreadable += 1
            results.append({"path": str(f), "ok": False, "unreadable": str(e)})
            if not json_:
                warn(f"tmkit: error: {e}")
            continue
        bad = report.errors or (strict and report.warnings)
        failing += bool(bad)
        results.append(report.to_dict())
        if not json_:
            _print_validation(report, show, strict)
    if json_:
        print_json({"files": results})
    raise typer.Exit(EXIT_INPUT if unreadable else EXIT_FINDINGS if failing else EXIT_OK)


def _print_validation(report, show: int, strict: bool) -> None:  # type: ignore[no-untyped-def]
    if not report.ok:
        verdict = "INVALID"
    elif strict and report.warnings:
        verdict = "valid, but --strict fails on warnings"
    else:
        verdict = "valid"
    out(
        f"{report.path}: {verdict}: TMX {report.version}, {report.units} units, {report.errors} errors, {report.warnings} warnings"
    )
    shown: Counter[str] = Counter()
    totals = Counter(f.rule for f in report.findings)
    for f in sorted(report.findings, key=lambda f: (f.severity != "error", f.line or 0)):
        shown[f.rule] += 1
        if shown[f.rule] <= show:
            col = f":{f.column}" if f.column else ""
            out(f"  {report.path}:{f.line or '-'}{col}: {f.severity} [{f.rule}] {f.message}")
    for rule, n in totals.items():
        if n > show:
            out(f"  ... [{rule}] {n - show} more")


@app.command("stats")
@handle_errors
def stats(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Units, segments, languages, language pairs and origins in the memory."""
    settings = _settings(ctx)
    s = lib.tm_stats(settings.db)
    if json_:
        print_json(s.to_dict())
        return
    out(f"memory: {s.path} (schema {s.schema_version}, {s.size_bytes / 1_048_576:.1f} MiB, {s.batches} imports)")
    out(f"units: {s.units}  segments: {s.variants}")
    out("languages: " + (", ".join(f"{lang} {n}" for lang, n in s.languages.items()) or "none"))
    if s.pairs:
        out("language pairs (source -> target: units):")
        for p in s.pairs:
            out(f"  {p['source']} -> {p['target']}: {p['units']}")
    if s.origins:
        out("origins:")
        for o in s.origins:
            out(f"  {o['origin']}: {o['units']} units (last import {o['last_import']})")


@app.command("reindex")
@handle_errors
def reindex(ctx: typer.Context, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Rebuild the fuzzy-match and concordance indexes from the memory's segments.

    Imports keep the indexes current; reindex after `tm import --no-index` (or let the next
    `tmkit match`/`tmkit search` catch up), or to drop the stale entries that updates leave.
    """
    settings = _settings(ctx)
    with progress_bar(want_progress(quiet, json_), "indexing", in_bytes=False) as progress:
        result = lib.tm_reindex(settings.db, progress=progress)
    if json_:
        print_json({"db": settings.db, **result})
        return
    out(
        f"{settings.db}: {result['variants']} segments indexed ({', '.join(result['indexes'])}) "
        f"in {result['seconds']:.1f} s; {result['size_before'] / 1_048_576:.1f} -> "
        f"{result['size_after'] / 1_048_576:.1f} MiB"
    )
