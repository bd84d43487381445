"""Shared CLI plumbing: turning library errors into one line and an exit code, JSON output,
and progress bars that appear on a terminal and stay quiet in pipes."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import typer

from tmkit.errors import TmkitError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_STORE = 4

P = ParamSpec("P")
R = TypeVar("R")


def out(text: str = "") -> None:
    typer.echo(text)


def warn(text: str) -> None:
    typer.echo(text, err=True)


def tmx_day(value: str | None) -> str:
    """A TMX date (YYYYMMDDThhmmssZ) as its day, 2021-08-02; "-" when there is none."""
    if value and len(value) >= 8 and value[:8].isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:8]}"
    return value or "-"


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command; a TmkitError becomes `tmkit: error: ...` on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TmkitError as e:
            warn(f"tmkit: error: {e}")
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            warn("tmkit: interrupted; nothing was changed by the interrupted step")
            raise typer.Exit(130) from None

    return wrapper


def want_progress(quiet: bool, json_mode: bool) -> bool:
    return not quiet and not json_mode and sys.stderr.isatty()


@contextmanager
def progress_bar(enabled: bool, label: str, *, in_bytes: bool) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a `(done, total)` callback that drives a rich progress bar, or None when disabled."""
    if not enabled:
        yield None
        return
    # rich imported here, not with the module: most commands never draw a bar (~0.02 s of start-up)
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    err_console = Console(stderr=True, highlight=False, soft_wrap=True)
    columns: list[Any] = [TextColumn("{task.description}"), BarColumn(), TaskProgressColumn()]
    columns.append(DownloadColumn() if in_bytes else TextColumn("{task.completed:,.0f}/{task.total:,.0f}"))
    columns.append(TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total or None)

        yield update
