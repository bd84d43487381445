"""Align an English and a Chinese text: paragraphs first, then sentences inside each paragraph.

    align_texts(a_paragraphs, b_paragraphs, a_lang, b_lang) -> list[Bead]
    align_files(a_path, b_path)                             -> Alignment

Either side may come first; beads always list the first text's sentence indices first (0-based,
counted over the whole text). docs/explanation/alignment.md explains the method.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from tmkit.align.dp import AlignParams, Calibration, RawBead, align_sides, calibrate
from tmkit.align.features import ChineseSide, EnglishSide, analyse_chinese, analyse_english
from tmkit.align.lexicon import load_cedict
from tmkit.errors import UsageError
from tmkit.segmenting import segment_path
from tmkit.terms import TermMatcher
from tmkit.text.segment import Sentence, detect_lang, segment_lang

# A paragraph pairing below this confidence means the paragraphs do not correspond.
_PARAGRAPH_DOUBT = 0.2

__all__ = ["Bead", "Alignment", "align_texts", "align_files", "join_sentences"]


@dataclass(frozen=True, slots=True)
class Bead:
    """`a` and `b`: sentence indices in the first and second text. `similarity` is the share of
    the bead's weighted evidence that found a counterpart; `confidence` (0..1) compares it with
    the text's typical sure pair and discounts an unlikely length ratio; `weak` beads need review."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float
    confidence: float
    weak: bool

    @property
    def kind(self) -> str:
        return f"{len(self.a)}-{len(self.b)}"

    def to_dict(self) -> dict[str, object]:
        return {
            "a": list(self.a),
            "b": list(self.b),
            "kind": self.kind,
            "similarity": self.similarity,
            "confidence": self.confidence,
            "weak": self.weak,
        }


@dataclass
class Alignment:
    """Two segmented texts and the beads that align them."""

    a_path: str
    b_path: str
    a_lang: str  # "en" or "zh"
    b_lang: str
    a: list[Sentence]
    b: list[Sentence]
    beads: list[Bead]
    a_paragraphs: int = 0
    b_paragraphs: int = 0
    a_lines: bool = False  # the file was read one sentence per line
    b_lines: bool = False
    params: AlignParams = field(default_factory=AlignParams)

    def a_text(self, bead: Bead) -> str:
        return join_sentences([self.a[i].text for i in bead.a], self.a_lang)

    def b_text(self, bead: Bead) -> str:
        return join_sentences([self.b[j].text for j in bead.b], self.b_lang)

    @property
    def weak_count(self) -> int:
        return sum(1 for b in self.beads if b.weak)


def join_sentences(sentences: Sequence[str], lang: str) -> str:
    """Sentences of one bead as one segment: a space between English sentences, none in Chinese."""
    return ("" if lang == "zh" else " ").join(sentences)


def _concepts(matcher: TermMatcher | None, texts: list[str], langs: list[str]) -> list[list[str]] | None:
    if matcher is None:
        return None
    return [sorted({m.concept_id for m in matcher.find(t, langs)}) for t in texts]


def _analyse(texts: list[str], lang: str, matcher: TermMatcher | None) -> EnglishSide | ChineseSide:
    if lang == "en":
        return analyse_english(texts, _concepts(matcher, texts, ["en"]))
    return analyse_chinese(texts, load_cedict(), _concepts(matcher, texts, ["zh-CN", "zh-TW", "zh-HK"]))


def _slice(side: EnglishSide | ChineseSide, start: int, end: int) -> EnglishSide | ChineseSide:
    if isinstance(side, EnglishSide):
        return EnglishSide(side.keys[start:end], side.mass[start:end], side.length[start:end])
    return ChineseSide(side.words[start:end], side.keys[start:end], side.mass[start:end], side.length[start:end])


def align_texts(
    a_paragraphs: Sequence[Sequence[str]],
    b_paragraphs: Sequence[Sequence[str]],
    a_lang: str,
    b_lang: str,
    *,
    matcher: TermMatcher | None = None,
    params: AlignParams | None = None,
) -> list[Bead]:
    """Align two texts given as paragraphs of sentences. One must be English, the other Chinese.

    Where both texts have more than one paragraph, paragraphs are aligned first (same method, a
    paragraph as the unit) and sentences only within aligned paragraphs. When the paragraphs do
    not correspond (a paragraph bead is one-sided or has almost no evidence), the sentences of the whole texts are
    aligned instead."""
    try:
        a_code, b_code = segment_lang(a_lang), segment_lang(b_lang)
    except ValueError as e:
        raise UsageError(str(e), hint="tmkit aligns English with Chinese") from None
    if {a_code, b_code} != {"en", "zh"}:
        raise UsageError(
            f"tmkit aligns English with Chinese; got {a_code} and {b_code}",
            hint="give one English and one Chinese text (--lang-a/--lang-b when detection is wrong)",
        )
    swap = a_code == "zh"
    en_paras = [list(p) for p in (b_paragraphs if swap else a_paragraphs)]
    zh_paras = [list(p) for p in (a_paragraphs if swap else b_paragraphs)]
    p = params or AlignParams()
    en_sents = [s for para in en_paras for s in para]
    zh_sents = [s for para in zh_paras for s in para]
    en_side = _analyse(en_sents, "en", matcher)
    zh_side = _analyse(zh_sents, "zh", matcher)
    assert isinstance(en_side, EnglishSide) and isinstance(zh_side, ChineseSide)
    raw: list[RawBead]
    if len(en_paras) > 1 and len(zh_paras) > 1:
        cal = calibrate(en_side, zh_side, p)
        raw = _by_paragraph(en_paras, zh_paras, en_side, zh_side, cal, matcher, p)
    else:
        raw = align_sides(en_side, zh_side, p)
    beads = []
    for r in raw:
        a, b = (r.zh, r.en) if swap else (r.en, r.zh)
        beads.append(Bead(a, b, r.similarity, r.confidence, r.weak))
    return beads


