"""Run a policy's golden cases through the engine, and report criteria coverage.

Coverage: for each leaf of a policy, which of TRUE / FALSE / UNKNOWN some golden case drove it to (a leaf
under a top-level node that did not apply in a case counts for nothing in that case).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from priorauth.engine.engine import Engine
from priorauth.engine.logic import Truth
from priorauth.engine.registry import CompiledPolicy
from priorauth.engine.trace import Trace
from priorauth.model.request import InvalidRequest, parse_request
from priorauth.policy.cases import CaseResult, case_request, check_case


@dataclass(slots=True)
class Coverage:
    policy: str
    seen: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    leaves: list[str] = field(default_factory=list)

    def missing(self) -> dict[str, list[str]]:
        want = ("TRUE", "FALSE", "UNKNOWN")
        return {
            leaf: [v for v in want if v not in self.seen[leaf]]
            for leaf in self.leaves
            if not set(want) <= self.seen[leaf]
        }

    def fraction(self) -> float:
        total = 3 * len(self.leaves)
        hit = sum(len(self.seen[leaf] & {"TRUE", "FALSE", "UNKNOWN"}) for leaf in self.leaves)
        return hit / total if total else 1.0


def node_results(trace: Trace) -> dict[str, str]:
    crit = trace.policy.criteria
    out = {}
    for top in crit.tops:
        applicable = trace.applicable(top)
        stack = [top]
        while stack:
            i = stack.pop()
            out[crit.nodes[i].id] = Truth(trace.results[i]).name if applicable else "NOT_APPLICABLE"
            stack.extend(crit.nodes[i].children)
    return out


def run_policy_cases(engine: Engine, policy: CompiledPolicy) -> tuple[list[CaseResult], Coverage]:
    files = policy.files
    crit = policy.criteria
    coverage = Coverage(
        policy.id,
        leaves=[n.id for n in crit.nodes if not n.children and n.id in crit.by_id],
    )
    results = []
    for case in files.cases.cases if files.cases else []:
        try:
            request = parse_request(case_request(files, case))
            line = engine.decide_lines(request)[0]
        except InvalidRequest as err:
            results.append(CaseResult(policy.id, case.id, (f"invalid request: {err}",)))
            continue
        nodes = node_results(line.trace) if line.trace is not None else {}
        if (
            line.trace is not None
            and line.trace.policy is not policy
            and case.expect.outcome != "no_policy"
        ):
            nodes = {}
        elif line.trace is not None and line.trace.policy is policy:
            for leaf in coverage.leaves:
                coverage.seen[leaf].add(nodes.get(leaf, ""))
        results.append(
            CaseResult(policy.id, case.id, tuple(check_case(line.decision, nodes, case)))
        )
    return results, coverage
