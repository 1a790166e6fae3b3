"""Da Vinci PAS over the API on both stores: the official examples, round trips against the native API,
pended requests and their Task, $inquire after answers and reviews, refusals, roles."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B import get_fhir_model_class
from sqlalchemy import Engine as Database
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from priorauth.api import create_app
from priorauth.engine.engine import Engine
from priorauth.settings import Settings
from priorauth.store.tables import Case, IdempotencyKey
from priorauth.workflow.cases import Workflow
from tests.conftest import Clock, example
from tests.fhir.bundles import PAYERS, to_bundle
from tests.fhir.conftest import REQUEST_FIXTURES, fixture

FHIR_JSON = "application/fhir+json"
PAS = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/"
X12_306 = "https://codesystem.x12.org/005010/306"


class Fhir:
    def __init__(self, client: TestClient, keys: dict[str, str], database: Database) -> None:
        self.client = client
        self.keys = keys
        self.database = database

    def post(self, path: str, who: str | None, body: Any = None, **kw: Any) -> Any:
        headers = {"Content-Type": FHIR_JSON}
        if who is not None:
            headers["Authorization"] = f"Bearer {self.keys[who]}"
        if body is not None:
            kw["json"] = body
        return self.client.post(path, headers=headers, **kw)

    def submit(self, who: str, bundle: Any, **kw: Any) -> Any:
        return self.post("/fhir/Claim/$submit", who, bundle, **kw)

    def inquire(self, who: str, bundle: Any) -> Any:
        return self.post("/fhir/Claim/$inquire", who, bundle)

    def native(self, method: str, path: str, who: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.keys[who]}"}
        return self.client.request(method, path, headers=headers, **kw)

    def cases(self) -> int:
        with Session(self.database) as session:
            return session.scalar(select(func.count()).select_from(Case)) or 0


@pytest.fixture
def fhir(
    database: Database, engine: Engine, clock: Clock, tmp_path: Any, keys: dict[str, str]
) -> Iterator[Fhir]:
    settings = Settings(data_dir=tmp_path, key_cache_seconds=0, fhir_payers=PAYERS)
    app = create_app(settings, workflow=Workflow(engine, now=clock), database=database)
    with TestClient(app) as client:
        yield Fhir(client, keys, database)


def claim_response(bundle: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = bundle["entry"][0]["resource"]
    assert first["resourceType"] == "ClaimResponse"
    return first


def review_actions(bundle: dict[str, Any]) -> list[str]:
    codes = []
    for item in claim_response(bundle)["item"]:
        (action,) = item["adjudication"][0]["extension"]
        assert action["url"] == PAS + "extension-reviewAction"
        for ext in action["extension"]:
            if ext["url"] == PAS + "extension-reviewActionCode":
                (coding,) = ext["valueCodeableConcept"]["coding"]
                assert coding["system"] == X12_306
                codes.append(coding["code"])
    return codes


def tasks(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Task"]


def conformant(response: Any) -> dict[str, Any]:
    """A 200 PAS response: FHIR JSON, every resource valid for fhir.resources with a PAS profile."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON)
    bundle: dict[str, Any] = response.json()
    get_fhir_model_class("Bundle").model_validate(bundle)
    assert bundle["meta"]["profile"][0].startswith(PAS)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert resource["meta"]["profile"][0].startswith(PAS), resource["resourceType"]
    return bundle


# -- the official examples --------------------------------------------------------------------------