def _by_paragraph(
    en_paras: list[list[str]],
    zh_paras: list[list[str]],
    en_side: EnglishSide,
    zh_side: ChineseSide,
    cal: Calibration,
    matcher: TermMatcher | None,
    p: AlignParams,
) -> list[RawBead]:
    en_para_side = _analyse([" ".join(x) for x in en_paras], "en", matcher)
    zh_para_side = _analyse(["".join(x) for x in zh_paras], "zh", matcher)
    assert isinstance(en_para_side, EnglishSide) and isinstance(zh_para_side, ChineseSide)
    para_beads = align_sides(en_para_side, zh_para_side, p)
    if any(not pb.en or not pb.zh or pb.confidence < _PARAGRAPH_DOUBT for pb in para_beads):
        # the two texts do not keep the same paragraphs (a paragraph with no counterpart, or a
        # pairing with almost no evidence): sentences are aligned over the whole text instead,
        # which can cross the paragraph boundaries that the translation did not keep
        return align_sides(en_side, zh_side, p)
    en_start = [0]
    for para in en_paras:
        en_start.append(en_start[-1] + len(para))
    zh_start = [0]
    for para in zh_paras:
        zh_start.append(zh_start[-1] + len(para))
    out: list[RawBead] = []
    for pb in para_beads:
        i0 = en_start[pb.en[0]] if pb.en else None
        i1 = en_start[pb.en[-1] + 1] if pb.en else None
        j0 = zh_start[pb.zh[0]] if pb.zh else None
        j1 = zh_start[pb.zh[-1] + 1] if pb.zh else None
        if i0 is None or j0 is None:
            for i in range(i0 or 0, i1 or 0):
                out.append(RawBead((i,), (), 0.0, 0.0, True))
            for j in range(j0 or 0, j1 or 0):
                out.append(RawBead((), (j,), 0.0, 0.0, True))
            continue
        assert i1 is not None and j1 is not None
        sub = align_sides(_slice(en_side, i0, i1), _slice(zh_side, j0, j1), p, cal)  # type: ignore[arg-type]
        for r in sub:
            out.append(
                RawBead(tuple(i + i0 for i in r.en), tuple(j + j0 for j in r.zh), r.similarity, r.confidence, r.weak)
            )
    return out


def align_files(
    a_path: str | os.PathLike[str],
    b_path: str | os.PathLike[str],
    *,
    a_lang: str | None = None,
    b_lang: str | None = None,
    lines: bool | None = None,
    matcher: TermMatcher | None = None,
    params: AlignParams | None = None,
) -> Alignment:
    """Read, segment and align two files. Languages are detected when not given.

    `lines=True`: every non-blank line is one sentence, blank lines separate paragraphs;
    `lines=False`: the texts are segmented; `lines=None` (the default) decides per file: a file
    with several lines and no blank line is read one sentence per line, anything else is
    segmented."""
    a_doc = segment_path(a_path, lang=a_lang, lines=lines)
    b_doc = segment_path(b_path, lang=b_lang, lines=lines)
    a_code = a_doc.lang or detect_lang(a_doc.text)
    b_code = b_doc.lang or detect_lang(b_doc.text)
    a_paras = [[s.text for s in para] for para in a_doc.paragraphs]
    b_paras = [[s.text for s in para] for para in b_doc.paragraphs]
    beads = align_texts(a_paras, b_paras, a_code, b_code, matcher=matcher, params=params)
    return Alignment(
        os.fspath(a_path),
        os.fspath(b_path),
        a_code,
        b_code,
        [s for para in a_doc.paragraphs for s in para],
        [s for para in b_doc.paragraphs for s in para],
        beads,
        a_paragraphs=len(a_doc.paragraphs),
        b_paragraphs=len(b_doc.paragraphs),
        a_lines=a_doc.lines,
        b_lines=b_doc.lines,
        params=params or AlignParams(),
    )
