"""The decision table: one exhaustive function from a trace to an outcome (product.md).

  1. a contraindication, non-indication or investigational position is TRUE   → clinical_review
  2. an indication is TRUE, every requirement is TRUE and no contraindication
     is open                                                                   → approved
  3. a requirement is FALSE                                                    → clinical_review
  4. an indication is TRUE or open, and there are questions that could settle it → pended
  5. otherwise                                                                 → clinical_review
An indication is *open* when it is UNKNOWN while one of its anchors is TRUE; its questions are the
UNKNOWN leaves under the anchored part. A contraindication or non-indication can be open the same way
(a known aneurysm clip whose MR safety is not documented): it does not block, but it keeps an approval
from being given until its question is answered. The engine never denies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from priorauth.engine.logic import Truth
from priorauth.engine.trace import Trace, plain
from priorauth.policy.facts import Catalog
from priorauth.policy.schema import BLOCKING_KINDS, Kind

TRUE, FALSE, UNKNOWN = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
_KIND_LABEL = {
    Kind.contraindication: "Contraindication",
    Kind.non_indication: "Non-indication",
    Kind.position: "Policy position",
    Kind.requirement: "Requirement",
}


@dataclass(slots=True)
class Outcome:
    outcome: str
    matched: list[dict[str, Any]] = field(default_factory=list)
    unmet: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def decide(trace: Trace, catalog: Catalog) -> Outcome:
    crit = trace.policy.criteria
    policy_id = trace.policy.id
    blocking, indicated, requirements, notices, candidates, guards = [], [], [], [], [], []
    for top in crit.tops:
        if not trace.applicable(top):
            continue
        kind, value = crit.kind(top), trace.value(top)
        if kind in BLOCKING_KINDS and value is TRUE:
            blocking.append(top)
        elif kind in BLOCKING_KINDS:
            guards.append(top)
        elif kind is Kind.indication:
            candidates.append(top)
            if value is TRUE:
                indicated.append(top)
        elif kind is Kind.requirement:
            requirements.append(top)
        elif kind is Kind.notice and value is TRUE:
            notices.append(top)

    notice_reasons = [f"Note ({crit.nodes[t].id}): {plain(crit.nodes[t].text)}" for t in notices]
    if blocking:
        reasons = [
            f"{_KIND_LABEL[crit.kind(t)]} [{crit.nodes[t].id}] of {policy_id}: {plain(crit.nodes[t].text)}"
            for t in blocking
        ]
        matched = [m for t in blocking for m in _matched(trace, t)]
        reasons.append("Not approvable by the engine; routed to a clinician for review.")
        return Outcome("clinical_review", matched=matched, reasons=reasons + notice_reasons)

    req_false = [t for t in requirements if trace.value(t) is FALSE]
    req_open = [t for t in requirements if trace.value(t) is UNKNOWN]
    open_guards = [s for t in guards for s in _open_scopes(trace, t)]
    if indicated and not req_false and not req_open and not open_guards:
        matched = [m for t in indicated for m in _matched(trace, t)]
        reasons = [
            f"Meets {policy_id} {crit.nodes[t].id}: {plain(crit.nodes[t].text)}" for t in indicated
        ]
        return Outcome("approved", matched=matched, reasons=reasons + notice_reasons)

    # unmet: the indications about the patient's situation (anchor TRUE) that are not met; the rest are
    # in the trace (`--explain fails`), not in the decision, so a reviewer reads what matters
    unmet = [
        _unmet(trace, t) for t in candidates if trace.value(t) is not TRUE and _anchored(trace, t)
    ]
    if req_false:
        reasons = [
            f"Requirement {crit.nodes[t].id} of {policy_id} is not met: {plain(crit.nodes[t].text)}"
            for t in req_false
        ]
        unmet = [_unmet(trace, t) for t in req_false] + unmet
        return Outcome("clinical_review", unmet=unmet, reasons=[*reasons, _REVIEW, *notice_reasons])

    open_scopes = [s for t in candidates for s in _open_scopes(trace, t)]
    leaves = [leaf for s in open_scopes for leaf in _unknown_leaves(trace, s)]
    if indicated or open_scopes:
        leaves += [leaf for t in req_open for leaf in _unknown_leaves(trace, t)]
        leaves += [leaf for s in open_guards for leaf in _unknown_leaves(trace, s)]
    questions = _questions(trace, leaves, catalog)
    outside = _external_reasons(trace, leaves)
    if questions:
        scopes = list(dict.fromkeys(crit.nodes[s].path[0] for s in open_scopes)) or [
            crit.nodes[t].id for t in indicated
        ]
        guard_tops = list(dict.fromkeys(crit.nodes[s].top for s in open_guards))
        reasons = [
            f"{policy_id} {', '.join(scopes)} may be met; the answers to the questions would settle it.",
            *(
                f"{_KIND_LABEL[crit.kind(t)]} [{crit.nodes[t].id}] may apply and must be ruled out: "
                f"{plain(crit.nodes[t].text)}"
                for t in guard_tops
            ),
            *outside,
            *notice_reasons,
        ]
        return Outcome("pended", unmet=unmet, questions=questions, reasons=reasons)

    reasons = [*outside]
    if not candidates:
        reasons.append(f"{policy_id} states no indication that could approve this service.")
    elif not unmet:
        reasons.append(
            f"The request establishes none of the clinical situations that {policy_id} covers."
        )
    else:
        reasons.append(f"No indication of {policy_id} is met on the information given.")
    reasons += [_REVIEW, *notice_reasons]
    return Outcome("clinical_review", unmet=unmet, reasons=reasons)


_REVIEW = "Routed to a clinician for review; the engine never denies."


def _matched(trace: Trace, top: int) -> list[dict[str, Any]]:
    """Paths from the top-level node down to each TRUE leaf along TRUE nodes."""
    out = []
    stack = [top]
    while stack:
        index = stack.pop()
        flat = trace.node(index)
        true_children = [c for c in flat.children if trace.value(c) is TRUE]
        if flat.node.not_ is not None or not true_children:
            item: dict[str, Any] = {"path": list(flat.path), "text": plain(_text_of(trace, index))}
            evidence = trace.evidence_for(flat)
            if evidence:
                item["evidence"] = evidence
            out.append(item)
            continue
        stack.extend(reversed(true_children))
    return out


def _text_of(trace: Trace, index: int) -> str | None:
    flat = trace.node(index)
    while flat.text is None and flat.parent is not None:
        flat = trace.node(flat.parent)
    return flat.text


def _open_scopes(trace: Trace, top: int) -> list[int]:
    """The anchored parts of an UNKNOWN indication whose anchor is TRUE."""
    if trace.value(top) is not UNKNOWN:
        return []
    scopes = []
    for anchor in trace.policy.anchors.get(top, ()):
        if trace.value(anchor) is not TRUE:
            continue
        parent = trace.node(anchor).parent
        scope = anchor if parent is None else parent
        if trace.value(scope) is UNKNOWN and scope not in scopes:
            scopes.append(scope)
    return scopes


def _unknown_leaves(trace: Trace, index: int) -> list[int]:
    """UNKNOWN leaves that could still change the node's value (descend only into UNKNOWN children)."""
    results, nodes = trace.results, trace.policy.criteria.nodes
    out, stack = [], [index]
    while stack:
        i = stack.pop()
        if results[i] != 1:  # not UNKNOWN
            continue
        children = nodes[i].children
        if children:
            stack.extend(reversed(children))
        else:
            out.append(i)
    return out


