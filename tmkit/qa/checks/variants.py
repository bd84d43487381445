"""QA checks of the variants family: one word or name spelt several ways in one English draft
(docs/reference/checks/variant-spelling.md, variant-near.md).

Both are document checks: they read every English text of the draft first, group the forms, and
report each group once, at the first place a non-dominant form is written, with every place as a
related location and the form to write as the suggestion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from tmkit.qa.base import DocumentCheck, Finding, Location, Severity
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Text
from tmkit.qa.registry import register

# a word: letters and digits, with inner hyphens and apostrophes (Gu'an, Sci-Tech, co-operation)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-\u2010\u2011'\u2019][A-Za-z0-9]+)*")
# a possessive or contraction ending: cut off before comparing (People’s/People's is the quote
# style check's business; its/it's and were/we're are different words)
_TAIL = re.compile(r"['\u2019](?:s|t|re|ll|ve|d|m)$", re.I)
_APOS = "'\u2019"
_HYPHENS = "-\u2010\u2011"
_CAMEL = re.compile(r"[a-z][A-Z]")
# what may come before a word that starts a sentence, a heading, a list item or a quote
_OPENERS = set(".!?:;\"“‘'([{|•·>*#–—-【「")
_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "nor",
        "but",
        "for",
        "in",
        "on",
        "at",
        "to",
        "by",
        "from",
        "with",
        "as",
        "vs",
        "via",
        "into",
        "onto",
        "upon",
        "over",
        "per",
        "than",
        "is",
        "are",
        "was",
        "were",
        "be",
        "its",
        "his",
        "her",
        "their",
        "our",
    ]
)


@dataclass(slots=True)
class Occ:
    """One occurrence of a word in the draft."""

    text: Text
    start: int
    end: int
    form: str
    initial: bool  # starts a sentence, a line or a quote: its capital says nothing
    title: bool  # on a line in Title Case (a headline, a menu): its capitals say nothing


def _line_bounds(s: str, i: int) -> tuple[int, int]:
    a = s.rfind("\n", 0, i) + 1
    b = s.find("\n", i)
    return a, len(s) if b < 0 else b


def is_title_line(line: str) -> bool:
    """A headline or menu line: (almost) every word that is not a small word is capitalised."""
    return _title_words(_WORD.findall(line))


def _title_words(found: list[str]) -> bool:
    """is_title_line of a line whose _WORD matches are `found`."""
    words = [w for w in found if w.lower() not in _SMALL]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return caps >= len(words) - (len(words) // 8)  # one lower-case word in eight is tolerated


def _occurrences(doc: Document) -> list[Occ]:
    out: list[Occ] = []
    for text in doc.texts("en"):
        got = text.cache.get("variant_words")
        if got is None:
            got = text.cache["variant_words"] = _text_occurrences(text)
        out.extend(got)  # type: ignore[arg-type]
    return out


def _text_occurrences(text: Text) -> list[Occ]:
    """The words of one text (cached on it: both checks of the family read them)."""
    out: list[Occ] = []
    s = text.text
    masked = text.masked
    multiline = "\n" in s
    title_cache: dict[int, bool] = {}
    tail_search = _TAIL.search
    spaces = _SPACES
    starters = _STARTERS
    # a text of one line is one line for the title test, made from the words found here (all of
    # them, as written: what is_title_line's own _WORD.findall would find) once they are known
    found: list[str] = []
    for m in _WORD.finditer(s):
        start, end = m.span()
        form = m.group()
        found.append(form)
        if "'" in form or "\u2019" in form:  # the only way _TAIL can match
            tail = tail_search(form)
            if tail:
                end -= len(tail.group())
                form = form[: len(form) - len(tail.group())]
        if masked and text.is_masked(start, end):
            continue
        # initial: only spaces between the start of the text or an opener and the word
        if start == 0:
            initial = True
        else:
            ch = s[start - 1]
            if ch in spaces:
                j = start - 2
                while j >= 0 and s[j] in spaces:
                    j -= 1
                initial = j < 0 or s[j] in starters
            else:
                initial = ch in starters
        if multiline:
            a, b = _line_bounds(s, start)
            title = title_cache.get(a)
            if title is None:
                title = title_cache[a] = is_title_line(s[a:b])
            out.append(Occ(text, start, end, form, initial, title))
        else:
            out.append(Occ(text, start, end, form, initial, False))
    if out and not multiline and _title_words(found):
        for o in out:
            o.title = True
    return out


#: the spaces skipped back over to find what precedes a word, and what makes it `initial` then
_SPACES = frozenset(" \t\u00a0\u3000")
_STARTERS = frozenset(_OPENERS | {"\r", "\n"})


def english_words() -> tuple[frozenset[str], frozenset[str]]:
    """(lower-case English words, capitalised names) written in CC-CEDICT's English glosses: what
    counts as a known word, and a known name (Shanxi, Shaanxi, Austria, Australia). From the
    lexicon's single parse of the dictionary (shared with load_cedict; only when a check has a
    candidate to judge)."""
    from tmkit.align.lexicon import cedict_english_words

    return cedict_english_words()


def _skip_spans(text: Text, ctx: QAContext) -> list[tuple[int, int]]:
    """Spans the terminology family reports already: a glossary term written in a deprecated or
    forbidden form, or in the wrong case."""
    if ctx.matcher is None:
        return []
    return [(m.start, m.end) for m in ctx.terms(text) if m.status in ("deprecated", "forbidden") or not m.case_ok]


def _glossary_skips(occs: list[Occ], ctx: QAContext) -> set[int]:
    """Indexes of occurrences inside spans the terminology family reports."""
    if ctx.matcher is None:
        return set()
    out: set[int] = set()
    spans: dict[int, list[tuple[int, int]]] = {}
    text = None
    got: list[tuple[int, int]] = []
    for k, o in enumerate(occs):
        if o.text is not text:  # the occurrences come text by text
            text = o.text
            got = spans.get(id(text))  # type: ignore[assignment]
            if got is None:
                got = spans[id(text)] = _skip_spans(text, ctx)
        if got and any(a < o.end and o.start < b for a, b in got):
            out.add(k)
    return out


def _glossary_words(ctx: QAContext) -> frozenset[str]:
    """Every word of the glossary's English terms, lower-cased (known names)."""
    cached = ctx.__dict__.get("_variant_glossary_words")
    if cached is None:
        words: set[str] = set()
        if ctx.glossary is not None:
            for concept in ctx.glossary:
                for term in concept.terms:
                    if term.lang.startswith("en") and term.status not in ("deprecated", "forbidden"):
                        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", term.text))
        cached = frozenset(words)
        ctx.__dict__["_variant_glossary_words"] = cached
    return cached


