"""Golden cases: requests beside each policy with the decision they must get, run by one shared runner
from pytest (tests/policy/test_golden.py) and from the CLI (`priorauth policy test`)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from priorauth.policy.loader import PolicyFiles
from priorauth.policy.schema import GoldenCase


def case_request(files: PolicyFiles, case: GoldenCase) -> dict[str, Any]:
    """The full request: the policy's program, the file's defaults, then the case's own fields."""
    request: dict[str, Any] = {"payer": files.manifest.program}
    if files.manifest.services:
        request["services"] = [{"code": files.manifest.services[0].code}]
    defaults = files.cases.defaults if files.cases else {}
    request.update(copy.deepcopy(defaults))
    request.update(copy.deepcopy(case.request))
    return request


@dataclass(frozen=True, slots=True)
class CaseResult:
    policy: str
    case: str
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def check_case(
    decision: dict[str, Any], node_results: dict[str, str], case: GoldenCase
) -> list[str]:
    """What differs between a decision (first service line) and the case's expectations."""
    e = case.expect
    failures = []
    if decision["outcome"] != e.outcome:
        failures.append(f"outcome {decision['outcome']} != {e.outcome}")
    matched_tops = {m["path"][0] for m in decision.get("matched", [])}
    for top in e.matched:
        if top not in matched_tops:
            failures.append(f"{top} not matched (matched: {sorted(matched_tops)})")
    asked = {q["fact"] for q in decision.get("questions", [])}
    for fact in e.questions:
        if fact not in asked:
            failures.append(f"question {fact} not asked (asked: {sorted(asked)})")
    for fact in e.no_questions:
        if fact in asked:
            failures.append(f"question {fact} asked but must not be")
    for node_id, want in e.nodes.items():
        got = node_results.get(node_id)
        if got != want:
            failures.append(f"node {node_id} is {got}, expected {want}")
    reasons = " ".join(decision.get("reasons", []))
    for text in e.reasons:
        if text.lower() not in reasons.lower():
            failures.append(f"no reason mentions {text!r}")
    for text in e.no_reasons:
        if text.lower() in reasons.lower():
            failures.append(f"a reason mentions {text!r}, which it must not")
    return failures
