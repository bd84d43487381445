"""`tmkit match TEXT`: the closest past translations of a segment, with their match %."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tmkit.cli.output import EXIT_FINDINGS, EXIT_OK, handle_errors, out, print_json, tmx_day, warn
from tmkit.errors import UsageError
from tmkit.formats.textfile import read_text
from tmkit.fuzzy import Diff
from tmkit.matching import Match, Matcher, detect_family, family_of
from tmkit.store.memory import Memory
from tmkit.text.tags import Tagged, split_tags


def mark(text: str, spans: list[tuple[int, int]], *, rich: bool) -> str:
    """`text` with `spans` marked: rich markup on a terminal, [[...]] otherwise. An empty span
    (something missing here that the other side has) is shown as [[]]."""
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        plain, hit = text[pos:a], text[a:b]
        parts.append(escape(plain) if rich else plain)
        if rich:
            parts.append(f"[bold red]{escape(hit)}[/]" if hit else "[bold red]^[/]")
        else:
            parts.append(f"[[{hit}]]")
        pos = b
    rest = text[pos:]
    parts.append(escape(rest) if rich else rest)
    return "".join(parts)


def _spans(diffs: tuple[Diff, ...], side: str, tagged: Tagged | None = None) -> list[tuple[int, int]]:
    """The spans of the differences on one side; on the query side, spans of the query as typed
    when its tags were taken out (`tagged`)."""
    if side == "query":
        spans = [(d.a_start, d.a_end) for d in diffs]
        return [tagged.original_span(a, b) for a, b in spans] if tagged is not None else spans
    return [(d.b_start, d.b_end) for d in diffs]


def _queries(text: str | None, file: Path | None) -> list[str]:
    if text is not None and file is not None:
        raise UsageError("give TEXT or --file, not both")
    if file is not None:
        content, _encoding = read_text(file)
        lines = [line.strip() for line in content.splitlines()]
        queries = [line for line in lines if line]
        if not queries:
            raise UsageError(f"{file}: no segment to look up (the file is empty)")
        return queries
    if text is None:
        if sys.stdin.isatty():
            raise UsageError("give the segment to look up: tmkit match TEXT, --file FILE, or on standard input")
        queries = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
        if not queries:
            raise UsageError("standard input is empty: nothing to look up")
        return queries
    if not text.strip():
        raise UsageError("TEXT is empty: give the segment to look up")
    return [text.strip()]


def _print(query: str, matches: list[Match], rich: bool, console: Console | None, tagged: Tagged | None) -> None:
    def say(line: str) -> None:
        if console is not None:
            console.print(line)
        else:
            out(line)

    head = escape(query) if rich else query
    say(f"query: {head}")
    if not matches:
        say("  no match")
        return
    for i, m in enumerate(matches, 1):
        pct = "101% context" if m.context else f"{m.value:g}%"
        extra = ""
        if m.score.penalties:
            extra = " (" + ", ".join(f"{k} -{p}" for k, p in m.score.penalties) + ")"
        info = f"unit {m.unit_id}, {m.origin}, {tmx_day(m.date)}" + (f", {m.author}" if m.author else "")
        say(f"  {i}. {pct}{extra}  [{escape(info) if rich else info}]")
        if m.diffs:
            say("     query:  " + mark(query, _spans(m.diffs, "query", tagged), rich=rich))
        say("     source: " + mark(m.source, _spans(m.diffs, "source"), rich=rich))
        say("     target: " + (escape(m.target) if rich else m.target))


def match_command(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="The segment to look up (or --file, or standard input).")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Look up every non-empty line of this text file.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", "-s", help="Language of the query, e.g. en or zh-CN (default: detected from its script)."
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target", "-t", help="Language of the translations wanted (default: zh-CN for English, else en)."
        ),
    ] = None,
    min_score: Annotated[float, typer.Option("--min", min=1, max=100, help="Lowest match % to show.")] = 70.0,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100, help="How many matches per query.")] = 5,
    json_: Annotated[bool, typer.Option("--json", help="Print the matches as JSON.")] = False,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Highlight differences (default: on a terminal).")
    ] = None,
    tags: Annotated[
        bool,
        typer.Option(
            "--tags",
            help="Read OmegaT-style tags in the query (<b0>, </b0>, <x1/>) as inline codes, not as text.",
        ),
    ] = False,
) -> None:
    """Find the closest past translations of a segment in the memory, best first.

    The match % is tmkit's one fuzzy score (word edit distance for English, character edit
    distance for Chinese, with penalties for numbers, punctuation, typography and inline codes;
    docs/explanation/matching.md). The differences between the query and each memory source are
    marked. Exit 0 when something matched, 1 when nothing did.
    """
    settings = ctx.obj.settings()
    queries = _queries(text, file)
    with Memory.open(settings.db, create=False) as memory:
        from tmkit import memindex

        caught_up = memindex.ensure(memory.conn)
        if caught_up:
            warn(f"tmkit: indexed {caught_up} segments that were not indexed yet")
        matcher = Matcher(memory.conn)
        results = []
        for q in queries:
            tagged = split_tags(q) if tags else None
            plain = tagged.text if tagged is not None else q
            codes = tagged.codes if tagged is not None else None
            src = source or ("zh-CN" if detect_family(plain) == "zh" else "en")
            tgt = target or ("en" if family_of(src) == "zh" else "zh-CN")
            found = matcher.lookup(plain, src, tgt, min_score=min_score, limit=limit, codes=codes)
            results.append((q, src, tgt, found, tagged))
    if json_:
        data = []
        for q, s, t, ms, tagged in results:
            item: dict[str, object] = {"query": q, "source_lang": s, "target_lang": t}
            if tagged is not None:
                # the matches' diffs are offsets into the query without its tags
                item["query_text"] = tagged.text
                item["query_codes"] = list(tagged.codes)
            item["matches"] = [m.to_dict() for m in ms]
            data.append(item)
        print_json(data if file is not None or len(data) > 1 else data[0])
    else:
        rich = color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        console = Console(highlight=False, soft_wrap=True) if rich else None
        for q, _s, _t, ms, tagged in results:
            _print(q, ms, rich, console, tagged)
    raise typer.Exit(EXIT_OK if any(r[3] for r in results) else EXIT_FINDINGS)


match_command = handle_errors(match_command)
