"""QA checks of the names family (see docs/reference/qa-checks.md)."""

from __future__ import annotations
