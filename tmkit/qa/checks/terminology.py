"""QA checks of the terminology family (see docs/reference/qa-checks.md)."""

from __future__ import annotations
