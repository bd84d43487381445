"""The pieces every QA check is made of: severities, findings, and the `Check` base classes.

A check is one small class with a stable `id`, a `family`, a default `severity`, a one-line
`description`, and one method that yields findings. Checks register themselves with `@register`;
`tmkit.qa.registry` finds them by id. There are three shapes:

* `TextCheck` looks at one text (one paragraph of a monolingual draft, or one side of a
  bilingual segment) at a time: typography, forbidden terms, script.
* `PairCheck` looks at the source and target of one bilingual segment: numbers, missing terms,
  name pinyin.
* `DocumentCheck` looks at a whole draft at once: variants, inconsistent names, acronyms.

Checks never print, never read files or configuration on their own: what they need (glossary,
memory, house style) comes from the `QAContext` the runner hands them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from tmkit.qa.context import QAContext
    from tmkit.qa.document import Document, Segment, Text


class Severity(enum.IntEnum):
    """How bad a finding is. `--fail-on` compares against this order."""

    INFO = 0  # a hint: worth a look, often fine
    MINOR = 1  # house style and consistency: fix before publishing
    MAJOR = 2  # a visible error a reader will notice: wrong name, misspelling, broken typography
    CRITICAL = 3  # the text says something wrong: a number or a term lost in translation

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}: use one of {', '.join(s.label for s in cls)}") from None


SEVERITY_NAMES = tuple(s.label for s in Severity)


@dataclass(slots=True)
class Location:
    """Where a finding is: a span of a file. Lines and columns are 1-based; `end_column` is the
    column just after the span's last character (as in SARIF)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # the flagged span, verbatim
    segment: str | None = None  # the segment id, for bilingual input
    side: str | None = None  # "source" or "target", for bilingual input
    lang: str | None = None
    context: str = ""  # the whole line (or segment) the span is in, for reports
    context_start: int = 0  # where the span starts in `context` (0-based)
    #: where the span is inside its text: `Segment.id` (p1, p2... for paragraphs of a monolingual
    #: draft) and offsets into `Text.text`; for reports that show the draft (html)
    unit: str | None = None
    offset: int = 0
    end_offset: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "segment": self.segment,
            "side": self.side,
            "lang": self.lang,
        }


@dataclass(slots=True)
class Finding:
    """One problem found by one check, at one place (and, for a variant, the other places)."""

    check: str
    severity: Severity
    message: str
    location: Location
    suggestion: str | None = None
    related: list[Location] = field(default_factory=list)
    family: str = ""
    masked: bool = False  # the span is in a URL, code or a directive: the runner drops it

    # shortcuts used by reports and tests
    @property
    def file(self) -> str:
        return self.location.file

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    @property
    def text(self) -> str:
        return self.location.text

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, loc.line, loc.column, -int(self.severity), self.check, loc.end_line, loc.end_column)

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        out: dict[str, object] = {
            "check": self.check,
            "family": self.family,
            "severity": self.severity.label,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "text": loc.text,
            "message": self.message,
            "suggestion": self.suggestion,
            "segment": loc.segment,
            "side": loc.side,
            "lang": loc.lang,
            "context": loc.context,
        }
        out["related"] = [r.to_dict() for r in self.related]
        return out


class Check:
    """Base class of every check. Subclass `TextCheck`, `PairCheck` or `DocumentCheck`."""

    id: ClassVar[str] = ""
    family: ClassVar[str] = ""  # terminology, names, variants, typography, numbers, script, memory
    severity: ClassVar[Severity] = Severity.MINOR
    description: ClassVar[str] = ""
    #: Language families the check applies to ("en", "zh"); None for every language.
    langs: ClassVar[tuple[str, ...] | None] = None
    #: Off unless enabled in the configuration (an optional house-style policy).
    default_enabled: ClassVar[bool] = True
    #: What the check needs from the context: "glossary", "memory", "bilingual".
    needs: ClassVar[frozenset[str]] = frozenset()

    def applies_to(self, lang_family: str) -> bool:
        return self.langs is None or lang_family in self.langs

    def run(self, doc: Document, ctx: QAContext) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finding(
        self,
        text: Text,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str | None = None,
        severity: Severity | None = None,
        related: Iterable[Location] = (),
    ) -> Finding:
        """A finding on `text.text[start:end]`, at the default severity unless one is given."""
        return Finding(
            check=self.id,
            severity=self.severity if severity is None else severity,
            message=message,
            location=text.location(start, end),
            suggestion=suggestion,
            related=list(related),
            family=self.family,
            masked=bool(text.masked) and text.is_masked(start, max(end, start + 1)),
        )


class TextCheck(Check):
    """A check of one text at a time (each side of each segment, each paragraph of a draft)."""

    def run(self, doc: Document, ctx: QAContext) -> Iterator[Finding]:
        # doc.texts() and applies_to() inlined: this loop runs once per check per text
        langs = self.langs
        check_text = self.check_text
        shared = doc.run_texts
        if shared is not None:  # the runner's: the texts of `langs` listed once per run
            texts = shared.get(langs)
            if texts is None:
                texts = shared[langs] = [
                    t
                    for seg in doc.segments
                    for t in (seg.source, seg.target)
                    if t is not None and (langs is None or t.family in langs)
                ]
            for listed in texts:
                yield from check_text(listed, ctx)
            return
        for seg in doc.segments:
            for text in (seg.source, seg.target):
                if text is not None and (langs is None or text.family in langs):
                    yield from check_text(text, ctx)

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError


class PairCheck(Check):
    """A check of the source and target of each bilingual segment."""

    needs: ClassVar[frozenset[str]] = frozenset({"bilingual"})

    def run(self, doc: Document, ctx: QAContext) -> Iterator[Finding]:
        for seg in doc.segments:
            if seg.source is not None and seg.target is not None:
                yield from self.check_pair(seg, ctx)

    def check_pair(self, segment: Segment, ctx: QAContext) -> Iterable[Finding]:  # pragma: no cover
        raise NotImplementedError


class DocumentCheck(Check):
    """A check of a whole draft at once (consistency across its paragraphs or segments)."""

    def run(self, doc: Document, ctx: QAContext) -> Iterator[Finding]:
        yield from self.check_document(doc, ctx)

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:  # pragma: no cover
        raise NotImplementedError
