"""CRD hooks and DTR questionnaires over HTTP, on both stores: coverage information that follows the
CRD rules, questionnaires of the open facts, and answers that decide a pended case again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine as Database
from sqlalchemy.orm import Session

from priorauth.api import create_app
from priorauth.engine.engine import Engine
from priorauth.fhir import profiles as p
from priorauth.fhir.questionnaire import walk
from priorauth.fhir.resources import conform
from priorauth.settings import Settings
from priorauth.store.tables import CoverageAssertion
from priorauth.workflow.cases import Workflow
from tests.conftest import Clock, example
from tests.fhir.builders import SETTINGS_PAYERS, hook_call
from tests.fhir.crd_rules import sub, violations

FHIR = "application/fhir+json"
ANSWERS = {
    "trauma.recent": False,
    "cancer": "absent",
    "conservative_care.weeks": 8,
    "conservative_care.physical_therapy": True,
    "conservative_care.medication": True,
}


class Client:
    def __init__(self, client: TestClient, keys: dict[str, str]) -> None:
        self.client, self.keys = client, keys

    def post(self, path: str, who: str, body: Any) -> Any:
        return self.client.post(
            path, json=body, headers={"Authorization": f"Bearer {self.keys[who]}"}
        )

    def get(self, path: str, who: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.keys[who]}"} if who else {}
        return self.client.get(path, headers=headers)


@pytest.fixture
def api(
    database: Database, engine: Engine, clock: Clock, tmp_path: Any, keys: dict[str, str]
) -> Iterator[Client]:
    settings = Settings(data_dir=tmp_path, key_cache_seconds=0, fhir_payers=SETTINGS_PAYERS)
    app = create_app(settings, workflow=Workflow(engine, now=clock), database=database)
    with TestClient(app) as client:
        yield Client(client, keys)


def test_discovery_lists_both_hooks_with_prefetch(api: Client) -> None:
    services = api.get("/cds-services").json()["services"]
    assert {s["hook"] for s in services} == {"order-select", "order-sign"}
    assert all({"patient", "coverage", "conditions"} <= s["prefetch"].keys() for s in services)


def coverage_extension(response: Any) -> dict[str, Any]:
    (action,) = response["systemActions"]
    assert action["type"] == "update"
    order = conform(action["resource"])
    (ext,) = [e for e in order["extension"] if e["url"] == p.COVERAGE_INFORMATION]
    assert violations(ext) == []
    return ext


def test_order_sign_for_an_approvable_order_says_pa_satisfied(
    api: Client, database: Database
) -> None:
    response = api.post("/cds-services/priorauth-order-sign", "clinic", hook_call(example("EX01")))
    assert response.status_code == 200
    body = response.json()
    ext = coverage_extension(body)
    assert sub(ext, "covered") == "covered"
    assert sub(ext, "pa-needed") == "satisfied"
    assert sub(ext, "coverage")["reference"] == "Coverage/cov-1"
    assert body["cards"][0]["indicator"] == "info"
    assertion = sub(ext, "coverage-assertion-id")
    with Session(database) as session:
        stored = session.get(CoverageAssertion, assertion)
        assert stored is not None and stored.outcome == "approved" and stored.org == "clinic-a"


def test_pended_order_says_what_is_needed_and_links_its_questionnaire(api: Client) -> None:
    body = api.post(
        "/cds-services/priorauth-order-select", "clinic", hook_call(example("EX05"), "order-select")
    ).json()
    ext = coverage_extension(body)
    assert sub(ext, "pa-needed") == "auth-needed"
    assert sub(ext, "doc-needed") == "clinical"
    assert "conservative" in sub(ext, "reason")["text"]
    canonical = sub(ext, "questionnaire")
    assert "/Questionnaire/crd-" in canonical
    card = body["cards"][0]
    assert card["indicator"] == "warning" and "question" in card["summary"]
    assert "conservative treatment" in card["detail"]
    # DTR builds that order's questionnaire from the assertion.
    package = api.post(
        "/fhir/Questionnaire/$questionnaire-package",
        "clinic",
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "questionnaire", "valueCanonical": canonical}],
        },
    ).json()
    form = package["parameter"][0]["resource"]["entry"][0]["resource"]
    assert "conservative_care.weeks" in {i["linkId"] for i in walk(form["item"])}
    # Another organisation cannot read it.
    refused = api.post(
        "/fhir/Questionnaire/$questionnaire-package",
        "other",
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "questionnaire", "valueCanonical": canonical}],
        },
    )
    assert refused.status_code == 404 and refused.json()["resourceType"] == "OperationOutcome"


def test_investigational_and_uncovered_orders(api: Client) -> None:
    ext = coverage_extension(
        api.post("/cds-services/priorauth-order-sign", "clinic", hook_call(example("EX07"))).json()
    )
    assert sub(ext, "pa-needed") == "auth-needed"
    uncovered = {**example("EX01"), "services": [{"code": "99213"}]}
    ext = coverage_extension(
        api.post("/cds-services/priorauth-order-sign", "clinic", hook_call(uncovered)).json()
    )
    assert sub(ext, "covered") == "indeterminate" and "99213" in sub(ext, "reason")["text"]


def test_a_hook_without_enough_context_gets_a_card_not_an_error(api: Client) -> None:
    call = hook_call(example("EX01"))
    del call["prefetch"]["patient"]
    body = api.post("/cds-services/priorauth-order-sign", "clinic", call).json()
    assert body["systemActions"] == []
    assert "birthDate" in body["cards"][0]["detail"]


def test_hook_errors_and_roles(api: Client) -> None:
    call = hook_call(example("EX01"))
    assert api.post("/cds-services/priorauth-order-sign", "nurse", call).status_code == 403
    assert api.post("/cds-services/nope", "clinic", call).status_code == 404
    wrong = api.post("/cds-services/priorauth-order-select", "clinic", call)
    assert wrong.status_code == 422 and "order-sign" in wrong.json()["issue"][0]["diagnostics"]
    assert api.client.post("/cds-services/priorauth-order-sign", json=call).status_code == 401


def package_of(api: Client, case_id: str, who: str = "clinic") -> Any:
    canonical = f"http://testserver/fhir/Questionnaire/case-{case_id}"
    return api.post(
        "/fhir/Questionnaire/$questionnaire-package",
        who,
        {
            "resourceType": "Parameters",
            "parameter": [
                {
                    "name": "coverage",
                    "resource": {
                        "resourceType": "Coverage",
                        "status": "active",
                        "beneficiary": {"reference": "Patient/p"},
                        "payor": [{"display": "Cohere Health"}],
                    },
                },
                {"name": "questionnaire", "valueCanonical": canonical},
            ],
        },
    )


def test_dtr_package_then_response_approves_a_pended_case(api: Client) -> None:
    case = api.post("/v1/requests", "clinic", example("EX05")).json()
    assert case["status"] == "pended"
    response = package_of(api, case["id"])
    assert response.status_code == 200 and response.headers["content-type"] == FHIR
    bundle = response.json()["parameter"][0]["resource"]
    assert bundle["type"] == "collection" and bundle["meta"]["profile"] == [p.DTR_PACKAGE_BUNDLE]
    form = bundle["entry"][0]["resource"]
    asked = {i["linkId"] for i in walk(form["item"]) if i["type"] != "group"}
    assert asked == {q["fact"] for q in case["decision"]["decisions"][0]["questions"]}
    qr = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{form['url']}|{form['version']}",
        "status": "completed",
        "subject": {"display": "patient"},
        "item": [
            {
                "linkId": "needed",
                "item": [
                    {"linkId": fact, "answer": [_answer(value)]} for fact, value in ANSWERS.items()
                ],
            }
        ],
    }
    accepted = api.post("/fhir/QuestionnaireResponse", "clinic", qr)
    assert accepted.status_code == 201, accepted.text
    assert accepted.headers["X-Case-Status"] == "approved"
    after = api.get(f"/v1/requests/{case['id']}", "clinic").json()
    assert after["status"] == "approved"
    assert after["answers"][0]["answers"]["conservative_care.weeks"] == 8
    # Nothing is open now: the package says so.
    done = package_of(api, case["id"]).json()
    assert any(x["name"] == "outcome" for x in done["parameter"])


def test_adaptive_next_question_until_complete(api: Client) -> None:
    case = api.post("/v1/requests", "clinic", example("EX05")).json()
    qr: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"http://testserver/fhir/Questionnaire/case-{case['id']}",
        "status": "in-progress",
        "item": [],
    }
    asked = []
    for _ in range(12):
        out = api.post(
            "/fhir/Questionnaire/$next-question",
            "clinic",
            {
                "resourceType": "Parameters",
                "parameter": [{"name": "questionnaire-response", "resource": qr}],
            },
        )
        assert out.status_code == 200, out.text
        qr = out.json()["parameter"][0]["resource"]
        assert qr["resourceType"] == "QuestionnaireResponse"
        if qr["status"] == "completed":
            break
        question = qr["contained"][0]["item"][-1]
        asked.append(question["linkId"])
        value = ANSWERS.get(question["linkId"], True)
        qr["item"] = [
            *qr.get("item", []),
            {"linkId": question["linkId"], "answer": [_answer(value)]},
        ]
    assert qr["status"] == "completed"
    assert asked and len(asked) == len(set(asked))  # one question at a time, none twice
    assert (
        api.post("/fhir/QuestionnaireResponse", "clinic", qr).headers["X-Case-Status"] == "approved"
    )


def test_dtr_refusals_are_operation_outcomes(api: Client) -> None:
    bad = api.post(
        "/fhir/Questionnaire/$questionnaire-package",
        "clinic",
        {"resourceType": "Parameters", "parameter": []},
    )
    assert bad.status_code == 422 and bad.headers["content-type"] == FHIR
    assert bad.json()["issue"][0]["severity"] == "error"
    wrong = api.post("/fhir/QuestionnaireResponse", "clinic", {"resourceType": "Patient"})
    assert (
        wrong.status_code == 422
        and "QuestionnaireResponse" in wrong.json()["issue"][0]["diagnostics"]
    )
    case = api.post("/v1/requests", "clinic", example("EX05")).json()
    assert package_of(api, case["id"], "other").status_code == 404
    nonsense = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": f"http://testserver/fhir/Questionnaire/case-{case['id']}",
        "item": [{"linkId": "conservative_care.weeks", "answer": [{"valueString": "lots"}]}],
    }
    refused = api.post("/fhir/QuestionnaireResponse", "clinic", nonsense)
    assert (
        refused.status_code == 422
        and "conservative_care.weeks" in refused.json()["issue"][0]["diagnostics"]
    )
    assert api.get(f"/v1/requests/{case['id']}", "clinic").json()["answers"] == []


def _answer(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    return {"valueCoding": {"system": p.FACT_VALUES, "code": value}}


def test_every_fhir_resource_emitted_carries_a_da_vinci_profile_and_validates(api: Client) -> None:
    from priorauth.fhir.resources import model

    emitted = []
    body = api.post(
        "/cds-services/priorauth-order-sign", "clinic", hook_call(example("EX05"))
    ).json()
    emitted += [a["resource"] for a in body["systemActions"]]
    case = api.post("/v1/requests", "clinic", example("EX05")).json()
    package = package_of(api, case["id"]).json()
    emitted.append(package)
    for param in package["parameter"]:
        bundle = param["resource"]
        emitted.append(bundle)
        emitted += [e["resource"] for e in bundle.get("entry", [])]
    start = {
        "resourceType": "QuestionnaireResponse",
        "status": "in-progress",
        "questionnaire": f"http://testserver/fhir/Questionnaire/case-{case['id']}",
    }
    step = api.post(
        "/fhir/Questionnaire/$next-question",
        "clinic",
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "questionnaire-response", "resource": start}],
        },
    ).json()
    emitted += [
        step,
        step["parameter"][0]["resource"],
        *step["parameter"][0]["resource"]["contained"],
    ]
    for resource in emitted:
        model(resource["resourceType"]).model_validate(resource)
        if resource["resourceType"] == "OperationOutcome":
            continue
        profiles = resource.get("meta", {}).get("profile", [])
        assert any(
            u.startswith(("http://hl7.org/fhir/us/davinci-", "http://hl7.org/fhir/uv/sdc/"))
            for u in profiles
        ), resource["resourceType"]