@pytest.mark.parametrize("name", REQUEST_FIXTURES)
def test_official_request_bundles_are_pended_for_manual_review(fhir: Fhir, name: str) -> None:
    request = fixture(name)
    bundle = conformant(fhir.submit("clinic", request))
    claim = request["entry"][0]["resource"]
    response = claim_response(bundle)
    assert response["request"] == {"reference": f"Claim/{claim['id']}"}
    assert response["patient"] == claim["patient"] and response["insurer"] == claim["insurer"]
    assert [i["itemSequence"] for i in response["item"]] == [i["sequence"] for i in claim["item"]]
    assert set(review_actions(bundle)) == {"A4"}
    assert "routed to manual handling" in response["processNote"][0]["text"]
    assert not tasks(bundle)  # nothing to ask the provider: a clinician handles it
    case = fhir.native("GET", f"/v1/requests/{response['id']}", "clinic").json()
    assert case["status"] == "in_review"
    assert {line["engine_outcome"] for line in case["lines"]} == {"no_policy"}


def test_the_official_inquiry_finds_the_submitted_referral(fhir: Fhir) -> None:
    submitted = claim_response(
        conformant(fhir.submit("clinic", fixture("Bundle-ReferralAuthorizationBundleExample.json")))
    )
    bundle = conformant(fhir.inquire("clinic", fixture("Bundle-PASClaimInquiryBundleExample.json")))
    assert bundle["meta"]["profile"] == [PAS + "profile-pas-inquiry-response-bundle"]
    response = claim_response(bundle)
    assert response["meta"]["profile"] == [PAS + "profile-claiminquiryresponse"]
    assert response["id"] == submitted["id"] and review_actions(bundle) == ["A4"]


# -- round trips against the native API ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["EX01", "EX02", "EX03", "EX04", "EX05", "EX06", "EX07"])
def test_a_pas_bundle_gets_the_decision_of_the_same_native_request(fhir: Fhir, name: str) -> None:
    request = example(name)
    native = fhir.native("POST", "/v1/requests", "clinic", json=request).json()
    bundle = conformant(
        fhir.submit("clinic", to_bundle(request, base64_notes=name in {"EX02", "EX05"}))
    )
    case = fhir.native("GET", f"/v1/requests/{claim_response(bundle)['id']}", "clinic").json()
    assert case["payer"] == request["payer"]
    assert case["decision"] == native["decision"]
    expected = {"approved": "A1", "pended": "A4", "clinical_review": "A4", "no_policy": "A4"}
    assert review_actions(bundle) == [
        expected[line["outcome"]] for line in native["decision"]["decisions"]
    ]


def test_an_approval_carries_the_authorization_and_the_criteria_met(fhir: Fhir) -> None:
    bundle = conformant(fhir.submit("clinic", to_bundle(example("EX01"))))
    response = claim_response(bundle)
    (item,) = response["item"]
    action = item["adjudication"][0]["extension"][0]["extension"]
    assert {"url": "number", "valueString": response["id"]} in action
    period = next(e for e in item["extension"] if e["url"] == PAS + "extension-itemPreAuthPeriod")
    assert period["valuePeriod"] == {"start": "2025-11-03", "end": "2026-02-01"}
    notes = {n["number"]: n["text"] for n in response["processNote"]}
    cited = [notes[n] for n in item["noteNumber"]]
    assert any("healthhelp-mri-cervical-spine" in t and "criterion 2" in t for t in cited)
    assert "extension" not in response  # no human decided it


# -- pended: the Task, answers, $inquire ---------------------------------------------------------------


def test_a_pended_request_gets_a_task_and_inquire_shows_the_approval_after_answers(
    fhir: Fhir, clock: Clock
) -> None:
    bundle_in = to_bundle(example("EX05"))
    bundle = conformant(fhir.submit("clinic", bundle_in))
    assert review_actions(bundle) == ["A4"]
    (task,) = tasks(bundle)
    case_id = claim_response(bundle)["id"]
    case = fhir.native("GET", f"/v1/requests/{case_id}", "clinic").json()
    questions = case["decision"]["decisions"][0]["questions"]
    *asked, form = task["input"]
    assert [i["valueCodeableConcept"]["coding"][0]["code"] for i in asked] == [
        q["fact"] for q in questions
    ]
    assert [i["valueCodeableConcept"]["text"] for i in asked] == [q["text"] for q in questions]
    assert form["valueCanonical"].endswith(f"/fhir/Questionnaire/case-{case_id}")
    assert task["status"] == "requested" and task["reasonReference"] == {
        "reference": "Claim/claim-1"
    }
    clock.advance(hours=2)
    answers = {
        "conservative_care.weeks": 8,
        "conservative_care.physical_therapy": True,
        "conservative_care.medication": True,
    }
    answered = fhir.native(
        "POST", f"/v1/requests/{case_id}/answers", "clinic", json={"answers": answers}
    )
    assert answered.json()["status"] == "approved"
    inquiry = conformant(fhir.inquire("clinic", bundle_in))
    assert review_actions(inquiry) == ["A1"] and not tasks(inquiry)
    assert claim_response(inquiry)["id"] == case_id


