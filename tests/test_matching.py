"""tmkit.matching: the fuzzy index finds exactly what a scan with the same score finds; it is kept
current by imports and rebuilt by reindex; `tmkit match` on the command line."""

from __future__ import annotations

import json
import random
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein
from typer.testing import CliRunner

from tests.conftest import FIXTURES, ROOT, needs_shared
from tmkit import memindex
from tmkit.cli.app import app
from tmkit.fuzzy import profile
from tmkit.matching import (
    Matcher,
    Vocabulary,
    _keys_of,
    _pair_key,
    _query_keys,
    bucket_of,
    bucket_range,
    detect_family,
    scan_lookup,
    upper_bound,
)
from tmkit.store.memory import Memory
from tmkit.tm import tm_import, tm_reindex

RELEASES = ROOT / "memories" / "releases.tmx"
runner = CliRunner()


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    db = tmp_path_factory.mktemp("rel") / "tm.db"
    tm_import(db, [RELEASES])
    return db


def _tmx(path, pairs, srclang="en"):
    units = "\n".join(
        f'<tu tuid="{i}"><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv></tu>'
        for i, (en, zh) in pairs
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
        f'segtype="sentence" o-tmf="t" adminlang="en" srclang="{srclang}" datatype="plaintext"/>'
        f"<body>\n{units}\n</body></tmx>\n",
        encoding="utf-8",
    )
    return path


def _perturb_en(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(rng.randint(0, 3)):
        op = rng.randrange(3)
        i = rng.randrange(len(words))
        if op == 0:
            words[i] = rng.choice(["new", "the", "Beijing", "2022", "research"])
        elif op == 1 and len(words) > 2:
            del words[i]
        else:
            words.insert(i, rng.choice(["also", "the", "jointly"]))
    return " ".join(words)


def _perturb_zh(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 4)):
        i = rng.randrange(len(chars))
        chars[i] = rng.choice("的科学新院")
    return "".join(chars)


def _check_same_as_scan(db, queries, min_score):
    conn = sqlite3.connect(db)
    m = Matcher(conn)
    for q, src, tgt in queries:
        got = m.candidates(profile(q), src, tgt, min_score=min_score, limit=5)
        want = scan_lookup(conn, q, src, tgt, min_score=min_score, limit=5)
        assert [c.score.value for c in got] == [c.score.value for c in want], q
        # equal scores aside, the same segments
        assert {c.variant_id for c in got if c.score.value > (want[-1].score.value if want else 0)} == {
            c.variant_id for c in want if c.score.value > (want[-1].score.value if want else 0)
        }


