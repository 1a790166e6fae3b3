"""Durations, intervals and dates resolve against the note's date the way the policies' timing criteria need."""

from __future__ import annotations

import datetime as dt

import pytest

from priorauth.notes.timex import find_times, length_in

TODAY = dt.date(2025, 11, 3)


def only(text: str):  # type: ignore[no-untyped-def]
    found = find_times(text, TODAY)
    assert len(found) == 1, [text[t.start : t.end] for t in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("8 weeks of PT", 8),
        ("PT x 6 wks", 6),
        ("neck pain x 3 months", 13),
        ("a 4 month history of neck pain", 17),
        ("3-month history", 13),
        ("6-8 weeks of physical therapy", 6),
        ("low back pain for 5 days", 0),
        ("for two weeks", 2),
        ("PT twice weekly June through August", 13),
        ("July-August 2025", 8),
        ("from 6/1/2025 to 8/15/2025", 10),
        ("since 09/02/2025", 9),
        ("since May 2025", 26),
        ("since around 04/2025", 31),
        ("since early July", 18),
        ("since mid-July", 16),
        ("for the past year", 52),
        ("over the last month", 4),
    ],
)
def test_lengths_in_weeks_round_down(text: str, weeks: int) -> None:
    assert length_in(only(text), "weeks") == weeks


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("July-August 2025", dt.date(2025, 8, 31)),
        ("PT completed in August 2025", dt.date(2025, 8, 31)),
        ("s/p ACDF 4 months ago", dt.date(2025, 7, 3)),
        ("surgery 2 years ago", dt.date(2023, 11, 3)),
        ("MRI on 09/02/2025", dt.date(2025, 9, 2)),
        ("MRI 2025-10-01", dt.date(2025, 10, 1)),
        ("since May 2025", TODAY),
        ("currently in PT", TODAY),
        ("in November", TODAY),  # a month is capped at the note's date
    ],
)
def test_last_day(text: str, last: dt.date) -> None:
    assert only(text).last == last


def test_a_month_name_without_a_year_is_the_latest_one_not_after_the_note() -> None:
    assert only("MRI in December").first == dt.date(2024, 12, 1)


@pytest.mark.parametrize(
    "text",
    [
        "a 49-year-old man",
        "49 year old",
        "she may need surgery",
        "twice weekly",
        "C5-6 disc",
        "22 weeks pregnant",
        "at 30 weeks' gestation",
        "3.5 years from completion of treatment",
        "over several weeks",
        "Five days later, she started getting pain",
        "PT twice a week",
        "week 5 of an 8-week program",
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert find_times(text, TODAY) == []


def test_ago_is_a_date_not_a_duration() -> None:
    expr = only("PT 4 months ago")
    assert expr.kind == "date"
    assert length_in(expr, "weeks") is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("MRI C-spine, 12/1/92: small canal", dt.date(1992, 12, 1)),
        ("seen 3/4/25", dt.date(2025, 3, 4)),
        ("CT cervical spine (today)", TODAY),
        ("CT earlier today", TODAY),
    ],
)
def test_two_digit_years_and_today(text: str, day: dt.date) -> None:
    assert only(text).last == day


def test_a_visit_today_dates_nothing() -> None:
    assert find_times("She returns today for follow-up.", TODAY) == []


def test_a_duration_before_after_stays_a_duration() -> None:
    got = only("low back pain for 5 days after moving furniture")
    assert got.kind == "duration" and length_in(got, "days") == 5


def test_since_then_runs_from_a_time_some_while_ago() -> None:
    found = find_times("Rear-ended 5 weeks ago. Since then neck pain.", TODAY)
    assert [length_in(t, "weeks") for t in found] == [None, 5]


def test_since_then_after_a_calendar_date_is_nothing() -> None:
    found = find_times("MRI on 8/20/2025 showed a bulge. Symptoms unchanged since then.", TODAY)
    assert [t.kind for t in found] == ["date"]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("PT in the spring", dt.date(2025, 3, 1), dt.date(2025, 5, 31)),
        ("last winter", dt.date(2024, 12, 1), dt.date(2025, 2, 28)),
        ("this winter", dt.date(2025, 12, 1), dt.date(2026, 1, 15)),
        ("in the fall of 2024", dt.date(2024, 9, 1), dt.date(2024, 11, 30)),
        ("since 12/20", dt.date(2025, 12, 20), dt.date(2026, 1, 15)),
        ("since 02/20", dt.date(2025, 2, 20), dt.date(2026, 1, 15)),
    ],
)
def test_seasons_and_days_without_a_year(text: str, first: dt.date, last: dt.date) -> None:
    (expr,) = find_times(text, dt.date(2026, 1, 15))
    assert (expr.first, expr.last) == (first, last)


@pytest.mark.parametrize(
    "text", ["hurt in the fall", "strength 4/5", "on 4/5 of days", "fall 2025"]
)
def test_no_season_or_day_without_a_year(text: str) -> None:
    assert [e for e in find_times(text, dt.date(2026, 1, 15)) if e.kind != "duration"] == []
