"""The glossary: library functions behind `tmkit glossary ...` and `tmkit term`.

Each function takes paths and options, raises `tmkit.errors` exceptions, and returns a report
object; none prints or exits (the CLI in tmkit/cli/glossary.py does that).
"""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from dataclasses import dataclass, field

from tmkit.errors import StoreError, UsageError
from tmkit.glossary.io import EXPORT_FORMATS, export_text, load_glossary, save_glossary
from tmkit.glossary.lookup import LookupHit, TermIndex
from tmkit.glossary.merge import MergeReport, merge_glossaries
from tmkit.glossary.validate import RULES, validate_glossary
from tmkit.model.term import Glossary, GlossaryIssue


@dataclass
class ValidationReport:
    path: str
    format: str
    files: list[str]
    concepts: int
    terms: int
    issues: list[GlossaryIssue]

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity == "warning")

    def failed(self, fail_on: str = "error") -> bool:
        return self.errors > 0 or (fail_on == "warning" and self.warnings > 0)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "format": self.format,
            "files": self.files,
            "concepts": self.concepts,
            "terms": self.terms,
            "errors": self.errors,
            "warnings": self.warnings,
            "issues": [i.to_dict() for i in self.issues],
        }


def glossary_validate(path: str, *, fmt: str = "auto", bare_zh: str = "zh-CN") -> ValidationReport:
    """Read a glossary folder or file and check it against every rule in `RULES`."""
    loaded = load_glossary(path, fmt=fmt, bare_zh=bare_zh)
    issues = loaded.issues + validate_glossary(loaded.glossary)
    issues.sort(key=lambda i: (i.path or "", i.line or 0, i.rule))
    g = loaded.glossary
    return ValidationReport(os.fspath(path), loaded.format, loaded.files, len(g), g.term_count(), issues)


@dataclass
class GlossaryImportReport:
    into: str
    files: list[str]
    merge: MergeReport
    read_issues: list[GlossaryIssue] = field(default_factory=list)
    blocking: list[GlossaryIssue] = field(default_factory=list)  # new errors: the import was refused
    written: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.blocking)

    def to_dict(self) -> dict[str, object]:
        return {
            "into": self.into,
            "files": self.files,
            "refused": self.refused,
            "dry_run": self.dry_run,
            **self.merge.to_dict(),
            "written": self.written,
            "read_issues": [i.to_dict() for i in self.read_issues],
            "blocking": [i.to_dict() for i in self.blocking],
        }


def _issue_key(i: GlossaryIssue) -> tuple[str, str | None, str | None, str]:
    return (i.rule, i.concept, i.term, i.message)


def glossary_import(
    files: list[str],
    into: str,
    *,
    fmt: str = "auto",
    source_lang: str = "en",
    target_lang: str = "zh-CN",
    on_conflict: str = "keep",
    dry_run: bool = False,
    bare_zh: str = "zh-CN",
) -> GlossaryImportReport:
    """Merge glossary files into the glossary at `into` (a folder of CSV files or one CSV file).

    Everything is read and merged in memory first. When the merged glossary has validation errors
    that the glossary did not have before, nothing is written and the report lists them; otherwise
    every changed file is replaced at once."""
    if on_conflict not in ("keep", "replace"):
        raise UsageError(f"--on-conflict must be keep or replace, not {on_conflict!r}")
    if not files:
        raise UsageError("give at least one file to import")
    if os.path.isdir(into) and not any(name.endswith(".csv") for name in os.listdir(into)):
        base = Glossary(source=into)  # an empty folder: a new glossary
    elif os.path.exists(into):
        base = load_glossary(into, fmt="folder" if os.path.isdir(into) else "csv", bare_zh=bare_zh).glossary
    else:
        base = Glossary(source=into)  # created, with its parent folders, when written
    before = {_issue_key(i) for i in validate_glossary(base) if i.severity == "error"}
    merge = MergeReport()
    read_issues: list[GlossaryIssue] = []
    for f in files:
        loaded = load_glossary(f, fmt=fmt, source_lang=source_lang, target_lang=target_lang, bare_zh=bare_zh)
        read_issues.extend(loaded.issues)
        for concept in loaded.glossary:
            for t in concept.terms:
                nfc = unicodedata.normalize("NFC", t.text)
                if nfc != t.text:
                    read_issues.append(
                        GlossaryIssue(
                            "G202",
                            "normalised-nfc",
                            "warning",
                            f"{t.text!r} was normalised to NFC ({nfc!r})",
                            t.path,
                            t.line,
                            concept.id,
                            nfc,
                        )
                    )
                    t.text = nfc
            concept.subject = concept.subject or "general"
            concept.confidence = concept.confidence or "medium"
            concept.source = concept.source or f"imported from {os.path.basename(f)}"
        part = merge_glossaries(base, loaded.glossary, on_conflict=on_conflict)
        _add_reports(merge, part)
    blocking = [i for i in read_issues if i.severity == "error"]  # e.g. G109/G110 in an imported tmkit CSV
    blocking += [i for i in validate_glossary(base) if i.severity == "error" and _issue_key(i) not in before]
    report = GlossaryImportReport(into, list(files), merge, read_issues, blocking, dry_run=dry_run)
    if blocking or dry_run:
        return report
    if os.path.isdir(into) or not into.lower().endswith(".csv"):
        os.makedirs(into, exist_ok=True)
    report.written = save_glossary(base, into)
    return report


