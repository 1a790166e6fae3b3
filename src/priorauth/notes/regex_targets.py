"""The catalog's /regex/ phrases as a pipeline component (docs/note-reading.md)."""

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick
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


# Characters that a case-insensitive regex matches to an ASCII letter: A-Z and four others.
_FOLD = str.maketrans(
    {
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
        "\u0130": "i",
        "\u0131": "i",
        "\u017f": "s",
        "\u212a": "k",
    }
)


def fold(text: str) -> str:
    """`text` with every character that `re.I` matches to an ASCII lower-case letter replaced by that
    letter, the same length as `text` (unlike `str.lower`, which lengthens "İ"): gate words are ASCII."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A word that a match may contain, and where: the word starts `lo` to `hi` characters after the
    match starts (negative inside a lookbehind; `hi` is None when the distance is unbounded). The word is
    ASCII, lower-case unless `case_sensitive`.

    With `run` (a regex of one character class, read backwards), the word follows a repeat of that
    class with no upper bound (`\\w+ectomy`): the distance is at most `hi` plus the length of the run of
    such characters that ends where the word starts in the note.
    """

    word: str
    case_sensitive: bool
    lo: int
    hi: int | None
    run: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Gate:
    """Every match of the pattern contains one of the anchors' words at the anchor's distance, and one
    of the words of `requires` somewhere (a second, rarer gate that only says whether to try at all)."""

    anchors: tuple[Anchor, ...]
    requires: tuple[Anchor, ...] = ()
    first: str | None = None  # the folded characters a match can start with (None: any)

    @property
    def bounded(self) -> bool:
        return all(a.hi is not None for a in self.anchors)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.word.lower() for a in self.anchors))


def gate_of(pattern: str) -> Gate | None:
    """Where the words that any match of `pattern` (compiled with re.I) must contain lie, or None if it
    has no such words (it then scans every note).

    A gate: most regex phrases cannot match most notes, and where they can, they can only start at a few
    places. Finding a word costs a microsecond; scanning 3 KB with a case-insensitive regex that opens
    with an alternation or a lookbehind costs up to a few hundred. With a bounded gate the regex is tried
    (`match`, not `search`) only at the starts the words' occurrences allow, which finds exactly what
    `finditer` finds; with an unbounded one it scans the note only when one of the words occurs.
    """
    return analyse(pattern)[0]


Analysis = tuple[Gate | None, list[frozenset[tuple[str, bool]]]]


def analyse(pattern: str) -> Analysis:
    """`gate_of(pattern)`, and the words of its rare gates (every gate is necessary) as sets of (word,
    case-sensitive): a note in which no word of one of these sets occurs holds no match. A gate with a
    word most notes hold says nothing and would only lengthen the scan for words, so it is left out. The
    pattern is parsed once for both."""
    try:
        parsed = sre_parse.parse(pattern, re.I)
    except re.error:
        return None, []
    if parsed.getwidth()[0] == 0:
        return None, []  # it may match empty text, which no gate can promise to find
    ci = bool(parsed.state.flags & sre_c.SRE_FLAG_IGNORECASE)
    gates = _gates(list(parsed), parsed.state, ci)
    chosen = _best(gates)
    if chosen is None:
        return None, []
    best = chosen
    if not best.bounded or _cost(best) >= _SCAN_COST:
        # Unbounded, or too many places to try: look for the words, scan the note when one occurs.
        best = Gate(tuple(Anchor(a.word, a.case_sensitive, a.lo, None) for a in best.anchors))
    # Every gate of the whole pattern is necessary: the rarest other one decides whether to try at all.
    rarest = min((g for g in gates if g is not chosen), key=_presence, default=None)
    if rarest is not None and _presence(rarest) < min(1.0, _presence(best)):
        best = Gate(best.anchors, rarest.anchors)
    # A gate is worth testing first when its words are rare, or much rarer than the chosen gate's
    # (`\b(?:C[1-7]|cervical spine ...)\s+(?:\w+\s+){0,3}?(?:metastas[ie]s ...)`: "metastas" before "c").
    chosen_count = _count(chosen)
    rare = {
        frozenset((a.word, a.case_sensitive) for a in g.anchors)
        for g in gates
        if _count(g) < _RARE or (g is not chosen and _count(g) * _RARER < chosen_count)
    }
    needs = sorted(rare, key=lambda words: sum(_occurrences(*w) for w in words))[:_NEEDS]
    return Gate(best.anchors, best.requires, _opening(parsed)), needs


