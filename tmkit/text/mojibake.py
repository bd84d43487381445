"""Detect and repair Chinese text that was decoded with the wrong code page.

The classic case: GBK (or GB18030, Big5, UTF-8) bytes read as Latin-1 or Windows-1252, so that 的耳机
arrives as `µÄ¶ú»ú`. Such text is all Latin-1 range characters with high bytes and no Han.
Repair re-encodes with the wrong code page and decodes with the right one; tmkit repairs only
when the bytes decode strictly, give Han text with no leftover Latin-1 letters (for GBK, at
least 90% of it in the common GB2312 set), and encode back to exactly the same bytes, so the repair is provably reversible. Anything else is reported and
kept as it came.

Only Chinese variants are checked (a French or German segment is full of high Latin-1 letters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HIGH_LATIN1 = re.compile("[\x80-\xff]")
_HIGH_PAIR = re.compile(rb"[\x80-\xff]{2}")
_LATIN_LETTER = re.compile("[A-Za-z]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# (what the text was wrongly decoded as, what the bytes really are), per script of the variant:
# Simplified Chinese was GBK/GB18030 (or UTF-8), Traditional was Big5 (or UTF-8).
_SIMPLIFIED: tuple[tuple[str, str], ...] = (
    ("latin-1", "utf-8"),
    ("cp1252", "utf-8"),
    ("latin-1", "gbk"),
    ("cp1252", "gbk"),
    ("latin-1", "gb18030"),
)
_TRADITIONAL: tuple[tuple[str, str], ...] = (
    ("latin-1", "utf-8"),
    ("cp1252", "utf-8"),
    ("latin-1", "big5"),
    ("cp1252", "big5"),
)
_TRADITIONAL_TAGS = ("zh-TW", "zh-HK", "zh-MO", "zh-Hant")
MIN_HAN = 2  # one repaired character is too little evidence: many byte pairs decode to some Han


def _candidates(lang: str | None) -> tuple[tuple[str, str], ...]:
    if lang and lang.startswith(_TRADITIONAL_TAGS):
        return _TRADITIONAL
    return _SIMPLIFIED


@dataclass(frozen=True, slots=True)
class MojibakeRepair:
    original: str
    repaired: str
    read_as: str  # the code page the bytes were wrongly decoded with
    real_encoding: str


def looks_like_mojibake(text: str) -> bool:
    """No Han, only characters of a Western code page, and two high bytes side by side.

    A double-byte Chinese character always becomes two adjacent high-range characters, while a
    lone `é`, `×` or curly quote in a Chinese segment is ordinary text.
    """
    if _HAN.search(text) is not None:
        return False
    for wrong in ("latin-1", "cp1252"):
        try:
            raw = text.encode(wrong)
        except UnicodeEncodeError:
            continue
        if _HIGH_PAIR.search(raw) is not None:
            return True
    return False


def _plausible(fixed: str, real: str) -> bool:
    """Repaired text must be Chinese, with nothing left over, in everyday characters."""
    han = _HAN.findall(fixed)
    if len(han) < MIN_HAN or _HIGH_LATIN1.search(fixed) is not None:
        return False
    # "RÃ©sumÃ©" decodes to "R茅sum茅": reversible, but Latin words with Han inside them are not
    # Chinese. Real repairs leave Han as the bulk of the letters.
    if len(han) <= len(_LATIN_LETTER.findall(fixed)):
        return False
    if real in ("gbk", "gb18030"):
        common = sum(1 for ch in han if _in_gb2312(ch))
        return common >= 0.9 * len(han)
    return True


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def repair_mojibake(text: str, lang: str | None = None) -> MojibakeRepair | None:
    """Return the exact repair of `text`, or None when no reversible repair exists.

    `lang` (a normalised tag) picks the encodings tried: Big5 for zh-TW/zh-HK/zh-MO, else GBK.
    """
    if not looks_like_mojibake(text):
        return None
    for wrong, real in _candidates(lang):
        try:
            raw = text.encode(wrong)
            fixed = raw.decode(real)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed.encode(real) != raw or fixed.encode(real).decode(wrong) != text:
            continue
        if not _plausible(fixed, real):
            continue
        return MojibakeRepair(text, fixed, wrong, real)
    return None


def repair_pieces(pieces: list[str], lang: str | None = None) -> tuple[list[str], MojibakeRepair] | None:
    """Repair several text runs of one segment (text around inline codes) together.

    Returns the repaired runs and one repair describing the whole segment, or None when the
    segment is not mojibake or some run cannot be repaired exactly.
    """
    joined = "".join(pieces)
    if not looks_like_mojibake(joined):
        return None
    whole = repair_mojibake(joined, lang)
    if whole is None:
        return None
    out: list[str] = []
    for p in pieces:
        if not looks_like_mojibake(p):
            out.append(p)
            continue
        fixed = _repair_with(p, whole.read_as, whole.real_encoding)
        if fixed is None:
            return None
        out.append(fixed)
    return out, MojibakeRepair(joined, "".join(out), whole.read_as, whole.real_encoding)


def _repair_with(text: str, wrong: str, real: str) -> str | None:
    """Repair one run of a segment with the encodings found for the whole segment."""
    try:
        raw = text.encode(wrong)
        fixed = raw.decode(real)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed.encode(real) == raw else None
