"""Our ConText rules (policies/notes/context_rules.json) with the scope limits JSON cannot express.

A trigger that qualifies in both directions ("absent", "possible", "likely") stays within its clause
either way, except across a list ("possible radiculopathy, myelopathy or plexopathy").

A trigger that looks back ("normal", "is absent", "negative", "unlikely") is about the words just before
it, not across a clause: in "Strength 4/5 in the R deltoid, reflexes normal" the weakness is not normal.
It reaches back over a comma or semicolon only when it closes the clause right behind it ("mild TBI,
suspected." but not "flaccid paraplegia, absent reflexes"), into a list
("Hoffmann, clonus and Babinski negative") or when its verb is plural ("Hoffmann sign, clonus and Babinski
are absent").
"""

from __future__ import annotations

from pathlib import Path

from medspacy.context import ConTextRule
from spacy.tokens import Span

_BREAKS = {",", ";"}
_LIST_JOINS = {",", ";", "and", "or", "nor", "/"}
_PLURAL = {"are", "were"}
_CONJUNCTS = {"and", "or", "with", "plus"}
_DEGREE = {"highly", "most", "very", "quite", "also", "less", "more", "clinically", "probably"}
_LIST_ITEM = 2
_VERBS = {
    "denied"
}  # two-way triggers that govern a clause forward  # tokens: a longer stretch between commas is a clause, not a list item


def _is_list(between: Span, closed: bool = False) -> bool:
    """The words between a target and a trigger are short items joined by commas and a last 'and' or
    'or' ("Hoffmann, clonus and Babinski")."""
    item, joined = 0, closed
    for token in between:
        if token.lower_ in _LIST_JOINS:
            item = 0
            joined = joined or token.lower_ not in _BREAKS
            continue
        if token.like_num or any(c.isdigit() for c in token.text):
            return False
        item += 1
        if item > _LIST_ITEM:
            return False
    return joined


def _headed(between: Span) -> bool:
    """A colon with words after it: a label and its own value ("Babinski: negative" has none between)."""
    return any(t.text == ":" for t in between[:-1])


def _ends_clause(modifier: Span) -> bool:
    doc = modifier.doc
    after = doc[modifier.end] if modifier.end < len(doc) else None
    return after is None or after.is_punct or after.is_space or after.is_sent_start is True


def looks_back_within_clause(target: Span, modifier: Span, _between: Span) -> bool:
    """on_modifies for triggers that can look back: no reaching back across a clause break."""
    if modifier.start < target.end:
        return True  # the trigger is before the target: a forward look, not limited here
    doc = target.doc
    between = doc[target.end : modifier.start]
    return _within_clause(between, modifier)


def qualifies_within_clause(target: Span, modifier: Span, _between: Span) -> bool:
    """on_modifies for triggers that look both ways ("absent", "possible"): either way, within the clause
    ("absent sensation below T8, rectal tone decreased" leaves the rectal tone alone)."""
    if modifier.start >= target.end:
        if _opens_conjunct(modifier):
            return False  # "a compression fracture and possible epidural extension": about what follows
        return looks_back_within_clause(target, modifier, _between)
    doc = target.doc
    between = doc[modifier.end : target.start]
    if not any(t.text in _BREAKS for t in between):
        return True
    # a list may close after the target: "possible cord compression, cancer or myelopathy"
    closing = any(t.lower_ in _LIST_JOINS - _BREAKS for t in doc[target.end : target.end + 2])
    return _is_list(between, closed=closing)


def _opens_conjunct(modifier: Span) -> bool:
    """The trigger opens a new item after "and", "or" or "with" and a word follows it ("... and possible
    epidural tumor extension")."""
    doc = modifier.doc
    before = doc[modifier.start - 1] if modifier.start > 0 else None
    after = doc[modifier.end] if modifier.end < len(doc) else None
    return (
        before is not None
        and before.lower_ in _CONJUNCTS
        and after is not None
        and not (after.is_punct or after.is_space)
    )


def _within_clause(between: Span, modifier: Span) -> bool:
    if _headed(between):
        return False  # "NCS: sensory potentials absent": the trigger is about the words after the colon
    if not any(t.text in _BREAKS for t in between):
        return True
    if modifier[0].lower_ in _PLURAL:
        return True
    if all(t.text in _BREAKS or t.lower_ in _DEGREE for t in between) and _ends_clause(modifier):
        return True  # "mild traumatic brain injury, suspected;": the trigger closes its target's clause
    return _is_list(between)


def _reports_value(target: Span) -> bool:
    """A number right after the target: a result reported with its value ("A1c 5.4", "B12 612")."""
    doc = target.doc
    for token in doc[target.end : target.end + 2]:
        if token.like_num or any(c.isdigit() for c in token.text):
            return True
        if token.text not in (":", "=", "of"):
            return False
    return False


def denies_within_list(target: Span, modifier: Span, _between: Span) -> bool:
    """on_modifies for forward denials: a result reported with its value after a comma or inside a
    parenthesis is data, not one more denied item ("No diabetes (A1c 5.4), B12 612" leaves both labs
    done)."""
    if modifier.start >= target.end:
        return True
    between = target.doc[modifier.end : target.start]
    return not (any(t.text in (",", ";", "(") for t in between) and _reports_value(target))


def contrasts_clause(_target: Span, _modifier: Span, _between: Span) -> bool:
    """on_modifies for a closing contrast ("X unlikely given ..., but must be excluded", "X was considered
    ... but excluded"): it revises the whole clause before it, commas included (within its max_scope)."""
    return True


def load_rules(path: Path) -> list[ConTextRule]:
    """The curated rules, with the backward-scope limit on every rule that can look back."""
    rules: list[ConTextRule] = ConTextRule.from_json(str(path))
    for rule in rules:
        if rule.on_modifies is not None:
            continue
        if rule.direction.upper() == "BACKWARD" and rule.literal.startswith("but "):
            rule.on_modifies = contrasts_clause
            continue
        if rule.direction.upper() == "BACKWARD":
            rule.on_modifies = looks_back_within_clause
        elif rule.direction.upper() == "FORWARD" and rule.category.upper() == "NEGATED_EXISTENCE":
            rule.on_modifies = denies_within_list
        elif rule.direction.upper() == "BIDIRECTIONAL":
            # "if not better, consider surgery" and "denied visual change, bowel or bladder difficulties"
            # reach over a comma: a condition and a denial govern clauses, not one noun phrase
            spans_clauses = rule.category.upper() == "CONDITIONAL" or rule.literal in _VERBS
            rule.on_modifies = (
                looks_back_within_clause if spans_clauses else qualifies_within_clause
            )
    return rules