_DIGITS = frozenset("0123456789")


def first_chars(pattern: str) -> str | None:
    """The folded characters a match of the pattern (compiled with re.I) can open with (None: any)."""
    try:
        return _opening(sre_parse.parse(pattern, re.I))
    except re.error:
        return None


def _opening(parsed: Any) -> str | None:
    first = _first_chars(list(parsed), parsed.state)
    return "".join(sorted(first)) if first else None


_DIGIT = re.compile(r"\d")


def _class_chars(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The characters a character class `[...]` takes, folded, or None when there are many or unknown."""
    out: set[str] = set()
    for op, av in items:
        if op is sre_c.LITERAL:
            out.add(chr(av))
        elif op is sre_c.RANGE and av[1] - av[0] < 64:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is sre_c.CATEGORY and av is sre_c.CATEGORY_DIGIT:
            out |= _DIGITS
        else:
            return None
    return out


def _first_chars(items: list[tuple[Any, Any]], state: Any) -> set[str] | None:
    """The characters, folded (ASCII only), that a match of the parsed sequence can start with; None if
    any character may, or the sequence may match empty text."""
    out: set[str] = set()
    for op, av in items:
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue  # takes no character
        empty = False
        if op is sre_c.LITERAL:
            chars: set[str] | None = {chr(av)}
        elif op is sre_c.IN:
            chars = _class_chars(av)
        elif op is sre_c.BRANCH:
            chars = set()
            for branch in av[1]:
                sub = _first_chars(list(branch), state)
                if sub is None:
                    return None
                chars |= sub
                empty = empty or sre_parse.SubPattern(state, list(branch)).getwidth()[0] == 0
        elif op in (sre_c.SUBPATTERN, sre_c.ATOMIC_GROUP):
            inner = list(av[-1] if op is sre_c.SUBPATTERN else av)
            chars = _first_chars(inner, state)
            empty = sre_parse.SubPattern(state, inner).getwidth()[0] == 0
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            chars = _first_chars(list(av[2]), state)
            empty = av[0] == 0 or sre_parse.SubPattern(state, list(av[2])).getwidth()[0] == 0
        else:
            return None
        if chars is None or any(not c.isascii() for c in chars):
            return None
        out |= {c.lower() for c in chars}
        if not empty:
            return out
    return None


_SHORT = 3  # characters: a gate word this short is found only when the rule's rare words are there
_RARE = 1.0  # a gate whose words a note holds less than once on average (_occurrences)
_RARER = 4  # times rarer than the chosen gate's words
_NEEDS = 3  # the rarest gates tested


def required_words(pattern: str) -> tuple[str, ...] | None:
    """Lower-case strings one of which must occur in any text the pattern matches, or None if unknown."""
    gate = gate_of(pattern)
    return gate.words if gate else None


# Words so common in notes that a gate on them passes every note.
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
# Clinical words that most notes hold a few times (exam and imaging findings, symptoms).
_FREQUENT = frozenset(
    [
        "normal",
        "abnormal",
        "negative",
        "positive",
        "unremarkable",
        "pain",
        "spine",
        "cervical",
        "lumbar",
        "thoracic",
        "back",
        "neck",
        "disc",
        "stenosis",
        "numbness",
        "weakness",
        "tingling",
        "exam",
        "history",
        "mild",
        "moderate",
        "severe",
    ]
)
_SCAN_COST = 300.0  # a whole-note scan, in regex attempts at one position


def _occurrences(word: str, case_sensitive: bool) -> float:
    """A rough count of a word's occurrences in a note of a few KB: short and common words are frequent."""
    n = len(word.strip())
    count = {0: _SCAN_COST, 1: 60.0, 2: 20.0, 3: 5.0, 4: 1.5, 5: 0.5}.get(n, 0.2 if n < 8 else 0.05)
    if word.strip().lower() in _COMMON:
        count = max(count, 20.0)
    elif word.strip().lower() in _FREQUENT:
        count = max(count, 3.0)
    return count / 5 if case_sensitive else count


def _count(gate: Gate) -> float:
    """How often a note holds one of the gate's words (occurrences)."""
    return sum(_occurrences(a.word, a.case_sensitive) for a in gate.anchors)


def _presence(gate: Gate) -> float:
    """How likely a note holds one of the gate's words (occurrences, capped at 1)."""
    return min(1.0, sum(_occurrences(a.word, a.case_sensitive) for a in gate.anchors))


def _cost(gate: Gate) -> float:
    """Regex attempts per note: one per start a bounded gate allows, a scan when an unbounded one's
    words occur."""
    if not gate.bounded:
        return _SCAN_COST * _presence(gate)
    return sum(
        _occurrences(a.word, a.case_sensitive) * (a.hi - a.lo + 1 + (_RUN if a.run else 0))  # type: ignore[operator]
        for a in gate.anchors
    )


_RUN = 10  # characters a class repeat such as \w+ typically takes


def _best(gates: list[Gate]) -> Gate | None:
    return min(gates, key=_cost) if gates else None


def _shift(
    gate: Gate, lo: int, hi: int | None, run: tuple[re.Pattern[str], int] | None = None
) -> Gate:
    """The gate of an item that starts `lo` to `hi` characters into the match. With `run`, the item
    follows an unbounded class repeat that starts at most `run[1]` characters in (so `hi` is None): an
    anchor at the item's very start keeps a bound through the run."""
    anchors = []
    for a in gate.anchors:
        if hi is None and run is not None and a.lo == a.hi == 0 and a.run is None:
            anchors.append(Anchor(a.word, a.case_sensitive, a.lo + lo, run[1], run[0]))
        elif a.hi is None or hi is None:
            anchors.append(Anchor(a.word, a.case_sensitive, a.lo + lo, None))
        else:
            anchors.append(Anchor(a.word, a.case_sensitive, a.lo + lo, a.hi + hi, a.run))
    return Gate(tuple(anchors))


_CATEGORIES = {
    sre_c.CATEGORY_WORD: r"\w",
    sre_c.CATEGORY_NOT_WORD: r"\W",
    sre_c.CATEGORY_DIGIT: r"\d",
    sre_c.CATEGORY_NOT_DIGIT: r"\D",
    sre_c.CATEGORY_SPACE: r"\s",
    sre_c.CATEGORY_NOT_SPACE: r"\S",
}


def _class_run(item: tuple[Any, Any], flags: int) -> re.Pattern[str] | None:
    """For a repeat with no upper bound of one character class (`\\w+`, `\\s*`, `[a-z]+`), a regex that
    matches a run of that class; else None."""
    op, arg = item
    if op not in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
        return None
    if arg[1] != sre_c.MAXREPEAT or len(arg[2]) != 1:
        return None
    inner_op, inner = arg[2][0]
    if inner_op is sre_c.LITERAL:
        body = re.escape(chr(inner))
    elif inner_op is sre_c.IN:
        parts = []
        for i, (o, a) in enumerate(inner):
            if o is sre_c.NEGATE and i == 0:
                parts.append("^")
            elif o is sre_c.LITERAL:
                parts.append(re.escape(chr(a)))
            elif o is sre_c.RANGE:
                parts.append(re.escape(chr(a[0])) + "-" + re.escape(chr(a[1])))
            elif o is sre_c.CATEGORY and a in _CATEGORIES:
                parts.append(_CATEGORIES[a])
            else:
                return None
        body = "[" + "".join(parts) + "]"
    else:
        return None
    return re.compile(f"{body}*", flags)


def _width(state: Any, item: tuple[Any, Any]) -> tuple[int, int | None]:
    lo, hi = sre_parse.SubPattern(state, [item]).getwidth()
    return lo, (None if hi >= sre_c.MAXREPEAT else hi)


def _gates(items: list[tuple[Any, Any]], state: Any, ci: bool) -> list[Gate]:
    """Every gate of a parsed sequence, distances from the sequence's start: each run of ASCII literal
    characters, and the gates of its mandatory parts (groups, alternations whose every branch has one,
    repeats of at least one, lookaheads and lookbehinds)."""
    found: list[Gate] = []
    lo: int = 0
    hi: int | None = 0  # lo, hi: the distance of the current item from the sequence's start
    run = ""  # the literal characters so far, and whether they are case-sensitive (None: no letter yet)
    run_cs: bool | None = None
    run_at: tuple[int, int | None] = (0, 0)
    run_after: tuple[re.Pattern[str], int] | None = None  # the class repeat the literal run follows
    after: tuple[re.Pattern[str], int] | None = None  # the class repeat just passed, if any
    flags = state.flags & re.ASCII

    def close() -> None:
        if run:
            anchor = Anchor(run, bool(run_cs), *run_at)
            if run_after is not None and run_at[1] is None:
                anchor = Anchor(run, bool(run_cs), run_at[0], run_after[1], run_after[0])
            found.append(Gate((anchor,)))

    for op, arg in items:
        if op is sre_c.LITERAL and arg < 128:
            char = chr(arg)
            cs = (not ci) if char.isalpha() else None
            if run and cs is not None and run_cs is not None and cs != run_cs:
                close()
                run, run_cs = "", None
            if not run:
                run_at, run_after = (lo, hi), after
            run += char if cs else char.lower()
            run_cs = run_cs if cs is None else cs
            lo, hi = lo + 1, None if hi is None else hi + 1
            after = None
            continue
        close()
        run, run_cs, run_after = "", None, None
        sub: list[Gate] = []
        if op is sre_c.SUBPATTERN:
            _, add_flags, del_flags, p = arg
            inner = ci
            if add_flags & sre_c.SRE_FLAG_IGNORECASE:
                inner = True
            if del_flags & sre_c.SRE_FLAG_IGNORECASE:
                inner = False
            sub = _gates(list(p), state, inner)
        elif op is sre_c.ATOMIC_GROUP:
            sub = _gates(list(arg), state, ci)
        elif op is sre_c.BRANCH:
            branches = [_best(_gates(list(b), state, ci)) for b in arg[1]]
            if all(branches):
                sub = [Gate(tuple(dict.fromkeys(a for g in branches if g for a in g.anchors)))]
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            if arg[0] >= 1:
                sub = _gates(list(arg[2]), state, ci)
        elif op is sre_c.ASSERT:
            direction, p = arg
            inner_gates = _gates(list(p), state, ci)
            if direction == 1:
                sub = inner_gates
            else:  # a lookbehind has a fixed width and ends where it stands
                width = p.getwidth()[0]
                sub = [_shift(g, -width, -width) for g in inner_gates]
        found += [_shift(g, lo, hi, after) for g in sub]
        w_lo, w_hi = _width(state, (op, arg))
        cls = _class_run((op, arg), (re.I if ci else 0) | flags) if hi is not None else None
        after = (cls, hi) if cls is not None and hi is not None else None
        lo, hi = lo + w_lo, None if hi is None or w_hi is None else hi + w_hi
    close()
    return found


def _occurrences_in(haystack: str, word: str) -> list[int]:
    found = []
    at = haystack.find(word)
    while at >= 0:
        found.append(at)
        at = haystack.find(word, at + 1)
    return found


class _Reversed:
    """The note read backwards, made when first needed."""

    def __init__(self, text: str) -> None:
        self._forwards = text
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._forwards[::-1]
        return self._text


def _starts(anchor: Anchor, positions: list[int], into: set[int], backwards: _Reversed) -> None:
    assert anchor.hi is not None
    lo, hi = anchor.lo, anchor.hi
    if anchor.run is None and lo == hi:
        into.update([at - lo for at in positions if at >= lo])
        return
    if anchor.run is None:
        for at in positions:
            into.update(range(max(0, at - hi), at - lo + 1))
        return
    text = backwards.text
    n = len(text)
    for at in positions:
        m = anchor.run.match(text, n - at)  # the class run that ends at `at`, read backwards
        length = m.end() - m.start() if m else 0
        into.update(range(max(0, at - anchor.hi - length), at - anchor.lo + 1))


def _match_at(
    rx: re.Pattern[str],
    starts: set[int],
    text: str,
    folded: str | None = None,
    first: str | None = None,
) -> Iterator[re.Match[str]]:
    """What `rx.finditer(text)` yields when every match starts at one of `starts`: the leftmost match
    at or after the end of the previous one (no pattern with a gate matches empty text). With `first`
    (Gate.first) and `folded` (fold(text)), a start whose character no match can open with is skipped
    without calling the regex."""
    yield from _match_in_order(rx, _openings(starts, folded, first), text)


def _openings(starts: set[int], folded: str | None, first: str | None) -> list[int]:
    """The starts, in order, without those whose character no match can open with."""
    if first is not None and folded is not None:
        n = len(folded)
        starts = {s for s in starts if s < n and (folded[s] in first or not folded[s].isascii())}
    return sorted(starts)


def _match_in_order(rx: re.Pattern[str], starts: list[int], text: str) -> Iterator[re.Match[str]]:
    floor = 0
    match = rx.match
    for start in starts:
        if start >= floor and (m := match(text, start)) is not None:
            yield m
            floor = m.end()


def gated_finditer(
    rx: re.Pattern[str], gate: Gate | None, text: str, folded: str
) -> Iterator[re.Match[str]]:
    """The matches of `rx` in `text`, exactly those of `rx.finditer(text)`, found through the gate;
    `folded` is `fold(text)`, computed once per note by the caller."""
    if gate is None:
        yield from rx.finditer(text)
        return

    def present(a: Anchor) -> bool:
        return (text if a.case_sensitive else folded).find(a.word) >= 0

    if gate.requires and not any(present(a) for a in gate.requires):
        return
    found = {a: _occurrences_in(text if a.case_sensitive else folded, a.word) for a in gate.anchors}
    if not any(found.values()):
        return
    if not gate.bounded:
        yield from rx.finditer(text)
        return
    starts: set[int] = set()
    backwards = _Reversed(text)
    for anchor, positions in found.items():
        _starts(anchor, positions, starts, backwards)
    yield from _match_at(rx, starts, text, folded, gate.first)


class RegexTargets:
    """The catalog's /regex/ phrases, matched on the note text once.

    medspaCy's RegexMatcher rebuilds `doc.text` from the tokens for every pattern, which made it three
    quarters of the reading time; this component reads the text once and adds its spans to the same group.
    All the gates' words are found in one scan of the note, so that of ~650 regexes only those whose words
    occur are tried, and only where they let a match start (`gate_of`).
    """

    def __init__(self, rules: list[tuple[str, re.Pattern[str]]]) -> None:
        self.rules = rules

    @property
    def rules(self) -> list[tuple[str, re.Pattern[str]]]:
        return self._rules

    @rules.setter
    def rules(self, rules: list[tuple[str, re.Pattern[str]]]) -> None:
        from priorauth.notes.gate_cache import analyses  # it reads this module's code

        self._rules = rules
        analysed = analyses([rx.pattern for _, rx in rules])
        self._gates = [gate for gate, _ in analysed]
        self._ungated = {i for i, gate in enumerate(self._gates) if gate is None}
        # the characters a match can open with (Gate.first; for a rule without a gate, from its pattern)
        self._first = [
            gate.first if gate is not None else first_chars(rx.pattern)
            for gate, (_, rx) in zip(self._gates, rules, strict=True)
        ]
        # Every gate of a rule is necessary: a rule is tried only when each has a word in the note.
        self._needs = [needs for _, needs in analysed]
        # (word, case-sensitive) → the rules whose gate has it: (rule, anchor). A short word of a rule
        # that also needs a rare word ("c" of `\b(?:C[1-7]|cervical spine...)\s+...metastas[ie]s`) is
        # not scanned for: most notes hold it dozens of times, and most hold no rare word, so it is
        # looked up (str.find) only in a note where the rule's rare words occur.
        needed = {w for needs in self._needs for words in needs for w in words}
        self._by_word: dict[tuple[str, bool], list[tuple[int, Anchor]]] = defaultdict(list)
        self._deferred: dict[int, list[Anchor]] = defaultdict(list)
        for i, gate in enumerate(self._gates):
            for anchor in gate.anchors if gate else ():
                key = (anchor.word, anchor.case_sensitive)
                if self._needs[i] and len(anchor.word) <= _SHORT and key not in needed:
                    self._deferred[i].append(anchor)
                else:
                    self._by_word[key].append((i, anchor))
        # One scan of the folded note finds every case-insensitive gate word, one of the note as written
        # every case-sensitive one: an Aho-Corasick automaton of the words reports every occurrence of
        # each, overlapping ones too, in one pass in C (a test holds it to a regex scan of the words).
        self._scans: list[tuple[bool, Any]] = []
        sought = set(self._by_word).union(*(w for needs in self._needs for w in needs))
        for case_sensitive in (False, True):
            words = sorted({w for w, cs in sought if cs == case_sensitive})
            if not words:
                continue
            automaton = ahocorasick.Automaton()
            for word in words:
                automaton.add_word(word, ((word, case_sensitive), len(word) - 1))
            automaton.make_automaton()
            self._scans.append((case_sensitive, automaton))

    def occurrences(self, text: str, folded: str) -> dict[tuple[str, bool], list[int]]:
        """(gate word, case-sensitive) → where the word starts in the note, for every word that occurs."""
        positions: dict[tuple[str, bool], list[int]] = defaultdict(list)
        for case_sensitive, automaton in self._scans:
            for end, (key, back) in automaton.iter(text if case_sensitive else folded):
                positions[key].append(end - back)
        return positions

    def matches(self, text: str) -> Iterator[tuple[str, re.Match[str]]]:
        """(label, match) for every rule, in rule order, each rule's matches in text order: exactly what
        each rule's `finditer` finds."""
        folded = fold(text)
        positions = self.occurrences(text, folded)
        # The starts an anchor allows are the same for every rule with that anchor ("mri" 0-9 characters
        # in): worked out once a note, a rule's starts are those of its anchors together.
        allowed: dict[Anchor, set[int]] = {}
        parts: dict[int, list[set[int]]] = defaultdict(list)
        whole: set[int] = set()  # rules to run on the whole note
        backwards = _Reversed(text)
        present = positions.keys()
        needs = self._needs

        def allow(rule: int, anchor: Anchor, found: list[int]) -> None:
            if anchor.hi is None:
                whole.add(rule)  # gate_of bounds all of a gate's anchors or none
                return
            got = allowed.get(anchor)
            if got is None:
                got = allowed[anchor] = set()
                _starts(anchor, found, got, backwards)
            parts[rule].append(got)

        live: dict[int, bool] = {}

        def alive(rule: int) -> bool:
            """Every rare word set of the rule has a word in the note."""
            ok = live.get(rule)
            if ok is None:
                words = needs[rule]
                ok = live[rule] = not words or not any(present.isdisjoint(w) for w in words)
            return ok

        found_late: dict[tuple[str, bool], list[int]] = {}
        for rule, anchors in self._deferred.items():
            if not alive(rule):
                continue
            for anchor in anchors:
                key = (anchor.word, anchor.case_sensitive)
                if key not in found_late:
                    where = text if anchor.case_sensitive else folded
                    found_late[key] = _occurrences_in(where, anchor.word)
                if found_late[key]:
                    allow(rule, anchor, found_late[key])
        for key, found in positions.items():
            for rule, anchor in self._by_word.get(key, ()):
                if alive(rule):
                    allow(rule, anchor, found)
        starts = {
            rule: sets[0] if len(sets) == 1 else set().union(*sets) for rule, sets in parts.items()
        }
        digits: list[int] | None = None
        for i in whole.difference(starts) | self._ungated:
            first = self._first[i]
            if first is not None and _DIGITS.issuperset(first):
                # a scan of the whole note that can only start at a digit: try it at the note's digits
                if digits is None:
                    digits = [m.start() for m in _DIGIT.finditer(text)]
                starts[i] = set(digits)
        ordered: dict[tuple[int, str | None], list[int]] = {}  # rules that share starts share these
        for i in sorted(whole.union(starts, self._ungated)):
            label, rx = self._rules[i]
            if i in starts:
                shared = (id(starts[i]), self._first[i])
                at = ordered.get(shared)
                if at is None:
                    at = ordered[shared] = _openings(starts[i], folded, self._first[i])
                for m in _match_in_order(rx, at, text):
                    yield label, m
            else:
                for m in rx.finditer(text):
                    yield label, m

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("text") or doc.text
        found = []
        for label, m in self.matches(text):
            # a group named `mention` is the words that state the fact (the rest only has to be there)
            start, end = (
                m.span("mention")
                if "mention" in m.re.groupindex and m.start("mention") >= 0
                else m.span()
            )
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
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
