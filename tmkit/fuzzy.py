"""The one fuzzy-match score of tmkit: how close two source segments are, in percent.

Every feature that speaks of a "match %" (`tmkit match`, `tmkit analyze`, `tmkit pretranslate`,
the QA checks against the memory) calls this module, so the same pair of segments always gets the
same number. docs/explanation/matching.md explains it with worked examples.

How it is computed (the CAT-tool notion of a fuzzy match):

1. Both texts are cut into **tokens** (`tokens`): every Han character is a token (Chinese is
   compared character by character); a run of Latin letters or digits is one token, with inner
   apostrophes and hyphens ("Gu'an", "Sci-Tech", "world's"); a number with its separators is one
   token ("12,000", "3.5", "10:30"); every other non-space character (punctuation, symbols) is a
   token of its own. White space separates tokens and is never one. So English is compared word
   by word and Chinese character by character, whatever the language; a Chinese text quoting
   "SciTech" counts it as one token, an English text quoting 科技 as two.
2. Tokens are compared after folding (`tmkit.text.fold`): lower case, full-width as half-width,
   curly quotes as straight, dashes as hyphens.
3. The **words** of a segment are its letter, Han-character and number tokens; every number
   counts as the same word ("#"), so that numbers are judged by the penalty below, not twice.
   The **base score** is 100 × (1 − d / n), where d is the Levenshtein distance between the two
   word lists (insertions, deletions and substitutions of whole tokens, each costing 1) and n the
   length of the longer list.
4. **Penalties**, each shown as such (`Score.penalties`), are subtracted from the base:

   * `numbers`: 1 point per number that differs where both texts have one ("21" against "12");
   * `punctuation`: 1 point per punctuation or symbol token inserted, deleted or replaced
     (compared folded, so "，" against "," is not one);
   * `typography`: 1 point when the texts differ in case, width, quote or dash style anywhere
     ("AN Shengjie" / "An Shengjie", "Gu'an" / "Gu’an", "，" / ",");
   * `tags`: 1 point per inline code (TMX `bpt`/`ept`/`ph`/`it`/`hi`/`ut`, XLIFF `g`/`x`/`bx`/`ex`/
     `ph`...) inserted, deleted or replaced.

   Only white space costs nothing: texts that differ only there score 100, every other
   difference keeps a match below 100. The score never goes below 0 and is rounded to two
   decimals.
5. Two texts without any token (empty, or white space only) score 100 against each other.

A **context match** (101) is not a property of two texts but of a 100 match whose neighbouring
segments match too; `tmkit.matching` grants it.

Worked examples (tests/test_fuzzy.py has the table):

* "The two sides signed the SciTech cooperation agreement." against the same with "Sci-Tech":
  8 words each, 1 substitution: 100 × 7/8 = 87.5.
* 双方签署科技合作协议。 against 双方签署了科技合作协议。: 10 and 11 words (characters), 1
  insertion: 100 × 10/11 = 90.91.
* "On May 21, AN Shengjie ..." against "On May 12, AN Shengjie ...": the same words, one number
  differs: 100 − 1 = 99.

Why the index can find every match above a threshold: the base score is at most
100 × (shared words) / n, and a match's words share at least n + 1 − 2d of their padded word
pairs with the query; `tmkit.matching` turns both into bounds (docs/explanation/matching.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from tmkit.text.fold import fold_lower

__all__ = [
    "NUMBER_KEY",
    "Diff",
    "Profile",
    "Score",
    "diff_spans",
    "match_score",
    "profile",
    "score",
    "token_keys",
    "tokens",
    "words_of",
]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(
    rf"(?P<han>[{_HAN}])"  # one Han character
    r"|(?P<num>(?>\d+(?:[.,:]\d+)*))(?![A-Za-z])"  # a number: 12,000 3.5 10:30 (not 5G: a word)
    rf"|(?P<word>(?:(?![{_HAN}])[^\W_])+(?:['’\-‐](?:(?![{_HAN}])[^\W_])+)*)"  # Gu'an, Sci-Tech, 5G
    r"|(?P<punct>\S)"  # anything else: punctuation, a symbol
)

NUMBER_KEY = "#"
"""The word every number counts as in the base score."""

_CODE = re.compile(r"<(bpt|ept|ph|it|hi|ut|sub|g|x|bx|ex|mrk)\b")


_HAN_RUN_OR_WORD = re.compile(
    rf"([{_HAN}]+)|(?>\d+(?:[.,:]\d+)*)(?![A-Za-z])|(?:(?![{_HAN}])[^\W_])+(?:['’\-‐](?:(?![{_HAN}])[^\W_])+)*"
)
_LATIN_WORD = re.compile(r"(?>\d+(?:[.,:]\d+)*)(?![A-Za-z])|[^\W_]+(?:['’\-‐][^\W_]+)*")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def _is_number(tok: str) -> bool:
    """A number token: digits with inner . , : ("12,000", "10:30"), so also the "10" of
    "10:30am", which the tokenizer cuts as a word."""
    return tok[0].isdigit() and (tok.isdigit() or _NUMBER.fullmatch(tok) is not None)


def words_of(text: str) -> list[str]:
    """`profile(text).words`, faster (what the fuzzy index keys on)."""
    low = fold_lower(text)
    if _HAN_CHAR.search(low) is None:
        found = _LATIN_WORD.findall(low)
    else:
        found = []
        for m in _HAN_RUN_OR_WORD.finditer(low):
            run = m.group(1)
            if run:
                found.extend(run)
            else:
                found.append(m.group())
    if _DIGIT.search(low) is not None:
        for i, w in enumerate(found):
            if _is_number(w):
                found[i] = NUMBER_KEY
    return found


def tokens(text: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """The tokens of `text` as (token, start, end), offsets into `text`. `lang` is accepted for
    symmetry with the score; the cut is the same for every language (see the module doc)."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def token_keys(text: str, lang: str = "en") -> list[str]:
    """Every token, folded (what `diff_spans` aligns)."""
    return [m.group() for m in _TOKEN.finditer(fold_lower(text))]


