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


# An imaging report's impression: its result. Items are its lines, numbered points or (in transcriptions
# exported with commas for line breaks) its ".," sentences; it ends at a blank line or an addendum.
_IMPRESSION = re.compile(r"(?im)(?:^|[.,]\s*)\W*(?:impression|conclusion)s?\s*:[\s,]*")
_IMPRESSION_END = re.compile(r"\n\s*\n|(?i:\baddendum\b)")
_ITEM_BREAK = re.compile(r"\n|\.,|\.\s+(?=\d[.)]\s)")
_NUMBER = re.compile(r"[\s,]*(?:\d[.)])?\s*")
# an item that says the study is normal ("No acute disease in the lumbar spine", "Negative cervical spine")
_NORMAL_ITEM = re.compile(
    r"(?i)(?:no (?:acute|significant|evidence)\b|negative\b|normal\b|unremarkable\b|within normal limits\b)"
)
# an item that reports an abnormality: a finding word, in an item that neither denies it first nor calls it
# mild or minimal ("Mild degenerative changes" is not why a study is called abnormal)
_FINDING = re.compile(
    r"(?i)\b(?:stenosis|herniation|protrusion|extrusion|spondylolisthesis|anterolisthesis|retrolisthesis|"
    r"fracture|lesions?|mass|masses|malformation|ectopia|syrinx|compression|impingement|edema|hematoma|"
    r"contusion|abscess|collection|tumou?r|metasta\w*|infarcts?|hyperintensit\w*|enhancing|myelomalacia|"
    r"subluxation|perched|disruption|tear)\b"
)
_NOT_FINDING = re.compile(r"(?i)(?:no|negative|normal|unremarkable|mild|minimal|without)\b")
PRIOR_FACTS = ("prior_imaging.abnormal", "prior_imaging.demonstrates_abnormality")
_COMPARISON = re.compile(r"(?i)\bcomparisons?\s*:")


def impression_items(text: str) -> list[tuple[int, int]]:
    """(start, end) of each item of an imaging report's impression; none without an impression."""
    header = _IMPRESSION.search(text)
    if header is None:
        return []
    start = header.end()
    end_at = _IMPRESSION_END.search(text, start)
    end = end_at.start() if end_at is not None else len(text)
    items = []
    breaks = [m.span() for m in _ITEM_BREAK.finditer(text, start, end)]
    for lo, hi in zip(
        [start] + [b for _, b in breaks], [a for a, _ in breaks] + [end], strict=True
    ):
        number = _NUMBER.match(text, lo, hi)
        lo = number.end() if number is not None else lo
        if text[lo:hi].strip(" .,"):
            items.append((lo, hi))
    return items


def report_result(items: list[Evidence], text: str, note: int) -> list[Evidence]:
    """`items` with the result of the study an imaging report reports, as prior imaging: its impression
    states an abnormality (prior imaging abnormal) or only that the study is normal (not abnormal).

    Only for a report that is itself the earlier study: one with a "Comparison:" line (a comparison study, or
    none) is read as the current study, whose findings are not prior imaging."""
    if any(e.fact in PRIOR_FACTS and e.value is True for e in items):
        return items
    if not is_imaging_report(text) or _COMPARISON.search(text) is not None:
        return items
    spans = impression_items(text)
    found = [
        (lo, hi)
        for lo, hi in spans
        if _FINDING.search(text, lo, hi) and not _NOT_FINDING.match(text, lo, hi)
    ]
    if found:
        value, (lo, hi) = True, found[0]
    elif spans and all(_NORMAL_ITEM.match(text, lo, hi) for lo, hi in spans):
        value, (lo, hi) = False, spans[0]
    else:
        return items
    quote = text[lo:hi].rstrip(" .,")
    added = [
        Evidence.from_note(fact, value, text, note, lo, lo + len(quote), "affirmed")
        for fact in PRIOR_FACTS
        if value is True or not any(e.fact == fact for e in items)
    ]
    return [*items, *added]


def drop_encounter_facts(items: list[Evidence], catalog: Catalog, text: str) -> list[Evidence]:
    """Without the facts that only an encounter note states, when the note is an imaging report."""
    if not items or not is_imaging_report(text):
        return items
    return [e for e in items if not (catalog[e.fact].note or _NONE).encounter]


class _NoNote:
    encounter = False


_NONE = _NoNote()
