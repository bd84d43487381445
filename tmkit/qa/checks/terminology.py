"""QA checks of the terminology family: what the glossary says about the words of a draft.

* `term-forbidden` and `term-deprecated`: a wrong or discouraged form of a glossary concept, with
  the closest approved form as the suggestion.
* `term-case`: a glossary name with a capital letter lost ("Xinjiang branch" for the name
  "Xinjiang Branch").
* `term-acronym`: an acronym used before, or without, its full form in an English draft.
* `term-missing`: in a bilingual segment, a name in the source (organisation, person, place,
  programme, award, event, policy) whose approved rendering is not in the target.

Every check works from the glossary matches `QAContext.terms` computes once per text (see
docs/explanation/term-matching.md); nothing here scans the glossary per segment. The reference
pages are docs/reference/checks/term-*.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz

from tmkit.model.term import GOOD_STATUSES, NAME_SUBJECTS, Concept, Term
from tmkit.qa.base import DocumentCheck, Finding, PairCheck, Severity, TextCheck
from tmkit.qa.context import QAContext
from tmkit.qa.document import Document, Segment, Text
from tmkit.qa.registry import register
from tmkit.terms import TermMatch
from tmkit.text.fold import fold, fold_lower, term_key

# ---------------------------------------------------------------------------------------------
# helpers shared by the checks

_OPENERS = " \t\u00a0\u3000\"'“‘(（[【•*·-–—"
_SENTENCE_END = ".!?。！？:："


def _sentence_initial(s: str, start: int) -> bool:
    """True when `s[start]` begins a sentence, a line or the text (quotes and bullets skipped)."""
    j = start - 1
    while j >= 0 and s[j] in _OPENERS:
        j -= 1
    return j < 0 or s[j] in _SENTENCE_END or s[j] in "\n\r"


def _good_terms(concept: Concept, lang: str) -> list[Term]:
    """The preferred then admitted terms of `concept` in `lang`, in glossary order."""
    good = [t for t in concept.terms if t.lang == lang and t.status in GOOD_STATUSES]
    good.sort(key=lambda t: (t.status != "preferred", t.type != "full"))
    return good


def _pluralise(word: str) -> str:
    if not word or not word[-1].isalpha():
        return word
    if word.endswith(("s", "x", "z", "sh", "ch")):
        return word + "es"
    if len(word) > 1 and word[-1] == "y" and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


_SEED_REF = re.compile(r"\s*\(seed:\d+\)|\bas in seed:\d+[:;,]?\s*")
_QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")


def _reason(usage: str) -> str:
    """Why a term is wrong, from its usage note, for the message: "misspelling (seed:000): write
    Urumqi" gives "misspelling"; a note that only says what to write gives ""."""
    note = _SEED_REF.sub(" ", usage).strip(" ;,:")
    head = note.split(":", 1)[0].strip()
    if (
        not head
        or head[0] in "'\""
        or head.lower() in ("wrong", "error")
        or head.lower().startswith(("write", "use", "name", "capitalise"))
        or len(head) > 80
    ):
        return ""
    return head


def _replacement(concept: Concept, bad: Term) -> Term | None:
    """The approved term that should replace `bad`. The one the usage note names ("write
    'commercialization of research results'") if it is an approved term of the concept; else, of
    the concept's preferred and admitted terms in the same language, the one closest in spelling
    (so "Gu’an" becomes "Gu'an", not "Gu'an County", and "Urumuqi" becomes "Urumqi"). An acronym
    is replaced by an acronym when there is one (CCP -> CPC), a full form never by an acronym."""
    good = _good_terms(concept, bad.lang)
    if not good:
        return None
    by_key = {term_key(t.text): t for t in reversed(good)}
    for m in _QUOTED.finditer(bad.usage):
        named = by_key.get(term_key(m.group(1) or m.group(2)))
        if named is not None:
            return named
    if bad.type == "acronym":
        pool = [t for t in good if t.type == "acronym"] or good
    else:
        pool = [t for t in good if t.type != "acronym"] or good
    key = fold_lower(bad.text)
    best, best_score = pool[0], -1.0
    for t in pool:  # ordered preferred first: a tie keeps the preferred term
        score = fuzz.ratio(key, fold_lower(t.text))
        if score > best_score + 1e-9:
            best, best_score = t, score
    return best


