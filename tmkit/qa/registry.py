"""The catalogue of checks, by id. Check modules register their classes with `@register`."""

from __future__ import annotations

from tmkit.qa.base import Check

#: The families, in catalogue order.
FAMILIES = ("terminology", "names", "variants", "typography", "numbers", "script", "memory")

_CHECKS: dict[str, type[Check]] = {}


def register(cls: type[Check]) -> type[Check]:
    """Class decorator: add a check to the catalogue. Ids are unique and never reused."""
    if not cls.id or cls.family not in FAMILIES or not cls.description:
        raise ValueError(f"{cls.__name__}: a check needs an id, a known family and a description")
    if cls.id in _CHECKS and _CHECKS[cls.id] is not cls:
        raise ValueError(f"duplicate check id {cls.id}")
    _CHECKS[cls.id] = cls
    return cls


def _load() -> None:
    import tmkit.qa.checks  # noqa: F401  (the family modules register themselves)


def all_checks() -> list[type[Check]]:
    """Every check class, in catalogue order (family, then id)."""
    _load()
    return sorted(_CHECKS.values(), key=lambda c: (FAMILIES.index(c.family), c.id))


def check_ids() -> list[str]:
    return [c.id for c in all_checks()]


def get_check(check_id: str) -> type[Check]:
    _load()
    try:
        return _CHECKS[check_id]
    except KeyError:
        raise KeyError(f"unknown check {check_id}") from None
