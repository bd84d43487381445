"""QA checks of the numbers family (see docs/reference/qa-checks.md)."""

from __future__ import annotations
