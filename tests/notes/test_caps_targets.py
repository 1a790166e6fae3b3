"""ALL CAPS phrases through a PhraseMatcher on ORTH find what medspaCy's token patterns found."""

from __future__ import annotations

import warnings

import spacy
from medspacy.target_matcher import TargetMatcher

from priorauth.notes.caps_targets import CapsTargets
from priorauth.notes.pipeline import _is_caps, labelled_phrases, target_rule
from priorauth.notes.regex_targets import SPAN_GROUP, is_regex
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root
from tests.notes.test_regex_targets import corpus_texts


def test_caps_phrases_match_as_the_token_patterns_did() -> None:
    phrases = [
        (p, label)
        for p, label in labelled_phrases(load_catalog(policy_root() / "facts"))
        if _is_caps(p) and not is_regex(p)
    ]
    theirs = spacy.blank("en")
    matcher: TargetMatcher = theirs.add_pipe(
        "medspacy_target_matcher",
        config={"result_type": "group", "span_group_name": SPAN_GROUP, "prune": False},
    )
    matcher.add([target_rule(theirs, p, label) for p, label in phrases])
    ours = spacy.blank("en")
    caps = ours.add_pipe("priorauth_caps_targets")
    assert isinstance(caps, CapsTargets)
    caps.add(phrases)
    texts = [*corpus_texts(), "EMG and NCS/EMG; emg; PT x 6 weeks, pt tolerated"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in texts:
            their_doc, our_doc = theirs(text), ours(text)
            want = {(s.start, s.end, s.label_) for s in their_doc.spans.get(SPAN_GROUP, [])}
            got = [(s.start, s.end, s.label_) for s in our_doc.spans.get(SPAN_GROUP, [])]
            assert len(got) == len(set(got)) and set(got) == want, text[:80]