def _suggest(m: TermMatch, text: str, term: Term) -> str:
    """`term` written to replace the span of `m`: plural when the span is, capitalised at the
    start of a sentence when the term is a common noun written in lower case."""
    out = term.text
    if m.plural and m.concept.subject not in ("person", "place") and term.type != "acronym":
        out = _pluralise(out) if " " not in out else out[: out.rfind(" ") + 1] + _pluralise(out.rsplit(" ", 1)[1])
    if out[:1].islower() and m.text[:1].isupper() and _sentence_initial(text, m.start):
        out = out[0].upper() + out[1:]
    return out


def _name_part(m: TermMatch, s: str) -> bool:
    """A lower-case common term written with capitals in mid-sentence is part of a proper name
    ("Changchun Hi-tech Industry Development Zone"), where the house style does not apply."""
    return (
        m.concept.subject not in NAME_SUBJECTS
        and m.term.text[:1].islower()
        and m.text[:1].isupper()
        and not _sentence_initial(s, m.start)
    )


class _BadTermCheck(TextCheck):
    """Shared by term-forbidden and term-deprecated: one finding per occurrence of a term of
    `status`."""

    status = ""
    needs = frozenset({"glossary"})

    def __init__(self) -> None:
        self._good_keys: dict[str, set[str]] = {}

    def _has_good_spelling(self, concept: Concept, lang: str, key: str) -> bool:
        keys = self._good_keys.get(concept.id + "\x1f" + lang)
        if keys is None:
            keys = {term_key(t.text) for t in _good_terms(concept, lang)}
            self._good_keys[concept.id + "\x1f" + lang] = keys
        return key in keys

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        for m in ctx.terms(text):
            term = m.term
            if term.status != self.status:
                continue
            if not m.case_ok and self._has_good_spelling(m.concept, term.lang, term_key(m.text)):
                continue  # "XINJIANG BRANCH": an approved name in capitals, not the wrong "Xinjiang branch"
            if self.status == "deprecated" and _name_part(m, s):
                continue
            if m.concept.subject == "person" and self._has_good_spelling(m.concept, term.lang, term_key(term.text)):
                continue  # "XIAO Wenjiao": the surname style is the names checks' (and a style option)
            good = _replacement(m.concept, term)
            suggestion = _suggest(m, s, good) if good is not None else None
            yield self.finding(text, m.start, m.end, self._message(m, good), suggestion=suggestion)

    def _message(self, m: TermMatch, good: Term | None) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@register
class TermForbidden(_BadTermCheck):
    id = "term-forbidden"
    family = "terminology"
    severity = Severity.MAJOR
    status = "forbidden"
    description = "A form the glossary marks as wrong (a misspelt or wrong official name): use the preferred term."

    def _message(self, m: TermMatch, good: Term | None) -> str:
        name = good or m.concept.preferred(m.term.lang)
        what = f"'{m.text}' is a wrong form of {name.text if name else m.concept.id}"
        why = _reason(m.term.usage)
        return f"{what} ({why})" if why else what


@register
class TermDeprecated(_BadTermCheck):
    id = "term-deprecated"
    family = "terminology"
    severity = Severity.MINOR
    status = "deprecated"
    description = (
        "A form the glossary marks as deprecated (outdated, literal or off house style): use the preferred term."
    )

    def _message(self, m: TermMatch, good: Term | None) -> str:
        what = f"'{m.text}' is deprecated"
        if good is not None:
            what += f": write {good.text}"
        why = _reason(m.term.usage)
        return f"{what} ({why})" if why else what


# ---------------------------------------------------------------------------------------------
# term-case

_WORD = re.compile(r"\S+")
_ARTICLE_BEFORE = re.compile(r"(?:^|[^\w])(?:a|an|A|An)\s+$")


def _lowered_letters(span: str, term: str) -> list[tuple[int, int]]:
    """(word index, letter index) of the letters the term writes in capitals and the span in
    lower case. Both fold to the same key, so their words line up letter for letter (a plural
    suffix aside)."""
    out = []
    sw = fold(span).split()
    tw = fold(term).split()
    for wi, (a, b) in enumerate(zip(sw, tw, strict=False)):
        for li, (x, y) in enumerate(zip(a, b, strict=False)):
            if y.isupper() and x.islower():
                out.append((wi, li))
    return out


def _recapitalise(span: str, lowered: list[tuple[int, int]]) -> str:
    """The span with the lowered letters put back in capitals, everything else as written."""
    chars = list(span)
    words = [m.start() for m in _WORD.finditer(span)]
    for wi, li in lowered:
        if wi < len(words) and words[wi] + li < len(chars):
            i = words[wi] + li
            chars[i] = chars[i].upper()
    return "".join(chars)


