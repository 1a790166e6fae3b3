"""medspaCy's ConText, with its modifier bookkeeping done without the per-pair method calls.

Half of ConText's time went to `ConTextGraph.apply_modifiers`, which asks every modifier whether it
modifies every target (`ConTextModifier.modifies`, ~1,400 calls a note), and to `update_scopes`, which
lets every pair of modifiers limit each other's scope. A modifier can only modify a target that overlaps
its scope, and can only limit a modifier whose scope overlaps its own, so this component asks only about
those pairs, in the same order, through the same medspaCy methods: the matching, the scopes, the
modifiers and the edges are medspaCy's (a test compares them with medspaCy's ConText on the corpus).
"""

from bisect import bisect_left, bisect_right
from typing import Any

from medspacy.common.util import prune_overlapping_matches
from medspacy.context import ConText, ConTextRule
from medspacy.context.context_graph import ConTextGraph
from medspacy.context.context_modifier import ConTextModifier
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from priorauth.notes.token_patterns import TokenPatterns
from priorauth.notes.tokens import token_texts


def update_scopes(graph: ConTextGraph) -> None:
    """`ConTextGraph.update_scopes`, calling `limit_scope` only where its first test passes (the scopes
    overlap, medspacy.util.tuple_overlaps); scopes change as it goes, so the test runs before each call."""
    modifiers = graph.modifiers
    for i in range(len(modifiers) - 1):
        first = modifiers[i]
        for j in range(i + 1, len(modifiers)):
            second = modifiers[j]
            a0, a1 = first._scope_start, first._scope_end
            b0, b1 = second._scope_start, second._scope_end
            if a0 <= b0 < a1 or a0 < b1 <= a1:
                first.limit_scope(second)
                a0, a1 = first._scope_start, first._scope_end
            if b0 <= a0 < b1 or b0 < a1 <= b1:
                second.limit_scope(first)


def apply_modifiers(graph: ConTextGraph) -> None:
    """`ConTextGraph.apply_modifiers` (without target-overlap pruning), asking `modifies` only of the
    targets that the modifier's final scope reaches: `modifies` is false unless the target starts or ends
    inside the scope, which needs scope start < target end and scope end > target start. Each modifier
    meets its targets in the group's order, as in medspaCy's loop over targets, then modifiers."""
    targets = list(graph.targets)  # a SpanGroup makes a new Span at each access
    by_start = sorted(range(len(targets)), key=lambda i: targets[i].start)
    starts = [targets[i].start for i in by_start]
    ends = [targets[i].end for i in by_start]
    longest = max((e - s for s, e in zip(starts, ends, strict=True)), default=0)
    for modifier in graph.modifiers:
        scope_start, scope_end = modifier._scope_start, modifier._scope_end
        # the targets that start before the scope ends and end after it starts
        first = bisect_left(starts, scope_start - longest)
        reach = bisect_left(starts, scope_end)
        for i in sorted(by_start[k] for k in range(first, reach) if ends[k] > scope_start):
            target = targets[i]
            if modifier.modifies(target):
                modifier.modify(target)
    edges = []
    for modifier in graph.modifiers:
        modifier.reduce_targets()
        for target in modifier._targets:
            edges.append((target, modifier))
    graph.edges = edges


def expand_first_set(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]] | None:
    """`[{"LOWER": {"IN": [a, b]}}, ...]` as `[{"LOWER": a}, ...]` and `[{"LOWER": b}, ...]`, or None.

    spaCy's Matcher tests a set like that with a Python call at every token of the note (the six
    token-pattern rules were two thirds of ConText's time); a plain value is compared in C. A token has
    one LOWER (ORTH, TEXT), so the expanded patterns match exactly the spans the set did, once each. An
    optional first set (`"OP": "?"`) is the patterns with it and those without it, when the token after
    it is a set of other words (so that no span is matched both ways).
    """
    if not pattern:
        return None
    first = dict(pattern[0])
    optional = first.pop("OP", None)
    if optional not in (None, "?") or len(first) != 1:
        return None
    ((attr, spec),) = first.items()
    if attr not in ("LOWER", "ORTH", "TEXT") or not isinstance(spec, dict) or set(spec) != {"IN"}:
        return None
    values = spec["IN"]
    if not all(isinstance(v, str) for v in values):
        return None
    expanded = [[{attr: v}, *pattern[1:]] for v in dict.fromkeys(values)]
    if optional is None:
        return expanded
    rest = pattern[1:]
    following = rest[0] if rest else {}
    spec = following.get(attr)
    if (
        set(following) != {attr}
        or not isinstance(spec, dict)
        or set(spec) != {"IN"}
        or set(spec["IN"]) & set(values)
    ):
        return None
    return [*expanded, *(expand_first_set(rest) or [rest])]


