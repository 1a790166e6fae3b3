"""Section headers: where each section of a note starts and what it is (rules in policies/notes/sections.json).

Written by hand because medspaCy's Sectionizer was a measured cost on every note: besides matching the
headers it builds a Section object per header and sets `token._.section` on every token (about a tenth
of the reading time), while the reader only needs where each section starts. This component matches
the same rules (each a `literal` and a `category`) the same way — whole tokens, case-insensitively, the
longest of overlapping headers — and records `(start character, category)` per section, with a leading
`(0, None)` for text before the first header (tests compare it with the Sectionizer on the corpus).
"""

import json
from pathlib import Path

from medspacy.common.util import prune_overlapping_matches
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

SECTIONS = "priorauth_sections"  # doc.user_data key: [(start character, category or None), ...]


class SectionRulesError(ValueError):
    """A section rule file that cannot be used; the message names the file and the rule."""


def load_rules(path: Path) -> list[tuple[str, str]]:
    """(literal, category) for every rule of a sections.json file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = []
    for i, rule in enumerate(data.get("section_rules", [])):
        if set(rule) != {"literal", "category"}:
            raise SectionRulesError(
                f"{path}: rule {i} has keys {sorted(rule)}; only literal and category are read"
            )
        rules.append((str(rule["literal"]), str(rule["category"])))
    return rules


class Sections:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.category: dict[int, str] = {}  # match id → category

    def add(self, rules: list[tuple[str, str]]) -> None:
        for literal, category in rules:
            key = f"{SECTIONS}_{len(self.category)}"
            self.category[self.nlp.vocab.strings.add(key)] = category
            self.matcher.add(key, [self.nlp.make_doc(literal.lower())])

    def __call__(self, doc: Doc) -> Doc:
        # medspaCy's pruning, as in its Sectionizer: of overlapping headers the longest stays.
        matches = prune_overlapping_matches(list(self.matcher(doc)))
        out: list[tuple[int, str | None]] = []
        if not matches or matches[0][1] != 0:
            out.append((0, None))
        for match_id, start, _ in matches:
            char = doc[start].idx if start < len(doc) else len(doc.text)
            out.append((char, self.category[match_id]))
        doc.user_data[SECTIONS] = out
        return doc


# No `from __future__ import annotations` in this module: spaCy's registry reads these annotations.
@Language.factory("priorauth_sections")
def _sections(nlp: Language, name: str) -> Sections:
    return Sections(nlp)
