"""Durations, intervals and dates in clinical text, resolved against the note's date.

Written by hand: the libraries that parse dates (dateutil, dateparser) read one date string, not "PT twice
weekly June through August" or "x 3 months" inside a sentence, and none resolves clinical shorthand
("x 6 wks", "3-month history", "s/p ACDF 4 months ago") to the absolute interval the policies' timing
criteria need. Conventions (docs/note-reading.md): a month without a day is its first day when it starts
something and its last day when it ends something; nothing ends after the note's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from priorauth.notes.regex_targets import Gate, fold, gate_of, gated_finditer
from priorauth.notes.windows import finditer_within, merged

_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "couple": 2,
    "a couple of": 2,
}
# "several weeks" is no number a reviewer would enter: it is not a duration
_NUM = r"(?:\d+(?:\.\d+)?|a couple of|couple|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:days?|d|wks?|weeks?|w|mos?|mths?|months?|m|yrs?|years?|y)"
_UNIT_DAYS = {"d": 1.0, "w": 7.0, "m": 30.4375, "y": 365.25}

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
# Speed only: the lookahead for the names' first two letters fails at once where no month starts (the
# regexes try a month at most word starts, three times in _DATE).
_MONTH = r"(?=ja|fe|ma|ap|ju|au|se|oc|no|de)(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"

# One calendar expression: 09/02/2025, 9/2/25, 2025-09-02, 09/2025, Sept 2, 2025, May 2025, May, 2019.
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|\d{1,2}/\d{4}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{_MONTH},?\s+(?:of\s+)?\d{{4}}"
    rf"|{_MONTH}"
    r"|(?:19|20)\d{2})"
)
_TO = r"\s*(?:-|–|—|to|through|thru|until|till)\s*"
# A month and day without a year ("since 10/28", "07/06-08/28/2026"): only where the words around it make
# it a date, never alone (a strength grade "4/5" is written the same way)
_DAY_NO_YEAR = r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![/\d])"

# Speed only: a word boundary, then a lookahead for the characters a match can start with, lets the
# regex engine give up at once at every other position instead of trying each alternative there. A number
# (_NUM) starts with a digit or one of "acotfsen"; a date (_DATE) with a digit or a month's initial.
_STARTS_NUM = r"(?=[\dacotfsen])"
_STARTS_DATE_OR_FROM = r"(?=[\dfbjmasond])"

_RE_INTERVAL = re.compile(
    rf"\b{_STARTS_DATE_OR_FROM}(?:\bfrom\s+|\bbetween\s+)?\b(?P<a>{_DATE}|{_DAY_NO_YEAR}(?={_TO}\d{{1,2}}/\d{{1,2}}/\d))(?:{_TO}|\s+and\s+)(?P<b>{_DATE})\b",
    re.I,
)
# "since around 04/2025", "since early July": a hedge or a part of the month before the date
_RE_SINCE = re.compile(
    rf"\b(?=[sbo])(?:since|starting|started(?: in| on)?|beginning(?: in)?|began(?: in)?|onset(?: in| on)?)\s+(?:(?:around|about|approximately|approx\.?|roughly|circa|~)\s*)?(?:(?P<part>early|mid|late)[\s-]+)?(?P<a>{_DATE}|{_DAY_NO_YEAR})\b",
    re.I,
)
# "Since then persistent neck pain": since the time the sentences before it named ("5 weeks ago")
_RE_SINCE_THEN = re.compile(r"\bsince (?:then|that time|that point|that day)\b", re.I)
_THEN_REACH = 250  # characters back to the time "then" is
_RE_AGO = re.compile(
    rf"\b{_STARTS_NUM}(?P<n>{_NUM})(?:\s*-\s*{_NUM})?[\s-]*(?P<u>{_UNIT})\.?\s+(?:ago|prior|previously|before)\b",
    re.I,
)
# "for 5 days after moving furniture" is a duration, not a date 5 days after an event
_RE_POSTOP = re.compile(
    rf"\b{_STARTS_NUM}(?<!\bfor )(?<!\bover )(?<!\bx )(?P<n>{_NUM})[\s-]*(?P<u>{_UNIT})\.?\s+(?:post[\s-]?op(?:eratively)?|s/p|status[\s-]post|after)\b",
    re.I,
)
_RE_LAST = re.compile(
    r"\b(?=[lpy])(?:(?:last|past|previous)\s+(?P<u>week|month|year)\b|yesterday\b)", re.I
)
# "today" dates a study only when it says so ("CT cervical spine (today)", "obtained earlier today", "MRI
# thoracic spine today showed"), not "she returns today for follow-up"
_RE_TODAY = re.compile(
    r"\(today\)|\bearlier today\b|\b(?:obtained|done|performed|taken|completed) (?:earlier )?today\b"
    r"|\bthis morning\b|\btoday(?=:|\s+(?:showed|shows?|demonstrated|demonstrates?|revealed|reveals?)\b)",
    re.I,
)
# not an age ("6 weeks old"), a pregnancy ("22 weeks pregnant", "30 weeks' gestation") or the time since an
# event ("3.5 years from completion of treatment")
_RE_DURATION = re.compile(
    rf"(?<![\w/]){_STARTS_NUM}(?P<n>{_NUM})(?:\s*(?:-|to)\s*(?P<n2>{_NUM}))?(?P<half1>\s+and\s+a\s+half)?\+?[\s-]*(?P<u>{_UNIT})\b(?P<half2>\s+and\s+a\s+half\b)?\.?(?![\s-]*old)(?!\s*(?:ago|prior|previously)\b)(?!'?\s*(?:pregnant|gestation|gestational|of gestation|of pregnancy|postpartum|post-partum)\b)(?!\s+(?:out\s+)?from\s+(?!\d))",
    re.I,
)
# Every alternative opens with \b, said once, then the lookahead for the first letters of the words or
# digits that can follow it (speed only, as above).
# A year alone dates what it follows only right after a study or an operation ("XR 2025 neg", "s/p
# laminectomy 2019"); elsewhere a bare number is no date (not "breast ca (2019)", a diagnosis's year).
_BARE_YEAR = (
    r"(?:(?<=ectomy )|(?<=otomy )|(?<=fusion )|(?<=ACDF )|(?<=surgery )|(?<=XR )|(?<=MRI )|(?<=CT ))"
    r"(?:19|20)\d{2}\b(?![/.-]\d)"
)
_RE_DATE = re.compile(
    rf"\b(?=[\diodfatubemlsjn])(?:(?:in|on|of|dated?|during|from|around|through|until|by|early|mid|late|since)\s+(?:early\s+|mid-?\s*|late\s+)?(?P<a>{_DATE})\b|(?P<b>\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\d{{1,2}}/\d{{4}}\b|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|{_MONTH},?\s+\d{{4}}\b|{_BARE_YEAR}))",
    re.I,
)
# A season ("in the spring", "last summer", "since the fall of 2025", "winter 2025"). "the fall" without a
# year is more often an injury ("hurt in the fall") than a season: a fall is a season only with a year or
# after "last"/"this"/"since".
_RE_SEASON = re.compile(
    r"\b(?=[ildtosb])(?P<pre>in|during|over|last|this|since|through|by)\s+(?:the\s+)?(?:(?P<part>early|late)\s+)?"
    r"(?P<s>spring|summer|fall|autumn|winter)(?:(?:\s+of)?\s+(?P<y>(?:19|20)\d{2}))?\b",
    re.I,
)
_SEASON_MONTHS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}
_RE_ONGOING = re.compile(
    r"\b(?=[cosat])(?:currently|ongoing|continues|continuing|still|at present|to date|to this day|to the present)\b",
    re.I,
)


# Before a duration: a frequency ("twice a week", "3 times a month") or a course under way ("week 5 of an
# 8-week program")
_HOW_OFTEN = re.compile(r"\b(?:once|twice|thrice|times)\s+$", re.I)
_UNDER_WAY = re.compile(r"\bweek\s+\d+\s+of\s+(?:an?|the)\s+$", re.I)
_LATER = re.compile(r"\s+later\b", re.I)
_OPENS = re.compile(r"(?:^|[.;:,]\s*|\n\s*)$")
_PART_DAY = {"early": 1, "mid": 15, "late": 21}
# Before "last/past year": the words that make it a length ("for the past year"), not a date ("last year").
_OVER_THE = re.compile(r"\b(?:for|over|in|during|within|throughout)\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression at [start, end) of the note text.

    `days` is a length (durations and intervals); `first`/`last` bound it in calendar dates where known.
    """

    start: int
    end: int
    kind: str  # duration | interval | date | ongoing
    days: float | None = None
    first: dt.date | None = None
    last: dt.date | None = None
    ago: bool = False  # "6 weeks ago": a date measured back from the note's date

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


