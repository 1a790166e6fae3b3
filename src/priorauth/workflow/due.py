"""CMS-0057-F decision time frames, counted from receipt: 72 hours expedited, 7 calendar days standard."""

from __future__ import annotations

import datetime as dt

from priorauth.workflow.status import OPEN

TIME_FRAME = {"standard": dt.timedelta(days=7), "expedited": dt.timedelta(hours=72)}


def due_at(received_at: dt.datetime, urgency: str) -> dt.datetime:
    return received_at + TIME_FRAME[urgency]


def is_overdue(due: dt.datetime, status: str, now: dt.datetime) -> bool:
    """Overdue: no final decision yet and the time frame has run out."""
    return status in OPEN and now > due


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
