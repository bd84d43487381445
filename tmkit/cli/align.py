"""`tmkit align A B` and `tmkit build`: sentence alignment and the releases memory."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tmkit.align.aligner import align_files
from tmkit.align.output import align_into_db, render_alignment, write_alignment_tmx
from tmkit.build import build_releases
from tmkit.cli.output import handle_errors, out, print_json, warn
from tmkit.errors import UsageError
from tmkit.formats.atomic import atomic_write_text
from tmkit.terms import TermMatcher


class AlignFormat(str, Enum):
    beads = "beads"
    tsv = "tsv"
    json = "json"
    tmx = "tmx"


def _matcher(ctx: typer.Context, use_glossary: bool) -> TermMatcher | None:
    """The project glossary as alignment evidence. A default ./glossary that does not exist is
    simply not used; one named by --glossary, TMKIT_GLOSSARY or tmkit.toml must load."""
    if not use_glossary:
        return None
    from tmkit.glossary.io import load_glossary

    settings = ctx.obj.settings()
    if settings.glossary_source == "default" and not os.path.exists(settings.glossary):
        return None
    loaded = load_glossary(settings.glossary, bare_zh=settings.bare_zh)
    return TermMatcher(loaded.glossary)


def align(
    ctx: typer.Context,
    file_a: Annotated[Path, typer.Argument(metavar="FILE_A", help="English or Chinese text (its indices come first).")],
    file_b: Annotated[Path, typer.Argument(metavar="FILE_B", help="The other language's text.")],
    lang_a: Annotated[
        str | None,
        typer.Option(
            "--lang-a", metavar="LANG", help="Language of FILE_A (en or zh). Default: detected.", show_default=False
        ),
    ] = None,
    lang_b: Annotated[
        str | None,
        typer.Option(
            "--lang-b", metavar="LANG", help="Language of FILE_B (en or zh). Default: detected.", show_default=False
        ),
    ] = None,
    lines: Annotated[
        bool | None,
        typer.Option(
            "--lines/--text",
            help="--lines: one sentence per line, blank lines between paragraphs; --text: segment the files "
            "into sentences. Default: per file, several lines and no blank line means one sentence per line, "
            "anything else is segmented.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        AlignFormat,
        typer.Option(
            "--format",
            "-f",
            help="beads: \\[i,...]:\\[j,...] lines (0-based, FILE_A first); tsv and json: beads with texts, "
            "confidence and weak flags; tmx: TMX 1.4b (needs -o), confidence as a prop.",
        ),
    ] = AlignFormat.beads,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="Write here (atomically) instead of standard output.",
            show_default=False,
        ),
    ] = None,
    into_db: Annotated[
        bool,
        typer.Option("--into-db", help="Also import the aligned pairs into the memory (--db), one transaction."),
    ] = False,
    origin: Annotated[
        str | None,
        typer.Option(
            "--origin",
            metavar="NAME",
            help="Origin recorded with --into-db. Default: FILE_A's name.",
            show_default=False,
        ),
    ] = None,
    tuid_prefix: Annotated[
        str | None,
        typer.Option(
            "--tuid-prefix", metavar="PREFIX", help="Give TMX units tuids PREFIX:1, PREFIX:2, ...", show_default=False
        ),
    ] = None,
    use_glossary: Annotated[
        bool,
        typer.Option(
            "--glossary-evidence/--no-glossary-evidence", help="Use glossary concepts found on both sides as evidence."
        ),
    ] = True,
) -> None:
    """Align an English and a Chinese text sentence by sentence (either may come first)."""
    if fmt is AlignFormat.tmx and output is None:
        raise UsageError("--format tmx needs --output FILE.tmx")
    al = align_files(file_a, file_b, a_lang=lang_a, b_lang=lang_b, lines=lines, matcher=_matcher(ctx, use_glossary))
    for path, as_lines in ((al.a_path, al.a_lines), (al.b_path, al.b_lines)):
        if lines is None and as_lines:
            warn(f"tmkit: {path}: no blank lines: one sentence per line (--text to segment it)")
    summary = (
        f"{len(al.beads)} beads for {len(al.a)} {al.a_lang} and {len(al.b)} {al.b_lang} sentences; "
        f"{al.weak_count} weak (confidence below {al.params.weak_below}) to review"
    )
    if fmt is AlignFormat.tmx:
        assert output is not None
        stats = write_alignment_tmx(al, output, tuid_prefix=tuid_prefix)
        out(
            f"{output}: {stats.written} units ({stats.weak} weak, {stats.left_out} one-sided beads left out). {summary}"
        )
    elif output is not None:
        atomic_write_text(output, render_alignment(al, fmt.value))
        out(f"{output}: {summary}")
    else:
        typer.echo(render_alignment(al, fmt.value), nl=False)
        warn(f"tmkit: {summary}")
    if into_db:
        settings = ctx.obj.settings()
        report, stats = align_into_db(al, settings.db, origin=origin, tuid_prefix=tuid_prefix, bare_zh=settings.bare_zh)
        (warn if output is None else out)(
            f"{settings.db}: {report.total('created')} created, {report.total('updated')} updated, "
            f"{report.total('unchanged')} unchanged from {stats.written} aligned pairs"
        )
        if not report.ok:
            raise typer.Exit(1)


def build(
    ctx: typer.Context,
    releases: Annotated[Path, typer.Option("--releases", metavar="DIR", help="The releases folder.")] = Path(
        "memories/releases"
    ),
    tmx: Annotated[
        Path, typer.Option("--tmx", metavar="FILE", help="The TMX to write (deterministic: commit it).")
    ] = Path("memories/releases.tmx"),
    no_db: Annotated[bool, typer.Option("--no-db", help="Write the TMX only; leave the memory alone.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the build report as JSON.")] = False,
) -> None:
    """Rebuild the releases memory: segment, align and import memories/releases/ into the memory
    (--db, a build artefact, replaced whole) and write memories/releases.tmx."""
    settings = ctx.obj.settings()
    db = None if no_db else settings.db
    report = build_releases(releases, tmx, db, matcher=_matcher(ctx, True))
    if as_json:
        print_json(report.to_dict())
        return
    for r in report.releases:
        kinds = ", ".join(f"{k} {v}" for k, v in r.kinds.items())
        out(f"{r.release.id}: {r.units.written} units ({kinds}); {r.units.weak} weak")
    out(f"{report.tmx}: {report.units} units, {report.weak} weak (flagged with x-tmkit-align-weak)")
    if db is not None:
        out(f"{db}: rebuilt, {report.imported} units")


align_command = handle_errors(align)
build_command = handle_errors(build)
