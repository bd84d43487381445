"""Small named exceptions. The library raises them; the CLI turns each into one line and an exit code.

Exit codes (documented in docs/reference/exit-codes.md):
0 success, 1 findings or failed units, 2 usage/config error, 3 unreadable input, 4 store error.
"""

from __future__ import annotations


class TmkitError(Exception):
    """Base class of every error tmkit raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class UsageError(TmkitError):
    """A bad option value, a missing or broken configuration file."""

    exit_code = 2


class InputError(TmkitError):
    """An input file that cannot be read: missing, empty, not well-formed, hostile, wrong encoding."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class StoreError(TmkitError):
    """The memory database cannot be opened, is locked, corrupt, or newer than this tmkit."""

    exit_code = 4
