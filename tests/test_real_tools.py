"""Proof with real tools: translate-toolkit and a real OmegaT read what tmkit exports."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import OMEGAT_CHECK, SAMPLE, fixture, needs_omegat, needs_shared
from tmkit.store import Memory

translate_tmx = pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is a test dependency")


@pytest.fixture
def exported(tmp_path):
    db = tmp_path / "m.db"
    out = tmp_path / "sample.tmx"
    with Memory.open(db) as m:
        m.import_tmx([SAMPLE])
        m.export_tmx(out, timestamps=False)
        english = [u.variant("en").text for u in m.iter_units()]
        chinese = [u.variant("zh-CN").text for u in m.iter_units()]
    return out, english, chinese


def test_translate_toolkit_reads_export_with_the_right_languages(exported):
    out, english, chinese = exported
    store = translate_tmx.tmxfile.parsefile(str(out))
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == 39
    assert [u.source for u in units] == english
    assert [u.target for u in units] == chinese
    assert store.getsourcelanguage() == "en"
    assert {tuple(_langs(u)) for u in units} == {("en", "zh-CN")}


@needs_shared
def test_translate_toolkit_reads_inline_code_export(tmp_path):
    db, out = tmp_path / "h.db", tmp_path / "h.tmx"
    with Memory.open(db) as m:
        m.import_tmx([fixture("heartsome_en-US_zh-CN_inline-tags.tmx")])
        m.export_tmx(out, timestamps=False)
    store = translate_tmx.tmxfile.parsefile(str(out))
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == 314
    assert {tuple(_langs(u)) for u in units} == {("en-US", "zh-CN")}
    assert any("的耳机" in u.target for u in units)  # the repaired mojibake


def _langs(unit):
    return [node.get("{http://www.w3.org/XML/1998/namespace}lang") for node in unit.getlanguageNodes()]


def _omegat(tmx_path, text_path, *flags):
    proc = subprocess.run(
        ["bash", str(OMEGAT_CHECK), *flags, str(tmx_path), str(text_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc


@needs_omegat
def test_omegat_translates_every_english_segment_from_the_export(exported, tmp_path):
    out, english, _ = exported
    source = tmp_path / "releases_en.txt"
    source.write_text("\n\n".join(english) + "\n", encoding="utf-8")
    proc = _omegat(out, source, "-s", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "translated 39 of 39 segments" in proc.stdout
    assert "translations found in target file target/releases_en.txt: 39" in proc.stdout


@needs_omegat
def test_omegat_reads_zh_hans_style_and_gz(exported, tmp_path):
    out, english, _ = exported
    db = tmp_path / "m.db"
    gz = tmp_path / "sample.tmx.gz"
    with Memory.open(db) as m:
        m.export_tmx(gz, lang_style="zh-Hans", timestamps=False)
    source = tmp_path / "part.txt"
    source.write_text("\n\n".join(english[:10]) + "\n", encoding="utf-8")
    proc = _omegat(gz, source, "-s", "en", "-t", "zh-CN")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "translated 10 of 10 segments" in proc.stdout
