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
from functools import lru_cache

from tmkit.qa.base import Finding, PairCheck, Severity
from tmkit.qa.context import QAContext
from tmkit.qa.document import Segment, Text
from tmkit.qa.registry import register
from tmkit.text.numbers import NumberMatch, find_word_numerals, number_key


@dataclass(frozen=True, slots=True)
class _Num:
    start: int
    end: int
    text: str
    key: str
    value: float
    soft: bool  # may match, never reported
    alts: tuple[str, ...] = ()  # other values it may stand for (keys)
    join: tuple[str, ...] = ()  # values it stands for together with the next number (100 000)
    kind: str = ""


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
    # "two zeros" = 两个零; "triple the rate" = 三倍; "secondary cases" = 二代病例
    "zeros": 0,
    "zeroes": 0,
    "triple": 3,
    "tripled": 3,
    "triples": 3,
    "triplets": 3,
    "tricolored": 3,
    "tricoloured": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "secondary": 2,
}
_EN_IMPLIED = [
    (re.compile(r"\b(?:" + "|".join(_EN_IMPLIED_WORDS) + r")\b", re.IGNORECASE), None),
    # Roman numerals: World War II = 第二次世界大战, Phase III
    (re.compile(r"\b(?=[IVX]{2,}\b)X{0,3}(?:IX|IV|V?I{0,3})\b"), "roman"),
    # "May" is read as a month only next to a day or a year: "May flowers" = 五月花
    (re.compile(r"\bMay\b"), "may"),
    # trichloro-, triclosan = 三氯沙
    (re.compile(r"\btri(?:chlor|clos)\w*", re.IGNORECASE), "tri"),
    # a number glued to a name: interleukin-6 = 白细胞介素 6, NASDAQ-100 = 纳斯达克 100, Arg9
    (re.compile(r"(?<=[A-Za-z])-?\d+(?:\.\d+)?(?![\d.]*[A-Za-z])"), "glued"),
    # "in their 50s" = 50-60 岁
    (re.compile(r"\b[1-9]0['’]?s\b"), "decade"),
]
_EN_IMPLIED_LOWER = re.compile(r"\b(?:" + "|".join(_EN_IMPLIED_WORDS) + r")\b")  # for lower-case ASCII
_IMPLIED_WORD_SET = frozenset(_EN_IMPLIED_WORDS)
_ASCII_WORD = re.compile(r"[a-z]+")  # on lower-case text: a \b-delimited word of a-z is one of these runs
_ROMAN = {"I": 1, "V": 5, "X": 10}
_DIGIT = re.compile(r"\d")
_ROMAN_PAIR = re.compile("[IVX]{2}")


def _maybe_idiom(s: str, low: str) -> bool:
    """Whether _EN_IDIOMS may match (what each of its words needs)."""
    # (IGNORECASE also lets a few non-ASCII letters match: ı for i; those texts are scanned)
    return "24/7" in s or "fifty" in low or "ground" in low or not s.isascii()


def _may_match(kind: str | None, s: str, low: str, digit: bool) -> bool:
    """Whether the _EN_IMPLIED pattern of `kind` may match `s` (`low` is s.lower(), `digit`
    whether it holds a digit): a text without what the pattern needs is not scanned."""
    if kind is None:
        return True
    if kind == "roman":
        return _ROMAN_PAIR.search(s) is not None
    if kind == "may":
        return "May" in s
    if kind == "tri":
        return "tri" in low or not s.isascii()
    return digit  # glued, decade


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
#: a character each of the _ZH_IMPLIED patterns needs: a text without one has none of them
_ZH_IMPLIED_GATE = re.compile("[双雙俩倆半首百头頭千万萬]")

