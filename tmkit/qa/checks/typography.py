"""Typography and style checks, per language (one page each in docs/reference/checks/).

English: a missing space before a bracket, Chinese punctuation carried into English, straight and
curly quotes mixed, spaces before punctuation, doubled spaces, ambiguous or mixed numeric dates,
tilde ranges. Chinese: half-width punctuation and straight quotes next to Chinese characters, the
optional CJK/Latin spacing policy. Both: unpaired brackets and quotes.

Every check here is written for precision: the drafts are raw web pages (navigation bars, print
and font-size buttons, addresses) and every finding is read by an editor. Web "furniture" lines
are real text, but only a real problem in them is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tmkit.qa.base import DocumentCheck, Finding, Severity, TextCheck
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Text
from tmkit.qa.registry import register
from tmkit.text.fold import is_han

FAMILY = "typography"

# ---------------------------------------------------------------------------------------------
# shared helpers

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'“”‘’()（），。、]+|\bwww\.[a-z0-9-]+\.[^\s<>\"'“”()（），。、]+", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def _url_spans(s: str) -> list[tuple[int, int]]:
    """URLs and e-mail addresses in `s` (the runner drops findings in the masked spans of plain
    text drafts; TMX, XLIFF and PO texts carry no mask, and pairing brackets needs them anyway)."""
    if "://" not in s and "www." not in s and "@" not in s:
        return []
    return [(m.start(), m.end()) for rx in (_URL, _EMAIL) for m in rx.finditer(s)]


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


def _han_at(s: str, i: int) -> bool:
    return 0 <= i < len(s) and is_han(s[i])


def _is_latin_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# Chinese (full-width) punctuation and brackets, and their English equivalents
_CJK_PUNCT_EN = {
    "，": ",",
    "。": ".",
    "：": ":",
    "；": ";",
    "！": "!",
    "？": "?",
    "、": ",",
    "（": "(",
    "）": ")",
    "【": "[",
    "】": "]",
    "〔": "[",
    "〕": "]",
    "〖": "[",
    "〗": "]",
    "「": "“",
    "」": "”",
    "『": "‘",
    "』": "’",
    "《": "“",
    "》": "”",
    "〈": "‘",
    "〉": "’",
    "〝": "“",
    "〞": "”",
    "\u3000": " ",
    "￥": "¥",
    "￡": "£",
    "￠": "¢",
}
_STRAIGHT_OF = {"“": '"', "”": '"', "‘": "'", "’": "'"}
_OPENERS = "（【〔〖「『《〈〝"
_CLOSERS = "）】〕〗」』》〉〞"
_CJK_PAIR = dict(zip(_OPENERS, _CLOSERS, strict=True))
_CJK_PAIR_BACK = {v: k for k, v in _CJK_PAIR.items()}
# Characters of Chinese running text: Han, CJK symbols and punctuation, full-width forms, kana.
_ZH_RUN = re.compile(
    r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e\U00020000-\U0003134f]+"
)
_CJK_IN_EN = re.compile(
    r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+|[\uff01-\uff5e\uffe0\uffe1\uffe5\u3000-\u3011\u3014-\u3017\u301d\u301e]"
)
_FW_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


_FURNITURE = re.compile(
    r"\s[|│•·»>]\s|^\s*[•·|]|[|│]|©|\b(?:Tel|Fax|E-?mail|Add(?:ress)?|Phone|Copyright|Update(?:d|time)?|Date|Source|"
    r"Location|Print|Close|Text Size|Fonts?)\s*[:：]",
    re.I,
)


def _furniture(line: str) -> bool:
    """A line of web furniture rather than prose: navigation bars with separators, or a row of
    short capitalised words and labels ("Updatetime: 2021-08-02 Printer      Text Size:A A A")."""
    if _FURNITURE.search(line):
        return True
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", _EMAIL.sub(" ", _URL.sub(" ", line)))
    if len(words) < 6:
        return True
    lower = sum(1 for w in words if w[0].islower())
    return lower < 3 or lower < len(words) * 0.25


def _line_bounds(s: str, i: int) -> tuple[int, int]:
    a = s.rfind("\n", 0, i) + 1
    b = s.find("\n", i)
    return a, len(s) if b < 0 else b


# ---------------------------------------------------------------------------------------------
# English


@register
class SpaceBeforeBracket(TextCheck):
    id = "typo-space-before-bracket"
    family = FAMILY
    severity = Severity.MINOR
    langs = ("en",)
    description = "An opening bracket glued to the word before it in English: write a space before ( and [."

    # a word of two or more letters (or a number) glued to "(" or "[" that opens words
    _RX = re.compile(r"(?<![\w.@/\\-])([A-Za-z][A-Za-z'’-]*[A-Za-z]|[0-9]+)([(\[])(?=[^\s)\]])")
    _PLURAL = frozenset({"s", "es", "ies", "ren"})
    _ROMAN = re.compile(r"[ivxlcIVXLC]{1,6}\Z")

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        if "(" not in s and "[" not in s:
            return
        for m in self._RX.finditer(s):
            word, i = m.group(1), m.start(2)
            close_ch = ")" if s[i] == "(" else "]"
            close = s.find(close_ch, i + 1)
            nl = s.find("\n", i + 1)
            if close < 0 or (0 <= nl < close):
                continue  # no closing bracket on the line: not a parenthesis we can judge
            inner = s[i + 1 : close]
            after = s[close + 1 : close + 2]
            if (
                inner.lower() in self._PLURAL  # word(s), child(ren)
                or (len(inner) == 1 and (inner.islower() or word.isdigit()))  # sin(x), Figure 1(a); not Corp(A)
                or inner.isdigit()  # Article 3(2), a[10]
                or (self._ROMAN.match(inner) and (len(inner) > 1 or inner.islower()))  # Fe(III), 5(ii); not Corp(X)
                or (after and (after.isalnum() or after in "([_"))  # Ca(OH)2, A(H1N1)pdm09, f(x)(y)
                or not any(c.isalpha() for c in inner)  # 10(2019), Ang(1-7)
                or (s[i] == "[" and " " not in inner)  # distract[ing]: an editor's insertion
                or re.search(r"[=<>{}+*/\\]|,\S", inner)  # code and formulas: max(a,b), f(x+1)
                or "_" in word
            ):
                continue
            # the span is the junction: the word's last character and the bracket
            yield self.finding(
                text,
                i - 1,
                i + 1,
                f"no space between '{word}' and the opening bracket {s[i]!r}",
                suggestion=f"{s[i - 1]} {s[i]}",
            )


@register
class CJKPunctInEnglish(TextCheck):
    id = "typo-cjk-punct-in-en"
    family = FAMILY
    severity = Severity.MAJOR
    langs = ("en",)
    description = "Chinese full-width punctuation, brackets or letters in English text (【Print】 for [Print])."

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        if s.isascii():
            return
        cands = [m for m in _CJK_IN_EN.finditer(s) if not (m.group() == "～" or m.group() in "\u3007\u3005")]
        if not cands:
            return
        straight = ctx.style.get("quotes") == "straight"
        # punctuation inside a run of Chinese (a Chinese name or slogan quoted in English) is Chinese
        chinese: set[int] = set()
        for run in _ZH_RUN.finditer(s):
            if any(is_han(c) for c in run.group()):
                chinese.update(range(run.start(), run.end()))
        pairs: dict[int, int] = {}
        stacks: dict[str, list[int]] = {}
        for m in cands:
            ch, i = m.group(), m.start()
            if ch in _CJK_PAIR:
                stacks.setdefault(ch, []).append(i)
            elif ch in _CJK_PAIR_BACK and stacks.get(_CJK_PAIR_BACK[ch]):
                j = stacks[_CJK_PAIR_BACK[ch]].pop()
                pairs[j], pairs[i] = i, j
                if i in chinese or j in chinese:
                    chinese.update((i, j))
        done: set[int] = set()
        for m in cands:
            i, ch = m.start(), m.group()
            if i in chinese or i in done:
                continue
            if len(ch) > 1 or _FW_ALNUM.fullmatch(ch):
                yield self.finding(
                    text,
                    i,
                    m.end(),
                    f"full-width characters '{ch}' in English text",
                    suggestion="".join(chr(ord(c) - 0xFEE0) for c in ch),
                )
                continue
            j = pairs.get(i, -1)
            if j > i and j - i <= 40 and "\n" not in s[i:j] and not any(i < c.start() < j for c in cands):
                done.add(j)
                sugg = self._ascii(s, i, straight) + s[i + 1 : j] + self._ascii(s, j, straight)
                yield self.finding(text, i, j + 1, f"Chinese brackets {ch}{s[j]} in English text", suggestion=sugg)
                continue
            what = (
                "space" if ch == "\u3000" else "bracket" if ch in _CJK_PAIR or ch in _CJK_PAIR_BACK else "punctuation"
            )
            shown = "U+3000 (ideographic space)" if ch == "\u3000" else repr(ch)
            yield self.finding(
                text,
                i,
                i + 1,
                f"Chinese full-width {what} {shown} in English text",
                suggestion=self._ascii(s, i, straight),
            )

    @staticmethod
    def _ascii(s: str, i: int, straight: bool) -> str:
        ch = s[i]
        rep = _CJK_PUNCT_EN.get(ch)
        if rep is None:
            rep = chr(ord(ch) - 0xFEE0) if 0xFF01 <= ord(ch) <= 0xFF5E else ch
        if straight:
            rep = _STRAIGHT_OF.get(rep, rep)
        nxt = s[i + 1 : i + 2]
        prev = s[i - 1 : i] if i else ""
        if ch == "\u3000":
            return "" if not prev or prev == "\n" else " "
        if rep in ",.:;!?" and nxt and nxt.isalpha():
            rep += " "  # "Tel：86" is fine as "Tel: 86"; "，Ltd" needs the space English puts after
        elif ch in _OPENERS and prev and prev.isalnum():
            rep = " " + rep
        elif ch in _CLOSERS and nxt and nxt.isalnum():
            rep += " "
        return rep


_APOS_STRAIGHT = "'"
_SINGLE_CURLY = "‘’"


@dataclass
class _Mark:
    text: Text
    start: int
    char: str


def _n(count: int, style: str, kind: str) -> str:
    noun = kind if count != 1 else kind[:-1]
    return f"{count} {style} {noun}"


@register
class MixedQuotes(DocumentCheck):
    id = "typo-mixed-quotes"
    family = FAMILY
    severity = Severity.MINOR
    langs = ("en",)
    description = "Straight and curly quotes or apostrophes mixed in one English draft (style option quotes)."

    _RX = re.compile(r"['’‘\"“”]")

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        # kind -> style -> places
        marks: dict[str, dict[str, list[_Mark]]] = {"apostrophes": {}, "double quotes": {}}
        for text in doc.texts("en"):
            s = text.text
            if s.isascii() and "'" not in s and '"' not in s:
                continue
            spans = _url_spans(s)
            for m in self._RX.finditer(s):
                i, ch = m.start(), m.group()
                prev = s[i - 1] if i else ""
                if prev.isdigit() or (prev and prev in "°′″") or (spans and _inside(spans, i)):
                    continue  # 5'11", 30" screens, 43°48'
                if text.masked and text.is_masked(i):
                    continue
                kind = "double quotes" if ch in '"“”' else "apostrophes"
                style = "straight" if ch in "'\"" else "curly"
                marks[kind].setdefault(style, []).append(_Mark(text, i, ch))
        want = ctx.style.get("quotes", "consistent")
        for kind, styles in marks.items():
            if want == "consistent":
                if len(styles) < 2:
                    continue
                a, b = styles["straight"], styles["curly"]
                if len(a) != len(b):
                    major, minor = ("straight", "curly") if len(a) > len(b) else ("curly", "straight")
                else:  # a tie: the style the draft starts with
                    first_a = (a[0].text.line, a[0].text.column + a[0].start)
                    first_b = (b[0].text.line, b[0].text.column + b[0].start)
                    major, minor = ("straight", "curly") if first_a <= first_b else ("curly", "straight")
                places = styles[minor]
                why = f"{_n(len(places), minor, kind)} in a draft that mostly uses {major} ones ({len(styles[major])})"
            else:
                minor = "straight" if want == "curly" else "curly"
                major = want
                places = styles.get(minor, [])
                if not places:
                    continue
                why = f"{_n(len(places), minor, kind)}: the house style is {want} quotes"
            first = places[0]
            sugg = self._replacement(first, major)
            related = [p.text.location(p.start, p.start + 1) for p in places[1:]]
            yield self.finding(first.text, first.start, first.start + 1, why, suggestion=sugg, related=related)

    @staticmethod
    def _replacement(mark: _Mark, style: str) -> str:
        ch = mark.char
        if style == "straight":
            return _STRAIGHT_OF.get(ch, ch)
        s, i = mark.text.text, mark.start
        prev = s[i - 1] if i else " "
        opening = prev.isspace() or prev in "([{—–-/“‘"
        if ch == '"':
            return "“" if opening else "”"
        nxt = s[i + 1] if i + 1 < len(s) else " "
        # an apostrophe (it's, Gu'an, scientists') unless it opens a quotation
        return "‘" if opening and nxt.isalpha() and not re.match(r"(?:tis|twas|em|n)\b", s[i + 1 : i + 5]) else "’"


@register
class SpaceBeforePunct(TextCheck):
    id = "typo-space-before-punct"
    family = FAMILY
    severity = Severity.MINOR
    langs = ("en", "zh")
    description = (
        "A space before a comma, full stop, colon, semicolon, ! or ? (English), or before Chinese punctuation."
    )

    _EN = re.compile(r"(?<=[A-Za-z0-9)\]”’\"'%])([ \t\u00a0]+)([,.;:!?])")
    _ZH = re.compile(r"(?<=\S)([ \t\u00a0\u3000]+)([，。：；！？、）》」』])")

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        if text.family == "zh":
            for m in self._ZH.finditer(s):
                yield self.finding(
                    text,
                    m.start(),
                    m.end(),
                    f"a space before the Chinese punctuation {m.group(2)!r}",
                    suggestion=m.group(2),
                )
            return
        if " " not in s:
            return
        for m in self._EN.finditer(s):
            p, j = m.group(2), m.end()
            nxt = s[j : j + 1]
            if p == "." and (nxt == "." or (nxt and nxt.isalnum()) or s[j : j + 2] == " ." or s[m.start() - 1] == "."):
                continue  # " ..." and ". . ." ellipses, " .5", " .NET", " .com"
            if p in ":;" and re.match(r"-?[()DPp\]\[|/\\3*]", s[j : j + 2]) and not s[j + 1 : j + 2].isalpha():
                continue  # " :)", " ;-)" smileys
            if p in "!?" and nxt in ("!", "?") and s[m.start() - 1 : m.start()] in ("!", "?"):
                continue
            if p == ":" and nxt.isdigit() and s[m.start() - 1].isdigit():
                continue  # "10 :30"? a score or a time: leave it
            yield self.finding(
                text,
                m.start(),
                j,
                f"a space before {p!r}",
                suggestion=p,
            )


@register
class DoubleSpace(TextCheck):
    id = "typo-double-space"
    family = FAMILY
    severity = Severity.MINOR
    langs = ("en", "zh")
    description = "Two spaces between words in a line of prose (not indentation, layout or web navigation)."

    _RX = re.compile(r"(?<=\S)([ \u00a0]{2,3})(?=\S)")

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        if "  " not in s and "\u00a0" not in s:
            return
        zh = text.family == "zh"
        prose_cache: dict[int, bool] = {}
        for m in self._RX.finditer(s):
            i, j = m.start(), m.end()
            # run of four or more spaces somewhere else on the line = layout; the regex takes 2-3
            if s[i - 1] in ".!?:" and (s[j].isupper() or s[j] in "“\"'‘("):
                continue  # two spaces after a full stop: the typewriter convention, not an error
            if s[i - 1] in "|│•·>»" or s[j] in "|│•·<«":
                continue
            a, b = _line_bounds(s, i)
            if a not in prose_cache:
                line = s[a:b]
                if zh:
                    prose_cache[a] = sum(1 for c in line if is_han(c)) >= 10 and "|" not in line
                else:
                    prose_cache[a] = not _furniture(line) and not re.search(r"\S {4,}\S|\t", line)
            if not prose_cache[a]:
                continue
            yield self.finding(
                text, i, j, "two spaces between words" if j - i == 2 else "three spaces between words", suggestion=" "
            )


# numeric dates: 2021-03-30 (ISO), 05-12-2017 (day-month or month-day), 12/5/2017
_DATE = re.compile(
    r"(?<![\w+\-./])(?:(?P<y1>(?:19|20)\d\d)(?P<s1>[-/.])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<s2>[-/.])(?P<b>\d{1,2})(?P=s2)(?P<y2>(?:19|20)\d\d))(?![\w\-/]|\.\d)"
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _ymd(a: int, b: int) -> bool:
    return 1 <= a <= 12 and 1 <= b <= 31


@register
class DateFormat(DocumentCheck):
    id = "typo-date-format"
    family = FAMILY
    severity = Severity.MINOR
    langs = ("en",)
    description = (
        "An ambiguous numeric date in English (05-12-2017: 5 December or 12 May?) or numeric dates in several formats."
    )

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        found: list[tuple[Text, re.Match[str], str]] = []
        for text in doc.texts("en"):
            s = text.text
            if not any(c in s for c in "-/."):
                continue
            for m in _DATE.finditer(s):
                if re.search(
                    r"(?:\bv|\bver\.?|version|release|build)\s*\Z", s[max(0, m.start() - 10) : m.start()], re.I
                ):
                    continue  # version 1.2.2017
                if m.group("y1"):
                    mo, d = int(m.group("m1")), int(m.group("d1"))
                    if not _ymd(mo, d):
                        continue
                    fmt = f"year{m.group('s1')}month{m.group('s1')}day"
                else:
                    a, b = int(m.group("a")), int(m.group("b"))
                    if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
                        continue
                    sep = m.group("s2")
                    if a == b or (a <= 12 and b <= 12):
                        fmt = f"dd{sep}mm{sep}yyyy or mm{sep}dd{sep}yyyy"
                    elif a > 12:
                        fmt = f"day{sep}month{sep}year"
                    else:
                        fmt = f"month{sep}day{sep}year"
                found.append((text, m, fmt))
        if not found:
            return
        counts: dict[str, int] = {}
        for _t, _m, fmt in found:
            counts[fmt] = counts.get(fmt, 0) + 1
        # the draft's main format: the most frequent unambiguous one
        clear = {f: n for f, n in counts.items() if " or " not in f}
        main = max(clear, key=lambda f: (clear[f], f.startswith("year"))) if clear else None
        for text, m, fmt in found:
            shown = m.group()
            if " or " in fmt:
                a, b, y = int(m.group("a")), int(m.group("b")), m.group("y2")
                if a == b:
                    if main is None or main == fmt:
                        continue  # 05-05-2017 is not ambiguous
                    yield self.finding(
                        text,
                        m.start(),
                        m.end(),
                        f"date {shown} is not in the draft's main format ({main})",
                        suggestion=self._as(m, main),
                    )
                    continue
                msg = (
                    f"ambiguous date {shown}: {a} {_MONTHS[b - 1]} {y} or {b} {_MONTHS[a - 1]} {y}? "
                    f"write the month in words or use {y}-MM-DD"
                )
                yield self.finding(text, m.start(), m.end(), msg)
            elif main is not None and fmt != main:
                yield self.finding(
                    text,
                    m.start(),
                    m.end(),
                    f"date {shown} ({fmt}) is not in the draft's main format ({main})",
                    suggestion=self._as(m, main),
                )

    @staticmethod
    def _as(m: re.Match[str], main: str) -> str | None:
        if m.group("y1"):
            y, mo, d = m.group("y1"), int(m.group("m1")), int(m.group("d1"))
        else:
            y, a, b = m.group("y2"), int(m.group("a")), int(m.group("b"))
            mo, d = (b, a) if a > 12 else (a, b)
        sep = next(c for c in main if c in "-/.")
        if main.startswith("year"):
            return f"{y}{sep}{mo:02d}{sep}{d:02d}"
        if main.startswith("day"):
            return f"{d:02d}{sep}{mo:02d}{sep}{y}"
        return f"{mo:02d}{sep}{d:02d}{sep}{y}"


@register
class TildeRange(TextCheck):
    id = "typo-tilde-range"
    family = FAMILY
    severity = Severity.MINOR
    langs = ("en",)
    description = "A range written with a tilde in English (1/5~1/4): a Chinese convention; use an en dash or 'to'."

    _RX = re.compile(r"(?<=\d)(\s*(?:%|[A-Za-z°℃]{1,3})?)(\s*[~～〜]\s*)(?=[-+−]?\d)")

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        if "~" not in s and "～" not in s and "〜" not in s:
            return
        spans = _url_spans(s)
        for m in self._RX.finditer(s):
            i, j = m.start(2), m.end(2)
            if spans and _inside(spans, i):
                continue
            yield self.finding(
                text,
                i,
                j,
                "a tilde range is a Chinese convention: write an en dash (–) or 'to'",
                suggestion="–",
            )


# ---------------------------------------------------------------------------------------------
# Chinese

_HALF_ZH = re.compile(r"[ \t]*(?:\.{3,}|(?<!…)…(?!…)|[,:;!?]+|\.)[ \t]*")
_ZH_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", ".": "。"}
_ZH_NEIGHBOUR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u3011\uff01-\uff0f\uff1a-\uff1f]")


def _zh_side(s: str, i: int, step: int) -> str:
    """The first character from `i` in direction `step` that is not a space or a quote mark
    (a closing ” after 他说 still has Chinese before it)."""
    n = len(s)
    k = i
    while 0 <= k < n and s[k] in " \t\u00a0“”‘’\"'":
        k += step
    return s[k] if 0 <= k < n else ""


def _is_zh_char(ch: str) -> bool:
    return bool(ch) and (is_han(ch) or ch in "，。、；：！？…—（）《》「」『』【】")


@register
class HalfWidthInChinese(TextCheck):
    id = "typo-halfwidth-in-zh"
    family = FAMILY
    severity = Severity.MINOR
    langs = ("zh",)
    description = (
        "Half-width punctuation , . : ; ! ? ( ) next to Chinese characters in Chinese text: use ，。：；！？（）."
    )

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        if not any(c in s for c in ",.:;!?()…"):
            return
        spans = _url_spans(s)
        for m in _HALF_ZH.finditer(s):
            core = m.group().strip(" \t")
            if not core:
                continue
            cs = m.start() + m.group().index(core[0])
            ce = cs + len(core)
            if spans and _inside(spans, cs):
                continue
            left = s[cs - 1] if cs else ""
            right = s[ce] if ce < len(s) else ""
            if core[0] in ":;" and re.match(r"[:;]-?[()DPp]", s[cs : cs + 3]):
                continue  # :) ;-)
            if left.isdigit() and right.isdigit():
                continue  # 3.5, 12:30, 1,000
            if core[0] == "." and not core.startswith(".."):
                # a full stop: only right after Chinese, and at the end of a sentence
                lz = _is_zh_char(_zh_side(s, cs - 1, -1)) and not _is_latin_alnum(left)
                if not lz or (right and not (right.isspace() or _is_zh_char(right) or right in "”’\"')）")):
                    continue
            elif core[0] in ".…":  # an ellipsis after Chinese: ……
                if not _is_zh_char(_zh_side(s, cs - 1, -1)) or _is_latin_alnum(left):
                    continue
            else:
                lz = _is_zh_char(_zh_side(s, cs - 1, -1)) and not _is_latin_alnum(left)
                rz = bool(right) and is_han(right) and not left.isdigit()
                if not (lz or rz):
                    continue
            # the span: the punctuation with the spaces around it (Chinese punctuation takes none)
            a = m.start() if _is_zh_char(_zh_side(s, cs - 1, -1)) else cs
            b = ce
            while b < len(s) and s[b] in " \t" and _is_zh_char(_zh_side(s, b, 1)):
                b += 1
            if core[0] in ".…":
                sugg = "……" if len(core) > 1 or core == "…" else "。"
                if core == "…":
                    sugg = "……"
            else:
                sugg = "".join(_ZH_FULL[c] for c in core)
            yield self.finding(
                text,
                a,
                b,
                f"half-width {core!r} in Chinese text",
                suggestion=sugg,
            )
        if "(" in s or ")" in s:
            yield from self._brackets(text, s, spans)

    def _brackets(self, text: Text, s: str, spans: list[tuple[int, int]]) -> Iterator[Finding]:
        stack: list[int] = []
        pairs: list[tuple[int, int]] = []
        lone: list[int] = []
        for i, ch in enumerate(s):
            if ch not in "()" or (spans and _inside(spans, i)):
                continue
            if i and s[i - 1] in ":;" or (i > 1 and s[i - 1] == "-" and s[i - 2] in ":;"):
                continue  # :) ;-)
            if ch == "(":
                stack.append(i)
            elif stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
        lone.extend(stack)
        for i, j in pairs:
            inner = s[i + 1 : j]
            left = s[i - 1] if i else ""
            right = s[j + 1] if j + 1 < len(s) else ""
            han_inside = any(is_han(c) for c in inner)
            if _is_latin_alnum(left) and not han_inside:
                continue  # f(x), Python(3.11)
            if not (han_inside or _is_zh_char(left) or (right and is_han(right))):
                continue  # 病毒 (SARS-CoV-2)：Latin in brackets, spaced off like other Latin text
            if j - i <= 30 and "\n" not in inner:
                yield self.finding(
                    text,
                    i,
                    j + 1,
                    "half-width brackets in Chinese text",
                    suggestion=f"（{inner}）",
                )
            else:
                yield self.finding(text, i, i + 1, "half-width bracket '(' in Chinese text", suggestion="（")
                yield self.finding(text, j, j + 1, "half-width bracket ')' in Chinese text", suggestion="）")
        for i in sorted(lone):
            if _han_at(s, i - 1) or _han_at(s, i + 1):
                yield self.finding(
                    text,
                    i,
                    i + 1,
                    f"half-width bracket {s[i]!r} in Chinese text",
                    suggestion="（" if s[i] == "(" else "）",
                )


def _traditional(lang: str) -> bool:
    return lang.lower() in ("zh-tw", "zh-hk", "zh-mo", "zh-hant") or lang.lower().startswith("zh-hant")


@register
class StraightQuotesInChinese(TextCheck):
    id = "typo-straight-quotes-zh"
    family = FAMILY
    severity = Severity.MINOR
    langs = ("zh",)
    description = "Straight quotes \" or ' in Chinese text: use “” ‘’ (「」 『』 in Traditional Chinese)."

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        if '"' not in s and "'" not in s:
            return
        spans = _url_spans(s)
        trad = _traditional(text.lang)
        for q, (op, cl) in (('"', ("「", "」") if trad else ("“", "”")), ("'", ("『", "』") if trad else ("‘", "’"))):
            if q not in s:
                continue
            marks = []
            for i, ch in enumerate(s):
                if ch != q or (spans and _inside(spans, i)):
                    continue
                left = s[i - 1] if i else ""
                right = s[i + 1] if i + 1 < len(s) else ""
                if left.isdigit():
                    continue  # 5'11", 30"
                if q == "'" and left.isalpha() and right.isalpha() and not (is_han(left) or is_han(right)):
                    continue  # Gu'an, don't
                if q == "'" and left.isascii() and left.isalpha() and not right.isalpha():
                    continue  # students' (an English possessive inside Chinese text)
                marks.append(i)
            k = 0
            while k < len(marks):
                i = marks[k]
                j = marks[k + 1] if k + 1 < len(marks) else -1
                if j > 0 and "\n\n" not in s[i:j]:
                    inner = s[i + 1 : j]
                    zh = any(is_han(c) for c in inner) or _han_at(s, i - 1) or _han_at(s, j + 1)
                    if zh:
                        if j - i <= 30 and "\n" not in inner:
                            yield self.finding(
                                text,
                                i,
                                j + 1,
                                f"straight quotes {q}…{q} in Chinese text",
                                suggestion=f"{op}{inner}{cl}",
                            )
                        else:
                            yield self.finding(text, i, i + 1, f"straight quote {q} in Chinese text", suggestion=op)
                            yield self.finding(text, j, j + 1, f"straight quote {q} in Chinese text", suggestion=cl)
                    k += 2
                    continue
                if _han_at(s, i - 1) or _han_at(s, i + 1):
                    opening = not _han_at(s, i - 1) or _han_at(s, i + 1)
                    yield self.finding(
                        text, i, i + 1, f"straight quote {q} in Chinese text", suggestion=op if opening else cl
                    )
                k += 1


_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.%_/'’-]*[A-Za-z0-9+#%]|[A-Za-z0-9]")
_DATE_UNIT = re.compile(r"\d+\s*[年月日时点分秒号]")


@register
class CJKLatinSpacing(TextCheck):
    id = "typo-cjk-latin-spacing"
    family = FAMILY
    severity = Severity.INFO
    langs = ("zh",)
    default_enabled = False
    description = "Optional policy: a space between Chinese characters and Latin letters or digits (require or forbid)."

    _FORBID = re.compile(
        r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])([ \u00a0]+)(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])([ \u00a0]+)(?=[\u3400-\u4dbf\u4e00-\u9fff])"
    )

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        policy = ctx.style.get("cjk_latin_space", "off")
        s = text.text
        if policy == "off" or s.isascii():
            return
        spans = _url_spans(s)
        if policy == "forbid":
            for m in self._FORBID.finditer(s):
                if spans and _inside(spans, m.start()):
                    continue
                yield self.finding(
                    text,
                    m.start(),
                    m.end(),
                    "a space between Chinese and Latin text (house style: none)",
                    suggestion="",
                )
            return
        for m in _LATIN_RUN.finditer(s):
            a, b = m.start(), m.end()
            if spans and _inside(spans, a):
                continue
            left = _han_at(s, a - 1)
            right = _han_at(s, b)
            if m.group().isdigit() and _DATE_UNIT.match(s, a):
                continue  # 2021年3月26日, 截止到3月19日, 10点30分: dates and times take no spaces
            if not (left or right):
                continue
            run = m.group()
            yield self.finding(
                text,
                a,
                b,
                f"no space between Chinese and {run!r} (house style: a space)",
                suggestion=(" " if left else "") + run + (" " if right else ""),
            )


# ---------------------------------------------------------------------------------------------
# both languages: unpaired brackets and quotes

_PAIR_OPEN = {
    "(": ")",
    "[": "]",
    "（": "）",
    "【": "】",
    "《": "》",
    "〈": "〉",
    "「": "」",
    "『": "』",
    "〔": "〕",
    "〖": "〗",
    "“": "”",
    "‘": "’",
}
_PAIR_CLOSE = {v: k for k, v in _PAIR_OPEN.items()}
_PAIR_RX = re.compile("[" + re.escape("".join(_PAIR_OPEN) + "".join(_PAIR_CLOSE)) + "]")
_QUOTES = "“‘「『"
_LIST_MARKER = re.compile(
    r"(?:^|[\s(（>•·:：;；,，、])(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5}|[一二三四五六七八九十]{1,3})\Z"
)


@dataclass
class _Open:
    text: Text
    unit: int
    start: int
    char: str


@register
class Unpaired(DocumentCheck):
    id = "typo-unpaired"
    family = FAMILY
    severity = Severity.MINOR
    langs = None
    description = "An opening bracket or quote without its closing one (or the reverse) in a paragraph."

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        groups: dict[str, list[Text]] = {}
        for seg in doc.segments:
            for t in seg.texts():
                groups.setdefault(t.side or "", []).append(t)
        for texts in groups.values():
            yield from self._side(texts)

    def _side(self, texts: list[Text]) -> Iterator[Finding]:
        pending: list[_Open] = []  # unmatched openers of earlier units
        out: list[tuple[Text, int, str]] = []
        for n, text in enumerate(texts):
            openers, closers = self._scan(text)
            if not openers and not closers and not pending:
                continue
            head = text.text.lstrip(" \t\n\u3000•·-*>")
            # a quotation running over paragraphs reopens each one with its opening quote
            still: list[_Open] = []
            for p in pending:
                if p.char in _QUOTES and p.unit == n - 1 and head.startswith(p.char):
                    continue
                still.append(p)
            pending = still
            for i, ch in closers:
                want = _PAIR_CLOSE[ch]
                match = next(
                    (
                        k
                        for k in range(len(pending) - 1, -1, -1)
                        if pending[k].char == want and n - pending[k].unit <= 10
                    ),
                    None,
                )
                if match is not None:
                    del pending[match]  # a quotation or bracket split over segments (sentences)
                else:
                    out.append((text, i, ch))
            pending.extend(_Open(text, n, i, ch) for i, ch in openers)
        for p in pending:
            out.append((p.text, p.start, p.char))
        for text, i, ch in out:
            if ch in _PAIR_OPEN:
                msg = f"unpaired {ch!r}: no closing {_PAIR_OPEN[ch]!r} after it"
            else:
                msg = f"unpaired {ch!r}: no opening {_PAIR_CLOSE[ch]!r} before it"
            yield self.finding(text, i, i + 1, msg)

    @staticmethod
    def _scan(text: Text) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """Unmatched openers and closers of one text (each kind paired on its own)."""
        s = text.text
        if not _PAIR_RX.search(s):
            return [], []
        spans = _url_spans(s)
        stacks: dict[str, list[int]] = {}
        closers: list[tuple[int, str]] = []
        for m in _PAIR_RX.finditer(s):
            i, ch = m.start(), m.group()
            if spans and _inside(spans, i) or (text.masked and text.is_masked(i)):
                continue
            prev = s[i - 1] if i else ""
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if ch in "()[]" and (prev and prev in ":;=" or (prev == "-" and s[i - 2 : i - 1] in (":", ";"))):
                continue  # :) ;-) :( =)
            if ch in "‘’" and prev.isalpha() and nxt.isalpha():
                continue  # an apostrophe: it’s, Gu’an (and Gu‘an, mistyped)
            if ch == "‘" and nxt.isdigit():
                continue  # ‘90s
            if ch in _PAIR_OPEN:
                stacks.setdefault(ch, []).append(i)
                continue
            want = _PAIR_CLOSE[ch]
            if stacks.get(want):
                stacks[want].pop()
                continue
            if ch == "’":
                continue  # an apostrophe (scientists’) unless a ‘ is open
            if ch in ")）" and _LIST_MARKER.search(s[s.rfind("\n", 0, i) + 1 : i]):
                continue  # 1) a) iv) 一）
            closers.append((i, ch))
        openers = sorted((i, ch) for ch, st in stacks.items() for i in st)
        return openers, closers