@register
class TermCase(TextCheck):
    id = "term-case"
    family = "terminology"
    severity = Severity.MINOR
    langs = ("en",)
    needs = frozenset({"glossary"})
    description = (
        "A glossary name with a capital letter written in lower case ('Xinjiang branch' for 'Xinjiang Branch')."
    )

    def __init__(self) -> None:
        self._place_stems: tuple[str, ...] | None = None

    def _has_place_word(self, span: str, ctx: QAContext) -> bool:
        """`span` holds an English place name of the glossary, or a word made from one (Chinese,
        Russian, Xinjiang's)."""
        if self._place_stems is None:
            stems = set()
            for c in ctx.glossary or ():
                if c.subject == "place":
                    for t in _good_terms(c, "en"):
                        if " " not in t.text and t.type != "acronym":
                            w = fold_lower(t.text)
                            stems.add(w[:-1] if w[-1:] in "aeiou" and len(w) > 4 else w)
            self._place_stems = tuple(sorted(stems))
        return any(w.startswith(self._place_stems) for w in _EN_WORD.findall(fold_lower(span)))

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        for m in ctx.terms(text):
            if m.case_ok:
                continue
            term, concept = m.term, m.concept
            if concept.subject == "person" or term.type == "acronym":
                continue  # names of people: the names checks; acronyms: "MOST" is also "most"
            if m.text.isupper():
                continue  # capitals for emphasis or a headline
            # the capitals the name needs, against the closest of its terms with the same words
            # ("Sci-tech" needs none if "sci-tech" is a term, whatever "Sci-Tech" says)
            key = term_key(term.text)
            lowered = None
            for t in concept.terms:
                if t.lang != term.lang or t.status not in GOOD_STATUSES or term_key(t.text) != key:
                    continue
                got = _lowered_letters(m.text, t.text)
                if concept.effective_case(t) == "initial":
                    got = [(w, i) for w, i in got if i > 0]  # word initials are free
                if lowered is None or len(got) < len(lowered):
                    lowered, term = got, t
            if not lowered:
                continue  # only extra capitals: Title Case headlines, "Shenzhen Government"
            capitals = [c for c in m.text if c.isupper()]
            plain = not capitals or (len(capitals) == 1 and m.text[0].isupper() and _sentence_initial(s, m.start))
            # a phrase in lower case may be ordinary words that happen to spell a name ("a pioneer
            # initiative", "the institute of physics"): flag it only when it holds a place name
            # or its adjective ("chinese academy of sciences"), never after "a"/"an"
            if plain and (
                len(term.text.split()) < 2
                or _ARTICLE_BEFORE.search(s, 0, m.start)
                or not self._has_place_word(m.text, ctx)
            ):
                continue
            yield self.finding(
                text,
                m.start,
                m.end,
                f"'{m.text}' should be capitalised as in the name '{term.text}'",
                suggestion=_recapitalise(m.text, lowered),
            )


# ---------------------------------------------------------------------------------------------
# term-acronym

#: Acronyms no reader needs spelt out (besides the `known_acronyms` house-style option).
ALWAYS_KNOWN = frozenset({"USA", "US", "U.S.", "UK", "EU", "UN"})
_PROSE_END = re.compile(r"[.!?。！？][\"'”’)）\]]*\s*$")
_DEFINED_AFTER = re.compile(r"[\s(（,，:–—-]*$")


def _prose_line(s: str, offset: int) -> bool:
    """The line holding `offset` is running text: it ends like a sentence. Headlines, menus,
    bylines and page furniture ("Sitemap | 中文 | CAS", "Source : CCFAO") do not."""
    start = s.rfind("\n", 0, offset) + 1
    end = s.find("\n", offset)
    line = s[start : end if end >= 0 else len(s)]
    return bool(_PROSE_END.search(line))


