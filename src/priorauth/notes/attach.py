"""Which mention a time expression or a measurement is about.

Nearness alone is wrong for lists: in "naproxen, 4 weeks of formal PT" the weeks are closer to naproxen but
belong to the PT, because "N weeks of X" binds the time to what follows it, while "X x 3 months" and
"X for 6 weeks" bind it to what precedes it. A time separated from a mention by a comma, a semicolon or
"and" is only about that mention when nothing closer in grammar claims it, and a test or treatment
mentioned in between claims it before either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NEAR = 120  # characters: a time or measurement further than this from its mention is not about it

# Between a time and the mention after it: "6 weeks of (formal) PT", "6 wks PT", "3-month history of".
_BINDS_FORWARD = re.compile(r"\s*(?:-\s*)?(?:(?:of|in|with)\b[^,;.()]*)?$", re.I)
# Between a mention and the time after it: "PT x 6 weeks", "PT for 6 weeks", "PT twice weekly since ...".
_BINDS_BACKWARD = re.compile(r"[^,;]*$")
_WITH = re.compile(r"\s*with\b", re.I)
_CALENDAR = re.compile(r"\d{1,2}/\d{2,4}|\b(?:19|20)\d{2}\b")
_BREAK = re.compile(r"[,;]|\band\b|\bplus\b|\bthen\b", re.I)
# "..., and she stated ...": a clause with a subject of its own
_NEW_SUBJECT = re.compile(r"(?:,|\band)\s+(?:he|she|they|I|we|the patient)\s", re.I)


def new_clause_between(text: str, mention: tuple[int, int], item: tuple[int, int]) -> bool:
    """A clause with its own subject lies between a mention and an item: "I spoke to her 2 days ago and
    she stated that her pain ..." dates the call, not the pain's onset."""
    lo, hi = (item[1], mention[0]) if item[1] <= mention[0] else (mention[1], item[0])
    found = _NEW_SUBJECT.search(text, lo, max(lo, hi))
    if (
        found is not None
        and item[1] <= mention[0]
        and found.start() == item[1]
        and found[0][0] == ","
    ):
        # the comma closes a time put first ("Three months ago, she began to have neck pain"): the
        # clause after it is the one the time is about
        found = _NEW_SUBJECT.search(text, found.end(), max(lo, hi))
    return found is not None


def attachment_key(
    text: str,
    mention: tuple[int, int],
    sentence: tuple[int, int],
    item: tuple[int, int],
    others: Sequence[tuple[int, int]] = (),
) -> tuple[int, int, int] | None:
    """How strongly an item at `item` is about the mention at `mention` (smaller is stronger), or None
    when it is outside the mention's sentence or too far: (grammar rank, characters apart, 0 if after).
    `others` are mentions of tests and treatments: one of them between the item and the mention keeps
    the item from it ("MRI ...: probable ALS (EMG 09/10/25)" dates the EMG, not the MRI)."""
    lo, hi = sentence
    m_start, m_end = mention
    i_start, i_end = item
    if i_start < lo or i_end > hi:
        return None
    if i_end <= m_start:
        between = text[i_end:m_start]
        gap, after = m_start - i_end, 1
        rank = 0 if _BINDS_FORWARD.fullmatch(between) else (2 if _BREAK.search(between) else 1)
        if (
            rank == 0
            and _WITH.match(between)
            and _CALENDAR.search(text, i_start, i_end)
            and (m_start, m_end) not in others
        ):
            # a date is not a symptom's that follows it "with" ("s/p microdiscectomy 11/2024 with back
            # pain"), though it is a procedure's ("on 03/15/2022 with occipitocervical fusion")
            rank = 1
    elif i_start >= m_end:
        between = text[m_end:i_start]
        gap, after = i_start - m_end, 0
        rank = 2 if _BREAK.search(between) or not _BINDS_BACKWARD.fullmatch(between) else 1
    else:
        return (0, 0, 0)
    if gap > NEAR:
        return None
    lo_gap, hi_gap = (i_end, m_start) if after else (m_end, i_start)
    if any(lo_gap <= s and e <= hi_gap for s, e in others):
        return None
    return (rank, gap, after)
