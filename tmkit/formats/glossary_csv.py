"""tmkit's own glossary CSV: one row per term, concept columns repeated (glossary/README.md).

Reading is strict about structure (a missing or unknown column, a ragged row: `InputError` with
the line) and lenient about values: a bad status or a conflicting concept column becomes a
`GlossaryIssue` for the validator to report, so that `tmkit glossary validate` can list every
problem of a file at once.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable

from tmkit.errors import InputError
from tmkit.formats.atomic import atomic_write_text
from tmkit.formats.csvrows import CsvRecords
from tmkit.formats.textfile import read_text
from tmkit.model.term import Concept, Glossary, GlossaryIssue, Term

COLUMNS = (
    "concept",
    "subject",
    "definition",
    "concept_note",
    "source",
    "confidence",
    "lang",
    "term",
    "status",
    "type",
    "case",
    "pos",
    "usage",
)
REQUIRED_COLUMNS = ("concept", "subject", "lang", "term", "status", "type")
CONCEPT_COLUMNS = ("subject", "definition", "concept_note", "source", "confidence")


def looks_like_glossary_csv(header: Iterable[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return {"concept", "lang", "term"} <= names


def read_glossary_csv(
    path: str | os.PathLike[str], glossary: Glossary | None = None
) -> tuple[Glossary, list[GlossaryIssue]]:
    """Read one CSV file into `glossary` (a new one by default). Returns it and the issues met."""
    spath = os.fspath(path)
    text, _ = read_text(spath, what="glossary CSV file")
    glossary = glossary if glossary is not None else Glossary(source=spath)
    issues: list[GlossaryIssue] = []
    records = CsvRecords(text, spath)
    unknown = [h for h in records.header if h not in COLUMNS]
    if unknown:
        raise InputError(
            f"unknown column(s) {', '.join(repr(u) for u in unknown)} in the header",
            path=spath,
            line=1,
            hint=f"the columns are: {', '.join(COLUMNS)} (glossary/README.md)",
        )
    records.require(
        REQUIRED_COLUMNS,
        f"a tmkit glossary CSV needs at least: {', '.join(REQUIRED_COLUMNS)} (glossary/README.md)",
    )
    seen_here: set[str] = set()
    # the columns by index (the header has no duplicates: records.require); an absent optional
    # column reads as ""
    col = {name: i for i, name in enumerate(records.header)}
    width = len(records.header)
    i_concept, i_subject, i_lang, i_term, i_status, i_type = (col[name] for name in REQUIRED_COLUMNS)
    i_case, i_pos, i_usage, i_definition, i_note, i_source, i_confidence = (
        col.get(name, width) for name in ("case", "pos", "usage", "definition", "concept_note", "source", "confidence")
    )
    for start, row in records.rows():
        row.append("")  # row[width]: an absent column
        cid = row[i_concept].strip()
        term = Term(
            row[i_lang].strip(),
            row[i_term],
            row[i_status].strip(),
            row[i_type].strip(),
            row[i_case].strip(),
            row[i_pos].strip(),
            row[i_usage],
            start,
            spath,
        )
        subject = row[i_subject].strip()
        definition = row[i_definition]
        note = row[i_note]
        source = row[i_source]
        confidence = row[i_confidence].strip()
        concept = glossary.get(cid)
        if concept is None:
            concept = Concept(
                cid,
                subject=subject,
                definition=definition,
                note=note,
                source=source,
                confidence=confidence,
                path=spath,
                line=start,
            )
            glossary.add(concept)
            seen_here.add(cid)
        else:
            if cid not in seen_here:
                issues.append(
                    GlossaryIssue(
                        "G110",
                        "concept-split",
                        "error",
                        f"concept {cid} already has rows in {concept.path}:{concept.line}; "
                        "keep all rows of a concept in one file",
                        spath,
                        start,
                        cid,
                    )
                )
                seen_here.add(cid)
            if (concept.subject, concept.definition, concept.note, concept.source, concept.confidence) != (
                subject,
                definition,
                note,
                source,
                confidence,
            ):
                fields = {
                    "subject": subject,
                    "definition": definition,
                    "note": note,
                    "source": source,
                    "confidence": confidence,
                }
                for name, value in fields.items():
                    if getattr(concept, name) != value:
                        column = "concept_note" if name == "note" else name
                        issues.append(
                            GlossaryIssue(
                                "G109",
                                "concept-conflict",
                                "error",
                                f"{column} of concept {cid} is {value!r} here but {getattr(concept, name)!r} "
                                f"on line {concept.line}; concept columns must agree on every row",
                                spath,
                                start,
                                cid,
                            )
                        )
        concept.terms.append(term)
    return glossary, issues


def concept_rows(concept: Concept) -> list[list[str]]:
    rows = []
    for t in sorted(concept.terms, key=Term.sort_key):
        rows.append(
            [
                concept.id,
                concept.subject,
                concept.definition,
                concept.note,
                concept.source,
                concept.confidence,
                t.lang,
                t.text,
                t.status,
                t.type,
                t.case,
                t.pos,
                t.usage,
            ]
        )
    return rows


def glossary_csv_text(concepts: Iterable[Concept]) -> str:
    """The canonical CSV text: header, concepts by id, terms by language, status, text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for concept in sorted(concepts, key=lambda c: c.id):
        writer.writerows(concept_rows(concept))
    return buf.getvalue()


def write_glossary_csv(concepts: Iterable[Concept], path: str | os.PathLike[str]) -> None:
    atomic_write_text(path, glossary_csv_text(concepts))
