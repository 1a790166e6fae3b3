"""A case's status, from the engine's outcome per service line and the clinicians' reviews.

| line state | comes from |
|---|---|
| approved / pended / clinical_review / no_policy | the latest engine decision |
| approved / not_certified / modified | the latest review of that line (or of every line) |

The case is `in_review` while any line waits for a clinician (clinical_review, no_policy), else `pended`
while any line waits for information, else final: `approved` (every line), `not_certified` (every line)
or `modified` (anything else: a modified line, or lines decided differently)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from priorauth.store.tables import Review

REVIEW_STATE = {"approve": "approved", "not_certified": "not_certified", "modify": "modified"}
FINAL = frozenset({"approved", "not_certified", "modified"})
AWAITING_CLINICIAN = frozenset({"clinical_review", "no_policy"})
OPEN = frozenset({"in_review", "pended"})


@dataclass(frozen=True, slots=True)
class LineState:
    service: str
    engine_outcome: str
    state: str
    review_id: int | None


def line_states(result: dict[str, Any], reviews: Sequence[Review]) -> list[LineState]:
    lines = []
    for decision in result["decisions"]:
        service = decision["service"]
        latest = None
        for review in reviews:  # in the order they were recorded; the last one counts
            if review.service in (None, service):
                latest = review
        state = REVIEW_STATE[latest.action] if latest is not None else decision["outcome"]
        lines.append(
            LineState(
                service, decision["outcome"], state, latest.id if latest is not None else None
            )
        )
    return lines


def case_status(lines: Sequence[LineState]) -> str:
    states = {line.state for line in lines}
    if states & AWAITING_CLINICIAN:
        return "in_review"
    if "pended" in states:
        return "pended"
    if states == {"approved"}:
        return "approved"
    if states == {"not_certified"}:
        return "not_certified"
    return "modified"
