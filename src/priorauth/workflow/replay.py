"""Re-deciding stored cases: does each case's latest decision come out the same with the policies
loaded now? A line decided under a policy version (or source) that is no longer the one loaded is
skipped and reported, not compared: a new version is expected to decide differently."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from priorauth.model.request import InvalidRequest
from priorauth.store.tables import Case
from priorauth.workflow.cases import Workflow


@dataclass(slots=True)
class Replay:
    reproduced: list[str] = field(default_factory=list)
    differs: list[str] = field(default_factory=list)
    other_policy: list[str] = field(default_factory=list)  # decided under another version/source
    manual: list[str] = field(default_factory=list)  # stored for manual handling: no native request


def replay(workflow: Workflow, session: Session, limit: int | None = None) -> Replay:
    report = Replay()
    for case in _cases(session, limit):
        latest = case.decisions[-1]
        loaded = workflow.engine.registry.by_id
        same_policies = all(
            p["id"] in loaded
            and loaded[p["id"]].manifest.version == p["version"]
            and loaded[p["id"]].manifest.source.sha256 == p["sha256"]
            for p in latest.policies
        )
        if not same_policies:
            report.other_policy.append(case.id)
            continue
        try:
            again = workflow.redecide(case)
        except InvalidRequest:  # a PAS claim taken for manual handling is not a native request
            report.manual.append(case.id)
            continue
        (report.reproduced if again == latest.result else report.differs).append(case.id)
    return report


def _cases(session: Session, limit: int | None) -> Iterator[Case]:
    query = select(Case).order_by(Case.received_at)
    if limit is not None:
        query = query.limit(limit)
    yield from session.scalars(query)
