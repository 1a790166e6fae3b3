"""The catalog's plain and ALL CAPS phrases, found through one automaton, are the spans medspaCy's
TargetMatcher finds (plain phrases on LOWER, ALL CAPS ones as ORTH token patterns)."""

from __future__ import annotations

import warnings

import spacy
from medspacy.target_matcher import TargetMatcher

from priorauth.notes.phrase_targets import PhraseTargets
from priorauth.notes.pipeline import labelled_phrases, target_rule
from priorauth.notes.regex_targets import SPAN_GROUP, is_regex
from priorauth.notes.tokens import blank_english
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root
from tests.notes.test_regex_targets import corpus_texts

ODD = [
    "EMG and NCS/EMG; emg; PT x 6 weeks, pt tolerated",
    "Ehlers-Danlos, KLIPPEL-FEIL, İnstability, ſyrinx: MS, CT with 5/5 strength",
    "low back\npain, low  back pain, LOW BACK PAIN, x-ray and X - ray, \x00EMG",
]


def _phrases() -> list[tuple[str, str]]:
    catalog = load_catalog(policy_root() / "facts")
    return [(p, label) for p, label in labelled_phrases(catalog) if not is_regex(p)]


def _ours(phrases: list[tuple[str, str]]) -> spacy.language.Language:
    nlp = blank_english()
    targets = nlp.add_pipe("priorauth_phrase_targets")
    assert isinstance(targets, PhraseTargets)
    targets.add(phrases)
    return nlp


def test_every_phrase_matches_where_the_target_matcher_matched_it() -> None:
    phrases = _phrases()
    theirs = blank_english()
    matcher: TargetMatcher = theirs.add_pipe(
        "medspacy_target_matcher",
        config={"result_type": "group", "span_group_name": SPAN_GROUP, "prune": False},
    )
    with theirs.select_pipes(enable=[]):
        matcher.add([target_rule(theirs, p, label) for p, label in phrases])
    ours = _ours(phrases)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in [*corpus_texts(), *ODD]:
            their_doc, our_doc = theirs(text), ours(text)
            want = sorted((s.start, s.end, s.label_) for s in their_doc.spans.get(SPAN_GROUP, []))
            got = sorted((s.start, s.end, s.label_) for s in our_doc.spans.get(SPAN_GROUP, []))
            assert got == want, text[:80]


def test_a_phrase_is_split_as_the_tokenizer_splits_it() -> None:
    nlp = _ours([])
    targets = nlp.get_pipe("priorauth_phrase_targets")
    assert isinstance(targets, PhraseTargets)
    for phrase, _ in _phrases():
        text = phrase if phrase.isupper() else phrase.lower()
        assert targets.tokens(text) == [t.text for t in nlp.tokenizer(text)], phrase
    assert targets.tokens("cannot walk") == ["can", "not", "walk"]  # a tokenizer exception


def test_caps_phrases_match_only_as_written_and_come_first() -> None:
    nlp = _ours([("low back pain", "low_back_pain"), ("EMG", "emg_ncv.done"), ("emg", "emg_any")])
    doc = nlp("EMG of low back pain; emg. Low Back\npain")
    got = [(s.text, s.label_) for s in doc.spans[SPAN_GROUP]]
    assert got == [
        ("EMG", "emg_ncv.done"),
        ("EMG", "emg_any"),
        ("low back pain", "low_back_pain"),
        ("emg", "emg_any"),
    ]
