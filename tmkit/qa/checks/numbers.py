"""QA checks of the numbers family: the numbers of a bilingual segment, source against target.

`number-mismatch` reads every number of both sides by value with `tmkit.text.numbers` (so
"12,000" = "1.2万", "14th Five-Year Plan" = 十四五, "May 21" = 5月21日, full-width digits alike)
and compares the two multisets of values; order does not matter.

Some numbers come and go in good translation, so they may *match* a number of the other side but
are never *reported* when they have no partner ("soft" numbers):

* one and first, 一 and 首: "one of the", "No one", 一个, 一批 are words more than quantities;
* enumerators: "Firstly", "Second,", 一是, 二是, 其一;
* approximations in Chinese: 几十, 数十, 十几 (dozens), 上百;
* words that carry a number without a numeral: "both", "twice", "double", "pair", "dozen",
  "half" in English; 双 (双方 "the two sides"), 俩, 半 in Chinese. These never count on their own,
  they only stand in for a number of the other side (English "two sides" = 双方).

docs/reference/checks/number-mismatch.md has the examples.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tmkit.qa.base import Finding, PairCheck, Severity
from tmkit.qa.context import QAContext
from tmkit.qa.document import Segment, Text
from tmkit.qa.registry import register
from tmkit.text.numbers import NumberMatch, number_key


@dataclass(frozen=True, slots=True)
class _Num:
    start: int
    end: int
    text: str
    key: str
    value: float
    soft: bool  # may match, never reported
    alts: tuple[str, ...] = ()  # other values it may stand for (keys)


# Words that stand for a number without being numerals, by language: (pattern, value). They only
# ever stand in for a number of the other side (soft).
_EN_IMPLIED_WORDS = {
    "both": 2,
    "twice": 2,
    "double": 2,
    "pair": 2,
    "couple": 2,
    "twin": 2,
    "twins": 2,
    "dozen": 12,
    "half": 0.5,
    "once": 1,
    "firstly": 1,
    "secondly": 2,
    "thirdly": 3,
    "fourthly": 4,
    "fifthly": 5,
    "noon": 12,
    "midnight": 12,
    # weekdays: 星期一 ... 星期六
    "monday": 1,
    "mondays": 1,
    "tuesday": 2,
    "tuesdays": 2,
    "wednesday": 3,
    "wednesdays": 3,
    "thursday": 4,
    "thursdays": 4,
    "friday": 5,
    "fridays": 5,
    "saturday": 6,
    "saturdays": 6,
    # "in his twenties": 二十多岁
    "teens": 10,
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
    # fractions: "two thirds" = 三分之二
    "halves": 2,
    "thirds": 3,
    "fourths": 4,
    "quarters": 4,
    "quarter": 4,
    "fifths": 5,
    "sixths": 6,
    "sevenths": 7,
    "eighths": 8,
    "ninths": 9,
    "tenths": 10,
    "hundredths": 100,
}
_EN_IMPLIED = [
    (re.compile(r"\b(?:" + "|".join(_EN_IMPLIED_WORDS) + r")\b", re.IGNORECASE), None),
    # Roman numerals: World War II = 第二次世界大战, Phase III
    (re.compile(r"\b(?=[IVX]{2,}\b)X{0,3}(?:IX|IV|V?I{0,3})\b"), "roman"),
    # "May" is read as a month only next to a day or a year: "May flowers" = 五月花
    (re.compile(r"\bMay\b"), "may"),
]
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(word: str) -> float:
    total = 0
    for k, ch in enumerate(word):
        v = _ROMAN[ch]
        total += -v if k + 1 < len(word) and _ROMAN[word[k + 1]] > v else v
    return float(total)


_ZH_IMPLIED = [
    # 双方 "the two sides", 俩 "the two of them"
    (re.compile("[双雙俩倆]"), 2.0),
    (re.compile("半"), 0.5),
    # 点半 "half past": :30; 半小时 "30 minutes"
    (re.compile("(?<=[点點时時])半|半(?=个?小时|個?小時|个?钟头)"), 30.0),
    (re.compile("首(?=[次届屆个個批位家款台部])"), 1.0),
    (re.compile("百分之百"), 100.0),
    (re.compile("头号|頭號"), 1.0),
    # 百万 and 千万 with no numeral before them: "a million", "tens of millions"
    (re.compile("(?<![零〇一二两兩三四五六七八九十百千])百[万萬]"), 1e6),
    (re.compile("(?<![零〇一二两兩三四五六七八九十百千])千[万萬]"), 1e7),
    # 数百, 几千, 上万: "hundreds", "several thousand"
    (re.compile("(?<=[数數几幾上成])百"), 100.0),
    (re.compile("(?<=[数數几幾上成])千"), 1000.0),
    (re.compile("(?<=[数數几幾上成])[万萬]"), 1e4),
]

_TIMES_AFTER = re.compile(r"[ -](decades|dozen)\b", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:to|and|or|-|–|—|~|～|至|到|或)\s*")
_LEADING_DIGITS = re.compile(r"[\d,]+(?:\.\d+)?")
_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_DECADE = re.compile(r"\b(1[0-9][0-9]0)['’]?s\b")

# "First, ...", "Second; ..." at the start of a clause: an enumerator.
_EN_ENUM_BEFORE = re.compile(r"(?:^|[.;:!?\n(]\s*|\b(?:and|then)\s+)$", re.IGNORECASE)
_ZH_APPROX_BEFORE = "几幾数數上近约約"  # 几十, 数十, 上百
_ZH_APPROX_AFTER = "几幾余餘来來"  # 十几, 十余, 十来
_ZH_WEEKDAY = ("星期", "礼拜", "禮拜", "周", "週")
_ORDINAL_WORDS = frozenset(["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"])


_NAME_AFTER = re.compile(r"[ \u00a0][A-Z][a-z]+")
_DATE_PREPOSITIONS = frozenset(
    [
        "in",
        "on",
        "of",
        "since",
        "until",
        "till",
        "from",
        "by",
        "early",
        "late",
        "mid",
        "last",
        "next",
        "this",
        "before",
        "after",
    ]
)


def _soft_en(text: str, m: NumberMatch, prev: NumberMatch | None) -> bool:
    if m.kind == "digits":
        if text[m.start - 1 : m.start] == ":" and prev is not None and prev.end == m.start - 1:
            return m.text in ("00", "15", "30", "45")  # 7:00 = 七点, 8:30 = 八点半
        return False
    if m.kind == "month" and _NAME_AFTER.match(text, m.end):
        before = text[max(0, m.start - 12) : m.start].split()
        if not before or before[-1].lower() not in _DATE_PREPOSITIONS:
            return True  # June Almeida, a person
    if m.value == 1:
        return True
    word = m.text.lower()
    if m.kind == "words" and word in _ORDINAL_WORDS:
        if text[m.end : m.end + 1] in (",", ":", ")") and _EN_ENUM_BEFORE.search(text[: m.start]):
            return True  # "Second, ..." enumerates
        if word == "second":
            before = text[max(0, m.start - 8) : m.start].lower()
            if before.endswith(("a ", "per ", "one ")) or text[m.end : m.end + 5].lower() == "-hand":
                return True  # "a second", "per second": time; "second-hand" = 二手
    # "eight-thirty" = 八点半
    return prev is not None and prev.end == m.start - 1 and text[prev.end] == "-" and m.value in (15, 30, 45)


_LATIN_BRACKETS = re.compile(r"[(（][^()（）]*[A-Za-z][^()（）]*[)）]")


def _soft_zh(text: str, m: NumberMatch, quoted: list[tuple[int, int]]) -> bool:
    if m.kind != "han":
        if m.value == 1 and m.text == "1":
            return True  # 1 名中国人 "a Chinese person"
        if any(a <= m.start < b for a, b in quoted):
            return True  # 冠状病毒 2 (Severe Acute Respiratory Syndrome Coronavirus 2): the English name again
        return bool(text[m.end : m.end + 1] == "折")  # 7折 = 30% off
    if m.value == 1 or m.text in ("两", "兩"):
        return True  # 一个, 一批, 1 名 ("a"); 两国, 这两种药 ("the two countries", "the drugs")
    before = text[m.start - 1 : m.start] if m.start else ""
    after = text[m.end : m.end + 1]
    if m.text == "十" and after and after in "多几幾余餘来來":
        return True  # 十多 "a dozen or more"
    if after in ("是", "折", "者") or before == "其":
        return True  # 一是, 二是; 其一, 其二; 九折 (10% off); 两者 (both)
    if before == "第" and m.value == 2 and after and after in "天日年":
        return True  # 第二天 "the next day"
    if text[max(0, m.start - 2) : m.start].endswith(_ZH_WEEKDAY) and m.value <= 6:
        return True  # 星期四 = Thursday, 周六 = Saturday
    if before and before in _ZH_APPROX_BEFORE and m.text[0] in "十百千":
        return True  # 几十, 数百: "dozens", "hundreds"
    return bool(after and after in _ZH_APPROX_AFTER and m.text[-1] in "十百千万")  # 十几, 三十余


def numbers_of(text: Text, ctx: QAContext) -> list[_Num]:
    """The numbers of one side: each with its soft flag and the other values it may stand for
    (`alts`), then the implied ones (always soft)."""
    cached = text.cache.get("numbers-qa")
    if cached is not None:
        return cached  # type: ignore[return-value]
    s = text.text
    zh = text.family == "zh"
    out: list[_Num] = []
    prev: NumberMatch | None = None
    quoted = [mm.span() for mm in _LATIN_BRACKETS.finditer(s)] if zh and ("(" in s or "（" in s) else []
    nums = [m for m in ctx.numbers(text) if not (text.masked and text.is_masked(m.start, m.end))]
    for k, m in enumerate(nums):
        soft = _soft_zh(s, m, quoted) if zh else _soft_en(s, m, prev)
        alts: list[float] = []
        times = _TIMES_AFTER.match(s, m.end) if not zh else None
        if times:  # "two decades" = 二十年, "two dozen" = 24
            alts.append(m.value * (10 if times.group(1).lower().startswith("decade") else 12))
        if zh and s[m.end : m.end + 1] == "折" and m.value < 10:
            alts.append(round((10 - m.value) * 10, 6))  # 九折 = 10% off
        if (
            m.kind == "digits"
            and len(m.text) == 2
            and prev is not None
            and len(prev.text) == 4
            and prev.text.isdigit()
            and prev.end == m.start - 1
            and s[prev.end] in "-–/"
        ):
            alts.append(float(prev.text[:2] + m.text))  # 2010–11 = 2010-2011
        nxt = nums[k + 1] if k + 1 < len(nums) else None
        if nxt is not None:
            scale = _shared_scale(s, m, nxt)
            if scale:
                alts.append(m.value * scale)  # "between 14 and 22 million", "2.6 至 3.2 万"
        out.append(_Num(m.start, m.end, m.text, m.key, m.value, soft, tuple(number_key(v) for v in alts)))
        prev = m
    if not zh:
        for dm in _DECADE.finditer(s):
            # the 1930s = 20世纪30年代 = 1930年代
            year = int(dm.group(1))
            for value in (float(year), float(year // 100 + 1), float(year % 100)):
                out.append(_Num(dm.start(), dm.end(), dm.group(), number_key(value), value, True))
    if zh:
        for rx, value in _ZH_IMPLIED:
            for im in rx.finditer(s):
                out.append(_Num(im.start(), im.end(), im.group(), number_key(value), value, True))
    else:
        for rx, kind in _EN_IMPLIED:
            for im in rx.finditer(s):
                word = im.group()
                if kind == "roman":
                    value = _roman(word)
                elif kind == "may":
                    value = 5.0
                else:
                    value = float(_EN_IMPLIED_WORDS[word.lower()])
                out.append(_Num(im.start(), im.end(), word, number_key(value), value, True))
    text.cache["numbers-qa"] = out
    return out


def _shared_scale(s: str, m: NumberMatch, nxt: NumberMatch) -> float:
    """The scale of `nxt` when `m` is the first number of a range sharing it ("14 and 22
    million"), else 0."""
    if m.kind != "digits" or nxt.kind != "digits" or not _RANGE_GAP.fullmatch(s, m.end, nxt.start):
        return 0.0
    lead = _LEADING_DIGITS.match(nxt.text.translate(_WIDTH_DIGITS))
    if lead is None or lead.end() == len(nxt.text) or not _LEADING_DIGITS.fullmatch(m.text.translate(_WIDTH_DIGITS)):
        return 0.0
    try:
        scale = nxt.value / float(lead.group().replace(",", ""))
    except (ValueError, ZeroDivisionError):
        return 0.0
    return scale if scale >= 100 else 0.0


def _unmatched(a: list[_Num], b: list[_Num]) -> tuple[list[_Num], list[_Num]]:
    """The hard numbers of each side left without a partner of equal value on the other side.

    Equal values pair first (hard numbers before soft ones); then a number left over may pair by
    one of its other readings (`alts`) with a number left over on the other side."""
    left_a: dict[str, list[_Num]] = defaultdict(list)
    left_b: dict[str, list[_Num]] = defaultdict(list)
    for n in sorted(a, key=lambda n: n.soft):
        left_a[n.key].append(n)
    for n in sorted(b, key=lambda n: n.soft):
        left_b[n.key].append(n)
    for key in list(left_a):
        if key in left_b:
            k = min(len(left_a[key]), len(left_b[key]))
            del left_a[key][:k]
            del left_b[key][:k]
    for mine, theirs in ((left_a, left_b), (left_b, left_a)):
        for group in mine.values():
            for n in list(group):
                for alt in n.alts:
                    if theirs.get(alt):
                        theirs[alt].pop(0)
                        group.remove(n)
                        break
    return (
        sorted((n for g in left_a.values() for n in g if not n.soft), key=lambda n: n.start),
        sorted((n for g in left_b.values() for n in g if not n.soft), key=lambda n: n.start),
    )


def _display(n: _Num, text: str) -> str:
    value = n.value
    shown = f"{int(n.key):,}" if n.key.lstrip("-").isdigit() and abs(value) >= 10000 else n.key
    written = n.text
    # a day next to its month: "May 21", "21 May"
    if n.text.isdigit() and len(n.text) <= 2:
        before = re.search(r"([A-Z][a-z]{2,8}\.?)[ \u00a0]$", text[max(0, n.start - 12) : n.start])
        after = re.match(r"[ \u00a0]([A-Z][a-z]{2,8})\b", text[n.end : n.end + 12])
        if before and before.group(1).rstrip(".").lower() in _MONTH_NAMES:
            written = text[n.start - len(before.group()) : n.end]
        elif after and after.group(1).lower() in _MONTH_NAMES:
            written = text[n.start : n.end + len(after.group())]
    return shown if written == shown else f"{shown} ({written})"


_MONTH_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


@register
class NumberMismatch(PairCheck):
    id = "number-mismatch"
    family = "numbers"
    severity = Severity.CRITICAL
    description = "A number of the source is missing from the target, or the target has a number the source has not."

    def check_pair(self, segment: Segment, ctx: QAContext) -> Iterable[Finding]:
        src, tgt = segment.source, segment.target
        if src is None or tgt is None or not src.text.strip() or not tgt.text.strip():
            return
        a = numbers_of(src, ctx)
        b = numbers_of(tgt, ctx)
        if not a and not b:
            return
        missing, extra = _unmatched(a, b)
        for n in missing:
            yield self.finding(src, n.start, n.end, f"{_display(n, src.text)} is not in the target")
        for n in extra:
            yield self.finding(
                tgt, n.start, n.end, f"{_display(n, tgt.text)} is not in the source", severity=Severity.MAJOR
            )