def _add_reports(total: MergeReport, part: MergeReport) -> None:
    for name in (
        "concepts_added",
        "concepts_joined",
        "terms_added",
        "terms_unchanged",
        "terms_replaced",
        "terms_other_lang",
    ):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.conflicts.extend(part.conflicts)
    total.touched |= part.touched


@dataclass
class GlossaryExportReport:
    path: str
    format: str
    concepts: int
    terms: int  # terms written (rows for tsv)
    skipped_concepts: int = 0  # concepts with no term left to write
    removed_chars: int = 0  # characters XML cannot carry, removed (TBX)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "format": self.format,
            "concepts": self.concepts,
            "terms": self.terms,
            "skipped_concepts": self.skipped_concepts,
            "removed_chars": self.removed_chars,
        }


def glossary_export(
    glossary_path: str,
    out: str,
    *,
    fmt: str,
    source_lang: str = "en",
    target_lang: str = "zh-CN",
    langs: list[str] | None = None,
    usable_only: bool = False,
    bare_zh: str = "zh-CN",
) -> GlossaryExportReport:
    """Write the glossary at `glossary_path` to `out` as csv, tsv (OmegaT), tbx (TBX 2008) or
    tbx-basic (TBX v3). With `langs`, only terms in those languages are written (concepts left
    without terms are left out): OmegaT offers every Chinese term in a zh-CN project, zh-TW too.
    With `usable_only`, deprecated and forbidden terms are left out (OmegaT ignores TBX status and
    would offer them as translations; the TSV export always leaves them out)."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    glossary = load_glossary(glossary_path, bare_zh=bare_zh).glossary
    if langs or usable_only:
        kept = Glossary(source=glossary.source)
        for c in glossary:
            terms = [
                t
                for t in c.terms
                if (not langs or t.lang in langs) and (not usable_only or t.status in ("preferred", "admitted"))
            ]
            if terms:
                kept.add(dataclasses.replace(c, terms=terms))
        glossary = kept
    if fmt in ("tbx", "tbx-basic"):
        from tmkit.formats.tbx import write_tbx

        stats = write_tbx(glossary, out, flavour=fmt)
        return GlossaryExportReport(out, fmt, stats.concepts, stats.terms, stats.skipped_concepts, stats.illegal_chars)
    else:
        from tmkit.formats.atomic import atomic_write_bytes

        data = export_text(glossary, fmt, source_lang=source_lang, target_lang=target_lang)
        if fmt == "tsv" and not out.lower().endswith(".utf8"):
            data = b"\xef\xbb\xbf" + data  # OmegaT reads .txt/.tab/.tsv in the platform charset unless a BOM says UTF-8
        atomic_write_bytes(out, data)
    if fmt == "tsv":
        terms = sum(
            1 for _ in export_text(glossary, "tsv", source_lang=source_lang, target_lang=target_lang).splitlines()
        )
    else:
        terms = glossary.term_count()
    return GlossaryExportReport(out, fmt, len(glossary), terms)


@dataclass
class TermLookupReport:
    query: str
    hits: list[LookupHit]
    examples: dict[str, list] = field(default_factory=dict)  # concept id -> [Example]
    memory: str | None = None
    memory_note: str | None = None  # why there are no examples, when there are none

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "memory": self.memory,
            "memory_note": self.memory_note,
            "hits": [
                {**h.to_dict(), "examples": [e.to_dict() for e in self.examples.get(h.concept.id, [])]}
                for h in self.hits
            ],
        }


def term_lookup(
    glossary_path: str,
    query: str,
    *,
    limit: int = 5,
    db: str | None = None,
    examples: int = 3,
    bare_zh: str = "zh-CN",
) -> TermLookupReport:
    """Find `query` in the glossary (exact, prefix/substring, typo-tolerant) and, when a memory
    exists at `db`, up to `examples` units per concept that use one of its terms."""
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    glossary = load_glossary(glossary_path, bare_zh=bare_zh).glossary
    hits = TermIndex(glossary).lookup(query, limit=limit)
    report = TermLookupReport(query, hits, memory=db)
    if not hits or examples <= 0:
        return report
    if not db or not os.path.exists(db):
        report.memory_note = f"no memory at {db}" if db else "no memory configured"
        return report
    from tmkit.store.examples import concept_examples
    from tmkit.store.memory import Memory

    try:
        with Memory.open(db, create=False) as memory:
            for h in hits:
                report.examples[h.concept.id] = concept_examples(memory.conn, h.concept, limit=examples)
    except StoreError as e:
        report.memory_note = str(e)
    return report


__all__ = [
    "RULES",
    "GlossaryExportReport",
    "GlossaryImportReport",
    "TermLookupReport",
    "ValidationReport",
    "glossary_export",
    "glossary_import",
    "glossary_validate",
    "term_lookup",
]
