"""The catalog's /regex/ phrases as a pipeline component (docs/note-reading.md)."""

import re
from collections.abc import Iterator
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from spacy.language import Language
from spacy.tokens import Doc

from priorauth.policy.facts import Catalog

SPAN_GROUP = "priorauth_targets"


class NoteRulesError(ValueError):
    """A phrase or rule file that cannot be used; the message names the fact and the phrase."""


def is_regex(phrase: str) -> bool:
    return len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/")


def _labelled(catalog: Catalog) -> list[tuple[str, str]]:
    from priorauth.notes.pipeline import labelled_phrases

    return labelled_phrases(catalog)


def regex_rules(catalog: Catalog) -> list[tuple[str, re.Pattern[str]]]:
    rules = []
    for phrase, label in _labelled(catalog):
        if not is_regex(phrase):
            continue
        try:
            rules.append((label, re.compile(phrase[1:-1], re.I)))
        except re.error as err:
            raise NoteRulesError(
                f"{label}: phrase {phrase!r} is not a valid regular expression: {err}"
            ) from None
    return rules


def required_words(pattern: str) -> tuple[str, ...] | None:
    """Lower-case strings one of which must occur in any text the pattern matches, or None if unknown.

    A gate: most regex phrases cannot match most notes. A substring test costs a microsecond where scanning
    2 KB with a case-insensitive regex that opens with an alternation costs up to a millisecond, and the
    regex then runs only in a window around each occurrence. Of all the mandatory parts of the pattern
    the gate is the one with the fewest, longest alternatives.
    """
    try:
        parsed = sre_parse.parse(pattern, re.I)
    except re.error:
        return None
    groups = [g for g in _mandatory(list(parsed)) if not any(w.strip() in _COMMON for w in g)]
    if not groups:
        return None
    return max(groups, key=_selectivity)


# Words so common in notes that a gate on them would pass every note.
_COMMON = frozenset(
    [
        "the",
        "and",
        "with",
        "was",
        "were",
        "for",
        "from",
        "this",
        "that",
        "has",
        "have",
        "had",
        "are",
        "not",
        "his",
        "her",
        "on",
        "of",
        "in",
        "to",
        "at",
        "by",
        "as",
        "or",
        "is",
        "which",
        "who",
        "she",
        "he",
        "patient",
        "pt",
        "left",
        "right",
    ]
)


def _selectivity(group: tuple[str, ...]) -> float:
    """Long words are rare, and each alternative is one more chance to pass."""
    return 2.0 * min(len(w.strip()) for w in group) - 0.5 * len(group)


def _mandatory(items: list[tuple[object, object]]) -> list[tuple[str, ...]]:
    """Every mandatory part of a parsed sequence that is plain text (3+ characters), or a group whose
    every alternative holds such a part."""
    found: list[tuple[str, ...]] = []
    literal = ""
    for op, arg in items:
        if op is sre_c.LITERAL:
            literal += chr(arg).lower()  # type: ignore[arg-type]
            continue
        if len(literal) >= 3:
            found.append((literal,))
        literal = ""
        if op is sre_c.SUBPATTERN:
            found += _mandatory(list(arg[-1]))  # type: ignore[index]
        elif op is sre_c.BRANCH:
            options: list[str] = []
            for branch in arg[1]:  # type: ignore[index]
                parts = _mandatory(list(branch))
                if not parts:
                    break
                options += list(min(parts, key=lambda words: len(tuple(words))))
            else:
                found.append(tuple(dict.fromkeys(options)))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and arg[0] >= 1:  # type: ignore[index]
            found += _mandatory(list(arg[2]))  # type: ignore[index]
    if len(literal) >= 3:
        found.append((literal,))
    return found


_WINDOW = 150  # characters either side of a gate word that a match may reach


def _windows(lowered: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            spans.append((max(0, at - _WINDOW), at + len(word) + _WINDOW))
            at = lowered.find(word, at + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def gated_finditer(
    rx: re.Pattern[str], gate: tuple[str, ...] | None, text: str, lowered: str
) -> Iterator[re.Match[str]]:
    """The matches of `rx` in `text`, searched only around the gate's words (the windows are merged, so
    no match is found twice); `lowered` is `text.lower()`, computed once per note by the caller."""
    if gate is None:
        yield from rx.finditer(text)
        return
    if not any(word in lowered for word in gate):
        return
    for lo, hi in _windows(lowered, gate):
        yield from rx.finditer(text, lo, hi)


class RegexTargets:
    """The catalog's /regex/ phrases, matched on the note text once.

    medspaCy's RegexMatcher rebuilds `doc.text` from the tokens for every pattern, which made it three
    quarters of the reading time; this component reads the text once and adds its spans to the same group.
    """

    def __init__(self, rules: list[tuple[str, re.Pattern[str]]]) -> None:
        self.rules = rules

    @property
    def rules(self) -> list[tuple[str, re.Pattern[str]]]:
        return self._rules

    @rules.setter
    def rules(self, rules: list[tuple[str, re.Pattern[str]]]) -> None:
        self._rules = rules
        self._gates = [required_words(rx.pattern) for _, rx in rules]

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("text") or doc.text
        lowered = text.lower()
        found = []
        for (label, rx), gate in zip(self._rules, self._gates, strict=True):
            for m in gated_finditer(rx, gate, text, lowered):
                span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if span is not None and len(span):
                    found.append(span)
        if found:
            group = list(doc.spans.get(SPAN_GROUP, []))
            doc.spans[SPAN_GROUP] = [*group, *found]
        return doc


# No `from __future__ import annotations` in this module: spaCy's registry reads these annotations.
@Language.factory("priorauth_regex_targets")
def _regex_targets(nlp: Language, name: str) -> RegexTargets:
    return RegexTargets([])