_TIMES_AFTER = re.compile(r"[ -](decades|dozen)\b", re.IGNORECASE)
# "26 to 32 kilobases" = 2.6 至 3.2 万个碱基
_KILO_AFTER = re.compile(r"[ -]?(?:kilobases?|kilobase pairs|kb)\b")
_RANGE_KILO = re.compile(r"\s*(?:to|and|or|-|–|—)\s*[\d.,]+[ -]?(?:kilobases?|kilobase pairs|kb)\b")
# 11 p.m. = 23点
_PM_AFTER = re.compile(r"(?::00)?\s?(?:p\.m\.?|pm\b|P\.M\.?|PM\b)")
# "a quarter to three" = 两点四十五分, "quarter past three" = 三点十五分, "half past two" = 两点半
_CLOCK = re.compile(r"\b(?:(a )?(quarter)|(half)) (to|past) (?=\w)", re.IGNORECASE)
# idioms with a number that is not a quantity: 24/7 (全天候), fifty-fifty (平分), ground zero (原点)
_EN_IDIOMS = re.compile(r"\b(?:24/7|fifty-fifty|ground zero)\b", re.IGNORECASE)
# "100 000" (SI thousands separator) = 100,000
_SI_GROUPS = re.compile(r"[ \u00a0\u202f\u2009]\d{3}(?![\d,.])")
_EN_YEAR_PAIR = re.compile(r"[ -]")
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