@dataclass(frozen=True, slots=True)
class Profile:
    """What the score compares of one segment, computed once (`profile`)."""

    text: str
    words: tuple[str, ...]  # folded words, every number as NUMBER_KEY
    numbers: tuple[str, ...]  # the numbers as written
    punct: tuple[str, ...]  # folded punctuation and symbols
    raw: tuple[str, ...]  # every token as written
    folded: tuple[str, ...]  # every token folded
    codes: tuple[str, ...] = ()  # inline codes, by element name


def profile(text: str, codes: tuple[str, ...] | str | None = None) -> Profile:
    """The profile of a segment. `codes` are its inline codes: a tuple of element names, or the
    segment's inline markup (e.g. a TMX unit's `markup`), from which they are read."""
    if isinstance(codes, str):
        codes = tuple(m.group(1) for m in _CODE.finditer(codes))
    low = fold_lower(text)
    words: list[str] = []
    numbers: list[str] = []
    punct: list[str] = []
    raw: list[str] = []
    folded: list[str] = []
    for m in _TOKEN.finditer(low):
        tok = m.group()
        kind = m.lastgroup
        raw.append(text[m.start() : m.end()])
        folded.append(tok)
        if kind == "punct":
            punct.append(tok)
        elif kind == "num" or _is_number(tok):
            words.append(NUMBER_KEY)
            numbers.append(tok)
        else:
            words.append(tok)
    return Profile(text, tuple(words), tuple(numbers), tuple(punct), tuple(raw), tuple(folded), tuple(codes or ()))


@dataclass(frozen=True, slots=True)
class Score:
    """A match %: `value` = `base` minus the `penalties` (kind, points), as in the module doc."""

    value: float
    base: float
    penalties: tuple[tuple[str, int], ...] = field(default=())

    def describe(self) -> str:
        """ "87.5" or "99 (numbers -1)"."""
        v = f"{self.value:g}"
        if not self.penalties:
            return v
        return v + " (" + ", ".join(f"{k} -{p}" for k, p in self.penalties) + ")"


def base_score(a_words: tuple[str, ...] | list[str], b_words: tuple[str, ...] | list[str]) -> float:
    """100 × (1 − d / n) over two word lists (no rounding)."""
    n = max(len(a_words), len(b_words))
    if n == 0:
        return 100.0
    return 100.0 * (n - Levenshtein.distance(a_words, b_words)) / n


def score(a: Profile, b: Profile) -> Score:
    """The match % of two profiled segments (see the module doc)."""
    if a.raw == b.raw and a.codes == b.codes:
        return Score(100.0, 100.0)
    base = base_score(a.words, b.words)
    penalties: list[tuple[str, int]] = []
    if a.numbers != b.numbers:
        # substitutions only: a number inserted or deleted is already a word of the base score
        subs = Levenshtein.distance(a.numbers, b.numbers) - abs(len(a.numbers) - len(b.numbers))
        if subs > 0:
            penalties.append(("numbers", subs))
    if a.punct != b.punct:
        p = Levenshtein.distance(a.punct, b.punct)
        if p:
            penalties.append(("punctuation", p))
    if a.raw != b.raw and Levenshtein.distance(a.raw, b.raw) > Levenshtein.distance(a.folded, b.folded):
        penalties.append(("typography", 1))
    if a.codes != b.codes:
        penalties.append(("tags", Levenshtein.distance(a.codes, b.codes)))
    value = base - sum(p for _, p in penalties)
    if value >= 100.0 and (penalties or a.words != b.words):
        value = 99.0  # cannot happen with the rules above; a guard so that only equal is 100
    return Score(round(max(value, 0.0), 2), round(base, 2), tuple(penalties))


def match_score(a: str, b: str, lang: str = "en") -> float:
    """How close `a` is to `b`, from 0 to 100 (see the module doc)."""
    if a == b:
        return 100.0
    return score(profile(a), profile(b)).value


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
    """The token differences between `a` and `b` as character spans of each, for highlighting:
    every token, punctuation included, aligned folded; then, among the tokens aligned as equal,
    those written differently (case, width, quotes: what the typography point is for) as
    "replace" of that one token."""
    ta, tb = tokens(a, lang), tokens(b, lang)
    out: list[Diff] = []
    ops = Levenshtein.opcodes([fold_lower(t) for t, _, _ in ta], [fold_lower(t) for t, _, _ in tb])
    for op in ops:
        if op.tag == "equal":
            for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True):
                if ta[i][0] != tb[j][0]:
                    out.append(Diff("replace", ta[i][1], ta[i][2], tb[j][1], tb[j][2]))
            continue
        a_start = ta[op.src_start][1] if op.src_start < len(ta) else len(a)
        a_end = ta[op.src_end - 1][2] if op.src_end > op.src_start else a_start
        b_start = tb[op.dest_start][1] if op.dest_start < len(tb) else len(b)
        b_end = tb[op.dest_end - 1][2] if op.dest_end > op.dest_start else b_start
        out.append(Diff(op.tag, a_start, a_end, b_start, b_end))
    return out
