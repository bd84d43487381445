"""`tmkit search QUERY`: concordance, every past use of a word or phrase with its translation."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tmkit import concordance
from tmkit.cli.output import handle_errors, out, print_json, tmx_day, warn
from tmkit.errors import UsageError
from tmkit.store.memory import Memory

CONTEXT = 100  # characters kept on each side of the hits in a long text
LONG = 260  # texts longer than this are cut around their hits


def _side(source: bool, target: bool, both: bool, where: str | None) -> str:
    chosen = [name for name, on in (("source", source), ("target", target), ("both", both)) if on]
    if where is not None:
        if where not in concordance.SIDES:
            raise UsageError(f"--in {where}: use source, target or both")
        chosen.append(where)
    if len(set(chosen)) > 1:
        raise UsageError("choose one of --source, --target, --both (or --in)")
    return chosen[0] if chosen else "both"


def _lang(value: str) -> str | None:
    return None if value.strip().lower() in ("any", "*", "") else value.strip()


def _window(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    if len(text) <= LONG or not spans:
        return 0, len(text)
    start = max(0, spans[0][0] - CONTEXT)
    end = min(len(text), max(spans[-1][1], spans[0][1]) + CONTEXT)
    return start, end


def render_hit_text(text: str, spans: tuple[tuple[int, int], ...], *, rich: bool) -> str:
    """The text with its hits marked: rich markup for a terminal, [[...]] otherwise; a long text is
    cut to the part around its hits, the cuts shown as ..."""
    start, end = _window(text, spans)
    parts: list[str] = ["..." if start > 0 else ""]
    pos = start
    for a, b in spans:
        if a < pos or b > end:
            continue
        plain = text[pos:a]
        hit = text[a:b]
        parts.append(escape(plain) if rich else plain)
        parts.append(f"[bold yellow]{escape(hit)}[/]" if rich else f"[[{hit}]]")
        pos = b
    rest = text[pos:end]
    parts.append(escape(rest) if rich else rest)
    parts.append("..." if end < len(text) else "")
    return "".join(parts)


def search_command(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(metavar="QUERY", help="A word, a phrase, or with --regex a Python regular expression.")
    ],
    source: Annotated[bool, typer.Option("--source", help="Search the source-language texts only.")] = False,
    target: Annotated[bool, typer.Option("--target", help="Search the target-language texts only.")] = False,
    both: Annotated[bool, typer.Option("--both", help="Search source and target texts (the default).")] = False,
    where: Annotated[
        str | None,
        typer.Option("--in", metavar="SIDE", help="The same as --source/--target/--both: source, target or both."),
    ] = None,
    src_lang: Annotated[
        str,
        typer.Option(
            "--src-lang", metavar="LANG", help="The source language (en matches en-US...; any: every language)."
        ),
    ] = "en",
    tgt_lang: Annotated[
        str,
        typer.Option(
            "--tgt-lang", metavar="LANG", help="The target language (zh matches zh-CN...; any: every language)."
        ),
    ] = "zh",
    phrase: Annotated[
        bool, typer.Option("--phrase", help="Whole words only: a hit may not start or end inside a word.")
    ] = False,
    regex: Annotated[
        bool, typer.Option("--regex", help="QUERY is a Python regular expression (over the folded text).")
    ] = False,
    case_sensitive: Annotated[
        bool, typer.Option("--case-sensitive", help="Upper and lower case differ (width and quotes are still folded).")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="How many hits to show.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many hits first (the next page).")] = 0,
    json_: Annotated[bool, typer.Option("--json", help="Print a JSON object on stdout instead of text.")] = False,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color", help="Highlight hits in colour. Default: on a terminal, unless NO_COLOR is set."
        ),
    ] = None,
) -> None:
    """Concordance: find QUERY in the memory's texts and show each hit with its translation.

    Case- and width-insensitive (Ａ = A = a, ’ = ', – = -). Without --regex the query is found as
    typed from the start of a word (technolog finds technology, not biotechnology; any white
    space matches any white space); Latin queries of one or two characters (AI, 5G) match whole
    words; Chinese queries of any length match anywhere. Hits come newest first; off a terminal
    they are marked with double square brackets.
    """
    if phrase and regex:
        raise UsageError("--phrase and --regex do not go together: choose one")
    side = _side(source, target, both, where)
    mode = "regex" if regex else "phrase" if phrase else "text"
    if not query.strip():
        raise UsageError("the search query is empty: give a word, a phrase or (with --regex) a pattern")
    settings = ctx.obj.settings()
    from tmkit import memindex  # the index upkeep shared with `tmkit match` (imported when needed)

    with Memory.open(settings.db, create=False) as memory:
        behind = max((s.behind for s in memindex.status(memory.conn)), default=0)
        if behind:
            warn(f"tmkit: note: indexing {behind:,} segments first (tmkit tm reindex does this ahead of time)")
            memindex.ensure(memory.conn)  # what an import with indexing off left out
        result = concordance.search(
            memory.conn,
            query,
            side=side,
            src_lang=_lang(src_lang),
            tgt_lang=_lang(tgt_lang),
            mode=mode,
            case_sensitive=case_sensitive,
            limit=limit,
            offset=offset,
        )
    if json_:
        print_json({"db": settings.db, **result.to_dict()})
        return
    use_rich = color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    console = Console(highlight=False, soft_wrap=True) if use_rich else None

    def emit(line: str) -> None:
        if console is not None:
            console.print(line)
        else:
            out(line)

    count = f"{result.total:,}" if result.total_exact else f"at least {result.total:,}"
    shown = f"{offset + 1}-{offset + len(result.hits)}" if result.hits else "none shown"
    head = f"{count} hit{'s' if result.total != 1 else ''} for {query!r} ({mode}, {side}; newest first: {shown})"
    emit(escape(head) if use_rich else head)
    for hit in result.hits:
        meta = f"unit {hit.unit_id}  {hit.lang}  {hit.origin}  {tmx_day(hit.change_date or hit.creation_date)}"
        emit("")
        emit(f"[dim]{escape(meta)}[/]" if use_rich else meta)
        emit("  " + render_hit_text(hit.text, hit.spans, rich=use_rich))
        for lang, text in hit.translations:
            line = f"  {lang}: {text}"
            emit(escape(line) if use_rich else line)
    if result.note:
        warn(f"tmkit: note: {result.note}")


search_cmd = handle_errors(search_command)
