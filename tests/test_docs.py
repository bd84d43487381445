"""Docs are part of the product: every command and option is in the CLI reference, every
validator rule and import issue code in its reference page, and the README's commands exist."""

from __future__ import annotations

import re

import pytest
import typer.main

from tests.conftest import ROOT
from tmkit.cli import app

DOCS = ROOT / "docs"


def _commands():
    root = typer.main.get_command(app)
    yield "tmkit", root
    for name, group in root.commands.items():
        yield f"tmkit {name}", group
        for sub_name, cmd in getattr(group, "commands", {}).items():
            yield f"tmkit {name} {sub_name}", cmd


COMMANDS = list(_commands())


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_and_option_is_documented(path, cmd):
    reference = (DOCS / "reference" / "cli.md").read_text("utf-8")
    assert path in reference, f"{path} is not in docs/reference/cli.md"
    assert cmd.help, f"{path} has no help text"
    for param in cmd.params:
        # typer vendors its own click: test the parameter kind, not the class
        if getattr(param, "param_type_name", "") == "option":
            for opt in param.opts + param.secondary_opts:
                if opt.startswith("--") and opt not in ("--help",):
                    assert opt in reference, f"{path} {opt} is not in docs/reference/cli.md"
            assert param.help, f"{path} {param.opts[0]} has no help text"


def test_every_validator_rule_is_documented():
    source = (ROOT / "tmkit" / "formats" / "tmx" / "validate.py").read_text("utf-8")
    rules = set(re.findall(r'(?:add\(|Finding\()\s*"([a-z-]+)"', source))
    assert len(rules) >= 15
    page = (DOCS / "reference" / "tm-validate.md").read_text("utf-8")
    missing = sorted(r for r in rules if f"`{r}`" not in page)
    assert not missing, f"rules missing from docs/reference/tm-validate.md: {missing}"


def test_every_import_issue_code_is_documented():
    source = (ROOT / "tmkit" / "formats" / "tmx" / "reader.py").read_text("utf-8")
    codes = set(re.findall(r'UnitIssue\(\s*"(?:error|warning|info)",\s*"([a-z-]+)"', source))
    codes |= set(re.findall(r'code, msg = \("([a-z-]+)"', source)) | {"no-tuv"}
    assert len(codes) >= 12
    page = (DOCS / "reference" / "import-issues.md").read_text("utf-8")
    missing = sorted(c for c in codes if f"`{c}`" not in page)
    assert not missing, f"codes missing from docs/reference/import-issues.md: {missing}"


def test_readme_has_exactly_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", readme, re.S)
    commands = [line for b in blocks for line in b.strip().splitlines() if line.strip()]
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert commands[1].strip() in ci


def test_schema_reference_lists_every_column():
    from tmkit.store.schema import _V1

    page = (DOCS / "reference" / "schema.md").read_text("utf-8")
    for table, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\)", _V1, re.S):
        assert f"`{table}`" in page, table
        for column in re.findall(r"^\s+(\w+)\s+[A-Z]", body, re.M):
            assert f"`{column}`" in page, f"{table}.{column}"


def test_every_glossary_rule_is_documented():
    from tmkit.glossary.validate import RULES

    page = (DOCS / "reference" / "glossary-validate.md").read_text("utf-8")
    missing = [f"{r.id} {r.name}" for r in RULES.values() if r.id not in page or r.name not in page]
    assert not missing, f"rules missing from docs/reference/glossary-validate.md: {missing}"


def test_qa_catalogue_is_current_and_every_check_has_its_page():
    import importlib.util

    from tmkit.qa.registry import all_checks

    spec = importlib.util.spec_from_file_location("gen_qa_catalogue", ROOT / "tools" / "gen_qa_catalogue.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    page = gen.PAGE.read_text("utf-8")
    assert gen.updated(page) == page, "docs/reference/qa-checks.md is out of date: run python tools/gen_qa_catalogue.py"
    for c in all_checks():
        doc = DOCS / "reference" / "checks" / f"{c.id}.md"
        assert doc.is_file(), f"no page for {c.id}"
        text = doc.read_text("utf-8")
        assert text.startswith(f"# {c.id}\n"), f"{doc.name}: the title must be the check id"
        for heading in ("## What it catches", "## Why", "## Flagged", "## Not flagged", "## Configure"):
            assert heading in text, f"{doc.name} has no {heading!r} section"
        assert f"Default severity: {c.severity.label}" in text, f"{doc.name}: wrong or missing default severity"


_FENCE = re.compile(r"```.*?```", re.S)
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _heading_anchors(path) -> set[str]:
    """The anchors GitHub makes for a page's headings: lower case, punctuation dropped, spaces
    as hyphens, a repeated heading numbered -1, -2..."""
    out: set[str] = set()
    seen: dict[str, int] = {}
    for m in re.finditer(r"^#{1,6} (.+)$", _FENCE.sub("", path.read_text(encoding="utf-8")), re.M):
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_every_relative_link_and_anchor_resolves():
    pages = [*DOCS.rglob("*.md"), ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "bench" / "README.md"]
    broken = []
    for page in pages:
        for m in _LINK.finditer(_FENCE.sub("", page.read_text(encoding="utf-8"))):
            target = m.group(1)
            if re.match(r"^[a-z]+:", target):
                continue  # a web address
            path, _, anchor = target.partition("#")
            dest = (page.parent / path) if path else page
            if not dest.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and dest.suffix == ".md" and anchor not in _heading_anchors(dest):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)
