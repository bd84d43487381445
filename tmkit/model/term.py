"""Concept-oriented termbase entries: a concept with its terms per language. Pure data, no I/O.

One concept is one thing in the world. Synonyms, acronyms and wrong spellings are more terms of the
same concept, each with a status, never separate entries that contradict each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUBJECTS = (
    "organisation",
    "person",
    "place",
    "title",
    "policy",
    "programme",
    "award",
    "event",
    "science",
    "style",
    "general",
)
#: Status order is also the sort order inside a concept: best first.
STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
TERM_TYPES = ("full", "acronym", "short", "variant")
CASE_RULES = ("exact", "initial", "ignore")
POS_VALUES = ("noun", "proper-noun", "verb", "adjective", "adverb", "phrase")
CONFIDENCES = ("high", "medium", "low")
#: Languages a termbase holds, in their sort order.
TERM_LANGS = ("en", "zh-CN", "zh-TW", "zh-HK")
#: Subjects whose English terms are names: matched with their exact capitalisation by default.
NAME_SUBJECTS = frozenset({"organisation", "person", "place", "programme", "award", "event"})

GOOD_STATUSES = frozenset({"preferred", "admitted"})
BAD_STATUSES = frozenset({"deprecated", "forbidden"})


def lang_rank(lang: str) -> tuple[int, str]:
    try:
        return (TERM_LANGS.index(lang), "")
    except ValueError:
        return (len(TERM_LANGS), lang)


def status_rank(status: str) -> int:
    try:
        return STATUSES.index(status)
    except ValueError:
        return len(STATUSES)


@dataclass
class Term:
    """One written form of a concept in one language."""

    lang: str
    text: str
    status: str = "preferred"
    type: str = "full"
    case: str = ""  # "" = the default for the concept's subject (see effective_case)
    pos: str = ""
    usage: str = ""
    line: int | None = None  # where it was read from, for messages
    path: str | None = None

    def sort_key(self) -> tuple:
        type_rank = TERM_TYPES.index(self.type) if self.type in TERM_TYPES else len(TERM_TYPES)
        return (lang_rank(self.lang), status_rank(self.status), type_rank, self.text)

    def same_content(self, other: Term) -> bool:
        return (self.lang, self.text, self.status, self.type, self.case, self.pos, self.usage) == (
            other.lang,
            other.text,
            other.status,
            other.type,
            other.case,
            other.pos,
            other.usage,
        )


@dataclass
class Concept:
    """A concept and all its terms."""

    id: str
    subject: str = "general"
    definition: str = ""
    note: str = ""
    source: str = ""
    confidence: str = "medium"
    terms: list[Term] = field(default_factory=list)
    path: str | None = None  # the file it was read from
    line: int | None = None  # the first row of the concept

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    def preferred(self, lang: str) -> Term | None:
        """The first preferred term in `lang`, full forms before acronyms and short forms."""
        best: Term | None = None
        for t in self.terms:
            if t.lang != lang or t.status != "preferred":
                continue
            if best is None or (best.type != "full" and t.type == "full"):
                best = t
        if best is None:
            for t in self.terms:
                if t.lang == lang and t.status == "admitted":
                    return t
        return best

    def effective_case(self, term: Term) -> str:
        if term.case:
            return term.case
        if term.type == "acronym" or self.subject in NAME_SUBJECTS:
            return "exact"
        return "initial"

    def sort_terms(self) -> None:
        self.terms.sort(key=Term.sort_key)

    def langs(self) -> list[str]:
        return sorted({t.lang for t in self.terms}, key=lang_rank)


@dataclass
class Glossary:
    """An ordered collection of concepts, addressed by id."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    source: str | None = None  # the folder or file it was read from

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self):
        return iter(self.concepts.values())

    def add(self, concept: Concept) -> None:
        self.concepts[concept.id] = concept

    def get(self, concept_id: str) -> Concept | None:
        return self.concepts.get(concept_id)

    def term_count(self) -> int:
        return sum(len(c.terms) for c in self.concepts.values())

    def sorted(self) -> list[Concept]:
        return [self.concepts[k] for k in sorted(self.concepts)]


@dataclass(frozen=True)
class GlossaryIssue:
    """A problem found in a termbase: by the validator, or by a reader that could still go on."""

    rule: str  # stable id, e.g. "G112"
    name: str  # stable short name, e.g. "status-conflict"
    severity: str  # "error" or "warning"
    message: str
    path: str | None = None
    line: int | None = None
    concept: str | None = None
    term: str | None = None

    @property
    def location(self) -> str:
        if self.path is None:
            return "<glossary>"
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "concept": self.concept,
            "term": self.term,
        }


CONCEPT_ID_RE = r"[a-z0-9][a-z0-9.-]*"


def concept_id_for(prefix: str, text: str, taken: set[str] | dict[str, object]) -> str:
    """A new, unused concept id `<prefix>.<slug>` from a term; Han and other non-ASCII text gives a
    hexadecimal slug of its code points' hash so that ids stay ASCII and stable."""
    import hashlib
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-")
    if not slug or len(slug) * 2 < len(re.sub(r"\s", "", text)):
        slug = (slug + "-" if slug else "") + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    base = f"{prefix}.{slug}"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate
