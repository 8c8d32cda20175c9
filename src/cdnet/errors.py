"""One small hierarchy of errors. Each knows its HTTP status and its CLI exit code.

Bad input never yields a traceback: it yields which file, which row, which field, and what was
expected.
"""

from __future__ import annotations


class CdnetError(Exception):
    """Base of every error cdnet raises on purpose."""

    http_status: int = 500
    exit_code: int = 1


class BadInput(CdnetError):
    """Input a user gave us is wrong: a file, an argument, a form field."""

    http_status = 400
    exit_code = 2

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.row = row
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = [str(p) for p in (self.file, self.row, self.field) if p is not None and p != ""]
        return f"{':'.join(where)}: {self.reason}" if where else self.reason


class NotFound(CdnetError):
    """A named thing does not exist."""

    http_status = 404
    exit_code = 3


class NotAllowed(CdnetError):
    """The acting user may not do this (four eyes, roles, TLP)."""

    http_status = 403
    exit_code = 4


class InvalidTransition(CdnetError):
    """A workflow step that the current state does not permit."""

    http_status = 409
    exit_code = 5


class DeliveryFailed(CdnetError):
    """A message could not be delivered; the delivery row records why."""

    http_status = 502
    exit_code = 6


class ConfigurationError(CdnetError):
    """A setting is missing or wrong."""

    http_status = 500
    exit_code = 7
