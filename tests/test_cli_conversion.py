"""tmkit.cli.app converts plain option values itself instead of through typer's pydantic
converters (start-up time). The values, and every error, must be what typer's own conversion
gives: each invocation below runs both ways and must print the same and exit the same."""

from __future__ import annotations

import importlib

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tmkit.cli.app import app
from tmkit.tm import tm_import

app_module = importlib.import_module("tmkit.cli.app")  # (tmkit.cli.app the name is the Typer app)

RELEASE = ROOT / "memories" / "releases" / "2021-08-02-xinjiang-poly-union"
runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("conv")
    db = tmp / "tm.db"
    tm_import(db, [ROOT / "memories" / "releases.tmx"])
    hyp = tmp / "hyp.txt"
    ref = tmp / "ref.txt"
    hyp.write_text("The two sides signed an agreement.\nA meeting was held.\n", encoding="utf-8")
    ref.write_text("The two sides signed the agreement.\nThe meeting was held.\n", encoding="utf-8")
    return {"db": str(db), "hyp": str(hyp), "ref": str(ref), "out": str(tmp / "out.tmx")}


INVOCATIONS = [
    ["match", "The two sides signed the Sci-Tech cooperation agreement.", "--min", "60", "--limit", "2", "--json"],
    ["match", "The two sides signed the agreement.", "--min", "abc"],
    ["match", "The two sides signed the agreement.", "--limit", "0"],
    ["search", "科学", "--limit", "2", "--target", "--json"],
    ["search", "Sci-Tech", "-n", "1", "--offset", "1", "--phrase"],
    ["search", "科[学", "--regex"],
    ["tm", "stats", "--json"],
    ["tm", "export", "{out}", "--lang-style", "zh-Hans", "-s", "en", "--json"],
    ["tm", "export", "{out}", "--lang-style", "klingon"],
    ["tm", "export", "{out}", "--since", "yesterday"],
    ["term", "一带一路", "-n", "1", "--json"],
    ["term", "科技", "--examples", "2", "-n", "3"],
    ["term", "科技", "--limit", "many"],
    ["analyze", str(RELEASE) + ".en.txt", "-f", "json"],
    ["analyze", str(RELEASE) + ".en.txt", "--format", "yaml"],
    ["score", "{hyp}", "{ref}", "--metrics", "bleu,chrf", "--segments"],
    ["score", "{hyp}", "{ref}", "-l", "zh", "--worst", "1"],
    [
        "qa",
        str(RELEASE) + ".en.txt",
        "-f",
        "json",
        "--fail-on",
        "never",
        "--enable",
        "typography",
        "--disable",
        "names",
    ],
    ["qa", str(RELEASE) + ".en.txt", "--fail-on", "sometimes"],
    ["qa", "--parallel", str(RELEASE) + ".en.txt", str(RELEASE) + ".zh.txt", "--input-format", "text", "-f", "junit"],
    ["segment", str(RELEASE) + ".zh.txt", "--lang", "zh"],
    ["tm", "validate", "{out}", "--strict"],
    ["qa", str(RELEASE) + ".en.txt", "-f", "json", "--fail-on", "never", "--jobs", "2"],
    ["qa", str(RELEASE) + ".en.txt", "--jobs", "0"],
    ["qa", str(RELEASE) + ".en.txt", "--jobs", "two"],
    ["qa", str(RELEASE) + ".en.txt", "--jobs", "007", "-f", "json", "--fail-on", "never"],
    ["match", "The two sides signed the agreement.", "--limit", "101"],
    ["match", "The two sides signed the agreement.", "--limit", "+3"],
]


def _run(args: list[str], files: dict[str, str]):
    argv = ["--db", files["db"], *[a.format(**files) for a in args]]
    result = runner.invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", INVOCATIONS, ids=[" ".join(a[:3]) for a in INVOCATIONS])
def test_same_as_typer_conversion(args, files, monkeypatch):
    ours = _run(args, files)
    monkeypatch.setattr(app_module, "build_runtime_param", None)  # typer converts everything
    theirs = _run(args, files)
    assert ours == theirs
    assert ours[0] in (0, 1, 2, 3)  # ran (or failed as a usage error), never crashed
