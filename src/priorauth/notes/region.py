"""Body regions of imaging, for facts about imaging "of the same region" as the requested study.

A note names the study it asks for ("Plan: MRI cervical spine", "requesting MRI of the pelvis"); a prior
study of another region (a staging CT chest before a spine MRI, a brain MRI before a spine MRI) is not of the
same region. When the note names no requested region, or a prior study names none, every study counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from priorauth.evidence.model import Evidence
from priorauth.policy.facts import Catalog

_SPINE = ("cervical", "thoracic", "lumbar")
_WORDS: dict[str, tuple[str, ...]] = {
    # MR spectroscopy is of the brain
    "brain": (
        "brain",
        "head",
        "intracranial",
        "cranial",
        "orbits",
        "orbit",
        "pituitary",
        "spectroscopy",
    ),
    "plexus": ("brachial plexus", "lumbosacral plexus", "lumbar plexus", "plexus"),
    "cervical": ("cervical", "c-spine", "c spine", "neck"),
    "thoracic": ("thoracic", "t-spine", "t spine"),
    "lumbar": ("lumbar", "l-spine", "l spine", "lumbosacral", "ls spine", "sacrum", "sacral"),
    "chest": ("chest", "thorax", "lung", "lungs"),
    "abdomen": ("abdomen", "abdominal", "pelvis", "pelvic", "abd/pelvis", "a/p"),
}
REGIONS = tuple(_WORDS)
_TRUNK = {"chest", "abdomen"}
_ALL_SPINE = ("total spine", "whole spine", "entire spine", "complete spine", "neuraxis", "c/t/l")


def regions_in(text: str) -> set[str]:
    """The regions a stretch of text names ("MRI C-spine", "CT of the chest", "MRI total spine")."""
    lowered = text.lower()
    found = {region for region, words in _WORDS.items() if any(_has(lowered, w) for w in words)}
    if any(w in lowered for w in _ALL_SPINE):
        found.update(_SPINE)
    return found


def _has(text: str, word: str) -> bool:
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(word, start + 1)
    return False


def same_region_only(
    items: list[Evidence],
    catalog: Catalog,
    text: str,
    planned: Iterable[tuple[str, tuple[int, int]]],
) -> list[Evidence]:
    """Drop `same_region` facts' evidence whose study names only regions the requested study does not, and
    the evidence of facts about other `regions` than the requested study's.

    `planned` holds (fact, sentence span) of each planned or requested mention: the regions of those
    sentences are the requested study's."""
    # the requested study: the planned mentions of any imaging fact about the region or of a fact it is `of`
    imaging = {
        source
        for fact in catalog.values()
        if fact.note is not None and fact.note.same_region
        for source in (fact.id, *fact.note.of)
    }
    requested: set[str] = set()
    for source, (lo, hi) in planned:
        if source in imaging:
            requested |= regions_in(text[lo:hi])
    regional = {f.id for f in catalog.values() if f.note is not None and f.note.same_region}
    if not requested:
        # no requested region named: in a note that names no part of the spine the study is of the brain or
        # the nerves (these are MRI and CT policies of the neuraxis), and a staging CT chest or CT abdomen is
        # not of its region; a CT chest or abdomen also shows the thoracic or lumbar spine
        if not any(e.fact in regional for e in items) or regions_in(text) & set(_SPINE):
            return items
        return [e for e in items if e.fact not in regional or not _trunk_only(e, text)]
    elsewhere = {
        f.id
        for f in catalog.values()
        if f.note is not None and f.note.regions and not requested & set(f.note.regions)
    }
    return [
        e
        for e in items
        if e.fact not in elsewhere and (e.fact not in regional or _keeps(e, requested, text))
    ]


def _keeps(e: Evidence, requested: set[str], text: str) -> bool:
    if e.start is None or e.end is None:
        return True
    studied = regions_in(_study_words(text, e.start, e.end))
    return not studied or bool(studied & requested)


def _trunk_only(e: Evidence, text: str) -> bool:
    if e.start is None or e.end is None:
        return False
    studied = regions_in(_study_words(text, e.start, e.end))
    return bool(studied) and studied <= _TRUNK


def _study_words(text: str, start: int, end: int, before: int = 12) -> str:
    """The evidence's words and a few before it ("brain MRI 09/03/2025")."""
    lo = max(0, start - before)
    cut = max(text.rfind(c, lo, start) for c in ".;,\n")
    return text[max(lo, cut + 1) : end]


_REQUEST = re.compile(r"\W*(?:request(?:ed|ing|s)?|order(?:ed|ing)?)\b", re.I)


def planned_mentions(
    mentions: Sequence[tuple[str, str, tuple[int, int]]], text: str = ""
) -> list[tuple[str, tuple[int, int]]]:
    """(fact, sentence) of the mentions that are plans or requests, from (fact, assertion, sentence): planned
    ones, and those of a sentence that opens with the request ("Request: repeat CT chest with contrast")."""
    return [
        (f, s)
        for f, a, s in mentions
        if a in ("hypothetical", "conditional") or _REQUEST.match(text, s[0], s[1])
    ]