_HALF_AFTER = re.compile(r" (?:half|trimester)\b", re.IGNORECASE)
_ZH_DATE_AFTER = re.compile(r"\s?[年月日号號]")
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
        if _HALF_AFTER.match(text, m.end):
            return True  # "the second half of March" = 3 月下半月, "third trimester" = 妊娠晚期
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
    if after and after in "氯氟溴碘" and m.value <= 4:
        return True  # 三氯沙 (triclosan), 二氟: a chemical prefix
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
    # what the English patterns need, to skip the scans that cannot match (same matches)
    low = s.lower() if not zh else ""
    digit = not zh and _DIGIT.search(s) is not None
    idioms = [im.span() for im in _EN_IDIOMS.finditer(s)] if not zh and _maybe_idiom(s, low) else []
    clock: dict[int, float] = {}  # start of the hour after "quarter to": its value as said in Chinese
    if not zh:
        for cm in _CLOCK.finditer(s) if ("quarter" in low or "half" in low or not s.isascii()) else ():
            minutes = 30.0 if cm.group(3) else (45.0 if cm.group(4).lower() == "to" else 15.0)
            out.append(_Num(cm.start(), cm.end(), cm.group(), number_key(minutes), minutes, True))
            if cm.group(4).lower() == "to":
                clock[cm.end()] = -1.0
    for k, m in enumerate(nums):
        soft = _soft_zh(s, m, quoted) if zh else _soft_en(s, m, prev)
        if any(a <= m.start < b for a, b in idioms):
            soft = True
        alts: list[float] = []
        join: list[float] = []
        if m.start in clock and m.value > 1:
            alts.append(m.value - 1)  # "quarter to three" = 两点四十五
        if not zh and m.kind == "digits" and m.value < 12 and _PM_AFTER.match(s, m.end):
            alts.append(m.value + 12)  # 11 p.m. = 23点
        if not zh and m.kind == "digits" and re.fullmatch(r"\d{1,3}\.\d{3}", m.text):
            alts.append(float(m.text.replace(".", "")))  # 42.000 participants: a European thousands point
        if not zh and m.kind == "digits" and (_KILO_AFTER.match(s, m.end) or _RANGE_KILO.match(s, m.end)):
            alts.append(m.value * 1000)  # 26 to 32 kilobases = 2.6 至 3.2 万
        if (
            zh
            and m.kind != "han"
            and s[m.start - 1 : m.start] == "-"
            and m.start > 1
            and "\u3400" <= s[m.start - 2] <= "\u9fff"
        ):
            soft = True  # 冠状病毒疾病-19: a name (CoV Disease-19)
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
            join_value = _joint_value(s, m, nxt)
            if join_value is not None:
                join.append(join_value)
        out.append(
            _Num(
                m.start,
                m.end,
                m.text,
                m.key,
                m.value,
                soft,
                tuple(number_key(v) for v in alts),
                tuple(number_key(v) for v in join),
                m.kind,
            )
        )
        prev = m
    if not zh:
        for dm in _DECADE.finditer(s) if digit else ():
            # the 1930s = 20世纪30年代 = 1930年代
            year = int(dm.group(1))
            for value in (float(year), float(year // 100 + 1), float(year % 100)):
                out.append(_Num(dm.start(), dm.end(), dm.group(), number_key(value), value, True))
    if zh:
        for m in find_word_numerals(s):
            if not (text.masked and text.is_masked(m.start, m.end)):
                out.append(_Num(m.start, m.end, m.text, m.key, m.value, True, kind="han"))  # 四处, 四周
        for rx, value in _ZH_IMPLIED if _ZH_IMPLIED_GATE.search(s) else ():
            for im in rx.finditer(s):
                out.append(_Num(im.start(), im.end(), im.group(), number_key(value), value, True))
    else:
        lowered = s.lower() if s.isascii() else None
        for rx, kind in _EN_IMPLIED:
            if not _may_match(kind, s, low, digit):
                continue
            # ASCII text: the case-sensitive pattern over the lower-cased text finds the same
            # spans, about three times faster than the IGNORECASE alternation
            lower_ok = kind is None and lowered is not None
            if lower_ok and _IMPLIED_WORD_SET.isdisjoint(_ASCII_WORD.findall(lowered)):  # type: ignore[arg-type]
                continue  # none of the words (the pattern matches whole words of a-z only)
            matches = _EN_IMPLIED_LOWER.finditer(lowered) if lower_ok else rx.finditer(s)  # type: ignore[arg-type]
            for im in matches:
                word = s[im.start() : im.end()]
                if kind == "roman":
                    value = _roman(word)
                elif kind == "may":
                    value = 5.0
                elif kind == "tri":
                    value = 3.0
                elif kind == "glued":
                    value = float(word.lstrip("-"))
                elif kind == "decade":
                    value = float(word[:2])
                    out.append(_Num(im.start(), im.end(), word, number_key(value + 10), value + 10, True))
                else:
                    value = float(_EN_IMPLIED_WORDS[word.lower()])
                out.append(_Num(im.start(), im.end(), word, number_key(value), value, True))
    text.cache["numbers-qa"] = out
    return out


def _joint_value(s: str, m: NumberMatch, nxt: NumberMatch) -> float | None:
    """What `m` and the number right after it say together, when they may be one number:
    "100 000" (a space between thousands) = 100000, "nineteen-ninety-seven" = 1997."""
    if m.kind == "digits" and nxt.kind == "digits" and re.fullmatch(r"\d{1,3}", m.text):
        gap = _SI_GROUPS.match(s, m.end)
        if gap and gap.end() == nxt.end:
            return m.value * 1000 + nxt.value
        return None
    if (
        m.kind == "words"
        and nxt.kind == "words"
        and nxt.start == m.end + 1
        and _EN_YEAR_PAIR.fullmatch(s, m.end, nxt.start)
        and 10 <= m.value <= 99
        and 0 <= nxt.value <= 99
    ):
        return m.value * 100 + nxt.value
    return None


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
    one of its other readings (`alts`) with a number left over on the other side, or two numbers
    left over by another reading each (26 kilobases, 2.6万); last, two numbers in a row may pair
    together with one of the other side (100 000 = 100,000; nineteen-ninety-seven = 1997)."""
    used_a = [False] * len(a)
    used_b = [False] * len(b)
    by_key: list[dict[str, list[int]]] = [defaultdict(list), defaultdict(list)]
    for side, nums in enumerate((a, b)):
        for k in sorted(range(len(nums)), key=lambda k: nums[k].soft):
            by_key[side][nums[k].key].append(k)

    def take(side: int, key: str) -> bool:
        used = used_b if side == 1 else used_a
        for k in by_key[side].get(key, ()):
            if not used[k]:
                used[k] = True
                return True
        return False

    for k in sorted(range(len(a)), key=lambda k: a[k].soft):
        if take(1, a[k].key):
            used_a[k] = True
    for mine, used, other in ((a, used_a, 1), (b, used_b, 0)):
        for k, n in enumerate(mine):
            if not used[k] and any(take(other, alt) for alt in n.alts):
                used[k] = True
    for ka, na in enumerate(a):
        if used_a[ka] or not na.alts:
            continue
        for kb, nb in enumerate(b):
            if not used_b[kb] and set(na.alts) & set(nb.alts):
                used_a[ka] = used_b[kb] = True
                break
    for mine, used, other in ((a, used_a, 1), (b, used_b, 0)):
        for k, n in enumerate(mine[:-1]):
            if n.join and not used[k] and not used[k + 1] and any(take(other, j) for j in n.join):
                used[k] = used[k + 1] = True
    return (
        sorted((n for k, n in enumerate(a) if not used_a[k] and not n.soft), key=lambda n: n.start),
        sorted((n for k, n in enumerate(b) if not used_b[k] and not n.soft), key=lambda n: n.start),
    )


_NUMERIC_GLOSS = re.compile(
    r"\b(?:\d{1,3}(?:st|nd|rd|th)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"(?:thir|four|fif|six|seven|eigh|nine)teen(?:th)?|(?:twen|thir|for|fif|six|seven|eigh|nine)t(?:y|ieth)|hundred\w*|thousand\w*|million\w*|billion\w*|first|second\w*|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|once|twice|both|double|"
    r"triple|single|pair|half|quarter|dozen|decade|century|millennium|percent|number|numeral|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
_GLOSS_PARENS = re.compile(r"\([^()]*\)")


def _in_plain_word(text: str, start: int, end: int) -> bool:
    """Whether the Chinese numeral at text[start:end] is inside a longer CC-CEDICT word whose
    first sense says no number: 五金 "metal hardware", 找零 "to give change", 安倍晋三 "Abe
    Shinzo", 五音不全 "tone deaf". (Not 五月 "May", 八成 "eighty percent", 二次 "second".)
    Asked only of numbers about to be reported. A word around the numeral holds its numeral
    characters: those words come from the lexicon's prepared cache (`_plain_words`), so the
    dictionary itself is not loaded."""
    if not any(ch in _NUMERAL_CHARS for ch in text[start:end]):
        return _in_plain_dictionary_word(text, start, end)
    plain, longest = _plain_words()
    for i in range(max(0, end - longest), start + 1):
        for j in range(min(len(text), i + longest), end - 1, -1):
            if j - i <= end - start:
                break
            if text[i:j] in plain:
                return True
    return False


def _in_plain_dictionary_word(text: str, start: int, end: int) -> bool:
    """`_in_plain_word` read from the dictionary itself."""
    from tmkit.align.lexicon import load_cedict

    cedict = load_cedict()
    longest = min(cedict.max_len, 8)
    for i in range(max(0, end - longest), start + 1):
        for j in range(min(len(text), i + longest), end - 1, -1):
            if j - i <= end - start:
                break
            if _plain_sense(cedict.senses(text[i:j])):
                return True
    return False


def _plain_sense(senses: list[str]) -> bool:
    """The first sense (not a classifier, variant or cross-reference note) says no number."""
    first = next((x for x in senses if not x.startswith(("CL:", "variant of", "see ", "old variant"))), "")
    return bool(first) and not _NUMERIC_GLOSS.search(_GLOSS_PARENS.sub(" ", first))


#: the characters of Chinese numerals (what tmkit.text.numbers reads as a "han" number)
_NUMERAL_CHARS = frozenset("零〇一二两兩三四五六七八九十百千万萬亿億")


@lru_cache(maxsize=1)
def _plain_words() -> tuple[frozenset[str], int]:
    """The CC-CEDICT headwords (up to 8 characters) holding a numeral character whose first sense
    says no number (`_plain_sense`), and the longest one's length."""
    from tmkit.align.lexicon import prepared_set

    words = prepared_set("numbers-plain-words-2", _build_plain_words)
    return words, max((len(w) for w in words), default=0)


def _build_plain_words() -> frozenset[str]:
    from tmkit.align.lexicon import load_cedict

    cedict = load_cedict()
    return frozenset(
        w
        for w in cedict.headwords()
        if len(w) <= 8 and not _NUMERAL_CHARS.isdisjoint(w) and _plain_sense(cedict.senses(w))
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
        if src.family == "zh" or tgt.family == "zh":
            # a date said again in Chinese: 2020年4月30日至2020年5月22日 for "30 April and 22 May 2020"
            keys_a, keys_b = {n.key for n in a}, {n.key for n in b}
            if src.family == "zh":
                missing = [n for n in missing if not (n.key in keys_b and _ZH_DATE_AFTER.match(src.text, n.end))]
            if tgt.family == "zh":
                extra = [n for n in extra if not (n.key in keys_a and _ZH_DATE_AFTER.match(tgt.text, n.end))]
        if src.family == "zh":
            missing = [n for n in missing if n.kind != "han" or not _in_plain_word(src.text, n.start, n.end)]
        if tgt.family == "zh":
            extra = [n for n in extra if n.kind != "han" or not _in_plain_word(tgt.text, n.start, n.end)]
        for n in missing:
            yield self.finding(src, n.start, n.end, f"{_display(n, src.text)} is not in the target")
        for n in extra:
            yield self.finding(
                tgt, n.start, n.end, f"{_display(n, tgt.text)} is not in the source", severity=Severity.MAJOR
            )
