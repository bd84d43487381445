"""What the aligner knows about each sentence: its lexical evidence, weighted, and its length.

Every piece of evidence lives in one space of *keys* (English lemmas, `#12000` for numbers,
`py:xiao` for pinyin syllables, `c:<concept id>` for glossary concepts):

* an English sentence is a set of keys, each with a weight;
* a Chinese sentence is a list of *words* (dictionary words, numbers, glossary terms, Latin
  words), each with the set of keys it can stand for (its glosses) and a weight.

An English key is *matched* by a Chinese range when some word of the range can stand for it; a
Chinese word is matched by an English range when one of its keys is in the range. Weights are
inverse document frequencies within the text being aligned, so a word on every line ("God",
"Chinese Academy of Sciences" in a CAS release) counts for little and a rare one for a lot.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from tmkit.align.lexicon import STOPWORDS, ZH_STOPWORDS, Cedict, char_readings, english_lemmas, split_pinyin, stem
from tmkit.text.numbers import find_numbers

__all__ = ["EnglishSide", "ChineseSide", "analyse_english", "analyse_chinese"]

_PINYIN_ONLY = 0.25
_CAP_WORD = re.compile(r"[A-Z][A-Za-z]*(?:['’\-][A-Za-z]+)*")
_LATIN_IN_ZH = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")


@dataclass(slots=True)
class EnglishSide:
    keys: list[dict[str, float]]  # per sentence: key -> weight
    mass: list[float]  # per sentence: sum of its key weights
    length: list[int]  # per sentence: characters


@dataclass(slots=True)
class ChineseSide:
    words: list[list[tuple[frozenset[str], float]]]  # per sentence: (keys, weight) per word
    keys: list[frozenset[str]]  # per sentence: every key any word can stand for
    mass: list[float]
    length: list[int]
    vocabulary: set[str] = field(default_factory=set)


def _idf(df: int, n: int) -> float:
    return math.log(1.0 + n / df)


def _number_keys(text: str, lang: str) -> list[str]:
    keys = []
    for m in find_numbers(text, lang):
        if m.value == 1 and m.kind != "digits":
            continue  # "one", 一: far more often a word than a quantity
        keys.append("#" + m.key)
    return keys


def english_keys(text: str, concepts: list[str] | None = None) -> list[str]:
    """The evidence keys of one English sentence (duplicates kept)."""
    keys = english_lemmas(text)
    keys.extend(_number_keys(text, "en"))
    for m in _CAP_WORD.finditer(text):
        word = m.group()
        low = word.lower()
        if len(low) < 2 or (low in STOPWORDS and not word.isupper()):
            continue
        syllables = split_pinyin(low)
        if syllables:
            keys.extend("py:" + s for s in syllables)
    if concepts:
        keys.extend("c:" + c for c in concepts)
    return keys


def analyse_english(sentences: list[str], concepts: list[list[str]] | None = None) -> EnglishSide:
    raw = [english_keys(s, concepts[i] if concepts else None) for i, s in enumerate(sentences)]
    df: Counter[str] = Counter()
    for keys in raw:
        df.update(set(keys))
    n = max(1, len(sentences))
    weighted = []
    masses = []
    for keys in raw:
        d = {k: _idf(df[k], n) for k in set(keys)}
        weighted.append(d)
        masses.append(sum(d.values()))
    return EnglishSide(weighted, masses, [len(s) for s in sentences])


def chinese_words(text: str, cedict: Cedict, concepts: list[str] | None = None) -> list[tuple[str, frozenset[str]]]:
    """The words of one Chinese sentence that carry evidence, each with the keys it stands for."""
    words: list[tuple[str, frozenset[str]]] = []
    numbers = find_numbers(text, "zh")
    in_number = [False] * len(text)
    for m in numbers:
        if m.value == 1 and m.kind != "digits":
            continue
        for k in range(m.start, m.end):
            in_number[k] = True
        words.append(("#" + m.key, frozenset(("#" + m.key,))))
    for start, end in cedict.segment(text):
        word = text[start:end]
        if all(in_number[k] for k in range(start, end)) or word in ZH_STOPWORDS:
            continue
        keys = set(cedict.lemmas(word)) if word in cedict else set()
        if end - start == 1 and not keys and word not in cedict:
            keys = set()
        for ch in word:
            for reading in char_readings(ch):
                keys.add("py:" + reading)
        if keys:
            words.append((word, frozenset(keys)))
    for m in _LATIN_IN_ZH.finditer(text):
        lemmas = english_lemmas(m.group())
        if lemmas:
            words.append((m.group(), frozenset(lemmas)))
        elif m.group().isupper() and len(m.group()) >= 2:
            words.append((m.group(), frozenset((stem(m.group().lower()),))))
    for c in concepts or ():
        words.append(("c:" + c, frozenset(("c:" + c,))))
    return words


def analyse_chinese(sentences: list[str], cedict: Cedict, concepts: list[list[str]] | None = None) -> ChineseSide:
    raw = [chinese_words(s, cedict, concepts[i] if concepts else None) for i, s in enumerate(sentences)]
    df: Counter[str] = Counter()
    for words in raw:
        df.update({w for w, _ in words})
    n = max(1, len(sentences))
    all_words = []
    key_sets = []
    masses = []
    vocabulary: set[str] = set()
    for words in raw:
        seen: dict[str, tuple[frozenset[str], float]] = {}
        for word, keys in words:
            if word not in seen:
                weight = _idf(df[word], n)
                if all(k.startswith("py:") for k in keys):
                    weight *= _PINYIN_ONLY  # evidence only if it turns out to be a name
                seen[word] = (keys, weight)
        entries = list(seen.values())
        union: set[str] = set()
        for keys, _ in entries:
            union |= keys
        vocabulary |= union
        all_words.append(entries)
        key_sets.append(frozenset(union))
        masses.append(sum(w for _, w in entries))
    return ChineseSide(all_words, key_sets, masses, [len(s) for s in sentences], vocabulary)
