"""The text checks' texts listed once per run (Document.run_texts) give what the walk over the
segments gives, and the list lives only while the runner runs the checks."""

from __future__ import annotations

import pytest
from conftest import ROOT

from tmkit.glossary.io import load_glossary
from tmkit.qa.base import TextCheck
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.registry import all_checks
from tmkit.qa.runner import run_qa, select_checks


def _doc() -> Document:
    doc = Document("d.tmx", "tmx")
    rows = [
        ("Gu'an and Gu’an , the  SciTech  (CAS)", "en", "固安和固安，中国科学院 (CAS)", "zh-CN"),
        ("【Print】 10,000 people~20", "en-GB", "1.2万人", "zh-TW"),
        ("Bonjour  le monde ,", "fr", None, None),
        ('没有目标 "引号"', "zh-CN", "no target here  ,", "en"),
        ("Chinese Academy of Science in 2020.", "en", "2020 年", "zh"),
    ]
    for k, (a, la, b, lb) in enumerate(rows):
        sid = f"s{k}"
        tgt = Text(b, lb, "d.tmx", k + 1, 1, sid, "target") if b is not None else None
        doc.segments.append(Segment(sid, Text(a, la, "d.tmx", k + 1, 1, sid, "source"), tgt))
    return doc


def _key(f) -> tuple:
    return (f.check, f.message, f.location.line, f.location.column, f.location.side, f.location.text)


def test_text_checks_see_the_same_texts_either_way() -> None:
    ctx = QAContext(glossary=load_glossary(str(ROOT / "glossary")).glossary)
    checks = [c for c in select_checks(ctx.config, [c.id for c in all_checks()]) if isinstance(c, TextCheck)]
    assert checks
    doc = _doc()
    walked = [[_key(f) for f in c.run(doc, ctx)] for c in checks]
    assert any(walked)
    doc = _doc()  # fresh text caches
    doc.run_texts = {}
    listed = [[_key(f) for f in c.run(doc, ctx)] for c in checks]
    assert listed == walked
    # one list per distinct `langs`, each in document order
    assert set(doc.run_texts) == {c.langs for c in checks}
    for langs, texts in doc.run_texts.items():
        assert texts == [t for t in doc.texts() if langs is None or t.family in langs]


def test_the_list_lives_only_during_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc()
    seen = []
    ctx = QAContext()
    result = run_qa([doc], ctx)
    assert result.findings and doc.run_texts is None
    check = next(c for c in all_checks() if c.id == "typo-double-space")
    assert issubclass(check, TextCheck)

    def boom(self, text, ctx):
        seen.append(doc.run_texts is not None)
        raise RuntimeError("boom")

    monkeypatch.setattr(check, "check_text", boom)
    with pytest.raises(RuntimeError):
        run_qa([doc], ctx, only=[check.id])
    assert seen == [True]
    assert doc.run_texts is None
