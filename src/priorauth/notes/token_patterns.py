"""ConText's token-pattern rules matched by first-token lookup instead of spaCy's Matcher.

spaCy's Matcher starts every pattern at every token and makes a Token object for each token it passes:
for our ~100 patterns (16 rules, their first word sets split into one pattern each, notes/context.py)
that was a quarter of reading a note, although a pattern can only start where its first token matches.
Here the patterns are indexed by the words their first token takes (its LOWER, ORTH or TEXT, or a set of
them), each token looks its own words up, and only the patterns found are tried from it. A pattern whose
first token is a like-number test is tried from every token that looks like a number. The matches are
spaCy's Matcher's: every way each pattern matches, once per rule and span, in the order it reports them
(a test compares them on the corpus). Patterns with anything else (another attribute, an operator other
than "?") are left to spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LIKE_NUM, SENT_START
from spacy.lang.en.lex_attrs import like_num
from spacy.tokens import Doc

_TEXT_ATTRS = {"ORTH": False, "TEXT": False, "LOWER": True}  # attribute → compared lower-cased

Test = Callable[[str, str], bool]  # (token text, its lower-case) → does the token match


@dataclass(frozen=True, slots=True)
class _Token:
    test: Test
    optional: bool
    sent_start: bool | None = None  # IS_SENT_START: the token must (not) open a sentence


def _test(attr: str, spec: Any) -> Test | None:
    """The test of one attribute's spec, or None if this matcher does not take it."""
    if attr == "LIKE_NUM" and isinstance(spec, bool):
        return lambda text, _lower: bool(like_num(text)) == spec  # type: ignore[no-untyped-call]
    if attr not in _TEXT_ATTRS:
        return None
    lowered = _TEXT_ATTRS[attr]
    if isinstance(spec, str):
        return (lambda _t, lower: lower == spec) if lowered else (lambda text, _l: text == spec)
    if isinstance(spec, dict) and len(spec) == 1:
        ((kind, value),) = spec.items()
        if kind == "IN" and all(isinstance(v, str) for v in value):
            words = frozenset(value)
            return (
                (lambda _t, lower: lower in words) if lowered else (lambda text, _l: text in words)
            )
        if kind == "REGEX" and isinstance(value, str):
            rx = re.compile(value)
            if lowered:
                return lambda _t, lower: rx.search(lower) is not None
            return lambda text, _l: rx.search(text) is not None
    return None


def _token(spec: dict[str, Any]) -> _Token | None:
    spec = dict(spec)
    op = spec.pop("OP", None)
    sent_start = spec.pop("IS_SENT_START", spec.pop("SENT_START", None))
    if op not in (None, "?") or len(spec) != 1 or sent_start not in (None, True, False):
        return None
    ((attr, value),) = spec.items()
    test = _test(attr, value)
    return _Token(test, op == "?", sent_start) if test is not None else None


def _first_words(spec: dict[str, Any]) -> tuple[bool, list[str]] | None:
    """(lower-cased?, the words) a first token takes, or None when it is not a word test."""
    attr, value = next(
        (k, v) for k, v in spec.items() if k not in ("OP", "IS_SENT_START", "SENT_START")
    )
    if attr not in _TEXT_ATTRS:
        return None
    if isinstance(value, str):
        return _TEXT_ATTRS[attr], [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return _TEXT_ATTRS[attr], list(value["IN"])
    return None


class TokenPatterns:
    """Token patterns (spaCy's Matcher syntax, the subset above) under match ids."""

    def __init__(self) -> None:
        self._patterns: list[
            tuple[int, list[_Token]]
        ] = []  # (match id, tokens), in the order added
        self._by_lower: dict[str, list[int]] = defaultdict(list)  # word → patterns starting with it
        self._by_text: dict[str, list[int]] = defaultdict(list)
        self._numeric: list[int] = []  # patterns whose first token is a like-number test
        self._sentences = False  # whether a pattern asks whether a token opens a sentence

    def add(self, key: int, pattern: list[dict[str, Any]]) -> bool:
        """Take the pattern under `key`; False (and nothing taken) when it is not one this matcher takes."""
        tokens = [_token(spec) for spec in pattern]
        if not tokens or any(t is None for t in tokens):
            return False
        taken: list[_Token] = [t for t in tokens if t is not None]
        self._sentences = self._sentences or any(t.sent_start is not None for t in taken)
        starts = [0, 1] if taken[0].optional and len(taken) > 1 else [0]
        indexed: list[tuple[int, tuple[bool, list[str]] | None]] = []
        for start in starts:
            spec = pattern[start]
            if start == 0 and "LIKE_NUM" in spec:
                indexed.append((start, None))
                continue
            words = _first_words(spec)
            if words is None or (start == 1 and taken[1].optional):
                return False
            indexed.append((start, words))
        for start, words in indexed:
            index = len(self._patterns)
            rest = [_Token(taken[start].test, False, taken[start].sent_start), *taken[start + 1 :]]
            self._patterns.append((key, rest))
            if words is None:
                self._numeric.append(index)
                continue
            lowered, values = words
            for word in dict.fromkeys(values):
                (self._by_lower if lowered else self._by_text)[word].append(index)
        return True

    def __len__(self) -> int:
        return len(self._patterns)

    def __call__(self, doc: Doc, texts: list[str]) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every match: sorted by end, then start, then the order the
        patterns were added (spaCy's Matcher reports them so)."""
        if not self._patterns:
            return []
        lowers = [t.lower() for t in texts]
        n = len(texts)
        # spaCy's Matcher reads IS_SENT_START as SENT_START == 1 (-1: not a start, 0: not set)
        opens: set[int] = set()
        if self._sentences:
            opens = set((doc.to_array(SENT_START).astype("int64") == 1).nonzero()[0].tolist())
        found: set[tuple[int, int, int]] = set()
        out: list[tuple[int, int, int, int]] = []

        def ends(tokens: list[_Token], k: int, i: int) -> list[int]:
            if k == len(tokens):
                return [i]
            token = tokens[k]
            got = []
            if (
                i < n
                and (token.sent_start is None or (i in opens) == token.sent_start)
                and token.test(texts[i], lowers[i])
            ):
                got += ends(tokens, k + 1, i + 1)
            if token.optional:
                got += ends(tokens, k + 1, i)
            return got

        by_lower, by_text = self._by_lower, self._by_text
        starts: dict[int, list[int]] = {}  # token → patterns that may start there
        some_lower = by_lower.keys() & set(lowers)  # the first words that occur, found in C
        some_text = by_text.keys() & set(texts)
        for i, lower in enumerate(lowers):
            if lower in some_lower:
                starts[i] = by_lower[lower] + (by_text[texts[i]] if texts[i] in some_text else [])
            elif texts[i] in some_text:
                starts[i] = by_text[texts[i]]
        if self._numeric:  # spaCy's LIKE_NUM flag, read for every token at once
            for i in doc.to_array(LIKE_NUM).nonzero()[0].tolist():
                starts[i] = starts.get(i, []) + self._numeric
        for i, candidates in sorted(starts.items()):
            for index in candidates:
                key, tokens = self._patterns[index]
                for end in ends(tokens, 0, i):
                    if end > i and (key, i, end) not in found:
                        found.add((key, i, end))
                        out.append((end, i, index, key))
        out.sort()
        return [(key, start, end) for end, start, _, key in out]
