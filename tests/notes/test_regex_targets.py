"""The regex gate never hides a match: with and without it, every catalog regex finds the same spans."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from priorauth.notes.regex_targets import (
    Anchor,
    RegexTargets,
    fold,
    gate_of,
    gated_finditer,
    regex_rules,
    required_words,
)
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root

CORPUS = Path(__file__).parents[2] / "corpus"
MTSAMPLES = Path(__file__).parents[3] / "shared" / "fixtures" / "mtsamples" / "notes.jsonl"


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts += [n["text"] for n in data.get("notes", [])]
    if MTSAMPLES.is_file():
        lines = MTSAMPLES.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    # Characters that re.I matches to ASCII letters, and one that str.lower() lengthens.
    texts.append("Ehlers-Danlos, \u212aLIPPEL-FEIL, İnstability, ſyrinx: MS, CT with 5/5 strength")
    return texts


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\b(?:EMG|EMGs|NCS)\b x", ("emg", "emgs", "ncs")),
        (r"(?<!venous )\bthoracic outlet syndrome\b", ("thoracic outlet syndrome",)),
        (
            r"\b(?-i:[CTLS])\d{1,2} (vertebral body )?(osteoid osteoma|chordoma)",
            ("osteoid osteoma", "chordoma"),
        ),
        (r"\d+ ?(?:weeks|wks) pregnant", ("pregnant",)),
        (r"[A-Z]\d", None),
        (r"x?", None),
    ],
)
def test_required_words(pattern: str, words: tuple[str, ...] | None) -> None:
    got = required_words(pattern)
    if words is None:
        assert got is None
    else:
        assert got is not None and {w.strip() for w in got} == set(words)


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        # where the word starts after the match's start: fixed, within a range, unbounded
        (r"\bthoracic outlet\b", {Anchor("thoracic outlet", False, 0, 0)}),
        (r"(?:left |right )?hemiparesis", {Anchor("hemiparesis", False, 0, 6)}),
        # after a repeat of a class with no upper bound: bounded by the run of that class in the note
        (r"\w+ectomy", {Anchor("ectomy", False, 1, 0, re.compile(r"[\w]*", re.I))}),
        (r"\d+\s*(?:mm|cm)", {Anchor("mm", False, 1, None), Anchor("cm", False, 1, None)}),
        # a case-sensitive part is looked for as written
        (r"(?-i:\bMS\b)(?!\s*contin)", {Anchor("MS", True, 0, 0)}),
        # a lookbehind's words lie before the match, a lookahead's inside or after it
        (
            r"(?:(?<=prior )|(?<=previous ))MRI",
            {Anchor("prior ", False, -6, -6), Anchor("previous ", False, -9, -9)},
        ),
        (r"(?<=history of )seizures?", {Anchor("history of ", False, -11, -11)}),
        (r"(?<=hx )\w", {Anchor("hx ", False, -3, -3)}),
        (r"\bT(?=\s?10\d)", {Anchor("10", False, 1, 2)}),
        (r"(?-i:\bT)(?=\s?10\d)", {Anchor("T", True, 0, 0)}),
    ],
)
def test_gate_anchors(pattern: str, anchors: set[Anchor]) -> None:
    gate = gate_of(pattern)
    assert gate is not None and set(gate.anchors) == anchors


def test_fold_keeps_lengths_and_folds_what_re_ignorecase_folds() -> None:
    text = "İı ſ \u212a ÄB é"
    assert len(fold(text)) == len(text)
    assert fold(text) == "ii s k Äb é"


def test_gated_search_finds_what_a_full_search_finds() -> None:
    rules = regex_rules(load_catalog(policy_root() / "facts"))
    texts = corpus_texts()
    if not rules or not texts:
        pytest.skip("no regex phrases or no corpus")
    for label, rx in rules:
        gate = gate_of(rx.pattern)
        for text in texts:
            full = [(m.start(), m.end()) for m in rx.finditer(text)]
            gated = [(m.start(), m.end()) for m in gated_finditer(rx, gate, text, fold(text))]
            assert gated == full, (label, rx.pattern, sorted(set(full) - set(gated))[:3])


def test_the_component_finds_what_every_rule_finds_in_rule_order() -> None:
    rules = regex_rules(load_catalog(policy_root() / "facts"))
    component = RegexTargets(rules)
    for text in corpus_texts():
        full = [(label, m.span()) for label, rx in rules for m in rx.finditer(text)]
        assert [(label, m.span()) for label, m in component.matches(text)] == full


def test_the_automaton_finds_every_occurrence_of_every_gate_word() -> None:
    component = RegexTargets(regex_rules(load_catalog(policy_root() / "facts")))
    words = {key for key, rules in component._by_word.items() if rules}
    words |= {key for needs in component._needs for words_ in needs for key in words_}
    for text in corpus_texts():
        folded = fold(text)
        expected: dict[tuple[str, bool], list[int]] = {}
        for word, case_sensitive in words:
            where, at = text if case_sensitive else folded, []
            i = where.find(word)
            while i >= 0:
                at.append(i)
                i = where.find(word, i + 1)
            if at:
                expected[(word, case_sensitive)] = at
        found = component.occurrences(text, folded)
        assert {key: sorted(at) for key, at in found.items()} == expected


def test_gates_on_constructs_find_what_a_full_search_finds() -> None:
    text = "prior MRI; previous  MRI. Hx seizure; hx pain, T 101.2, t102 MS Contin, MS. K\u212a"
    for pattern in [
        r"(?:(?<=prior )|(?<=previous ))MRI",
        r"(?<=hx )\w+",
        r"\bT(?=\s?10\d)",
        r"(?-i:\bMS\b)(?!\s*contin)",
        r"(?-i:T)\s?\d+",
        r"k+",
        r"(?:seizure|pain)s?",
        r"\b\w+(?:ure|ain)",
        r"(?-i:[A-Z])\w*ai",
        r"\d\s*(?:%|pain)",
    ]:
        rx = re.compile(pattern, re.I)
        gate = gate_of(pattern)
        full = [m.span() for m in rx.finditer(text)]
        assert [m.span() for m in gated_finditer(rx, gate, text, fold(text))] == full, pattern


def test_a_bad_regex_phrase_is_refused_with_its_fact() -> None:
    from priorauth.notes.regex_targets import NoteRulesError
    from priorauth.policy.facts import Fact, NoteReading

    fact = Fact(
        id="x.fact", type="boolean", question="?", note=NoteReading(phrases=["/(unclosed/"])
    )
    with pytest.raises(NoteRulesError, match=r"x\.fact.*unclosed"):
        regex_rules({"x.fact": fact})


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        (r"\b(?:left |right )?hemiparesis", "hlr"),
        (r"(?<![\d\/.])[0-4]\s?(?:\/|out of)\s*5\b", "01234"),
        (r"\bx-?rays?\b", "x"),
        (r"\b(?:EMG|NCS)s?\b", "en"),
        (r"\w+ectomy\b", None),  # any word character may open it
        (r"(?:\s*)?\bclonus\b", None),  # a space may open it
    ],
)
def test_a_gate_knows_the_characters_a_match_can_open_with(pattern: str, first: str | None) -> None:
    gate = gate_of(pattern)
    assert gate is not None and gate.first == first


def test_a_short_gate_word_is_looked_up_only_where_the_rules_rarer_words_occur() -> None:
    rx = re.compile(r"\bC[1-7]\s+(?:\w+\s+){0,3}?(?:metastas[ie]s|metastatic disease)\b", re.I)
    component = RegexTargets([("cancer.site_cervical_spine", rx)])
    assert ("c", False) not in component._by_word  # not scanned for in every note
    text = "C5 and C6 normal. C7 with metastatic disease. cervical C3 metastases"
    assert [m.span() for _, m in component.matches(text)] == [m.span() for m in rx.finditer(text)]
    assert list(component.matches("C5 and C6 normal, no metastatic")) == []
