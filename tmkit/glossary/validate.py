"""The glossary validator: every rule has a stable id, a name and a severity.

docs/reference/glossary-validate.md lists them with examples; a test keeps that page and `RULES`
in step. Rules G109 and G110 are found while reading (tmkit.formats.glossary_csv), G201 by the
readers of other tools' tables; the rest here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from tmkit.model.term import (
    BAD_STATUSES,
    CASE_RULES,
    CONCEPT_ID_RE,
    CONFIDENCES,
    GOOD_STATUSES,
    POS_VALUES,
    STATUSES,
    SUBJECTS,
    TERM_LANGS,
    TERM_TYPES,
    Concept,
    Glossary,
    GlossaryIssue,
    Term,
)
from tmkit.text.fold import fold, has_han, is_nfc


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str
    summary: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "G101",
            "missing-value",
            "error",
            "A required column is empty (concept, subject, lang, term, status, type, source, confidence).",
        ),
        Rule(
            "G102",
            "bad-value",
            "error",
            "A value is not one of the allowed ones (subject, lang, status, type, case, pos, confidence).",
        ),
        Rule(
            "G103", "bad-concept-id", "error", "A concept id is not lower-case ASCII letters, digits, dots and hyphens."
        ),
        Rule(
            "G105",
            "untrimmed",
            "error",
            "A term starts or ends with white space, holds a tab or line break, or two spaces in a row.",
        ),
        Rule("G106", "not-nfc", "error", "A term or note is not in Unicode NFC."),
        Rule(
            "G107",
            "full-width-in-english",
            "error",
            "An English term holds full-width letters, digits, punctuation or an ideographic space.",
        ),
        Rule(
            "G108",
            "half-width-in-chinese",
            "warning",
            "A Chinese term holds ASCII punctuation ( ) , ; : ? ! next to a Han character, where Chinese uses （），；：？！",
        ),
        Rule("G109", "concept-conflict", "error", "The concept columns of one concept differ between its rows."),
        Rule("G110", "concept-split", "error", "The rows of one concept are spread over several files."),
        Rule("G111", "duplicate-term", "error", "The same term appears twice in one concept and language."),
        Rule(
            "G112",
            "status-conflict",
            "error",
            "A term is preferred or admitted in one concept and deprecated or forbidden in another.",
        ),
        Rule(
            "G113",
            "homograph",
            "warning",
            "The same usable term belongs to two concepts: matching cannot tell them apart.",
        ),
        Rule(
            "G114",
            "no-preferred",
            "error",
            "A concept has no preferred en term, or no preferred zh-CN term (zh-TW/zh-HK when it has no zh-CN terms).",
        ),
        Rule(
            "G115",
            "several-preferred",
            "warning",
            "A concept has two preferred terms of the same type in one language.",
        ),
        Rule(
            "G116",
            "low-confidence-unexplained",
            "warning",
            "A concept with confidence=low has no concept_note saying why.",
        ),
        Rule(
            "G117",
            "stop-word-term",
            "error",
            "A single common English word as a term fires everywhere (of, the, and...).",
        ),
        Rule(
            "G201",
            "incomplete-row",
            "warning",
            "A row of an imported table has no source or no target term and was skipped.",
        ),
        Rule(
            "G202", "normalised-nfc", "warning", "An imported term was not in Unicode NFC and was normalised on import."
        ),
    )
}

_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000\u3001\u3002\uff5f-\uff65\u300c-\u300f\u3010\u3011]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_ASCII_PUNCT_IN_ZH = re.compile(rf"(?<=[{_HAN}])[(),;:?!]|[(),;:?!](?=[{_HAN}])")
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)
_ID = re.compile(rf"^{CONCEPT_ID_RE}$")


def _issue(rule: str, message: str, concept: Concept, term: Term | None = None) -> GlossaryIssue:
    r = RULES[rule]
    path = term.path if term and term.path else concept.path
    line = term.line if term and term.line else concept.line
    return GlossaryIssue(r.id, r.name, r.severity, message, path, line, concept.id, term.text if term else None)


def validate_glossary(glossary: Glossary, *, required_langs: tuple[str, ...] = ("en", "zh-CN")) -> list[GlossaryIssue]:
    """Every problem of `glossary`, in file order (reader issues are added by the caller)."""
    issues: list[GlossaryIssue] = []
    usable: dict[tuple[str, str], list[tuple[Concept, Term]]] = defaultdict(list)
    banned: dict[tuple[str, str], list[tuple[Concept, Term]]] = defaultdict(list)
    for concept in glossary:
        issues.extend(_check_concept(concept, required_langs))
        for term in concept.terms:
            key = (term.lang, " ".join(fold(term.text).split()))
            if term.status in GOOD_STATUSES:
                usable[key].append((concept, term))
            elif term.status in BAD_STATUSES:
                banned[key].append((concept, term))
    for key, bad in banned.items():
        for concept, term in bad:
            for other, good in usable.get(key, []):
                if other.id != concept.id:
                    issues.append(
                        _issue(
                            "G112",
                            f"{term.text!r} ({term.lang}) is {term.status} in {concept.id} but {good.status} in "
                            f"{other.id} ({good.path}:{good.line})",
                            concept,
                            term,
                        )
                    )
    for entries in usable.values():
        ids = sorted({c.id for c, _ in entries})
        if len(ids) > 1:
            concept, term = entries[0]
            issues.append(
                _issue("G113", f"{term.text!r} ({term.lang}) is a usable term of {', '.join(ids)}", concept, term)
            )
    issues.sort(key=lambda i: (i.path or "", i.line or 0, i.rule))
    return issues


def _check_concept(concept: Concept, required_langs: tuple[str, ...]) -> list[GlossaryIssue]:
    out: list[GlossaryIssue] = []
    if not concept.id:
        out.append(_issue("G101", "concept is empty", concept))
    elif not _ID.match(concept.id):
        out.append(_issue("G103", f"concept id {concept.id!r} must match {CONCEPT_ID_RE}", concept))
    for name, value, allowed in (
        ("subject", concept.subject, SUBJECTS),
        ("confidence", concept.confidence, CONFIDENCES),
    ):
        if not value:
            out.append(_issue("G101", f"{name} is empty", concept))
        elif value not in allowed:
            out.append(_issue("G102", f"{name} {value!r} is not one of {', '.join(allowed)}", concept))
    if not concept.source.strip():
        out.append(_issue("G101", "source is empty: say where the entry comes from", concept))
    if concept.confidence == "low" and not concept.note.strip():
        out.append(_issue("G116", "confidence is low but concept_note does not say why", concept))
    for field in (concept.definition, concept.note, concept.source):
        if field and not is_nfc(field):
            out.append(_issue("G106", "a concept column is not NFC", concept))
            break
    seen: dict[tuple[str, str], Term] = {}
    preferred: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in concept.terms:
        out.extend(_check_term(concept, term))
        key = (term.lang, term.text)
        if key in seen:
            first = seen[key]
            out.append(_issue("G111", f"{term.text!r} ({term.lang}) is already on line {first.line}", concept, term))
        else:
            seen[key] = term
        if term.status == "preferred":
            preferred[(term.lang, term.type)].append(term)
    for (lang, typ), terms in preferred.items():
        if len(terms) > 1:
            names = ", ".join(repr(t.text) for t in terms)
            out.append(_issue("G115", f"several preferred {typ} terms in {lang}: {names}", concept, terms[1]))
    for lang in required_langs:
        langs = {lang}
        if lang == "zh-CN" and not concept.terms_in("zh-CN"):
            langs = {"zh-CN", "zh-TW", "zh-HK"}  # a Traditional-only concept needs a preferred Traditional term
        if not any(t.lang in langs and t.status == "preferred" for t in concept.terms):
            out.append(_issue("G114", f"no preferred {' or '.join(sorted(langs))} term", concept))
    return out


def _check_term(concept: Concept, term: Term) -> list[GlossaryIssue]:
    out: list[GlossaryIssue] = []
    text = term.text
    for name, value, allowed, required in (
        ("lang", term.lang, TERM_LANGS, True),
        ("status", term.status, STATUSES, True),
        ("type", term.type, TERM_TYPES, True),
        ("case", term.case, CASE_RULES, False),
        ("pos", term.pos, POS_VALUES, False),
    ):
        if not value:
            if required:
                out.append(_issue("G101", f"{name} is empty", concept, term))
        elif value not in allowed:
            out.append(_issue("G102", f"{name} {value!r} is not one of {', '.join(allowed)}", concept, term))
    if not text.strip():
        out.append(_issue("G101", "term is empty", concept, term))
        return out
    if text != text.strip() or "  " in text or any(c in text for c in "\t\r\n"):
        out.append(_issue("G105", f"{text!r} has stray white space", concept, term))
    if not is_nfc(text):
        out.append(_issue("G106", f"{text!r} is not NFC (NFC: {unicodedata.normalize('NFC', text)!r})", concept, term))
    elif term.usage and not is_nfc(term.usage):
        out.append(_issue("G106", f"the usage note of {text!r} is not NFC", concept, term))
    if term.lang == "en":
        m = _FULLWIDTH.search(text)
        if m:
            out.append(
                _issue("G107", f"{text!r} holds the full-width {m.group()!r} (U+{ord(m.group()):04X})", concept, term)
            )
        if " " not in text.strip() and text.strip().lower() in _STOP_WORDS:
            out.append(_issue("G117", f"{text!r} is a common word; it would match everywhere", concept, term))
    elif term.lang.startswith("zh") and has_han(text):
        m = _ASCII_PUNCT_IN_ZH.search(text)
        if m:
            out.append(_issue("G108", f"{text!r} holds the ASCII {m.group()!r} next to Chinese", concept, term))
    return out
