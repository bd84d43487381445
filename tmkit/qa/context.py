"""What checks may use: the glossary and its matcher, the memory, the house style, and caches of
per-text work (term matches, numbers) shared by the checks that need the same thing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from tmkit.model.term import Glossary
from tmkit.qa.config import QAConfig
from tmkit.qa.document import Text
from tmkit.terms import TermMatch, TermMatcher
from tmkit.text.numbers import NumberMatch, find_numbers


@dataclass(eq=False)
class QAContext:
    config: QAConfig = field(default_factory=QAConfig)
    glossary: Glossary | None = None
    #: a read-only connection to the memory (for the consistency checks), or None
    memory: sqlite3.Connection | None = None
    memory_path: str | None = None
    #: processes to run the checks in: 2 or more lets `tmkit.qa.runner` run the memory and name
    #: checks in a forked second process (see runner.SIDE_CHECKS); 1 runs everything here
    jobs: int = 1
    _matcher: TermMatcher | None = field(default=None, repr=False)
    #: per-run data that checks share (keyed by what it is: "memory_texts:en%"...)
    memo: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def style(self) -> dict[str, object]:
        return self.config.style

    @property
    def matcher(self) -> TermMatcher | None:
        if self._matcher is None and self.glossary is not None and len(self.glossary):
            self._matcher = TermMatcher(self.glossary)
        return self._matcher

    def glossary_langs(self, lang: str) -> list[str]:
        """The glossary languages to match in a text of `lang`: en for any English, zh-CN for
        Simplified Chinese, zh-TW/zh-HK (and zh-CN as a fallback) for Traditional."""
        key = f"glossary_langs:{lang}"
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = self._glossary_langs(lang)
        return got  # type: ignore[return-value]

    def _glossary_langs(self, lang: str) -> list[str]:
        matcher = self.matcher
        if matcher is None:
            return []
        have = set(matcher.langs)
        if lang.startswith("en"):
            return ["en"] if "en" in have else []
        if lang in have:
            out = [lang]
            if lang != "zh-CN" and "zh-CN" in have:
                out.append("zh-CN")
            return out
        return ["zh-CN"] if lang.startswith("zh") and "zh-CN" in have else []

    def terms(self, text: Text) -> list[TermMatch]:
        """Glossary terms in `text` (longest first, no overlaps), with case mismatches reported
        (`case_ok=False`)."""
        cached = text.cache.get("terms")
        if cached is None:
            matcher = self.matcher
            langs = self.glossary_langs(text.lang)
            cached = matcher.find(text.text, langs, report_case_mismatch=True) if matcher and langs else []
            text.cache["terms"] = cached
        return cached  # type: ignore[return-value]

    def numbers(self, text: Text) -> list[NumberMatch]:
        cached = text.cache.get("numbers")
        if cached is None:
            cached = find_numbers(text.text, "zh" if text.family == "zh" else "en")
            text.cache["numbers"] = cached
        return cached  # type: ignore[return-value]

    def memory_texts(self, lang_like: str) -> list[tuple[int, str]] | None:
        """(unit id, text) of the memory's variants whose language is LIKE `lang_like` ("en%"),
        in table order: what `SELECT unit_id, text FROM variants WHERE lang LIKE ?` gives, read
        once and shared by the checks that search the memory's texts. None when there is no
        memory or it cannot be read."""
        key = f"memory_texts:{lang_like}"
        if key in self.memo:
            return self.memo[key]  # type: ignore[return-value]
        rows: list[tuple[int, str]] | None = None
        if self.memory is not None:
            try:
                rows = self.memory.execute(
                    "SELECT unit_id, text FROM variants WHERE lang LIKE ?", (lang_like,)
                ).fetchall()
            except sqlite3.Error:
                rows = None
        self.memo[key] = rows
        return rows

    def close(self) -> None:
        if self.memory is not None:
            self.memory.close()
            self.memory = None