def _questions(trace: Trace, leaves: list[int], catalog: Catalog) -> list[dict[str, Any]]:
    questions: dict[str, dict[str, Any]] = {}
    for i in leaves:
        flat = trace.node(i)
        fact = catalog.get(flat.fact) if flat.fact else None
        if fact is None or fact.derived is not None:
            continue
        q = questions.get(fact.id)
        if q is None:
            q = {"fact": fact.id, "text": fact.question, "type": fact.answer_type, "criteria": []}
            if fact.choices:
                q["choices"] = fact.choices
            if fact.unit:
                q["unit"] = fact.unit
            questions[fact.id] = q
        q["criteria"].append(flat.id)
    return list(questions.values())


def _external_reasons(trace: Trace, leaves: list[int]) -> list[str]:
    out = []
    for i in leaves:
        ext = trace.node(i).node.external
        if ext is not None:
            title = f" ({ext.title})" if ext.title else ""
            out.append(
                f"{trace.node(i).id} refers to guideline {ext.guideline}{title}, which is outside the "
                "loaded policies; a clinician must apply it."
            )
    return list(dict.fromkeys(out))


def _anchored(trace: Trace, top: int) -> bool:
    return any(trace.value(a) is TRUE for a in trace.policy.anchors.get(top, ()))


def _unmet(trace: Trace, top: int) -> dict[str, Any]:
    flat = trace.node(top)
    value = trace.value(top)
    if value is FALSE:
        failing = _false_leaves(trace, top)[:3]
        why = "not met: " + "; ".join(
            f"{trace.node(i).id} ({plain(_text_of(trace, i))[:80]})" for i in failing
        )
    else:
        facts = list(
            dict.fromkeys(
                trace.node(i).fact or f"external {trace.node(i).id}"
                for i in _unknown_leaves(trace, top)
            )
        )
        why = "not established: " + ", ".join(facts[:6]) + (" …" if len(facts) > 6 else "")
    return {"path": [flat.id], "text": plain(flat.text), "result": value.name, "why": why}


def _false_leaves(trace: Trace, index: int) -> list[int]:
    results, nodes = trace.results, trace.policy.criteria.nodes
    out, stack = [], [index]
    while stack:
        i = stack.pop()
        if results[i] != 0:  # not FALSE
            continue
        flat = nodes[i]
        if not flat.children or flat.node.not_ is not None:
            out.append(i)
        else:
            stack.extend(reversed(flat.children))
    return out
