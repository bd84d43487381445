"""`tmkit glossary ...` (validate, import, export) and `tmkit term QUERY`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tmkit import glossary as lib
from tmkit.cli.output import EXIT_FINDINGS, handle_errors, out, print_json, warn
from tmkit.model.term import Term

app = typer.Typer(
    help="Validate the termbase, import glossaries into it, export it as CSV, TSV or TBX.", no_args_is_help=True
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print a JSON object on stdout instead of text.")]
GlossaryArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[GLOSSARY]",
        help="A glossary folder or file. Default: the configured glossary (--glossary, $TMKIT_GLOSSARY, tmkit.toml, ./glossary).",
        show_default=False,
    ),
]


class ImportFormat(str, Enum):
    auto = "auto"
    csv = "csv"
    tico = "tico"
    tsv = "tsv"
    tbx = "tbx"


class ExportFormat(str, Enum):
    csv = "csv"
    tsv = "tsv"
    tbx = "tbx"
    tbx_basic = "tbx-basic"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


class OnConflict(str, Enum):
    keep = "keep"
    replace = "replace"


def _settings(ctx: typer.Context):  # type: ignore[no-untyped-def]
    return ctx.obj.settings()


@app.command("validate")
@handle_errors
def validate(
    ctx: typer.Context,
    path: GlossaryArg = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on errors only (default), or on warnings too.")
    ] = FailOn.error,
    json_: JsonOpt = False,
) -> None:
    """Check a glossary: required values, duplicates, conflicts, statuses, NFC, full-width characters."""
    settings = _settings(ctx)
    report = lib.glossary_validate(path or settings.glossary, bare_zh=settings.bare_zh)
    if json_:
        print_json(report.to_dict())
    else:
        for i in report.issues:
            where = f" [{i.concept}]" if i.concept else ""
            out(f"{i.location}: {i.severity} {i.rule} {i.name}{where}: {i.message}")
        verdict = "FAILED" if report.failed(fail_on.value) else "ok"
        out(
            f"{report.path}: {report.concepts} concepts, {report.terms} terms in {len(report.files)} file(s); "
            f"{report.errors} error(s), {report.warnings} warning(s): {verdict}"
        )
    if report.failed(fail_on.value):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Glossary files: tmkit CSV, TICO-19 CSV, OmegaT TSV (.tsv/.txt/.tab/.utf8), TBX 2008 or v3."
        ),
    ],
    into: Annotated[
        str | None,
        typer.Option(
            "--into",
            metavar="GLOSSARY",
            help="Merge into this glossary folder or .csv file instead of the configured one (created if missing).",
        ),
    ] = None,
    fmt: Annotated[
        ImportFormat, typer.Option("--format", help="Input format; auto detects it from the name and content.")
    ] = ImportFormat.auto,
    source_lang: Annotated[
        str, typer.Option("--source-lang", "-s", help="Language of the first column of an OmegaT TSV.")
    ] = "en",
    target_lang: Annotated[
        str, typer.Option("--target-lang", "-t", help="Language of the second column of an OmegaT TSV.")
    ] = "zh-CN",
    on_conflict: Annotated[
        OnConflict,
        typer.Option(
            "--on-conflict", help="A term already in the concept with another status or type: keep ours, or replace it."
        ),
    ] = OnConflict.keep,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Merge and check, report, but write nothing.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Merge glossary files into the termbase; nothing is written if the result would not validate."""
    settings = _settings(ctx)
    from tmkit.formats.glossary_tables import term_lang

    report = lib.glossary_import(
        [str(f) for f in files],
        into or settings.glossary,
        fmt=fmt.value,
        source_lang=term_lang(source_lang, settings.bare_zh),
        target_lang=term_lang(target_lang, settings.bare_zh),
        on_conflict=on_conflict.value,
        dry_run=dry_run,
        bare_zh=settings.bare_zh,
    )
    if json_:
        print_json(report.to_dict())
    else:
        for i in report.read_issues:
            warn(f"{i.location}: {i.severity} {i.rule} {i.name}: {i.message}")
        for c in report.merge.conflicts:
            warn(f"conflict: {c}")
        for i in report.blocking:
            warn(f"{i.location}: {i.severity} {i.rule} {i.name} [{i.concept}]: {i.message}")
        m = report.merge
        out(
            f"{report.into}: {m.concepts_added} concepts added, {m.concepts_joined} joined; "
            f"{m.terms_added} terms added, {m.terms_replaced} replaced, {m.terms_unchanged} unchanged"
            + (f", {m.terms_other_lang} in other languages left out" if m.terms_other_lang else "")
        )
        if report.refused:
            out(f"refused: the merged glossary would have {len(report.blocking)} new error(s); nothing was written")
        elif report.dry_run:
            out("dry run: nothing was written")
        else:
            out(f"written: {', '.join(report.written) if report.written else 'nothing changed'}")
    if report.refused:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("export")
