"""Alignments written out: bead lines, TSV, JSON, TMX units, and straight into a memory."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from tmkit.align.aligner import Alignment, Bead
from tmkit.align.evaluate import format_bead
from tmkit.formats.tmx.writer import TmxWriter
from tmkit.model.unit import Note, Prop, TranslationUnit, Variant

__all__ = [
    "ALIGN_FORMATS",
    "PROP_CONFIDENCE",
    "PROP_BEAD",
    "PROP_WEAK",
    "render_alignment",
    "alignment_units",
    "write_alignment_tmx",
    "TmxUnits",
]

ALIGN_FORMATS = ("beads", "tsv", "json", "tmx")
PROP_CONFIDENCE = "x-tmkit-align-confidence"
PROP_BEAD = "x-tmkit-align-bead"
PROP_WEAK = "x-tmkit-align-weak"
TSV_HEADER = ("a", "b", "kind", "similarity", "confidence", "weak", "a_text", "b_text")

_TMX_LANG = {"en": "en", "zh": "zh-CN"}


def render_alignment(al: Alignment, fmt: str) -> str:
    """The alignment as text in `fmt` (beads, tsv or json; tmx is written by `write_alignment_tmx`)."""
    if fmt == "beads":
        return "".join(format_bead(b.a, b.b) + "\n" for b in al.beads)
    if fmt == "tsv":
        rows = ["\t".join(TSV_HEADER)]
        for b in al.beads:
            rows.append(
                "\t".join(
                    (
                        ",".join(map(str, b.a)),
                        ",".join(map(str, b.b)),
                        b.kind,
                        f"{b.similarity:.3f}",
                        f"{b.confidence:.3f}",
                        "weak" if b.weak else "",
                        _tsv_cell(al.a_text(b)),
                        _tsv_cell(al.b_text(b)),
                    )
                )
            )
        return "\n".join(rows) + "\n"
    if fmt == "json":
        data = {
            "a": {"path": al.a_path, "lang": al.a_lang, "sentences": len(al.a), "paragraphs": al.a_paragraphs},
            "b": {"path": al.b_path, "lang": al.b_lang, "sentences": len(al.b), "paragraphs": al.b_paragraphs},
            "beads": [dict(b.to_dict(), a_text=al.a_text(b), b_text=al.b_text(b)) for b in al.beads],
            "weak": al.weak_count,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown alignment format {fmt!r}")


def _tsv_cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


@dataclass
class TmxUnits:
    """How an alignment became TMX units: 1-0 and 0-1 beads have no translation and are left out."""

    written: int = 0
    weak: int = 0
    left_out: int = 0


def alignment_units(
    al: Alignment,
    *,
    tuid_prefix: str | None = None,
    extra_props: list[Prop] | None = None,
    notes_for: dict[str, str] | None = None,
    stats: TmxUnits | None = None,
) -> Iterator[TranslationUnit]:
    """One unit per bead that has both sides, English first. The tuid is `<prefix>:<n>` (n counts
    the units from 1); props carry the bead kind, its confidence and, when weak, a weak flag.
    `notes_for` maps a string to a note: a unit whose text contains the string gets the note."""
    stats = stats if stats is not None else TmxUnits()
    n = 0
    for bead in al.beads:
        if not bead.a or not bead.b:
            stats.left_out += 1
            continue
        n += 1
        texts = {al.a_lang: al.a_text(bead), al.b_lang: al.b_text(bead)}
        variants = [Variant(_TMX_LANG["en"], texts["en"]), Variant(_TMX_LANG["zh"], texts["zh"])]
        props = [Prop(PROP_BEAD, _en_first_kind(al, bead)), Prop(PROP_CONFIDENCE, f"{bead.confidence:.3f}")]
        if bead.weak:
            props.append(Prop(PROP_WEAK, "yes"))
            stats.weak += 1
        props.extend(extra_props or [])
        notes = [
            Note(note) for needle, note in sorted((notes_for or {}).items()) if any(needle in t for t in texts.values())
        ]
        stats.written += 1
        yield TranslationUnit(
            variants=variants,
            tuid=f"{tuid_prefix}:{n}" if tuid_prefix else None,
            srclang="en",
            notes=notes,
            props=props,
        )


def _en_first_kind(al: Alignment, bead: Bead) -> str:
    if al.a_lang == "en":
        return f"{len(bead.a)}-{len(bead.b)}"
    return f"{len(bead.b)}-{len(bead.a)}"


def write_alignment_tmx(al: Alignment, path: str | os.PathLike[str], *, tuid_prefix: str | None = None) -> TmxUnits:
    """Write the alignment as TMX 1.4b (English source, no timestamps: the same input gives the
    same bytes). The file is replaced atomically."""
    stats = TmxUnits()
    with TmxWriter(path, srclang="en") as writer:
        for unit in alignment_units(al, tuid_prefix=tuid_prefix, stats=stats):
            writer.write_unit(unit)
    return stats


def temporary_tmx(directory: str | None = None) -> str:
    """A path for a TMX that is imported and then removed."""
    fd, path = tempfile.mkstemp(prefix=".tmkit-align-", suffix=".tmx", dir=directory)
    os.close(fd)
    return path


def align_into_db(
    al: Alignment,
    db: str | os.PathLike[str],
    *,
    origin: str | None = None,
    tuid_prefix: str | None = None,
    on_duplicate: str = "update",
    bare_zh: str = "zh-CN",
):
    """Import the alignment into the memory at `db` (created when missing) in one transaction,
    through the same TMX import as `tmkit tm import`, so the units, their props and the duplicate
    policy behave exactly as for a TMX file. Returns the import report and the unit counts."""
    from tmkit.tm import tm_import

    directory = os.path.dirname(os.path.abspath(os.fspath(db)))
    os.makedirs(directory, exist_ok=True)
    tmp = temporary_tmx(directory)
    try:
        stats = write_alignment_tmx(al, tmp, tuid_prefix=tuid_prefix)
        report = tm_import(
            db,
            [tmp],
            on_duplicate=on_duplicate,
            bare_zh=bare_zh,
            origin=origin or os.path.basename(al.a_path),
        )
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
    return report, stats
