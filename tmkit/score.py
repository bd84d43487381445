"""Scoring a draft translation against one or more reference translations, with sacrebleu.

`score_files(hyp, refs)` reads plain-text files (one segment per line) and returns corpus and
per-segment BLEU, chrF and TER, each with the sacrebleu signature that says exactly how the
number was computed. The metric settings depend on the target language:

- English (and any Latin-script target): BLEU with the `13a` tokenizer; TER with sacrebleu's
  defaults.
- Chinese: BLEU with the `zh` tokenizer (every Han character is a token); TER with tercom
  normalisation and `asian_support` (without them an unspaced Chinese sentence is one "word"
  and every segment that is not identical scores TER 100).
- chrF is the same for both (character 6-grams, beta 2, whitespace ignored).

Per-segment BLEU uses effective order (n-gram orders with no possible match are left out), as
sentence-level BLEU should; its signature says `eff:yes`. Neither BLEU nor chrF folds full-width
and half-width forms: `，` and `,` or `２０２１` and `2021` are different characters to them.

Only plain text is read; a TMX or XLIFF file is refused with a hint (export the target side to
text first). This module never prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

from tmkit.errors import InputError, UsageError
from tmkit.formats.textfile import read_text
from tmkit.text.fold import is_han

METRICS = ("bleu", "chrf", "ter")
LANGS = ("en", "zh")

_XML_SUFFIXES = (".tmx", ".xlf", ".xliff", ".sdlxliff", ".po", ".pot")


@dataclass(frozen=True)
class CorpusScore:
    """One metric over the whole file."""

    metric: str
    score: float
    signature: str
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "signature": self.signature, **self.detail}


@dataclass(frozen=True)
class SegmentScore:
    """The scores of one line (1-based) of the hypothesis file."""

    line: int
    hypothesis: str
    references: tuple[str, ...]
    scores: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "hypothesis": self.hypothesis, "references": list(self.references), **self.scores}


@dataclass(frozen=True)
class ScoreReport:
    hypothesis_path: str
    reference_paths: tuple[str, ...]
    lang: str
    lang_source: str  # "option" or "detected"
    metrics: tuple[str, ...]
    corpus: dict[str, CorpusScore]
    segment_signatures: dict[str, str]
    segments: list[SegmentScore]
    lines: int = 0
    blank_lines: tuple[int, ...] = ()

    def worst(self, n: int, metric: str = "chrf") -> list[SegmentScore]:
        """The `n` segments with the lowest `metric` (TER: the highest), ties in file order."""
        if metric not in self.metrics:
            raise UsageError(
                f"cannot rank segments by {metric}: it was not computed (metrics: {','.join(self.metrics)})"
            )
        sign = -1.0 if metric == "ter" else 1.0
        ranked = sorted(self.segments, key=lambda s: (sign * s.scores[metric], s.line))
        return ranked[: max(n, 0)]

    def to_dict(self, *, worst: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "hypothesis": self.hypothesis_path,
            "references": list(self.reference_paths),
            "lang": self.lang,
            "lang_source": self.lang_source,
            "lines": self.lines,
            "blank_lines": list(self.blank_lines),
            "segments_count": len(self.segments),
            "metrics": list(self.metrics),
            "corpus": {m: self.corpus[m].to_dict() for m in self.metrics},
            "segment_signatures": dict(self.segment_signatures),
            "segments": [s.to_dict() for s in self.segments],
        }
        if worst is not None:
            data["worst"] = [s.line for s in self.worst(worst)]
        return data


def parse_metrics(spec: str) -> tuple[str, ...]:
    """`"bleu,chrf"` -> `("bleu", "chrf")`, in the canonical order; unknown names are a UsageError."""
    names = [p.strip().lower() for p in spec.split(",") if p.strip()]
    unknown = [n for n in names if n not in METRICS]
    if unknown or not names:
        raise UsageError(
            f"unknown metric(s) {', '.join(unknown) or '(none given)'} in --metrics {spec!r}",
            hint=f"choose from {','.join(METRICS)}",
        )
    return tuple(m for m in METRICS if m in names)


def parse_lang(tag: str) -> str:
    """`zh`, `zh-CN`, `zh-Hant`... -> "zh"; `en`, `en-GB`... -> "en"; anything else is a UsageError."""
    base = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if base in ("zh", "cmn"):
        return "zh"
    if base == "en":
        return "en"
    raise UsageError(f"--lang {tag!r}: tmkit scores English or Chinese targets only", hint="use --lang en or --lang zh")


def detect_lang(texts: list[str]) -> str:
    """ "zh" when most of the letters in `texts` are Han characters, else "en"."""
    han = other = 0
    for text in texts:
        for ch in text:
            if is_han(ch):
                han += 1
            elif ch.isalpha():
                other += 1
    return "zh" if han > other else "en"


def read_lines(path: str | os.PathLike[str], *, what: str) -> list[str]:
    """The segments of a plain-text file: one per line, BOM dropped, CRLF/CR accepted.

    A final newline does not make an extra empty segment; empty lines inside the file are
    kept (a line blank in the hypothesis only is an untranslated segment and scores 0; a line
    blank in every file is a paragraph break and is left out of the per-segment scores). Invalid UTF-8 is an InputError with the line,
    column and byte offset; an empty file too.
    """
    spath = os.fspath(path)
    if spath.lower().endswith(_XML_SUFFIXES):
        raise InputError(
            f"the {what} looks like a TMX/XLIFF/PO file; tmkit score reads plain text, one segment per line",
            path=spath,
            hint="export the target side as text first (one segment per line, in the same order as the other file)",
        )
    text, _encoding = read_text(spath, what=what)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _metric_objects(lang: str, metrics: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(corpus metric objects, sentence metric objects) for `lang`."""
    corpus: dict[str, Any] = {}
    sentence: dict[str, Any] = {}
    tok = "zh" if lang == "zh" else "13a"
    if "bleu" in metrics:
        corpus["bleu"] = BLEU(tokenize=tok)
        sentence["bleu"] = BLEU(tokenize=tok, effective_order=True)
    if "chrf" in metrics:
        corpus["chrf"] = CHRF()
        sentence["chrf"] = CHRF()
    if "ter" in metrics:
        if lang == "zh":
            corpus["ter"] = TER(normalized=True, asian_support=True)
            sentence["ter"] = TER(normalized=True, asian_support=True)
        else:
            corpus["ter"] = TER()
            sentence["ter"] = TER()
    return corpus, sentence


