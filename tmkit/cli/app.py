"""The root `tmkit` command: global options and the command groups."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Annotated

import typer
import typer.main
from typer.core import TyperGroup

from tmkit import __version__
from tmkit.config import Settings, resolve_settings

#: The commands and groups, in the order `tmkit --help` lists them (typer lists commands before
#: groups): name -> (module, attribute, kind). A command's module is imported only when the
#: command is looked up (to run it, or for help), so `tmkit qa` does not import sacrebleu, the
#: aligner or the other commands' modules (about 0.1 s of every start-up when they were imported
#: up front).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "term": ("tmkit.cli.glossary", "term_command", "command"),
    "segment": ("tmkit.cli.segment", "segment_command", "command"),
    "align": ("tmkit.cli.align", "align_command", "command"),
    "build": ("tmkit.cli.align", "build_command", "command"),
    "qa": ("tmkit.cli.qa", "qa_cmd", "command"),
    "match": ("tmkit.cli.match", "match_command", "command"),
    "search": ("tmkit.cli.search", "search_cmd", "command"),
    "score": ("tmkit.cli.score", "score_command", "command"),
    "pretranslate": ("tmkit.cli.pretranslate", "pretranslate_command", "command"),
    "analyze": ("tmkit.cli.analyze", "analyze_command", "command"),
    "tm": ("tmkit.cli.tm", "app", "group"),
    "glossary": ("tmkit.cli.glossary", "app", "group"),
}


def _build_command(name: str):  # type: ignore[no-untyped-def]
    """The click command typer makes for COMMANDS[name], as `app.command(name)(function)` or
    `app.add_typer(sub_app, name=name)` on the root app would have made it."""
    module, attribute, kind = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer()
    if kind == "group":
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_group(holder).commands[name]


class _LazyCommands(MutableMapping):  # type: ignore[type-arg]
    """The root group's name -> command mapping: every name is known up front, a command is
    built on first access. What the group iterates (names) needs no import."""

    def __init__(self, eager: dict[str, object]) -> None:
        self._built: dict[str, object] = {}
        self._names = list(COMMANDS)
        for name, cmd in eager.items():
            self[name] = cmd

    def __getitem__(self, name: str):  # type: ignore[no-untyped-def]
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = _build_command(name)
        return self._built[name]

    def __setitem__(self, name: str, cmd) -> None:  # type: ignore[no-untyped-def]
        if name not in self._names:
            self._names.append(name)
        self._built[name] = cmd

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names


class LazyGroup(TyperGroup):
    """The root `tmkit` group, its commands built when looked up (see COMMANDS)."""

    def __init__(self, *, commands=None, **attrs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**attrs)
        self.commands = _LazyCommands(dict(commands or {}))


app = typer.Typer(
    name="tmkit",
    cls=LazyGroup,
    help="tmkit: English/Chinese translation memory, glossary and QA toolkit.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
