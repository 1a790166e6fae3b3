"""Every shipped policy's golden cases, run by the shared runner (the same one `priorauth policy test` uses)."""

from __future__ import annotations

import pytest

from priorauth.engine.engine import Engine
from priorauth.engine.golden import run_policy_cases
from priorauth.policy.loader import load_all, policy_root

POLICY_IDS = [files.id for files in load_all(policy_root())]


def top_ids(engine: Engine, policy_id: str, *kinds: str) -> set[str]:
    crit = engine.registry.by_id[policy_id].criteria
    return {crit.nodes[t].id for t in crit.tops if crit.kind(t).value in kinds}


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_golden_cases_pass(engine: Engine, policy_id: str) -> None:
    results, _ = run_policy_cases(engine, engine.registry.by_id[policy_id])
    assert results, f"{policy_id} has no golden cases"
    failures = [f"{r.case}: {'; '.join(r.failures)}" for r in results if not r.passed]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_every_indication_is_approved_by_some_case(engine: Engine, policy_id: str) -> None:
    policy = engine.registry.by_id[policy_id]
    indications = top_ids(engine, policy_id, "indication")
    cases = policy.files.cases.cases if policy.files.cases else []
    approved = {top for c in cases if c.expect.outcome == "approved" for top in c.expect.matched}
    assert indications <= approved, f"never approved by a case: {sorted(indications - approved)}"


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_every_blocking_criterion_is_exercised(engine: Engine, policy_id: str) -> None:
    policy = engine.registry.by_id[policy_id]
    blocking = top_ids(engine, policy_id, "contraindication", "non_indication", "position")
    cases = policy.files.cases.cases if policy.files.cases else []
    exercised = {
        node
        for c in cases
        if c.expect.outcome == "clinical_review"
        for node, v in c.expect.nodes.items()
        if v == "TRUE"
    } | {top for c in cases for top in c.expect.matched}
    assert blocking <= exercised, f"never driven TRUE by a case: {sorted(blocking - exercised)}"
