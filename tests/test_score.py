"""`tmkit score`: BLEU/chrF/TER with sacrebleu, the language-dependent settings, inputs and the CLI."""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

import pytest
import sacrebleu
from typer.testing import CliRunner

from tests.conftest import FIXTURES, ROOT, needs_shared
from tmkit import score as lib
from tmkit.cli.app import app
from tmkit.errors import InputError, UsageError

RELEASES = ROOT / "memories" / "releases"
ZH_RELEASE = RELEASES / "2021-08-02-xinjiang-poly-union.zh.txt"
EN_RELEASE = RELEASES / "2021-08-02-xinjiang-poly-union.en.txt"
TATOEBA = FIXTURES / "corpora" / "tatoeba_cmn-eng.tsv"

runner = CliRunner()


def write(path: Path, lines: list[str], *, newline: str = "\n", bom: bool = False) -> Path:
    data = newline.join(lines) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))
    return path


def tatoeba_groups(by: int) -> list[tuple[str, list[str]]]:
    """Sentences of column `by` (0 English, 1 Chinese) with their translations, in file order."""
    groups: dict[str, list[str]] = defaultdict(list)
    with open(TATOEBA, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            groups[row[by]].append(row[1 - by])
    return list(groups.items())


# --- hand-checked values ---------------------------------------------------------------------


def test_identical_files_score_perfectly_on_a_real_release():
    for path in (ZH_RELEASE, EN_RELEASE):
        report = lib.score_files(path, [path])
        assert report.corpus["bleu"].score == pytest.approx(100.0)
        assert report.corpus["chrf"].score == 100.0
        assert report.corpus["ter"].score == 0.0
        # The releases have a blank line between paragraphs: left out of the per-segment scores.
        assert report.lines == 15 and report.blank_lines == (2, 4, 6, 8, 10, 12, 14)
        assert [s.line for s in report.segments] == [1, 3, 5, 7, 9, 11, 13, 15]
        assert all(s.scores["chrf"] == 100.0 and s.scores["ter"] == 0.0 for s in report.segments)
        assert all(s.scores["bleu"] == pytest.approx(100.0) for s in report.segments)
    assert lib.score_files(ZH_RELEASE, [ZH_RELEASE]).lang == "zh"
    assert lib.score_files(EN_RELEASE, [EN_RELEASE]).lang == "en"


def test_english_pair_checked_by_hand(tmp_path):
    # hyp "the cat sat on the mat" / ref "the cat sat on a mat": clipped n-gram precisions 5/6,
    # 3/5, 2/4, 1/3, equal lengths (BP 1): BLEU = (5/6 * 3/5 * 1/2 * 1/3) ** (1/4) = (1/12) ** 0.25.
    # TER: one substitution (the -> a) over 6 reference words.
    hyp = write(tmp_path / "hyp.txt", ["the cat sat on the mat"])
    ref = write(tmp_path / "ref.txt", ["the cat sat on a mat"])
    report = lib.score_files(hyp, [ref])
    assert report.lang == "en" and report.lang_source == "detected"
    bleu = report.corpus["bleu"]
    assert bleu.score == pytest.approx(100 * (1 / 12) ** 0.25)
    assert round(bleu.score, 2) == 53.73
    assert bleu.detail["precisions"] == pytest.approx([100 * 5 / 6, 60.0, 50.0, 100 / 3])
    assert bleu.detail["bp"] == 1.0
    assert "tok:13a" in bleu.signature and "eff:no" in bleu.signature
    assert report.corpus["ter"].score == pytest.approx(100 / 6)
    assert report.corpus["ter"].detail == {"num_edits": 1.0, "ref_length": 6.0}
    seg = report.segments[0]
    assert seg.scores["bleu"] == pytest.approx(100 * (1 / 12) ** 0.25)
    assert "tok:13a" in report.segment_signatures["bleu"] and "eff:yes" in report.segment_signatures["bleu"]


def test_chinese_pair_checked_by_hand_uses_the_zh_tokenizer(tmp_path):
    # Tatoeba's 汤姆没有时间。 with 有 dropped. zh tokenizer: one token per Han character.
    # hyp 6 tokens, ref 7: precisions 6/6, 4/5, 2/4, 0/3 (smoothed 'exp': 1/(2*3));
    # BP = exp(1 - 7/6). TER with asian support: one insertion over 7 characters.
    hyp = write(tmp_path / "hyp.txt", ["汤姆没时间。"])
    ref = write(tmp_path / "ref.txt", ["汤姆没有时间。"])
    report = lib.score_files(hyp, [ref])
    assert report.lang == "zh"
    expected = 100 * math.exp(1 - 7 / 6) * (1 * 0.8 * 0.5 * (1 / 6)) ** 0.25
    assert report.corpus["bleu"].score == pytest.approx(expected)
    assert round(report.corpus["bleu"].score, 2) == 43.01
    assert "tok:zh" in report.corpus["bleu"].signature
    assert "tok:zh" in report.segment_signatures["bleu"]
    assert report.corpus["ter"].score == pytest.approx(100 / 7)
    assert "asian:yes" in report.corpus["ter"].signature and "norm:yes" in report.corpus["ter"].signature
    # The same pair scored as if it were English: 13a leaves the sentence as one token, no match.
    as_en = lib.score_files(hyp, [ref], lang="en")
    assert as_en.lang_source == "option"
    assert as_en.corpus["bleu"].score == 0.0
    assert "tok:13a" in as_en.corpus["bleu"].signature
    assert as_en.corpus["ter"].score == 100.0


def test_full_width_and_half_width_are_different_characters(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["汤姆有3本书,"])
    ref = write(tmp_path / "ref.txt", ["汤姆有３本书，"])
    report = lib.score_files(hyp, [ref])
    # 3 vs ３ and , vs ，: 5 of 7 tokens match; not normalised by any metric.
    assert report.corpus["bleu"].detail["precisions"][0] == pytest.approx(100 * 5 / 7)
    assert report.corpus["chrf"].score < 100.0


# --- against sacrebleu called directly, on real data -----------------------------------------


@needs_shared
def test_chinese_multi_reference_matches_sacrebleu_on_tatoeba(tmp_path):
    # English sentences with three Chinese translations: the first is the draft, the others the references.
    groups = [zhs for _, zhs in tatoeba_groups(0) if len(zhs) >= 3]
    assert len(groups) >= 100
    hyps = [g[0] for g in groups]
    refs1 = [g[1] for g in groups]
    refs2 = [g[2] for g in groups]
    h = write(tmp_path / "hyp.zh.txt", hyps)
    r1 = write(tmp_path / "ref1.zh.txt", refs1)
    r2 = write(tmp_path / "ref2.zh.txt", refs2)
    report = lib.score_files(h, [r1, r2])
    assert report.lang == "zh" and len(report.segments) == len(groups)
    bleu = sacrebleu.corpus_bleu(hyps, [refs1, refs2], tokenize="zh")
    chrf = sacrebleu.corpus_chrf(hyps, [refs1, refs2])
    ter = sacrebleu.corpus_ter(hyps, [refs1, refs2], normalized=True, asian_support=True)
    assert report.corpus["bleu"].score == bleu.score
    assert report.corpus["chrf"].score == chrf.score
    assert report.corpus["ter"].score == ter.score
    assert report.corpus["bleu"].signature.startswith("nrefs:2|") and "tok:zh" in report.corpus["bleu"].signature
    for i in (0, 17, len(groups) - 1):
        seg = report.segments[i]
        assert seg.references == (refs1[i], refs2[i])
        assert seg.scores["bleu"] == sacrebleu.sentence_bleu(hyps[i], [refs1[i], refs2[i]], tokenize="zh").score
        assert seg.scores["chrf"] == sacrebleu.sentence_chrf(hyps[i], [refs1[i], refs2[i]]).score


@needs_shared
def test_english_matches_sacrebleu_on_tatoeba(tmp_path):
    groups = [ens for _, ens in tatoeba_groups(1) if len(ens) >= 2]
    assert len(groups) >= 100
    hyps = [g[0] for g in groups]
    refs = [g[1] for g in groups]
    report = lib.score_files(write(tmp_path / "hyp.txt", hyps), [write(tmp_path / "ref.txt", refs)])
    assert report.lang == "en"
    assert report.corpus["bleu"].score == sacrebleu.corpus_bleu(hyps, [refs], tokenize="13a").score
    assert report.corpus["chrf"].score == sacrebleu.corpus_chrf(hyps, [refs]).score
    assert report.corpus["ter"].score == sacrebleu.corpus_ter(hyps, [refs]).score
    assert "tok:13a" in report.corpus["bleu"].signature and "asian:no" in report.corpus["ter"].signature
    worst = report.worst(5)
    chrfs = sorted(sacrebleu.sentence_chrf(hh, [rr]).score for hh, rr in zip(hyps, refs, strict=True))
    assert [s.scores["chrf"] for s in worst] == chrfs[:5]


# --- inputs ----------------------------------------------------------------------------------


def test_crlf_bom_and_final_newline_do_not_change_the_segments(tmp_path):
    lines = ["汤姆觉得饿了。", "", "汤姆没有时间。"]
    plain = write(tmp_path / "a.txt", lines)
    crlf = write(tmp_path / "b.txt", lines, newline="\r\n", bom=True)
    assert lib.read_lines(plain, what="file") == lines
    assert lib.read_lines(crlf, what="file") == lines
    no_final = tmp_path / "c.txt"
    no_final.write_text("\n".join(lines), encoding="utf-8")
    assert lib.read_lines(no_final, what="file") == lines
    report = lib.score_files(crlf, [plain])
    assert report.lines == 3 and report.blank_lines == (2,) and [s.line for s in report.segments] == [1, 3]


def test_an_untranslated_line_is_a_segment_scoring_zero(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["汤姆觉得饿了。", "", "汤姆没有时间。"])
    ref = write(tmp_path / "ref.txt", ["汤姆觉得饿了。", "汤姆跟着我。", "汤姆没有时间。"])
    report = lib.score_files(hyp, [ref])
    assert report.blank_lines == ()
    missing = report.segments[1]
    assert missing.line == 2 and missing.scores == {"bleu": 0.0, "chrf": 0.0, "ter": 100.0}
    assert report.worst(1)[0].line == 2


def test_line_count_mismatch_names_both_files_and_counts(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["one", "two", "three"])
    ref = write(tmp_path / "ref.txt", ["one", "two"])
    with pytest.raises(InputError) as e:
        lib.score_files(hyp, [ref])
    msg = str(e.value)
    assert str(ref) in msg and str(hyp) in msg and "2 line(s)" in msg and "has 3" in msg


def test_empty_file_is_refused(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["one"])
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as e:
        lib.score_files(hyp, [empty])
    assert str(empty) in str(e.value) and "empty" in str(e.value)


def test_non_utf8_file_reports_line_and_byte_offset(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["汤姆", "没有"])
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("Tom\n汤姆没有时间\n".encode("gbk"))
    with pytest.raises(InputError) as e:
        lib.score_files(hyp, [gbk])
    assert e.value.line == 2 and e.value.column == 1
    assert "byte offset 4" in str(e.value) and str(gbk) in str(e.value)


def test_xml_files_are_refused_with_a_hint(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["x"])
    tmx = tmp_path / "ref.tmx"
    tmx.write_text("<tmx/>", encoding="utf-8")
    with pytest.raises(InputError, match="plain text"):
        lib.score_files(hyp, [tmx])


def test_options_are_validated():
    assert lib.parse_metrics("ter, BLEU") == ("bleu", "ter")
    with pytest.raises(UsageError, match="meteor"):
        lib.parse_metrics("bleu,meteor")
    assert lib.parse_lang("zh-Hans-CN") == "zh" and lib.parse_lang("en_GB") == "en"
    with pytest.raises(UsageError):
        lib.parse_lang("fr")
    assert lib.detect_lang(["CAS 与保利联合签署科技合作协议"]) == "zh"
    assert lib.detect_lang(["The Xinjiang Branch of CAS (新疆分院) signed"]) == "en"


# --- CLI -------------------------------------------------------------------------------------


def test_cli_default_prints_corpus_scores_and_signatures(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["汤姆没时间。", "汤姆觉得饿了。"])
    ref = write(tmp_path / "ref.txt", ["汤姆没有时间。", "汤姆觉得饿了。"])
    result = runner.invoke(app, ["score", str(hyp), str(ref)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("(1 reference, 2 segments, target zh detected from the references)")
    assert lines[1].startswith("BLEU ") and "tok:zh" in lines[1]
    assert lines[2].startswith("chrF2 ") and "nc:6|nw:0" in lines[2]
    assert lines[3].startswith("TER ") and "asian:yes" in lines[3]
    assert len(lines) == 4


def test_cli_json_has_corpus_segments_and_signatures(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["the cat sat on the mat", "hello world"])
    ref = write(tmp_path / "ref.txt", ["the cat sat on a mat", "hello world"])
    result = runner.invoke(app, ["score", str(hyp), str(ref), "--json", "--worst", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lang"] == "en" and data["lang_source"] == "detected"
    assert data["metrics"] == ["bleu", "chrf", "ter"] and data["segments_count"] == 2
    assert data["lines"] == 2 and data["blank_lines"] == []
    assert set(data["corpus"]) == {"bleu", "chrf", "ter"}
    assert "tok:13a" in data["corpus"]["bleu"]["signature"]
    assert "eff:yes" in data["segment_signatures"]["bleu"]
    first = data["segments"][0]
    assert first["line"] == 1 and first["references"] == ["the cat sat on a mat"]
    assert first["bleu"] == pytest.approx(100 * (1 / 12) ** 0.25)
    assert first["ter"] == pytest.approx(100 / 6)
    assert data["segments"][1]["chrf"] == 100.0
    assert data["worst"] == [1]


def test_cli_segments_worst_and_metrics(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["汤姆很兴奋。", "汤姆觉得饿了。", "汤姆流血了。"])
    ref = write(tmp_path / "ref.txt", ["汤姆兴奋不已。", "汤姆觉得饿了。", "汤姆在流血。"])
    result = runner.invoke(app, ["score", str(hyp), str(ref), "--metrics", "chrf", "--segments", "--worst", "2"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "BLEU" not in out and "TER" not in out
    assert "line   chrF2  hypothesis" in out
    assert "   2  100.00  汤姆觉得饿了。" in out
    worst_part = out.split("The 2 lowest by chrF:")[1]
    assert worst_part.index("line 1:") < worst_part.index("line 3:") and "line 2:" not in worst_part
    assert "  ref: 汤姆兴奋不已。" in worst_part
    assert "Sentence-level signatures:" in out


def test_cli_errors_exit_codes(tmp_path):
    hyp = write(tmp_path / "hyp.txt", ["a", "b"])
    ref = write(tmp_path / "ref.txt", ["a"])
    r = runner.invoke(app, ["score", str(hyp), str(ref)])
    assert r.exit_code == 3 and "has 1 line(s) but the hypothesis" in r.output
    ok_ref = write(tmp_path / "ok.txt", ["a", "b"])
    r = runner.invoke(app, ["score", str(hyp), str(ok_ref), "--metrics", "bleu,rouge"])
    assert r.exit_code == 2 and "rouge" in r.output
    r = runner.invoke(app, ["score", str(hyp), str(ok_ref), "--lang", "de"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["score", str(hyp), str(ok_ref), "--metrics", "bleu", "--worst", "1"])
    assert r.exit_code == 2 and "chrf" in r.output
