"""Numbers in English and Chinese text, by value.

`find_numbers(text, lang)` returns every number written in a text with its span and its value,
so that "12,000", "twelve thousand", "1.2万" and "一万二千" all come out as 12000. The aligner
uses the values as evidence that two sentences translate each other; the QA checker compares
them between source and target.

What is read (docs/explanation/alignment.md has the table):

* Digits in both languages, half or full width, with thousands separators (12,000), decimals
  (3.5), a sign, a percent sign, and English ordinal suffixes (14th, 1st).
* A scale after digits: "1.2 billion", "3 million", "1.2万", "3.5亿", "14亿", "2千".
* English number words: "nine hundred and thirty", "thirty and two", "twenty-one", ordinals
  ("fourteenth", "first") and month names (kind "month": May is 5).
* Chinese numerals: 一 二 两 三 ... 九 十 百 千 万 亿 零 〇, positional (一百二十三 = 123,
  三万亿 = 3e12) or read digit by digit (二〇二一 = 2021). A run such as 十四五 that cannot be one
  number is two: 14 and 5.

Values are floats; `NumberMatch.key` is a canonical string ("12000", "3.5") to compare by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NumberMatch", "find_numbers", "find_word_numerals", "number_key"]


@dataclass(frozen=True, slots=True)
class NumberMatch:
    start: int
    end: int
    text: str
    value: float
    kind: str  # "digits", "words", "han", "month"

    @property
    def key(self) -> str:
        return number_key(self.value)


def number_key(value: float) -> str:
    """A canonical text for a value: 12000.0 -> "12000", 3.50 -> "3.5"."""
    if abs(value) < 1e18:
        rounded = round(value)
        if abs(value - rounded) <= 1e-9 * max(1.0, abs(value)):
            return str(int(rounded))  # 8.3 * 1e9 is 8300000000.000001 in floating point
    return f"{value:.6f}".rstrip("0").rstrip(".")


# Full-width digits and signs read as ASCII (positions unchanged: one char for one char).
_WIDTH = str.maketrans("０１２３４５６７８９．，％－＋", "0123456789.,%-+")

_EN_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
_ZH_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}

# Digits: 12,000 / 3.5 / -2 ; a thousands separator needs groups of three.
_DIGITS = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")
_EN_SCALE_AFTER = re.compile(r"\+?[ \u00a0]?(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_ZH_SCALE_AFTER = re.compile(r"\s?(多)?([十百千万萬亿億]+)")
_ORDINAL_SUFFIX = re.compile(r"(st|nd|rd|th)(?![A-Za-z])")

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}
_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WORD = re.compile(r"[A-Za-z]+")
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_RUN = re.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億]+")
_ANY_DIGIT = re.compile(r"\d")
#: every word _find_en_words can read a number at (without one it finds nothing; most texts have none)
_NUMBER_WORDS = frozenset({*_MONTHS, *_ORDINALS, *_UNITS, *_TENS, *_EN_SCALES})


def _may_have_number_words(text: str) -> bool:
    """Whether a word of `text` (as _WORD finds them), in lower case, is one of _NUMBER_WORDS."""
    words = _WORD.findall(text.lower()) if text.isascii() else [w.lower() for w in _WORD.findall(text)]
    return not _NUMBER_WORDS.isdisjoint(words)


def find_numbers(text: str, lang: str) -> list[NumberMatch]:
    """Every number in `text`, left to right. `lang` is "en" or "zh" (or a tag starting so).

    Digits are read in either language; number words by the language's rules. English text
    quoting Chinese numerals (or the reverse) gets both readers where they apply.
    """
    primary = lang.split("-", 1)[0].split("_", 1)[0].lower()
    norm = text if text.isascii() else text.translate(_WIDTH)  # _WIDTH maps non-ASCII only
    found = _find_digits(text, norm, primary) if _ANY_DIGIT.search(norm) else []
    words = _find_en_words(text) if primary == "en" and _may_have_number_words(text) else []
    han = _find_han(text) if _ZH_RUN.search(text) else []
    if not words and not han:
        found.sort(key=lambda m: (m.start, m.end))
        return found
    if found:
        taken = [False] * (len(text) + 1)
        for m in found:
            for k in range(m.start, m.end):
                taken[k] = True
        words = [m for m in words if not taken[m.start]]
        han = [m for m in han if not any(taken[k] for k in range(m.start, m.end))]
    found.extend(words)
    found.extend(han)
    found.sort(key=lambda m: (m.start, m.end))
    return found


def _find_digits(text: str, norm: str, lang: str) -> list[NumberMatch]:
    out: list[NumberMatch] = []
    for m in _DIGITS.finditer(norm):
        start, end = m.start(), m.end()
        raw = m.group().replace(",", "")
        if raw[0] == "-" and _after_a_number(norm, start):
            raw = raw[1:]  # a range, not a sign: 2-14, 13 -25%, 2021-03-26
            start += 1
        elif start > 0 and not _number_may_start_after(norm, start):
            if not _leading_point(norm, start):
                continue
            raw, start = "0." + raw, start - 1  # .08% = 0.08%
        if norm[end : end + 1] == "." and norm[end + 1 : end + 2].isdigit():
            continue  # 1.2.3: a version or section number, not a quantity
        if raw[0] == "+" or (raw[0] == "-" and start > 0 and norm[start - 1].isalnum()):
            raw = raw[1:]
            start += 1
        try:
            value = float(raw)
        except ValueError:
            continue
        rest = norm[end:]
        suffix = _ORDINAL_SUFFIX.match(rest)
        if suffix:
            end += suffix.end()
        elif lang == "en" or not _starts_han_scale(rest):
            scale = _EN_SCALE_AFTER.match(rest)
            if scale:
                value *= _EN_SCALES[scale.group(1).lower()]
                end += scale.end()
        if not suffix:
            zh_scale = _ZH_SCALE_AFTER.match(norm, end)
            if zh_scale and _pure_scale(zh_scale.group(2)):
                value *= _scale_product(zh_scale.group(2))
                end = zh_scale.end()
        if end < len(norm) and norm[end] in "x×" and not norm[end + 1 : end + 2].isalnum():
            end += 1  # 4-5x: a factor
        elif end < len(norm) and norm[end].isalpha() and norm[end].isascii() and not suffix:
            continue  # 5G, 3D, 2nd-hand handled above; a code like 4K is not a number
        if end < len(norm) and norm[end] == "%":
            end += 1
        out.append(NumberMatch(start, end, text[start:end], value, "digits"))
    return out


def _after_a_number(norm: str, dash: int) -> bool:
    """Whether the "-" at `dash` follows a number (spaces, a zero-width space or another dash
    allowed between; a unit in brackets too: "15 feet)-8.2"): a range dash."""
    j = dash - 1
    while j >= 0 and norm[j] in " \u00a0\u200b-–":
        j -= 1
    return j >= 0 and (norm[j].isdigit() or (norm[j] in ")）" and j == dash - 1))


def _leading_point(norm: str, start: int) -> bool:
    """ ".08%": a decimal point with no zero before it, after a space or a bracket."""
    return (
        norm[start - 1] == "." and (start == 1 or norm[start - 2] in " \u00a0(（") and norm[start - 2 : start] != ".."
    )


def _number_may_start_after(norm: str, start: int) -> bool:
    """A digit run glued to an ASCII letter or digit (v2, A4) or to a dot after a digit (1.2.3) is
    part of a code, not a quantity; "No.341" and "第14" are numbers."""
    prev = norm[start - 1]
    if prev == ".":
        return start >= 2 and norm[start - 2].isalpha()
    return not (prev.isascii() and prev.isalnum())


def _starts_han_scale(rest: str) -> bool:
    return bool(rest) and rest[0] in _ZH_SCALES


def _pure_scale(units: str) -> bool:
    """万, 亿, 万亿, 千万, 百万: a scale word after digits (not 十/百 alone after a digit: 3十 is odd)."""
    return units[-1] in "万萬亿億千" or units in ("百", "十")


def _scale_product(units: str) -> float:
    value = 1.0
    for ch in units:
        value *= _ZH_SCALES[ch]
    return value


def _find_en_words(text: str) -> list[NumberMatch]:
    out: list[NumberMatch] = []
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        w = words[i].group().lower()
        if w in _MONTHS and _month_context(text, words, i):
            out.append(NumberMatch(words[i].start(), words[i].end(), words[i].group(), _MONTHS[w], "month"))
            i += 1
            continue
        if w in _ORDINALS:
            out.append(NumberMatch(words[i].start(), words[i].end(), words[i].group(), _ORDINALS[w], "words"))
            i += 1
            continue
        if w not in _UNITS and w not in _TENS and w not in _EN_SCALES:
            i += 1
            continue
        if w in _EN_SCALES and w not in ("hundred", "thousand"):
            if i > 0 and words[i - 1].group().lower() == "a" and text[words[i - 1].end() : words[i].start()] == " ":
                # "a million" is one million, "half a million" half of one
                start, value = words[i - 1].start(), _EN_SCALES[w]
                if i > 1 and words[i - 2].group().lower() == "half" and text[words[i - 2].end() : start] == " ":
                    start, value = words[i - 2].start(), value / 2
                out.append(NumberMatch(start, words[i].end(), text[start : words[i].end()], value, "words"))
            i += 1  # "million" alone ("millions of") is not a number
            continue
        start_i = i
        total = 0.0
        current = 0.0
        last_i = i
        j = i
        while j < len(words):
            word = words[j].group().lower()
            if j > start_i:
                gap = text[words[j - 1].end() : words[j].start()]
                if gap not in (" ", "-", " and ", "-and-"):
                    break
                if word == "and" or gap == " and ":
                    pass
            if j > start_i and not _continues(current, word):
                break  # "eight-thirty" (8:30), "one second", "one third", "fifty-fifty": two numbers
            if word in _UNITS:
                current += _UNITS[word]
            elif word in _TENS:
                current += _TENS[word]
            elif word in _ORDINALS and j > start_i:
                current += _ORDINALS[word]
                last_i = j
                j += 1
                break
            elif word == "hundred":
                current = (current or 1) * 100
            elif word in _EN_SCALES:
                total += (current or 1) * _EN_SCALES[word]
                current = 0
            elif word == "and" and j > start_i and j + 1 < len(words):
                j += 1
                continue
            else:
                break
            last_i = j
            j += 1
        value = total + current
        start = words[start_i].start()
        end = words[last_i].end()
        if w == "one" and last_i == start_i:
            pass  # kept: the consumer decides whether a lone "one" counts
        out.append(NumberMatch(start, end, text[start:end], value, "words"))
        i = last_i + 1
    return out


def _continues(current: float, word: str) -> bool:
    """Whether `word` can extend a number word sequence worth `current` so far: "twenty-one",
    "one hundred and five", "thirty-second" do; "eight-thirty", "fifty-fifty", "one second" and
    "one third" are two numbers (a time, a ratio, a unit, a fraction)."""
    rest = current % 100
    if word in _UNITS:
        return rest == 0 or (rest % 10 == 0 and _UNITS[word] < 10)
    if word in _TENS:
        return rest == 0
    if word in _ORDINALS:
        value = _ORDINALS[word]
        if value >= 100:
            return current > 0
        return current > 0 and (rest == 0 or (rest % 10 == 0 and value < 10))
    return True


def _month_context(text: str, words: list[re.Match[str]], i: int) -> bool:
    """ "May" is a month next to a day or year number ("May 21", "21 May", "May 2021"), or capitalised
    after "in"/"on"/"of"/"since"/"until"/"from"/"by"."""
    word = words[i].group()
    if word.lower() != "may" and word[0].isupper():
        after = text[words[i].end() : words[i].end() + 3]
        return len(word) > 3 or after[:1] == "." or bool(re.match(r"[ \u00a0]\d", after))
    after = text[words[i].end() : words[i].end() + 6]
    before = text[max(0, words[i].start() - 6) : words[i].start()]
    if re.match(r"\.?\s?\d", after):
        return True
    if word[0].isupper() and re.search(r"\d\s?$", before):
        return True  # "21 May"; but "COVID-19 may spread" is the verb
    return bool(
        word[0].isupper()
        and i > 0
        and words[i - 1].group().lower() in ("in", "on", "of", "since", "until", "from", "by")
    )


# Common words written with numeral characters that are not quantities (十分 "very", 统一
# "unify", 珠三角 "Pearl River Delta"). Their numerals are not read. Written for this project.
_NOT_NUMBER_WORDS = (
    "十分 万一 一些 一起 一定 一直 一般 一致 一切 一样 一旦 一同 一道 一边 一心 一体 一系列 一方面 一路 "
    "一流 一再 一向 一律 一概 一贯 一带一路 统一 唯一 单一 同一 进一步 万物 万分 百姓 百货 千方百计 "
    "三角 四周 四处 四面八方 五湖四海 七嘴八舌 乱七八糟 十足 九州 一举 不一 万众 "
    "零钱 零食 零件 零售 零星 零碎 零散 零花 三明治 三脚架 十字 三思 挑三拣四 冰冻三尺 一年四季 "
    "四分卫 二郎腿 二流子 四边形 三更半夜 狡兔三窟 二手 内八字 一氧化 二氧化 二聚 二肽 二磷酸 三磷酸"
)
_NUMERAL_CHARS = frozenset("零〇一二两兩三四五六七八九十百千万萬亿億")
_NOT_NUMBERS = re.compile("|".join(sorted(_NOT_NUMBER_WORDS.split(), key=len, reverse=True)))


def _mask_word(text: str, m: re.Match[str]) -> str:
    """Blank out a non-number word, unless it is part of a number after all: glued to a numeral
    before it (一万一千, 二十分钟, 五十一起) or 十分 as "ten minutes" / "tenth" (十分钟, 十分之一)."""
    start, end = m.span()
    if start > 0 and text[start - 1] in _NUMERAL_CHARS:
        return m.group()
    if m.group() == "十分" and (text[end : end + 1] in ("钟", "之") or text[start - 1 : start] in ("点", "时")):
        return m.group()  # 十分钟, 十分之一, 四点十分
    return "\x00" * (end - start)


def find_word_numerals(text: str) -> list[NumberMatch]:
    """The numerals that `find_numbers` does not read because they are inside a common word
    (四处 "everywhere" or "four places", 四周 "all around" or "four weeks", 一起): for a consumer
    that lets them match a number of the other language but never counts them on their own."""
    out: list[NumberMatch] = []
    for w in _NOT_NUMBERS.finditer(text):
        if _mask_word(text, w) == w.group():
            continue  # read by find_numbers
        for m in _ZH_RUN.finditer(w.group()):
            for start, end, value in _parse_han_run(m.group(), w.start() + m.start()):
                out.append(NumberMatch(start, end, text[start:end], value, "han"))
    return out


def _find_han(text: str) -> list[NumberMatch]:
    masked = _NOT_NUMBERS.sub(lambda m: _mask_word(text, m), text)
    out: list[NumberMatch] = []
    for m in _ZH_RUN.finditer(masked):
        for start, end, value in _parse_han_run(m.group(), m.start()):
            out.append(NumberMatch(start, end, text[start:end], value, "han"))
    return out


def _parse_han_run(run: str, offset: int) -> list[tuple[int, int, float]]:
    """Split a run of Chinese numeral characters into numbers and read each."""
    if all(ch in _ZH_DIGITS for ch in run):
        # read digit by digit: 二〇二一 = 2021, 一九四九 = 1949; but two digits alone are two
        # numbers: 三四次 "three or four times", 六七月 "June and July"
        if (len(run) >= 3 or (len(run) == 2 and run[1] in "零〇")) and all(ch not in "两兩" for ch in run):
            return [(offset, offset + len(run), float("".join(str(_ZH_DIGITS[ch]) for ch in run)))]
        return [(offset + k, offset + k + 1, float(_ZH_DIGITS[ch])) for k, ch in enumerate(run)]
    out: list[tuple[int, int, float]] = []
    total = 0.0
    section = 0.0
    number: float | None = None
    last_small = 0.0  # the last of 十百千 used since the last 万/亿
    start = 0
    k = 0
    while k < len(run):
        ch = run[k]
        if ch in _ZH_DIGITS:
            if number is not None and number != 0:
                # two digits in a row in positional mode: the first number ends here
                out.append((offset + start, offset + k, total + section + number))
                total, section, number, start = 0.0, 0.0, None, k
            number = float(_ZH_DIGITS[ch]) if _ZH_DIGITS[ch] else (number or 0.0)
            if _ZH_DIGITS[ch] == 0:
                number = 0.0
        else:
            unit = _ZH_SCALES[ch]
            if unit < 1e4:
                if k == start and ch != "十":
                    start = k + 1  # 百/千 with nothing before it is not a number here
                    k += 1
                    continue
                if last_small and unit >= last_small and number is None:
                    # 五十千米 (50 km): 十 then 千 is not one number; 千 starts a new word
                    out.append((offset + start, offset + k, total + section))
                    total, section, number, last_small = 0.0, 0.0, None, 0.0
                    start = k + 1
                    k += 1
                    continue
                section += (number if number else 1.0) * unit
                last_small = unit
            elif unit == 1e4:
                if k == start:
                    start = k + 1
                    k += 1
                    continue
                total += (section + (number or 0.0)) * unit
                section = 0.0
                last_small = 0.0
            else:
                if k == start:
                    start = k + 1
                    k += 1
                    continue
                total = (total + section + (number or 0.0)) * unit
                section = 0.0
                last_small = 0.0
            number = None
        k += 1
    if start < len(run):
        out.append((offset + start, offset + len(run), total + section + (number or 0.0)))
    return out