def test_a_pended_pas_request_answered_through_dtr_is_approved(fhir: Fhir) -> None:
    """PAS $submit → pended with a Task naming its DTR questionnaire → $questionnaire-package →
    QuestionnaireResponse → $inquire shows the approval."""
    bundle_in = to_bundle(example("EX05"))
    bundle = conformant(fhir.submit("clinic", bundle_in))
    assert review_actions(bundle) == ["A4"]
    (task,) = tasks(bundle)
    canonical = task["input"][-1]["valueCanonical"]
    package = fhir.post(
        "/fhir/Questionnaire/$questionnaire-package",
        "clinic",
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "questionnaire", "valueCanonical": canonical}],
        },
    )
    assert package.status_code == 200, package.text
    form = package.json()["parameter"][0]["resource"]["entry"][0]["resource"]
    values = {
        "trauma.recent": {"valueBoolean": False},
        "cancer": {"valueCoding": {"code": "absent"}},
        "conservative_care.weeks": {"valueInteger": 8},
        "conservative_care.physical_therapy": {"valueBoolean": True},
        "conservative_care.medication": {"valueBoolean": True},
    }
    items = [
        {"linkId": i["linkId"], "answer": [values.get(i["linkId"], {"valueBoolean": False})]}
        for group in form["item"]
        for i in group.get("item", [])
    ]
    qr = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": f"{form['url']}|{form['version']}",
        "item": items,
    }
    accepted = fhir.post("/fhir/QuestionnaireResponse", "clinic", qr)
    assert accepted.status_code == 201, accepted.text
    inquiry = conformant(fhir.inquire("clinic", bundle_in))
    assert review_actions(inquiry) == ["A1"] and not tasks(inquiry)


def test_inquire_after_a_physicians_reviews(fhir: Fhir, clock: Clock) -> None:
    bundle_in = to_bundle(example("EX04"))
    case_id = claim_response(conformant(fhir.submit("clinic", bundle_in)))["id"]
    case = fhir.native("GET", f"/v1/requests/{case_id}", "nurse").json()
    criterion = case["decision"]["decisions"][0]["unmet"][0]["path"][0]
    denial = {"action": "not_certified", "rationale": "No red flags.", "criterion": criterion}
    clock.advance(hours=5)
    assert (
        fhir.native("POST", f"/v1/requests/{case_id}/reviews", "physician", json=denial).status_code
        == 201
    )
    bundle = conformant(fhir.inquire("clinic", bundle_in))
    response = claim_response(bundle)
    assert review_actions(bundle) == ["A3"]
    assert response["extension"] == [
        {
            "url": PAS + "extension-claimResponseReviewer",
            "extension": [{"url": "wasHumanReviewedFlag", "valueBoolean": True}],
        }
    ]
    action = response["item"][0]["adjudication"][0]["extension"][0]["extension"]
    reason = next(e for e in action if e["url"] == "reasonCode")["valueCodeableConcept"]["coding"][
        0
    ]
    assert reason["code"] == f"cohere-mri-spine#{criterion}"
    assert reason["display"] == case["decision"]["decisions"][0]["unmet"][0]["text"]
    assert any(
        reason["display"] in n["text"] and "No red flags." in n["text"]
        for n in response["processNote"]
    )
    modify = {
        "action": "modify",
        "rationale": "Without contrast.",
        "modification": "72148 only once",
    }
    fhir.native("POST", f"/v1/requests/{case_id}/reviews", "physician", json=modify)
    assert review_actions(conformant(fhir.inquire("clinic", bundle_in))) == ["A6"]


