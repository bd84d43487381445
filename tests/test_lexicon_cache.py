"""The prepared CC-CEDICT cache (tmkit.align.lexicon): what a later process reads from it is
exactly what the parse gives, and a cache that cannot be used is ignored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tmkit.align import lexicon as lx

_CACHED = (
    lx._cache_key,
    lx._word_sets,
    lx._entries,
    lx._prepare,
    lx.pinyin_syllables,
    lx.cedict_gloss_words,
    lx.cedict_english_words,
    lx.load_cedict,
    lx._readings_table,
    lx.char_readings,
)


def _forget() -> None:
    """What a new process starts with: nothing read yet (the parse itself stays cached)."""
    for f in _CACHED:
        f.cache_clear()


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("TMKIT_CACHE_DIR", str(tmp_path / "cache"))
    _forget()
    yield tmp_path / "cache"
    _forget()


def _everything() -> tuple[object, ...]:
    c = lx.load_cedict()
    return (lx.pinyin_syllables(), lx.cedict_gloss_words(), lx.cedict_english_words(), c._glosses, c.max_len)


def test_cache_written_then_read_gives_the_parse(fresh: Path) -> None:
    first = _everything()
    names = sorted(p.name for p in fresh.iterdir())
    assert len(names) == 2
    assert names[0].startswith("cedict-") and names[0].endswith("-entries.marshal")
    assert names[1].startswith("cedict-") and names[1].endswith("-words.marshal")
    _forget()
    again = _everything()
    assert again[:3] == first[:3]
    assert again[3] == first[3] and list(again[3]) == list(first[3])  # same headwords in the same order
    assert again[4] == first[4]
    entries, syllables, long_glosses = lx._parsed()
    assert again[0] == syllables
    assert again[1] == lx._gloss_words(entries)
    assert again[2] == lx._english_words(entries, long_glosses)
    assert "xiao" in again[0] and "women" in again[1]
    assert lx.load_cedict().senses("病毒")[0] == "virus"
    # each headword's senses: its gloss strings split on "/" one by one, in file order
    cedict = lx.load_cedict()
    for word, glosses in entries.items():
        assert cedict.senses(word) == [g for gloss in glosses for g in gloss.rstrip("/").split("/") if g]
    assert again[4] == max(len(w) for w in entries)


def test_prepared_set_built_once(fresh: Path) -> None:
    calls = []

    def build() -> frozenset[str]:
        calls.append(1)
        return frozenset({"women", "change"})

    assert lx.prepared_set("test-set-1", build) == {"women", "change"}
    assert lx.prepared_set("test-set-1", build) == {"women", "change"}
    assert len(calls) == 1
    assert sum("-test-set-1-" in p.name for p in fresh.iterdir()) == 1


def test_damaged_cache_is_ignored(fresh: Path) -> None:
    first = _everything()
    for p in fresh.iterdir():
        p.write_bytes(b"not marshal")
    _forget()
    assert _everything()[:3] == first[:3]
    assert lx.load_cedict()._glosses == first[3]


def test_unwritable_cache_folder_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("TMKIT_CACHE_DIR", str(blocker / "sub"))  # a folder under a file: cannot be made
    _forget()
    try:
        syllables = lx.pinyin_syllables()
        assert syllables == lx._parsed()[1]
        assert lx.load_cedict().senses("病毒")[0] == "virus"
        assert not os.path.exists(blocker / "sub")
    finally:
        _forget()


def test_char_readings_from_the_table_are_pypinyin_s(fresh: Path) -> None:
    table = lx._readings_table()
    assert table is not None and len(table) > 20_000
    assert any(p.name.endswith(".marshal") and "-readings-" in p.name for p in fresh.iterdir())
    for ch in "单肖文交行乐重长了的":
        assert lx.char_readings(ch) == lx._pypinyin_readings(ch)
    assert lx.char_readings("单") == ("dan", "chan", "shan")
    assert lx.char_readings("a") == ()  # not in the table: asked of pypinyin
    _forget()
    assert lx._readings_table() == table  # read back from the cache


def test_prepare_caches_writes_every_prepared_file(fresh: Path) -> None:
    from tmkit.qa import prepare_caches
    from tmkit.qa.checks import names, numbers, variants

    derived = (names._english_vocabulary, numbers._plain_words, variants._stems)
    for f in derived:
        f.cache_clear()
    try:
        prepare_caches()
        kinds = sorted(p.name.split("-", 2)[2].split("-")[0] for p in fresh.iterdir())
        assert kinds == ["entries.marshal", "names", "numbers", "readings", "variants", "words.marshal"]
        assert "women" in names._english_vocabulary()
        assert "五金" in numbers._plain_words()[0] and "五月" not in numbers._plain_words()[0]
    finally:
        for f in derived:
            f.cache_clear()
