"""QA checks of the names family: Chinese personal names in English (see docs/reference/checks/).

Most names in a new release are not in the glossary, so names are found heuristically: a
capitalised token that is a common Chinese surname in pinyin ("Zhang", "ZHANG", "Ouyang")
followed by a capitalised given name of one or two pinyin syllables written as one word
("Xiangjun", "Xiang-jun"). Guards keep precision: places and other glossary names that are not
people ("Hong Kong", "Xi'an", "Changchun Road"), English words that happen to be pinyin ("He
Said", "Long Range", "Fan Zone"), headlines in capitals. The reversed, given-name-first order
("Shengjie An") is only taken for a name when the same person is also written surname first in
the draft, or is a person of the glossary.

* `name-inconsistent`: one person written several ways in one draft (or unlike the memory).
* `name-style`: the house style for surnames (Xiao Wenjiao / XIAO Wenjiao).
* `name-pinyin`: in bilingual segments, an English name whose pinyin does not match the Chinese.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from tmkit.qa.base import DocumentCheck, Finding, Location, PairCheck, Severity
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.registry import register

# what SQLite's lower() does: ASCII letters only
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

# --------------------------------------------------------------------------------------------
# Word lists (written for this project)


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


#: Common Chinese surnames in pinyin (Mandarin), about 200, and the usual two-syllable ones.
SURNAMES = _words(
    """
    ai an ao bai ban bao bei bi bian bo bu cai cao cen chai chang chao che chen cheng chi chu
    cong cui dai dang deng di diao ding dong dou du duan fan fang fei feng fu gan gao ge geng
    gong gou gu guan gui guo han hang hao he hong hou hu hua huai huang huo ji jia jian jiang
    jiao jin jing ju kang ke kong kou kuang lai lan lang lao lei leng li lian liang liao lin ling
    liu long lou lu luan luo lv ma mai man mao mei meng mi miao min ming mo mou mu nie ning niu
    nong ou pan pang pei peng pi ping pu qi qian qiao qin qiu qu quan rao ren rong ru ruan sang
    sha shan shang shao shen sheng shi shu si song su sui sun tai tan tang tao teng tian tong tu
    wan wang wei wen weng wu xi xia xian xiang xiao xie xin xing xiong xu xuan xue yan yang yao
    ye yi yin ying you yu yuan yue yun zang zeng zha zhai zhan zhang zhao zhen zheng zhong zhou
    zhu zhuang zhuo zong zou zu zuo
    ouyang sima zhuge shangguan situ dongfang huangfu murong zhangsun yuwen linghu xiahou
    gongsun duanmu zhongli huyan nangong
    """
)

#: Surnames that are also English words: written in title case ("He", "Long", "Fan") they need
#: a two-syllable given name ("Fan Bingbing", "An Shengjie") or the glossary to count as a name.
ENGLISH_SURNAMES = _words(
    """
    ai an bai ban bao bi bo chang che di ding du fan ge gong he hong lan lang lao long lu ma man
    mi ming mo mu pan ping sha shan sun song tan tang tu you yu
    """
)

#: One-syllable given names that are English words: "Long Run", "Zhang Can", "Sun Long".
ENGLISH_GIVEN = _words(
    """
    a ai an ao ban bang can chi e en er fan gang hang he hen lie long man me men o pan pen pie pin
    ran rang run sue sun she song tan tie wan yo lo la ma pa sa ka de re se ta die den
    shan jiang kong hu
    """
)


def _pairs(block: str) -> frozenset[tuple[str, str]]:
    out = set()
    for item in block.split():
        a, _, b = item.partition("+")
        out.add((a, b))
    return frozenset(out)


#: Two-token pinyin places and things, lower case: "Hong Kong", "Huang He" (the Yellow River).
PLACE_PAIRS = _pairs(
    """
    hong+kong chang+an tian+an huang+he chang+jiang zhu+jiang huang+shan tai+shan lu+shan
    song+shan tian+shan hua+shan wu+tai tai+po sha+tin ma+on tai+hang kun+lun qi+lian
    wu+yi li+jiang hai+nan he+nan he+bei hu+nan hu+bei shan+xi shan+dong jiang+su jiang+xi
    yun+nan gui+zhou si+chuan gan+su qing+hai xin+jiang ning+xia guang+dong guang+xi fu+jian
    zhe+jiang an+hui ji+lin bei+jing nan+jing tian+jin shang+hai chong+qing xi+zang
    dong+guan hang+zhou su+zhou guang+zhou shen+zhen wu+han xia+men da+lian qing+dao
    ma+zu tai+ji qi+gong feng+shui yin+yang wu+shu tai+chi xi+an
    """
)

#: A word after the "name" that makes it a place or an organisation: "Jin Qiao Road".
_PLACE_AFTER = _words(
    """
    road street avenue lane alley town township village county city district province
    prefecture river lake mountain mountains mount hill hills island islands bay port harbour
    harbor bridge station airport campus park temple hall gate tower dynasty square plaza
    university college school institute laboratory lab hospital company corporation group
    museum garden gardens reservoir valley plain basin desert plateau sea strait canal
    """
)

#: Titles after which a surname alone is a person: "President XI", "Academician BAI".
_TITLES = (
    "President|Vice President|Vice-President|Premier|Vice Premier|Chairman|Chairwoman|Secretary|"
    "General Secretary|Director|Deputy Director|Director-General|Professor|Prof\\.?|Dr\\.?|Mr\\.?|"
    "Ms\\.?|Mrs\\.?|Madam|Academician|Minister|Governor|Mayor|Ambassador|Dean"
)

_SURNAME_ALT = "|".join(sorted(SURNAMES, key=lambda s: (-len(s), s)))
# a surname in title case or capitals, as a whole token, followed by one space and a capital
# (the lookahead changes nothing that matches: a token of letters, as (?i:...) reads them, then
# a space and a capital is what every match starts with; it spares trying the ~200 surnames at
# each word that is not followed by a capitalised one, most words)
_SURNAME_FIRST = re.compile(
    r"(?<![\w'’\-.])(?=(?i:[a-z])+[ \u00a0][A-Z])"
    r"(?P<sur>(?i:" + _SURNAME_ALT + r"))[ \u00a0](?P<given>[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)"
    r"(?![\w\-]|['’][a-rt-z])"
)
# given name first: "Shengjie An" (taken only for persons known from elsewhere)
_GIVEN_FIRST = re.compile(
    r"(?<![\w'’\-.])(?P<given>[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)[ \u00a0](?P<sur>(?i:" + _SURNAME_ALT + r"))"
    r"(?![\w\-]|['’][a-rt-z])"
)
_TITLED = re.compile(
    r"\b(?:" + _TITLES + r")[ \u00a0](?P<sur>(?i:" + _SURNAME_ALT + r"))(?![\w\-]|['’][a-rt-z]|[ \u00a0][A-Z][a-z])"
)
_NEXT_WORD = re.compile(r"[ \u00a0]+([A-Za-z]+)")
_PREV_WORD = re.compile(r"([A-Za-z]+)[ \u00a0]+$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


@lru_cache(maxsize=1)
def _english_vocabulary() -> frozenset[str]:
    """Lower-case words of CC-CEDICT's English glosses that also split into two pinyin
    syllables ("women", "change", "range"): as a given name they are English, not pinyin.
    (What `split_pinyin(w)` of two syllables says, tested directly on the syllable set.) Kept
    in the lexicon's prepared cache."""
    from tmkit.align.lexicon import prepared_set

    return prepared_set("names-english-vocabulary-1", _build_english_vocabulary)