_NON_ALNUM_ASCII = re.compile(r"[^A-Za-z0-9]+")


def _key(form: str) -> str:
    if form.isascii():  # every form _WORD finds but those with a typographic hyphen or apostrophe
        return _NON_ALNUM_ASCII.sub("", form).lower()
    return "".join(ch for ch in form if ch.isalnum()).lower()


def _separators(form: str) -> str:
    """The form lower-cased with its hyphens and apostrophes, each kind normalised: what differs
    between co-operation / cooperation and Gu’an / Gu'an, not between Sci-Tech / sci-tech."""
    return form.lower()


def _spelling_groups(occs: list[Occ]) -> tuple[dict[str, list[Occ]], dict[str, list[str]]]:
    """The words of more than one letter grouped by `_key`, only the groups written in two
    forms or more (the only ones variant-spelling looks at), in the order their first word
    comes, each with its words in draft order; and every key's forms, in the order they first
    come. (Found from the distinct forms first: most words are written one way.)"""
    forms_of: dict[str, list[str]] = {}  # key -> its forms
    key_of: dict[str, str] = {}  # form -> key
    for form in dict.fromkeys([o.form for o in occs]):
        if len(form) > 1:
            key = key_of[form] = _key(form)
            forms_of.setdefault(key, []).append(form)
    groups: dict[str, list[Occ]] = {key: [] for key, forms in forms_of.items() if len(forms) > 1}
    for o in occs:
        of = key_of.get(o.form)
        if of is not None:
            group = groups.get(of)
            if group is not None:
                group.append(o)
    return groups, forms_of