def _detail(metric: str, result: Any) -> dict[str, Any]:
    if metric == "bleu":
        return {
            "precisions": list(result.precisions),
            "bp": result.bp,
            "sys_len": result.sys_len,
            "ref_len": result.ref_len,
        }
    if metric == "chrf":
        return {"char_order": result.char_order, "word_order": result.word_order, "beta": result.beta}
    return {"num_edits": result.num_edits, "ref_length": result.ref_length}


def score_segments(
    hypotheses: list[str],
    references: list[list[str]],
    *,
    lang: str,
    metrics: tuple[str, ...] = METRICS,
) -> tuple[dict[str, CorpusScore], dict[str, str], list[SegmentScore]]:
    """Corpus and per-segment scores; `references` is one list of lines per reference file."""
    corpus_objs, sentence_objs = _metric_objects(lang, metrics)
    corpus: dict[str, CorpusScore] = {}
    for m in metrics:
        result = corpus_objs[m].corpus_score(hypotheses, references)
        corpus[m] = CorpusScore(m, float(result.score), str(corpus_objs[m].get_signature()), _detail(m, result))
    segments: list[SegmentScore] = []
    for i, hyp in enumerate(hypotheses):
        refs = [r[i] for r in references]
        if not hyp.strip() and not any(r.strip() for r in refs):
            continue  # a blank line everywhere (a paragraph break): nothing to score, adds nothing to the corpus
        scores = {m: float(sentence_objs[m].sentence_score(hyp, refs).score) for m in metrics}
        segments.append(SegmentScore(i + 1, hyp, tuple(refs), scores))
    signatures = {m: str(sentence_objs[m].get_signature()) for m in metrics}
    return corpus, signatures, segments


def score_files(
    hypothesis: str | os.PathLike[str],
    references: list[str | os.PathLike[str]],
    *,
    lang: str | None = None,
    metrics: tuple[str, ...] = METRICS,
) -> ScoreReport:
    """Score the hypothesis file against the reference files (same number of lines in each)."""
    if not references:
        raise UsageError("give at least one reference file")
    hyp_path = os.fspath(hypothesis)
    ref_paths = [os.fspath(r) for r in references]
    hyp_lines = read_lines(hyp_path, what="hypothesis file")
    ref_lines = [read_lines(p, what="reference file") for p in ref_paths]
    for path, lines in zip(ref_paths, ref_lines, strict=True):
        if len(lines) != len(hyp_lines):
            raise InputError(
                f"has {len(lines)} line(s) but the hypothesis {hyp_path} has {len(hyp_lines)}",
                path=path,
                hint="the files must be aligned line by line: one segment per line, in the same order",
            )
    if lang is not None:
        code, source = parse_lang(lang), "option"
    else:
        code, source = detect_lang([line for lines in ref_lines for line in lines]), "detected"
    corpus, signatures, segments = score_segments(hyp_lines, ref_lines, lang=code, metrics=metrics)
    scored = {s.line for s in segments}
    blank = tuple(n for n in range(1, len(hyp_lines) + 1) if n not in scored)
    return ScoreReport(
        hyp_path, tuple(ref_paths), code, source, metrics, corpus, signatures, segments, len(hyp_lines), blank
    )
