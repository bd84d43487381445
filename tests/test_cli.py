"""The CLI through typer's runner: exit codes, text and JSON output, config resolution."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE, fixture, needs_shared, tmx, tu
from tmkit.cli import app


def run(runner, *args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


def test_version(runner):
    r = run(runner, "--version")
    assert r.exit_code == 0 and r.stdout.strip() == "tmkit 0.1.0"


def test_main_job_on_the_bundled_sample(runner, db, tmp_path):
    r = run(runner, "--db", db, "tm", "import", SAMPLE)
    assert r.exit_code == 0, r.output
    assert "39 units read: 39 created, 0 updated, 0 unchanged, 0 skipped, 0 failed" in r.stdout
    r = run(runner, "--db", db, "tm", "stats")
    assert r.exit_code == 0
    assert "units: 39  segments: 78" in r.stdout
    assert "en -> zh-CN: 39" in r.stdout
    out = tmp_path / "out.tmx"
    r = run(runner, "--db", db, "tm", "export", out, "--no-timestamps")
    assert r.exit_code == 0 and f"wrote 39 units (78 segments) to {out}" in r.stdout
    r = run(runner, "tm", "validate", out)
    assert r.exit_code == 0 and "valid: TMX 1.4, 39 units, 0 errors, 0 warnings" in r.stdout
    again = run(runner, "--db", db, "tm", "import", out, "--on-duplicate", "update")
    assert "0 created, 0 updated, 39 unchanged" in again.stdout


def test_import_json(runner, db):
    r = run(runner, "--db", db, "tm", "import", SAMPLE, "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["totals"]["created"] == 39 and data["policy"] == "skip" and data["rolled_back"] is False
    assert data["files"][0]["origin"] == "cas-releases-sample.tmx"


def test_failed_units_exit_1_and_strict_says_nothing_imported(runner, db, write):
    bad = write("bad.tmx", tmx(tu("ok", "好") + '<tu tuid="x"><tuv><seg>no lang</seg></tuv></tu>'))
    r = run(runner, "--db", db, "tm", "import", bad)
    assert r.exit_code == 1
    assert f"{bad}:5: tuid=x error [no-lang]" in r.stdout
    r = run(runner, "--db", db, "tm", "import", bad, "--strict", "--on-duplicate", "keep")
    assert r.exit_code == 1
    assert "--strict: 1 units failed, so nothing was imported" in r.stderr


def test_unreadable_input_exit_3_memory_unchanged(runner, db, write):
    run(runner, "--db", db, "tm", "import", SAMPLE)
    r = run(runner, "--db", db, "tm", "import", write("broken.tmx", "<tmx><body>"))
    assert r.exit_code == 3
    assert "nothing was imported, the memory is unchanged" in r.stderr
    assert "units: 39 " in run(runner, "--db", db, "tm", "stats").stdout


def test_usage_errors_exit_2(runner, db):
    assert run(runner, "--db", db, "tm", "import", SAMPLE, "--on-duplicate", "merge").exit_code == 2
    assert run(runner, "--db", db, "tm", "import", SAMPLE, "--bare-zh", "en").exit_code == 2
    run(runner, "--db", db, "tm", "import", SAMPLE)
    assert run(runner, "--db", db, "tm", "export", "x.tmx", "--since", "last week").exit_code == 2
    assert run(runner, "--db", db, "tm", "export", "x.tmx", "--lang-style", "chinese").exit_code == 2


def test_store_errors_exit_4(runner, tmp_path):
    r = run(runner, "--db", tmp_path / "missing.db", "tm", "stats")
    assert r.exit_code == 4 and "no memory at" in r.stderr
    r = run(runner, "--db", tmp_path / "no" / "such" / "dir.db", "tm", "import", SAMPLE)
    assert r.exit_code == 4 and "folder" in r.stderr


def test_stats_json(runner, db):
    run(runner, "--db", db, "tm", "import", SAMPLE)
    data = json.loads(run(runner, "--db", db, "tm", "stats", "--json").stdout)
    assert (data["units"], data["variants"], data["schema_version"]) == (39, 78, 2)
    assert data["languages"] == {"en": 39, "zh-CN": 39}
    assert data["pairs"] == [{"source": "en", "target": "zh-CN", "units": 39}]


def test_export_lang_style_and_filters(runner, db, tmp_path):
    run(runner, "--db", db, "tm", "import", SAMPLE)
    out = tmp_path / "hans.tmx"
    r = run(runner, "--db", db, "tm", "export", out, "-s", "en", "-t", "zh", "--lang-style", "zh-Hans", "--json")
    assert json.loads(r.stdout)["units"] == 39
    assert out.read_text("utf-8").count('xml:lang="zh-Hans"') == 39
    r = run(runner, "--db", db, "tm", "export", tmp_path / "none.tmx", "-s", "en", "-t", "fr", "--json")
    assert json.loads(r.stdout)["units"] == 0


def test_export_gz_is_deterministic(runner, db, tmp_path):
    run(runner, "--db", db, "tm", "import", SAMPLE)
    a, b = tmp_path / "a.tmx.gz", tmp_path / "b.tmx.gz"
    run(runner, "--db", db, "tm", "export", a, "--no-timestamps")
    run(runner, "--db", db, "tm", "export", b, "--no-timestamps")
    assert a.read_bytes() == b.read_bytes() and a.read_bytes()[:2] == b"\x1f\x8b"


def test_db_resolution_env_then_toml_then_default(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TMKIT_DB", raising=False)
    run(runner, "tm", "import", SAMPLE)
    assert (tmp_path / "tmkit.db").exists()
    (tmp_path / "tmkit.toml").write_text('db = "data/from-toml.db"\n')
    (tmp_path / "data").mkdir()
    run(runner, "tm", "import", SAMPLE)
    assert (tmp_path / "data" / "from-toml.db").exists()
    monkeypatch.setenv("TMKIT_DB", str(tmp_path / "from-env.db"))
    run(runner, "tm", "import", SAMPLE)
    assert (tmp_path / "from-env.db").exists()
    run(runner, "--db", tmp_path / "from-option.db", "tm", "import", SAMPLE)
    assert (tmp_path / "from-option.db").exists()


def test_bare_zh_from_toml(runner, tmp_path, monkeypatch, write):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TMKIT_DB", raising=False)
    (tmp_path / "tmkit.toml").write_text('bare_zh = "zh-TW"\n')
    body = '<tu><tuv xml:lang="en"><seg>big</seg></tuv><tuv xml:lang="zh"><seg>大</seg></tuv></tu>'
    run(runner, "tm", "import", write("z.tmx", tmx(body)))
    data = json.loads(run(runner, "tm", "stats", "--json").stdout)
    assert "zh-TW" in data["languages"]


def test_broken_toml_is_usage_error(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TMKIT_DB", raising=False)
    (tmp_path / "tmkit.toml").write_text("db = \n")
    r = run(runner, "tm", "stats")
    assert r.exit_code == 2 and "not valid TOML" in r.stderr


@needs_shared
def test_validate_exit_codes(runner, write):
    ok = run(runner, "tm", "validate", fixture("tico19_en-zh_documents.tmx"))
    assert ok.exit_code == 0
    warn = run(runner, "tm", "validate", fixture("catalyst_utf16le-bom_props.tmx"), "--strict")
    assert warn.exit_code == 1 and "[seg-padding]" in warn.stdout
    empty = run(runner, "tm", "validate", fixture("empty.tmx"))
    assert empty.exit_code == 3 and "empty file" in empty.stderr
    bad = write(
        "bad.tmx", '<tmx version="1.4"><header/><body><tu><tuv><seg>x</seg><seg>y</seg></tuv></tu></body></tmx>'
    )
    r = run(runner, "tm", "validate", bad, "--json")
    assert r.exit_code == 1
    rules = {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert {"header-attribute", "tuv-lang", "tuv-seg", "content-model", "single-tuv"} <= rules


@needs_shared
def test_import_all_fixtures_from_cli_counts(runner, db):
    names = [
        "heartsome_en-US_zh-CN_inline-tags.tmx",
        "catalyst_utf16le-bom_props.tmx",
        "lisa_compkit_all-attributes.tmx",
    ]
    r = run(runner, "--db", db, "tm", "import", *[fixture(n) for n in names], "--on-duplicate", "keep", "--json")
    assert json.loads(r.stdout)["totals"]["created"] == 314 + 1715 + 1


@pytest.mark.parametrize("group", [[], ["tm"]])
def test_help_lists_commands(runner, group):
    r = run(runner, *group, "--help")
    assert r.exit_code == 0
    for name in ["tm"] if not group else ["import", "export", "validate", "stats"]:
        assert name in r.stdout