def _build_english_vocabulary() -> frozenset[str]:
    from tmkit.align.lexicon import cedict_gloss_words, pinyin_syllables

    valid = pinyin_syllables()

    def two(w: str) -> bool:
        # split_pinyin: pieces of up to 6 letters, words of up to 24, fewest syllables first
        n = len(w)
        if n > 24 or (n <= 6 and w in valid):
            return False
        return any(w[:i] in valid and w[i:] in valid for i in range(max(1, n - 6), min(6, n - 1) + 1))

    return frozenset(w for w in cedict_gloss_words() if two(w))


@lru_cache(maxsize=20_000)
def given_syllables(given: str) -> tuple[str, ...] | None:
    """The pinyin syllables of a given name as written ("Wenjiao", "Wen-jiao"): one or two
    syllables, else None."""
    from tmkit.align.lexicon import pinyin_syllables, split_pinyin

    low = given.lower()
    if not low.replace("-", "").isalpha() or not low.isascii():
        return None
    parts = low.split("-")
    if len(parts) > 2:
        return None
    if len(parts) == 2:
        a, b = split_pinyin(parts[0]), split_pinyin(parts[1])
        if a is None or b is None or len(a) != 1 or len(b) != 1:
            return None
        return a + b
    # one syllable, or two where the second does not start with a, o or e (pinyin writes
    # "Xi'an", so "Maio" is not mai-o): the split with the longest first syllable wins
    if low in pinyin_syllables():
        return (low,)
    valid = pinyin_syllables()
    for i in range(len(low) - 1, 0, -1):
        a, b = low[:i], low[i:]
        if b[0] not in "aoe" and a in valid and b in valid:
            return (a, b)
    return None


@lru_cache(maxsize=1000)
def surname_syllables(surname: str) -> tuple[str, ...]:
    from tmkit.align.lexicon import split_pinyin

    low = surname.lower()
    return split_pinyin(low) or (low,)


