"""QA settings: which checks run, at which severity, and the house style they enforce.

They come from the `[qa]` table of `tmkit.toml` (or `[tool.tmkit.qa]` in `pyproject.toml`), then
from command-line options, which win. Library code receives a finished `QAConfig`; nothing here
reads files except `qa_config_from_toml`, which the CLI calls.

docs/reference/configuration.md documents every key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tmkit.errors import UsageError
from tmkit.qa.base import Severity

#: House-style options: name -> (default, allowed values or None for free lists, description).
STYLE_OPTIONS: dict[str, tuple[object, tuple[str, ...] | None, str]] = {
    "surname": (
        "consistent",
        ("consistent", "title", "upper"),
        'How Chinese surnames are written in English: "title" (Xiao Wenjiao), "upper" '
        '(XIAO Wenjiao), or "consistent" (either, but one style per draft).',
    ),
    "quotes": (
        "consistent",
        ("consistent", "curly", "straight"),
        "Quotes and apostrophes in English: one style per draft, or always curly / straight.",
    ),
    "cjk_latin_space": (
        "off",
        ("off", "require", "forbid"),
        "A space between Chinese characters and Latin letters or digits in Chinese text.",
    ),
    "known_acronyms": (
        [],
        None,
        "Acronyms the readers know, used without their full form without a finding (e.g. CPC).",
    ),
}

_QA_KEYS = {"enable", "disable", "severity", "style", "fail_on", "memory", "baseline"}


@dataclass
class QAConfig:
    enable: set[str] = field(default_factory=set)  # optional checks switched on, or "all"
    disable: set[str] = field(default_factory=set)  # ids or families switched off
    severity: dict[str, Severity] = field(default_factory=dict)  # id -> severity override
    style: dict[str, object] = field(default_factory=dict)
    fail_on: Severity | None = Severity.MAJOR  # None: never fail
    memory: str | None = None  # a memory for the consistency checks (None: the tmkit db)
    baseline: str | None = None
    source: str | None = None  # where the settings were read from

    def __post_init__(self) -> None:
        merged = {k: (list(v[0]) if isinstance(v[0], list) else v[0]) for k, v in STYLE_OPTIONS.items()}
        merged.update(self.style)
        self.style = merged


def _fail(where: str, message: str) -> UsageError:
    return UsageError(f"{where}: {message}")


def _str_list(where: str, key: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"{key} must be a list of check ids")
    return list(value)


def qa_config_from_dict(data: dict[str, object], where: str = "[qa]", base_dir: str | None = None) -> QAConfig:
    """Validate a `[qa]` table. Unknown keys, check ids and values are errors, not ignored."""
    from tmkit.qa.registry import FAMILIES, check_ids

    known = set(check_ids()) | set(FAMILIES)
    unknown = set(data) - _QA_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_QA_KEYS))}")
    cfg = QAConfig(source=where)
    for key in ("enable", "disable"):
        ids = _str_list(where, key, data.get(key, []))
        bad = [i for i in ids if i not in known and not (key == "enable" and i == "all")]
        if bad:
            raise _fail(where, f"{key}: unknown check(s) {', '.join(bad)} (tmkit qa --list-checks prints them)")
        getattr(cfg, key).update(ids)
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise _fail(where, "severity must be a table of check-id = severity")
    for cid, value in sev.items():
        if cid not in known:
            raise _fail(where, f"severity: unknown check {cid}")
        try:
            cfg.severity[cid] = Severity.parse(value)
        except ValueError as e:
            raise _fail(where, f"severity.{cid}: {e}") from None
    style = data.get("style", {})
    if not isinstance(style, dict):
        raise _fail(where, "style must be a table")
    for key, value in style.items():
        if key not in STYLE_OPTIONS:
            raise _fail(where, f"style: unknown option {key}; known: {', '.join(STYLE_OPTIONS)}")
        allowed = STYLE_OPTIONS[key][1]
        if allowed is None:
            cfg.style[key] = _str_list(where, f"style.{key}", value)
        elif value not in allowed:
            raise _fail(where, f"style.{key} = {value!r}: use one of {', '.join(allowed)}")
        else:
            cfg.style[key] = value
    if "fail_on" in data:
        try:
            cfg.fail_on = None if data["fail_on"] == "never" else Severity.parse(str(data["fail_on"]))
        except ValueError as e:
            raise _fail(where, f"fail_on: {e}") from None
    for key in ("memory", "baseline"):
        if key in data:
            value = data[key]
            if not isinstance(value, str) or not value:
                raise _fail(where, f"{key} must be a path string")
            setattr(cfg, key, os.path.join(base_dir, value) if base_dir else value)
    return cfg


def qa_config_from_toml(data: dict[str, object], path: Path | None) -> QAConfig:
    """The QA settings of a loaded `tmkit.toml` / `[tool.tmkit]` table (defaults when absent)."""
    table = data.get("qa", {})
    where = f"{path} [qa]" if path else "[qa]"
    if not isinstance(table, dict):
        raise _fail(where, "qa must be a table")
    return qa_config_from_dict(table, where, str(path.parent) if path else None)
