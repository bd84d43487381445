"""Sentence segmentation for English and Chinese: pure functions over one string, no I/O.

    segment(text, lang)        -> paragraphs, each a list of `Sentence`
    segment_lines(text)        -> the same shape for pre-segmented text (one sentence per line)
    split_paragraphs(text)     -> spans of the blocks between blank lines
    split_sentences(text, lang) -> spans of the sentences of one paragraph

Every span is a pair of offsets into the string given, never includes leading or trailing white
space, and never crosses a paragraph boundary. `Sentence.text` is the span with its white space
normalised (`sentence_text`). The rules, the abbreviation lists and the decisions behind them are
explained in docs/explanation/segmentation.md; the short version:

* a sentence ends after a terminator run (`. ! ? …`, `...`, and the full-width `。！？．`; in
  Chinese also `；` and `…`/`……` without a space) plus the closing quotes and brackets after it;
* an ASCII terminator ends a sentence only before white space and a plausible sentence start
  (capital, digit, opening quote or bracket, CJK), and not after a known abbreviation;
* a full-width terminator ends a sentence wherever it stands, unless what follows can only
  continue a sentence (a comma, a closing mark), it stands inside a 《book title》, or the text
  after a closing quote is a short speech attribution (`“你感觉怎么样？”他问。`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tmkit.text.fold import is_cjk_script, is_han
from tmkit.text.langtags import base_language, normalize_lang

LANGS = ("en", "zh")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: normalised text, its span in the input, and the paragraph it belongs to."""

    text: str
    start: int
    end: int
    paragraph: int


# --- characters -------------------------------------------------------------------------------

_CLOSERS = "\"'”’»›)]}）」』》】〉〕〗〙〛］｝＂＇"
_QUOTE_CLOSERS = frozenset("\"'”’»›」』＂＇")
_OPENERS = "\"'“‘«‹([{（「『《【〈〔〖〘〚［｛＂＇"
_OPENERS_SET = frozenset(_OPENERS)
# What can only continue a sentence: never split before it. Straight quotes open as well as
# close, so they are left out.
_NO_START = (frozenset(_CLOSERS) - frozenset("\"'＂＇")) | frozenset("，、：；,;:—－·")
_ELLIPSIS = frozenset("…‥")
# Full-width terminators end a sentence without white space after them.
_STRONG = {"en": frozenset("。！？｡．"), "zh": frozenset("。！？｡．；…‥")}
_TERM_RUN = {
    "en": re.compile(r"[.!?…。！？｡．]+[" + re.escape(_CLOSERS) + r"]*"),
    "zh": re.compile(r"[.!?…‥。！？｡．；]+[" + re.escape(_CLOSERS) + r"]*"),
}
_WS = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HAS_BREAK = re.compile(r"[\r\n\u2028\u2029\x85]")
_TITLES = {"《": "》", "〈": "〉"}
_WIDE_PUNCT = frozenset("“”‘’…—·")


def _wide(ch: str) -> bool:
    """A character of Chinese running text: CJK script, CJK or full-width punctuation."""
    cp = ord(ch)
    return is_cjk_script(ch) or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or ch in _WIDE_PUNCT


def _wide_start(ch: str) -> bool:
    return is_cjk_script(ch) or ch in "“‘「『（《【〈〔"


def _plausible_start(ch: str) -> bool:
    return ch.isupper() or ch.istitle() or ch.isdigit() or ch in _OPENERS_SET or is_cjk_script(ch)


def _words(text: str) -> list[str]:
    return text.split()


# --- abbreviations ----------------------------------------------------------------------------