def _number(text: str) -> float | None:
    text = text.lower().strip()
    if text in _WORDS:
        return float(_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _unit_days(unit: str) -> float:
    return _UNIT_DAYS[unit.lower()[0]]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, slots=True)
class _Cal:
    """A parsed calendar expression: its first and last day (a month or year spans several)."""

    first: dt.date
    last: dt.date


def _year(text: str, today: dt.date) -> int:
    """A four-digit year; a two-digit one is the latest century that does not put it after today."""
    y = int(text)
    if y >= 100:
        return y
    return y + 2000 if y + 2000 <= today.year else y + 1900


def _parse_date(text: str, today: dt.date, year_hint: int | None = None) -> _Cal | None:
    t = text.strip().lower().rstrip(".").replace(",", " ")
    t = re.sub(r"\s+of\s+", " ", t)
    t = re.sub(r"\s+", " ", t)
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return _Cal(d, d)
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", t):
            d = dt.date(_year(m[3], today), int(m[1]), int(m[2]))
            return _Cal(d, d)
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})", t):
            y = year_hint if year_hint is not None else today.year
            d = dt.date(y, int(m[1]), int(m[2]))
            if year_hint is None and d > today:
                d = dt.date(y - 1, int(m[1]), int(m[2]))
            return _Cal(d, d)
        if m := re.fullmatch(r"(\d{1,2})/(\d{4})", t):
            y, mo = int(m[2]), int(m[1])
            return _Cal(dt.date(y, mo, 1), _month_end(y, mo))
        if m := re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})", t):
            d = dt.date(int(m[3]), _MONTHS[m[1]], int(m[2]))
            return _Cal(d, d)
        if m := re.fullmatch(r"([a-z]+)\.? (\d{4})", t):
            y, mo = int(m[2]), _MONTHS[m[1]]
            return _Cal(dt.date(y, mo, 1), _month_end(y, mo))
        if m := re.fullmatch(r"([a-z]+)\.?", t):
            if m[1] not in _MONTHS:
                return None
            mo = _MONTHS[m[1]]
            y = year_hint if year_hint is not None else today.year
            if year_hint is None and dt.date(y, mo, 1) > today:
                y -= 1
            return _Cal(dt.date(y, mo, 1), _month_end(y, mo))
        if m := re.fullmatch(r"((?:19|20)\d{2})", t):
            y = int(m[1])
            return _Cal(dt.date(y, 1, 1), dt.date(y, 12, 31))
    except (ValueError, KeyError):
        return None
    return None


