"""The REST API over a real store (SQLite and PostgreSQL): paths, roles, problem details, idempotency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine as Database
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from priorauth.access.keys import revoke_key
from priorauth.api import create_app
from priorauth.engine.engine import Engine
from priorauth.settings import Settings
from priorauth.store.tables import AuditEvent, Case
from priorauth.workflow.cases import Workflow
from tests.conftest import Clock, example

PROBLEM = "application/problem+json"


class Api:
    def __init__(self, client: TestClient, keys: dict[str, str], database: Database) -> None:
        self.client = client
        self.keys = keys
        self.database = database

    def call(self, method: str, path: str, who: str | None, **kw: Any) -> Any:
        headers = kw.pop("headers", {})
        if who is not None:
            headers["Authorization"] = f"Bearer {self.keys[who]}"
        return self.client.request(method, path, headers=headers, **kw)

    def submit(self, who: str, body: Any, **kw: Any) -> Any:
        return self.call("POST", "/v1/requests", who, json=body, **kw)

    def cases(self) -> int:
        with Session(self.database) as session:
            return session.scalar(select(func.count()).select_from(Case)) or 0


@pytest.fixture
def api(
    database: Database, engine: Engine, clock: Clock, tmp_path: Any, keys: dict[str, str]
) -> Iterator[Api]:
    app = create_app(
        Settings(data_dir=tmp_path, key_cache_seconds=0),
        workflow=Workflow(engine, now=clock),
        database=database,
    )
    with TestClient(app) as client:
        yield Api(client, keys, database)


def test_submit_decides_and_the_case_can_be_read(api: Api) -> None:
    response = api.submit("clinic", example("EX01"))
    assert response.status_code == 201
    case = response.json()
    assert response.headers["Location"] == f"/v1/requests/{case['id']}"
    assert case["status"] == "approved"
    line = case["decision"]["decisions"][0]
    assert line["outcome"] == "approved" and line["due"] == case["due"]
    assert line["matched"][0]["evidence"]  # the words behind the criterion
    again = api.call("GET", f"/v1/requests/{case['id']}", "clinic")
    assert again.status_code == 200 and again.json()["decision"] == case["decision"]


def test_missing_or_bad_key_is_401_problem(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer pa_nope_nope"}, {"Authorization": "Basic x"}):
        response = api.call("GET", "/v1/requests", None, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_revoked_key_is_refused(api: Api, database: Database) -> None:
    key_id = api.keys["nurse"].split("_")[1]
    with Session(database) as session, session.begin():
        assert revoke_key(session, key_id)
    response = api.call("GET", "/v1/queue", "nurse")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"payer": "aetna"}, "payer"),
        ({"diagnoses": ["Q99.999"]}, "diagnoses"),
        ({"services": [{"code": "7214"}]}, "services[0].code"),
        ({"request_date": "2025-13-40"}, "request_date"),
        ({"patient": {"birth_date": "2030-01-01"}}, "birth_date"),
        ({"surprise": 1}, "surprise"),
        ({"answers": {"conservative_care.weeks": "many"}}, "answers.conservative_care.weeks"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_stores_nothing(
    api: Api, change: dict[str, Any], field: str
) -> None:
    response = api.submit("clinic", {**example("EX01"), **change})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422 and field in problem["detail"]
    assert problem["errors"]
    assert api.cases() == 0


def test_malformed_json_is_422(api: Api) -> None:
    response = api.call("POST", "/v1/requests", "clinic", content=b'{"payer": ')
    assert response.status_code == 422
    assert "malformed JSON" in response.json()["detail"]
    assert api.cases() == 0


def test_idempotency_key(api: Api) -> None:
    headers = {"Idempotency-Key": "order-778"}
    first = api.submit("clinic", example("EX01"), headers=dict(headers))
    again = api.submit("clinic", example("EX01"), headers=dict(headers))
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    conflict = api.submit("clinic", example("EX02"), headers=dict(headers))
    assert conflict.status_code == 409 and conflict.headers["content-type"] == PROBLEM
    assert api.cases() == 1


def test_submitter_cannot_read_another_organisations_case(api: Api, database: Database) -> None:
    case = api.submit("clinic", example("EX01")).json()
    response = api.call("GET", f"/v1/requests/{case['id']}", "other")
    assert response.status_code == 404
    listed = api.call("GET", "/v1/requests", "other").json()
    assert listed["total"] == 0
    # The refused read is in the audit log.
    with Session(database) as session:
        refused = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "case.read.refused")
        ).all()
    assert [e.case_id for e in refused] == [case["id"]]


def test_submitter_cannot_record_a_review_or_read_the_queue(api: Api) -> None:
    case = api.submit("clinic", example("EX04")).json()
    review = {"action": "approve", "rationale": "fine"}
    assert (
        api.call("POST", f"/v1/requests/{case['id']}/reviews", "clinic", json=review).status_code
        == 403
    )
    assert api.call("GET", "/v1/queue", "clinic").status_code == 403
    assert api.call("GET", "/v1/metrics/cms", "clinic").status_code == 403
    assert api.call("POST", "/v1/requests", "nurse", json=example("EX01")).status_code == 403


def test_pended_request_answered_then_approved(api: Api, clock: Clock) -> None:
    case = api.submit("clinic", example("EX05")).json()
    assert case["status"] == "pended"
    facts = {q["fact"] for q in case["decision"]["decisions"][0]["questions"]}
    assert "conservative_care.weeks" in facts
    clock.advance(hours=3)
    answers = {
        "conservative_care.weeks": 8,
        "conservative_care.physical_therapy": True,
        "conservative_care.medication": True,
    }
    response = api.call(
        "POST", f"/v1/requests/{case['id']}/answers", "clinic", json={"answers": answers}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert [d["trigger"] for d in response.json()["decisions"]] == ["submitted", "answers"]
    bad = api.call("POST", f"/v1/requests/{case['id']}/answers", "clinic", json={"answer": {}})
    assert bad.status_code == 422 and "answer" in bad.json()["detail"]


def test_review_workflow_through_the_queue(api: Api, clock: Clock) -> None:
    case = api.submit("clinic", example("EX04")).json()
    queue = api.call("GET", "/v1/queue", "nurse").json()
    assert [c["id"] for c in queue["items"]] == [case["id"]]
    path = case["decision"]["decisions"][0]["unmet"][0]["path"][0]
    nurse_denial = {"action": "not_certified", "rationale": "r", "criterion": path}
    assert (
        api.call(
            "POST", f"/v1/requests/{case['id']}/reviews", "nurse", json=nurse_denial
        ).status_code
        == 403
    )
    no_reason = {"action": "not_certified", "rationale": "r"}
    response = api.call("POST", f"/v1/requests/{case['id']}/reviews", "physician", json=no_reason)
    assert response.status_code == 422 and "criterion" in response.json()["detail"]
    clock.advance(days=1)
    denial = {
        "action": "not_certified",
        "rationale": "No red flags and no trial of care.",
        "criterion": path,
    }
    response = api.call("POST", f"/v1/requests/{case['id']}/reviews", "physician", json=denial)
    assert response.status_code == 201
    assert response.json()["status"] == "not_certified"
    assert response.json()["reviews"][0]["criterion"] == path
    assert api.call("GET", "/v1/queue", "nurse").json()["total"] == 0
    metrics = api.call("GET", "/v1/metrics/cms", "admin").json()
    assert metrics["standard"]["denied_percent"] == 100.0
    assert metrics["standard"]["median_decision_hours"] == 24.0


def test_overdue_cases_are_flagged(api: Api, clock: Clock) -> None:
    case = api.submit("clinic", {**example("EX04"), "urgency": "expedited"}).json()
    clock.advance(hours=73)
    queue = api.call("GET", "/v1/queue", "nurse").json()
    assert queue["items"][0]["id"] == case["id"] and queue["items"][0]["overdue"]
    assert api.call("GET", "/v1/requests?overdue=true", "admin").json()["total"] == 1


def test_list_filters_and_paging(api: Api) -> None:
    for name in ("EX01", "EX02", "EX04", "EX05"):
        assert api.submit("clinic", example(name)).status_code == 201
    page = api.call("GET", "/v1/requests?limit=2&offset=0", "nurse").json()
    assert page["total"] == 4 and len(page["items"]) == 2
    rest = api.call("GET", "/v1/requests?limit=2&offset=2", "nurse").json()
    assert {c["id"] for c in page["items"]}.isdisjoint({c["id"] for c in rest["items"]})
    pended = api.call("GET", "/v1/requests?status=pended", "nurse").json()
    assert [c["request_id"] for c in pended["items"]] == ["EX05"]
    bad = api.call("GET", "/v1/requests?status=lost", "nurse")
    assert bad.status_code == 422 and "status" in bad.json()["detail"]


def test_health_metrics_and_openapi(api: Api) -> None:
    health = api.call("GET", "/healthz", None)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    api.submit("clinic", example("EX01"))
    assert api.call("GET", "/metrics", "nurse").status_code == 403
    metrics = api.call("GET", "/metrics", "admin")
    assert metrics.status_code == 200
    assert "priorauth_http_requests_total" in metrics.text
    assert 'priorauth_decisions_total{outcome="approved",payer="healthhelp"}' in metrics.text
    schema = api.call("GET", "/openapi.json", None).json()
    for path in (
        "/v1/requests",
        "/v1/requests/{case_id}",
        "/v1/requests/{case_id}/answers",
        "/v1/requests/{case_id}/reviews",
        "/v1/queue",
        "/v1/metrics/cms",
        "/healthz",
        "/metrics",
    ):
        assert path in schema["paths"]
    assert "PriorAuthRequest" in schema["components"]["schemas"]
    assert api.call("GET", "/docs", None).status_code == 200


def test_logs_carry_ids_and_never_the_note_or_the_patient(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    from priorauth.observability.logs import JsonFormatter

    request = example("EX01")
    with caplog.at_level("INFO", logger="priorauth"):
        case = api.submit("clinic", request).json()
        api.call("GET", f"/v1/requests/{case['id']}", "clinic")
        api.submit("clinic", {**request, "diagnoses": ["Q99.999"]})
    lines = [JsonFormatter().format(r) for r in caplog.records]
    assert any(case["id"] in line and '"outcome":"approved"' in line for line in lines)
    note = request["notes"][0]["text"]
    for line in lines:
        assert note[:30] not in line
        assert request["patient"]["birth_date"] not in line
        assert "Q99.999" not in line
