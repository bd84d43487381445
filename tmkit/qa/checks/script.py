"""QA checks of the script family: Traditional characters in a Simplified Chinese draft and the
reverse (docs/reference/checks/script-traditional.md, script-simplified.md).

Both use OpenCC's phrase-level conversion (the official `opencc` package, C++): a character is
flagged only when converting the whole text changes it. So characters that are the same in both
scripts, or right in their context (乾隆 but 干燥, 皇后 but 之后, 台 in 台湾, 著名 but 看着), are not
flagged: OpenCC's phrase dictionaries decide them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from tmkit.qa.base import Finding, Severity, TextCheck
from tmkit.qa.context import QAContext
from tmkit.qa.document import Text
from tmkit.qa.registry import register

#: Simplified characters that are also standard Traditional characters with another meaning, and
#: that OpenCC converts by default when its phrase list does not know the word (后 queen / 後 after,
#: 里 neighbourhood / 裡 inside, 干 / 幹 / 乾, 几 / 幾, 于 / 於...): the STCharacters entries that list
#: the character among its own Traditional forms, but not first. In a Traditional text such a
#: character is flagged only in a run with an unambiguously Simplified one (后来 -> 後來), never
#: alone: 台灣的里長 is right. (周, 系, 松, 面, 只... convert only inside known phrases: kept.)
AMBIGUOUS_SIMPLIFIED = frozenset(
    "㐹万丑丰于云亘仆价伙余佣党准几凶划占厂厘台叶吁吃后咨咸唇夸尸岩岳帘干广征愿托挂据斗朴杠杰极柜栗涂涌淀游熏皂"
    "确种筑胜腊腌膻苹范荐虫蚝蜡蝎跖辟适郁采里"
)
#: The same for Traditional characters that are also standard Simplified ones (乾隆 / 乾燥 -> 干燥,
#: 於 as a surname, 徵 in 宫商角徵羽): TSCharacters entries listing the character, not first.
AMBIGUOUS_TRADITIONAL = frozenset("乾剋夥徵於薹麽")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=8)
def converter(config: str):
    """An OpenCC converter (t2s, s2t, s2tw, s2hk), built once per process."""
    import opencc

    return opencc.OpenCC(config)


def convert(config: str, text: str) -> str:
    return converter(config).convert(text)


@lru_cache(maxsize=256)  # called for every Chinese text; a draft has a tag or two
def is_traditional_tag(lang: str) -> bool | None:
    """True for a Traditional Chinese tag (zh-TW, zh-HK, zh-MO, zh-Hant...), False for a Simplified
    one (zh-CN, zh-SG, zh-Hans, bare zh), None for anything else."""
    parts = lang.replace("_", "-").split("-")
    if parts[0].lower() not in ("zh", "cmn"):
        return None
    rest = {p.lower() for p in parts[1:]}
    return bool(rest & {"hant", "tw", "hk", "mo"})


def changed_runs(text: str, converted: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, replacement) for each run of characters of `text` that `converted` changes."""
    if converted == text:
        return  # the common case, decided without a loop over the characters
    if len(converted) == len(text):
        i, n = 0, len(text)
        while i < n:
            if text[i] == converted[i]:
                i += 1
                continue
            j = i
            while j < n and text[j] != converted[j]:
                j += 1
            yield i, j, converted[i:j]
            i = j
        return
    # a conversion that changed the length (rare: a few one-to-two mappings): align the two
    matcher = difflib.SequenceMatcher(None, text, converted, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal" and i2 > i1:
            yield i1, i2, converted[j1:j2]


def _definite(span: str, ambiguous: frozenset[str]) -> bool:
    """True when a changed run holds a character that is not in `ambiguous`."""
    return any(ch not in ambiguous for ch in span)


def _compat_only(span: str, repl: str) -> bool:
    """True when the conversion only replaced CJK compatibility ideographs (U+F900...) by the
    unified ones they stand for: an encoding matter, not a script one."""
    return unicodedata.normalize("NFC", span) == repl


def _quote(s: str) -> str:
    return f"'{s}'"


@register
class TraditionalInSimplified(TextCheck):
    id = "script-traditional"
    family = "script"
    severity = Severity.MAJOR
    langs = ("zh",)
    description = "Traditional Chinese characters in a Simplified Chinese text (zh-CN, zh-SG, zh-Hans, bare zh)."

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        if is_traditional_tag(text.lang) is not False or not _HAN.search(text.text):
            return
        s = text.text
        for start, end, repl in changed_runs(s, convert("t2s", s)):
            span = s[start:end]
            if _compat_only(span, repl) or not _definite(span, AMBIGUOUS_TRADITIONAL):
                continue
            yield self.finding(
                text,
                start,
                end,
                f"Traditional or variant {'character' if end - start == 1 else 'characters'} {_quote(span)} in a "
                f"Simplified Chinese text ({text.lang}): write {_quote(repl)}",
                suggestion=repl,
            )


@register
class SimplifiedInTraditional(TextCheck):
    id = "script-simplified"
    family = "script"
    severity = Severity.MAJOR
    langs = ("zh",)
    description = "Simplified Chinese characters in a Traditional Chinese text (zh-TW, zh-HK, zh-MO, zh-Hant)."

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        if not is_traditional_tag(text.lang) or not _HAN.search(text.text):
            return
        s = text.text
        plain = convert("s2t", s)  # what is Simplified: whatever the conversion changes...
        if plain == s:
            return
        # ...and the Taiwan standard too (and for Hong Kong and Macao, the Hong Kong one as well):
        # OpenCC's own standard writes 羣 牀 峯 for 群 床 峰 and its Hong Kong one keeps 羣, but 群 床
        # 峰 are right in Taiwan and Hong Kong alike; Hong Kong writes 着 where Taiwan writes 著.
        # The suggestion follows the draft's region.
        tw = convert("s2tw", s)
        hk_region = bool({"hk", "mo"} & set(text.lang.lower().split("-")))
        regional = convert("s2hk", s) if hk_region else tw
        if len(plain) == len(tw) == len(regional) == len(s):

            def simplified(k: int) -> bool:
                return s[k] != plain[k] and s[k] != tw[k] and s[k] != regional[k]

            i, n = 0, len(s)
            while i < n:
                if not simplified(i):
                    i += 1
                    continue
                j = i + 1
                while j < n and simplified(j):
                    j += 1
                if _definite(s[i:j], AMBIGUOUS_SIMPLIFIED):
                    yield self._finding(text, i, j, regional[i:j])
                i = j
            return
        for start, end, repl in changed_runs(s, plain):  # a conversion changed the length: rare
            span = s[start:end]
            if not _compat_only(span, repl) and _definite(span, AMBIGUOUS_SIMPLIFIED):
                yield self._finding(text, start, end, repl)

    def _finding(self, text: Text, start: int, end: int, repl: str) -> Finding:
        span = text.text[start:end]
        return self.finding(
            text,
            start,
            end,
            f"Simplified {'character' if end - start == 1 else 'characters'} {_quote(span)} in a "
            f"Traditional Chinese text ({text.lang}): write {_quote(repl)}",
            suggestion=repl,
        )
