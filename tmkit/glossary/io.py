"""Reading a glossary from wherever it is, and writing it back or out.

A glossary is a folder of tmkit CSV files (the project's `glossary/`), one tmkit CSV file, or a
file of another tool: OmegaT TSV, TICO-19 CSV, TBX 2008 or TBX v3. `load_glossary` detects which.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tmkit.errors import InputError, UsageError
from tmkit.formats.atomic import atomic_write_many
from tmkit.formats.glossary_csv import glossary_csv_text, looks_like_glossary_csv, read_glossary_csv
from tmkit.formats.glossary_tables import (
    looks_like_tico,
    omegat_tsv_text,
    read_omegat_tsv,
    read_tico_csv,
)
from tmkit.formats.textfile import read_text
from tmkit.model.term import Concept, Glossary, GlossaryIssue

EXPORT_FORMATS = ("csv", "tsv", "tbx", "tbx-basic")
IMPORT_FORMATS = ("auto", "folder", "csv", "tico", "tsv", "tbx")
TSV_SUFFIXES = (".tsv", ".txt", ".tab", ".utf8")

#: Where a new concept goes in a glossary folder, by subject. Existing concepts stay in their file.
SUBJECT_FILES = {
    "organisation": "organisations.csv",
    "person": "people.csv",
    "place": "places.csv",
    "title": "titles.csv",
    "policy": "policies.csv",
    "programme": "policies.csv",
    "award": "awards-events.csv",
    "event": "awards-events.csv",
    "science": "science.csv",
    "style": "style.csv",
    "general": "general.csv",
}


@dataclass
class Loaded:
    glossary: Glossary
    format: str
    files: list[str] = field(default_factory=list)
    issues: list[GlossaryIssue] = field(default_factory=list)


def detect_format(path: str) -> str:
    """folder, csv (tmkit), tico, tsv (OmegaT) or tbx, from the path and the first bytes."""
    if os.path.isdir(path):
        return "folder"
    if not os.path.exists(path):
        raise InputError("no such file or folder", path=path)
    suffix = Path(path).suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as e:
        raise InputError(f"cannot open: {e.strerror}", path=path) from None
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if stripped.startswith(b"<") or head[:2] in (b"\xff\xfe", b"\xfe\xff") and b"<\x00" in head[:8]:
        return "tbx"
    if suffix == ".csv":
        text, _ = read_text(path, what="CSV file")
        first = text.split("\n", 1)[0].lower()
        header = [h.strip().strip('"') for h in first.split(",")]
        if looks_like_glossary_csv(header):
            return "csv"
        if looks_like_tico(header):
            return "tico"
        raise InputError(
            "a CSV file that is neither a tmkit glossary (concept, lang, term...) nor a TICO-19 term list",
            path=path,
            line=1,
            hint="see glossary/README.md for tmkit's columns",
        )
    if suffix in TSV_SUFFIXES:
        return "tsv"
    raise InputError(
        f"cannot tell the glossary format of a {suffix or 'suffix-less'} file",
        path=path,
        hint="name it .csv (tmkit or TICO-19), .tsv/.txt/.tab/.utf8 (OmegaT) or .tbx; tmkit glossary import also takes --format",
    )


def load_glossary(
    path: str | os.PathLike[str],
    *,
    fmt: str = "auto",
    source_lang: str = "en",
    target_lang: str = "zh-CN",
    bare_zh: str = "zh-CN",
) -> Loaded:
    """Read a glossary folder or file. Structural problems raise `InputError`; value problems
    come back as issues (see `validate_glossary` for the rest)."""
    spath = os.fspath(path)
    if fmt == "auto":
        fmt = detect_format(spath)
    if fmt not in IMPORT_FORMATS:
        raise UsageError(f"unknown glossary format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")
    if fmt == "folder":
        if not os.path.isdir(spath):
            raise InputError("no such glossary folder", path=spath)
        files = sorted(str(p) for p in Path(spath).glob("*.csv"))
        if not files:
            raise InputError(
                "the glossary folder has no .csv files",
                path=spath,
                hint="create one (glossary/README.md describes the columns) or import a file: tmkit glossary import FILE",
            )
        glossary = Glossary(source=spath)
        issues: list[GlossaryIssue] = []
        for f in files:
            _, found = read_glossary_csv(f, glossary)
            issues.extend(found)
        return Loaded(glossary, "folder", files, issues)
    if fmt == "csv":
        glossary, issues = read_glossary_csv(spath)
    elif fmt == "tico":
        glossary, issues = read_tico_csv(spath, bare_zh=bare_zh)
    elif fmt == "tsv":
        glossary, issues = read_omegat_tsv(spath, source_lang=source_lang, target_lang=target_lang)
    else:
        from tmkit.formats.tbx import read_tbx

        glossary = read_tbx(spath, bare_zh=bare_zh)
        issues = []
    glossary.source = spath
    return Loaded(glossary, fmt, [spath], issues)


def glossary_files(glossary: Glossary, target: str) -> dict[str, bytes]:
    """The files that hold `glossary` at `target`: a folder (one CSV per subject file, existing
    concepts staying in the file they came from) or a single .csv file."""
    if target.lower().endswith(".csv") and not os.path.isdir(target):
        return {target: glossary_csv_text(glossary).encode("utf-8")}
    groups: dict[str, list[Concept]] = {}
    for concept in glossary:
        here = concept.path
        if here and os.path.dirname(os.path.abspath(here)) == os.path.abspath(target):
            name = os.path.basename(here)
        else:
            name = SUBJECT_FILES.get(concept.subject, "general.csv")
        groups.setdefault(os.path.join(target, name), []).append(concept)
    return {p: glossary_csv_text(cs).encode("utf-8") for p, cs in sorted(groups.items())}


def save_glossary(glossary: Glossary, target: str) -> list[str]:
    """Write the glossary to its folder or file, every file at once (nothing half-written).
    Returns the files whose bytes changed."""
    files = glossary_files(glossary, target)
    changed = {}
    for p, data in files.items():
        try:
            with open(p, "rb") as fh:
                if fh.read() == data:
                    continue
        except OSError:
            pass
        changed[p] = data
    if changed:
        atomic_write_many(changed)
    return sorted(changed)


def export_text(glossary: Glossary, fmt: str, *, source_lang: str = "en", target_lang: str = "zh-CN") -> bytes:
    """The bytes of a csv or tsv export (TBX is written by `tmkit.formats.tbx`)."""
    if fmt == "csv":
        return glossary_csv_text(glossary).encode("utf-8")
    if fmt == "tsv":
        return omegat_tsv_text(glossary, source_lang, target_lang).encode("utf-8")
    raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
