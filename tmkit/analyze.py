"""The analysis report of CAT tools (`tmkit analyze FILE...`): how much of a set of files the memory
already covers, per match band, with internal repetitions.

Every source segment of the files (read as `tmkit.pretranslate.read_document` reads them: XLIFF
1.2, PO, text) is looked up in the memory with `tmkit.matching.Matcher` (limit 1, from 50%), with
its previous and next segments as context, and counted in one band:

    101      context match: a 100% match whose neighbours in the memory match the file's too
    100      exact match
    95-99, 85-94, 75-84, 50-74   fuzzy matches (95 <= score < 100, and so on)
    none     no match of 50% or more
    repetitions   the same segment (text with white space collapsed, inline codes) as an earlier
             one in the analysed files, counted here instead of in a fuzzy band or "none"

Repetitions are counted after the 101 and 100 bands, as memoQ does: a repeated segment that has
an exact or context match stays in that band, every other repeat is a repetition (the first
occurrence keeps its band). Files are taken in the order given, segments in document order.

Counts per band: segments, words and characters (`tmkit.pretranslate.counts_of`): a Latin word
or number is one word, a Han character is one word (so a Chinese text is counted in
characters), punctuation is not a word; characters are the characters that are not white space.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from tmkit.errors import UsageError
from tmkit.pretranslate import counts_of, lookup_segments, read_document

__all__ = ["BANDS", "Analysis", "Counts", "FileAnalysis", "analyze_files", "band_of", "render_csv", "render_table"]

BANDS = ("101", "100", "repetitions", "95-99", "85-94", "75-84", "50-74", "none")
LABELS = {
    "101": "Context 101%",
    "100": "100%",
    "repetitions": "Repetitions",
    "95-99": "95-99%",
    "85-94": "85-94%",
    "75-84": "75-84%",
    "50-74": "50-74%",
    "none": "No match",
}
OUTPUT_FORMATS = ("table", "csv", "json")


def check_output_format(fmt: str) -> str:
    f = fmt.lower()
    if f not in OUTPUT_FORMATS:
        raise UsageError(f"unknown --format {fmt!r}: use table, csv or json")
    return f


def band_of(value: float | None) -> str:
    """The band of a match value (101 for a context match, None for no match of 50 or more)."""
    if value is None or value < 50:
        return "none"
    if value > 100:
        return "101"
    if value >= 100:
        return "100"
    if value >= 95:
        return "95-99"
    if value >= 85:
        return "85-94"
    if value >= 75:
        return "75-84"
    return "50-74"


@dataclass
class Counts:
    segments: int = 0
    words: int = 0
    characters: int = 0

    def add(self, words: int, characters: int) -> None:
        self.segments += 1
        self.words += words
        self.characters += characters

    def merge(self, other: Counts) -> None:
        self.segments += other.segments
        self.words += other.words
        self.characters += other.characters

    def to_dict(self) -> dict[str, int]:
        return {"segments": self.segments, "words": self.words, "characters": self.characters}


def _empty_bands() -> dict[str, Counts]:
    return {b: Counts() for b in BANDS}


def _total(bands: dict[str, Counts]) -> Counts:
    t = Counts()
    for c in bands.values():
        t.merge(c)
    return t


@dataclass
class FileAnalysis:
    path: str
    kind: str
    source_lang: str
    target_lang: str
    bands: dict[str, Counts] = field(default_factory=_empty_bands)

    @property
    def total(self) -> Counts:
        return _total(self.bands)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "format": self.kind,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "bands": {b: c.to_dict() for b, c in self.bands.items()},
            "total": self.total.to_dict(),
        }


@dataclass
class Analysis:
    files: list[FileAnalysis]

    @property
    def bands(self) -> dict[str, Counts]:
        out = _empty_bands()
        for f in self.files:
            for b, c in f.bands.items():
                out[b].merge(c)
        return out

    @property
    def total(self) -> Counts:
        return _total(self.bands)

    def to_dict(self) -> dict[str, object]:
        return {
            "bands_order": list(BANDS),
            "files": [f.to_dict() for f in self.files],
            "total": {"bands": {b: c.to_dict() for b, c in self.bands.items()}, "total": self.total.to_dict()},
        }


def analyze_files(
    conn: sqlite3.Connection,
    paths: Sequence[str | os.PathLike[str]],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    file_format: str | None = None,
) -> Analysis:
    """Analyse `paths` together against the memory on `conn` (writable: the indexes are brought
    up to date first)."""
    if not paths:
        raise UsageError("give at least one file to analyse")
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out: list[FileAnalysis] = []
    for path in paths:
        doc = read_document(path, file_format=file_format, source_lang=source_lang, target_lang=target_lang)
        fa = FileAnalysis(doc.path, doc.kind, doc.source_lang, doc.target_lang)
        matches = lookup_segments(conn, doc.segments, min_score=50.0, limit=1)
        for seg, m in zip(doc.segments, matches, strict=True):
            band = band_of(m.value if m is not None else None)
            key = seg.key
            if band not in ("101", "100") and key in seen:
                band = "repetitions"
            seen.add(key)
            fa.bands[band].add(*counts_of(seg.source))
        out.append(fa)
    return Analysis(out)


def render_table(analysis: Analysis) -> list[str]:
    """Per file, then the total (when more than one file): one row per band."""
    lines: list[str] = []
    blocks = [(f.path, f"{f.kind}, {f.source_lang} -> {f.target_lang}", f.bands) for f in analysis.files]
    if len(analysis.files) > 1:
        blocks.append((f"Total ({len(analysis.files)} files)", "", analysis.bands))
    for title, what, bands in blocks:
        if lines:
            lines.append("")
        lines.append(f"{title}" + (f" ({what})" if what else ""))
        lines.append(f"  {'Band':<14}{'Segments':>9}{'Words':>9}{'Characters':>12}{'Words %':>9}")
        total = _total(bands)
        for b in BANDS:
            c = bands[b]
            share = 100.0 * c.words / total.words if total.words else 0.0
            lines.append(f"  {LABELS[b]:<14}{c.segments:>9}{c.words:>9}{c.characters:>12}{share:>8.1f}%")
        lines.append(
            f"  {'Total':<14}{total.segments:>9}{total.words:>9}{total.characters:>12}{100.0 if total.words else 0.0:>8.1f}%"
        )
    return lines


def render_csv(analysis: Analysis) -> str:
    """One row per file and band, then the total rows (file `TOTAL`); header
    file,band,segments,words,characters."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file", "band", "segments", "words", "characters"])
    for f in analysis.files:
        for b in BANDS:
            c = f.bands[b]
            w.writerow([f.path, b, c.segments, c.words, c.characters])
        t = f.total
        w.writerow([f.path, "total", t.segments, t.words, t.characters])
    for b, c in analysis.bands.items():
        w.writerow(["TOTAL", b, c.segments, c.words, c.characters])
    t = analysis.total
    w.writerow(["TOTAL", "total", t.segments, t.words, t.characters])
    return buf.getvalue()