@register
class TermAcronym(DocumentCheck):
    id = "term-acronym"
    family = "terminology"
    severity = Severity.MINOR
    langs = ("en",)
    needs = frozenset({"glossary"})
    description = (
        "An acronym used before or without its full form in an English draft (once per acronym, at its first use)."
    )

    def check_document(self, doc: Document, ctx: QAContext) -> Iterable[Finding]:
        if doc.kind == "memory" or ctx.matcher is None:
            return  # the memory is many unrelated documents: "first use" means nothing there
        known = {str(a) for a in ctx.style.get("known_acronyms", []) or []} | ALWAYS_KNOWN
        for side in ("source", "target"):
            texts = [t for t in doc.sides(side) if t.family == "en"]
            if texts:
                yield from self._check_stream(texts, ctx, known)

    def _check_stream(self, texts: list[Text], ctx: QAContext, known: set[str]) -> Iterator[Finding]:
        # first prose use of each acronym, in document order
        first: dict[tuple[str, str], tuple[int, TermMatch]] = {}
        for ti, text in enumerate(texts):
            for m in ctx.terms(text):
                t = m.term
                if t.type != "acronym" or t.status not in GOOD_STATUSES or not m.case_ok:
                    continue
                if t.text in known or m.concept.subject == "style" or "no need to spell out" in t.usage:
                    continue  # S&T and the like: shorthand for tables, not a name to spell out
                key = (m.concept.id, t.text)
                if key in first or not _prose_line(text.text, m.start) or _defines(text.text, m.start):
                    continue  # "(RAS inhibitors)": defined on the spot, maybe with another meaning
                first[key] = (ti, m)
        if not first:
            return
        wanted = {cid for cid, _ in first}
        # where each of those concepts is first written in full (any non-acronym term, wrong
        # ones included: a misspelt full form is term-forbidden's business, not this check's)
        full_at: dict[str, tuple[int, int, int]] = {}
        for ti, text in enumerate(texts):
            langs = ctx.glossary_langs(text.lang)
            for m in ctx.matcher.find(text.text, langs, overlaps=True):  # type: ignore[union-attr]
                cid = m.concept.id
                if cid in wanted and m.term.type != "acronym" and cid not in full_at:
                    full_at[cid] = (ti, m.start, m.end)
        for (cid, acro), (ti, m) in sorted(first.items(), key=lambda kv: (kv[1][0], kv[1][1].start)):
            text = texts[ti]
            where = full_at.get(cid)
            if where is not None:
                fti, fstart, _ = where
                if (fti, fstart) < (ti, m.start):
                    continue
                if fti == ti and _DEFINED_AFTER.match(text.text[m.end : fstart]):
                    continue  # "CAS (Chinese Academy of Sciences)"
            full = m.concept.preferred("en")
            if full is None or full.type == "acronym":
                continue
            if where is None:
                message = f"'{acro}' is used without its full form ({full.text}) in this draft"
            else:
                line, _ = texts[where[0]].position(where[1])
                message = f"'{acro}' is used before it is spelt out (line {line}): spell it out at first use"
            yield self.finding(text, m.start, m.end, message, suggestion=f"{full.text} ({m.text})")


# ---------------------------------------------------------------------------------------------
# term-missing

#: Subjects whose terms are names: a translation must render them with an approved term.
#: General vocabulary, science terms, titles and style are translated freely.
MISSING_SUBJECTS = frozenset(NAME_SUBJECTS | {"policy"})
#: Reported at minor: policy slogans are often reworded, and place names are often left implicit
#: (中国 as "the country", "national") or folded into another word.
_LOOSE_SUBJECTS = frozenset({"policy", "place"})
_MAX_GAP = 4  # characters (Chinese) or words (English) a modifier may insert into a term
_HYPHENS = "-\u2010\u2011\u2013\u2014"
_EN_WORD = re.compile(r"[\w&]+(?:['-][\w&]+)*")


def _in_compound(s: str, start: int, end: int) -> bool:
    """The span is one member of a hyphenated compound of names (China-Russia, Sino-US)."""
    return (start > 0 and s[start - 1] in _HYPHENS) or (end < len(s) and s[end] in _HYPHENS)


def _gapped_chars(key: str, hay: str) -> bool:
    """Chinese: `key` is in `hay` with one insertion of 1 to _MAX_GAP characters, both parts at
    least two characters long: 经济社会发展 in 经济社会高质量发展, “一带一路”沿线国家 in
    “一带一路”沿线周边国家."""
    for i in range(2, len(key) - 1):
        head, tail = key[:i], key[i:]
        pos = hay.find(head)
        while pos >= 0:
            window = hay[pos + i + 1 : pos + i + 1 + _MAX_GAP + len(tail)]
            w = window.find(tail)
            if 0 <= w < _MAX_GAP:
                return True
            pos = hay.find(head, pos + 1)
    return False