def sentence_scope(
    rule: ConTextRule, start: int, end: int, sentence_starts: list[int], length: int
) -> tuple[int, int]:
    """ConTextModifier's scope from its sentence (its private __set_scope without a ConText-wide
    max_scope), the sentence found by bisection instead of Token.sent's walk: from the last sentence
    start at or before `start` to the first one after it."""
    at = bisect_right(sentence_starts, start) - 1
    first = sentence_starts[at] if at >= 0 else 0
    after = bisect_right(sentence_starts, start)
    last = sentence_starts[after] if after < len(sentence_starts) else length
    limit = rule.max_scope
    direction = rule.direction.lower()
    if direction == "forward":
        scope_start, scope_end = end, last
        if limit is not None and scope_end - scope_start > limit:
            scope_end = end + limit
    elif direction == "backward":
        scope_start, scope_end = first, start
        if limit is not None and scope_end - scope_start > limit:
            scope_start = start - limit
    else:
        scope_start, scope_end = first, last
        if limit is not None and start - scope_start > limit:
            scope_start = start - limit
        if limit is not None and scope_end - end > limit:
            scope_end = end + limit
    return scope_start, scope_end


class ScopedConText(ConText):  # type: ignore[misc]
    """ConText.__call__ with the two graph steps above, and token patterns opening with a set of words
    expanded (`expand_first_set`); everything else is medspaCy's."""

    def add(self, rules: Any) -> None:
        super().add(rules)
        token_matcher = self._ConText__matcher._MedspacyMatcher__matcher
        if not hasattr(self, "token_patterns"):
            self.token_patterns = TokenPatterns()
        strings = self.nlp.vocab.strings
        for rule in [rules] if isinstance(rules, ConTextRule) else rules:
            if not isinstance(rule.pattern, list):
                continue
            if rule.on_match is None and self.token_patterns.add(
                strings.add(rule._rule_id), rule.pattern
            ):
                token_matcher.remove(rule._rule_id)
                continue
            expanded = expand_first_set(rule.pattern)
            if expanded is not None:
                token_matcher.remove(rule._rule_id)
                token_matcher.add(rule._rule_id, expanded, on_match=rule.on_match)

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """MedspacyMatcher.__call__, with the token patterns this component took (TokenPatterns) after
        those left to spaCy's Matcher."""
        matcher = self._ConText__matcher
        token_matcher = matcher._MedspacyMatcher__matcher
        matches: list[tuple[int, int, int]] = token_matcher(doc) if len(token_matcher) else []
        patterns = getattr(self, "token_patterns", None)
        if patterns is not None and len(patterns):
            matches += patterns(doc, token_texts(doc))
        matches += matcher._MedspacyMatcher__phrase_matcher(doc)
        regex_matcher = matcher._MedspacyMatcher__regex_matcher
        if regex_matcher._patterns:
            matches += regex_matcher(doc)
        if matcher._prune:
            matches = prune_overlapping_matches(matches)
        return matches

    def __call__(self, doc: Doc, targets: Any = None) -> Doc:
        if targets or self.input_span_type != "group" or self.prune_on_target_overlap:
            return super().__call__(doc, targets)  # type: ignore[no-any-return]
        graph = ConTextGraph(prune_on_modifier_overlap=False)
        graph.targets = doc.spans[self.span_group_name]
        matcher = self._ConText__matcher
        matches = self._matches(doc)
        starts = [int(i) for i in (doc.to_array([SENT_START]).astype("int64") == 1).nonzero()[0]]
        graph.modifiers = []
        for match_id, start, end in matches:
            rule = matcher.rule_map[self.nlp.vocab[match_id].text]
            scope = None if self.max_scope else sentence_scope(rule, start, end, starts, len(doc))
            graph.modifiers.append(
                ConTextModifier(
                    rule,
                    start,
                    end,
                    doc,
                    *(scope or (None, None)),
                    max_scope=self.max_scope,
                )
            )
        update_scopes(graph)
        apply_modifiers(graph)
        for target, modifier in graph.edges:
            target._.modifiers += (modifier,)
        if self.context_attributes_mapping:
            self.set_context_attributes(graph.edges)
        doc._.context_graph = graph
        return doc


# No `from __future__ import annotations` in this module: spaCy's registry reads these annotations.
Language.factory("priorauth_context")(ScopedConText)
