"""Roles and the actions each may take. A submitter is scoped to one provider organisation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    submitter = (
        "submitter"  # a provider office: submits, reads and answers its own organisation's cases
    )
    nurse = "nurse"  # utilization-management nurse: works the queue, may approve
    physician = "physician"  # physician reviewer: may also not-certify or modify
    admin = "admin"  # plan operations: reads everything, metrics, no clinical decisions


class Action(StrEnum):
    submit = "submit"
    read_case = "read_case"
    list_cases = "list_cases"
    answer = "answer"
    read_queue = "read_queue"
    review = "review"
    read_cms_metrics = "read_cms_metrics"
    read_service_metrics = "read_service_metrics"


ALLOWED: dict[Action, frozenset[Role]] = {
    Action.submit: frozenset({Role.submitter}),
    Action.read_case: frozenset(Role),
    Action.list_cases: frozenset(Role),
    Action.answer: frozenset({Role.submitter, Role.nurse}),
    Action.read_queue: frozenset({Role.nurse, Role.physician, Role.admin}),
    Action.review: frozenset({Role.nurse, Role.physician}),
    Action.read_cms_metrics: frozenset({Role.nurse, Role.physician, Role.admin}),
    Action.read_service_metrics: frozenset({Role.admin}),
}

# Adverse determinations (a not-certified line, a modified one) are a physician's alone.
ADVERSE_REVIEW_ROLES = frozenset({Role.physician})


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: str
    role: Role
    org: str | None

    def may(self, action: Action) -> bool:
        return self.role in ALLOWED[action]

    def sees_org(self, org: str) -> bool:
        """A submitter sees only its own organisation's cases; the plan's staff see every case."""
        return self.role is not Role.submitter or self.org == org
