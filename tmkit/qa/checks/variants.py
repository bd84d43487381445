"""QA checks of the variants family (see docs/reference/qa-checks.md)."""

from __future__ import annotations