@handle_errors
def export(
    ctx: typer.Context,
    out_path: Annotated[Path, typer.Argument(metavar="OUT", help="The file to write (replaced atomically).")],
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="csv (tmkit), tsv (OmegaT), tbx (TBX 2008 martif) or tbx-basic (TBX v3)."),
    ] = ExportFormat.tbx,
    glossary: Annotated[
        str | None,
        typer.Option("--from", metavar="GLOSSARY", help="Export this glossary instead of the configured one."),
    ] = None,
    source_lang: Annotated[str, typer.Option("--source-lang", "-s", help="First column of a TSV export.")] = "en",
    target_lang: Annotated[str, typer.Option("--target-lang", "-t", help="Second column of a TSV export.")] = "zh-CN",
    langs: Annotated[
        str | None,
        typer.Option(
            "--langs",
            metavar="LANG,LANG",
            help="Only these languages, e.g. en,zh-CN for an OmegaT zh-CN project (default: all).",
        ),
    ] = None,
    usable_only: Annotated[
        bool,
        typer.Option(
            "--usable-only",
            help="Leave out deprecated and forbidden terms (for tools that ignore status, like OmegaT).",
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Write the termbase for a CAT tool or another termbase."""
    settings = _settings(ctx)
    from tmkit.formats.glossary_tables import term_lang

    report = lib.glossary_export(
        glossary or settings.glossary,
        str(out_path),
        fmt=fmt.value,
        source_lang=term_lang(source_lang, settings.bare_zh),
        target_lang=term_lang(target_lang, settings.bare_zh),
        langs=[term_lang(x, settings.bare_zh) for x in langs.split(",") if x.strip()] if langs else None,
        usable_only=usable_only,
        bare_zh=settings.bare_zh,
    )
    if json_:
        print_json(report.to_dict())
    else:
        unit = "rows" if report.format == "tsv" else "terms"
        out(f"{report.path}: {report.concepts} concepts, {report.terms} {unit} ({report.format})")
        if report.skipped_concepts:
            warn(f"{report.skipped_concepts} concepts had no term to write and were left out")
        if report.removed_chars:
            warn(f"{report.removed_chars} characters that XML cannot carry were removed")


def term(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A term in English or Chinese; typos are tolerated.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many concepts.")] = 5,
    examples: Annotated[
        int, typer.Option("--examples", "-e", help="Example units per concept from the memory (0: none).")
    ] = 3,
    glossary: Annotated[
        str | None,
        typer.Option("--from", metavar="GLOSSARY", help="Look in this glossary instead of the configured one."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Look a term up: preferred EN and ZH forms, what the match is, other forms, notes, examples."""
    settings = ctx.obj.settings()
    report = lib.term_lookup(
        glossary or settings.glossary, query, limit=limit, db=settings.db, examples=examples, bare_zh=settings.bare_zh
    )
    if json_:
        print_json(report.to_dict())
    else:
        _print_lookup(report)
    if not report.hits:
        raise typer.Exit(EXIT_FINDINGS)


term_command = handle_errors(term)


def _print_lookup(report: lib.TermLookupReport) -> None:
    if not report.hits:
        out(f"no term matches {report.query!r}")
        return
    for n, hit in enumerate(report.hits):
        c = hit.concept
        if n:
            out("")
        t = hit.term
        how = "" if hit.how == "exact" else f" {hit.how} {hit.score:.0f}%"
        out(f"{c.id} ({c.subject}): matched {t.text!r} [{t.lang}, {t.status} {t.type}{how}]")
        if t.status in ("deprecated", "forbidden"):
            pref = c.preferred(t.lang)
            if pref:
                out(f"  do not use {t.text!r} ({t.status}): write {pref.text!r}")
        for lang in c.langs():
            terms = sorted(c.terms_in(lang), key=Term.sort_key)
            label = "EN" if lang == "en" else lang
            for i, term_ in enumerate(terms):
                head = f"  {label:<6}" if i == 0 else " " * 8
                extra = f", {term_.pos}" if term_.pos else ""
                usage = f": {term_.usage}" if term_.usage else ""
                out(f"{head}{term_.text}  ({term_.status} {term_.type}{extra}){usage}")
        if c.definition:
            out(f"  definition: {c.definition}")
        if c.note:
            out(f"  note: {c.note}")
        out(f"  source: {c.source or '-'} (confidence {c.confidence or '-'})")
        exs = report.examples.get(c.id, [])
        for e in exs:
            out(f"  example ({e.tuid or e.unit_id}):")
            for lang, text in e.texts.items():
                out(f"    {lang:<6}{text}")
    if report.memory_note:
        out(f"(no examples: {report.memory_note})")
