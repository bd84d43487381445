"""`tmkit score HYP REF [REF...]`: BLEU, chrF and TER of a draft against reference translations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tmkit import score as lib
from tmkit.cli.output import handle_errors, out, print_json

_LABELS = {"bleu": "BLEU", "chrf": "chrF2", "ter": "TER"}


def _fmt(value: float) -> str:
    return f"{value:6.2f}"


def _header(report: lib.ScoreReport) -> str:
    n = len(report.reference_paths)
    refs = ", ".join(report.reference_paths)
    nb = len(report.blank_lines)
    blank = f" and {nb} blank line{'s' if nb != 1 else ''}" if nb else ""
    how = "from --lang" if report.lang_source == "option" else "detected from the references"
    return (
        f"{report.hypothesis_path} against {refs} ({n} reference{'s' if n != 1 else ''}, "
        f"{len(report.segments)} segment{'s' if len(report.segments) != 1 else ''}{blank}, target {report.lang} {how})"
    )


def _corpus_lines(report: lib.ScoreReport) -> list[str]:
    lines = []
    for m in report.metrics:
        c = report.corpus[m]
        extra = ""
        if m == "bleu":
            p = "/".join(f"{x:.1f}" for x in c.detail["precisions"])
            extra = f"  ({p}, BP {c.detail['bp']:.3f}, hyp_len {c.detail['sys_len']}, ref_len {c.detail['ref_len']})"
        lines.append(f"{_LABELS[m]:<6}{_fmt(c.score)}  {c.signature}{extra}")
    return lines


def _segment_table(report: lib.ScoreReport, segments: list[lib.SegmentScore]) -> list[str]:
    head = "line  " + "  ".join(f"{_LABELS[m]:>6}" for m in report.metrics) + "  hypothesis"
    rows = [head]
    for s in segments:
        nums = "  ".join(_fmt(s.scores[m]) for m in report.metrics)
        rows.append(f"{s.line:>4}  {nums}  {s.hypothesis}")
    return rows


def _signatures(report: lib.ScoreReport) -> list[str]:
    return [f"  {_LABELS[m]:<6}{report.segment_signatures[m]}" for m in report.metrics]


@handle_errors
def score_command(
    hypothesis: Annotated[
        Path,
        typer.Argument(
            metavar="HYP", help="The draft: plain text, UTF-8 (BOM and CRLF accepted), one segment per line."
        ),
    ],
    references: Annotated[
        list[Path],
        typer.Argument(
            metavar="REF",
            help="One or more reference translations, each with as many lines as HYP, in the same order.",
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANG",
            help="Target language: en or zh (en-US, zh-CN, zh-Hans... work too). "
            "Default: zh when most letters of the references are Han characters, else en.",
            show_default=False,
        ),
    ] = None,
    metrics: Annotated[
        str,
        typer.Option("--metrics", "-m", metavar="LIST", help="Comma-separated metrics to compute: bleu, chrf, ter."),
    ] = "bleu,chrf,ter",
    segments: Annotated[
        bool, typer.Option("--segments", help="Also print the per-segment scores, one line per segment.")
    ] = False,
    worst: Annotated[
        int | None,
        typer.Option(
            "--worst",
            metavar="N",
            min=1,
            help="Also print the N segments with the lowest chrF, with their references (needs chrf in --metrics).",
            show_default=False,
        ),
    ] = None,
    json_: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON object: corpus scores, per-segment scores and every signature."),
    ] = False,
) -> None:
    """Score a draft against reference translations: BLEU, chrF and TER (sacrebleu), each with its signature."""
    chosen = lib.parse_metrics(metrics)
    report = lib.score_files(hypothesis, list(references), lang=lang, metrics=chosen)
    worst_segments = report.worst(worst) if worst is not None else None
    if json_:
        print_json(report.to_dict(worst=worst))
        return
    out(_header(report))
    for line in _corpus_lines(report):
        out(line)
    if segments:
        out()
        out("Per segment (sentence-level signatures below):")
        for line in _segment_table(report, report.segments):
            out(line)
    if worst_segments is not None:
        out()
        out(f"The {len(worst_segments)} lowest by chrF:")
        for s in worst_segments:
            nums = "  ".join(f"{_LABELS[m]} {s.scores[m]:.2f}" for m in report.metrics)
            out(f"line {s.line}: {nums}")
            out(f"  hyp: {s.hypothesis}")
            for i, ref in enumerate(s.references, 1):
                label = "ref" if len(s.references) == 1 else f"ref{i}"
                out(f"  {label}: {ref}")
    if segments or worst_segments is not None:
        out()
        out("Sentence-level signatures:")
        for line in _signatures(report):
            out(line)
