"""`tmkit pretranslate IN OUT`: fill an XLIFF 1.2, PO or text file's targets from the memory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tmkit.cli.output import handle_errors, out, print_json


@handle_errors
def pretranslate_command(
    ctx: typer.Context,
    input_path: Annotated[
        Path,
        typer.Argument(
            metavar="IN", help="The file to pre-translate: XLIFF 1.2 (.xlf/.xliff), PO (.po/.pot) or text (.txt)."
        ),
    ],
    output_path: Annotated[
        Path, typer.Argument(metavar="OUT", help="Where to write the pre-translated file (written atomically).")
    ],
    min_score: Annotated[
        float,
        typer.Option("--min", metavar="N", min=50, max=100, help="Lowest fuzzy match % written as a fuzzy target."),
    ] = 75.0,
    no_fuzzy: Annotated[bool, typer.Option("--no-fuzzy", help="Fill exact (100/101) matches only.")] = False,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace targets the file already has (default: keep them).")
    ] = False,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="LANG",
            help="Source language. Default: from the file, else detected.",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="LANG",
            help="Target language. Default: from the file, else the other of en/zh-CN.",
            show_default=False,
        ),
    ] = None,
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FMT",
            help="xliff, po or text. Default: from the extension, else the content.",
            show_default=False,
        ),
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Allow OUT to be IN (the file is replaced atomically).")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every segment with its band and score.")
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Pre-translate a file from the memory: exact matches as translated, fuzzy ones marked for review with their score."""
    from tmkit import pretranslate as lib
    from tmkit.store.memory import Memory

    settings = ctx.obj.settings()
    options = lib.Options(
        min_score=min_score,
        fuzzy=not no_fuzzy,
        overwrite=overwrite,
        source_lang=source,
        target_lang=target,
        file_format=file_format,
        in_place=in_place,
    )
    with Memory.open(settings.db, create=False) as memory:
        report = lib.pretranslate_file(memory.conn, input_path, output_path, options)
    if json_:
        print_json(report.to_dict(segments=True))
        return
    for line in lib.render_text(report, verbose=verbose):
        out(line)
