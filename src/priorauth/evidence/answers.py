"""Answers: replies to a pended decision's questions, keyed by fact id, checked against the catalog."""

from __future__ import annotations

import datetime as dt
from typing import Any

from priorauth.evidence.model import Evidence
from priorauth.model.request import InvalidRequest
from priorauth.policy.facts import CONDITION_VALUES, Catalog, Fact, FactType

_YES = {"true", "yes", "y"}
_NO = {"false", "no", "n"}


def parse_answer(fact: Fact, raw: Any) -> Any:
    """The typed value of one answer; InvalidRequest naming `answers.<fact>` when it does not fit."""
    where = f"answers.{fact.id}"
    if raw is None:
        raise InvalidRequest(
            f"{where}: an answer cannot be null; leave the fact out if it is not known"
        )
    match fact.type:
        case FactType.boolean:
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
                return raw.strip().lower() in _YES
            raise InvalidRequest(f"{where}: {raw!r} is not true or false")
        case FactType.number | FactType.duration:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise InvalidRequest(f"{where}: {raw!r} is not a number ({fact.unit})")
            try:
                number = float(raw)
            except ValueError:
                raise InvalidRequest(f"{where}: {raw!r} is not a number ({fact.unit})") from None
            if number < 0 and fact.type is FactType.duration:
                raise InvalidRequest(f"{where}: a duration cannot be negative (got {raw!r})")
            return int(number) if number.is_integer() else number
        case FactType.date:
            try:
                return dt.date.fromisoformat(str(raw))
            except ValueError:
                raise InvalidRequest(f"{where}: {raw!r} is not a date (YYYY-MM-DD)") from None
        case FactType.enum | FactType.condition:
            allowed = (
                CONDITION_VALUES if fact.type is FactType.condition else tuple(fact.values or ())
            )
            if isinstance(raw, bool) and fact.type is FactType.condition:
                return "known" if raw else "absent"
            if not isinstance(raw, str) or raw not in allowed:
                raise InvalidRequest(f"{where}: {raw!r} is not one of {', '.join(allowed)}")
            return raw
        case FactType.code:
            if not isinstance(raw, str) or not raw.strip():
                raise InvalidRequest(f"{where}: {raw!r} is not a code")
            return raw.strip().upper()
    raise InvalidRequest(f"{where}: unsupported fact type {fact.type}")  # pragma: no cover


def answer_evidence(answers: dict[str, Any], catalog: Catalog) -> list[Evidence]:
    out = []
    for key, raw in answers.items():
        fact = catalog.get(key)
        if fact is None:
            raise InvalidRequest(f"answers.{key}: {key!r} is not a fact in the catalog")
        if fact.derived is not None:
            raise InvalidRequest(
                f"answers.{key}: {key!r} is derived from the request and cannot be answered"
            )
        out.append(Evidence(fact=key, value=parse_answer(fact, raw), source="answer", answer=key))
    return out
