"""The workflow on both stores: submit and decide, idempotency, answers, reviews, the queue, audit."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from priorauth.access.keys import verify_key
from priorauth.access.roles import Principal
from priorauth.engine.engine import Engine
from priorauth.model.request import InvalidRequest
from priorauth.store.tables import AuditEvent, Case, Decision
from priorauth.workflow.cases import CaseFilter, ManualRequest, ReviewInput, Workflow
from priorauth.workflow.errors import Conflict, Forbidden, NotFound
from tests.conftest import Clock, example

# A PAS claim line that is no procedure code: stored as received, for manual handling.
MANUAL_LINE: dict[str, Any] = {
    "service": "3",
    "outcome": "no_policy",
    "policy": None,
    "matched": [],
    "unmet": [],
    "questions": [],
    "reasons": ["not a procedure code; routed to manual handling."],
    "due": "2025-11-10T00:00:00Z",
}
MANUAL_DATA = {"payer": "healthhelp", "request_date": "2025-11-03", "services": [{"code": "3"}]}
MANUAL_REQUEST = ManualRequest("claim-9", "healthhelp", "standard")

EX05_ANSWERS = {
    "conservative_care.weeks": 8,
    "conservative_care.physical_therapy": True,
    "conservative_care.medication": True,
}


@pytest.fixture
def workflow(engine: Engine, clock: Clock) -> Workflow:
    return Workflow(engine, now=clock)


@pytest.fixture
def people(database: Database, keys: dict[str, str]) -> dict[str, Principal]:
    with Session(database) as session:
        return {name: verify_key(session, key) for name, key in keys.items()}


def run(database: Database, work: Any) -> Any:
    with Session(database, expire_on_commit=False) as session, session.begin():
        return work(session)


def count(database: Database, table: Any) -> int:
    with Session(database) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_submit_stores_the_request_and_a_reproducible_decision(
    database: Database, workflow: Workflow, people: dict[str, Principal], clock: Clock
) -> None:
    done = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX01")))
    case = done.case
    assert not done.replayed
    assert case.status == "approved"
    assert case.org == "clinic-a"
    assert case.received_at == clock.moment
    assert (case.due_at - case.received_at).days == 7
    assert case.decided_at == clock.moment

    stored = run(database, lambda s: s.get(Case, case.id))
    decision = stored.decisions[0]
    assert decision.result["decisions"][0]["outcome"] == "approved"
    (policy,) = decision.policies
    assert policy["id"] == "healthhelp-mri-cervical-spine"
    assert len(policy["sha256"]) == 64
    # Deciding the stored request again with the same policy version gives the same result.
    assert workflow.redecide(stored) == decision.result


def test_expedited_requests_are_due_in_72_hours(
    database: Database, workflow: Workflow, people: dict[str, Principal]
) -> None:
    request = {**example("EX05"), "urgency": "expedited"}
    case = run(database, lambda s: workflow.submit(s, people["clinic"], request)).case
    assert (case.due_at - case.received_at).total_seconds() == 72 * 3600


def test_refused_request_stores_nothing(
    database: Database, workflow: Workflow, people: dict[str, Principal]
) -> None:
    bad = {**example("EX01"), "diagnoses": ["M54.99X"]}
    with pytest.raises(InvalidRequest, match=r"diagnoses.*M54\.99X"):
        run(database, lambda s: workflow.submit(s, people["clinic"], bad))
    assert count(database, Case) == 0
    assert count(database, Decision) == 0


def test_same_idempotency_key_and_body_returns_the_same_case(
    database: Database, workflow: Workflow, people: dict[str, Principal]
) -> None:
    first = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX01"), "k-1"))
    again = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX01"), "k-1"))
    assert again.replayed and again.case.id == first.case.id
    assert count(database, Case) == 1
    with pytest.raises(Conflict, match="k-1"):
        run(database, lambda s: workflow.submit(s, people["clinic"], example("EX02"), "k-1"))
    # Keys are per organisation: another clinic's k-1 is its own.
    other = run(database, lambda s: workflow.submit(s, people["other"], example("EX02"), "k-1"))
    assert not other.replayed
    assert count(database, Case) == 2


def test_answers_redecide_a_pended_case(
    database: Database, workflow: Workflow, people: dict[str, Principal], clock: Clock
) -> None:
    case = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX05"))).case
    assert case.status == "pended" and case.decided_at is None
    clock.advance(hours=5)
    answered = run(database, lambda s: workflow.answer(s, people["clinic"], case.id, EX05_ANSWERS))
    assert answered.status == "approved"
    assert answered.extended  # it waited for information: "approved after extension"
    assert answered.decided_at == clock.moment
    assert [d.trigger for d in answered.decisions] == ["submitted", "answers"]
    assert answered.answer_sets[0].answers == EX05_ANSWERS
    stored = run(database, lambda s: s.get(Case, case.id))
    assert workflow.redecide(stored) == stored.decisions[-1].result
    with pytest.raises(Conflict, match="no open questions"):
        run(database, lambda s: workflow.answer(s, people["clinic"], case.id, EX05_ANSWERS))


def test_answer_that_does_not_fit_its_fact_is_refused_and_nothing_changes(
    database: Database, workflow: Workflow, people: dict[str, Principal]
) -> None:
    case = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX05"))).case
    with pytest.raises(InvalidRequest, match=r"answers\.conservative_care\.weeks"):
        run(
            database,
            lambda s: workflow.answer(
                s, people["clinic"], case.id, {"conservative_care.weeks": "lots"}
            ),
        )
    stored = run(database, lambda s: s.get(Case, case.id))
    assert len(stored.decisions) == 1 and stored.answers == {}


def test_submitter_sees_only_its_organisation(
    database: Database, workflow: Workflow, people: dict[str, Principal]
) -> None:
    case = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX01"))).case
    run(database, lambda s: workflow.submit(s, people["other"], example("EX02")))
    with pytest.raises(NotFound):
        run(database, lambda s: workflow.get(s, people["other"], case.id))
    mine = run(database, lambda s: workflow.list_cases(s, people["other"], CaseFilter()))
    assert mine.total == 1 and mine.items[0].org == "clinic-b"
    everyone = run(database, lambda s: workflow.list_cases(s, people["nurse"], CaseFilter()))
    assert everyone.total == 2


def test_reviews_need_the_right_role_a_rationale_and_a_criterion(
    database: Database, workflow: Workflow, people: dict[str, Principal], clock: Clock
) -> None:
    case = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX04"))).case
    assert case.status == "in_review"

    def review(who: str, **given: Any) -> Case:
        return run(
            database, lambda s: workflow.review(s, people[who], case.id, ReviewInput(**given))
        )

    with pytest.raises(Forbidden):
        review("clinic", action="approve", rationale="looks fine")
    with pytest.raises(Forbidden, match="physician"):
        review("nurse", action="not_certified", rationale="no red flags", criterion="x")
    with pytest.raises(InvalidRequest, match="criterion: is required"):
        review("physician", action="not_certified", rationale="no red flags")
    with pytest.raises(InvalidRequest, match="rationale"):
        review("physician", action="approve", rationale="  ")
    with pytest.raises(InvalidRequest, match="not a criterion"):
        review("physician", action="not_certified", rationale="r", criterion="no-such-node")
    criterion = case.decisions[-1].result["decisions"][0]["unmet"][0]["path"][0]
    clock.advance(days=2)
    decided = review(
        "physician",
        action="not_certified",
        rationale="Six weeks of conservative care are not documented.",
        criterion=criterion,
    )
    assert decided.status == "not_certified"
    assert decided.decided_at == clock.moment
    assert decided.reviews[0].role == "physician"
    assert decided.reviews[0].criterion == criterion


def test_queue_is_ordered_by_due_time(
    database: Database, workflow: Workflow, people: dict[str, Principal], clock: Clock
) -> None:
    standard = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX04"))).case
    clock.advance(hours=1)
    urgent = {**example("EX07"), "urgency": "expedited"}
    expedited = run(database, lambda s: workflow.submit(s, people["clinic"], urgent)).case
    run(database, lambda s: workflow.submit(s, people["clinic"], example("EX01")))  # approved
    page = run(database, lambda s: workflow.queue(s, people["nurse"]))
    assert [c.id for c in page.items] == [expedited.id, standard.id]
    with pytest.raises(Forbidden):
        run(database, lambda s: workflow.queue(s, people["clinic"]))


def test_overdue_filter(
    database: Database, workflow: Workflow, people: dict[str, Principal], clock: Clock
) -> None:
    late = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX04"))).case
    run(database, lambda s: workflow.submit(s, people["clinic"], example("EX01")))
    clock.advance(days=8)
    page = run(
        database, lambda s: workflow.list_cases(s, people["nurse"], CaseFilter(overdue=True))
    )
    assert [c.id for c in page.items] == [late.id]


def test_every_read_and_write_is_audited_without_phi(
    database: Database, workflow: Workflow, people: dict[str, Principal]
) -> None:
    case = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX05"))).case
    run(database, lambda s: workflow.get(s, people["nurse"], case.id, "10.0.0.9"))
    run(database, lambda s: workflow.answer(s, people["clinic"], case.id, EX05_ANSWERS))
    with Session(database) as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["case.submit", "case.read", "case.read", "case.answer"]
    assert events[1].actor == people["nurse"].key_id and events[1].remote == "10.0.0.9"
    note = example("EX05")["notes"][0]["text"]
    for event in events:
        for value in (event.detail, event.action, event.org):
            assert value is None or note[:20] not in value


def test_answers_decided_against_a_case_that_changed_meanwhile_are_refused(
    database: Database, workflow: Workflow, people: dict[str, Principal]
) -> None:
    case = run(database, lambda s: workflow.submit(s, people["clinic"], example("EX05"))).case
    first = run(
        database,
        lambda s: workflow.open_answer(s, people["clinic"], case.id, {"trauma.recent": False}),
    )
    second = run(
        database, lambda s: workflow.open_answer(s, people["nurse"], case.id, EX05_ANSWERS)
    )
    run(
        database,
        lambda s: workflow.record_answer(
            s, people["nurse"], second, workflow.engine.decide(second.request)
        ),
    )
    with pytest.raises(Conflict, match="changed"):
        run(
            database,
            lambda s: workflow.record_answer(
                s, people["clinic"], first, workflow.engine.decide(first.request)
            ),
        )
    stored = run(database, lambda s: s.get(Case, case.id))
    assert [d.trigger for d in stored.decisions] == ["submitted", "answers"]
    assert stored.answers == EX05_ANSWERS


def test_a_manual_submission_holds_no_policy_lines_only_and_takes_no_answers(
    database: Database, workflow: Workflow, people: dict[str, Principal]
) -> None:
    line, data, request = MANUAL_LINE, MANUAL_DATA, MANUAL_REQUEST
    with pytest.raises(ValueError, match="no_policy"):
        workflow.prepare_manual(
            people["clinic"], data, request, {"decisions": [{**line, "outcome": "approved"}]}
        )
    with pytest.raises(Forbidden):
        workflow.prepare_manual(people["nurse"], data, request, {"decisions": [line]})
    prepared = workflow.prepare_manual(people["clinic"], data, request, {"decisions": [line]})
    case = run(database, lambda s: workflow.store(s, prepared, "pas:claim-9").case)
    assert case.status == "in_review" and case.request_ref == "claim-9"
    with pytest.raises(Conflict):
        run(database, lambda s: workflow.answer(s, people["clinic"], case.id, {"x": 1}))
    reviewed = run(
        database,
        lambda s: workflow.review(s, people["nurse"], case.id, ReviewInput("approve", "fine")),
    )
    assert reviewed.status == "approved"
