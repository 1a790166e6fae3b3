"""Measured values in clinical text: temperatures, strength and reflex grades, labs, degrees, sizes.

Written by hand (small, domain-specific patterns; no library reads "4+/5" or "T 101.3F" as what they mean).
Each value is normalised to one unit per quantity: °C, grade n of n/5, reflex grade 0-4, ESR mm/h, CRP mg/L,
WBC 10^9/L, degrees, mm, percent, years of age, a plain count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from priorauth.notes.windows import finditer_within

_NUM = r"(\d+(?:\.\d+)?)"
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True, slots=True)
class Measurement:
    quantity: str
    value: float
    start: int
    end: int


def _temperature(m: re.Match[str]) -> float:
    value = float(m["v"])
    unit = (m["u"] or "").upper()
    if unit == "F" or (not unit and value > 45):
        return round((value - 32) * 5 / 9, 1)
    return value


def _grade(m: re.Match[str]) -> float:
    value = float(m["v"])
    sign = (m["s"] or "").lower()
    if sign in ("+", "plus"):
        return value + 0.5
    if sign in ("-", "minus"):
        return value - 0.5
    return value


def _crp(m: re.Match[str]) -> float:
    value = float(m["v"])
    return value * 10 if (m["u"] or "").lower() == "mg/dl" else value


def _wbc(m: re.Match[str]) -> float:
    value = float(m["v"].replace(",", ""))
    return value / 1000 if value >= 1000 else value


def _count(m: re.Match[str]) -> float:
    raw = m["v"].lower()
    return float(_COUNT_WORDS.get(raw, 0) or raw)


def _plain(m: re.Match[str]) -> float:
    return float(m["v"])


_PATTERNS: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], float]]] = [
    (
        "temperature",
        re.compile(
            r"\b(?:t(?:emps?|emperatures?)?|tmax|t-max|febrile(?: to)?|fevers?(?: of| to)?)\.?\s*(?:of|was|is|:|=|(?:up )?to)?\s*(?P<v>\d{2,3}(?:\.\d)?)\s*°?\s*(?P<u>[FC])?\b"
            r"|(?P<v2>\d{2,3}\.\d)\s*°\s*?(?P<u2>[FC])\b",
            re.I,
        ),
        lambda m: _temperature(m) if m["v"] else _temperature_alt(m),
    ),
    (
        "strength_grade",
        re.compile(
            r"(?<![\d/])(?P<v>[0-5])\s?(?P<s>[+-]|plus\b|minus\b)?\s*(?:/|out of\b|over\b)\s*5\b",
            re.I,
        ),
        _grade,
    ),
    (
        "reflex_grade",
        re.compile(
            r"(?<![\d/.])(?P<v>[0-4])\s*(?P<s>\+|plus\b)(?!\s*(?:/|out of|over)\b|\s*/)", re.I
        ),
        lambda m: float(m["v"]),
    ),
    (
        "esr",
        re.compile(
            r"\b(?:ESR|sed(?:imentation)? rate)\s*(?:of|was|is|:|=|at)?\s*(?P<v>\d+(?:\.\d+)?)",
            re.I,
        ),
        _plain,
    ),
    (
        "crp",
        re.compile(
            r"\b(?:CRP|C-reactive protein)\s*(?:of|was|is|:|=|at)?\s*(?P<v>\d+(?:\.\d+)?)\s*(?P<u>mg/dl|mg/l)?",
            re.I,
        ),
        _crp,
    ),
    (
        "wbc",
        re.compile(
            r"\b(?:WBC|white (?:blood )?(?:cell )?count)\s*(?:count)?\s*(?:of|was|is|:|=|at)?\s*(?P<v>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)",
            re.I,
        ),
        _wbc,
    ),
    (
        "degrees",
        re.compile(
            rf"{_NUM.replace('(', '(?P<v>', 1)}\s*(?:°(?!\s*[FC]\b)|degrees?\b|deg\b)", re.I
        ),
        _plain,
    ),
    (
        "mm",
        re.compile(rf"{_NUM.replace('(', '(?P<v>', 1)}\s*(?:mm|millimet(?:er|re)s?)\b", re.I),
        _plain,
    ),
    (
        "percent",
        re.compile(rf"{_NUM.replace('(', '(?P<v>', 1)}\s*(?:%|percent\b|per cent\b)", re.I),
        _plain,
    ),
    (
        "age",
        re.compile(
            r"\b(?:age[d]?|at)\s+(?:of\s+)?(?P<v>\d{1,2})\b(?!\s*(?:mm|%|°|/|degrees?))|(?P<v2>\d{1,2})\s*(?:yo\b|y/o\b|y\.o\.|years? old\b|-year-old\b)",
            re.I,
        ),
        lambda m: float(m["v"] or m["v2"]),
    ),
    ("count", re.compile(r"\b(?P<v>\d+|one|two|three|four|five|six)\b", re.I), _count),
]


def _temperature_alt(m: re.Match[str]) -> float:
    value = float(m["v2"])
    if (m["u2"] or "").upper() == "F":
        return round((value - 32) * 5 / 9, 1)
    return value


_MARGIN = 40  # characters after a part of the note that a measurement opening in it may need


def find_measurements(
    text: str, quantities: set[str], within: list[tuple[int, int]] | None = None
) -> list[Measurement]:
    """Every measurement of the wanted quantities in `text`; with `within` (sorted, disjoint character
    ranges: the sentences where a measurement can count), only those that open inside one, each range
    scanned with the text before it and `_MARGIN` characters after it in view."""
    found = []
    for quantity, rx, value in _PATTERNS:
        if quantity not in quantities:
            continue
        matches = (
            rx.finditer(text) if within is None else finditer_within(rx, text, within, _MARGIN)
        )
        for m in matches:
            try:
                found.append(Measurement(quantity, value(m), m.start(), m.end()))
            except (TypeError, ValueError):
                continue
    return found
