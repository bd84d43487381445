"""QA checks of the script family (see docs/reference/qa-checks.md)."""

from __future__ import annotations