# --------------------------------------------------------------------------------------------
# Glossary knowledge, built once per glossary


@dataclass
class _GlossaryNames:
    #: key (surname, given) -> (concept, preferred English term)
    persons: dict[tuple[str, str], tuple[object, str]]
    #: lower-case token pairs of English terms that are not persons ("hong", "kong")
    not_persons: frozenset[tuple[str, str]]


_GLOSSARY_CACHE: dict[int, tuple[object, _GlossaryNames]] = {}


def _glossary_names(ctx: QAContext) -> _GlossaryNames | None:
    glossary = ctx.glossary
    if glossary is None:
        return None
    hit = _GLOSSARY_CACHE.get(id(glossary))
    if hit is not None and hit[0] is glossary:
        return hit[1]
    persons: dict[tuple[str, str], tuple[object, str]] = {}
    pairs: set[tuple[str, str]] = set()
    for concept in glossary:
        if concept.subject == "person":
            pref = concept.preferred("en")
            for term in concept.terms:
                if term.lang != "en":
                    continue
                toks = term.text.split()
                if len(toks) != 2:
                    continue
                for sur, giv in ((toks[0], toks[1]), (toks[1], toks[0])):
                    if sur.lower() in SURNAMES and given_syllables(giv):
                        persons.setdefault(_key(sur, giv), (concept, pref.text if pref else term.text))
                        break
        else:
            for term in concept.terms:
                if term.lang != "en":
                    continue
                toks = [t.lower() for t in _WORD.findall(term.text)]
                for a, b in zip(toks, toks[1:], strict=False):
                    if a in SURNAMES:
                        pairs.add((a, b))
    got = _GlossaryNames(persons, frozenset(pairs))
    if len(_GLOSSARY_CACHE) > 8:
        _GLOSSARY_CACHE.clear()
    _GLOSSARY_CACHE[id(glossary)] = (glossary, got)
    return got


def _key(surname: str, given: str) -> tuple[str, str]:
    return surname.lower(), given.lower().replace("-", "")


# --------------------------------------------------------------------------------------------
# Finding names in English


@dataclass(frozen=True, slots=True)
class NameMention:
    """A Chinese personal name in an English text."""

    start: int
    end: int
    surname: str  # as written
    given: str  # as written ("" for a surname alone after a title)
    reversed: bool  # given name first ("Shengjie An")
    headline: bool  # in a line written in capitals: the surname's case says nothing

    @property
    def key(self) -> tuple[str, str]:
        return _key(self.surname, self.given)

    @property
    def style(self) -> str | None:
        """ "upper" (XIAO), "title" (Xiao), or None when the case says nothing."""
        if self.headline:
            return None
        if self.surname.isupper() and len(self.surname) > 1:
            return "upper"
        if self.surname[:1].isupper() and self.surname[1:].islower():
            return "title"
        return None

    @property
    def form(self) -> str:
        if not self.given:
            return self.surname
        return f"{self.given} {self.surname}" if self.reversed else f"{self.surname} {self.given}"

    def shape(self, with_case: bool) -> tuple[bool, str, str]:
        """What tells two ways of writing one person apart: order, given name as written, and
        the surname's case (when it counts)."""
        return (self.reversed, self.given, self.surname if with_case else self.surname.lower())

    def syllables(self) -> tuple[str, ...]:
        return surname_syllables(self.surname) + (given_syllables(self.given) or ())


def _styled(surname: str, style: str | None) -> str:
    if style == "upper":
        return surname.upper()
    return surname[:1].upper() + surname[1:].lower()


def _pinyin_word(word: str) -> bool:
    """A capitalised word that is pinyin ("Jie", "Qingwen"), not an English one."""
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    syl = given_syllables(word)
    if syl is None:
        return False
    low = word.lower()
    return low not in ENGLISH_GIVEN and low not in _english_vocabulary() and low not in _COMMON_WORDS


#: Capitalised English words that split into pinyin and often stand next to a name.
_COMMON_WORDS = frozenset({"he", "she", "and", "on", "in", "an", "a", "said", "men", "women"})


def _headline(s: str, offset: int) -> bool:
    start = s.rfind("\n", 0, offset) + 1
    end = s.find("\n", offset)
    line = s[start : end if end >= 0 else len(s)]
    words = [w for w in _WORD.findall(line) if len(w) > 1]
    if len(words) < 3:
        return False
    upper = sum(1 for w in words if w.isupper())
    return upper * 2 > len(words)