def _explicit_year(text: str) -> int | None:
    m = re.search(r"(\d{4})\b", text)
    return int(m[1]) if m else None


def _capped(day: dt.date, today: dt.date) -> dt.date:
    return min(day, today)


def _is_bare_word_month(text: str) -> bool:
    return bool(re.fullmatch(_MONTH, text.strip(), re.I))


def _plausible_month(text: str, raw: str) -> bool:
    """'may' is a month only when capitalised ("May 2025", "in May"), never the verb."""
    word = text.strip().split()[0].rstrip(".")
    if word.lower() == "may" and not word[0].isupper():
        return False
    return not (raw.strip().lower() in {"mar", "dec"} and not raw[0].isupper())


# Speed only: words (lower case) of which every match of the regex contains one; a regex none of whose
# words is in the note is not run. Only for an ASCII note, where `str.lower` is what `re.I` folds.
_NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {
    _RE_AGO: ("ago", "prior", "previously", "before"),
    _RE_POSTOP: ("post", "s/p", "status", "after"),
    _RE_SEASON: ("spring", "summer", "fall", "autumn", "winter"),
}
# Speed only: a regex whose words lie a bounded distance from its start is tried only where they let a
# match start, as the catalog's regex phrases are (notes/regex_targets.py: exactly `finditer`'s matches).
_GATES: dict[re.Pattern[str], Gate | None] = {
    rx: gate_of(rx.pattern)
    for rx in (_RE_SINCE, _RE_SINCE_THEN, _RE_LAST, _RE_TODAY, _RE_ONGOING, _RE_SEASON)
}


_MARGIN = 80  # characters after a part of the note that a time expression opening in it may need


