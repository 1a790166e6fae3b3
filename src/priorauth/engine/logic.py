"""Kleene's strong three-valued logic: TRUE, FALSE and UNKNOWN ("not documented").

UNKNOWN is a value, never an exception: a fact the request does not establish makes a criterion UNKNOWN,
and the decision table decides what an UNKNOWN means (pend, or send to a clinician).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class Truth(IntEnum):
    """Ordered FALSE < UNKNOWN < TRUE, so that AND is min and OR is max."""

    FALSE = 0
    UNKNOWN = 1
    TRUE = 2

    def __str__(self) -> str:
        return self.name


FALSE, UNKNOWN, TRUE = Truth.FALSE, Truth.UNKNOWN, Truth.TRUE


def not_(a: Truth) -> Truth:
    return Truth(2 - a)


def and_(values: Iterable[Truth]) -> Truth:
    """TRUE when all are TRUE, FALSE when any is FALSE, else UNKNOWN. Empty: TRUE."""
    return Truth(min(values, default=TRUE))


def or_(values: Iterable[Truth]) -> Truth:
    """TRUE when any is TRUE, FALSE when all are FALSE, else UNKNOWN. Empty: FALSE."""
    return Truth(max(values, default=FALSE))


def at_least(n: int, values: Iterable[Truth]) -> Truth:
    """TRUE when at least n are TRUE; FALSE when even counting every UNKNOWN as TRUE falls short."""
    vals = list(values)
    true = sum(1 for v in vals if v is TRUE)
    possible = true + sum(1 for v in vals if v is UNKNOWN)
    if true >= n:
        return TRUE
    if possible < n:
        return FALSE
    return UNKNOWN


def from_bool(value: bool | None) -> Truth:
    if value is None:
        return UNKNOWN
    return TRUE if value else FALSE