def _sentence_start(s: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and s[j] in " \u00a0\t\"'“‘([":
        j -= 1
    return j < 0 or s[j] in ".!?:;\n•|>–—-"


def scan_names(
    s: str,
    gloss: _GlossaryNames | None = None,
    known: Iterable[tuple[str, str]] = (),
    *,
    tokens: set[str] | None = None,
) -> list[NameMention]:
    """Chinese personal names in the English text `s`: surname first; given name first only for
    keys in `known` or glossary persons; a surname alone after a title ("President XI").
    `tokens`: `_tokens(s)`, when the caller has it."""
    if SURNAMES.isdisjoint(_tokens(s) if tokens is None else tokens):
        return []  # every pattern needs a surname as a token of its own
    out: list[NameMention] = []
    taken: list[tuple[int, int]] = []
    not_persons = gloss.not_persons if gloss else frozenset()
    persons = gloss.persons if gloss else {}
    vocab = _english_vocabulary()
    for m in _SURNAME_FIRST.finditer(s):
        sur, giv = m.group("sur"), m.group("given")
        if not (sur.isupper() or (sur[0].isupper() and sur[1:].islower())):
            continue
        syl = given_syllables(giv)
        if syl is None:
            continue
        key = _key(sur, giv)
        known_person = key in persons
        low_sur, low_giv = key
        if not known_person:
            if (low_sur, low_giv) in PLACE_PAIRS or (low_sur, low_giv) in not_persons:
                continue
            strong = sur.isupper() and len(sur) > 1
            if len(syl) == 1 and low_giv in ENGLISH_GIVEN:
                continue
            if len(syl) == 2 and "-" not in giv and low_giv in vocab:
                continue
            if not strong:
                if low_sur in ENGLISH_SURNAMES and len(syl) < 2:
                    continue
                if len(syl) == 1 and _sentence_start(s, m.start()) and low_sur in ENGLISH_SURNAMES:
                    continue
            nxt = _NEXT_WORD.match(s, m.end())
            if nxt and (nxt.group(1).lower() in _PLACE_AFTER or _pinyin_word(nxt.group(1))):
                continue  # "Jin Qiao Road"; a run of pinyin words: "Shu Feng Jie Du capsules"
            prev = _PREV_WORD.search(s, 0, m.start())
            if prev and (prev.group(1).lower() == "the" or _pinyin_word(prev.group(1))):
                continue
        out.append(NameMention(m.start(), m.end(), sur, giv, False, _headline(s, m.start())))
        taken.append((m.start(), m.end()))
    known_keys = set(known) | set(persons)
    if known_keys:
        for m in _GIVEN_FIRST.finditer(s):
            sur, giv = m.group("sur"), m.group("given")
            if _key(sur, giv) not in known_keys or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if not (sur.isupper() or (sur[0].isupper() and sur[1:].islower())) or given_syllables(giv) is None:
                continue
            out.append(NameMention(m.start(), m.end(), sur, giv, True, _headline(s, m.start())))
            taken.append((m.start(), m.end()))
    for m in _TITLED.finditer(s):
        a, b = m.start("sur"), m.end("sur")
        if any(x < b and a < y for x, y in taken):
            continue
        out.append(NameMention(a, b, m.group("sur"), "", False, _headline(s, a)))
    out.sort(key=lambda n: n.start)
    return out


#: Glossary subjects whose names hide pinyin that is not a person: "Hong Kong", "Tai Shan Park".
#: (A policy may name a person: "XI Jinping Thought".)
_NOT_PERSON_SUBJECTS = frozenset({"place", "organisation", "programme", "award", "event", "science"})


def _non_person_spans(text: Text, ctx: QAContext) -> list[tuple[int, int]]:
    if ctx.matcher is None:
        return []
    return [(t.start, t.end) for t in ctx.terms(text) if t.concept.subject in _NOT_PERSON_SUBJECTS]


def names_in(text: Text, ctx: QAContext, known: Iterable[tuple[str, str]] = ()) -> list[NameMention]:
    """The names of an English `Text` (cached on it when `known` is empty)."""
    known = tuple(known)
    cached = text.cache.get("names") if not known else None
    if cached is not None:
        return cached  # type: ignore[return-value]
    tokens = _text_tokens(text)
    # (without a surname token, scan_names's first test gives [])
    got = [] if SURNAMES.isdisjoint(tokens) else scan_names(text.text, _glossary_names(ctx), known, tokens=tokens)
    if got:
        spans = _non_person_spans(text, ctx)
        if spans:
            persons = _glossary_names(ctx).persons  # type: ignore[union-attr]
            got = [n for n in got if n.key in persons or not any(a < n.end and n.start < b for a, b in spans)]
    if not known:
        text.cache["names"] = got
    return got


def _mentions(doc: Document, ctx: QAContext) -> list[tuple[Text, NameMention]]:
    """Every name of the English texts of a draft; given-name-first forms only for persons the
    draft also writes surname first (or the glossary knows). Cached on the draft's first English
    text (name-inconsistent and name-style both need it)."""
    texts = [t for t in doc.texts("en")]
    if not texts:
        return []
    hit = texts[0].cache.get("doc_mentions")
    if hit is not None and hit[0] is doc and hit[1] is ctx:
        return hit[2]  # type: ignore[no-any-return]
    got = _find_mentions(texts, ctx)
    texts[0].cache["doc_mentions"] = (doc, ctx, got)
    return got


#: the characters a surname of the patterns can be written with: ASCII letters, and those Python's
#: case-insensitive matching takes for i, k and s (İ ı K ſ)
_LETTERS = re.compile("[A-Za-z\u0130\u0131\u212a\u017f]+")
_FOLD_LETTERS = str.maketrans("\u0130\u0131\u212a\u017f", "iiks")


def _could_reverse(s: str, surnames: set[str] | frozenset[str]) -> bool:
    """Whether `s` holds one of `surnames` as a token (any case, as the patterns' (?i:...) sees
    it): without one, no name of those surnames can be in it."""
    return not surnames.isdisjoint(_tokens(s))


def _tokens(s: str) -> set[str]:
    """The tokens of `s` that `_could_reverse` looks for surnames among, lower-cased."""
    if s.isascii():
        return set(_LETTERS.findall(s.lower()))
    return {w.translate(_FOLD_LETTERS).lower() for w in _LETTERS.findall(s)}


def _text_tokens(text: Text) -> set[str]:
    """`_tokens` of a Text, cached on it (each name scan of it asks)."""
    got = text.cache.get("name_tokens")
    if got is None:
        got = text.cache["name_tokens"] = _tokens(text.text)
    return got  # type: ignore[return-value]


def _find_mentions(texts: list[Text], ctx: QAContext) -> list[tuple[Text, NameMention]]:
    first = [(t, n) for t in texts for n in names_in(t, ctx)]
    keys = {n.key for _, n in first if n.given and not n.reversed}
    if not keys:
        return first
    surnames = {k[0] for k in keys}
    out: list[tuple[Text, NameMention]] = []
    for t in texts:
        own = names_in(t, ctx)
        if surnames.isdisjoint(_text_tokens(t)):
            out.extend((t, n) for n in own)
            continue
        extra = [n for n in names_in(t, ctx, keys) if n.reversed and n.key in keys]
        spans = {(n.start, n.end) for n in own}
        merged = own + [n for n in extra if (n.start, n.end) not in spans]
        merged.sort(key=lambda n: n.start)
        out.extend((t, n) for n in merged)
    return out


def _surname_style_option(ctx: QAContext) -> str:
    value = ctx.style.get("surname", "consistent")
    return value if value in ("title", "upper") else "consistent"


def _draft_style(mentions: list[tuple[Text, NameMention]]) -> str | None:
    counts = Counter(n.style for _, n in mentions if n.style)
    if not counts:
        return None
    if counts["upper"] != counts["title"]:
        return "upper" if counts["upper"] > counts["title"] else "title"
    return next(n.style for _, n in mentions if n.style)


def _loc_list(items: Iterable[tuple[Text, NameMention]]) -> list[Location]:
    return [t.location(n.start, n.end) for t, n in items]


def _quote_forms(forms: Counter) -> str:
    return ", ".join(f"'{f}' ({c}×)" for f, c in forms.most_common())


# --------------------------------------------------------------------------------------------
# The checks


@register
class NameInconsistent(DocumentCheck):
    id = "name-inconsistent"
    family = "names"
    severity = Severity.MAJOR
    langs = ("en",)
    description = (
        "One Chinese person written several ways in one English draft (AN Shengjie / An Shengjie, "
        "Shengjie An, Sheng-jie), or unlike the memory."
    )

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        mentions = [(t, n) for t, n in _mentions(doc, ctx) if n.given and not n.headline]
        if not mentions:
            return
        option = _surname_style_option(ctx)
        with_case = option == "consistent"
        draft_style = option if not with_case else _draft_style(_mentions_all(doc, ctx))
        gloss = _glossary_names(ctx)
        persons: dict[tuple[str, str], list[tuple[Text, NameMention]]] = {}
        for t, n in mentions:
            persons.setdefault(n.key, []).append((t, n))
        single: list[tuple[tuple[str, str], list[tuple[Text, NameMention]]]] = []
        for key, items in persons.items():
            shapes = Counter(n.shape(with_case) for _, n in items)
            if len(shapes) < 2:
                single.append((key, items))
                continue
            target = self._target(items, with_case, draft_style, gloss.persons.get(key) if gloss else None)
            wrong = [(t, n) for t, n in items if n.shape(with_case) != target[0]]
            if not wrong:
                continue
            t0, n0 = wrong[0]
            forms = Counter(n.form for _, n in items)
            yield self.finding(
                t0,
                n0.start,
                n0.end,
                f"the same person is written {_quote_forms(forms)} in this draft",
                suggestion=target[1] if target[1] != n0.form else None,
                related=_loc_list((t, n) for t, n in items if n is not n0),
            )
        if ctx.memory is not None and doc.kind != "memory" and single:
            yield from self._against_memory(ctx, single, draft_style)

    @staticmethod
    def _target(items, with_case: bool, draft_style: str | None, glossary_person) -> tuple[tuple, str]:
        """The shape every mention should have, and how it is written."""
        styles = Counter(n.style for _, n in items if n.style)
        if styles["upper"] != styles["title"]:
            style = "upper" if styles["upper"] > styles["title"] else "title"
        else:
            style = draft_style or next((n.style for _, n in items if n.style), None)
        if glossary_person is not None:
            a, _, b = glossary_person[1].partition(" ")
            reversed_ = a.lower() not in SURNAMES
            sur, giv = (b, a) if reversed_ else (a, b)
        else:
            counts = Counter((n.reversed, n.given) for _, n in items)
            best = max(counts.values())
            # the most frequent way, the earliest one on a tie
            reversed_, giv = next((n.reversed, n.given) for _, n in items if counts[(n.reversed, n.given)] == best)
            sur = items[0][1].surname
        if not with_case and draft_style in ("title", "upper"):
            style = draft_style
        sur = _styled(sur, style)
        text = f"{giv} {sur}" if reversed_ else f"{sur} {giv}"
        shape = (reversed_, giv, sur if with_case else sur.lower())
        return shape, text

    def _against_memory(self, ctx: QAContext, single, draft_style: str | None) -> Iterator[Finding]:
        """Persons the draft writes one way, which the memory's English writes another way (in
        order or hyphenation; the surname's case is name-style's business)."""
        gloss = _glossary_names(ctx)
        for key, items in single:
            t0, n0 = items[0]
            forms = _memory_forms(ctx, key, gloss)
            if not forms:
                continue
            mine = (n0.reversed, n0.given)
            if mine in forms or len(forms) != 1:
                continue
            (rev, giv), units = next(iter(forms.items()))
            sur = _styled(n0.surname, n0.style or draft_style)
            want = f"{giv} {sur}" if rev else f"{sur} {giv}"
            yield self.finding(
                t0,
                n0.start,
                n0.end,
                f"the memory writes this person '{want}' ({units} unit{'s' if units > 1 else ''}), "
                f"this draft '{n0.form}'",
                suggestion=want,
                related=_loc_list(items[1:]),
            )


def _memory_forms(ctx: QAContext, key: tuple[str, str], gloss) -> dict[tuple[bool, str], int]:
    """How the memory's English writes the person `key`: (given first?, given as written) ->
    number of units. The memory's English texts (read once, QAContext.memory_texts) narrowed to
    the first 2,000 holding the given name, as written or hyphenated, in ASCII lower case (what
    `instr(lower(text), ?)` finds in SQLite, in table order)."""
    sur, giv = key
    syl = given_syllables(giv) or (giv,)
    hyph = "-".join(syl)
    texts, joined, starts = _memory_lower(ctx)
    found = set(_rows_holding(joined, starts, giv))
    if hyph != giv:
        found.update(_rows_holding(joined, starts, hyph))
    rows = [texts[k] for k in sorted(found)[:2000]]
    seen: dict[tuple[bool, str], set[int]] = {}
    for unit_id, text in rows:
        for n in scan_names(text, gloss, (key,)):
            if n.given and n.key == key:
                seen.setdefault((n.reversed, n.given), set()).add(unit_id)
    return {k: len(v) for k, v in seen.items()}


def _memory_lower(ctx: QAContext) -> tuple[list[tuple[int, str]], str, list[int]]:
    """The memory's English texts as (unit id, text), and all of them in ASCII lower case joined
    by NUL, with where each starts in the joined string; made once per context."""
    got = ctx.memo.get("names:memory_lower")
    if got is None:
        texts = [(u, t) for u, t in ctx.memory_texts("en%") or [] if isinstance(t, str)]
        # (str.lower is SQLite's lower() for an ASCII text, and faster than the table)
        lowered = [t.lower() if t.isascii() else t.translate(_ASCII_LOWER) for _, t in texts]
        starts: list[int] = []
        pos = 0
        for low in lowered:
            starts.append(pos)
            pos += len(low) + 1
        got = ctx.memo["names:memory_lower"] = (texts, "\x00".join(lowered), starts)
    return got  # type: ignore[return-value]


def _rows_holding(joined: str, starts: list[int], needle: str) -> list[int]:
    """The indexes, in order, of the texts of `_memory_lower` that hold `needle` (which has no
    NUL, so a match never runs from one text into the next): `needle in text` for each text, by
    one search of the joined string per text that holds it."""
    out: list[int] = []
    n = len(starts)
    i = joined.find(needle)
    while i >= 0:
        k = bisect_right(starts, i) - 1
        out.append(k)
        if k + 1 >= n:
            break
        i = joined.find(needle, starts[k + 1])
    return out


def _mentions_all(doc: Document, ctx: QAContext) -> list[tuple[Text, NameMention]]:
    return _mentions(doc, ctx)


@register
class NameStyle(DocumentCheck):
    id = "name-style"
    family = "names"
    severity = Severity.MINOR
    langs = ("en",)
    description = (
        "A Chinese surname not in the house style: Xiao Wenjiao or XIAO Wenjiao (style.surname), or "
        "the draft's minority style."
    )

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        mentions = [(t, n) for t, n in _mentions(doc, ctx) if n.style]
        if not mentions:
            return
        option = _surname_style_option(ctx)
        if option == "consistent":
            # a person written in both styles is name-inconsistent's finding, not this one
            styles: dict[tuple[str, str], set[str]] = {}
            for _, n in mentions:
                if n.given:
                    styles.setdefault(n.key, set()).add(n.style or "")
            mixed = {k for k, v in styles.items() if len(v) > 1}
            mentions = [(t, n) for t, n in mentions if not (n.given and n.key in mixed)]
            # a surname alone in title case counts only for a surname the draft names in full
            surnames = {n.surname.lower() for _, n in mentions if n.given}
            mentions = [(t, n) for t, n in mentions if n.given or n.style == "upper" or n.surname.lower() in surnames]
            want = _draft_style(mentions)
            if want is None:
                return
            counts = Counter(n.style for _, n in mentions)
            why = f"this draft writes {counts[want]} other surname{'s' if counts[want] > 1 else ''} in " + (
                "capitals (XIAO Wenjiao)" if want == "upper" else "title case (Xiao Wenjiao)"
            )
        else:
            want = option
            mentions = [(t, n) for t, n in mentions if n.given or n.style == "upper"]
            why = "the house style writes surnames " + (
                "in capitals (XIAO Wenjiao)" if want == "upper" else "in title case (Xiao Wenjiao)"
            )
        for t, n in mentions:
            if n.style == want:
                continue
            a = n.start + (len(n.given) + 1 if n.reversed else 0)
            yield self.finding(
                t,
                a,
                a + len(n.surname),
                f"surname '{n.surname}' in {'capitals' if n.style == 'upper' else 'title case'}: {why}",
                suggestion=_styled(n.surname, want),
            )


# --------------------------------------------------------------------------------------------
# name-pinyin

#: Characters of common Chinese surnames (Simplified and Traditional).
_SURNAME_CHARS = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁"
    "潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鐘谭譚陆陸汪范金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱江尹薛闫閆"
    "段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常康易乔喬赖賴文施牛洪葛"
    "安习習单單翟殷柴欧歐阳陽上官司诸諸葛东東门門皇甫慕容宇文令狐尉迟遲"
    "聂聶章鲁魯季麦麥左温溫甘华華房凌庞龐祝靳申齐齊瞿柳尚游伍鲍鮑焦关關盛卜阎樊路韩倪滕纪紀管辛"
    "舒宁寧屈桂苗邢包卫衛詹池仇明车車连連鞠云雲谷柯邬鄔宗岳裴戚穆阮蒲荣榮晏蓝藍欧冉粟"
)


