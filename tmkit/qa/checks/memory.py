"""QA checks of the memory family (see docs/reference/qa-checks.md)."""

from __future__ import annotations
