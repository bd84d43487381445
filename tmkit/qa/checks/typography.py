"""Typography and style checks, per language (see docs/reference/qa-checks.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tmkit.qa.base import Finding, Severity, TextCheck
from tmkit.qa.context import QAContext
from tmkit.qa.document import Text
from tmkit.qa.registry import register

# a letter or digit glued to an opening bracket: "Corporation(Poly Union)", "Science(CAS)"
_NO_SPACE_BEFORE_BRACKET = re.compile(r"(?<=[A-Za-z0-9.,;:])[(\[](?=[A-Za-z0-9\"'“‘])")


@register
class SpaceBeforeBracket(TextCheck):
    id = "typo-space-before-bracket"
    family = "typography"
    severity = Severity.MINOR
    langs = ("en",)
    description = "An opening bracket glued to the word before it in English: write a space before ( and [."

    def check_text(self, text: Text, ctx: QAContext) -> Iterable[Finding]:
        s = text.text
        for m in _NO_SPACE_BEFORE_BRACKET.finditer(s):
            i = m.start()
            # function-call or plural markers are not prose: "word(s)", "f(x)", "a[1]"
            close = s.find(")" if s[i] == "(" else "]", i)
            inner = s[i + 1 : close] if close > 0 else ""
            if inner in ("s", "es", "x", "n", "i", "a", "b") or inner.isdigit():
                continue
            start = i - 1
            yield self.finding(
                text,
                start,
                i + 1,
                f"no space before the opening bracket {s[i]!r}",
                suggestion=f"{s[start]} {s[i]}",
            )