# Never the end of a sentence: titles before a name, references before a number, Latin.
_NEVER = frozenset(
    _words(
        "Mr Mrs Ms Messrs Mmes Dr Prof Gen Gov Sen Rep Rev Hon Capt Col Lt Sgt Maj Adm Cmdr "
        "Fig Figs fig figs Vol Vols vol vols pp p Eq Eqs Ref Refs Approx approx vs v cf Cf ca viz "
        "e.g E.g i.e I.e"
    )
)
# A sentence may end with these ("... mining, etc. It's also hoped"): split only when the next
# word is one that commonly starts a sentence (see _STARTERS).
_AMBIGUOUS = frozenset(
    _words(
        "etc Inc Ltd Corp Co Jr Sr St Mt Bros Dept Univ a.m p.m A.M P.M U.S U.K U.N U.S.A E.U Ph.D "
        "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
    )
)
# An abbreviation only before a number ("No. 1", "No.341"); otherwise the word "no".
_NUMBER_PREFIX = frozenset(_words("No no NO Nos nos"))
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ROMAN = re.compile(r"[IVXLCDM]+|[ivxlcdm]+")
_STARTERS = frozenset(
    _words(
        "The A An This That These Those It Its He She They We I You There Here In On At As After "
        "Before But And Or So Yet However Meanwhile Moreover Furthermore Also Besides According "
        "During Since When While Where What Why How Who Which If Although Though Because Thus Hence "
        "Therefore Then Now Today Yesterday Tomorrow For From With By To Of Our My His Her Their Your "
        "Both All Some Many Most Each Every Other Such Please Mr Mrs Ms Dr Prof"
    )
)
_PRONOUNS = frozenset(_words("he she they i we you it"))
_SPEECH_EN = frozenset(
    _words(
        "said says asked asks replied replies added adds answered answers cried shouted whispered "
        "explained continued exclaimed wrote noted remarked chimed told tells muttered"
    )
)
_NAME = re.compile(r"[A-Z][\w'’-]*")
# A short Chinese attribution after a closing quote: “……。”他问。 / “……！”汤姆说道。
# The look-behinds keep nouns out: 小说 传说 疑问 学问 顾问 知道 报道 名称 简称 演讲.
_SPEECH_ZH = re.compile(
    r"[^，、：；。！？…“”「」『』,;:]{1,24}?"
    r"(?:(?<![小传])说|(?<![疑学顾提])问|答|(?<![知报味频轨街])道|喊|叫|(?<![演])讲"
    r"|表示|指出|回答|附和|补充|(?<![名简俗声])称)(?:道|着|了)?[。！]"
)
# "day.Open source": a lower-case word, a terminator, a capitalised word, then a space or the end.
_GLUED_PREV = re.compile(r"[\"'“‘(]?[a-z][a-z'’-]*[a-z]")
_GLUED_NEXT = re.compile(r"[A-Z][a-z]+(?=[\s,;:]|$)")
_TAIL_EN = re.compile(r"[^.!?…。！？\"“”]{1,60}?[.!]")


def segment_lang(lang: str) -> str:
    """`en` or `zh` for a language tag whose primary subtag is English or Chinese.

    >>> segment_lang("zh-Hans"), segment_lang("en_US")
    ('zh', 'en')
    """
    norm = normalize_lang(lang) if isinstance(lang, str) else None
    base = base_language(norm) if norm else None
    if base not in LANGS:
        raise ValueError(
            f"cannot segment language {lang!r}: tmkit segments English and Chinese only "
            "(en or zh, or a tag such as en-US, zh-CN, zh-Hans, zh-TW)"
        )
    return base


def han_share(text: str) -> float:
    """The share of Han characters among the letters of `text` (0.0 when it has no letters)."""
    letters = han = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if is_han(ch):
                han += 1
    return han / letters if letters else 0.0


def detect_lang(text: str) -> str:
    """`zh` when more than 30% of the letters are Han characters, else `en`."""
    return "zh" if han_share(text) > 0.3 else "en"


# --- white space --------------------------------------------------------------------------------


def sentence_text(raw: str, lang: str) -> str:
    """The normalised text of a raw sentence span.

    Leading and trailing white space goes. White space inside a line (doubled spaces, no-break
    spaces) is kept exactly as written: it is the author's text, and QA checks it. A run that
    holds a line break or a tab becomes one space; in Chinese, a run that holds a line break
    between two characters of Chinese running text (Han, CJK punctuation) disappears instead, as
    a line wrapped in the middle of a Chinese sentence has no space in it.
    """
    return _normalise(raw, segment_lang(lang))


