"""Concordance search (`tmkit.concordance`, `tmkit search`) on real memories: the project's five CAS
releases (memories/releases.tmx) and the Tatoeba EN/ZH corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from conftest import FIXTURES, ROOT, needs_shared, tmx, tu
from typer.testing import CliRunner

from tmkit import concordance
from tmkit.cli.app import app
from tmkit.errors import UsageError
from tmkit.store.memory import Memory
from tmkit.text.fold import fold_lower, is_word_char

RELEASES = ROOT / "memories" / "releases.tmx"
TATOEBA = FIXTURES / "corpora" / "tatoeba_cmn-eng.tsv"
runner = CliRunner()


def _index(memory: Memory) -> None:
    conn = memory.conn
    conn.execute("BEGIN IMMEDIATE")
    concordance.clear(conn)
    concordance.add(conn, conn.execute("SELECT id, lang, text FROM variants ORDER BY id").fetchall())
    conn.execute("COMMIT")


def _brute(memory: Memory, query: str) -> int:
    """The oracle, a plain scan: texts whose folded, lower-cased form (spaces collapsed) contains
    the folded query at a place where no Latin letter or digit goes on before its first one."""

    def norm(text: str) -> str:
        return " ".join(fold_lower(text).split())

    needle = norm(query)
    count = 0
    for (text,) in memory.conn.execute("SELECT text FROM variants"):
        folded = norm(text)
        at = folded.find(needle)
        while at >= 0 and is_word_char(needle[0]) and at > 0 and is_word_char(folded[at - 1]):
            at = folded.find(needle, at + 1)
        count += at >= 0
    return count


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("search") / "releases.db"
    memory = Memory.open(db)
    memory.import_tmx([RELEASES])
    _index(memory)
    yield memory
    memory.close()


@pytest.fixture(scope="module")
def tatoeba(tmp_path_factory: pytest.TempPathFactory):
    if not TATOEBA.is_file():
        pytest.skip("../shared/fixtures/corpora/tatoeba_cmn-eng.tsv is absent (it exists in CI and dev machines)")
    folder = tmp_path_factory.mktemp("tatoeba")
    rows = [line.rstrip("\n").split("\t")[:2] for line in TATOEBA.read_text(encoding="utf-8").splitlines()]
    path = folder / "tatoeba.tmx"
    path.write_text(tmx("\n".join(tu(escape(en), escape(zh)) for en, zh in rows)), encoding="utf-8")
    memory = Memory.open(folder / "tatoeba.db")
    memory.import_tmx([path])
    _index(memory)
    yield memory
    memory.close()


# -- the releases ----------------------------------------------------------------------------------


def test_one_han_character(releases: Memory) -> None:
    r = concordance.search(releases.conn, "科", limit=5)
    assert (r.total, r.total_exact, r.method) == (43, True, "short")
    assert _brute(releases, "科") == 43
    assert [h.unit_id for h in r.hits] == [56, 54, 53, 52, 51]
    assert all(h.lang == "zh-CN" for h in r.hits)
    assert [[h.text[a:b] for a, b in h.spans] for h in r.hits[:2]] == [["科"], ["科", "科"]]
    assert r.hits[1].spans == ((9, 10), (31, 32))


def test_two_han_characters(releases: Memory) -> None:
    r = concordance.search(releases.conn, "科学", limit=100)
    assert (r.total, r.method) == (19, "short")
    assert [h.unit_id for h in r.hits][:8] == [56, 50, 49, 45, 43, 34, 31, 30]
    first = r.hits[0]
    assert first.text == "希望双方能够围绕北京市科学技术研究院未来的重点发展方向达成共识。"
    assert first.spans == ((11, 13),)
    assert first.translations[0][0] == "en"
    assert first.translation.startswith("It is hoped that the two parties can reach a consensus")
    assert first.origin == "releases.tmx"


def test_four_han_characters(releases: Memory) -> None:
    r = concordance.search(releases.conn, "科技合作", limit=100)
    assert (r.total, r.method) == (14, "trigram")
    assert [h.unit_id for h in r.hits] == [49, 47, 41, 34, 33, 26, 21, 20, 19, 14, 12, 11, 8, 3]
    assert r.hits[1].text == "双方签署科技合作协议。"
    assert r.hits[1].spans == ((4, 8),)
    assert r.hits[1].translation == "The two sides signed the SciTech cooperation agreement."


def test_english_phrase_with_translation(releases: Memory) -> None:
    r = concordance.search(releases.conn, "Belt and Road")
    assert r.total == 1
    (hit,) = r.hits
    assert (hit.unit_id, hit.lang, hit.spans) == (44, "en", ((255, 268),))
    assert hit.text[255:268] == "Belt and Road"
    assert "“一带一路”" in hit.translation
    assert hit.tuid == "2021-08-02-xinjiang-poly-union:12"


def test_case_and_width_insensitive(releases: Memory) -> None:
    conn = releases.conn
    for query in ("belt and road", "ＢＥＬＴ ａｎｄ Road", "Belt  and\tRoad"):
        r = concordance.search(conn, query)
        assert [(h.unit_id, h.spans) for h in r.hits] == [(44, ((255, 268),))], query
    # the texts write People’s with a curly apostrophe; a straight one finds them, and the span
    # covers the stored characters
    r = concordance.search(conn, "People's Government", limit=10)
    assert r.total == _brute(releases, "People's Government") == 3
    assert [(h.unit_id, h.text[slice(*h.spans[0])]) for h in r.hits] == [
        (31, "People’s Government"),
        (22, "People’s Government"),
        (10, "People’s Government"),
    ]
    assert concordance.search(conn, "cas").total == 8
    assert concordance.search(conn, "CAS", case_sensitive=True).total == 8
    assert concordance.search(conn, "cas", case_sensitive=True).total == 0


def test_substring_and_phrase_modes(releases: Memory) -> None:
    conn = releases.conn
    text = concordance.search(conn, "academ", limit=100)
    assert text.total == _brute(releases, "academ") == 11
    # a hit starts at the start of a word: "cadem" is not found inside "academy"
    assert concordance.search(conn, "cadem").total == 0
    assert concordance.search(conn, "academ", mode="phrase").total == 0
    whole = concordance.search(conn, "Academy", mode="phrase", limit=100)
    words = sum(
        1 for (t,) in conn.execute("SELECT text FROM variants") if re.search(r"(?<![^\W_])academy(?![^\W_])", t.lower())
    )
    assert whole.total == words == 9


def test_short_latin_query_is_a_whole_word(releases: Memory) -> None:
    r = concordance.search(releases.conn, "of", limit=1000)
    expected = sum(
        1
        for (t,) in releases.conn.execute("SELECT text FROM variants")
        if re.search(r"(?<![^\W_])of(?![^\W_])", t.lower())
    )
    assert (r.total, r.method) == (expected, "short")
    assert expected == 37
    for h in r.hits:
        for a, b in h.spans:
            assert h.text[a:b].lower() == "of"
            assert (a == 0 or not is_word_char(h.text[a - 1])) and (b == len(h.text) or not is_word_char(h.text[b]))


def test_sides_and_languages(releases: Memory) -> None:
    conn = releases.conn
    assert concordance.search(conn, "中科院", side="target").total == 1
    assert concordance.search(conn, "中科院", side="source").total == 0
    assert concordance.search(conn, "CAS", side="target").total == 0
    assert concordance.search(conn, "CAS", side="source").total == 8
    # the other way round: Chinese as the source language
    r = concordance.search(conn, "中科院", side="source", src_lang="zh", tgt_lang="en")
    assert r.total == 1 and r.hits[0].translations[0][0] == "en"


def test_regex(releases: Memory) -> None:
    conn = releases.conn
    r = concordance.search(conn, r"\d{4}年", mode="regex")
    assert (r.total, r.method) == (1, "short")  # narrowed by the literal 年
    assert r.hits[0].unit_id == 20 and r.hits[0].text[slice(*r.hits[0].spans[0])] == "2021年"
    r = concordance.search(conn, r"belt and (road|river)", mode="regex")
    assert (r.total, r.method) == (1, "trigram")
    assert r.hits[0].spans == ((255, 268),)
    r = concordance.search(conn, r"\d{2,}", mode="regex", limit=100)  # no literal: a bounded scan
    expected = sum(1 for (t,) in conn.execute("SELECT text FROM variants") if re.search(r"\d{2,}", t))
    assert (r.total, r.method, r.complete) == (expected, "scan", True)
    assert expected == 13
    with pytest.raises(UsageError, match="not a valid regular expression"):
        concordance.search(conn, "(unclosed", mode="regex")


def test_regex_literals_narrow_only_when_required(releases: Memory) -> None:
    conn = releases.conn
    # an optional letter: "academ" and "y" are both required literals, the longer one is used
    r = concordance.search(conn, r"academ(y|ies)?", mode="regex", limit=100)
    assert (r.total, r.method) == (11, "trigram")
    # alternatives at the top level: no literal is required, so every text is read
    r = concordance.search(conn, r"BJAST|中科院", mode="regex", limit=100)
    assert (r.total, r.method) == (6, "scan")
    assert sorted(h.text[slice(*h.spans[0])] for h in r.hits) == ["BJAST"] * 5 + ["中科院"]


def test_bounded_scan_and_count(releases: Memory, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = releases.conn
    monkeypatch.setattr(concordance, "SCAN_CAP", 10)
    r = concordance.search(conn, r"\d{2,}", mode="regex")
    assert (r.method, r.complete, r.total_exact) == ("scan", False, False)
    assert r.note.startswith("the index cannot narrow this query, so only the 10 most recent texts were read")
    monkeypatch.setattr(concordance, "COUNT_CANDIDATES", 20)
    r = concordance.search(conn, "科", limit=5)  # 43 hits; the count stops after 20 candidates
    assert (r.total, r.total_exact, r.complete, len(r.hits)) == (20, False, True, 5)


def test_empty_query_is_a_usage_error(releases: Memory) -> None:
    for query in ("", "   "):
        with pytest.raises(UsageError, match="empty"):
            concordance.search(releases.conn, query)


def test_paging(releases: Memory) -> None:
    conn = releases.conn
    all_hits = [h.variant_id for h in concordance.search(conn, "合作", limit=100).hits]
    assert len(all_hits) == 40
    page = concordance.search(conn, "合作", limit=10, offset=10)
    assert [h.variant_id for h in page.hits] == all_hits[10:20]
    assert page.total == 40


# -- stale ids ---------------------------------------------------------------------------------------


def test_stale_and_reused_ids(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    path.write_text(
        tmx(tu("Dark matter halo", "暗物质晕", tuid="a") + "\n" + tu("Solar wind", "太阳风", tuid="b")),
        encoding="utf-8",
    )
    with Memory.open(tmp_path / "m.db") as memory:
        memory.import_tmx([path])
        _index(memory)
        conn = memory.conn
        (vid,) = conn.execute("SELECT id FROM variants WHERE text = 'Dark matter halo'").fetchone()
        assert [h.variant_id for h in concordance.search(conn, "matter").hits] == [vid]
        # the id now holds another text (as when an update deletes a variant and the id is reused):
        # the old text's index entries are stale, and the id is indexed again
        conn.execute("UPDATE variants SET text = 'Solar flare' WHERE id = ?", (vid,))
        assert concordance.search(conn, "matter").total == 0
        concordance.add(conn, [(vid, "en-US", "Solar flare")])
        assert concordance.search(conn, "matter").total == 0
        assert [h.variant_id for h in concordance.search(conn, "solar").hits] == [vid + 2, vid]
        assert [h.variant_id for h in concordance.search(conn, "flare").hits] == [vid]
        # a deleted variant is never a hit
        conn.execute("DELETE FROM variants WHERE id = ?", (vid + 3,))
        assert concordance.search(conn, "太阳风").total == 0
        assert concordance.search(conn, "太阳").total == 0
        assert concordance.search(conn, "暗物质").total == 1


def test_update_import_then_search_cli(tmp_path: Path) -> None:
    """A real update import (the unit's variants are replaced), then `tmkit search` sees the new
    text only."""
    db = tmp_path / "m.db"
    first = tmp_path / "v1.tmx"
    first.write_text(tmx(tu("The probe reached orbit", "探测器进入轨道", tuid="p1")), encoding="utf-8")
    second = tmp_path / "v2.tmx"
    second.write_text(tmx(tu("The lander reached orbit", "着陆器进入轨道", tuid="p1")), encoding="utf-8")
    assert runner.invoke(app, ["--db", str(db), "tm", "import", "-q", str(first)]).exit_code == 0
    res = runner.invoke(app, ["--db", str(db), "search", "探测", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["total"] == 1
    res = runner.invoke(app, ["--db", str(db), "tm", "import", "-q", "--on-duplicate", "update", str(second)])
    assert res.exit_code == 0, res.output
    assert json.loads(runner.invoke(app, ["--db", str(db), "search", "探测", "--json"]).output)["total"] == 0
    data = json.loads(runner.invoke(app, ["--db", str(db), "search", "着陆", "--json"]).output)
    assert data["total"] == 1 and data["hits"][0]["matches"] == ["着陆"]
    assert data["hits"][0]["translations"] == [{"lang": "en-US", "text": "The lander reached orbit"}]


# -- Tatoeba -----------------------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    ("query", "total", "method"),
    [
        ("猫", 76, "short"),
        ("电脑", 31, "short"),
        ("喜欢", 719, "short"),
        ("我不知道", 137, "trigram"),
        ("Tom is", 507, "pairs"),
        ("I don't know", 107, "pairs"),
        ("i don’t know", 107, "pairs"),
        ("Boston", 114, "trigram"),
    ],
)
def test_tatoeba_counts(tatoeba: Memory, query: str, total: int, method: str) -> None:
    r = concordance.search(tatoeba.conn, query, limit=50)
    assert (r.total, r.total_exact, r.method) == (total, True, method)
    assert _brute(tatoeba, query) == total
    needle = fold_lower(query)
    assert all(fold_lower(h.text[a:b]) == needle for h in r.hits for a, b in h.spans)
    ids = [h.variant_id for h in r.hits]
    assert ids == sorted(ids, reverse=True)


@needs_shared
def test_tatoeba_common_character_count_is_capped(tatoeba: Memory) -> None:
    r = concordance.search(tatoeba.conn, "的", limit=3)
    assert (r.total, r.total_exact, r.complete) == (concordance.COUNT_CAP, False, True)
    assert _brute(tatoeba, "的") == 7774
    assert r.hits[0].text == "如果一个人在成人前没有机会习得目标语言，他对该语言的认识达到母语者程度的机会是相当小的。"
    assert r.hits[0].spans == ((25, 26), (35, 36), (42, 43))
    assert r.hits[0].translation.startswith("If a person has not had a chance")


# -- the command -------------------------------------------------------------------------------------


@pytest.fixture
def releases_db(tmp_path: Path) -> str:
    db = tmp_path / "r.db"
    res = runner.invoke(app, ["--db", str(db), "tm", "import", "-q", str(RELEASES)])
    assert res.exit_code == 0, res.output
    return str(db)


def test_cli_text_output(releases_db: str) -> None:
    res = runner.invoke(app, ["--db", releases_db, "search", "科学", "--limit", "2"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "19 hits for '科学' (text, both; newest first: 1-2)"
    assert lines[2] == "unit 56  zh-CN  releases.tmx  -"
    assert lines[3] == "  希望双方能够围绕北京市[[科学]]技术研究院未来的重点发展方向达成共识。"
    assert lines[4].startswith("  en: It is hoped that the two parties")


def test_cli_options(releases_db: str) -> None:
    res = runner.invoke(app, ["--db", releases_db, "search", "cas", "--target", "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["total"] == 0
    res = runner.invoke(app, ["--db", releases_db, "search", "CAS", "--in", "source", "--case-sensitive", "--json"])
    data = json.loads(res.output)
    assert (data["total"], data["side"], data["hits"][0]["matches"]) == (8, "source", ["CAS"])
    res = runner.invoke(app, ["--db", releases_db, "search", "academ", "--phrase", "--json"])
    assert json.loads(res.output)["total"] == 0
    res = runner.invoke(app, ["--db", releases_db, "search", r"\d{4}年", "--regex", "--json"])
    assert json.loads(res.output)["hits"][0]["matches"] == ["2021年"]
    res = runner.invoke(
        app, ["--db", releases_db, "search", "中科院", "--src-lang", "zh", "--tgt-lang", "en", "--source"]
    )
    assert res.exit_code == 0 and res.output.startswith("1 hit for '中科院'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", ""], "empty"),
        (["search", "("], None),  # not a regex without --regex: found as text, no error
        (["search", "(", "--regex"], "not a valid regular expression"),
        (["search", "x", "--source", "--target"], "choose one of"),
        (["search", "x", "--phrase", "--regex"], "do not go together"),
        (["search", "x", "--in", "left"], "--in left"),
    ],
)
def test_cli_errors(releases_db: str, args: list[str], message: str | None) -> None:
    res = runner.invoke(app, ["--db", releases_db, *args])
    if message is None:
        assert res.exit_code == 0, res.output
    else:
        assert res.exit_code == 2
        assert message in res.output


def test_cli_missing_memory(tmp_path: Path) -> None:
    res = runner.invoke(app, ["--db", str(tmp_path / "none.db"), "search", "x"])
    assert res.exit_code == 4
    assert "no memory at" in res.output
