"""The translation-unit model shared by every format and the store.

A unit holds any number of language variants (TMX allows more than two). Each variant keeps
its segment twice: `text`, the plain text used for matching and search (inline codes removed),
and `markup`, the segment's inline XML exactly as tmkit canonicalises it (None when the segment
has no inline codes, so that the common case costs nothing). `markup` is what export writes
back, so inline codes survive a round trip unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    lang: str | None = None
    encoding: str | None = None  # TMX o-encoding


@dataclass(frozen=True, slots=True)
class Prop:
    type: str
    text: str
    lang: str | None = None
    encoding: str | None = None  # TMX o-encoding


@dataclass(slots=True)
class Variant:
    lang: str  # normalised tag, e.g. zh-CN
    text: str  # plain text, inline codes removed
    markup: str | None = None  # canonical inline XML of <seg> when it has codes
    lang_orig: str | None = None  # the tag as written in the source file
    attrs: dict[str, str] = field(default_factory=dict)  # other TMX attributes, in file order
    notes: list[Note] = field(default_factory=list)
    props: list[Prop] = field(default_factory=list)

    @property
    def content(self) -> str:
        """The segment as stored for export: markup when it has codes, else the plain text."""
        return self.markup if self.markup is not None else self.text


@dataclass(slots=True)
class TranslationUnit:
    variants: list[Variant]
    tuid: str | None = None
    srclang: str | None = None  # normalised source language, if the file says
    attrs: dict[str, str] = field(default_factory=dict)  # other TMX attributes, in file order
    notes: list[Note] = field(default_factory=list)
    props: list[Prop] = field(default_factory=list)
    line: int | None = None  # where the unit starts in its source file (not stored)

    def languages(self) -> list[str]:
        return [v.lang for v in self.variants]

    def variant(self, lang: str) -> Variant | None:
        """The first variant whose language is `lang` or a regional variant of it."""
        from tmkit.text.langtags import lang_matches

        for v in self.variants:
            if lang_matches(lang, v.lang):
                return v
        return None

    def duplicate_key(self) -> bytes:
        """What makes two units "the same unit" for the import duplicate policy.

        With a tuid: the tuid and the set of languages. Without: the content in every language.
        """
        if self.tuid:
            parts = ["tuid", self.tuid, *sorted({v.lang for v in self.variants})]
        else:
            parts = ["text"]
            for lang, content in sorted((v.lang, v.content) for v in self.variants):
                parts.append(lang)
                parts.append(content)
        return _digest(parts)


def _digest(parts: list[str]) -> bytes:
    # The unit separator cannot be confused with content: lengths are folded in too.
    joined = "\x1f".join(f"{len(p)}:{p}" for p in parts)
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def digest(parts: list[str]) -> bytes:
    """A 16-byte digest of a list of strings, unambiguous whatever the strings hold."""
    return _digest(parts)
