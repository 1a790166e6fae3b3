"""The regex gate never hides a match: with and without it, every catalog regex finds the same spans."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from priorauth.notes.regex_targets import gated_finditer, regex_rules, required_words
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root

CORPUS = Path(__file__).parents[2] / "corpus"


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts += [n["text"] for n in data.get("notes", [])]
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
    ],
)
def test_required_words(pattern: str, words: tuple[str, ...] | None) -> None:
    got = required_words(pattern)
    if words is None:
        assert got is None
    else:
        assert got is not None and {w.strip() for w in got} == set(words)


def test_gated_search_finds_what_a_full_search_finds() -> None:
    rules = regex_rules(load_catalog(policy_root() / "facts"))
    texts = corpus_texts()
    if not rules or not texts:
        pytest.skip("no regex phrases or no corpus")
    for label, rx in rules:
        gate = required_words(rx.pattern)
        for text in texts:
            full = {(m.start(), m.end()) for m in rx.finditer(text)}
            gated = {(m.start(), m.end()) for m in gated_finditer(rx, gate, text, text.lower())}
            assert gated == full, (label, rx.pattern, sorted(full - gated)[:3])


def test_a_bad_regex_phrase_is_refused_with_its_fact() -> None:
    from priorauth.notes.regex_targets import NoteRulesError
    from priorauth.policy.facts import Fact, NoteReading

    fact = Fact(
        id="x.fact", type="boolean", question="?", note=NoteReading(phrases=["/(unclosed/"])
    )
    with pytest.raises(NoteRulesError, match=r"x\.fact.*unclosed"):
        regex_rules({"x.fact": fact})
