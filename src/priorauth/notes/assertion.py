"""A mention's assertion: from its ConText modifiers, then from the section it sits in.

ConText categories map to our assertion names (docs/note-reading.md). Plans and conditionals are kept apart:
"MRI is planned", "will order an EMG" are plans (hypothetical), "if not better, consider surgery" and
"return if fever" are conditionals, which no fact accepts unless it says so (`accept: [conditional]`).
Sections then change the assertion: the family history makes it family, the plan makes what is not said to
be under way a plan, and in a combined assessment-and-plan section ("A/P:") a test or treatment
(`performed` facts) is a plan unless the sentence says it was done, while diagnoses stay as stated.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from priorauth.policy.facts import Fact, FactType

# ConText categories → our assertion names, strongest first.
ORDER = (
    "family",
    "conditional",
    "hypothetical",
    "negated",
    "result_negative",
    "possible",
    "historical",
)
CATEGORY = {
    "FAMILY": "family",
    "CONDITIONAL": "conditional",
    "HYPOTHETICAL": "hypothetical",
    "NEGATED_EXISTENCE": "negated",
    "RESULT_NEGATIVE": "result_negative",
    "POSSIBLE_EXISTENCE": "possible",
    "HISTORICAL": "historical",
}
# A sentence in the plan section says what will be done, unless it says the thing is under way or done.
_PLAN_DONE = re.compile(
    r"\b(?:continue[sd]?|continuing|ongoing|currently|already|completed|failed|has had|have had|s/p|status post|despite)\b",
    re.I,
)
# In an assessment-and-plan section a test or treatment was done when the sentence reports it or its result.
_REPORTED = re.compile(
    r"\b(?:showed|shows|showing|revealed|reveals|demonstrated|demonstrates|confirmed|confirms|was|were|"
    r"done|performed|obtained|reviewed|tried|received|underwent|notable for|consistent with|positive|negative)\b",
    re.I,
)


# between a study and a denial, words that open its findings: its colon or a result verb ("studies showed
# absent sural sensory responses")
_FINDING_FOLLOWS = re.compile(
    r":|\b(?:showed|shows|revealed|reveals|demonstrated|demonstrates|found|finds|notable for|with)\b",
    re.I,
)

# the words after a study's colon that deny the study itself, not a finding ("EMG: not done", "MRI: none")
_NOT_DONE = frozenset(
    {
        "not",
        "never",
        "none",
        "no",
        "n/a",
        "declined",
        "refused",
        "deferred",
        "unavailable",
        "pending",
    }
)

# between a denial and the study it was looked for on: the finding, then "(seen) on"
_FOUND_ON = re.compile(
    r"(?:[\w-]+\s+){1,5}?(?:(?:seen|noted|identified|evident|visible|demonstrated)\s+)?(?:on|by)(?:\s+(?:the|a|an|his|her|prior|recent))?\s*",
    re.I,
)


# a presumption: for a condition it is a suspicion ("cauda equina syndrome until proven otherwise"), for a
# finding the note acts on ("considered unstable until proven otherwise") it is what the note holds true
_PRESUMED = frozenset({"until proven otherwise", "until proved otherwise"})


_CONSIDER = frozenset({"consider", "will consider", "considering", "would consider"})
_ARTICLES = frozenset({"a", "an", "the", "possible", "also"})


def _considered(span: Span) -> bool:
    """The only plan word on the mention is "consider" right before it ("Consider MS", "consider an
    ulnar neuropathy"): not "consider EMG for radiculopathy", whose plan is the EMG."""
    plans = [m for m in span._.modifiers if m.category == "HYPOTHETICAL"]
    if not plans or any(m.rule.literal not in _CONSIDER for m in plans):
        return False
    doc = span.doc
    return all(
        all(t.lower_ in _ARTICLES for t in doc[m.modifier_span[1] : span.start]) for m in plans
    )


_REASON = frozenset({"for", "treat", "treating", "manage", "managing", "given", "regarding", "re"})
_REASON_GAP = 3  # tokens between "for" and the condition ("for her known cervical myelopathy")


def treated_condition(span: Span, fact: Fact) -> bool:
    """A condition a plan is for ("Continue gabapentin for her peripheral neuropathy", "PT for the L5
    radiculopathy", "given her known MS"): the plan is about the treatment, the condition is stated."""
    if fact.type is not FactType.condition:
        return False
    doc = span.doc
    for back in range(1, _REASON_GAP + 2):
        at = span.start - back
        if at < 0:
            return False
        token = doc[at]
        if token.lower_ in _REASON:
            return True
        if token.is_punct or token.is_sent_start:
            return False
    return False


def assertion_of(span: Span, fact: Fact, kind: str) -> str:
    """The assertion ConText gives a target span (a result word negates only what is not `performed`)."""
    encounter = fact.note is not None and fact.note.encounter
    performed = fact.note is not None and fact.note.performed
    found = {
        CATEGORY[m.category]
        for m in span._.modifiers
        if m.category in CATEGORY
        # a trigger that is the phrase's second word is part of what it says ("cannot undergo an MRI" is
        # "can" + "not"); medspaCy's overlap test misses a trigger wholly inside a target
        and not (m.modifier_span[0] == span.start + 1 and m.modifier_span[1] <= span.end)
        # the exam was done whatever it found: "On exam the abdominal reflexes are absent" and "no
        # myelopathy on exam" deny findings; only a denial right before it ("not examined") denies the exam
        and not (
            encounter and m.category == "NEGATED_EXISTENCE" and span.start != m.modifier_span[1]
        )
        # likewise a study that found nothing: "no instability seen on flexion-extension views" denies the
        # instability, not the views ("not on PT" still denies the PT)
        and not (
            performed
            and m.category == "NEGATED_EXISTENCE"
            and _FOUND_ON.fullmatch(span.doc[m.modifier_span[1] : span.start].text) is not None
        )
        and not (fact.type is not FactType.condition and m.rule.literal in _PRESUMED)
        # and a finding its report line denies: "NCS/EMG 09/02/2026: absent R peroneal CMAPs", "studies showed
        # absent sural responses" ("EMG: not done" and "MRI: none" still deny the study)
        and not (
            performed
            and m.category == "NEGATED_EXISTENCE"
            and m.modifier_span[0] >= span.end
            and _FINDING_FOLLOWS.search(span.doc[span.end : m.modifier_span[0]].text) is not None
            and span.doc[m.modifier_span[0]].lower_ not in _NOT_DONE
        )
    }
    if "hypothetical" in found and treated_condition(span, fact):
        found.discard("hypothetical")
    if fact.type is FactType.condition and "hypothetical" in found and _considered(span):
        # "Consider MS.", "consider a C6 radiculopathy": a diagnosis to consider is a suspicion
        found = (found - {"hypothetical"}) | {"possible"}
    if "result_negative" in found:
        found.discard("result_negative")
        if not performed and kind != "absent":
            found.add("negated")
    if (
        fact.type is FactType.condition
        and "negated" in found
        and found & {"possible", "hypothetical"}
    ):
        # the later word revises the earlier: "X unlikely ..., but must be excluded" is suspected, "X was
        # considered ... but was excluded" and "suspected X, since ruled out" are absent
        # ("no concern for X": words before it are read as nested, the outer one first)
        at, last = max(
            (m.modifier_span[0], CATEGORY[m.category])
            for m in span._.modifiers
            if CATEGORY.get(m.category) in ("negated", "possible", "hypothetical")
        )
        if at >= span.end:
            found -= {"negated", "possible", "hypothetical"} - {last}
    if (
        "possible" in found
        and fact.note is not None
        and (fact.note.dated or fact.type is FactType.date)
    ):
        # a study is done or not: "enlarging on MRI 10/28/2025 (recurrence vs radiation necrosis)" leaves
        # the differential uncertain, not the MRI or its date
        found.discard("possible")
    if "possible" in found and "hypothetical" in found and fact.type is FactType.condition:
        # a condition the plan is to look for ("Plan: MRI to rule out syrinx") is suspected, not planned
        found.discard("hypothetical")
    for name in ORDER:
        if name in found:
            return name
    return "affirmed"


def with_section(
    assertion: str, section: str | None, sentence_text: str, fact: Fact, treated: bool = False
) -> str:
    """The assertion once the mention's section is taken into account (`treated`: a condition the
    plan is for, which the plan does not make a plan)."""
    if section == "family_history" and assertion != "negated":
        return "family"
    if assertion not in ("affirmed", "historical"):
        return assertion
    if treated and section in _PLANS:
        return assertion
    if section == "plan" and not _PLAN_DONE.search(sentence_text):
        return "hypothetical"
    if (
        section == "assessment_plan"
        and fact.note is not None
        and fact.note.performed
        and not _PLAN_DONE.search(sentence_text)
        and not _REPORTED.search(sentence_text)
    ):
        return "hypothetical"
    if section in ("past_medical_history", "past_surgical_history") and assertion == "affirmed":
        return "historical"
    return assertion


_PLANS = ("plan", "assessment_plan")


def plan_lines_continue(
    sections: list[tuple[int, str | None]], text: str
) -> list[tuple[int, str | None]]:
    """Sections, where a header inside a plan's own line does not end the plan.

    "Plan: MRI C-spine. Labs: AQP4 and MOG antibodies." orders the labs: the "Labs:" there is a list of
    what is planned, not a section of results. A header glued on with a comma (",LABS:," — transcriptions
    exported with commas for line breaks) still starts its own section."""
    out: list[tuple[int, str | None]] = []
    for start, category in sections:
        if out and out[-1][1] in _PLANS and category not in _PLANS:
            opened = out[-1][0]
            before = text[opened:start]
            if "\n" not in before and not text[:start].rstrip(" ").endswith(","):
                continue
        out.append((start, category))
    return out
