"""Reading CSV records with the line each starts on, and structural errors that say where.

Used by every CSV reader (tmkit glossary CSV, TICO-19): a header row, then records as dicts keyed
by the lower-cased, trimmed header names. A quoted field may span lines; the line given is the one
a record starts on. Blank lines are skipped; a ragged row or broken quoting is an `InputError`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from tmkit.errors import InputError

QUOTING_HINT = 'a field with a comma or a quote must be quoted ("...", with "" for a quote)'


class CsvRecords:
    """`CsvRecords(text, path)`: `.header` (normalised names), then iterate for (line, record)."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self._reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            self.header = [h.strip().lower() for h in next(self._reader)]
        except csv.Error as e:
            raise InputError(f"not readable as CSV: {e}", path=path, line=1) from None

    def require(self, columns: tuple[str, ...], hint: str) -> None:
        missing = [c for c in columns if c not in self.header]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)} in the header", path=self.path, line=1, hint=hint)
        dupes = sorted({n for n in self.header if self.header.count(n) > 1})
        if dupes:
            raise InputError(f"column(s) {', '.join(dupes)} appear twice in the header", path=self.path, line=1)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        header = self.header
        for start, row in self.rows():
            yield start, dict(zip(header, row, strict=True))

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, fields) per record, the fields in header order: what iterating gives, as lists
        (a reader of many rows takes its columns by index)."""
        reader, width = self._reader, len(self.header)
        line = reader.line_num
        while True:
            start = line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise InputError(f"not readable as CSV: {e}", path=self.path, line=start) from None
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                raise InputError(
                    f"this row has {len(row)} fields, the header has {width}",
                    path=self.path,
                    line=start,
                    hint=QUOTING_HINT,
                )
            yield start, row