# -- idempotency, refusals, roles ----------------------------------------------------------------------


def test_a_resubmitted_bundle_answers_the_same_case(fhir: Fhir) -> None:
    bundle = to_bundle(example("EX01"))
    first = claim_response(conformant(fhir.submit("clinic", bundle)))
    again = copy.deepcopy(bundle)
    again["timestamp"] = "2025-11-03T10:00:00-05:00"  # a resend: same claim, new transmission
    response = fhir.submit("clinic", again)
    assert claim_response(conformant(response))["id"] == first["id"]
    assert response.headers["Idempotent-Replayed"] == "true"
    changed = to_bundle({**example("EX01"), "diagnoses": ["M54.12"]})
    conflict = fhir.submit("clinic", changed)
    assert conflict.status_code == 409 and conflict.json()["issue"][0]["code"] == "conflict"
    assert fhir.cases() == 1
    with Session(fhir.database) as session:
        assert session.scalars(select(IdempotencyKey.key)).all() == ["pas:EX01"]


def _without_birth_date(bundle: dict[str, Any]) -> dict[str, Any]:
    del bundle["entry"][1]["resource"]["birthDate"]
    return bundle


def _set(path: list[Any], value: Any) -> Any:
    def change(bundle: dict[str, Any]) -> dict[str, Any]:
        target: Any = bundle
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        return bundle

    return change


CLAIM = ["entry", 0, "resource"]


@pytest.mark.parametrize(
    ("change", "status", "expression", "words"),
    [
        (lambda b: {"resourceType": "Patient"}, 400, "Bundle", "expected a Bundle"),
        (
            _set(["entry", 0, "resource", "status"], 7),
            400,
            "Bundle.entry[0].resource.status",
            "string",
        ),
        (_set(["type"], "transaction"), 422, "Bundle.type", "collection"),
        (lambda b: {**b, "entry": b["entry"][1:]}, 422, "Bundle.entry", "Claim"),
        (_set([*CLAIM, "use"], "claim"), 422, "Bundle.entry[0].resource.use", "preauthorization"),
        (
            _set([*CLAIM, "patient"], {"reference": "Patient/nobody"}),
            422,
            "Claim.patient",
            "not to a resource",
        ),
        (
            _set(
                [*CLAIM, "diagnosis"],
                [
                    {
                        "sequence": 1,
                        "diagnosisCodeableConcept": {
                            "coding": [
                                {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "Q99.999"}
                            ]
                        },
                    }
                ],
            ),
            422,
            "Claim.diagnosis[0]",
            "not an ICD-10-CM code",
        ),
        (
            _set(
                [*CLAIM, "item", 0, "productOrService"],
                {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "7214"}]},
            ),
            422,
            "Claim.item[0].productOrService",
            "CPT/HCPCS",
        ),
        (_without_birth_date, 422, "Patient.birthDate", "birth date"),
        (_set([*CLAIM, "diagnosis"], []), 422, "Claim.diagnosis", "diagnosis"),
        (
            _set(["entry", 1, "resource", "birthDate"], "2030-01-01"),
            422,
            "Patient.birthDate",
            "after",
        ),
        (
            _set([*CLAIM, "meta"], {"profile": [PAS + "profile-claim-inquiry"]}),
            422,
            "Claim.meta.profile",
            "$inquire",
        ),
    ],
)
def test_a_bad_bundle_gets_an_operation_outcome_and_stores_nothing(
    fhir: Fhir, change: Any, status: int, expression: str, words: str
) -> None:
    response = fhir.submit("clinic", change(to_bundle(example("EX01"))))
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON)
    outcome = response.json()
    get_fhir_model_class("OperationOutcome").model_validate(outcome)
    issue = outcome["issue"][0]
    assert issue["severity"] == "error" and issue["code"]
    assert expression in issue["expression"] and words in issue["diagnostics"]
    assert fhir.cases() == 0


