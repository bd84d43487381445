"""Folding text for *matching*, never for storage.

Typographic variants that mean the same thing are folded to one character: curly and straight
apostrophes and quotes, the dashes and the hyphen, full-width and half-width ASCII, the many
spaces. Every fold here is one character to one character, so a position in folded text is the
same position in the original text; only `fold_spaces` (runs of white space to one space) changes
lengths, and it returns a map back to the original positions.

NFKC is deliberately not used: it changes lengths (so spans would no longer be offsets in the
original), it folds neither ’ nor – —, and it rewrites compatibility ideographs and much else
besides. The folds here are a short, explicit list; full-width ASCII punctuation (，（）：) is
folded too, but only ever for matching: stored text is never rewritten.
"""

from __future__ import annotations

import re
import unicodedata

_PAIRS = {
    # apostrophes and single quotes
    "\u2019": "'",
    "\u2018": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "\uff07": "'",
    "`": "'",
    "\u00b4": "'",
    # double quotes
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\uff02": '"',
    # hyphens and dashes
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\ufe58": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    # spaces
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\n": " ",
    "\r": " ",
}
_TYPO_TABLE = {ord(k): v for k, v in _PAIRS.items()}
# Full-width ASCII (U+FF01..U+FF5E) to ASCII; U+FF07, U+FF02, U+FF0D are already above.
for _cp in range(0xFF01, 0xFF5F):
    _TYPO_TABLE.setdefault(_cp, chr(_cp - 0xFEE0))

_SPACE_RUN = re.compile(r" {2,}")


def fold(text: str) -> str:
    """Typographic fold: same length as `text`, position for position."""
    # ASCII text without the four ASCII characters the table maps (` tab CR LF) is its own fold:
    # a few C-level scans instead of a table look-up per character (most English text)
    if text.isascii() and "`" not in text and "\t" not in text and "\n" not in text and "\r" not in text:
        return text
    return text.translate(_TYPO_TABLE)


# the ASCII characters _TYPO_TABLE maps: fold()'s shortcut above tests exactly these
assert sorted(chr(k) for k in _TYPO_TABLE if k < 128) == sorted("`\t\n\r")


def lower_same_length(text: str) -> str:
    """Lower case, keeping one character per character (U+0130 lowers to two characters)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def fold_lower(text: str) -> str:
    return lower_same_length(fold(text))


def fold_spaces(folded: str) -> tuple[str, list[int] | None]:
    """Collapse runs of spaces in already folded text.

    Returns the collapsed text and, when anything changed, a list mapping each position of the
    collapsed text (and one past its end) to the position in the input."""
    if "  " not in folded:
        return folded, None
    out: list[str] = []
    index: list[int] = []
    last = 0
    for m in _SPACE_RUN.finditer(folded):
        chunk = folded[last : m.start() + 1]
        out.append(chunk)
        index.extend(range(last, m.start() + 1))
        last = m.end()
    out.append(folded[last:])
    index.extend(range(last, len(folded) + 1))
    return "".join(out), index


def term_key(text: str) -> str:
    """The key a term is matched and looked up by: folded, lower case, single spaces, trimmed."""
    key = fold_lower(text).strip()
    return _SPACE_RUN.sub(" ", key)


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3134F
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
        or cp == 0x3007
    )


def is_cjk_script(ch: str) -> bool:
    """Han, kana, hangul, bopomofo: scripts written without spaces between words."""
    if is_han(ch):
        return True
    cp = ord(ch)
    return 0x3040 <= cp <= 0x31FF or 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF


def is_word_char(ch: str) -> bool:
    """A letter or digit of a script written with spaces (Latin, Greek, Cyrillic...).

    This is the word-boundary test for Latin terms: a Han character next to "CAS" is a boundary,
    a Latin letter is not. `\\b` in regular expressions gets this wrong: Han characters are `\\w`.
    """
    return ch.isalnum() and not is_cjk_script(ch)


def has_han(text: str) -> bool:
    return any(is_han(c) for c in text)


def script_of(text: str) -> str:
    """ "zh" when the text has Han characters, else "latin"."""
    return "zh" if has_han(text) else "latin"


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)
