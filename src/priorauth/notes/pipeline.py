"""The medspaCy pipeline: blank English tokenizer, our sentence splitter, targets from the fact catalog,
our section headers and medspaCy's ConText with our curated rule files (policies/notes/)."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc

from priorauth.policy.facts import Catalog

# medspaCy's matchers warn on every note when one of their rule kinds (token patterns, say) is unused.
warnings.filterwarnings("ignore", message=r"\[W036\]")
# medspaCy imports PyRuSH, which logs every token at DEBUG level through the root configuration.
logging.getLogger("PyRuSH").setLevel(logging.WARNING)

from medspacy.context import ConText  # noqa: E402
from medspacy.target_matcher import TargetRule  # noqa: E402

from priorauth.notes import sentences as _sentences  # noqa: E402,F401  (registers the component)
from priorauth.notes.context import ScopedConText as _ScopedConText  # noqa: E402,F401
from priorauth.notes.phrase_targets import PhraseTargets, is_caps  # noqa: E402
from priorauth.notes.regex_targets import (  # noqa: E402
    SPAN_GROUP,
    RegexTargets,
    is_regex,
    regex_rules,
)
from priorauth.notes.scope import load_rules as load_context_rules  # noqa: E402
from priorauth.notes.sections import Sections  # noqa: E402
from priorauth.notes.sections import load_rules as load_section_rules  # noqa: E402
from priorauth.notes.tokens import blank_english  # noqa: E402

ABSENT = "|absent"
MEASURE = "|measure"
DATED = "|dated"
VALUE = "="


def target_rule(nlp: Language, phrase: str, label: str) -> TargetRule:
    """One plain or ALL CAPS phrase of the catalog as medspaCy's TargetMatcher would take it (for
    comparison: the reader matches them through notes/phrase_targets.py)."""
    if is_caps(phrase):
        return TargetRule(phrase, label, pattern=[{"ORTH": t.text} for t in nlp.make_doc(phrase)])
    return TargetRule(phrase.lower(), label)


def labelled_phrases(catalog: Catalog) -> list[tuple[str, str]]:
    """(phrase, target label) for every phrase of the catalog's `note:` blocks."""
    out: list[tuple[str, str]] = []
    for fact in catalog.values():
        reading = fact.note
        if reading is None:
            continue
        out += [(p, fact.id) for p in reading.phrases]
        out += [(p, fact.id + ABSENT) for p in reading.absent]
        for value, phrases in reading.values.items():
            out += [(p, f"{fact.id}{VALUE}{value}") for p in phrases]
        for measure in reading.measure:
            out += [(p, fact.id + MEASURE) for p in measure.phrases]
        out += [(p, fact.id + DATED) for p in reading.dated]
    return out


def catalog_rules(nlp: Language, catalog: Catalog) -> list[TargetRule]:
    """TargetRules for the plain and ALL CAPS phrases (regex phrases go to RegexTargets), for medspaCy's
    TargetMatcher."""
    return [target_rule(nlp, p, label) for p, label in labelled_phrases(catalog) if not is_regex(p)]


class ChunkTokenizer:
    """`nlp.make_doc`, with spaCy's tokenizer cache filled chunk by chunk.

    spaCy's tokenizer caches how it split each whitespace-delimited chunk, but stops caching for the rest
    of a text once any chunk hits a tokenizer exception ("Dr.", "a.m.", "'s"): in notes, that is nearly
    every chunk, so each note re-ran the prefix, suffix and infix regexes on most of its chunks (three
    quarters of tokenizing). Tokenizing the chunks not seen before apart, once, fills the cache with
    exactly what spaCy would have cached for each; the note is then tokenized as before, from the cache
    (a test compares tokens with a fresh tokenizer's). A chunk that cannot hit an exception (none is in
    it after characters that only prefixes can take off) leaves caching on for the chunks after it, so
    all those of a note are tokenized together, in one call; each of the others is tokenized alone. Once
    `limit` chunks are remembered, no more are added, which bounds the memory both caches take.
    """

    def __init__(self, nlp: Language, limit: int = 200_000) -> None:
        self.nlp = nlp
        self.limit = limit
        self.seen: set[str] = set()
        # spaCy looks an exception up for the chunk, and for what is left once prefixes and suffixes
        # are split off it; exceptions never hold whitespace, chunks neither.
        self._exceptions = ahocorasick.Automaton()
        for key in nlp.tokenizer.rules or {}:  # type: ignore[union-attr]
            if key and not any(c.isspace() for c in key):
                self._exceptions.add_word(key, len(key) - 1)
        self._exceptions.make_automaton()

    def may_hit_exception(self, chunk: str) -> bool:
        """False only when tokenizing `chunk` surely hits no exception: no exception occurs in it
        after characters that only prefixes can take off (no letter or digit, or a "$": "US$")."""
        for end, back in self._exceptions.iter(chunk):
            before = chunk[: end - back]
            if "$" in before or not any(c.isalnum() for c in before):
                return True
        return False

    def __call__(self, text: str) -> Doc:
        seen = self.seen
        chunks = text.split()
        if len(seen) < self.limit and not seen.issuperset(chunks):  # the usual case is checked in C
            new = [chunk for chunk in dict.fromkeys(chunks) if chunk not in seen]
            if new:
                seen.update(new)
                tokenizer = self.nlp.tokenizer
                plain = []
                for chunk in new:
                    if self.may_hit_exception(chunk):
                        tokenizer(chunk)
                    else:
                        plain.append(chunk)
                if plain:
                    tokenizer(" ".join(plain))
        return self.nlp.make_doc(text)


def build(catalog: Catalog, rules_dir: Path) -> Language:
    """A ready pipeline; loading takes well under a second."""
    nlp = blank_english()  # "ambulation.,FINDINGS:" split, no URL matcher (notes/tokens.py)
    nlp.add_pipe("priorauth_sentences")
    targets = nlp.add_pipe("priorauth_phrase_targets")
    assert isinstance(targets, PhraseTargets)
    targets.add([(p, label) for p, label in labelled_phrases(catalog) if not is_regex(p)])
    regexes = nlp.add_pipe("priorauth_regex_targets")
    assert isinstance(regexes, RegexTargets)
    regexes.rules = regex_rules(catalog)
    sections = nlp.add_pipe("priorauth_sections")
    assert isinstance(sections, Sections)
    sections.add(load_section_rules(rules_dir / "sections.json"))
    context: ConText = nlp.add_pipe(
        "priorauth_context",
        config={
            "rules": None,
            "input_span_type": "group",
            "span_group_name": SPAN_GROUP,
            "span_attrs": None,
        },
    )
    with nlp.select_pipes(enable=[]):  # as for the targets: its literals need only the tokenizer
        context.add(load_context_rules(rules_dir / "context_rules.json"))
    return nlp
