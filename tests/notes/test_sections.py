"""Our section headers find the sections medspaCy's Sectionizer finds with the same rules."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import spacy
from medspacy.section_detection import Sectionizer, SectionRule

from priorauth.notes.sections import SECTIONS, SectionRulesError, Sections, load_rules
from priorauth.policy.loader import policy_root
from tests.notes.test_regex_targets import corpus_texts

RULES = policy_root() / "notes" / "sections.json"


def _theirs() -> spacy.language.Language:
    nlp = spacy.blank("en")
    sectionizer: Sectionizer = nlp.add_pipe(
        "medspacy_sectionizer", config={"rules": None, "input_span_type": None, "span_attrs": None}
    )
    sectionizer.add(SectionRule.from_json(str(RULES)))
    return nlp


def _ours() -> spacy.language.Language:
    nlp = spacy.blank("en")
    sections = nlp.add_pipe("priorauth_sections")
    assert isinstance(sections, Sections)
    sections.add(load_rules(RULES))
    return nlp


def _starts(doc: spacy.tokens.Doc) -> list[tuple[int, str | None]]:
    out = []
    for section in doc._.sections:
        token = section.title_span[0]
        out.append((doc[token].idx if token < len(doc) else len(doc.text), section.category))
    return out


def test_same_sections_as_the_medspacy_sectionizer() -> None:
    theirs, ours = _theirs(), _ours()
    texts = [*corpus_texts(), "", "   ", "no header at all", "HPI: neck pain\nPlan: PT"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in texts:
            assert ours(text).user_data[SECTIONS] == _starts(theirs(text)), text[:80]


def test_a_rule_with_other_keys_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sections.json"
    path.write_text('{"section_rules": [{"literal": "plan:", "category": "plan", "pattern": "x"}]}')
    with pytest.raises(SectionRulesError, match="rule 0"):
        load_rules(path)
