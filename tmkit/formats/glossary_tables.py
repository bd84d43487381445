"""Glossary tables from other tools: OmegaT's tab-separated glossary and the TICO-19 term CSVs.

* OmegaT TSV: `source<TAB>target[<TAB>comment]`, UTF-8 or UTF-16 with BOM (OmegaT writes
  UTF-16LE with a BOM on Windows). The file does not say its languages: the caller does (default
  en -> zh-CN). Rows with the same source term become one concept with several target terms, the
  first preferred and the others admitted.
* TICO-19: `id|stringID, sourceLang, targetLang, [pos, description,] sourceString, targetString`;
  a target may hold alternatives separated by " : " (`可传染 : 有传染性`): the first is preferred,
  the others admitted, all in one concept.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from tmkit.errors import InputError
from tmkit.formats.atomic import atomic_write_text
from tmkit.formats.csvrows import CsvRecords
from tmkit.formats.textfile import read_text
from tmkit.model.term import Concept, Glossary, GlossaryIssue, Term, concept_id_for
from tmkit.text.langtags import normalize_lang

TICO_REQUIRED = ("sourcelang", "targetlang", "sourcestring", "targetstring")
_POS = {
    "noun": "noun",
    "verb": "verb",
    "adjective": "adjective",
    "adj": "adjective",
    "adverb": "adverb",
    "adv": "adverb",
    "proper noun": "proper-noun",
    "propernoun": "proper-noun",
    "phrase": "phrase",
}


def term_lang(tag: str, bare_zh: str = "zh-CN") -> str:
    """A termbase language from any tag: en-US -> en, zh_CN / zh-Hans -> zh-CN, zh-Hant -> zh-TW."""
    norm = (normalize_lang(tag.strip(), bare_zh=bare_zh) or tag.strip()) if tag.strip() else ""
    if norm.lower() == "en" or norm.lower().startswith("en-"):
        return "en"
    if norm == "zh-Hant":
        return "zh-TW"
    return norm


def read_omegat_tsv(
    path: str | os.PathLike[str],
    *,
    source_lang: str = "en",
    target_lang: str = "zh-CN",
    glossary: Glossary | None = None,
) -> tuple[Glossary, list[GlossaryIssue]]:
    spath = os.fspath(path)
    text, _ = read_text(spath, what="glossary file")
    glossary = glossary if glossary is not None else Glossary(source=spath)
    issues: list[GlossaryIssue] = []
    by_source: dict[str, Concept] = {}
    taken = set(glossary.concepts)
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        src = cells[0].strip()
        tgt = cells[1].strip() if len(cells) > 1 else ""
        comment = cells[2].strip() if len(cells) > 2 else ""
        if not src or not tgt:
            issues.append(
                GlossaryIssue(
                    "G201",
                    "incomplete-row",
                    "warning",
                    "a row needs a source and a target term separated by a tab; skipped",
                    spath,
                    number,
                    term=src or tgt or None,
                )
            )
            continue
        concept = by_source.get(src)
        if concept is None:
            cid = concept_id_for("tsv", src, taken)
            taken.add(cid)
            concept = Concept(
                cid,
                "general",
                note=comment,
                source=f"OmegaT glossary {os.path.basename(spath)}",
                confidence="medium",
                path=spath,
                line=number,
            )
            concept.terms.append(Term(source_lang, src, "preferred", line=number, path=spath))
            by_source[src] = concept
            glossary.add(concept)
        elif comment and comment not in concept.note:
            concept.note = f"{concept.note}; {comment}" if concept.note else comment
        if any(t.lang == target_lang and t.text == tgt for t in concept.terms):
            continue
        status = "admitted" if concept.terms_in(target_lang) else "preferred"
        concept.terms.append(Term(target_lang, tgt, status, line=number, path=spath))
    return glossary, issues


def omegat_tsv_text(concepts: Iterable[Concept], source_lang: str = "en", target_lang: str = "zh-CN") -> str:
    """OmegaT's format: one row per (source, target) pair of usable terms; the comment column holds
    the status of non-preferred targets and the usage notes. Deprecated and forbidden terms are left
    out: OmegaT would offer them as translations."""
    lines = []
    for concept in sorted(concepts, key=lambda c: c.id):
        sources = [t for t in concept.terms_in(source_lang) if t.status in ("preferred", "admitted")]
        targets = [t for t in concept.terms_in(target_lang) if t.status in ("preferred", "admitted")]
        for s in sorted(sources, key=Term.sort_key):
            for t in sorted(targets, key=Term.sort_key):
                comment = "; ".join(
                    x for x in (t.status if t.status != "preferred" else "", s.usage, t.usage, concept.note) if x
                )
                cells = [_cell(s.text), _cell(t.text)] + ([_cell(comment)] if comment else [])
                lines.append("\t".join(cells))
    return "".join(line + "\n" for line in lines)


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def write_omegat_tsv(
    concepts: Iterable[Concept], path: str | os.PathLike[str], source_lang: str = "en", target_lang: str = "zh-CN"
) -> None:
    atomic_write_text(path, omegat_tsv_text(concepts, source_lang, target_lang))


def looks_like_tico(header: Iterable[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return {"sourcestring", "targetstring"} <= names


def read_tico_csv(
    path: str | os.PathLike[str], *, glossary: Glossary | None = None, bare_zh: str = "zh-CN"
) -> tuple[Glossary, list[GlossaryIssue]]:
    spath = os.fspath(path)
    text, _ = read_text(spath, what="term CSV file")
    glossary = glossary if glossary is not None else Glossary(source=spath)
    issues: list[GlossaryIssue] = []
    records = CsvRecords(text, spath)
    records.require(
        TICO_REQUIRED,
        "a TICO-19 term list has sourceLang, targetLang, sourceString, targetString (and id or stringID)",
    )
    header = records.header
    id_col = "stringid" if "stringid" in header else ("id" if "id" in header else None)
    taken = set(glossary.concepts)
    prefix = tico_id_prefix(spath)
    for start, v in records:
        src_lang, tgt_lang = term_lang(v["sourcelang"], bare_zh), term_lang(v["targetlang"], bare_zh)
        if not src_lang or not tgt_lang:
            raise InputError("a row without sourceLang or targetLang", path=spath, line=start)
        sources = _alternatives(v["sourcestring"])
        targets = _alternatives(v["targetstring"])
        if not sources or not targets:
            issues.append(
                GlossaryIssue(
                    "G201", "incomplete-row", "warning", "a row without a source or target term; skipped", spath, start
                )
            )
            continue
        raw_id = v.get(id_col, "") if id_col else ""
        cid = concept_id_for(prefix, raw_id or sources[0], taken)
        taken.add(cid)
        pos = _POS.get(v.get("pos", "").strip().lower(), "")
        concept = Concept(
            cid,
            "general",
            definition=v.get("description", "").strip(),
            source=f"TICO-19 {os.path.basename(spath)}" + (f" id {raw_id}" if raw_id else ""),
            confidence="medium",
            path=spath,
            line=start,
        )
        for lang, forms in ((src_lang, sources), (tgt_lang, targets)):
            for i, form in enumerate(forms):
                concept.terms.append(
                    Term(lang, form, "preferred" if i == 0 else "admitted", pos=pos, line=start, path=spath)
                )
        glossary.add(concept)
    return glossary, issues


def tico_id_prefix(path: str) -> str:
    """The id namespace of a TICO-19 list: its file name without the language part.

    The ids of a list are row numbers, shared by the zh-CN and zh-TW versions of one list
    (tico19_f_en-zh_CN.csv, tico19_f_en-zh_TW.csv -> tico19-f) but not across lists: id 1 is
    "1918 flu" in one and "contagious" in another."""
    stem = os.path.splitext(os.path.basename(path))[0]
    kept: list[str] = []
    for part in stem.split("_"):
        if re.fullmatch(r"(en|zh)([-_].*)?|hans|hant", part, flags=re.IGNORECASE):
            break
        kept.append(part)
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(kept).lower()).strip("-")
    return slug or "tico"


def _alternatives(cell: str) -> list[str]:
    out: list[str] = []
    for part in cell.split(" : "):
        part = " ".join(part.split())
        if part and part not in out:
            out.append(part)
    return out