def _finder(
    text: str, within: list[tuple[int, int]] | None = None
) -> Callable[[re.Pattern[str]], Iterator[re.Match[str]]]:
    """`rx.finditer(text)`, found faster where `_NEEDS` or `_GATES` allow; with `within` (sorted,
    disjoint character ranges), only the matches that open inside one of them, each range scanned with
    the text before it and `_MARGIN` characters after it in view."""
    lower = text.lower() if text.isascii() else None
    folded = fold(text)
    opens = [a for a, _ in within] if within is not None else []

    def inside(at: int) -> bool:
        k = bisect_right(opens, at) - 1
        return k >= 0 and at < within[k][1]  # type: ignore[index]

    def finditer(rx: re.Pattern[str]) -> Iterator[re.Match[str]]:
        needs = _NEEDS.get(rx)
        if lower is not None and needs is not None and not any(w in lower for w in needs):
            return iter(())
        if rx in _GATES:
            found = gated_finditer(rx, _GATES[rx], text, folded)
            return found if within is None else (m for m in found if inside(m.start()))
        return rx.finditer(text) if within is None else finditer_within(rx, text, within, _MARGIN)

    return finditer


def time_windows(sentences: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The parts of the note a time expression can count in: the sentences of the mentions that take a
    time (character ranges), merged; one that says "since" reaches back as far as "since then" looks
    for its time (`_THEN_REACH`, and a time's length). A time counts only in its mention's sentence
    (notes/reader.py), and a third of a note's text lies in such sentences: the time regexes, a tenth
    of reading a note, scan only these."""
    return merged(
        [
            (max(0, a - _THEN_REACH - _MARGIN) if "since" in text[a:b].lower() else a, b)
            for a, b in set(sentences)
        ]
    )


def find_times(
    text: str, today: dt.date, within: list[tuple[int, int]] | None = None
) -> list[TimeExpr]:
    """Every time expression in `text`, longest first where they overlap; with `within` (sorted,
    disjoint character ranges: the sentences where a time can count), only those that open inside one."""
    finditer = _finder(text, within)
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(expr: TimeExpr) -> None:
        if free(expr.start, expr.end):
            found.append(expr)
            taken.append((expr.start, expr.end))

    for m in finditer(_RE_INTERVAL):
        a_txt, b_txt = m["a"], m["b"]
        if (_is_bare_word_month(a_txt) and not _plausible_month(a_txt, a_txt)) or (
            _is_bare_word_month(b_txt) and not _plausible_month(b_txt, b_txt)
        ):
            continue
        if (
            re.fullmatch(r"(?:19|20)\d{2}", a_txt)
            and re.fullmatch(r"(?:19|20)\d{2}", b_txt) is None
        ):
            continue
        b = _parse_date(b_txt, today)
        if b is None:
            continue
        a = _parse_date(a_txt, today, year_hint=_explicit_year(a_txt) or b.last.year)
        if a is None or a.first > b.last:
            continue
        last = _capped(b.last, today)
        add(TimeExpr(m.start(), m.end(), "interval", (last - a.first).days + 1, a.first, last))
    for m in finditer(_RE_SINCE):
        if _is_bare_word_month(m["a"]) and not _plausible_month(m["a"], m["a"]):
            continue
        a = _parse_date(m["a"], today)
        if a is None or a.first > today:
            continue
        first = a.first
        if m["part"] and a.first.day == 1 and a.last.day > 1 and a.first.month == a.last.month:
            first = a.first.replace(day=_PART_DAY[m["part"].lower()])  # "since mid-July": 15 July
        first = min(first, today)
        add(TimeExpr(m.start(), m.end(), "interval", (today - first).days + 1, first, today))
    for rx in (_RE_AGO, _RE_POSTOP):
        for m in finditer(rx):
            n = _number(m["n"])
            if n is None or len(m["u"]) == 1:
                continue  # "78M s/p ...": an age and sex, not "78 months after"
            days = n * _unit_days(m["u"])
            when = _relative(today, n, m["u"])
            add(TimeExpr(m.start(), m.end(), "date", days, when, when, ago=rx is _RE_AGO))
    for m in finditer(_RE_LAST):
        unit = (m["u"] or "day").lower()
        over = _OVER_THE.search(text, max(0, m.start() - 24), m.start()) if m["u"] else None
        if over is not None:  # "for the past year", "over the last month": a length up to now
            add(TimeExpr(over.start(), m.end(), "duration", _unit_days(unit)))
            continue
        when = _relative(today, 1, unit)
        add(TimeExpr(m.start(), m.end(), "date", None, when, when))
    for m in finditer(_RE_TODAY):
        add(TimeExpr(m.start(), m.end(), "date", None, today, today))
    for m in finditer(_RE_DURATION):
        n = _number(m["n"])
        if n is None or n <= 0:
            continue
        unit = m["u"]
        if len(unit) == 1 and not re.search(
            r"(?:\bx|×)\s*$", text[max(0, m.start() - 3) : m.start()]
        ):
            continue  # "30M", "44 y/o", "a m": a one-letter unit is a duration only after "x" ("x 3m")
        if re.match(r"\s*(?:of age|old)\b", text[m.end() :]):
            continue  # an age ("since 6 months of age", "3 mos old"), not a length
        if _LATER.match(text, m.end()) and _OPENS.search(text[max(0, m.start() - 3) : m.start()]):
            continue  # "Five days later, she started ...": how long after an event, not for how long
        before = text[max(0, m.start() - 16) : m.start()]
        if (m["n"].lower() in {"a", "an"} and _HOW_OFTEN.search(before)) or _UNDER_WAY.search(
            before
        ):
            continue  # "PT twice a week" is how often; "week 5 of an 8-week course" is a plan's length
        if m["half1"] or m["half2"]:
            n += 0.5
        add(TimeExpr(m.start(), m.end(), "duration", n * _unit_days(unit)))
    for m in finditer(_RE_SEASON):
        if (expr := _season(m, today)) is not None:
            add(expr)
    for m in finditer(_RE_DATE):
        raw = m["a"] or m["b"]
        if _is_bare_word_month(raw) and not _plausible_month(raw, raw):
            continue
        cal = _parse_date(raw, today)
        if cal is None or cal.first > today:
            continue
        start = m.start("a") if m["a"] else m.start("b")
        add(TimeExpr(start, m.end(), "date", None, cal.first, _capped(cal.last, today)))
    for m in finditer(_RE_ONGOING):
        add(TimeExpr(m.start(), m.end(), "ongoing", None, None, today))
    found.sort(key=lambda e: e.start)
    thens = [
        expr
        for m in finditer(_RE_SINCE_THEN)
        if (expr := _since_then(m, found, today)) is not None and free(expr.start, expr.end)
    ]
    if thens:
        found = sorted([*found, *thens], key=lambda e: e.start)
    return found


def _season(m: re.Match[str], today: dt.date) -> TimeExpr | None:
    """A season as the months it spans (winter: December to February), in the year it names, else the
    latest one begun by the note's date ("last": the latest one over by then); "since" runs to today."""
    pre, name = m["pre"].lower(), m["s"].lower()
    if name == "fall" and not m["y"] and pre not in ("last", "this", "since"):
        return None
    lo, hi = _SEASON_MONTHS[name]

    def span(year: int) -> tuple[dt.date, dt.date]:  # the season ending in `year`
        first = dt.date(year - 1 if lo > hi else year, lo, 1)
        return first, _month_end(year, hi)

    if m["y"]:
        first, last = span(int(m["y"]))
    else:
        year = today.year + 1
        first, last = span(year)
        while first > today or (pre == "last" and last > today):
            year -= 1
            first, last = span(year)
    if first > today:
        return None
    if pre == "since":
        return TimeExpr(m.start(), m.end(), "interval", (today - first).days + 1, first, today)
    return TimeExpr(m.start(), m.end(), "date", None, first, _capped(last, today))


def _since_then(m: re.Match[str], found: list[TimeExpr], today: dt.date) -> TimeExpr | None:
    """ "since then" not long after a time some while ago ("rear-ended 5 weeks ago. Since then ..."): an
    interval from that day to today. After a calendar date it is as often a study's ("MRI on 8/20/2025
    ... Symptoms unchanged since then") as the onset's."""
    before = [
        e
        for e in found
        if e.end <= m.start() and m.start() - e.end <= _THEN_REACH and e.ago and e.first is not None
    ]
    if not before:
        return None
    first = before[-1].first
    assert first is not None
    if first > today:
        return None
    return TimeExpr(m.start(), m.end(), "interval", (today - first).days + 1, first, today)


def _relative(today: dt.date, n: float, unit: str) -> dt.date:
    u = unit.lower()[0]
    whole = int(n)
    if u == "y":
        return today - relativedelta(years=whole)
    if u == "m":
        return today - relativedelta(months=whole)
    return today - dt.timedelta(days=n * _UNIT_DAYS[u])


def length_in(expr: TimeExpr, unit: str, since_onset: bool = False) -> int | None:
    """The expression's length in a duration fact's unit, rounded down. A date some time ago ("6 weeks
    ago") has a length only for a fact measured from an onset to the note's date; "2 weeks after" has none."""
    if expr.days is None or (expr.kind == "date" and not (since_onset and expr.ago)):
        return None
    return int(expr.days / _unit_days(unit) + 1e-6)


def last_day(expr: TimeExpr) -> dt.date | None:
    """The most recent day the expression reaches (the end of an interval, a date, today if ongoing)."""
    return expr.last