def _normalise(raw: str, code: str) -> str:
    raw = raw.strip()

    def one(m: re.Match[str]) -> str:
        run = m.group()
        if not _HAS_BREAK.search(run) and "\t" not in run:
            return run  # spaces inside a line are the author's: kept exactly (QA checks them)
        a, b = m.start(), m.end()
        if code == "zh" and a > 0 and b < len(raw) and _HAS_BREAK.search(run) and _wide(raw[a - 1]) and _wide(raw[b]):
            return ""
        return " "

    return _WS.sub(one, raw)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, line breaks (CR LF, CR, LF) left out."""
    spans = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


# --- paragraphs ---------------------------------------------------------------------------------


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the blocks of `text` separated by one or more blank (white-space-only) lines.

    A span starts at the block's first non-space character and ends after its last one.
    """
    spans: list[tuple[int, int]] = []
    first = last = -1
    for a, b in _lines(text):
        s, e = _trim(text, a, b)
        if s < e:
            if first < 0:
                first = s
            last = e
        elif first >= 0:
            spans.append((first, last))
            first = -1
    if first >= 0:
        spans.append((first, last))
    return spans


# --- sentences ----------------------------------------------------------------------------------


def _title_spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the outermost balanced 《…》 and 〈…〉 spans, in order."""
    stack: list[tuple[str, int]] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch in _TITLES:
            stack.append((_TITLES[ch], i))
        elif stack and ch == stack[-1][0]:
            _, s = stack.pop()
            if not stack:
                starts.append(s)
                ends.append(i + 1)
        elif ch in "》〉":
            stack.clear()
    return starts, ends


def _inside(spans: tuple[list[int], list[int]], pos: int) -> bool:
    starts, ends = spans
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and starts[k] < pos < ends[k] - 1


def _token_before(text: str, pos: int) -> tuple[str, int]:
    """The word that ends at `pos` (stops at white space or a CJK character), openers stripped."""
    k = pos
    while k > 0 and pos - k < 24 and not text[k - 1].isspace() and not is_cjk_script(text[k - 1]):
        k -= 1
    tok = text[k:pos]
    stripped = tok.lstrip(_OPENERS)
    return stripped, k + len(tok) - len(stripped)


def _next_word(text: str, pos: int) -> str:
    """The word starting at `pos`, an opening quote and trailing punctuation removed."""
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    word = text[pos:end].lstrip(_OPENERS).rstrip(_CLOSERS + ",;:.!?")
    return word.replace("’", "'").split("'", 1)[0]


def _at_line_start(text: str, pos: int) -> bool:
    k = pos
    while k > 0 and text[k - 1] not in "\r\n":
        k -= 1
        if not text[k].isspace():
            return False
    return True


def _abbreviation_says_no(text: str, dot: int, nxt: int) -> bool:
    """True when the "." at `dot` closes an abbreviation that does not end the sentence here."""
    tok, tok_start = _token_before(text, dot)
    if not tok:
        return False
    if tok == "al" and tok_start >= 3 and text[tok_start - 3 : tok_start - 1] == "et" and text[tok_start - 1].isspace():
        tok = "et al"
    if tok in _NEVER:
        return True
    if tok in _NUMBER_PREFIX:
        return text[nxt].isdigit()
    word = _next_word(text, nxt)
    # a list marker at the start of a line: "1. Introduction", "IV. Results", "B. Methods"
    if (
        (tok.isdigit() and len(tok) <= 3)
        or (len(tok) <= 4 and _ROMAN.fullmatch(tok))
        or (len(tok) == 1 and tok.isalpha())
    ) and _at_line_start(text, tok_start):
        return True
    if len(tok) == 1 and tok.isupper():  # an initial: "J. K. Rowling", "Zhang X. and"
        if re.match(r"[A-Z]\.", text[nxt : nxt + 2]):
            return True
        return word not in _STARTERS
    if tok in _AMBIGUOUS or tok == "et al" or _DOTTED.fullmatch(tok):
        return word not in _STARTERS
    return False


def _attribution_follows(text: str, close: str, nxt: int, code: str) -> bool:
    """After a closing quote: is the rest of the sentence a short speech attribution?"""
    if not close or close[-1] not in _QUOTE_CLOSERS:
        return False
    if code == "zh" and _SPEECH_ZH.match(text, nxt):
        return True
    m = _TAIL_EN.match(text, nxt)
    if not m:
        return False
    words = m.group()[:-1].split()
    if not words or len(words) > 6:
        return False
    low = [w.lower().strip(",") for w in words]
    if low[0] in _PRONOUNS and len(low) > 1 and low[1] in _SPEECH_EN:
        return True
    # one or two capitalised names, then the verb: "Tom said.", "Zhang Zhijun said."
    for names, (w, lw) in enumerate(zip(words, low, strict=True)):
        if lw in _SPEECH_EN:
            return names > 0
        if w in _STARTERS or not _NAME.fullmatch(w) or names == 2:
            return False
    return False


def _missing_space(text: str, run_start: int, cut: int) -> bool:
    """A space left out after a sentence in raw web text: "in the epidemic.The first death"."""
    m = _GLUED_NEXT.match(text, cut)
    if not m:
        return False
    k = run_start
    while k > 0 and not text[k - 1].isspace():
        k -= 1
    return _GLUED_PREV.fullmatch(text, k, run_start) is not None


def _cuts(text: str, code: str) -> list[int]:
    """Offsets in `text` where one sentence ends and the next may begin."""
    cuts: list[int] = []
    titles = _title_spans(text) if ("《" in text or "〈" in text) else ([], [])
    strong_set = _STRONG[code]
    n = len(text)
    for m in _TERM_RUN[code].finditer(text):
        run_start, cut = m.start(), m.end()
        close_at = run_start
        while close_at < cut and text[close_at] not in _CLOSERS:
            close_at += 1
        run, close = text[run_start:close_at], text[close_at:cut]
        nxt = cut
        while nxt < n and text[nxt].isspace():
            nxt += 1
        if nxt >= n or _inside(titles, run_start):
            continue
        spaced = nxt > cut
        ch = text[nxt]
        strong = any(c in strong_set for c in run)
        if strong and set(run) == {"．"} and run_start > 0 and text[run_start - 1].isdigit() and ch.isdigit():
            strong = False  # a full-width decimal point: ３．５
        if strong:
            if ch in _NO_START:
                continue
            if code == "zh" and all(c in _ELLIPSIS for c in run) and ch == "等":
                continue  # 苹果、香蕉……等水果
        elif not spaced:
            # ASCII ! and ? between two Chinese characters: 好!我们
            between_cjk = (
                set(run) <= {"!", "?"}
                and run_start > 0
                and _wide(text[run_start - 1])
                and all(_wide(c) for c in close)
                and _wide_start(ch)
            )
            if not (between_cjk or (not close and _missing_space(text, run_start, cut))):
                continue
        else:
            if not _plausible_start(ch):
                continue
            if run == "." and _abbreviation_says_no(text, run_start, nxt):
                continue
        if _attribution_follows(text, close, nxt, code):
            continue
        cuts.append(cut)
    return cuts


def _sentence_spans(text: str, code: str) -> list[tuple[int, int]]:
    spans = []
    prev = 0
    for cut in [*_cuts(text, code), len(text)]:
        s, e = _trim(text, prev, cut)
        if s < e:
            spans.append((s, e))
        prev = cut
    return spans


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ONE paragraph (line breaks inside it count as white space)."""
    return _sentence_spans(text, segment_lang(lang))


def segment(text: str, lang: str) -> list[list[Sentence]]:
    """Paragraphs (blocks between blank lines), each a list of its sentences."""
    code = segment_lang(lang)
    out: list[list[Sentence]] = []
    for p, (ps, pe) in enumerate(split_paragraphs(text)):
        para = text[ps:pe]
        out.append([Sentence(_normalise(para[s:e], code), ps + s, ps + e, p) for s, e in _sentence_spans(para, code)])
    return out


def segment_lines(text: str) -> list[list[Sentence]]:
    """Pre-segmented text: every non-blank line is one sentence, blank lines separate paragraphs.

    This reads back what `tmkit segment` writes in its text format.
    """
    out: list[list[Sentence]] = []
    current: list[Sentence] = []
    for a, b in _lines(text):
        s, e = _trim(text, a, b)
        if s < e:
            line = _WS.sub(lambda m: " " if "\t" in m.group() else m.group(), text[s:e])
            current.append(Sentence(line, s, e, len(out)))
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out
