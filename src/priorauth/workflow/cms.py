"""The prior-authorization metrics CMS-0057-F requires payers to publish, per standard and expedited.

Of the cases with a final decision: the share approved, denied (not certified by a physician), approved
after the time frame was extended (the case was pended for information before it was approved), and
modified (a partial approval, reported apart); and the average and median time from receipt to the final
decision. Appeals are outside this service, so "approved after appeal" is not reported."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from priorauth.store.tables import Case
from priorauth.workflow.status import FINAL, OPEN


def cms_metrics(
    session: Session,
    now: dt.datetime,
    received_from: dt.datetime | None = None,
    received_to: dt.datetime | None = None,
) -> dict[str, Any]:
    query = select(
        Case.urgency, Case.status, Case.extended, Case.received_at, Case.decided_at, Case.due_at
    )
    if received_from is not None:
        query = query.where(Case.received_at >= received_from)
    if received_to is not None:
        query = query.where(Case.received_at < received_to)
    rows = session.execute(query).all()
    report: dict[str, Any] = {
        "period": {
            "received_from": received_from.isoformat() if received_from else None,
            "received_to": received_to.isoformat() if received_to else None,
        }
    }
    for urgency in ("standard", "expedited"):
        mine = [r for r in rows if r.urgency == urgency]
        final = [r for r in mine if r.status in FINAL and r.decided_at is not None]
        hours = [(r.decided_at - r.received_at).total_seconds() / 3600 for r in final]

        def share(count: int, of: int = len(final)) -> float | None:
            return round(100 * count / of, 2) if of else None

        approved = sum(r.status == "approved" for r in final)
        extended_approved = sum(r.status == "approved" and r.extended for r in final)
        denied = sum(r.status == "not_certified" for r in final)
        modified = sum(r.status == "modified" for r in final)
        on_time = sum(r.decided_at <= r.due_at for r in final)
        report[urgency] = {
            "received": len(mine),
            "decided": len(final),
            "open": sum(r.status in OPEN for r in mine),
            "overdue": sum(r.status in OPEN and now > r.due_at for r in mine),
            "approved_percent": share(approved),
            "denied_percent": share(denied),
            "approved_after_extension_percent": share(extended_approved),
            "modified_percent": share(modified),
            "decided_within_time_frame_percent": share(on_time),
            "average_decision_hours": round(statistics.fmean(hours), 3) if hours else None,
            "median_decision_hours": round(statistics.median(hours), 3) if hours else None,
        }
    return report
