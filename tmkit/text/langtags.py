"""Language tags: normalise what real files contain, match a language to its regional variants.

Normalisation (see docs/explanation/language-tags.md):

* separators: `_` becomes `-`; case follows BCP 47 (language lower, Script title, REGION upper);
* Chinese: Simplified script tags become `zh-CN` (`zh-Hans`, `zh-Hans-CN`, `zh-CHS`, `cmn-Hans`),
  Traditional ones `zh-TW` (`zh-Hant`, `zh-Hant-TW`, `zh-CHT`); `zh-Hant-HK` becomes `zh-HK`,
  `zh-Hans-SG` becomes `zh-SG`; `zh-HK`, `zh-MO`, `zh-SG`, `zh-TW`, `zh-CN` stay;
* bare `zh` (and `cmn`, `chi`, `zho`) is mapped by a configurable rule, `zh-CN` by default
  (`bare_zh` in tmkit.toml or `--bare-zh`); setting it to `zh` keeps it bare.

The original tag is always kept next to the normalised one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tmkit.errors import UsageError

DEFAULT_BARE_ZH = "zh-CN"

_SIMPLIFIED_DEFAULT = "zh-CN"
_TRADITIONAL_DEFAULT = "zh-TW"
_ZH_LANGS = {"zh", "cmn", "chi", "zho"}
_LEGACY = {"chs": "Hans", "cht": "Hant"}  # Microsoft zh-CHS / zh-CHT
_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")

# Export styles: how a normalised Chinese tag is written out.
LANG_STYLES = ("zh-CN", "zh-Hans", "zh", "original")
_HANS_STYLE = {
    "zh-CN": "zh-Hans",
    "zh-SG": "zh-Hans-SG",
    "zh-TW": "zh-Hant",
    "zh-HK": "zh-Hant-HK",
    "zh-MO": "zh-Hant-MO",
}


def validate_bare_zh(rule: str) -> str:
    """Check a bare-`zh` rule: it must itself be a normalised Chinese tag."""
    if rule == "zh":
        return rule
    norm = normalize_lang(rule, bare_zh=_SIMPLIFIED_DEFAULT)
    if norm is None or not norm.startswith("zh-") or norm != rule:
        raise UsageError(f"bare_zh must be zh or a normalised Chinese tag such as zh-CN or zh-TW, not {rule!r}")
    return rule


@lru_cache(maxsize=4096)
def normalize_lang(tag: str | None, bare_zh: str = DEFAULT_BARE_ZH) -> str | None:
    """Return the normalised form of `tag`, or None when it is empty or not a language tag.

    >>> normalize_lang("zh_cn"), normalize_lang("zh-Hans-CN"), normalize_lang("en_US")
    ('zh-CN', 'zh-CN', 'en-US')
    """
    if tag is None:
        return None
    raw = tag.strip().replace("_", "-")
    if not raw:
        return None
    parts = raw.split("-")
    if any(not _SUBTAG.match(p) for p in parts) or not parts[0].isalpha():
        return None
    lang = parts[0].lower()
    script: str | None = None
    region: str | None = None
    rest: list[str] = []
    for p in parts[1:]:
        low = p.lower()
        if script is None and region is None and not rest and low in _LEGACY and lang in _ZH_LANGS:
            script = _LEGACY[low]
        elif script is None and region is None and not rest and len(p) == 4 and p.isalpha():
            script = p.title()
        elif region is None and not rest and ((len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit())):
            region = p.upper()
        else:
            rest.append(low)
    if lang in _ZH_LANGS:
        return _normalize_zh(script, region, rest, bare_zh)
    out = [lang]
    if script:
        out.append(script)
    if region:
        out.append(region)
    out.extend(rest)
    return "-".join(out)


def _normalize_zh(script: str | None, region: str | None, rest: list[str], bare_zh: str) -> str:
    if region is None:
        if script == "Hans":
            base = _SIMPLIFIED_DEFAULT
        elif script == "Hant":
            base = _TRADITIONAL_DEFAULT
        elif script is None:
            base = bare_zh
        else:
            base = f"zh-{script}"
    elif script == "Hans" and region == "CN" or script == "Hant" and region == "TW":
        base = f"zh-{region}"
    elif script in (None, "Hans", "Hant"):
        # zh-Hant-HK -> zh-HK, zh-Hans-SG -> zh-SG: the region says enough in practice.
        base = f"zh-{region}"
    else:
        base = f"zh-{script}-{region}"
    return "-".join([base, *rest]) if rest else base


def base_language(tag: str) -> str:
    """The primary language subtag: `zh-CN` -> `zh`."""
    return tag.split("-", 1)[0].lower()


def lang_matches(query: str, tag: str) -> bool:
    """True when `tag` is `query` or one of its regional variants (`en` matches `en-US`)."""
    q = query.lower()
    t = tag.lower()
    return t == q or t.startswith(q + "-")


def style_lang(tag: str, style: str, original: str | None = None) -> str:
    """Write a normalised tag in an export style: zh-CN (default), zh-Hans, zh or original."""
    if style == "zh-CN":
        return tag
    if style == "original":
        return original or tag
    if style == "zh-Hans":
        return _HANS_STYLE.get(tag, tag)
    if style == "zh":
        return "zh" if tag == "zh-CN" else tag
    raise UsageError(f"unknown language style {style!r}; use one of {', '.join(LANG_STYLES)}")
