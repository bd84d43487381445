"""XML 1.0 character rules and escaping, shared by every XML writer in tmkit.

XML 1.0 forbids most C0 controls (everything below U+0020 but tab, LF and CR), U+FFFE and
U+FFFF, even as character references. Parsers also turn a raw CR into LF and, in attribute
values, tab/LF/CR into spaces, so writers must escape those to keep text unchanged.
"""

from __future__ import annotations

import re

ILLEGAL_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)
_NEEDS_TEXT_ESCAPE = re.compile("[&<>\r]")
_NEEDS_ATTR_ESCAPE = re.compile('[&<>"\t\n\r]')


def escape_text(s: str) -> str:
    """Escape character data (element content)."""
    if _NEEDS_TEXT_ESCAPE.search(s) is None:
        return s
    return s.translate(_TEXT_ESCAPES)


def escape_attr(s: str) -> str:
    """Escape an attribute value for double quotes, keeping tab/LF/CR exactly."""
    if _NEEDS_ATTR_ESCAPE.search(s) is None:
        return s
    return s.translate(_ATTR_ESCAPES)


def has_illegal_chars(s: str) -> bool:
    return ILLEGAL_XML_CHARS.search(s) is not None


def strip_illegal_chars(s: str) -> str:
    return ILLEGAL_XML_CHARS.sub("", s)


def codepoint_label(ch: str) -> str:
    """`\\x01` -> `U+0001`: how tmkit names a character it had to replace."""
    return f"U+{ord(ch):04X}"
