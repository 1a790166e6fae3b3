"""From the notes of a request to evidence: which fact, which value, which words, which assertion.

Each target the pipeline finds is a *mention* of a fact. Its assertion comes from ConText and the section it
sits in; its value from the fact's type (docs/note-reading.md, "Values by type and assertion"). Duration
and date facts take their value from the time expression next to a mention of the facts they are `of`;
number facts and measured booleans from the measurement next to a mention.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

from priorauth.evidence.model import Evidence
from priorauth.model.request import PriorAuthRequest
from priorauth.notes.assertion import (
    assertion_of,
    plan_lines_continue,
    treated_condition,
    with_section,
)
from priorauth.notes.attach import attachment_key, new_clause_between
from priorauth.notes.electro import impression_radiculopathy
from priorauth.notes.kind import drop_encounter_facts, report_result, report_study
from priorauth.notes.limb import bare_plexopathy
from priorauth.notes.measures import Measurement, find_measurements
from priorauth.notes.onset import after_procedure
from priorauth.notes.pipeline import ABSENT, DATED, MEASURE, VALUE, ChunkTokenizer, build
from priorauth.notes.regex_targets import SPAN_GROUP
from priorauth.notes.region import planned_mentions, same_region_only
from priorauth.notes.sections import SECTIONS
from priorauth.notes.timex import TimeExpr, find_times, length_in, time_windows
from priorauth.notes.windows import merged
from priorauth.policy.facts import Catalog, Fact, FactType, Measure, NoteReading

_NO_NOTE = NoteReading()
_DATED_NEAR = (
    40  # characters: a `dated` mention's date is right next to it ("MRI brain on 08/14/2025")
)
_PRESENT = (True, "known", "suspected")  # `any_of` values that one present sign or condition gives
_DENIED = (False, "absent")
# a study's region and a comma before its date: "MRI C-spine, 12/1/92:", "MRI L-spine, 7/3/93, revealed"
_STUDY_COMMA_DATE = re.compile(r"[\w/&-]*(?: [\w/&-]+){0,2},\s*")
_Located = TypeVar("_Located", TimeExpr, Measurement)
_NEAR = 120  # characters: a time or measurement further than this from its mention is not about it


@dataclass(frozen=True, slots=True)
class Mention:
    fact: str
    kind: str  # present | absent | measure | dated | value
    value: str | None  # enum value for kind == value
    start: int
    end: int
    sentence: tuple[int, int]
    section: str | None
    assertion: str  # affirmed | negated | possible | historical | hypothetical | family


def _sections(doc: Doc) -> list[tuple[int, str | None]]:
    """(start character, category) of each section, in order (notes/sections.py)."""
    sections: list[tuple[int, str | None]] = doc.user_data[SECTIONS]
    return sections


class NoteReader:
    """An EvidenceReader: every note of a request → note evidence (priorauth.engine.engine)."""

    def __init__(self, catalog: Catalog, rules_dir: Path) -> None:
        self.catalog = catalog
        self.nlp = build(catalog, rules_dir)
        self.make_doc = ChunkTokenizer(self.nlp)
        self._of: dict[str, list[Fact]] = defaultdict(
            list
        )  # source fact → duration/date facts it feeds
        for fact in catalog.values():
            if fact.note is None:
                continue
            for source in fact.note.of:
                self._of[source].append(fact)
        self._included: dict[str, list[str]] = defaultdict(list)  # fact → facts that include it
        for fact in catalog.values():
            for source in fact.note.includes if fact.note is not None else ():
                self._included[source].append(fact.id)

    # ---- public -----------------------------------------------------------------------------------
    def evidence(self, request: PriorAuthRequest) -> list[Evidence]:
        items: list[Evidence] = []
        for index, note in enumerate(request.notes):
            items += self.read(note.text, note.date or request.request_date, index)
        return aggregate(items, self.catalog)

    def read(self, text: str, today: dt.date, note: int = 0) -> list[Evidence]:
        """Evidence from one note, one item per mention (not yet aggregated)."""
        doc = self.make_doc(text)
        doc.user_data["text"] = (
            text  # components read the text from here: doc.text rebuilds it each time
        )
        doc = self.nlp(doc)
        mentions = self.mentions(doc)
        if not mentions:
            return []
        # Times and measurements count only next to a mention that can take them: find only those.
        timed = [
            m.sentence
            for m in mentions
            if m.fact in self._of
            or m.kind == "dated"
            or self.catalog[m.fact].type in (FactType.duration, FactType.date)
        ]
        times = find_times(text, today, time_windows(timed, text)) if timed else []
        quantities: set[str] = set()
        measured: list[tuple[int, int]] = []  # a measurement counts only in its mention's sentence
        for m in mentions:
            reading = self.catalog[m.fact].note
            if reading is not None and reading.measure:
                quantities.update(measure.quantity for measure in reading.measure)
                measured.append(m.sentence)
        within = merged(measured)
        measures = find_measurements(text, quantities, within) if quantities else []
        claimed = self._claim(mentions, times, text)
        out: list[Evidence] = []
        for i, m in enumerate(mentions):
            fact = self.catalog[m.fact]
            own = claimed.get(i, [])
            direct = self._direct(m, fact, text, note, own, measures)
            out += direct
            if m.kind == "dated" and not direct:
                continue  # a study without a date of its own feeds no date fact either
            if m.assertion in ("affirmed", "historical"):
                for target in self._of.get(m.fact, ()):
                    ev = self._timed(m, target, text, note, own)
                    if ev is not None:
                        out.append(ev)
        planned = planned_mentions([(m.fact, m.assertion, m.sentence) for m in mentions], text)
        out = same_region_only(out, self.catalog, text, planned)
        out = impression_radiculopathy(
            out, [(m.fact, m.assertion, m.section, m.start, m.end) for m in mentions], text, note
        )
        out = bare_plexopathy(
            out, [(m.fact, m.assertion, m.start, m.end) for m in mentions], text, note
        )
        out = report_study(drop_encounter_facts(out, self.catalog, text), text, note)
        return after_procedure(report_result(out, text, note), text, today, note)

    def _claim(
        self, mentions: list[Mention], times: list[TimeExpr], text: str
    ) -> dict[int, list[TimeExpr]]:
        """Each time expression belongs to the mention, in its sentence, that can carry a time and that it
        binds to best (notes/attach.py): in "neck pain, failed 6 weeks of PT" the 6 weeks are the PT's."""
        timed = [
            i
            for i, m in enumerate(mentions)
            if m.fact in self._of
            or m.kind == "dated"
            or self.catalog[m.fact].type in (FactType.duration, FactType.date)
        ]
        performed = [
            (m.start, m.end) for m in mentions if (self.catalog[m.fact].note or _NO_NOTE).performed
        ]
        claimed: dict[int, list[TimeExpr]] = defaultdict(list)
        for t in times:
            keys = {}
            for i in timed:
                m = mentions[i]
                key = attachment_key(
                    text, (m.start, m.end), m.sentence, (t.start, t.end), performed
                )
                if key is not None:
                    keys[i] = key
            if keys:
                best = min(keys.values())
                inside = [i for i, key in keys.items() if key == (0, 0, 0)]
                # a time inside several mentions ("CT chest on 10/02/2025 showed ...", read by two facts)
                # is each one's, and so is one that binds best to the same words read by several facts ("wide
                # resection 11/08/2023", a surgery and a cancer treatment); otherwise the first that binds best
                tied = [i for i, key in keys.items() if key == best]
                span = (mentions[tied[0]].start, mentions[tied[0]].end)
                tied = [i for i in tied if (mentions[i].start, mentions[i].end) == span]
                for i in inside or tied:
                    claimed[i].append(t)
        return claimed

    def mentions(self, doc: Doc) -> list[Mention]:
        sections = plan_lines_continue(_sections(doc), doc.user_data.get("text") or doc.text)
        section_starts = [start for start, _ in sections]
        text: str = doc.user_data.get("text") or doc.text
        # Span.sent walks the tokens to the sentence's ends and Span.text joins them, for every span; the
        # same sentences from one array of the note's tokens: a span's sentence runs from the last
        # sentence start at or before its first token to the first one at or after its end (as Span.sent).
        tokens = doc.to_array([IDX, LENGTH, SENT_START]).astype("int64")
        token_start = tokens[:, 0].tolist()
        token_end = (tokens[:, 0] + tokens[:, 1]).tolist()
        sentence_starts = [int(i) for i in (tokens[:, 2] == 1).nonzero()[0]]
        spans = sorted(doc.spans[SPAN_GROUP], key=lambda s: (s.start_char, -s.end_char))
        found: list[Mention] = []
        for span in spans:
            label = span.label_
            kind, value = "present", None
            if label.endswith(ABSENT):
                fact_id, kind = label[: -len(ABSENT)], "absent"
            elif label.endswith(MEASURE):
                fact_id, kind = label[: -len(MEASURE)], "measure"
            elif label.endswith(DATED):
                fact_id, kind = label[: -len(DATED)], "dated"
            elif VALUE in label:
                fact_id, value = label.split(VALUE, 1)
                kind = "value"
            else:
                fact_id = label
            start_char = span.start_char
            at = bisect_right(section_starts, start_char) - 1
            section = sections[at][1] if at >= 0 else None
            first = sentence_starts[max(0, bisect_right(sentence_starts, span.start) - 1)]
            after = bisect_left(sentence_starts, span.end)
            last = (sentence_starts[after] if after < len(sentence_starts) else len(doc)) - 1
            sentence = (token_start[first], token_end[last])
            sentence_text = text[sentence[0] : sentence[1]]
            for read_as in (fact_id, *self._included.get(fact_id, ())):
                fact = self.catalog.get(read_as)
                if fact is None or fact.note is None:
                    continue
                if fact.note.sections and section is not None and section not in fact.note.sections:
                    continue
                assertion = with_section(
                    assertion_of(span, fact, kind),
                    section,
                    sentence_text,
                    fact,
                    treated_condition(span, fact),
                )
                found.append(
                    Mention(
                        read_as,
                        kind,
                        value,
                        start_char,
                        span.end_char,
                        sentence,
                        section,
                        assertion,
                    )
                )
        # Overlapping mentions of one fact are one mention: keep the longest (an `absent` phrase such as
        # "EMG normal" wins over the "EMG" inside it).
        found.sort(key=lambda m: (m.fact, m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for m in found:
            prev = kept[-1] if kept else None
            if prev is not None and prev.fact == m.fact and m.start < prev.end:
                if _precedence(m) > _precedence(prev):
                    kept[-1] = m
                continue
            kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    # ---- values ------------------------------------------------------------------------------------
    def _direct(
        self,
        m: Mention,
        fact: Fact,
        text: str,
        note: int,
        times: list[TimeExpr],
        measures: list[Measurement],
    ) -> list[Evidence]:
        reading = fact.note
        assert reading is not None
        accepted = m.assertion in ("affirmed", "negated") or m.assertion in reading.accept
        if m.assertion == "historical":
            accepted = not reading.current
        if m.assertion == "possible" and fact.type is FactType.condition:
            accepted = True
        if not accepted:
            return []
        if m.kind == "dated":
            return self._dated(m, fact, text, note, times)
        span = (m.start, m.end)
        value: Any = None
        if reading.measure and m.assertion != "negated":
            by_quantity = {measure.quantity: measure for measure in reading.measure}
            near = _nearest(m, [x for x in measures if x.quantity in by_quantity])
            if near is not None:
                span = (min(m.start, near.start), max(m.end, near.end))
                if fact.type is FactType.number:
                    value = near.value
                else:
                    value = _meets(near.value, by_quantity[near.quantity])
                    if not value and by_quantity[near.quantity].affirm_only:
                        return []
                return [self._ev(fact, value, text, note, span, m.assertion)]
        if m.kind == "measure":
            return []  # a mention that counts only with a measurement ("absent reflexes in the legs")
        if fact.type in (FactType.duration, FactType.date):
            if m.assertion in ("negated", "possible"):
                return []
            ev = self._timed(m, fact, text, note, times)
            return [ev] if ev is not None else []
        if fact.type is FactType.number:
            # an affirmed `absent` mention is none of it ("no weight loss": 0 %)
            if m.kind == "absent" and m.assertion in ("affirmed", "historical"):
                return [self._ev(fact, 0, text, note, span, m.assertion)]
            return []
        if fact.type is FactType.enum:
            # an accepted assertion counts too ("Plan: MRS to differentiate glioma from metastasis")
            if m.kind != "value" or m.assertion not in ("affirmed", "historical", *reading.accept):
                return []
            value = m.value
        elif fact.type is FactType.condition:
            value = _condition(m)
        elif fact.type is FactType.boolean:
            value = _boolean(m)
        if value is None:
            return []
        return [self._ev(fact, value, text, note, span, m.assertion)]

    def _dated(
        self, m: Mention, fact: Fact, text: str, note: int, times: list[TimeExpr]
    ) -> list[Evidence]:
        """A `dated` mention is the fact only with a past date of its own ("MRI brain 09/30/2025")."""
        if m.assertion not in ("affirmed", "historical"):
            return []
        near = _nearest(m, [t for t in times if t.kind in ("date", "interval") and t.last])
        if near is None:
            return []
        key = attachment_key(text, (m.start, m.end), m.sentence, (near.start, near.end))
        own = (
            key is not None and key[0] == 2 and _STUDY_COMMA_DATE.fullmatch(text, m.end, near.start)
        )
        if key is None or (key[0] > 1 and not own) or key[1] > _DATED_NEAR:
            return []  # the date is its own: next to it, with no comma or "and" between
        span = (min(m.start, near.start), max(m.end, near.end))
        return [self._ev(fact, True, text, note, span, m.assertion)]

    def _timed(
        self, m: Mention, target: Fact, text: str, note: int, times: list[TimeExpr]
    ) -> Evidence | None:
        onset = target.note is not None and target.note.onset
        if target.type is FactType.duration:
            # a date some time ago is an onset only when nothing breaks it from the mention: not "spoke
            # to her 2 days ago and she stated that her pain ..."
            usable = [
                t
                for t in times
                if t.kind in ("duration", "interval")
                or (onset and t.ago and not new_clause_between(text, (m.start, m.end), t.text_span))
            ]
        else:
            usable = [t for t in times if t.last is not None]
        near = _nearest(m, usable)
        if near is None:
            return None
        if target.type is FactType.duration:
            value: Any = length_in(near, target.unit or "weeks", since_onset=onset)
        else:
            value = near.last
        if value is None:
            return None
        span = (min(m.start, near.start), max(m.end, near.end))
        return self._ev(target, value, text, note, span, m.assertion)

    @staticmethod
    def _ev(
        fact: Fact, value: Any, text: str, note: int, span: tuple[int, int], assertion: str
    ) -> Evidence:
        return Evidence.from_note(fact.id, value, text, note, span[0], span[1], assertion)


def _precedence(m: Mention) -> tuple[int, bool, bool]:
    """Of overlapping mentions of one fact the longest wins, then an `absent` one, then one that needs
    nothing next to it over one that needs a measurement or a date ("prior MRI" over the dated "MRI")."""
    return (m.end - m.start, m.kind == "absent", m.kind not in ("measure", "dated"))


def _condition(m: Mention) -> str | None:
    if m.kind == "absent":
        return "absent" if m.assertion == "affirmed" else None
    return {
        "affirmed": "known",
        "historical": "known",
        "negated": "absent",
        "possible": "suspected",
    }.get(m.assertion, "known")


def _boolean(m: Mention) -> bool | None:
    if m.kind == "absent":
        return False if m.assertion in ("affirmed", "historical") else None
    return m.assertion != "negated"


def _meets(value: float, measure: Measure) -> bool:
    checks = [
        measure.at_least is None or value >= measure.at_least,
        measure.above is None or value > measure.above,
        measure.below is None or value < measure.below,
        measure.at_most is None or value <= measure.at_most,
    ]
    return all(checks)


def _nearest(m: Mention, items: list[_Located]) -> _Located | None:
    """The item in the mention's sentence closest to it (ties: the one after the mention)."""
    best: _Located | None = None
    best_key: tuple[int, int] | None = None
    for item in items:
        key = _distance(m, item)
        if key is not None and (best_key is None or key < best_key):
            best, best_key = item, key
    return best


def _distance(m: Mention, item: TimeExpr | Measurement) -> tuple[int, int] | None:
    """How far an item is from a mention (characters, then 0 if after it), or None outside its sentence."""
    lo, hi = m.sentence
    if item.start < lo or item.end > hi:
        return None
    if item.end <= m.start:
        gap, after = m.start - item.end, 1
    elif item.start >= m.end:
        gap, after = item.start - m.end, 0
    else:
        gap, after = 0, 0
    return None if gap > _NEAR else (gap, after)


def aggregate(items: list[Evidence], catalog: Catalog) -> list[Evidence]:
    """One value per duration, date and number fact (the longest, the latest, the largest); a condition
    known somewhere is known; an `any_of` fact present somewhere is present; every other fact keeps one
    item per distinct value, so that a note that contradicts itself is reported."""
    by_fact: dict[str, list[Evidence]] = defaultdict(list)
    for item in items:
        by_fact[item.fact].append(item)
    out: list[Evidence] = []
    for fact_id, evs in by_fact.items():
        fact = catalog[fact_id]
        if fact.type in (FactType.duration, FactType.date, FactType.number):
            out.append(max(evs, key=lambda e: e.value))
            continue
        if fact.note is not None and fact.note.any_of and any(e.value in _PRESENT for e in evs):
            # one sign or condition present: others denied is no contradiction
            evs = [e for e in evs if e.value not in _DENIED]
        if fact.type is FactType.condition and any(e.value == "known" for e in evs):
            # known outranks suspected (evidence/resolve.py) and a denial elsewhere in the note, which is
            # about another level, side or time ("S1 radiculopathy ... no evidence of L5 radiculopathy")
            evs = [e for e in evs if e.value == "known"]
        elif fact.type is FactType.condition and any(e.value == "suspected" for e in evs):
            evs = [e for e in evs if e.value == "suspected"]
        seen: set[Any] = set()
        for e in evs:
            if e.value not in seen:
                seen.add(e.value)
                out.append(e)
    return out
