"""Measured values are read and normalised to one unit per quantity."""

from __future__ import annotations

import pytest

from priorauth.notes import measures
from priorauth.notes.measures import find_measurements
from priorauth.notes.windows import merged


@pytest.mark.parametrize(
    ("text", "quantity", "value"),
    [
        ("Temp 101.3 F", "temperature", 38.5),
        ("T 38.4 C", "temperature", 38.4),
        ("Tmax 99.1", "temperature", 37.3),
        ("febrile to 102", "temperature", 38.9),
        ("strength 4/5 in the right deltoid", "strength_grade", 4.0),
        ("4+/5 grip", "strength_grade", 4.5),
        ("5/5 throughout", "strength_grade", 5.0),
        ("biceps reflex 3+", "reflex_grade", 3.0),
        ("ESR 45", "esr", 45.0),
        ("sed rate of 62", "esr", 62.0),
        ("CRP 3.2 mg/dL", "crp", 32.0),
        ("CRP of 18 mg/L", "crp", 18.0),
        ("WBC 14.2", "wbc", 14.2),
        ("WBC 14,200", "wbc", 14.2),
        ("thoracic kyphosis of 55 degrees", "degrees", 55.0),
        ("tonsillar ectopia 7 mm", "mm", 7.0),
        ("lost 12% of body weight", "percent", 12.0),
        ("onset at age 11", "age", 11.0),
    ],
)
def test_measurement(text: str, quantity: str, value: float) -> None:
    found = [m for m in find_measurements(text, {quantity}) if m.quantity == quantity]
    assert found, text
    assert found[0].value == pytest.approx(value, abs=0.05)


def test_a_temperature_in_degrees_is_not_an_angle() -> None:
    assert find_measurements("T 101.2 °F", {"degrees"}) == []


def test_only_the_wanted_quantities_are_read() -> None:
    assert find_measurements("ESR 45, 4/5 strength", {"esr"})[0].quantity == "esr"
    assert len(find_measurements("ESR 45, 4/5 strength", {"esr"})) == 1


def test_temperatures_up_to_a_value() -> None:
    from priorauth.notes.measures import find_measurements

    got = find_measurements("Low-grade temps to 100.6 F at home.", {"temperature"})
    assert [round(m.value, 1) for m in got] == [38.1]


def test_strength_grades_in_words() -> None:
    from priorauth.notes.measures import find_measurements

    text = "Deltoids 4 plus out of 5, tibialis anterior 3 out of 5, biceps 4 minus over 5."
    got = find_measurements(text, {"strength_grade"})
    assert [m.value for m in got] == [4.5, 3.0, 3.5]


def test_reflex_grade_in_words() -> None:
    from priorauth.notes.measures import find_measurements

    got = find_measurements("Patellar reflex is 3 plus.", {"reflex_grade"})
    assert [m.value for m in got] == [3.0]


def test_measurements_found_in_parts_of_a_note_are_those_found_in_the_whole_note() -> None:
    from tests.notes.test_regex_targets import corpus_texts
    from tests.notes.test_timex_speed import _sentences

    quantities = {quantity for quantity, _, _ in measures._PATTERNS}
    for text in corpus_texts():
        within = merged(_sentences(text)[::2])
        full = find_measurements(text, quantities)
        expected = [x for x in full if any(a <= x.start < b for a, b in within)]
        assert find_measurements(text, quantities, within) == expected, text[:80]
