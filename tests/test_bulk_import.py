"""Importing into a memory that does not exist yet builds it aside and links it into place.

`tmkit.tm.tm_import` (and so `tmkit tm import`) takes this path for a new memory: the result must
be the memory an import through `Memory.open` gives, row for row, and the memory must appear only
complete: never half-built, never left behind by a failed import, never replacing one that
another process created meanwhile.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import SAMPLE, TMX_DIR, dump_memory, needs_shared, tmx, tu
from tmkit.errors import InputError
from tmkit.store import Memory, bulk
from tmkit.tm import tm_import


def through_open(db, files, **kw):
    with Memory.open(db) as m:
        return m.import_tmx(files, **kw).to_dict()


def leftovers(folder, *keep):
    """Files in `folder` other than `keep` (temporary files, -wal, -journal ...)."""
    return sorted(set(os.listdir(folder)) - {os.path.basename(k) for k in keep})


def files_for_test():
    names = ["heartsome_en-US_zh-CN_inline-tags.tmx", "catalyst_utf16le-bom_props.tmx", "omegat_tmx11_lang-attr.tmx"]
    return [TMX_DIR / n for n in names] if TMX_DIR.is_dir() else []


@pytest.mark.parametrize("policy", ["keep", "skip", "update"])
def test_new_memory_is_the_same_as_through_open(tmp_path, write, policy):
    body = (
        tu("Hello", "你好", "1")
        + tu("Hello", "你好", "1")
        + '<tu tuid="2"><tuv xml:lang="en"><seg>x</seg></tuv></tu>\n<tu tuid="3"></tu>'
        + tu("a &amp; b", "甲", None, ' creationdate="bad"')
    )
    files = [write("a.tmx", tmx(body)), SAMPLE]
    expected = through_open(tmp_path / "open.db", files, on_duplicate=policy)
    folder = tmp_path / "new"
    folder.mkdir()
    db = folder / "m.db"
    report = tm_import(db, files, on_duplicate=policy).to_dict()
    assert report == expected
    assert dump_memory(db) == dump_memory(tmp_path / "open.db")
    assert dump_memory(db)["journal"] == ("wal",)
    assert leftovers(folder, db) == []


@needs_shared
def test_new_memory_from_real_files_is_the_same_as_through_open(tmp_path):
    files = [SAMPLE, *files_for_test()]
    expected = through_open(tmp_path / "open.db", files, on_duplicate="keep")
    assert tm_import(tmp_path / "new.db", files, on_duplicate="keep").to_dict() == expected
    assert dump_memory(tmp_path / "new.db") == dump_memory(tmp_path / "open.db")


def test_failed_import_into_a_new_memory_leaves_no_file(tmp_path, write):
    good = write("good.tmx", tmx(tu("Hello", "你好", "1")))
    broken = write("broken.tmx", tmx(tu("a", "甲", "2") + "<tu><tuv xml:lang='en'><seg>x</tuv></tu>"))
    folder = tmp_path / "new"
    folder.mkdir()
    db = folder / "m.db"
    with pytest.raises(InputError) as exc:
        tm_import(db, [good, broken], on_duplicate="keep")
    assert exc.value.path == str(broken)
    assert leftovers(folder) == []


def test_interrupted_import_into_a_new_memory_leaves_no_file(tmp_path, write):
    path = write("a.tmx", tmx("".join(tu(f"u{i}", "文", str(i)) for i in range(3000))))
    folder = tmp_path / "new"
    folder.mkdir()

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        tm_import(folder / "m.db", [path], progress=stop)
    assert leftovers(folder) == []


def test_strict_rollback_into_a_new_memory_leaves_an_empty_memory_as_before(tmp_path, write):
    path = write("a.tmx", tmx(tu("Hello", "你好", "1") + '<tu tuid="3"></tu>'))
    expected = through_open(tmp_path / "open.db", [path], strict=True)
    folder = tmp_path / "new"
    folder.mkdir()
    db = folder / "m.db"
    assert tm_import(db, [path], strict=True).to_dict() == expected
    assert dump_memory(db) == dump_memory(tmp_path / "open.db")
    assert leftovers(folder, db) == []


def test_failed_import_into_an_existing_memory_leaves_it_unchanged(tmp_path, write):
    db = tmp_path / "m.db"
    tm_import(db, [write("seed.tmx", tmx(tu("Hello", "你好", "1")))])
    before = dump_memory(db)
    broken = write("broken.tmx", tmx(tu("a", "甲", "2") + "<tu><tuv xml:lang='en'><seg>x</tuv></tu>"))
    with pytest.raises(InputError):
        tm_import(db, [broken])
    assert dump_memory(db) == before
    assert not [name for name in os.listdir(tmp_path) if ".import-" in name]


def test_a_concurrent_reader_sees_no_memory_until_it_is_complete(tmp_path, write):
    path = write("a.tmx", tmx("".join(tu(f"u{i}", "文", str(i)) for i in range(3000))))
    db = tmp_path / "m.db"
    seen = []

    def look(done, total):
        seen.append(os.path.exists(db))
        with pytest.raises(Exception, match="no memory"):
            Memory.open(db, create=False)

    tm_import(db, [path], on_duplicate="keep", progress=look)
    assert seen and not any(seen)
    with Memory.open(db, create=False) as m:
        assert m.stats().units == 3000


def test_a_memory_created_meanwhile_is_imported_into_not_replaced(tmp_path, write):
    path = write("a.tmx", tmx("".join(tu(f"u{i}", "文", str(i)) for i in range(3000))))
    other = write("other.tmx", tmx(tu("Other", "其他", "x")))
    db = tmp_path / "m.db"
    created = []

    def create_it(done, total):
        if not created:
            created.append(tm_import(db, [other]))  # another process gets there first

    report = tm_import(db, [path], on_duplicate="keep", progress=create_it)
    assert report.total("created") == 3000
    with Memory.open(db, create=False) as m:
        assert m.stats().units == 3001
        assert m.conn.execute("SELECT tuid FROM units ORDER BY id LIMIT 1").fetchone() == ("x",)
    assert leftovers(tmp_path, db, path, other) == []


def test_not_built_aside_when_a_log_of_a_deleted_memory_is_left(tmp_path):
    db = tmp_path / "m.db"
    assert bulk.can_build_new(str(db))
    (tmp_path / "m.db-wal").write_bytes(b"")
    assert not bulk.can_build_new(str(db))
    assert not bulk.can_build_new(str(tmp_path / "missing-folder" / "m.db"))


def test_new_memory_has_the_permissions_sqlite_gives(tmp_path, write):
    path = write("a.tmx", tmx(tu("Hello", "你好", "1")))
    old = os.umask(0o027)
    try:
        tm_import(tmp_path / "new.db", [path])
        with Memory.open(tmp_path / "open.db"):
            pass
    finally:
        os.umask(old)
    assert (tmp_path / "new.db").stat().st_mode & 0o777 == (tmp_path / "open.db").stat().st_mode & 0o777 == 0o640
