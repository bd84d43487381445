"""Where settings come from. Library code never reads them implicitly: the CLI resolves a
`Settings` object here and passes its values in.

The memory path: `--db PATH`, else the `TMKIT_DB` environment variable, else `db` in a
`tmkit.toml` in the working directory (relative to that file), else `./tmkit.db`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tmkit.errors import UsageError
from tmkit.text.langtags import DEFAULT_BARE_ZH, validate_bare_zh

CONFIG_NAME = "tmkit.toml"
DEFAULT_DB = "tmkit.db"


@dataclass(frozen=True)
class Settings:
    db: str
    db_source: str  # "option", "env", "tmkit.toml" or "default"
    bare_zh: str = DEFAULT_BARE_ZH
    config_path: str | None = None


def load_config(directory: str | os.PathLike[str] = ".") -> tuple[dict[str, object], Path | None]:
    path = Path(directory) / CONFIG_NAME
    if not path.is_file():
        return {}, None
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML: {e}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    return data, path


def resolve_settings(db_option: str | None, directory: str | os.PathLike[str] = ".") -> Settings:
    data, path = load_config(directory)
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
