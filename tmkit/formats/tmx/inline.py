"""Inline content of a TMX <seg>: canonical markup, plain text and the x-tmkit-char convention.

TMX inline elements fall in two groups:

* codes (`bpt`, `ept`, `it`, `ph`, `ut`): their content is the *native* code of the original
  format (`{\\f4 }`, `<b>`), never text to translate; it may contain `<sub>` sub-flows;
* `hi`: a highlighted run of translatable text, which may itself hold codes.

tmkit keeps a segment as `markup` (the inline XML, re-serialised canonically: attributes in
file order, only `&amp; &lt; &gt;` and CR escaped in text, `&quot;` in attributes, comments
dropped) and `text` (the translatable text: the segment's own text and `hi` content, without
native codes or sub-flows). Canonical serialisation makes markup idempotent: parsing what
tmkit writes and serialising it again gives the same string.

Characters that XML 1.0 cannot carry (C0 controls, U+FFFE, U+FFFF) are written as
`<ph type="x-tmkit-char">U+0001</ph>` and turned back into the character on import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from tmkit.text.xmlchars import ILLEGAL_XML_CHARS, codepoint_label, escape_attr, escape_text

CHAR_PH_TYPE = "x-tmkit-char"
_CHAR_LABEL = re.compile(r"^U\+([0-9A-Fa-f]{4,6})$")

CODE_TAGS = frozenset({"bpt", "ept", "it", "ph", "ut"})
SEG_CHILDREN = frozenset({"bpt", "ept", "it", "ph", "hi", "ut"})
ALLOWED_ATTRS: dict[str, tuple[str, ...]] = {
    "bpt": ("i", "x", "type"),
    "ept": ("i",),
    "it": ("pos", "x", "type"),
    "ph": ("x", "assoc", "type"),
    "hi": ("x", "type"),
    "ut": ("x",),
    "sub": ("datatype", "type"),
}


class InlineError(Exception):
    """A segment whose inline content cannot be kept (an unexpanded entity)."""


@dataclass
class InlineResult:
    text: str
    markup: str | None
    warnings: list[str] = field(default_factory=list)


def char_ph(ch: str) -> str:
    return f'<ph type="{CHAR_PH_TYPE}">{codepoint_label(ch)}</ph>'


_SEG_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape_segment(content: str, is_markup: bool) -> tuple[str, int]:
    """The XML to write inside <seg> for stored content; also how many illegal chars it held."""
    if _SEG_SPECIAL.search(content) is None:
        return content, 0  # nothing to escape or replace: the common case, one scan
    body = content if is_markup else escape_text(content)
    count = 0
    if ILLEGAL_XML_CHARS.search(body):
        count = len(ILLEGAL_XML_CHARS.findall(body))
        body = ILLEGAL_XML_CHARS.sub(lambda m: char_ph(m.group()), body)
    return body, count


class _Walker:
    def __init__(self) -> None:
        self.text: list[str] = []
        self.markup: list[str] = []
        self.codes = 0
        self.warnings: list[str] = []

    def walk(self, el: etree._Element, counted: bool, allowed: frozenset[str]) -> None:
        if el.text:
            self._chars(el.text, counted)
        for child in el:
            tag = child.tag
            if isinstance(child, etree._Entity):
                raise InlineError(f"unexpanded entity reference {child.text}")
            if not isinstance(tag, str):  # comment or PI the parser kept
                pass
            elif tag == "ph" and child.get("type") == CHAR_PH_TYPE and _is_char_ph(child):
                ch = chr(int(_CHAR_LABEL.match(child.text or "").group(1), 16))  # type: ignore[union-attr]
                if counted:
                    self.text.append(ch)
                self.markup.append(ch)
            elif tag in allowed:
                self._element(child, tag, counted)
            else:
                self._unknown(child, tag)
            if child.tail:
                self._chars(child.tail, counted)

    def _chars(self, s: str, counted: bool) -> None:
        if counted:
            self.text.append(s)
        self.markup.append(escape_text(s))

    def _element(self, el: etree._Element, tag: str, counted: bool) -> None:
        self.codes += 1
        allowed_attrs = ALLOWED_ATTRS[tag]
        parts = [f"<{tag}"]
        for name, value in el.attrib.items():
            if name in allowed_attrs:
                parts.append(f' {name}="{escape_attr(value)}"')
            else:
                self.warnings.append(f"attribute {name!r} is not allowed on <{tag}> and was dropped")
        self.markup.append("".join(parts))
        if el.text or len(el):
            self.markup.append(">")
            if tag == "hi":
                self.walk(el, counted, SEG_CHILDREN)
            elif tag == "sub":
                self.walk(el, False, SEG_CHILDREN)
            else:
                self.walk(el, False, frozenset({"sub"}))
            self.markup.append(f"</{tag}>")
        else:
            self.markup.append("/>")

    def _unknown(self, el: etree._Element, tag: str) -> None:
        """Keep an element TMX does not allow here as a placeholder holding its XML."""
        self.codes += 1
        native = etree.tostring(el, encoding="unicode", with_tail=False)
        self.markup.append(f'<ph type="x-unknown-element">{escape_text(native)}</ph>')
        self.warnings.append(f"<{tag}> is not allowed here; kept as a <ph> placeholder")


def _is_char_ph(el: etree._Element) -> bool:
    """A placeholder tmkit wrote for a character XML cannot carry (anything else stays a code)."""
    m = _CHAR_LABEL.match(el.text or "") if len(el) == 0 else None
    if m is None:
        return False
    code = int(m.group(1), 16)
    return code <= 0x10FFFF and ILLEGAL_XML_CHARS.match(chr(code)) is not None


def read_segment(seg: etree._Element) -> InlineResult:
    """Plain text and canonical markup of a <seg> element (markup None when it has no codes)."""
    if len(seg) == 0:
        return InlineResult(seg.text or "", None)
    w = _Walker()
    w.walk(seg, True, SEG_CHILDREN)
    text = "".join(w.text)
    markup = "".join(w.markup) if w.codes else None
    return InlineResult(text, markup, w.warnings)


def text_slots(seg: etree._Element) -> list[tuple[etree._Element, str]]:
    """Where the translatable text of a <seg> lives: (element, "text"|"tail") pairs."""
    slots: list[tuple[etree._Element, str]] = []

    def visit(el: etree._Element) -> None:
        if el.text:
            slots.append((el, "text"))
        for child in el:
            if isinstance(child.tag, str) and child.tag == "hi":
                visit(child)
            if child.tail:
                slots.append((child, "tail"))

    visit(seg)
    return slots


def canonical_element(el: etree._Element) -> str:
    """Serialise any element (e.g. a header <ude>) the canonical way, comments dropped."""
    parts = [f"<{el.tag}"]
    for name, value in el.attrib.items():
        parts.append(f' {_qname(name)}="{escape_attr(value)}"')
    children = [c for c in el if isinstance(c.tag, str)]
    if not el.text and not children:
        return "".join(parts) + "/>"
    parts.append(">")
    keep_space = not children  # whitespace between child elements is only indentation
    if el.text and (keep_space or el.text.strip()):
        parts.append(escape_text(el.text))
    for child in children:
        parts.append(canonical_element(child))
        if child.tail and (keep_space or child.tail.strip()):
            parts.append(escape_text(child.tail))
    parts.append(f"</{el.tag}>")
    return "".join(parts)


def _qname(name: str) -> str:
    return name.replace("{http://www.w3.org/XML/1998/namespace}", "xml:")
