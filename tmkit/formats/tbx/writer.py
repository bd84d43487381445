"""Writing a `Glossary` as TBX: TBX 2008 `martif` (what OmegaT, translate-toolkit and Weblate read)
or TBX v3 TBX-Basic in DCA style (valid against the TBX-Basic RelaxNG schema).

* Deterministic: concepts in id order, languages in tmkit's order (en, zh-CN, zh-TW, zh-HK, then
  the rest alphabetically), terms best status first and otherwise in the glossary's order; no
  dates. The same glossary always gives the same bytes.
* Atomic: a temporary file next to the target, renamed into place when complete. A name
  ending in `.gz` is gzip-compressed (with a fixed mtime).
* What TBX has no slot for travels in `note` elements starting with `tmkit:` (see
  docs/reference/tbx.md); the reader turns them back into fields.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

from tmkit import __version__
from tmkit.errors import UsageError
from tmkit.formats.tbx.mapping import (
    FLAVOURS,
    POS_TO_TBX,
    STATUS_TO_TBX,
    TBX_V3_NS,
    TYPE_TO_TBX,
    clean_id,
    lines,
    marker,
    norm,
    pos_from_tbx,
    unique_id,
    xml_id,
)
from tmkit.model.term import CASE_RULES, CONFIDENCES, Concept, Glossary, Term, lang_rank, status_rank
from tmkit.text.xmlchars import ILLEGAL_XML_CHARS, escape_attr, escape_text


@dataclass
class TbxWriteStats:
    """What `write_tbx` wrote, and what it had to leave out or change."""

    concepts: int = 0
    terms: int = 0
    skipped_concepts: int = 0  # concepts left without a non-empty term (or none in `langs`): TBX needs one
    illegal_chars: int = 0  # characters XML 1.0 cannot carry, removed
    renamed_ids: int = 0  # ids that were not tmkit concept ids, or clashed once cleaned


def write_tbx(
    glossary: Glossary,
    path: str | os.PathLike[str],
    flavour: str = "tbx",
    *,
    langs: Iterable[str] | None = None,
) -> TbxWriteStats:
    """Write `glossary` to `path` as `flavour`: "tbx" (TBX 2008 martif) or "tbx-basic" (TBX v3).

    `langs` keeps only the terms in those languages (exact tags, e.g. `["en", "zh-CN"]`): OmegaT
    3.6 takes every Chinese term for a Chinese project, whatever its region. Raises UsageError for
    an unknown flavour, a glossary with no term to write (both TBX generations need at least one
    entry), or a path that cannot be written."""
    if flavour not in FLAVOURS:
        raise UsageError(f"unknown TBX flavour {flavour!r}; use one of {', '.join(FLAVOURS)}")
    stats = TbxWriteStats()
    body = _Body(flavour, stats, None if langs is None else frozenset(langs)).render(glossary)
    if stats.concepts == 0:
        raise UsageError(
            "nothing to write: the glossary has no concept with a term, and a TBX file needs at least one entry"
        )
    head = _HEAD[flavour].format(version=escape_text(__version__), ns=TBX_V3_NS)
    _write_atomic(os.fspath(path), head + body + _TAIL[flavour])
    return stats


_HEAD = {
    "tbx": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<martif type="TBX" xml:lang="en">\n'
        "  <martifHeader>\n"
        "    <fileDesc>\n"
        "      <sourceDesc>\n"
        "        <p>Exported by tmkit {version}</p>\n"
        "      </sourceDesc>\n"
        "    </fileDesc>\n"
        "  </martifHeader>\n"
        "  <text>\n"
        "    <body>\n"
    ),
    "tbx-basic": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{ns}">\n'
        "  <tbxHeader>\n"
        "    <fileDesc>\n"
        "      <sourceDesc>\n"
        "        <p>Exported by tmkit {version}</p>\n"
        "      </sourceDesc>\n"
        "    </fileDesc>\n"
        "  </tbxHeader>\n"
        "  <text>\n"
        "    <body>\n"
    ),
}
_TAIL = {
    "tbx": "    </body>\n  </text>\n</martif>\n",
    "tbx-basic": "    </body>\n  </text>\n</tbx>\n",
}
# Element names per flavour: entry, language section, term section.
_NAMES = {"tbx": ("termEntry", "langSet", "tig"), "tbx-basic": ("conceptEntry", "langSec", "termSec")}


class _Body:
    def __init__(self, flavour: str, stats: TbxWriteStats, langs: frozenset[str] | None) -> None:
        self.flavour = flavour
        self.langs = langs
        self.stats = stats
        self.entry, self.lang_section, self.term_section = _NAMES[flavour]
        self.pos_map = POS_TO_TBX[flavour]
        self.out: list[str] = []

    def clean(self, s: str) -> str:
        if ILLEGAL_XML_CHARS.search(s):
            self.stats.illegal_chars += len(ILLEGAL_XML_CHARS.findall(s))
            s = ILLEGAL_XML_CHARS.sub("", s)
        return s

    def elem(self, indent: str, name: str, text: str, type_: str | None = None) -> None:
        attr = f' type="{type_}"' if type_ else ""
        self.out.append(f"{indent}<{name}{attr}>{escape_text(text)}</{name}>\n")

    def render(self, glossary: Glossary) -> str:
        taken: set[str] = set()
        for concept in sorted(glossary, key=lambda c: c.id):
            terms = self.terms_of(concept)
            if not terms:
                self.stats.skipped_concepts += 1
                continue
            cid = clean_id(concept.id) or "tbx"
            cid = unique_id(cid, taken)
            taken.add(cid)
            if cid != concept.id:
                self.stats.renamed_ids += 1
            self.concept(concept, cid, terms)
        return "".join(self.out)

    def terms_of(self, concept: Concept) -> list[tuple[Term, str]]:
        """(term, cleaned text) of the terms that have text, in output order."""
        kept = []
        for index, t in enumerate(concept.terms):
            if self.langs is not None and t.lang not in self.langs:
                continue
            text = norm(self.clean(t.text))
            if text:
                kept.append((lang_rank(t.lang), status_rank(t.status), index, t, text))
        kept.sort(key=lambda k: k[:3])
        return [(t, text) for *_k, t, text in kept]

    def concept(self, c: Concept, cid: str, terms: list[tuple[Term, str]]) -> None:
        out = self.out
        ind = "      "
        sub = ind + "  "
        out.append(f'{ind}<{self.entry} id="{escape_attr(xml_id(cid))}">\n')
        if c.subject and c.subject != "general":  # general is what a missing subject field reads as
            self.elem(sub, "descrip", norm(self.clean(c.subject)), "subjectField")
        for line in lines(self.clean(c.definition)):
            if self.flavour == "tbx-basic":
                # In a descripGrp: the TBX-Basic Schematron's test for a definition directly in a
                # conceptEntry misspells the element name, so only the grouped form passes it.
                self.out.append(f"{sub}<descripGrp>\n")
                self.elem(sub + "  ", "descrip", line, "definition")
                self.out.append(f"{sub}</descripGrp>\n")
            else:
                self.elem(sub, "descrip", line, "definition")
        for line in lines(self.clean(c.source)):
            self.elem(sub, "admin", line, "source")
        for line in lines(self.clean(c.note)):
            self.elem(sub, "note", line)
        if c.confidence != "medium" and c.confidence in CONFIDENCES:
            self.elem(sub, "note", marker("confidence", c.confidence))
        lang = None
        for t, text in terms:
            if t.lang != lang:
                if lang is not None:
                    out.append(f"{sub}</{self.lang_section}>\n")
                lang = t.lang
                out.append(f'{sub}<{self.lang_section} xml:lang="{escape_attr(self.clean(lang))}">\n')
            self.term(t, text, sub + "  ")
            self.stats.terms += 1
        out.append(f"{sub}</{self.lang_section}>\n")
        out.append(f"{ind}</{self.entry}>\n")
        self.stats.concepts += 1

    def term(self, t: Term, text: str, ind: str) -> None:
        sub = ind + "  "
        self.out.append(f"{ind}<{self.term_section}>\n")
        self.elem(sub, "term", text)
        term_type = TYPE_TO_TBX.get(t.type)
        if term_type and t.type != "full":  # a term without a term type reads as a full form
            self.elem(sub, "termNote", term_type, "termType")
        pos = self.pos_map.get(t.pos)
        if pos:
            self.elem(sub, "termNote", pos, "partOfSpeech")
        self.elem(sub, "termNote", STATUS_TO_TBX.get(t.status, "admittedTerm-admn-sts"), "administrativeStatus")
        for line in lines(self.clean(t.usage)):
            self.elem(sub, "note", line)
        if t.status == "forbidden":
            self.elem(sub, "note", marker("status", "forbidden"))
        if t.case in CASE_RULES:
            self.elem(sub, "note", marker("case", t.case))
        if pos and pos_from_tbx(pos) != t.pos:
            self.elem(sub, "note", marker("pos", t.pos))
        self.out.append(f"{ind}</{self.term_section}>\n")


def _write_atomic(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmkit-", suffix=".tbx.part", dir=directory)
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror}", hint="choose another output path") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as raw:
            data = text.encode("utf-8")
            if path.endswith(".gz"):
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                    gz.write(data)
            else:
                raw.write(data)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise UsageError(f"cannot write {path}: {e.strerror}", hint="choose another output path") from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