def _readings_of(text: Text) -> list[frozenset[str]]:
    cached = text.cache.get("pinyin")
    if cached is None:
        from tmkit.align.lexicon import char_readings
        from tmkit.text.fold import is_han

        cached = [frozenset(char_readings(ch)) if is_han(ch) else frozenset() for ch in text.text]
        text.cache["pinyin"] = cached
    return cached  # type: ignore[return-value]


def _close(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    limit = 2 if min(len(a), len(b)) >= 4 else 1
    return Levenshtein.distance(a, b) <= limit


def _best_reading(readings: frozenset[str], want: str) -> str:
    if want in readings:
        return want
    from rapidfuzz.distance import Levenshtein

    return min(sorted(readings), key=lambda r: Levenshtein.distance(r, want))


def _windows(readings: list[frozenset[str]], syl: tuple[str, ...]) -> tuple[bool, list[tuple[int, int]]]:
    """(exact match somewhere, near-miss windows as (start, mismatched position))."""
    n = len(syl)
    near: list[tuple[int, int]] = []
    for i in range(len(readings) - n + 1):
        if not readings[i]:
            continue
        bad = [k for k in range(n) if syl[k] not in readings[i + k]]
        if not bad:
            return True, []
        if len(bad) != 1 or n < 3 or any(not readings[i + k] for k in range(n)):
            continue
        k = bad[0]
        if not any(_close(r, syl[k]) for r in readings[i + k]):
            continue
        near.append((i, k))
    return False, near


@register
class NamePinyin(PairCheck):
    id = "name-pinyin"
    family = "names"
    severity = Severity.MAJOR
    langs = None
    description = (
        "In a bilingual segment, an English Chinese name whose pinyin does not match the Chinese "
        "characters (肖文交 vs 'Xiao Wenjia'), or a glossary person in other characters."
    )

    def check_pair(self, segment: Segment, ctx: QAContext) -> Iterable[Finding]:
        src, tgt = segment.source, segment.target
        assert src is not None and tgt is not None
        if src.family == "en" and tgt.family == "zh":
            en, zh = src, tgt
        elif src.family == "zh" and tgt.family == "en":
            en, zh = tgt, src
        else:
            return
        gloss = _glossary_names(ctx)
        # (the glossary's persons are known to every scan: names_in(en, ctx, gloss.persons) is this)
        names = [n for n in names_in(en, ctx) if n.given]
        if not names:
            return
        readings = _readings_of(zh)
        if not any(readings):
            return
        en_is_target = en is tgt
        flagged: set[tuple[int, int]] = set()
        for n in names:
            syl = n.syllables()
            person = gloss.persons.get(n.key) if gloss else None
            exact, near = _windows(readings, syl)
            if exact:
                if person is not None:
                    yield from self._glossary_chars(en, zh, n, syl, person[0], readings)
                continue
            if person is not None:
                zh_terms = [t.text for t in person[0].terms if t.lang.startswith("zh")]
                if any(z in zh.text for z in zh_terms):
                    continue  # the glossary's characters are there: the English was matched by key
            sur_n = len(surname_syllables(n.surname))
            # a wrong given name only right after a surname character (not 张家港 for "Zhang Jie")
            near = [(i, k) for i, k in near if k < sur_n or zh.text[i] in _SURNAME_CHARS]
            if not near:
                near = self._near_glossary(en, zh, n, gloss)
                if not near:
                    continue
            i, _k = near[0]
            chars = zh.text[i : i + len(syl)]
            want_syl = [_best_reading(readings[i + j], syl[j]) for j in range(len(syl))]
            sur = _styled("".join(want_syl[:sur_n]), n.style)
            given_parts = want_syl[sur_n:]
            giv = ("-" if "-" in n.given else "").join(given_parts).capitalize()
            reading = f"{giv} {sur}" if n.reversed else f"{sur} {giv}"
            if en_is_target:
                flagged.add((n.start, n.end))
                yield self.finding(
                    en,
                    n.start,
                    n.end,
                    f"'{n.form}' does not match the Chinese {chars} ({' '.join(want_syl)})",
                    suggestion=reading,
                    related=[zh.location(i, i + len(syl))],
                )
            else:
                yield self.finding(
                    zh,
                    i,
                    i + len(syl),
                    f"{chars} reads '{reading}', but the English has '{n.form}'",
                    related=[en.location(n.start, n.end)],
                )

    def _near_glossary(self, en: Text, zh: Text, n: NameMention, gloss) -> list[tuple[int, int]]:
        """A glossary person's Chinese in the segment whose English name is close to `n` (same
        surname, given name within an edit or two): 张淼 and 'Zhang Mao'."""
        if gloss is None:
            return []
        for (sur, giv), (concept, _pref) in gloss.persons.items():
            if sur != n.key[0] or giv == n.key[1] or not _close(giv, n.key[1]):
                continue
            for term in concept.terms:
                if term.lang.startswith("zh"):
                    i = zh.text.find(term.text)
                    if i >= 0 and len(term.text) == len(n.syllables()):
                        return [(i, -1)]
        return []

    def _glossary_chars(self, en: Text, zh: Text, n: NameMention, syl, concept, readings) -> Iterator[Finding]:
        """The English is a glossary person and the Chinese has the same pinyin in other
        characters (萧文交 for 肖文交)."""
        zh_terms = [t for t in concept.terms if t.lang.startswith("zh")]
        if not zh_terms or any(t.text in zh.text for t in zh_terms):
            return
        want = concept.preferred(zh.lang) or concept.preferred("zh-CN") or zh_terms[0]
        m = len(syl)
        if len(want.text) != m:
            return
        for i in range(len(readings) - m + 1):
            if all(syl[k] in readings[i + k] for k in range(m)):
                yield self.finding(
                    zh,
                    i,
                    i + m,
                    f"the glossary writes {n.form} as {want.text}, not {zh.text[i : i + m]}",
                    suggestion=want.text,
                    related=[en.location(n.start, n.end)],
                )
                return
