"""The root `tmkit` command: global options and the command groups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from tmkit import __version__
from tmkit.cli import glossary, tm
from tmkit.cli.align import align_command, build_command
from tmkit.cli.analyze import analyze_command
from tmkit.cli.match import match_command
from tmkit.cli.pretranslate import pretranslate_command
from tmkit.cli.qa import qa_cmd
from tmkit.cli.score import score_command
from tmkit.cli.search import search_cmd
from tmkit.cli.segment import segment_command
from tmkit.config import Settings, resolve_settings

app = typer.Typer(
    name="tmkit",
    help="tmkit: English/Chinese translation memory, glossary and QA toolkit.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(tm.app, name="tm")
app.add_typer(glossary.app, name="glossary")
app.command("term")(glossary.term_command)
app.command("segment")(segment_command)
app.command("align")(align_command)
app.command("build")(build_command)
app.command("qa")(qa_cmd)
app.command("match")(match_command)
app.command("search")(search_cmd)
app.command("score")(score_command)
app.command("pretranslate")(pretranslate_command)
app.command("analyze")(analyze_command)


@dataclass
class State:
    """What the root command hands to sub-commands through the typer context."""

    db_option: str | None
    glossary_option: str | None = None

    def settings(self) -> Settings:
        return resolve_settings(self.db_option, glossary_option=self.glossary_option)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tmkit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="The memory (SQLite file). Default: $TMKIT_DB, else `db` in ./tmkit.toml, else ./tmkit.db.",
        ),
    ] = None,
    glossary: Annotated[
        str | None,
        typer.Option(
            "--glossary",
            metavar="PATH",
            help="The termbase (folder of CSV files, or one file). Default: $TMKIT_GLOSSARY, else `glossary` in ./tmkit.toml, else ./glossary.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """tmkit: English/Chinese translation memory, glossary and QA toolkit."""
    ctx.obj = State(db, glossary)


def main() -> None:
    app()
