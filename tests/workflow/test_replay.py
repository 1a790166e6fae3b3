"""Stored cases decided again come out the same; a changed decision is reported."""

from __future__ import annotations

from sqlalchemy import Engine as Database
from sqlalchemy import update
from sqlalchemy.orm import Session

from priorauth.access.keys import create_key, verify_key
from priorauth.access.roles import Role
from priorauth.engine.engine import Engine
from priorauth.store.tables import Case, Decision
from priorauth.workflow.cases import Workflow
from priorauth.workflow.replay import replay
from tests.conftest import Clock, example
from tests.workflow.test_cases import MANUAL_DATA, MANUAL_LINE, MANUAL_REQUEST


def test_replay_reproduces_stored_decisions_and_reports_changes(
    database: Database, engine: Engine, clock: Clock
) -> None:
    workflow = Workflow(engine, now=clock)
    with Session(database) as session, session.begin():
        who = verify_key(session, create_key(session, Role.submitter, "clinic-a"))
    ids = []
    for name in ("EX01", "EX04", "EX05", "EX06"):
        with Session(database, expire_on_commit=False) as session, session.begin():
            ids.append(workflow.submit(session, who, example(name)).case.id)
    with Session(database) as session:
        report = replay(workflow, session)
    assert sorted(report.reproduced) == sorted(ids) and not report.differs

    with (
        Session(database) as session,
        session.begin(),
    ):  # a decision that is not what the engine says
        decision = session.query(Decision).filter(Decision.case_id == ids[0]).one()
        changed = {
            **decision.result,
            "decisions": [{**decision.result["decisions"][0], "outcome": "pended"}],
        }
        session.execute(update(Decision).where(Decision.id == decision.id).values(result=changed))
        older = session.query(Decision).filter(Decision.case_id == ids[1]).one()
        stale = [{**p, "version": "0"} for p in older.policies]
        session.execute(update(Decision).where(Decision.id == older.id).values(policies=stale))
    with Session(database) as session:
        report = replay(workflow, session)
        assert session.get(Case, ids[0]) is not None
    assert report.differs == [ids[0]]
    assert report.other_policy == [ids[1]]


def test_replay_counts_manual_cases_apart(database: Database, engine: Engine, clock: Clock) -> None:
    workflow = Workflow(engine, now=clock)
    with Session(database) as session, session.begin():
        who = verify_key(session, create_key(session, Role.submitter, "clinic-a"))
    result = {"request_id": "claim-9", "decisions": [MANUAL_LINE]}
    prepared = workflow.prepare_manual(who, MANUAL_DATA, MANUAL_REQUEST, result)
    with Session(database, expire_on_commit=False) as session, session.begin():
        case = workflow.store(session, prepared).case
    with Session(database) as session:
        report = replay(workflow, session)
    assert report.manual == [case.id] and not report.differs
