"""The decision table and routing, on the fixture policy (tests/fixtures/policies), which has one of
every node kind: contraindication, anchored indications, at-least, elapsed timing, an external
cross-reference, a requirement, a combination-only indication and a notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from priorauth.engine.engine import Engine
from priorauth.model.request import InvalidRequest, parse_request

REQUEST_DATE = dt.date(2025, 11, 3)


def decide(engine: Engine, explain: Any = None, **fields: Any) -> dict[str, Any]:
    request = {
        "payer": "healthhelp",
        "request_date": REQUEST_DATE.isoformat(),
        "patient": {"birth_date": "1970-01-01", "sex": "female"},
        "services": [{"code": "73721"}],
        "diagnoses": ["M25.561"],  # pain in right knee: establishes knee_pain
        "answers": {"clinical_evaluation.done": True},
    }
    answers = fields.pop("answers", {})
    request.update(fields)
    request["answers"] = {**request["answers"], **answers}  # type: ignore[dict-item]
    return engine.decide(parse_request(request), explain=explain)


def line(result: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return result["decisions"][index]


def test_an_indication_met_approves_with_path_text_and_evidence(knee: Engine) -> None:
    d = line(decide(knee, answers={"knee_locking": True}))
    assert d["outcome"] == "approved"
    paths = [m["path"] for m in d["matched"]]
    assert ["1", "1.knee-pain"] in paths and ["1", "1.any", "1.b"] in paths
    knee_pain = next(m for m in d["matched"] if m["path"][-1] == "1.knee-pain")
    assert knee_pain["text"] == "Knee pain"
    assert knee_pain["evidence"] == [
        {"fact": "knee_pain", "value": True, "source": "icd10", "code": "M25.561"}
    ]
    assert d["policy"]["id"] == "fixture-knee-mri"
    assert d["due"] == "2025-11-10T00:00:00Z"


def test_an_anchored_indication_with_gaps_pends_with_only_its_questions(knee: Engine) -> None:
    d = line(decide(knee))
    assert d["outcome"] == "pended"
    asked = [q["fact"] for q in d["questions"]]
    assert asked == ["pt.weeks", "pt.last_date", "knee_locking"]
    # indications whose anchor is not established are not asked about
    assert "infection" not in asked and "surgery.date" not in asked
    weeks = d["questions"][0]
    assert (
        weeks["type"] == "integer"
        and weeks["unit"] == "weeks"
        and weeks["criteria"] == ["1.a.weeks"]
    )


def test_without_an_anchor_nothing_is_asked_and_a_clinician_reviews(knee: Engine) -> None:
    d = line(decide(knee, diagnoses=["Z00.00"]))
    assert d["outcome"] == "clinical_review"
    assert d["questions"] == []
    # indications whose clinical situation is not established are not listed as unmet
    assert d["unmet"] == []
    assert any("establishes none of the clinical situations" in r for r in d["reasons"])


def test_a_negated_fact_is_false_not_unknown(knee: Engine) -> None:
    d = line(decide(knee, answers={"knee_locking": False, "pt.weeks": 2}))
    assert d["outcome"] == "clinical_review"
    unmet = next(u for u in d["unmet"] if u["path"] == ["1"])
    assert unmet["result"] == "FALSE" and "1.b" in unmet["why"]


@pytest.mark.parametrize(
    ("last_pt", "outcome"),
    [
        ("2025-05-03", "approved"),  # exactly 6 months before the request date
        ("2025-05-02", "clinical_review"),  # one day more
        ("2025-11-03", "approved"),  # the request date itself
        (
            "2025-11-04",
            "clinical_review",
        ),  # after the request date is not "within the last 6 months"
    ],
)
def test_six_month_window_boundaries(knee: Engine, last_pt: str, outcome: str) -> None:
    answers = {"pt.weeks": 6, "pt.last_date": last_pt, "knee_locking": False}
    assert line(decide(knee, answers=answers))["outcome"] == outcome


@pytest.mark.parametrize(("weeks", "outcome"), [(6, "approved"), (5.9, "clinical_review")])
def test_six_week_duration_boundary(knee: Engine, weeks: float, outcome: str) -> None:
    answers = {"pt.weeks": weeks, "pt.last_date": "2025-10-01", "knee_locking": False}
    assert line(decide(knee, answers=answers))["outcome"] == outcome


@pytest.mark.parametrize(("days", "outcome"), [(90, "approved"), (91, "clinical_review")])
def test_ninety_day_boundary(knee: Engine, days: int, outcome: str) -> None:
    surgery = (REQUEST_DATE - dt.timedelta(days=days)).isoformat()
    answers = {"surgery.date": surgery, "knee_pain": False}
    assert line(decide(knee, diagnoses=["Z00.00"], answers=answers))["outcome"] == outcome


def test_timing_is_measured_from_the_request_date_not_today(knee: Engine) -> None:
    answers = {"surgery.date": "2020-01-10", "knee_pain": False}
    d = line(decide(knee, request_date="2020-02-01", diagnoses=["Z00.00"], answers=answers))
    assert d["outcome"] == "no_policy"  # the policy is effective only from 2025-01-01
    assert "only from 2025-01-01" in d["reasons"][0]


def test_at_least_two_of_three(knee: Engine) -> None:
    two = {"knee_pain": False, "swelling": True, "effusion": True}
    assert line(decide(knee, answers=two))["matched"][0]["path"][0] == "4"
    one = {"knee_pain": False, "swelling": True, "effusion": False, "instability": False}
    assert line(decide(knee, answers=one))["outcome"] == "clinical_review"


def test_a_contraindication_blocks_an_otherwise_approvable_request(knee: Engine) -> None:
    d = line(decide(knee, answers={"knee_locking": True, "mri_safety.pacemaker": True}))
    assert d["outcome"] == "clinical_review"
    assert d["reasons"][0].startswith("Contraindication [contra.pacemaker]")
    assert d["matched"][0]["path"] == ["contra.pacemaker"]


def test_requirement_unknown_pends_with_its_question(knee: Engine) -> None:
    request = {
        "payer": "healthhelp",
        "request_date": "2025-11-03",
        "patient": {"birth_date": "1970-01-01"},
        "services": [{"code": "73721"}],
        "diagnoses": ["M25.561"],
        "answers": {"knee_locking": True},
    }
    d = knee.decide(parse_request(request))["decisions"][0]
    assert d["outcome"] == "pended"
    assert [q["fact"] for q in d["questions"]] == ["clinical_evaluation.done"]
    request["answers"] = {"knee_locking": True, "clinical_evaluation.done": False}
    d = knee.decide(parse_request(request))["decisions"][0]
    assert d["outcome"] == "clinical_review"
    assert "Requirement requirement.evaluation" in d["reasons"][0]


def test_a_cross_reference_outside_the_loaded_policies_is_stated_not_asked(knee: Engine) -> None:
    d = line(decide(knee, diagnoses=["Z00.00"], answers={"knee_tumor": "suspected"}))
    assert d["outcome"] == "clinical_review"
    assert d["questions"] == []
    assert any("ONC-1" in r and "outside the loaded policies" in r for r in d["reasons"])


def test_combination_codes_route_only_together_and_only_to_combination_criteria(
    knee: Engine,
) -> None:
    both = [{"code": "73721"}, {"code": "73700"}]
    answers = {"request.ct_and_mri_knee": True, "fracture.complex": True, "knee_locking": True}
    result = decide(knee, services=both, answers=answers)
    mri, ct = line(result, 0), line(result, 1)
    assert mri["outcome"] == "approved"
    assert ct["outcome"] == "approved"
    assert [m["path"][0] for m in ct["matched"]] == ["combination.complex-fracture"]
    # the CT line is not approved by the MRI-only indication
    answers["fracture.complex"] = False
    ct = line(decide(knee, services=both, answers=answers), 1)
    assert ct["outcome"] == "clinical_review"
    alone = line(decide(knee, services=[{"code": "73700"}]))
    assert alone["outcome"] == "no_policy"


def test_a_notice_is_added_to_the_reasons_when_it_applies(knee: Engine) -> None:
    ca = line(
        decide(knee, plan={"type": "commercial_hmo", "state": "CA"}, answers={"knee_locking": True})
    )
    assert any("Grievance and Appeals" in r for r in ca["reasons"])
    ny = line(
        decide(knee, plan={"type": "commercial_hmo", "state": "NY"}, answers={"knee_locking": True})
    )
    assert not any("Grievance" in r for r in ny["reasons"])


def test_conflicting_sources_are_reported_and_an_answer_settles_them(knee: Engine) -> None:
    d = line(decide(knee, answers={"knee_pain": False}))
    conflict = d["conflicts"][0]
    assert conflict["fact"] == "knee_pain"
    assert {v["source"] for v in conflict["values"]} == {"icd10", "answer"}
    assert d["outcome"] == "clinical_review"  # the answer says no knee pain


def test_each_service_line_is_decided_on_its_own(knee: Engine) -> None:
    result = decide(
        knee, services=[{"code": "73721"}, {"code": "70551"}], answers={"knee_locking": True}
    )
    assert [d["outcome"] for d in result["decisions"]] == ["approved", "no_policy"]
    assert "no loaded healthhelp policy covers service 70551" in line(result, 1)["reasons"][0]


def test_expedited_requests_are_due_in_72_hours(knee: Engine) -> None:
    assert line(decide(knee, urgency="expedited"))["due"] == "2025-11-06T00:00:00Z"


def test_the_full_trace_records_every_node_and_the_evidence_it_used(knee: Engine) -> None:
    d = line(decide(knee, explain="full", answers={"knee_locking": True}))
    ids = {item["id"] for item in d["trace"]}
    assert {"1", "1.knee-pain", "1.a.weeks", "4.effusion", "5.onc-1", "notice.hmo"} <= ids
    by_id = {item["id"]: item for item in d["trace"]}
    assert by_id["1.knee-pain"]["result"] == "TRUE"
    assert by_id["1.knee-pain"]["evidence"][0]["code"] == "M25.561"
    assert by_id["1.a.weeks"]["result"] == "UNKNOWN"
    assert by_id["combination.complex-fracture"]["result"] == "NOT_APPLICABLE"


def test_answers_are_checked_against_the_catalog(knee: Engine) -> None:
    with pytest.raises(InvalidRequest, match=r"answers\.no_such_fact"):
        decide(knee, answers={"no_such_fact": True})
    with pytest.raises(InvalidRequest, match=r"answers.pt.weeks: 'six' is not a number"):
        decide(knee, answers={"pt.weeks": "six"})
    with pytest.raises(InvalidRequest, match=r"answers\.pt\.last_date"):
        decide(knee, answers={"pt.last_date": "last spring"})
    with pytest.raises(InvalidRequest, match="derived from the request"):
        decide(knee, answers={"patient.age_years": 40})


def test_a_known_device_of_unconfirmed_mr_safety_pends_instead_of_approving(knee: Engine) -> None:
    d = line(decide(knee, answers={"knee_locking": True, "mri_safety.aneurysm_clips": True}))
    assert d["outcome"] == "pended"
    assert [q["fact"] for q in d["questions"]] == ["mri_safety.device_mr_conditional"]
    assert any("[contra.aneurysm-clips] may apply" in r for r in d["reasons"])
    safe = {
        "knee_locking": True,
        "mri_safety.aneurysm_clips": True,
        "mri_safety.device_mr_conditional": True,
    }
    assert line(decide(knee, answers=safe))["outcome"] == "approved"
    unsafe = {**safe, "mri_safety.device_mr_conditional": False}
    assert line(decide(knee, answers=unsafe))["outcome"] == "clinical_review"
