"""The catalog's plain and ALL CAPS phrases as one pipeline component (docs/note-reading.md).

A plain phrase matches the tokens whose lower-case text is the phrase's tokens (as medspaCy's
TargetMatcher matches it, through a spaCy PhraseMatcher on LOWER); an ALL CAPS one (`PT`, `EMG`) the tokens
written exactly so (ORTH). Both find the same spans here, in the same order (a test compares them with
medspaCy's TargetMatcher on the corpus), by another road: a PhraseMatcher needs every phrase as a Doc,
and making ~4,500 of them created ~8,700 lexemes, a quarter of building the reader. Here each phrase is
only split into its tokens, as the tokenizer would split it (a phrase of letters and single spaces, none of
its words a tokenizer exception, splits at its spaces; any other goes through the tokenizer itself), and
the note's tokens are joined into one string in which an Aho-Corasick automaton finds every phrase in one
pass in C; a match counts where it starts and ends on token boundaries.
"""

import re
from bisect import bisect_left
from itertools import accumulate

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc, Span

from priorauth.notes.regex_targets import SPAN_GROUP
from priorauth.notes.tokens import token_texts

_SEP = "\x00"  # between tokens in the joined string: no token holds it (the note's own NULs are replaced)
_LETTERS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def is_caps(phrase: str) -> bool:
    return any(c.isupper() for c in phrase) and not any(c.islower() for c in phrase)


def _offsets(tokens: list[str]) -> list[int]:
    """Where the separator before each token is in the joined string."""
    return list(accumulate((len(t) + 1 for t in tokens[:-1]), initial=0))


class _Automaton:
    """Phrases as joined token strings → the rules that match them."""

    def __init__(self) -> None:
        self.rules: dict[str, list[int]] = {}
        self.automaton: ahocorasick.Automaton | None = None

    def add(self, key: str, rule: int) -> None:
        """`key`: the phrase's tokens joined by the separator, which also opens and closes it."""
        self.rules.setdefault(key, []).append(rule)
        self.automaton = None

    def find(self, joined: str) -> list[tuple[int, int, list[int]]]:
        """(start, tokens, rules) for every phrase found in the joined string: where its opening
        separator is, and how many tokens it has. Keys and the joined string open and close with the
        separator, so every match starts and ends on token boundaries."""
        if self.automaton is None:
            if not self.rules:
                return []
            automaton = ahocorasick.Automaton()
            for key, rules in self.rules.items():
                automaton.add_word(key, (len(key) - 1, key.count(_SEP) - 1, rules))
            automaton.make_automaton()
            self.automaton = automaton
        return [(end - n, tokens, rules) for end, (n, tokens, rules) in self.automaton.iter(joined)]


class PhraseTargets:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.labels: list[int] = []  # rule → its label's string key
        self._order: list[int] = []  # rule → order of its label's first ALL CAPS phrase
        self._caps_labels: dict[int, int] = {}
        self._caps_keys: set[tuple[str, int]] = set()
        self._lower = _Automaton()
        self._orth = _Automaton()

    def tokens(self, phrase: str) -> list[str]:
        """The phrase's tokens, as the tokenizer splits it."""
        tokenizer = self.nlp.tokenizer
        rules = tokenizer.rules or {}  # type: ignore[union-attr]
        if _LETTERS.fullmatch(phrase):
            words = phrase.split(" ")
            if not any(w in rules for w in words):
                return words
        return [t.text for t in tokenizer(phrase)]

    def add(self, phrases: list[tuple[str, str]]) -> None:
        """(phrase, target label) pairs, matched in this order where several match the same tokens."""
        strings = self.nlp.vocab.strings
        for phrase, label in phrases:
            caps = is_caps(phrase)
            text = phrase if caps else phrase.lower()
            tokens = self.tokens(text)
            if not tokens:
                continue
            key, label_key = _SEP + _SEP.join(tokens) + _SEP, strings.add(label)
            if caps:  # one match per label and tokens, ordered by the label's first phrase
                if (key, label_key) in self._caps_keys:
                    continue
                self._caps_keys.add((key, label_key))
                self._caps_labels.setdefault(label_key, len(self._caps_labels))
            rule = len(self.labels)
            self.labels.append(label_key)
            self._order.append(self._caps_labels[label_key] if caps else rule)
            (self._orth if caps else self._lower).add(key, rule)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(rule, start token, end token) of every match: ALL CAPS rules first, each kind by start, end
        and rule order (as the CapsTargets and TargetMatcher components before it put them)."""
        orth = token_texts(doc)
        joined = _SEP + _SEP.join(orth) + _SEP
        if joined.count(_SEP) != len(orth) + 1:  # the note's own NULs
            orth = [t.replace(_SEP, "\x01") for t in orth]
            joined = _SEP + _SEP.join(orth) + _SEP
        offsets: list[int] | None = None  # where the separator before each token is in `joined`
        found: list[tuple[int, int, int, bool]] = []
        for automaton, caps in ((self._orth, True), (self._lower, False)):
            if caps or joined.isascii():
                hits = automaton.find(joined if caps else joined.lower())
                if hits and offsets is None:
                    offsets = _offsets(orth)
                at = offsets
            else:  # lower-casing may lengthen a token ("İ"): join the lower-case tokens
                lowered = [t.lower() for t in orth]
                hits = automaton.find(_SEP + _SEP.join(lowered) + _SEP)
                at = _offsets(lowered)
            for start, tokens, rules in hits:
                first = bisect_left(at, start)  # type: ignore[arg-type]
                found += [(first, first + tokens, rule, caps) for rule in rules]
        order = self._order
        found.sort(key=lambda m: (not m[3], m[0], m[1], order[m[2]]))
        return [(rule, first, last) for first, last, rule, _ in found]

    def __call__(self, doc: Doc) -> Doc:
        labels = self.labels
        spans = [
            Span(doc, first, last, label=labels[rule]) for rule, first, last in self.matches(doc)
        ]
        doc.spans[SPAN_GROUP] = [*doc.spans.get(SPAN_GROUP, []), *spans]  # ConText needs the group
        return doc


# No `from __future__ import annotations` in this module: spaCy's registry reads these annotations.
@Language.factory("priorauth_phrase_targets")
def _phrase_targets(nlp: Language, name: str) -> PhraseTargets:
    return PhraseTargets(nlp)
