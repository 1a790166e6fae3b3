"""A case as the API shows it: status, due time, the latest decision (the contract's decision JSON),
each line's state, and the history of decisions, answers and reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from priorauth.store.tables import Case
from priorauth.workflow.cases import Page
from priorauth.workflow.due import is_overdue, iso
from priorauth.workflow.status import line_states


def case_summary(case: Case, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": case.id,
        "request_id": case.request_ref,
        "org": case.org,
        "payer": case.payer,
        "urgency": case.urgency,
        "status": case.status,
        "received_at": iso(case.received_at),
        "due": iso(case.due_at),
        "overdue": is_overdue(case.due_at, case.status, now),
        "decided_at": iso(case.decided_at) if case.decided_at else None,
    }


def page_view(page: Page, now: dt.datetime) -> dict[str, Any]:
    return {
        "items": [case_summary(c, now) for c in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }


def case_view(case: Case, now: dt.datetime) -> dict[str, Any]:
    latest = case.decisions[-1]
    due = iso(case.due_at)
    decision = dict(latest.result)
    decision["decisions"] = [{**line, "due": due} for line in latest.result["decisions"]]
    view = case_summary(case, now)
    view["decision"] = decision
    view["lines"] = [
        {
            "service": line.service,
            "engine_outcome": line.engine_outcome,
            "state": line.state,
            "review": line.review_id,
        }
        for line in line_states(latest.result, case.reviews)
    ]
    view["decisions"] = [
        {
            "seq": d.seq,
            "made_at": iso(d.made_at),
            "trigger": d.trigger,
            "outcomes": {line["service"]: line["outcome"] for line in d.result["decisions"]},
            "policies": d.policies,
        }
        for d in case.decisions
    ]
    view["answers"] = [
        {"given_at": iso(a.given_at), "given_by": a.given_by, "answers": a.answers}
        for a in case.answer_sets
    ]
    view["reviews"] = [
        {
            "id": r.id,
            "at": iso(r.at),
            "reviewer": r.reviewer,
            "role": r.role,
            "action": r.action,
            "service": r.service,
            "rationale": r.rationale,
            "criterion": r.criterion,
            "modification": r.modification,
        }
        for r in case.reviews
    ]
    return view
