"""The root `tmkit` command: global options and the command groups."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

import typer
import typer.main
from typer.core import TyperGroup

try:  # typer's private converter API (typer 0.29): without it typer converts as it always does
    from typer._coercion import build_runtime_param
    from typer._param_types import coerce_cli_choice
except ImportError:  # pragma: no cover - another typer
    build_runtime_param = coerce_cli_choice = None  # type: ignore[assignment]
if not typer.__version__.startswith("0.29."):  # pragma: no cover - only the typer it was tested on
    # a private API may keep its names and change its meaning: the stand-in below is used with
    # the typer it was written and tested for only; any other converts as typer always does
    build_runtime_param = coerce_cli_choice = None  # type: ignore[assignment]

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
    command = typer.main.get_group(holder).commands[name]
    _plain_values_first(command)
    return command


_DECIMAL = re.compile(r"[0-9]{1,18}")


class _PlainValuesFirst:
    """Typer (0.29) converts every parameter's value with a pydantic TypeAdapter that it builds
    on first use, even for an option that was not given (value None): for `tmkit qa` that was
    pydantic's import and 17 adapters, about 0.1 s of each run. This stands in for typer's
    converter and gives the same values without one where the conversion is plain: None (typer
    returns None, or () for a repeatable option, before converting), a string for a `str`
    parameter (pydantic's lax `str` gives it back unchanged), strings for a `list[str]` one (a
    list of them), plain decimal digits for an `int` one within its range (int() of them, as
    pydantic's lax `int` gives), an Enum member or its value for an Enum parameter (typer's own choice
    function, which the adapter calls). Anything else, and every error, goes to the converter
    typer would have used, built then, so messages and edge cases are typer's own."""

    def __init__(self, param) -> None:  # type: ignore[no-untyped-def]
        self._param = param
        self._typer = None

    def coerce(self, value, param, ctx):  # type: ignore[no-untyped-def]
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        desc = param.type_descriptor
        info = desc.parameter_info
        ann = desc.annotation
        if info.parser is None and desc.file_annotation is None:
            if ann is str and not multi and type(value) is str:
                return value
            if ann == list[str] and multi and type(value) in (tuple, list) and all(type(v) is str for v in value):
                return list(value)
            if ann is int and not multi and type(value) is str and _DECIMAL.fullmatch(value):
                # pydantic's lax int of plain decimal digits; a value out of the option's range,
                # and anything else, goes to typer for its check and its message
                number = int(value)
                low_ok = info.min is None or number >= info.min
                if low_ok and (info.max is None or number <= info.max) and not info.clamp:
                    return number
            if isinstance(ann, type) and issubclass(ann, Enum) and not multi:
                try:
                    return coerce_cli_choice(value, choices=list(ann), case_sensitive=info.case_sensitive, ctx=ctx)
                except ValueError:
                    pass  # the error as typer words it
        if self._typer is None:
            self._typer = build_runtime_param(desc)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _plain_values_first(command) -> None:  # type: ignore[no-untyped-def]
    """Install _PlainValuesFirst on the parameters of `command` (and of its sub-commands) whose
    converter typer has not built yet; nothing when typer's internals are not as expected."""
    if build_runtime_param is None or coerce_cli_choice is None:
        return
    for param in getattr(command, "params", ()):
        _plain_param(param)
    help_option = getattr(command, "get_help_option", None)
    if help_option is not None:
        # click makes the -h/--help option when it is first asked for: install it there too

        def get_help_option(ctx):  # type: ignore[no-untyped-def]
            option = help_option(ctx)
            _plain_param(option)
            return option

        command.get_help_option = get_help_option
    commands = getattr(command, "commands", {})
    if not isinstance(commands, _LazyCommands):  # the lazy ones get it when they are built
        for sub in commands.values():
            _plain_values_first(sub)


def _plain_param(param) -> None:  # type: ignore[no-untyped-def]
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _PlainValuesFirst(param)


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
        _plain_values_first(self)


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