class _Variants(DocumentCheck):
    family = "variants"
    severity = Severity.MINOR
    langs = ("en",)

    def report(
        self,
        occs: list[Occ],
        target: str,
        message: str,
        primary: Occ | None = None,
    ) -> Finding:
        """One finding for a group: at `primary` (by default the first occurrence not written
        `target`), every place (the primary one included) as related locations."""
        occs = sorted(occs, key=_order)
        first = primary or next(o for o in occs if o.form != target)
        related: list[Location] = [o.text.location(o.start, o.end) for o in occs]
        return self.finding(first.text, first.start, first.end, message, suggestion=target, related=related)


def _order(o: Occ) -> tuple[int, int, int]:
    return (o.text.line, o.text.column, o.start)


def _first(occs: Iterable[Occ]) -> Occ:
    return min(occs, key=_order)


def _same_case(target: str, written: str) -> str:
    """`target` in the case `written` has: cooperation for co-operation, Cooperation for
    Co-operation; a form with inner capitals (SciTech) or all capitals is kept as it is."""
    if _CAMEL.search(target) or target.isupper():
        return target
    if written.islower():
        return target.lower()
    if written[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target


def _summary(counts: Counter[str]) -> str:
    return ", ".join(f"'{f}' ×{n}" for f, n in counts.most_common())


@register
class VariantSpelling(_Variants):
    id = "variant-spelling"
    description = (
        "One word or name spelt several ways in one English draft (SciTech / Sci-Tech, Gu’an / Gu'an, "
        "Xinjiang Branch / Xinjiang branch)."
    )

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        occs = _occurrences(doc)
        if not occs:
            return
        skip = _glossary_skips(occs, ctx)
        if skip:
            occs = [o for k, o in enumerate(occs) if k not in skip]
        findings: list[Finding] = []
        findings += self._spelling(occs)
        findings += self._name_case(occs)
        findings.sort(key=lambda f: f.sort_key())
        yield from findings

    # -- one word, several spellings -------------------------------------------------------
    def _spelling(self, occs: list[Occ]) -> list[Finding]:
        groups, forms_of = _spelling_groups(occs)
        out: list[Finding] = []
        lexicon: tuple[frozenset[str], frozenset[str]] | None = None
        occs_by_text: dict[int, list[Occ]] = {}  # made when first needed (_isolated)
        for key, group in groups.items():
            # separator variants: hyphen, apostrophe kind, joined or not (anywhere, headlines too)
            # (the group's shapes are its forms' shapes: most groups differ only in case)
            by_sep: dict[str, list[Occ]] = {}
            if len({_separators(f) for f in forms_of[key]}) > 1:
                for o in group:
                    by_sep.setdefault(_separators(o.form), []).append(o)
            if len(by_sep) > 1 and not _legit_separator_pair(list(by_sep)):
                # case differences inside the group are not what this finding is about: count
                # each separator shape once, with the spelling written most often
                counts = Counter(o.form for o in group)
                shapes = Counter({sep: len(v) for sep, v in by_sep.items()})
                best_shape = _dominant(shapes, [o.form.lower() for o in group])
                target = Counter(o.form for o in by_sep[best_shape]).most_common(1)[0][0]
                first = _first(o for o in group if _separators(o.form) != best_shape)
                suggestion = _same_case(target, first.form)
                out.append(
                    self.report(
                        group,
                        suggestion,
                        f"'{first.form}' is written '{suggestion}' elsewhere in this draft ({_summary(counts)})",
                        primary=first,
                    )
                )
                continue
            # case-only differences: only a form with an inner capital (SciTech / Scitech), or a
            # name written in lower case (xinjiang where Xinjiang is always capitalised)
            counted = [o for o in group if not o.title and not (o.form.isupper() and len(o.form) > 1)]
            cforms = Counter(o.form for o in counted)
            camel = [f for f in cforms if _CAMEL.search(f)]
            if len(cforms) < 2 and not camel:
                continue
            if camel:
                # all capitals count here (SARS-COV-2 / SARS-CoV-2); a plain capital starting a
                # sentence does not (Wechat is a spelling, Scitech at a sentence start may be too)
                relevant = [
                    o for o in group if not o.title and not (o.initial and o.form[0].isupper() and o.form[1:].islower())
                ]
                rforms = Counter(o.form for o in relevant)
                if len(rforms) < 2:
                    continue
                target = _dominant(rforms, [o.form for o in relevant])
                out.append(
                    self.report(
                        relevant,
                        target,
                        f"'{target}' is also written {', '.join(repr(f) for f in rforms if f != target)} "
                        f"in this draft ({_summary(rforms)})",
                    )
                )
                continue
            lower = [o for o in counted if o.form.islower()]
            capital = [o for o in counted if o.form[0].isupper() and o.form[1:].islower() and not o.initial]
            if not lower or len(capital) < 2 or len({o.form for o in capital}) != 1:
                continue
            if len(key) < 3 or not lower[0].form.isalpha():
                continue
            if not occs_by_text:
                for o in occs:
                    occs_by_text.setdefault(id(o.text), []).append(o)
            if not any(_isolated(o, occs_by_text) for o in capital):
                continue  # capitalised only inside longer names (Centers for Disease Control)
            if lexicon is None:
                lexicon = english_words()
            if _is_english_word(lower[0].form, lexicon[0]):
                continue  # an English word too (china, turkey, polish): its case is its meaning
            target = capital[0].form
            group_occs = lower + capital
            out.append(
                self.report(
                    group_occs,
                    target,
                    f"the name '{target}' is written in lower case ({_summary(Counter(o.form for o in group_occs))})",
                )
            )
        return out

    # -- a capitalised name written elsewhere with a lower-case word ------------------------
    def _name_case(self, occs: list[Occ]) -> list[Finding]:
        # words capitalised where a capital means something: names (Xinjiang)
        names = {o.form for o in occs if not o.initial and not o.title and o.form[:1].isupper()}
        groups: dict[tuple[str, str], list[Occ]] = {}
        starts: set[int] = set()  # the name starts a sentence: its own capital says nothing
        for prev, o in zip(occs, occs[1:], strict=False):
            if prev.text is not o.text or o.title or o.initial or prev.form not in names:
                continue
            gap = o.text.text[prev.end : o.start]
            if gap != " ":
                continue
            p, w = prev.form, o.form
            if not (p[0].isupper() and not p.isupper()) or w.lower() in _SMALL or len(w) < 3:
                continue
            if not (w.islower() or (w[0].isupper() and w[1:].islower())):
                continue
            groups.setdefault((p, w.lower()), []).append(o)
            if prev.initial:
                starts.add(id(o))
        out: list[Finding] = []
        lexicon: tuple[frozenset[str], frozenset[str]] | None = None
        for (p, _w), group in groups.items():
            upper = [o for o in group if o.form[0].isupper()]
            lower = [o for o in group if o.form.islower()]
            # "Public health" starting a sentence is no evidence: a lower-case word after a name
            # that is not the first word
            if not upper or not any(id(o) not in starts for o in lower):
                continue
            if lexicon is None:
                lexicon = english_words()
            if _is_english_word(p.lower(), lexicon[0]) or p.endswith(_DEMONYM):
                continue  # "Public Health" / "Public health", "Chinese Medicine" / "Chinese medicine"
            target = f"{p} {upper[0].form}"
            texts = Counter(f"{p} {o.form}" for o in group)
            first = next(
                o for o in sorted(group, key=lambda o: (o.text.line, o.text.column, o.start)) if o.form.islower()
            )
            # underline the whole name ("Xinjiang branch"), suggest it capitalised
            start = first.start - len(p) - 1
            related = []
            for o in sorted(group, key=lambda o: (o.text.line, o.text.column, o.start)):
                related.append(o.text.location(o.start - len(p) - 1, o.end))
            finding = self.finding(
                first.text,
                start,
                first.end,
                f"the name '{target}' is also written '{p} {first.form}' in this draft ({_summary(texts)}): "
                "a name keeps its capitals",
                suggestion=target,
                related=related,
            )
            out.append(finding)
        return out


_DEMONYM = ("ese", "ian", "ish", "ean", "can", "ch")  # Chinese, Russian, English, Korean, American, French


def _is_english_word(word: str, lower: frozenset[str]) -> bool:
    """`word` (lower case) or its stem is a word of the English word list."""
    from tmkit.align.lexicon import stem

    if word in lower:
        return True
    for suffix in ("s", "es", "ed", "ing", "d"):
        if word.endswith(suffix) and word[: -len(suffix)] in lower:
            return True
    return stem(word) in _stems(lower)


@lru_cache(maxsize=1)
def _stems(lower: frozenset[str]) -> frozenset[str]:
    from tmkit.align.lexicon import prepared_set

    if lower is english_words()[0]:  # the dictionary's words: their stems are in its cache
        return prepared_set("variants-stems-1", _english_stems)
    return _stems_of(lower)


def _english_stems() -> frozenset[str]:
    return _stems_of(english_words()[0])


def _stems_of(words: frozenset[str]) -> frozenset[str]:
    from tmkit.align.lexicon import stem

    return frozenset(stem(w) for w in words)


def _isolated(o: Occ, occs_by_text: dict[int, list[Occ]]) -> bool:
    """A capitalised occurrence that is a name on its own, not a word of a longer capitalised name:
    neither neighbour (within one space) is a capitalised word."""
    if o.initial or o.title:
        return False
    seq = occs_by_text[id(o.text)]
    s = o.text.text
    # binary search would do; these lists are short per paragraph
    k = next(i for i, x in enumerate(seq) if x is o)
    for j in (k - 1, k + 1):
        if 0 <= j < len(seq):
            n = seq[j]
            gap = s[n.end : o.start] if j < k else s[o.end : n.start]
            if gap.strip(" ") == "" and "\n" not in gap and n.form[:1].isupper():
                return False
            if j > k and gap.strip() == "" and n.form in ("for", "of") and k + 2 < len(seq):
                nxt = seq[k + 2]
                if nxt.form[:1].isupper():
                    return False  # Centers for Disease Control, Bank of China
    return True


def _dominant(counts: Counter[str], order: list[str]) -> str:
    """The most frequent form; on a tie, the one written first."""
    best = max(counts.values())
    tied = [f for f in counts if counts[f] == best]
    if len(tied) == 1:
        return tied[0]
    first = {f: order.index(f) if f in order else len(order) for f in tied}
    return min(tied, key=lambda f: first[f])


_ROMAN = re.compile(r"^[ivxlc]+$")


def _legit_separator_pair(shapes: list[str]) -> bool:
    """Joined and hyphenated forms that are different words: re-sign / resign, re-cover /
    recover, re-form / reform, co-op / coop; ranges of Roman numerals (I-II / III)."""
    for s in shapes:
        if s.startswith("re-") or s == "co-op":
            return True
        parts = re.split(r"[-\u2010\u2011]", s)
        if len(parts) > 1 and all(_ROMAN.match(p) for p in parts):
            return True
    return False


# -- near-duplicate proper nouns ------------------------------------------------------------------

#: Endings that make a related word, not a misspelling: Russia / Russian, Israel / Israeli,
#: Changchun / Changchuns, Siberia / Siberian, Tibet / Tibetan.
_INFLECTIONS = frozenset(
    ["s", "n", "i", "e", "d", "r", "y", "es", "ns", "an", "ia", "ic", "al", "er", "ed", "ese", "ish"]
)


def _inflection_pair(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_.lower().startswith(short.lower()) and long_[len(short) :].lower() in _INFLECTIONS


def _other_ending(a: str, b: str) -> bool:
    """Same length, and the letters that differ are all in the last three: a different ending
    makes a different word more often than a typo (Andres / Andrew, Coronavirinae / Coronaviridae)."""
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return bool(diff) and min(diff) >= len(a) - 3


_HYPHEN_SPLIT = re.compile(r"([-\u2010\u2011])")


def _near_candidate(f: str) -> bool:
    return len(f) >= 6 and f[0].isupper() and f[1:].islower() and f.isalpha()


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@register
class VariantNear(_Variants):
    id = "variant-near"
    description = (
        "A proper noun written two nearly identical ways in one English draft (Novosibirskaya / Novosibirskay)."
    )

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        from rapidfuzz.distance import OSA

        from tmkit.align.lexicon import split_pinyin

        occs = _occurrences(doc)
        # capitalised words of six letters or more; the parts of hyphenated words count on their
        # own: Changchun-Novosibirskaya
        cands: dict[str, list[Occ]] = {}
        for o in occs:
            f = o.form
            if "-" in f or "\u2010" in f or "\u2011" in f:
                pos = o.start
                for piece in _HYPHEN_SPLIT.split(f):
                    if piece and piece not in _HYPHENS and _near_candidate(piece):
                        p = Occ(o.text, pos, pos + len(piece), piece, o.initial and pos == o.start, o.title)
                        cands.setdefault(piece, []).append(p)
                    pos += len(piece)
            elif _near_candidate(f):
                cands.setdefault(f, []).append(o)
        # a name is written at least once where its capital means something
        cands = {f: v for f, v in cands.items() if any(not o.initial for o in v)}
        if len(cands) < 2:
            return
        index: dict[str, list[str]] = {}
        for f in cands:
            low = f.lower()
            index.setdefault(low, []).append(f)
            for d in _deletes(low):
                index.setdefault(d, []).append(f)
        pairs: set[tuple[str, str]] = set()
        for bucket in index.values():
            if len(bucket) > 1:
                for i, a in enumerate(bucket):
                    for b in bucket[i + 1 :]:
                        if a != b:
                            pairs.add((a, b) if a < b else (b, a))
        if not pairs:
            return
        lower_words, names = english_words()
        known = names | {w.capitalize() for w in _glossary_words(ctx)}
        out: list[Finding] = []
        done: set[str] = set()
        for a, b in sorted(pairs):
            if a in done or b in done:
                continue
            la, lb = a.lower(), b.lower()
            limit = 1 if min(len(a), len(b)) < 10 else 2
            if OSA.distance(la, lb) > limit or _inflection_pair(a, b) or _other_ending(la, lb):
                continue
            if la in lower_words or lb in lower_words:
                continue  # an ordinary English word (a capitalised heading word): not a name
            if a in known and b in known:
                continue  # two real names (Shanxi / Shaanxi)
            if split_pinyin(la) is not None and split_pinyin(lb) is not None:
                continue  # two romanised Chinese names (Xiaoming / Xiaoping): different people
            na, nb = len(cands[a]), len(cands[b])
            if na != nb:
                target = a if na > nb else b
            elif (a in known) != (b in known):
                target = a if a in known else b
            else:
                target = ""  # as often, neither known: which is right cannot be told
            done.update((a, b))
            group = cands[a] + cands[b]
            if not target:
                later = max((a, b), key=lambda f: min((o.text.line, o.text.column, o.start) for o in cands[f]))
                first = min((a, b), key=lambda f: f != later)
                f0 = self.report(group, first, f"'{later}' and '{first}' look like one name spelt two ways")
                f0.suggestion = None
                out.append(f0)
                continue
            other = b if target == a else a
            out.append(
                self.report(
                    group,
                    target,
                    f"'{other}' looks like a misspelling of '{target}', also in this draft "
                    f"('{target}' ×{len(cands[target])}, '{other}' ×{len(cands[other])})",
                )
            )
        out.sort(key=lambda f: f.sort_key())
        yield from out