def _gapped_words(key: list[str], hay: list[str]) -> bool:
    """English: the words of `key` are in `hay` with one insertion of 1 to _MAX_GAP words:
    "high-quality development" in "high-quality economic and social development"."""
    n = len(key)
    for i in range(1, n):
        head, tail = key[:i], key[i:]
        for p in range(len(hay) - n + 1):
            if hay[p : p + i] != head:
                continue
            for g in range(1, _MAX_GAP + 1):
                q = p + i + g
                if hay[q : q + len(tail)] == tail:
                    return True
    return False


def _stem_in(term: str, words: list[str]) -> bool:
    """A place name as an adjective: Europe in "European", China in "Chinese"."""
    stem = term[:-1] if term[-1:] in "aeiou" else term
    return len(stem) >= 4 and any(p.startswith(stem) for w in words for p in w.split("-"))


@register
class TermMissing(PairCheck):
    id = "term-missing"
    family = "terminology"
    severity = Severity.MAJOR
    needs = frozenset({"glossary", "bilingual"})
    description = "A name from the glossary in the source whose approved rendering is missing from the target."

    def __init__(self) -> None:
        self._renderings: dict[tuple[str, str], list[Term]] = {}

    def _expected(self, concept: Concept, langs: list[str]) -> list[Term]:
        key = (concept.id, "+".join(langs))
        out = self._renderings.get(key)
        if out is None:
            out = [t for lang in langs for t in _good_terms(concept, lang)]
            self._renderings[key] = out
        return out

    def check_pair(self, segment: Segment, ctx: QAContext) -> Iterable[Finding]:
        src, tgt = segment.source, segment.target
        if src is None or tgt is None or not tgt.text.strip() or src.family == tgt.family:
            return
        tlangs = ctx.glossary_langs(tgt.lang)
        if ctx.matcher is None or not tlangs:
            return
        seen: set[str] = set()
        missing: list[tuple[TermMatch, list[Term]]] = []
        places: dict[str, list[Term]] = {}  # place concepts of the source, for 中俄
        present: set[str] | None = None
        for m in ctx.terms(src):
            concept = m.concept
            if concept.id in seen or concept.subject not in MISSING_SUBJECTS or concept.confidence == "low":
                continue
            seen.add(concept.id)
            if not m.case_ok:
                continue  # "a pioneer initiative": words that spell a name, not the name
            expected = self._expected(concept, tlangs)
            if not expected:
                continue
            if m.term.type == "acronym" and _defines(src.text, m.start):
                continue  # "(RAS inhibitors)": an acronym defined here, another meaning
            if concept.subject == "place":
                places[concept.id] = expected
                if _in_compound(src.text, m.start, m.end):
                    continue  # China-Russia is 中俄, Beijing-Tianjin-Hebei 京津冀
                if src.family == "en" and _in_longer_name(src.text, m.start, m.end):
                    continue  # South China Morning Post, Central China: a name of its own
                if src.family == "zh" and _CHINA_REGION.match(src.text, m.end) and m.text == "中国":
                    continue  # 中国香港 is "Hong Kong" (China)
            if present is None:
                present = _concepts_in(tgt, ctx)
            if concept.id in present or _rendered_loosely(concept, expected, tgt):
                continue
            missing.append((m, expected))
        for m, expected in missing:
            if m.concept.subject == "place" and tgt.family == "zh" and _paired_abbreviation(m, places, tgt):
                continue
            if src.family == "zh" and _inside_chinese_word(src.text, m.start, m.end):
                continue  # 西亚 in 马来西亚, 长春 across 延长|春节, 俄罗斯 in 俄罗斯方块
            shown = ", ".join(t.text for t in expected[:3])
            yield self.finding(
                src,
                m.start,
                m.end,
                f"'{m.text}' is not rendered in the target: expected {shown}",
                severity=Severity.MINOR if m.concept.subject in _LOOSE_SUBJECTS else None,
            )


_CHINA_REGION = re.compile(r"香港|澳门|台湾|內地|内地")


def _inside_chinese_word(s: str, start: int, end: int) -> bool:
    """Chinese has no spaces: a name found in the text may be part of a longer word (马来西亚
    holds 西亚, 白俄罗斯 holds 俄罗斯) or straddle two (延长|春节 holds 长春). True when a
    CC-CEDICT word overlaps the span without fitting inside it."""
    from tmkit.align.lexicon import load_cedict

    words = load_cedict()
    longest = min(words.max_len, 8)
    n = len(s)
    for i in range(max(0, start - longest + 1), end):
        for j in range(max(i + 2, start + 1), min(n, i + longest) + 1):
            if (i < start or j > end) and s[i:j] in words:
                return True
    return False


