"""ConText's token patterns, matched by first-token lookup, give spaCy's Matcher's matches in its order."""

from __future__ import annotations

import json

from spacy.matcher import Matcher

from priorauth.notes.token_patterns import TokenPatterns
from priorauth.notes.tokens import blank_english, token_texts
from priorauth.policy.loader import policy_root
from tests.notes.test_regex_targets import corpus_texts

ODD = [
    "Mother reports his father, also notes. per his mother; 3-week history, five year hx, 2 wks history",
    "Scheduled him for MRI. scheduled for EMG. Assessment/Plan: L5 vs S1, C5 or C6. Exam: no. Sent.",
]


def _context_patterns() -> list[tuple[str, list[dict[str, object]]]]:
    rules = json.loads((policy_root() / "notes" / "context_rules.json").read_text())
    rules = rules["context_rules"] if isinstance(rules, dict) else rules
    return [(f"{r['category']}_{i}", r["pattern"]) for i, r in enumerate(rules) if r.get("pattern")]


def test_the_context_patterns_match_as_spacys_matcher_matches_them() -> None:
    nlp = blank_english()
    theirs, ours = Matcher(nlp.vocab), TokenPatterns()
    for name, pattern in _context_patterns():
        theirs.add(name, [pattern])
        assert ours.add(nlp.vocab.strings.add(name), pattern), name
    for text in [*corpus_texts(), *ODD]:
        doc = nlp.make_doc(text)
        assert ours(doc, token_texts(doc)) == theirs(doc), text[:80]


def test_an_optional_first_token_matches_with_and_without_it() -> None:
    nlp = blank_english()
    ours = TokenPatterns()
    key = nlp.vocab.strings.add("FAMILY")
    ours.add(
        key, [{"LOWER": {"IN": ["his", "her"]}, "OP": "?"}, {"LOWER": "mother"}, {"LOWER": "notes"}]
    )
    doc = nlp.make_doc("Her mother notes it")
    assert ours(doc, token_texts(doc)) == [(key, 0, 3), (key, 1, 3)]


def test_patterns_it_cannot_take_are_refused_whole() -> None:
    ours = TokenPatterns()
    assert not ours.add(1, [{"LOWER": "no"}, {"POS": "NOUN"}])
    assert not ours.add(1, [{"LOWER": "no"}, {"IS_ALPHA": True, "OP": "+"}])
    assert not ours.add(1, [{"IS_PUNCT": True}, {"LOWER": "and"}])
    assert len(ours) == 0


def test_a_token_can_be_required_to_open_a_sentence() -> None:
    nlp = blank_english()
    nlp.add_pipe("priorauth_sentences")
    ours = TokenPatterns()
    key = nlp.vocab.strings.add("POSSIBLE")
    ours.add(key, [{"LOWER": "question", "IS_SENT_START": True}])
    doc = nlp("Question of myelopathy. No question about it.")
    assert ours(doc, token_texts(doc)) == [(key, 0, 1)]
