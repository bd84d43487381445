"""`tmkit segment FILE`: split a text file into paragraphs and sentences."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tmkit import segmenting as lib
from tmkit.cli.output import handle_errors, out, warn


class SegmentFormat(str, Enum):
    text = "text"
    tsv = "tsv"
    json = "json"


def segment(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A plain-text file: UTF-8, or UTF-8/UTF-16/UTF-32 with a byte order mark."),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANG",
            help="en or zh (tags such as en-US, zh-CN, zh-Hans, zh-TW work too). "
            "Default: zh when more than 30% of the letters are Han characters, else en.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        SegmentFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one sentence per line, a blank line between paragraphs; "
            "tsv: paragraph, sentence, line, column, text; json: a list of objects.",
        ),
    ] = SegmentFormat.text,
    lines: Annotated[
        bool,
        typer.Option(
            "--lines",
            help="The file is already segmented: each non-blank line is one sentence, blank lines separate paragraphs.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="Write to this file (replaced atomically) instead of standard output.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Split a text file into paragraphs and sentences, by English or Chinese rules."""
    doc = lib.segment_path(file, lang=lang, lines=lines)
    if doc.detected:
        warn(f"tmkit: no --lang given: segmenting as {doc.lang} ({doc.han_share:.0%} of the letters are Han)")
    rendered = lib.render(doc, fmt.value)
    if output is None:
        typer.echo(rendered, nl=False)
        return
    lib.write_output(output, rendered)
    out(f"{output}: {doc.sentences} sentences in {len(doc.paragraphs)} paragraphs ({fmt.value})")


segment_command = handle_errors(segment)
