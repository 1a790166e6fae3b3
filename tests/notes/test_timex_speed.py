"""find_times' speed-ups (words a regex needs, gates, zero-width assertions reordered) change no expression."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from priorauth.notes import timex
from tests.notes.test_regex_targets import corpus_texts

TODAY = dt.date(2025, 11, 3)
EXTRA = [
    "CT cervical spine (today). MRI obtained earlier today; seen this morning. Returns today.",
    "Pain since March 2025, started in May, onset 2 weeks ago, 3 months prior, previously 2 yrs before.",
    "4 months post-op, 2 weeks s/p ACDF, 3 days status post fall, for 5 days after lifting, x 2 wks after",
    "Last week, past month, previous year, yesterday; currently, ongoing, continues, still, to date.",
    "At present, to this day, to the present; PT 6 wks, 3-4 months, 2 to 3 weeks, x 3m, 30M, 44 y/o.",
    "From Jan 2024 to March 2025, between May and June, in Sept. 2023, dated 10/02/2025, may improve.",
    "Ehlers-Danlos, \u212aLIPPEL-FEIL since \u017feptember 2024, 3 months ago",
    "Since around 04/2025, since early July, for the past year. Hit 5 weeks ago. Since then, since that time.",
    "PT in the spring, last winter, since the fall of 2024, hurt in the fall; since 10/28, 07/06-08/28/2025.",
]


def test_same_times_as_the_plain_regexes(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*corpus_texts(), *EXTRA]
    fast = [timex.find_times(text, TODAY) for text in texts]
    # The originals: every regex run on the whole note, the _RE_POSTOP's lookbehinds first as written.
    monkeypatch.setattr(timex, "_NEEDS", {})
    monkeypatch.setattr(timex, "_GATES", {})
    monkeypatch.setattr(
        timex,
        "_RE_POSTOP",
        re.compile(
            rf"(?<!\bfor )(?<!\bover )(?<!\bx )\b{timex._STARTS_NUM}(?P<n>{timex._NUM})[\s-]*"
            rf"(?P<u>{timex._UNIT})\.?\s+(?:post[\s-]?op(?:eratively)?|s/p|status[\s-]post|after)\b",
            re.I,
        ),
    )
    # ... and the month names without the lookahead for their first letters.
    guard = "(?=ja|fe|ma|ap|ju|au|se|oc|no|de)"
    assert timex._MONTH.startswith(guard)
    monkeypatch.setattr(timex, "_MONTH", timex._MONTH[len(guard) :])
    for name in dir(timex):
        rx = getattr(timex, name)
        if name.startswith("_RE_") and guard in rx.pattern:
            monkeypatch.setattr(timex, name, re.compile(rx.pattern.replace(guard, ""), rx.flags))
    plain = [timex.find_times(text, TODAY) for text in texts]
    assert sum(map(len, plain)) > 500
    for text, a, b in zip(texts, fast, plain, strict=True):
        assert a == b, text[:80]


def _sentences(text: str) -> list[tuple[int, int]]:
    """Line and full-stop parts of a note, standing in for the reader's sentences."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.;])\s+|\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if b > a]


def test_times_found_in_parts_of_a_note_are_those_found_in_the_whole_note() -> None:
    for text in [*corpus_texts(), *EXTRA]:
        parts = _sentences(text)[::2]  # every other sentence, as a note's timed mentions leave gaps
        within = timex.time_windows(parts, text)
        full = timex.find_times(text, TODAY)
        opens = [(a, b) for a, b in within]
        expected = [t for t in full if any(a <= t.start < b for a, b in opens)]
        assert timex.find_times(text, TODAY, within) == expected, text[:80]


def test_a_sentence_saying_since_reaches_back_to_the_time_since_then_refers_to() -> None:
    text = "Rear-ended 5 weeks ago on the highway. No loss of consciousness. Since then neck pain."
    since = text.index("Since")
    within = timex.time_windows([(since, len(text))], text)
    assert within[0][0] < text.index("5 weeks")
    [then] = [t for t in timex.find_times(text, TODAY, within) if t.start >= since]
    assert then.kind == "interval" and then.first == TODAY - dt.timedelta(weeks=5)
