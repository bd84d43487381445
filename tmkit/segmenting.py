"""Library functions behind `tmkit segment`: read a text file, segment it, render the result.

    segment_file(path, lang=None, lines=False) -> paragraphs of `Sentence`
    segment_path(path, lang=None, lines=False) -> a `SegmentedFile` (text, language, paragraphs)
    render(doc, fmt)                           -> the text, TSV or JSON output as one string
    write_output(path, text)                   -> replace `path` atomically

The rules themselves are pure functions in `tmkit.text.segment`; this module adds the file, the
language detection and the 1-based line/column positions. Nothing here prints or exits.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from tmkit.errors import UsageError
from tmkit.formats.atomic import atomic_write_text
from tmkit.formats.textfile import read_text
from tmkit.text.segment import Sentence, detect_lang, han_share, segment, segment_lang, segment_lines

FORMATS = ("text", "tsv", "json")
TSV_HEADER = ("paragraph", "sentence", "line", "column", "text")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SegmentedFile:
    """A segmented file: its text, how it was read and segmented, and the sentences."""

    path: str
    encoding: str
    text: str
    lang: str | None  # "en" or "zh"; None with lines=True and no language given
    detected: bool  # the language was detected, not given
    han_share: float | None  # share of Han characters among letters, when detected
    lines: bool
    paragraphs: list[list[Sentence]]

    @property
    def sentences(self) -> int:
        return sum(len(p) for p in self.paragraphs)


def one_sentence_per_line(text: str) -> bool:
    """True when a text looks pre-segmented: more than one non-blank line and no blank line
    anywhere between them (no paragraph structure), as aligner inputs such as the Bible set are.
    `tmkit align` reads such files one sentence per line unless told otherwise (`--text`)."""
    rows = text.splitlines()
    while rows and not rows[-1].strip():
        rows.pop()
    while rows and not rows[0].strip():
        rows.pop(0)
    return len(rows) > 1 and all(row.strip() for row in rows)


def segment_path(path: str | os.PathLike[str], lang: str | None = None, lines: bool | None = False) -> SegmentedFile:
    """Read `path` (UTF-8, or UTF-8/16/32 with a BOM) and segment it.

    `lang` is en or zh or a tag with that primary subtag; None detects it (more than 30% Han
    characters among the letters: zh). With `lines`, every non-blank line is one sentence and
    `lang` is only checked; `lines=None` decides from the text (`one_sentence_per_line`).
    Raises InputError (unreadable, empty, not UTF-8) and UsageError
    (a language tmkit cannot segment).
    """
    code = _check_lang(lang) if lang is not None else None
    text, encoding = read_text(path, what="text file")
    share = None
    detected = False
    if lines is None:
        lines = one_sentence_per_line(text)
    if lines:
        paragraphs = segment_lines(text)
    else:
        if code is None:
            share = han_share(text)
            code = detect_lang(text)
            detected = True
        paragraphs = segment(text, code)
    return SegmentedFile(os.fspath(path), encoding, text, code, detected, share, lines, paragraphs)


def segment_file(path: str | os.PathLike[str], lang: str | None = None, lines: bool = False) -> list[list[Sentence]]:
    """The paragraphs of the file at `path`, each a list of its sentences."""
    return segment_path(path, lang=lang, lines=lines).paragraphs


def _check_lang(lang: str) -> str:
    try:
        return segment_lang(lang)
    except ValueError as e:
        raise UsageError(str(e)) from None


class Positions:
    """1-based line and column of offsets in a text (lines end at CR LF, CR or LF)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def rows(doc: SegmentedFile) -> list[dict[str, Any]]:
    """One dict per sentence: paragraph and index (0-based), start and end positions (1-based,
    the end exclusive: the position just after the sentence's last character), text."""
    pos = Positions(doc.text)
    out = []
    for para in doc.paragraphs:
        for i, s in enumerate(para):
            line, column = pos(s.start)
            end_line, end_column = pos(s.end)
            out.append(
                {
                    "paragraph": s.paragraph,
                    "index": i,
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "text": s.text,
                }
            )
    return out


def render_text(paragraphs: list[list[Sentence]]) -> str:
    """One sentence per line, a blank line between paragraphs: what `--lines` reads back."""
    if not paragraphs:
        return ""
    return "\n\n".join("\n".join(s.text for s in para) for para in paragraphs) + "\n"


def render_tsv(doc: SegmentedFile) -> str:
    """A header row, then paragraph, sentence (0-based), line, column (1-based) and text."""
    lines = ["\t".join(TSV_HEADER)]
    for r in rows(doc):
        lines.append(f"{r['paragraph']}\t{r['index']}\t{r['line']}\t{r['column']}\t{r['text']}")
    return "\n".join(lines) + "\n"


def render_json(doc: SegmentedFile) -> str:
    return json.dumps(rows(doc), ensure_ascii=False, indent=2) + "\n"


def render(doc: SegmentedFile, fmt: str = "text") -> str:
    if fmt == "text":
        return render_text(doc.paragraphs)
    if fmt == "tsv":
        return render_tsv(doc)
    if fmt == "json":
        return render_json(doc)
    raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` as UTF-8 to `path`, replacing it atomically."""
    try:
        atomic_write_text(path, text)
    except OSError as e:
        raise UsageError(f"cannot write {os.fspath(path)}: {e.strerror}", hint="choose another output path") from None