def test_index_finds_what_a_scan_finds_repetitive_chinese(tmp_path):
    """Segments of five characters, with many repeated pairs (occurrence numbers, candidates
    counted both by binary search and on the tally): the index still finds what the scan finds."""
    rng = random.Random(11)
    alphabet = "科学院新的"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 45))) for _ in range(250)]
    db = tmp_path / "rep.db"
    tm_import(db, [_tmx(tmp_path / "rep.tmx", [(i, (f"Segment {i}.", t)) for i, t in enumerate(texts)])])
    queries = [(_perturb_zh(rng.choice(texts), rng), "zh-CN", "en") for _ in range(40)]
    queries += [("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 45))), "zh-CN", "en") for _ in range(12)]
    for min_score in (50, 70, 90):
        _check_same_as_scan(db, queries, min_score)


@pytest.mark.parametrize("min_score", [50, 70, 90])
def test_index_finds_what_a_scan_finds_releases(releases, min_score):
    conn = sqlite3.connect(releases)
    rows = conn.execute("SELECT text, lang FROM variants ORDER BY id").fetchall()
    rng = random.Random(7)
    queries = []
    for text, lang in rows:
        if lang.startswith("en"):
            queries.append((_perturb_en(text, rng), "en", "zh-CN"))
        else:
            queries.append((_perturb_zh(text, rng), "zh-CN", "en"))
    _check_same_as_scan(releases, queries, min_score)


@needs_shared
def test_index_finds_what_a_scan_finds_tatoeba(tmp_path):
    lines = (FIXTURES / "corpora" / "tatoeba_cmn-eng.tsv").read_text(encoding="utf-8").splitlines()
    from xml.sax.saxutils import escape

    pairs = []
    for i, line in enumerate(lines[:4000]):
        cols = line.split("\t")
        pairs.append((i, (escape(cols[0]), escape(cols[1]))))
    db = tmp_path / "tat.db"
    tm_import(db, [_tmx(tmp_path / "t.tmx", pairs)])
    rng = random.Random(3)
    queries = []
    for _ in range(60):
        _i, (en, zh) = rng.choice(pairs)
        queries.append((_perturb_en(en, rng).replace("&amp;", "&"), "en", "zh-CN"))
        queries.append((_perturb_zh(zh, rng), "zh-CN", "en"))
    # short segments: a low threshold reads whole length buckets
    _check_same_as_scan(db, queries, 70)
    _check_same_as_scan(db, queries[:30], 50)


def test_lookup_returns_translation_diffs_and_penalties(releases):
    conn = sqlite3.connect(releases)
    got = Matcher(conn).lookup("The two sides signed the Sci-Tech cooperation agreement.")
    assert [(m.value, m.target) for m in got[:1]] == [(87.5, "双方签署科技合作协议。")]
    m = got[0]
    assert m.source == "The two sides signed the SciTech cooperation agreement."
    assert [(d.tag, m.source[d.b_start : d.b_end]) for d in m.diffs] == [("replace", "SciTech")]
    assert m.origin == "releases.tmx"
    got = Matcher(conn).lookup("新疆分院与保利联合签署科技合作协议", "zh-CN", "en", min_score=95)
    assert [(m.value, m.score.penalties) for m in got] == [(100.0, ())]


def test_context_match_is_101(releases):
    conn = sqlite3.connect(releases)
    rows = conn.execute(
        "SELECT u.id, v.text FROM units u JOIN variants v ON v.unit_id = u.id AND v.lang = 'en' ORDER BY u.id"
    ).fetchall()
    (_u0, prev), (_u1, text), (_u2, nxt) = rows[10:13]
    m = Matcher(conn)
    assert m.lookup(text, "en", "zh-CN", context=(prev, nxt))[0].value == 101.0
    assert m.lookup(text, "en", "zh-CN", context=(prev, "Something else entirely."))[0].value == 100.0
    assert m.lookup(text, "en", "zh-CN")[0].value == 100.0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcde"), min_size=0, max_size=12),
    st.lists(st.sampled_from("abcdef"), min_size=0, max_size=12),
)
def test_upper_bound_is_an_upper_bound(a, b):
    ka = _query_keys([ord(c) for c in a])
    kb = _query_keys([ord(c) for c in b])
    g = sum(min(w, kb.get(k, 0)) for k, w in ka.items())
    n = max(len(a), len(b))
    base = 100.0 if n == 0 else 100.0 * (n - Levenshtein.distance(a, b)) / n
    assert base <= upper_bound(len(a), len(b), g) + 1e-9


def test_index_keys_are_the_query_keys():
    """The keys `_keys_of` files a segment under (numpy, in bulk) are the keys a lookup of the
    same text asks for (Python, one query), repeated pairs numbered alike."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE fuzzy_vocab (word TEXT PRIMARY KEY, id INTEGER)")
    vocab = Vocabulary(conn)
    texts = [
        (1, "zh-CN", "科学院科学院科学院与科学院签署协议"),
        (2, "en", "The the the Sci-Tech agreement, signed in 2021 and 2022."),
        (3, "zh-CN", ""),
        (4, "zh-CN", "院"),
        (5, "zh-CN", "的" * 40),
    ]
    keys, owners, v_ids, v_lens = _keys_of(texts, vocab)
    for vid, lang, text in texts:
        fam_id, ids = vocab.lookup(profile(text).words, "zh" if lang.startswith("zh") else "en")
        bucket = bucket_of(len(ids))
        want = {(fam_id << 57) | (bucket << 49)}  # the key listing the whole bucket
        want |= {(fam_id << 57) | low for low in _query_keys(ids)}  # one list per pair, any length
        assert set(keys[owners == vid].tolist()) == want, text
        assert v_lens[v_ids == vid].tolist() == [len(ids)]
    # 39 pairs of 的·的 among 41 (the 32nd and later share occurrence number 31): one key of weight 8
    weights = _query_keys([7] * 40)
    assert max(weights.values()) == 8 and sum(weights.values()) == 41
    assert _pair_key(0, 7, 7, 31) in weights


def test_buckets_cover_every_length():
    for n in range(0, 3000):
        lo, hi = bucket_range(bucket_of(n))
        assert lo <= n <= hi


def test_detect_family():
    assert detect_family("中国科学院与深圳市签署协议") == "zh"
    assert detect_family("CAS 与 Shenzhen") == "en"  # 2 Han characters of 12 letters
    assert detect_family("The Chinese Academy of Sciences (中国科学院)") == "en"
    assert detect_family("12345") == "en"


def _postings(db):
    conn = sqlite3.connect(db)
    vocab = dict(conn.execute("SELECT id, word FROM fuzzy_vocab"))
    assert vocab  # ids differ between builds; compare through the words
    return conn.execute("SELECT count(*), sum(length(ids)) FROM fuzzy_postings").fetchone()


def test_incremental_import_equals_reindex(tmp_path):
    first = _tmx(tmp_path / "a.tmx", [(1, ("Scientists study the galaxy.", "科学家研究星系。"))])
    second = _tmx(
        tmp_path / "b.tmx",
        [(2, ("Scientists study the new galaxy.", "科学家研究新星系。")), (3, ("Hello.", "你好。"))],
    )
    db = tmp_path / "tm.db"
    tm_import(db, [first])
    conn = sqlite3.connect(db)
    assert Matcher(conn).lookup("Scientists study the new galaxy.")[0].value == 80.0
    tm_import(db, [second])
    assert Matcher(conn).lookup("Scientists study the new galaxy.")[0].value == 100.0
    incremental = _postings(db)
    tm_reindex(db)
    assert _postings(db) == incremental


def test_postings_merge_whatever_the_order_of_adds():
    """`add` appends new ids after the stored ones when they are higher (the usual import) and
    merges otherwise (ids reused after an update, a variant given twice): the stored lists are
    the same as one add of everything, sorted and without repeats."""
    from tmkit.fuzzy import words_of
    from tmkit.matching import add

    rows = [
        (vid, "zh-CN" if vid % 2 else "en", text)
        for vid, text in enumerate(
            [
                "科学家研究星系",
                "Scientists study the galaxy.",
                "科学家研究新星系",
                "Scientists study the new galaxy.",
                "科学科学科学",
                "the the the the",
                "研究星系",
                "Study the galaxy.",
            ],
            start=1,
        )
    ]

    def stored(batches):
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE fuzzy_vocab (word TEXT PRIMARY KEY, id INTEGER)")
        conn.execute("CREATE TABLE fuzzy_postings (key INTEGER PRIMARY KEY, ids BLOB NOT NULL)")
        vocab = Vocabulary(conn)  # the same word and family ids whatever order the adds come in
        vocab.family("zh")
        vocab.family("en")
        for _vid, _lang, text in rows:
            vocab.ids(words_of(text))
        vocab.flush()
        for batch in batches:
            add(conn, batch)
        return dict(conn.execute("SELECT key, ids FROM fuzzy_postings"))

    once = stored([rows])
    assert stored([rows[:4], rows[4:]]) == once  # ascending: appended
    assert stored([rows[4:], rows[:4]]) == once  # lower ids later: merged
    assert stored([rows[::2], rows[1::2]]) == once  # interleaved
    assert stored([rows, rows[2:5]]) == once  # the same variants again
    assert stored([rows[:3] + rows[:3], rows[3:]]) == once  # a variant twice in one batch


def test_update_import_matches_the_new_text(tmp_path):
    db = tmp_path / "tm.db"
    tm_import(db, [_tmx(tmp_path / "a.tmx", [(1, ("The team grew quickly.", "团队迅速壮大。"))])])
    changed = _tmx(tmp_path / "b.tmx", [(1, ("The team grew very quickly.", "团队非常迅速地壮大。"))])
    tm_import(db, [changed], on_duplicate="update")
    conn = sqlite3.connect(db)
    got = Matcher(conn).lookup("The team grew very quickly.")
    assert [(m.value, m.target) for m in got] == [(100.0, "团队非常迅速地壮大。")]


def test_word_counts_are_those_of_the_current_text(tmp_path):
    """A lookup bounds each candidate with its word count (one list per pair holds every length):
    the stored count of every variant is its text's, also after an update changed the text."""
    import numpy as np

    from tmkit.fuzzy import words_of

    db = tmp_path / "tm.db"
    tm_import(db, [_tmx(tmp_path / "a.tmx", [(1, ("The team grew quickly.", "团队迅速壮大。")), (2, ("Hi.", "嗨。"))])])
    changed = _tmx(tmp_path / "b.tmx", [(1, ("The team grew very quickly indeed.", "团队非常迅速地壮大。"))])
    tm_import(db, [changed], on_duplicate="update")
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, text FROM variants ORDER BY id").fetchall()
    got = Matcher(conn)._lengths(np.array([vid for vid, _t in rows], dtype=np.uint32), -1)
    assert got.tolist() == [len(words_of(text)) for _vid, text in rows]
    # an id the index has no count for (past the stored blocks) gets the query's length
    assert Matcher(conn)._lengths(np.array([1 << 20], dtype=np.uint32), 7).tolist() == [7]


def test_a_long_lived_matcher_sees_what_is_imported_later(tmp_path):
    """A Matcher keeps posting lists, sizes and word ids between lookups; an import by another
    connection, or a write through its own, makes it forget them."""
    db = tmp_path / "tm.db"
    tm_import(db, [_tmx(tmp_path / "a.tmx", [(1, ("The team grew quickly.", "团队迅速壮大。"))])])
    conn = sqlite3.connect(db)
    m = Matcher(conn)
    query = "The new team grew quickly this year."
    assert [x.target for x in m.lookup(query, min_score=50)] == ["团队迅速壮大。"]
    assert m._lists  # something was kept
    tm_import(db, [_tmx(tmp_path / "b.tmx", [(2, ("The new team grew quickly this year.", "新团队今年迅速壮大。"))])])
    got = m.lookup(query, min_score=50)
    assert [(x.value, x.target) for x in got] == [(100.0, "新团队今年迅速壮大。"), (57.14, "团队迅速壮大。")]
    conn.execute("DELETE FROM fuzzy_postings")
    conn.commit()
    assert m.lookup(query, min_score=50) == []


def test_no_index_import_catches_up_on_match(tmp_path):
    db = tmp_path / "tm.db"
    tm_import(db, [RELEASES], index=False)
    with Memory.open(db) as m:
        assert {s.name: s.behind for s in memindex.status(m.conn)}["fuzzy"] == 114
    result = runner.invoke(app, ["--db", str(db), "match", "The two sides signed the SciTech cooperation agreement."])
    assert result.exit_code == 0, result.output
    assert "indexed 114 segments" in result.stderr
    assert "1. 100%" in result.stdout
    with Memory.open(db) as m:
        assert all(s.current for s in memindex.status(m.conn))


def test_match_cli_text_and_json(releases):
    result = runner.invoke(
        app, ["--db", str(releases), "match", "The two sides signed the Sci-Tech cooperation agreement.", "--no-color"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "query: The two sides signed the Sci-Tech cooperation agreement."
    assert lines[1] == "  1. 87.5%  [unit 47, releases.tmx, -]"
    assert lines[2] == "     query:  The two sides signed the [[Sci-Tech]] cooperation agreement."
    assert lines[3] == "     source: The two sides signed the [[SciTech]] cooperation agreement."
    assert lines[4] == "     target: 双方签署科技合作协议。"
    result = runner.invoke(app, ["--db", str(releases), "match", "新疆分院与保利联合签署科技合作协议。", "--json"])
    data = json.loads(result.stdout)
    assert data["source_lang"] == "zh-CN" and data["target_lang"] == "en"
    best = data["matches"][0]
    assert (best["score"], best["penalties"]) == (99.0, [{"kind": "punctuation", "points": 1}])
    assert best["target"].startswith("Xinjiang Branch signed the SciTech cooperation agreement")


def test_match_cli_file_no_match_and_errors(releases, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("Completely unrelated words about cooking pasta.\n\n双方签署科技合作协议。\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", str(releases), "match", "--file", str(queries), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [len(d["matches"]) for d in data] == [0, 1]
    result = runner.invoke(app, ["--db", str(releases), "match", "Completely unrelated words about cooking pasta."])
    assert result.exit_code == 1
    assert "no match" in result.stdout
    # no memory: a store error (4), as for every command that reads one
    for args in (["match", "anything"], ["search", "anything"], ["tm", "reindex"], ["tm", "stats"]):
        result = runner.invoke(app, ["--db", str(tmp_path / "none.db"), *args])
        assert result.exit_code == 4, args
        assert f"no memory at {tmp_path / 'none.db'}" in result.stderr
        assert not (tmp_path / "none.db").exists()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["--db", str(releases), "match", "--file", str(empty)])
    assert result.exit_code == 3
    assert f"{empty}: an empty file (0 bytes)" in result.stderr


def test_index_in_another_format_is_rebuilt_not_read(tmp_path):
    db = tmp_path / "tm.db"
    tm_import(db, [RELEASES])
    conn = sqlite3.connect(db)
    # what an index written by another tmkit looks like: other keys, another format recorded
    conn.execute("UPDATE fuzzy_postings SET key = -key - 1")
    conn.execute("UPDATE index_state SET detail = '{\"format\": \"fuzzy-1\"}' WHERE name = 'fuzzy'")
    conn.commit()
    assert {s.name: s.behind for s in memindex.status(conn)} == {"fuzzy": 114, "concordance": 0}
    assert memindex.ensure(conn) == 114
    assert all(s.current for s in memindex.status(conn))
    got = Matcher(conn).lookup("The two sides signed the SciTech cooperation agreement.")
    assert [m.value for m in got[:1]] == [100.0]


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 70), st.sampled_from([1.0, 30.0, 50.0, 69.99, 70.0, 75.5, 90.0, 99.0, 100.0]))
def test_window_needs_are_the_fewest_shared_keys_the_bound_allows(a, min_score):
    """A lookup keeps a candidate of length b only with `need` shared keys: `need` must be the
    smallest g whose upper bound reaches the threshold (one higher could lose a match), and no
    length outside the window may reach it at all."""
    from tmkit.matching import _SLACK, _window

    def fewest(b):
        return next((g for g in range(a + 2) if upper_bound(a, b, g) >= min_score - _SLACK), a + 2)

    win = _window(a, min_score)
    reachable = [b for b in range(0, 3 * a + 3) if fewest(b) <= a + 1]
    if win is None:
        assert reachable == []
        return
    lo, hi, need, by_stored = win
    assert all(lo <= b <= hi for b in reachable)
    assert need.tolist() == [fewest(b) for b in range(lo, hi + 1)]
    # by stored word count (n + 1; 0 counts as the query's length; past the end: never)
    assert by_stored[0] == fewest(a) and by_stored[lo + 1] == need[0] and by_stored[-1] > a + 1


def test_a_query_longer_than_the_stored_word_counts_is_scanned(tmp_path):
    """Word counts are stored up to 65,534 words; a longer query is compared with every variant
    (no IndexError, the same answer as the scan)."""
    from tmkit.matching import _LEN_CAP

    db = tmp_path / "tm.db"
    tm_import(db, [_tmx(tmp_path / "a.tmx", [(1, ("The team grew quickly.", "团队迅速壮大。"))])])
    conn = sqlite3.connect(db)
    long_query = "word " * (_LEN_CAP + 1)
    assert Matcher(conn).candidates(profile(long_query), "en", "zh-CN", min_score=1) == scan_lookup(
        conn, long_query, "en", "zh-CN", min_score=1
    )
