"""What QA reads: a draft as a list of segments, each with the texts to check and where they are.

Every input format (plain text, Markdown, TMX, XLIFF, PO, two parallel files, the memory) is read
into the same shape by `tmkit.qa.inputs`:

* a `Document` is one draft (one file, one pair of parallel files, or the memory);
* a `Segment` is one paragraph of a monolingual draft, or one bilingual unit;
* a `Text` is one side of a segment: the text exactly as written, its language, and where its
  first character is in the file, so that any offset in it becomes a line and a column.

Lines and columns are 1-based and count characters (Unicode code points). For a plain-text draft
they are positions in the file. For XML and PO inputs the line is the line where the segment's
text starts in the file, and the column counts characters of the segment's plain text (inline
codes removed, entities decoded): an XML file's columns are not meaningful to an editor, the
segment id is.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tmkit.qa.base import Location

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'“”‘’（）()，。、]+|\bwww\.[a-z0-9-]+\.[^\s<>\"'“”（）()，。、]+", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def non_prose_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses: not prose, never checked."""
    spans: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        spans.extend(m.span() for m in _URL.finditer(text))
    if "@" in text:
        spans.extend(m.span() for m in _EMAIL.finditer(text))
    return spans


_FAMILY_OF: dict[str, str] = {}


def lang_family(lang: str) -> str:
    """ "en" or "zh" for English and Chinese tags, else the primary subtag."""
    family = _FAMILY_OF.get(lang)
    if family is None:
        family = _FAMILY_OF[lang] = lang.replace("_", "-").split("-", 1)[0].lower()
    return family


@dataclass(eq=False)
class Text:
    """One text to check. `text` is verbatim; offsets into it are what checks report."""

    text: str
    lang: str  # normalised tag: en, zh-CN, zh-TW...
    file: str
    line: int = 1  # the file line of text[0]
    column: int = 1  # the file column of text[0]
    segment: str | None = None
    side: str | None = None  # "source" / "target" for bilingual input
    unit: str | None = None  # the id of the Segment it belongs to (set by Segment)
    #: Spans that are not prose (URLs, e-mail addresses, code, directives): findings that
    #: overlap them are dropped by the runner.
    masked: list[tuple[int, int]] = field(default_factory=list)
    #: file lines, for the span's context line in reports (plain-text inputs)
    _newlines: list[int] | None = field(default=None, repr=False)
    #: per-text caches filled by QAContext (term matches, numbers...)
    cache: dict[str, object] = field(default_factory=dict, repr=False)
    #: `family` of `_family_lang` (computed once; again only if `lang` is reassigned)
    _family_lang: str | None = field(default=None, init=False, repr=False, compare=False)
    _family: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # URLs and e-mail addresses are masked in every input kind (TMX, XLIFF, PO, memory...)
        self.masked.extend(non_prose_spans(self.text))
        self._family_lang = self.lang
        self._family = lang_family(self.lang)

    @property
    def family(self) -> str:
        if self._family_lang is not self.lang:
            self._family_lang = self.lang
            self._family = lang_family(self.lang)
        return self._family

    def _breaks(self) -> list[int]:
        if self._newlines is None:
            self._newlines = [i for i, ch in enumerate(self.text) if ch == "\n"]
        return self._newlines

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) in the file of `text[offset]`."""
        breaks = self._breaks()
        k = bisect.bisect_left(breaks, offset)  # newlines before offset
        if k == 0:
            return self.line, self.column + offset
        return self.line + k, offset - breaks[k - 1]

    def line_at(self, offset: int) -> str:
        """The line of this text that holds `offset` (without its line break)."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        if end < 0:
            end = len(self.text)
        return self.text[start:end].rstrip("\r")

    def location(self, start: int, end: int) -> Location:
        line, col = self.position(start)
        if end > start:
            end_line, last_col = self.position(end - 1)
            end_col = last_col + 1
        else:
            end_line, end_col = line, col
        return Location(
            file=self.file,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            text=self.text[start:end],
            segment=self.segment,
            side=self.side,
            lang=self.lang,
            context=self.line_at(start),
            context_start=start - (self.text.rfind("\n", 0, start) + 1),
            unit=self.unit,
            offset=start,
            end_offset=end,
        )

    def is_masked(self, start: int, end: int | None = None) -> bool:
        """True when [start, end) overlaps a masked span (URL, e-mail, code)."""
        end = start + 1 if end is None else end
        return any(a < end and start < b for a, b in self.masked)


@dataclass(eq=False)
class Segment:
    """A paragraph of a monolingual draft (`target` is None) or one bilingual unit."""

    id: str
    source: Text | None
    target: Text | None = None
    #: check ids silenced for this segment by a note or comment (`tmkit-disable id`); "*" = all
    disabled: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for t in (self.source, self.target):
            if t is not None:
                t.unit = self.id

    def texts(self) -> Iterator[Text]:
        if self.source is not None:
            yield self.source
        if self.target is not None:
            yield self.target


@dataclass
class Suppression:
    """An inline `tmkit-disable` directive: `checks` silenced from `first` to `last` line."""

    checks: frozenset[str]  # {"*"} for every check
    first: int
    last: int  # inclusive; a very large number for "to the end of the file"
    file: str | None = None  # the file it was written in (None: the document's own file)


@dataclass(eq=False)
class Document:
    """One draft: a file, a pair of parallel files, or the memory."""

    path: str  # what findings name as their file
    kind: str  # text, markdown, tmx, xliff, po, parallel, memory
    segments: list[Segment] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None
    suppressions: list[Suppression] = field(default_factory=list)
    #: the second file of a parallel pair (findings on the target side name it)
    target_path: str | None = None
    #: while the runner runs the checks over this document (which do not change it): the texts
    #: of each `langs` of a TextCheck, in order (TextCheck.run); None otherwise
    run_texts: dict[tuple[str, ...] | None, list[Text]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def bilingual(self) -> bool:
        return any(s.target is not None for s in self.segments)

    def texts(self, family: str | None = None) -> Iterator[Text]:
        for seg in self.segments:
            for t in (seg.source, seg.target):
                if t is not None and (family is None or t.family == family):
                    yield t

    def sides(self, side: str) -> Iterator[Text]:
        """Every source (side="source") or target text."""
        for seg in self.segments:
            t = seg.source if side == "source" else seg.target
            if t is not None:
                yield t

    def langs(self) -> list[str]:
        seen: dict[str, None] = {}
        for t in self.texts():
            seen.setdefault(t.lang, None)
        return list(seen)
