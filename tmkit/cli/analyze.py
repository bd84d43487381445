"""`tmkit analyze FILE...`: how much of a set of files the memory already covers (CAT-tool bands)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tmkit.cli.output import handle_errors, out, print_json


@handle_errors
def analyze_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="XLIFF 1.2, PO or text files to analyse, together.")
    ],
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="FMT", help="table, csv or json.")] = "table",
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="LANG",
            help="Source language. Default: from each file, else detected.",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="LANG",
            help="Target language. Default: from each file, else the other of en/zh-CN.",
            show_default=False,
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="FMT",
            help="xliff, po or text for every FILE. Default: from each extension, else the content.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Analyse files against the memory: segments, words and characters per match band, and internal repetitions."""
    from tmkit import analyze as lib
    from tmkit.store.memory import Memory

    settings = ctx.obj.settings()
    fmt = lib.check_output_format(output_format)
    with Memory.open(settings.db, create=False) as memory:
        report = lib.analyze_files(memory.conn, files, source_lang=source, target_lang=target, file_format=input_format)
    if fmt == "json":
        print_json(report.to_dict())
    elif fmt == "csv":
        typer.echo(lib.render_csv(report), nl=False)
    else:
        for line in lib.render_table(report):
            out(line)
