"""Whether the symptoms began after a spine operation, from the dates a note gives.

A note rarely says "after the surgery" in so many words: "s/p L4-5 laminectomy on 08/19/2025 ... over the past
2 weeks he has had increasing low back pain" dates the operation and the symptoms' onset (the note's date less
their duration) separately. Symptoms that began after the latest spine operation, within a year of it, began
after a spine procedure (`symptoms.after_spine_procedure`), when they have lasted at most a year.
"""

from __future__ import annotations

import datetime as dt

from priorauth.evidence.model import Evidence

AFTER = "symptoms.after_spine_procedure"
SURGERY_DATE = "spine_surgery.last_date"
DURATION = "symptoms.duration_weeks"
_WITHIN = dt.timedelta(days=365)  # a symptom starting years after an operation is not its sequel
_LONGEST = (
    52  # weeks: a symptom of years ("3.5 years from completion of treatment") is dated too loosely
)


def after_procedure(items: list[Evidence], text: str, today: dt.date, note: int) -> list[Evidence]:
    """`items` with the symptoms having begun after the spine operation, when their dates say so."""
    if any(e.fact == AFTER for e in items):
        return items  # the note says so itself (or denies it)
    operations = [e.value for e in items if e.fact == SURGERY_DATE and isinstance(e.value, dt.date)]
    durations = [
        e
        for e in items
        if e.fact == DURATION and isinstance(e.value, int | float) and e.value <= _LONGEST
    ]
    if not operations or not durations:
        return items
    operated = max(operations)
    symptom = max(durations, key=lambda e: e.value)
    onset = today - dt.timedelta(weeks=symptom.value)
    if not operated < onset <= operated + _WITHIN or symptom.start is None or symptom.end is None:
        return items
    after = Evidence.from_note(
        AFTER, True, text, note, symptom.start, symptom.end, symptom.assertion or "affirmed"
    )
    return [*items, after]
