"""Where settings come from. Library code never reads them implicitly: the CLI resolves a
`Settings` object here and passes its values in.

The memory path: `--db PATH`, else the `TMKIT_DB` environment variable, else `db` in a
`tmkit.toml` in the working directory (relative to that file), else `./tmkit.db`.
The glossary path follows the same order: `--glossary PATH`, `TMKIT_GLOSSARY`, `glossary` in
`tmkit.toml`, else `./glossary`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tmkit.errors import UsageError
from tmkit.text.langtags import DEFAULT_BARE_ZH, validate_bare_zh

CONFIG_NAME = "tmkit.toml"
DEFAULT_DB = "tmkit.db"
DEFAULT_GLOSSARY = "glossary"


@dataclass(frozen=True)
class Settings:
    db: str
    db_source: str  # "option", "env", "tmkit.toml" or "default"
    bare_zh: str = DEFAULT_BARE_ZH
    config_path: str | None = None
    glossary: str = DEFAULT_GLOSSARY
    glossary_source: str = "default"  # "option", "env", "tmkit.toml" or "default"


def load_config(directory: str | os.PathLike[str] = ".") -> tuple[dict[str, object], Path | None]:
    """The settings table and the file it came from: `tmkit.toml`, else the `[tool.tmkit]` table
    of `pyproject.toml`, else nothing."""
    path = Path(directory) / CONFIG_NAME
    if path.is_file():
        return _read_toml(path), path
    pyproject = Path(directory) / "pyproject.toml"
    if pyproject.is_file():
        tool = _read_toml(pyproject).get("tool", {})
        table = tool.get("tmkit") if isinstance(tool, dict) else None
        if isinstance(table, dict):
            return table, pyproject
    return {}, None


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML: {e}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None


def resolve_settings(
    db_option: str | None, directory: str | os.PathLike[str] = ".", glossary_option: str | None = None
) -> Settings:
    data, path = load_config(directory)
    base = _resolve_db(db_option, directory, data, path)
    glossary, source = _resolve_glossary(glossary_option, directory, data, path)
    return dataclasses.replace(base, glossary=glossary, glossary_source=source)


def _resolve_glossary(
    option: str | None, directory: str | os.PathLike[str], data: dict[str, object], path: Path | None
) -> tuple[str, str]:
    if option:
        return option, "option"
    env = os.environ.get("TMKIT_GLOSSARY")
    if env:
        return env, "env"
    if path is not None and "glossary" in data:
        value = data["glossary"]
        if not isinstance(value, str) or not value:
            raise UsageError(f"{path}: glossary must be a path string")
        return str(path.parent / value), "tmkit.toml"
    if directory != ".":
        return os.path.join(os.fspath(directory), DEFAULT_GLOSSARY), "default"
    return DEFAULT_GLOSSARY, "default"


def _resolve_db(
    db_option: str | None, directory: str | os.PathLike[str], data: dict[str, object], path: Path | None
) -> Settings:
    bare_zh = data.get("bare_zh", DEFAULT_BARE_ZH)
    if not isinstance(bare_zh, str):
        raise UsageError(f'{path}: bare_zh must be a string such as "zh-CN"')
    bare_zh = validate_bare_zh(bare_zh)
    cfg = str(path) if path else None
    if db_option:
        return Settings(db_option, "option", bare_zh, cfg)
    env = os.environ.get("TMKIT_DB")
    if env:
        return Settings(env, "env", bare_zh, cfg)
    if path is not None and "db" in data:
        db = data["db"]
        if not isinstance(db, str) or not db:
            raise UsageError(f"{path}: db must be a path string")
        return Settings(str(path.parent / db), "tmkit.toml", bare_zh, cfg)
    return Settings(
        os.path.join(os.fspath(directory), DEFAULT_DB) if directory != "." else DEFAULT_DB, "default", bare_zh, cfg
    )