def test_a_claim_without_identifiers_is_a_new_case_each_time(fhir: Fhir) -> None:
    bundle = to_bundle(example("EX04"))
    del bundle["identifier"]
    del bundle["entry"][0]["resource"]["identifier"]
    first = claim_response(conformant(fhir.submit("clinic", bundle)))
    second = claim_response(conformant(fhir.submit("clinic", bundle)))
    assert first["id"] != second["id"] and fhir.cases() == 2
    assert first["identifier"] == [
        {"system": "https://priorauth.dev/fhir/sid/case", "value": first["id"]}
    ]
    missing = fhir.inquire("clinic", bundle)
    assert missing.status_code == 422 and missing.json()["issue"][0]["expression"] == [
        "Claim.identifier"
    ]


def test_malformed_json_is_400(fhir: Fhir) -> None:
    response = fhir.post("/fhir/Claim/$submit", "clinic", content=b'{"resourceType": ')
    assert (
        response.status_code == 400
        and "malformed JSON" in response.json()["issue"][0]["diagnostics"]
    )
    assert fhir.cases() == 0


def test_roles_and_organisations(fhir: Fhir) -> None:
    bundle = to_bundle(example("EX04"))
    unauthenticated = fhir.submit(None, bundle)  # type: ignore[arg-type]
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["issue"][0]["code"] == "login"
    assert unauthenticated.headers["WWW-Authenticate"] == "Bearer"
    forbidden = fhir.submit("nurse", bundle)
    assert forbidden.status_code == 403 and forbidden.json()["resourceType"] == "OperationOutcome"
    assert fhir.cases() == 0
    case_id = claim_response(conformant(fhir.submit("clinic", bundle)))["id"]
    missing = fhir.inquire("other", bundle)  # another organisation's claim is not found
    assert missing.status_code == 404 and missing.json()["issue"][0]["code"] == "not-found"
    assert claim_response(conformant(fhir.inquire("nurse", bundle)))["id"] == case_id


def test_logs_never_carry_the_bundles_notes_or_patient(
    fhir: Fhir, caplog: pytest.LogCaptureFixture
) -> None:
    from priorauth.observability.logs import JsonFormatter

    request = example("EX01")
    with caplog.at_level("INFO", logger="priorauth"):
        fhir.submit("clinic", to_bundle(request, base64_notes=True))
        fhir.submit("clinic", _without_birth_date(to_bundle(request, claim_id="c2")))
    lines = [JsonFormatter().format(r) for r in caplog.records]
    assert any("/fhir/Claim/$submit" in line for line in lines)
    for line in lines:
        assert request["notes"][0]["text"][:30] not in line
        assert request["patient"]["birth_date"] not in line
    schema = fhir.client.get("/openapi.json").json()
    assert {"/fhir/Claim/$submit", "/fhir/Claim/$inquire"} <= set(schema["paths"])


def test_a_manual_case_has_no_dtr_questionnaire(fhir: Fhir) -> None:
    bundle = conformant(
        fhir.submit("clinic", fixture("Bundle-ReferralAuthorizationBundleExample.json"))
    )
    case_id = claim_response(bundle)["id"]
    canonical = f"http://testserver/fhir/Questionnaire/case-{case_id}"
    response = fhir.post(
        "/fhir/Questionnaire/$questionnaire-package",
        "clinic",
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "questionnaire", "valueCanonical": canonical}],
        },
    )
    assert response.status_code == 422
    assert "manual handling" in response.json()["issue"][0]["diagnostics"]
