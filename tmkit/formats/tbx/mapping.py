"""The vocabulary shared by the TBX reader and writer: data-category values in both directions,
the `tmkit:` marker notes, concept ids and whitespace rules.

Everything here is pure: no I/O, no XML.
"""

from __future__ import annotations

import re

from tmkit.model.term import CASE_RULES, CONFIDENCES, POS_VALUES, STATUSES, TERM_TYPES

#: Flavours `write_tbx` can produce: TBX 2008 (`martif`) and TBX v3 TBX-Basic in DCA style.
FLAVOURS = ("tbx", "tbx-basic")

#: The TBX v3 namespace the TBX-Basic RelaxNG schema and the official examples use (ISO 30042:2019).
TBX_V3_NS = "urn:iso:std:iso:30042:ed-2"
#: The namespace some later drafts of the TBX-Basic Schematron name; read like the one above.
TBX_V3_NS_DRAFT = "urn:iso:std:iso:30042:ed:3.0"
TBX_V3_NAMESPACES = frozenset({TBX_V3_NS, TBX_V3_NS_DRAFT})

MARKER_PREFIX = "tmkit:"
#: Which `tmkit:key=value` markers exist, where, and their allowed values.
TERM_MARKERS: dict[str, tuple[str, ...]] = {"status": STATUSES, "case": CASE_RULES, "pos": POS_VALUES}
CONCEPT_MARKERS: dict[str, tuple[str, ...]] = {"confidence": CONFIDENCES}
_MARKER = re.compile(r"^tmkit:([a-z]+)=(\S+)$")

# -- status ----------------------------------------------------------------------------------------

STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",  # plus the marker note tmkit:status=forbidden
}
_STATUS_FROM_TBX = {
    "preferred": "preferred",
    "standardized": "preferred",
    "legal": "preferred",
    "regulated": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated",
    "superseded": "deprecated",
    "obsolete": "deprecated",
    "forbidden": "forbidden",  # not TBX, but Weblate writes it
}
_ADMN_STS = re.compile(r"[-_ ]?admn[-_ ]?sts$")

# -- term type -------------------------------------------------------------------------------------

TYPE_TO_TBX = {"full": "fullForm", "acronym": "acronym", "short": "shortForm", "variant": "variant"}
_TYPE_FROM_TBX = {
    "fullform": "full",
    "full": "full",
    "phrase": "full",
    "internationalscientificterm": "full",
    "commonname": "full",
    "acronym": "acronym",
    "initialism": "acronym",
    "abbreviation": "short",
    "shortform": "short",
    "short": "short",
    "clippedterm": "short",
    "variant": "variant",
    "transliteratedform": "variant",
    "transcribedform": "variant",
    "romanizedform": "variant",
    "symbol": "variant",
    "formula": "variant",
    "equation": "variant",
}

# -- part of speech --------------------------------------------------------------------------------

#: tmkit value -> TBX value per flavour; a value that reads back as something else also gets a marker.
POS_TO_TBX = {
    "tbx": {
        "noun": "noun",
        "proper-noun": "properNoun",
        "verb": "verb",
        "adjective": "adjective",
        "adverb": "adverb",
        "phrase": "other",
    },
    # The TBX-Basic picklist is noun, verb, adjective, adverb, other.
    "tbx-basic": {
        "noun": "noun",
        "proper-noun": "noun",
        "verb": "verb",
        "adjective": "adjective",
        "adverb": "adverb",
        "phrase": "other",
    },
}
_POS_FROM_TBX = {
    "noun": "noun",
    "n": "noun",
    "commonnoun": "noun",
    "propernoun": "proper-noun",
    "pn": "proper-noun",
    "verb": "verb",
    "v": "verb",
    "adjective": "adjective",
    "adj": "adjective",
    "adverb": "adverb",
    "adv": "adverb",
    "phrase": "phrase",
}

_KEY_JUNK = re.compile(r"[-_ ]")


def _key(value: str) -> str:
    return _KEY_JUNK.sub("", value.strip().lower())


def status_from_tbx(value: str) -> str | None:
    """`supersededTerm-admn-sts` -> `deprecated`; None for a value tmkit does not know."""
    v = _ADMN_STS.sub("", value.strip().lower())
    v = _key(v)
    if v.endswith("term"):
        v = v[: -len("term")]
    return _STATUS_FROM_TBX.get(v)


def type_from_tbx(value: str) -> str | None:
    return _TYPE_FROM_TBX.get(_key(value))


def pos_from_tbx(value: str) -> str:
    """`Noun` -> `noun`, `properNoun` -> `proper-noun`; "" for `other` and anything unknown."""
    return _POS_FROM_TBX.get(_key(value), "")


def parse_marker(text: str, allowed: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """`tmkit:status=forbidden` -> ("status", "forbidden") when the key and value are known."""
    if not text.startswith(MARKER_PREFIX):
        return None
    m = _MARKER.match(text)
    if m is None:
        return None
    key, value = m.group(1), m.group(2)
    if key not in allowed or value not in allowed[key]:
        return None
    return key, value


def marker(key: str, value: str) -> str:
    return f"{MARKER_PREFIX}{key}={value}"


# -- text ------------------------------------------------------------------------------------------

_XML_SPACE = re.compile(r"[ \t\r\n]+")


def norm(text: str) -> str:
    """One line of text as tmkit keeps it: XML whitespace runs become one space, none at the ends.

    Only XML's own whitespace (space, tab, CR, LF) is touched: an ideographic space or a no-break
    space is content."""
    return _XML_SPACE.sub(" ", text).strip(" ")


def lines(text: str) -> list[str]:
    """The non-empty normalised lines of a multi-line field (note, definition, usage, source)."""
    return [line for line in (norm(part) for part in text.split("\n")) if line]


def canonical(text: str) -> str:
    """What a multi-line field reads back as after a TBX round trip."""
    return "\n".join(lines(text))


# -- ids -------------------------------------------------------------------------------------------

CONCEPT_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_ID_JUNK = re.compile(r"[^a-z0-9.-]+")


def clean_id(raw: str | None) -> str | None:
    """A TBX entry id as a tmkit concept id, or None when nothing usable is left.

    Leading underscores are dropped (the writer adds one to ids that start with a digit, which
    XML ids may not), then the id is lower-cased and every run of other characters becomes `-`:
    `_1219131555453` -> `1219131555453`, `3344_38882_38896` -> `3344-38882-38896`, `C1` -> `c1`."""
    if raw is None:
        return None
    s = raw.strip().lstrip("_")
    if CONCEPT_ID.match(s):
        return s
    s = _ID_JUNK.sub("-", s.lower()).strip("-.")
    s = re.sub(r"^[^a-z0-9]+", "", s)
    return s or None


def unique_id(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def xml_id(concept_id: str) -> str:
    """A concept id as an XML `id` (an NCName: it cannot start with a digit)."""
    return concept_id if concept_id[:1].isalpha() else f"_{concept_id}"


__all__ = [
    "CONCEPT_ID",
    "CONCEPT_MARKERS",
    "FLAVOURS",
    "MARKER_PREFIX",
    "POS_TO_TBX",
    "STATUS_TO_TBX",
    "TBX_V3_NAMESPACES",
    "TBX_V3_NS",
    "TERM_MARKERS",
    "TERM_TYPES",
    "TYPE_TO_TBX",
    "canonical",
    "clean_id",
    "lines",
    "marker",
    "norm",
    "parse_marker",
    "pos_from_tbx",
    "status_from_tbx",
    "type_from_tbx",
    "unique_id",
    "xml_id",
]
