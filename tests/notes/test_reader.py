"""The note reader on a small fixture catalog: assertions, sections, times, measures, spans.

The examples are the ones the issue names; each asserts the evidence a nurse reviewer would enter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from priorauth.evidence.model import Evidence
from priorauth.notes.reader import NoteReader, aggregate
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root

FIXTURE = Path(__file__).parents[1] / "fixtures" / "notes"
TODAY = dt.date(2025, 11, 3)


@pytest.fixture(scope="module")
def reader() -> NoteReader:
    return NoteReader(load_catalog(FIXTURE), policy_root() / "notes")


def read(reader: NoteReader, text: str) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = {}
    for e in aggregate(reader.read(text, TODAY), reader.catalog):
        out.setdefault(e.fact, []).append(e)
    return out


def values(reader: NoteReader, text: str) -> dict[str, Any]:
    got = read(reader, text)
    return {
        f: (evs[0].value if len(evs) == 1 else {e.value for e in evs}) for f, evs in got.items()
    }


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Denies fever.", "fever", False),
        ("No fever, no neck pain.", "neck_pain", False),
        ("ROS: No fever, chills or sweats.", "fever", False),
        ("ROS: Fever: no.", "fever", False),
        ("Has not tried PT.", "conservative_care.physical_therapy", False),
        (
            "Has not taken any medication or had physical therapy.",
            "conservative_care.physical_therapy",
            False,
        ),
        (
            "Has not taken any medication or had physical therapy.",
            "conservative_care.medication",
            False,
        ),
        ("Afebrile.", "fever", False),
        (
            "Neck pain without relief after 6 weeks of chiropractic care.",
            "conservative_care.chiropractic",
            True,
        ),
        ("Failed PT without improvement.", "conservative_care.physical_therapy", True),
        ("MRI to evaluate for cord compression.", "cord_compression", "suspected"),
        ("Concern for cord compression.", "cord_compression", "suspected"),
        ("No cord compression.", "cord_compression", "absent"),
        ("History of cancer.", "cancer", "known"),
        ("EMG was negative for radiculopathy.", "emg_ncv.done", True),
        ("Normal EMG last month.", "emg_ncv.done", True),
        ("No EMG has been done.", "emg_ncv.done", False),
        ("Surgery planned.", "surgery.considered", True),
    ],
)
def test_assertions(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("If not better we will order an EMG.", "emg_ncv.done"),
        ("Father had prostate cancer.", "cancer"),
        ("Family history: cancer in mother.", "cancer"),
        ("30M with low back pain for 5 days after moving furniture.", "trauma.recent"),
        ("Plan: physical therapy twice weekly.", "conservative_care.physical_therapy"),
        ("Possible fever.", "fever"),  # an uncertain boolean gives nothing
        ("h/o fever as a child.", "fever"),  # fever is about now: history does not count
        ("Exam: normal.\nHPI: Hoffmann sign reported by outside doctor.", "hoffmann_sign"),
    ],
)
def test_mentions_that_give_no_value(reader: NoteReader, text: str, fact: str) -> None:
    assert fact not in values(reader, text)


def test_a_four_month_history_is_current_not_historical(reader: NoteReader) -> None:
    got = read(reader, "4 month history of fever.")
    assert got["fever"][0].assertion == "affirmed"


def test_conservative_care_weeks_and_last_date_from_an_interval(reader: NoteReader) -> None:
    text = (
        "49 yo M with axial neck pain since May 2025. Treated with chiropractic care twice weekly for "
        "7 weeks (July-August 2025) and now worsening despite it."
    )
    got = values(reader, text)
    assert got["conservative_care.active_weeks"] == 7
    assert got["conservative_care.active_last_date"] == dt.date(2025, 8, 31)
    assert got["symptoms.duration_weeks"] == 26


def test_each_time_belongs_to_the_nearest_mention(reader: NoteReader) -> None:
    got = values(reader, "Neck pain x 3 months, failed 6 weeks of PT.")
    assert got["symptoms.duration_weeks"] == 13
    assert got["conservative_care.active_weeks"] == 6


def test_the_longest_duration_and_the_latest_date_win(reader: NoteReader) -> None:
    got = values(reader, "PT for 4 weeks in March. Later 8 weeks of PT, last session 10/01/2025.")
    assert got["conservative_care.active_weeks"] == 8
    assert got["conservative_care.active_last_date"] == dt.date(2025, 10, 1)


def test_surgery_date_from_a_relative_time(reader: NoteReader) -> None:
    got = read(reader, "s/p ACDF 4 months ago.")
    assert got["spine_surgery.last_date"][0].value == dt.date(2025, 7, 3)
    assert got["spine_surgery.prior"][0].assertion == "historical"


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Temp 101.3 F.", "fever", True),
        ("Tmax 37.2.", "fever", False),
        ("Strength 4/5 in the right deltoid.", "extremity_weakness", True),
        ("Strength 5/5 throughout.", "extremity_weakness", False),
        ("Thoracic kyphosis of 55 degrees.", "kyphosis.degrees", 55.0),
    ],
)
def test_measured_values(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text)[fact] == value


def test_a_measure_phrase_without_a_number_gives_nothing(reader: NoteReader) -> None:
    assert "fever" not in values(reader, "Temp was not taken at home.")


def test_sections_limit_exam_findings(reader: NoteReader) -> None:
    got = values(reader, "HPI: neck pain.\nExam: positive Hoffman sign on the right.")
    assert got["hoffmann_sign"] is True


def test_enum_values(reader: NoteReader) -> None:
    assert values(reader, "Fracture on CT of C5.")["trauma.initial_imaging"] == "positive"


def test_evidence_carries_note_span_quote_and_assertion(reader: NoteReader) -> None:
    text = "52F. Denies fever. Neck pain."
    items = reader.read(text, TODAY, note=2)
    fever = next(e for e in items if e.fact == "fever")
    assert (fever.source, fever.note, fever.assertion, fever.value) == ("note", 2, "negated", False)
    assert text[fever.start : fever.end] == fever.quote == "fever"


def test_a_note_that_contradicts_itself_keeps_both_values(reader: NoteReader) -> None:
    got = read(reader, "ROS: denies weakness. Exam: weakness of the left hand.")
    assert {e.value for e in got["extremity_weakness"]} == {True, False}


def test_empty_and_unrelated_text(reader: NoteReader) -> None:
    assert reader.read("Patient seen.", TODAY) == []
    assert reader.read("   \n\n ", TODAY) == []