def _defines(s: str, start: int) -> bool:
    """The acronym opens a parenthesis: the words before it are its definition ("renin-angiotensin
    system inhibitors (RAS inhibitors)")."""
    return start > 0 and s[start - 1] in "(（"


_CAP_BEFORE = re.compile(r"\b([A-Z][\w'’-]*)(?:\s+(?:of|of the|the))?\s+$")
_CAP_AFTER = re.compile(r"\s+[A-Z][a-z]")
_CURRENCY_AFTER = re.compile(r"\$|\s+dollars?\b")
#: capitalised words that begin sentences, not names
_FUNCTION_WORDS = frozenset(
    [
        "A",
        "An",
        "The",
        "In",
        "On",
        "At",
        "From",
        "To",
        "For",
        "By",
        "With",
        "And",
        "But",
        "Or",
        "As",
        "Since",
        "After",
        "Before",
        "During",
        "Both",
        "Between",
        "Of",
        "Its",
        "Their",
        "His",
        "Her",
        "Our",
        "This",
        "That",
        "These",
        "Those",
        "Some",
        "Many",
        "Most",
        "All",
        "Each",
        "Every",
        "Only",
        "Also",
    ]
)


def _in_longer_name(s: str, start: int, end: int) -> bool:
    """A place name inside a longer capitalised name the glossary does not know ("South China
    Morning Post", "Central China", "North America", "Bank of China"), or in a currency (US$,
    US dollars)."""
    m = _CAP_BEFORE.search(s, max(0, start - 40), start)
    if m and m.group(1) not in _FUNCTION_WORDS:
        return True
    return bool(_CAP_AFTER.match(s, end) or _CURRENCY_AFTER.match(s, end))


def _concepts_in(text: Text, ctx: QAContext) -> set[str]:
    """Every concept with a term anywhere in `text`, nested names included (中国科学院 inside
    中国科学院新疆分院) and whatever the term's status: a wrong rendering in the target is
    term-forbidden's or term-deprecated's finding, not a missing one."""
    cached = text.cache.get("term_concepts")
    if cached is None:
        langs = ctx.glossary_langs(text.lang)
        if text.family == "zh" and "en" in ctx.matcher.langs:  # type: ignore[union-attr]
            langs = [*langs, "en"]  # Latin names and acronyms kept in Chinese: 与CAS合作
        cached = {m.concept.id for m in ctx.matcher.find(text.text, langs, overlaps=True)}  # type: ignore[union-attr]
        text.cache["term_concepts"] = cached
    return cached  # type: ignore[return-value]


def _folded(text: Text) -> tuple[str, list[str]]:
    """The text folded and lower-cased: without spaces (Chinese) and as words (English)."""
    cached = text.cache.get("term_folded")
    if cached is None:
        low = fold_lower(text.text)
        cached = ("".join(low.split()), _EN_WORD.findall(low))
        text.cache["term_folded"] = cached
    return cached  # type: ignore[return-value]


def _rendered_loosely(concept: Concept, expected: list[Term], text: Text) -> bool:
    """An approved rendering with a modifier inserted into it, or a place name as an adjective."""
    chars, words = _folded(text)
    for t in expected:
        low = fold_lower(t.text)
        if text.family == "zh":
            key = "".join(low.split())
            if len(key) >= 4 and _gapped_chars(key, chars):
                return True
        else:
            key_words = _EN_WORD.findall(low)
            if len(key_words) >= 2 and _gapped_words(key_words, words):
                return True
            if concept.subject == "place" and len(key_words) == 1 and _stem_in(key_words[0], words):
                return True
    return False


def _paired_abbreviation(m: TermMatch, places: dict[str, list[Term]], text: Text) -> bool:
    """Two places of the source abbreviated together in Chinese: China and Russia as 中俄, China
    and the United States as 中美 (the first character of each name)."""
    chars, _ = _folded(text)
    mine = {t.text[0] for t in places.get(m.concept.id, ()) if t.text}
    for cid, terms in places.items():
        if cid == m.concept.id:
            continue
        for other in {t.text[0] for t in terms if t.text}:
            for a in mine:
                if a + other in chars or other + a in chars:
                    return True
    return False


__all__ = ["TermForbidden", "TermDeprecated", "TermCase", "TermAcronym", "TermMissing"]
