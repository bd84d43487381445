"""Inline tags typed in a plain-text segment, as a CAT tool shows them.

OmegaT shows a segment's inline codes as short tags: `<b0>` opens a paired code, `</b0>` closes
it, `<x1/>` stands alone (the letters say what the code was: b for bold, i for italic, x for
an object...). A translator who copies such a segment into `tmkit match --tags` wants the tags
compared as inline codes, the way the memory stores them (TMX `bpt`, `ept`, `ph`), not as text.
`split_tags` takes them out of the text and names each code as TMX does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Tagged", "split_tags"]

# <b0>, </b0>, <x12/>: letters then digits, nothing else inside the brackets
_SHORT_TAG = re.compile(r"<(/?)([A-Za-z]{1,8})(\d{1,4})(/?)>")


@dataclass(frozen=True, slots=True)
class Tagged:
    """A segment with its tags taken out."""

    text: str  # the segment without its tags
    codes: tuple[str, ...]  # one TMX element name per tag, in order: bpt, ept or ph
    positions: tuple[int, ...]  # for each position of `text` (and one past its end): where it was

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """A span of `text` as a span of the segment as written (an empty span stays empty)."""
        if end <= start:
            at = self.positions[start]
            return at, at
        return self.positions[start], self.positions[end - 1] + 1


def split_tags(segment: str) -> Tagged:
    """`segment` without its OmegaT-style short tags, and the codes they stand for: `<b0>` bpt,
    `</b0>` ept, `<x1/>` ph. A `<` that does not start such a tag is text."""
    parts: list[str] = []
    positions: list[int] = []
    codes: list[str] = []
    last = 0
    for m in _SHORT_TAG.finditer(segment):
        closing, _name, _num, alone = m.groups()
        if closing and alone:
            continue  # </b0/> is not a tag: left as text
        parts.append(segment[last : m.start()])
        positions.extend(range(last, m.start()))
        codes.append("ept" if closing else "ph" if alone else "bpt")
        last = m.end()
    parts.append(segment[last:])
    positions.extend(range(last, len(segment)))
    positions.append(len(segment))
    return Tagged("".join(parts), tuple(codes), tuple(positions))
