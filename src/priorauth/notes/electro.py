"""An electrodiagnostic report's impression: the radiculopathy it names is what the EMG demonstrated.

An EMG/NCS report states its findings in the impression without naming the test again ("IMPRESSION: This
electrical study is abnormal. It reveals ... 1. An active right C8/T1 radiculopathy."), so the phrases of
`emg.radiculopathy`, which need the test's name next to the radiculopathy, miss it. In a note that is such a
report (it describes the needle study or calls itself "this electrical study"), a radiculopathy stated in
the impression is `emg.radiculopathy`: true when affirmed, false when denied. In any note, a
radiculopathy denied in the line that reports a done study is `emg.radiculopathy` false. A radiculopathy the impression
affirms outranks a denial elsewhere in the same report ("no evidence of active radiculopathy" on the other
side, or nerve conduction studies that were normal, as they usually are in a radiculopathy).

Only notes with a radiculopathy mention in an assessment section are looked at, so the report test (one
regex over the text) runs on few notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from priorauth.evidence.model import Evidence

FACT = "emg.radiculopathy"
_SOURCE = "radiculopathy"
_STUDY = "emg_ncv.done"
_SAME_LINE = 300  # characters from the study's name to the denial, on one line
_IMPRESSION = ("assessment", "assessment_plan")
# The report's own words: it performed the study (the needle examination) or names itself.
_REPORT = re.compile(
    r"\b(?:this (?:electrical|electrodiagnostic|EMG|electromyographic|EMG/NCS|EMG/NCV|NCS/EMG) (?:study|examination|test)"
    r"|needle (?:EMG|electromyograph\w*|exam(?:ination)?)|concentric needle|monopolar needle"
    r"|nerve conduction studies\s*:)",
    re.I,
)


def is_electrodiagnostic_report(text: str) -> bool:
    return _REPORT.search(text) is not None


def impression_radiculopathy(
    items: list[Evidence],
    mentions: Iterable[tuple[str, str, str | None, int, int]],
    text: str,
    note: int,
) -> list[Evidence]:
    """`items` with the radiculopathy of a report's impression read as `emg.radiculopathy`.

    `mentions` are (fact, assertion, section, start, end) of the note's mentions."""
    found = [
        (assertion, start, end)
        for fact, assertion, section, start, end in mentions
        if fact == _SOURCE
        and section in _IMPRESSION
        and assertion in ("affirmed", "historical", "negated")
    ]
    if not found or not is_electrodiagnostic_report(text):
        return _denied_after_study(items, mentions, text, note)
    extra = [
        Evidence.from_note(FACT, assertion != "negated", text, note, start, end, assertion)
        for assertion, start, end in found
    ]
    if any(e.value is True for e in extra):
        items = [e for e in items if not (e.fact == FACT and e.value is False)]
        extra = [e for e in extra if e.value is True]
    elif any(e.fact == FACT and e.value is True for e in items):
        extra = []  # the report's findings already named a radiculopathy; the denial is another level
    return items + extra


def _denied_after_study(
    items: list[Evidence],
    mentions: Iterable[tuple[str, str, str | None, int, int]],
    text: str,
    note: int,
) -> list[Evidence]:
    """A radiculopathy denied in the line that reports a done EMG/NCS ("EMG/NCS 09/2025: mild bilateral
    median neuropathies at the wrists, no cervical radiculopathy") is `emg.radiculopathy` false."""
    if any(e.fact == FACT for e in items):
        return items
    mentions = list(mentions)
    studies = [
        (start, end)
        for fact, assertion, _, start, end in mentions
        if fact == _STUDY and assertion in ("affirmed", "historical")
    ]
    if not studies:
        return items
    for fact, assertion, _, start, end in mentions:
        if fact != _SOURCE or assertion != "negated":
            continue
        for s_start, s_end in studies:
            between = text[s_end:start]
            if s_end <= start and len(between) <= _SAME_LINE and "\n" not in between:
                denied = Evidence.from_note(FACT, False, text, note, s_start, end, "negated")
                return [*items, denied]
    return items
