"""What the workflow refuses, independent of how it is asked (REST, FHIR, CLI)."""

from __future__ import annotations

from priorauth.model.request import InvalidRequest

__all__ = ["Conflict", "Forbidden", "InvalidRequest", "NotFound"]


class NotFound(LookupError):
    """No such case, or one the caller may not see (the two are not told apart)."""


class Forbidden(PermissionError):
    """The caller's role may not do this."""


class Conflict(RuntimeError):
    """The request contradicts the case's state or an earlier use of the same Idempotency-Key."""
