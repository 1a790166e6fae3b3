"""What kind of note a text is, where a fact depends on it.

An imaging report (a radiologist's report of a study) is not an encounter with the patient: its "EXAM:"
header names the study and its clinical history is the requester's indication, so facts about the
clinician's own evaluation (`encounter: true`) are not read from it.
"""

from __future__ import annotations

import re

from priorauth.evidence.model import Evidence
from priorauth.policy.facts import Catalog

# The report's title line ("MRI LUMBAR SPINE WITHOUT AND WITH CONTRAST", "EXAM: MRI of lumbar spine"), or a
# radiology report's own headers.
_TITLE = re.compile(
    r"^\s*(?:exam(?:ination)?\s*:[\s,]*)?(?:[a-z/-]+\s+){0,3}?(?:MRI|MR|CT|PET(?:[-/]CT)?|X-?RAYS?|RADIOGRAPHS?)\b",
    re.I,
)
_REPORT_HEADERS = re.compile(
    r"(?im)^\W*(?:technique|comparison)\s*:|,\s*(?:TECHNIQUE|COMPARISON)\s*:"
)


def is_imaging_report(text: str) -> bool:
    first = text.strip().split("\n", 1)[0]
    title = _TITLE.match(first)
    if title is not None and (first.isupper() or first.lower().startswith("exam")):
        return True
    return _REPORT_HEADERS.search(text) is not None


# The study a report's title names, when it is advanced imaging (MRI, CT, PET): the first line, or the line
# its "EXAM:" header opens.
_STUDY_TITLE = re.compile(
    r"^\s*(?:exam(?:ination)?\s*:[\s,]*)?([^\n.]{0,80}?\b(?:MRI|MR|CT|PET(?:[-/]CT)?)\b[^\n.]{0,80})",
    re.I,
)
STUDY_FACT = "advanced_imaging.previously_done"


def report_study(items: list[Evidence], text: str, note: int) -> list[Evidence]:
    """`items` with the study an imaging report reports: an MRI, CT or PET report is that study done, unless
    the report already says whether advanced imaging was done before ("Comparison: none")."""
    if any(e.fact == STUDY_FACT for e in items):
        return items  # the note says so itself (a prior study, or "Comparison: none")
    title = _STUDY_TITLE.match(text)  # anchored at the start: cheap, and first
    if title is None or not is_imaging_report(text):
        return items
    start, end = title.span(1)
    quote = text[start:end].rstrip(" ,")
    study = Evidence.from_note(STUDY_FACT, True, text, note, start, start + len(quote), "affirmed")
    return [*items, study]


def drop_encounter_facts(items: list[Evidence], catalog: Catalog, text: str) -> list[Evidence]:
    """Without the facts that only an encounter note states, when the note is an imaging report."""
    if not items or not is_imaging_report(text):
        return items
    return [e for e in items if not (catalog[e.fact].note or _NONE).encounter]


class _NoNote:
    encounter = False


_NONE = _NoNote()
