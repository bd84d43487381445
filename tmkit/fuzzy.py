"""The one fuzzy-match score of tmkit: how close two source segments are, in percent.

Every feature that speaks of a "match %" (QA against the memory, and later lookup, analysis and
pre-translation) calls `match_score`, so the same pair of segments always gets the same number.

How it is computed (the CAT-tool notion of a fuzzy match):

1. Both texts are cut into **tokens** (`tokens`): every Han character is a token (Chinese is
   compared character by character); a run of Latin letters or digits is one token, with inner
   apostrophes and hyphens ("Gu'an", "Sci-Tech", "world's"); a number with its separators is one
   token ("12,000", "3.5", "10:30"); every other non-space character (punctuation, symbols) is a
   token of its own. White space separates tokens and is never one. So English is compared word
   by word and Chinese character by character, whatever `lang` says; a Chinese text quoting
   "SciTech" counts it as one token, an English text quoting 科技 as two.
2. Tokens are compared after folding: lower case, full-width as half-width, curly quotes as
   straight, dashes as hyphens (`tmkit.text.fold`).
3. score = 100 × (1 − d / n), where d is the Levenshtein distance between the two token lists
   (insertions, deletions and substitutions of whole tokens, each costing 1; rapidfuzz) and n the
   length of the longer list. Rounded to two decimals.
4. Identical texts score 100; texts that differ only in white space too. Texts whose tokens are
   equal after folding but not as written (case, width, quote or dash style only: "AN Shengjie"
   / "An Shengjie") score **99**, so such a match is never taken for an exact one.
5. Two texts without any token (empty, or white space only) score 100.

Worked examples (tests/test_fuzzy.py has the table):

* "The two sides signed the SciTech cooperation agreement." against the same with "Sci-Tech":
  9 tokens each, 1 substitution: 100 × 8/9 = 88.89.
* 双方签署科技合作协议。 against 双方签署了科技合作协议。: 11 and 12 tokens, 1 insertion:
  100 × 11/12 = 91.67.

Penalties for numbers, inline codes and a 101% context match come with the lookup (issue 6); they
will adjust this score, not replace it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from tmkit.text.fold import fold_lower

__all__ = ["Diff", "diff_spans", "match_score", "token_keys", "tokens"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(
    rf"[{_HAN}]"  # one Han character
    r"|\d+(?:[.,:]\d+)*(?![A-Za-z])"  # a number: 12,000 3.5 10:30 (not 5G: a word)
    rf"|(?:(?![{_HAN}])[^\W_])+(?:['’\-‐](?:(?![{_HAN}])[^\W_])+)*"  # a word: Gu'an, Sci-Tech, 5G
    r"|\S"  # anything else: punctuation, a symbol
)


def tokens(text: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """The tokens of `text` as (token, start, end), offsets into `text`. `lang` is accepted for
    symmetry with the score; the cut is the same for every language (see the module doc)."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def token_keys(text: str, lang: str = "en") -> list[str]:
    """The folded tokens that are compared."""
    return [fold_lower(m.group()) for m in _TOKEN.finditer(text)]


def match_score(a: str, b: str, lang: str = "en") -> float:
    """How close `a` is to `b`, from 0 to 100 (see the module doc for the formula)."""
    if a == b:
        return 100.0
    ka, kb = token_keys(a, lang), token_keys(b, lang)
    n = max(len(ka), len(kb))
    if n == 0:
        return 100.0
    d = Levenshtein.distance(ka, kb)
    if d == 0:
        if [t for t, _, _ in tokens(a, lang)] == [t for t, _, _ in tokens(b, lang)]:
            return 100.0  # white space only
        return 99.0  # case, width, quote or dash style only
    return round(100.0 * (n - d) / n, 2)


@dataclass(frozen=True, slots=True)
class Diff:
    """One difference between `a` and `b`: `a[a_start:a_end]` became `b[b_start:b_end]`.
    tag is "replace", "delete" (only in a) or "insert" (only in b)."""

    tag: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def diff_spans(a: str, b: str, lang: str = "en") -> list[Diff]:
    """The token differences between `a` and `b` as character spans of each, for highlighting
    (the same alignment `match_score` counts)."""
    ta, tb = tokens(a, lang), tokens(b, lang)
    out: list[Diff] = []
    ops = Levenshtein.opcodes([fold_lower(t) for t, _, _ in ta], [fold_lower(t) for t, _, _ in tb])
    for op in ops:
        if op.tag == "equal":
            continue
        a_start = ta[op.src_start][1] if op.src_start < len(ta) else len(a)
        a_end = ta[op.src_end - 1][2] if op.src_end > op.src_start else a_start
        b_start = tb[op.dest_start][1] if op.dest_start < len(tb) else len(b)
        b_end = tb[op.dest_end - 1][2] if op.dest_end > op.dest_start else b_start
        out.append(Diff(op.tag, a_start, a_end, b_start, b_end))
    return out
