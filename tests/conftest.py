from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from priorauth.engine.engine import Engine
from priorauth.policy.loader import policy_root
from priorauth.store.database import make_engine, migrate
from priorauth.store.tables import Base

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_POLICIES = FIXTURES / "policies"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the shipped policies."""
    return Engine.load(policy_root())


@pytest.fixture(scope="session")
def knee() -> Engine:
    """The engine over the fixture policy, which exercises every node kind and decision rule."""
    return Engine.load(FIXTURE_POLICIES)


# -- the case store, on both backends ------------------------------------------------------------


POSTGRES_URL = os.environ.get(
    "PRIORAUTH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
EXAMPLES = Path(__file__).parent.parent / "examples" / "requests"


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    return data


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[Database]:
    """A migrated schema of its own in the `test` database, dropped at the end. Where PostgreSQL is
    not running the PostgreSQL half of the store tests is skipped, except under CI, where it fails."""
    schema = f"priorauth_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as e:  # pragma: no cover - depends on the machine
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}: {type(e).__name__}")
    database = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    migrate(database)
    yield database
    database.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty store: a fresh SQLite file, or the PostgreSQL test schema emptied."""
    if request.param == "sqlite":
        db = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
        migrate(db)
        yield db
        db.dispose()
        return
    db = request.getfixturevalue("postgres_schema")
    with db.begin() as connection:
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield db


class Clock:
    """A settable clock for due times and decision times."""

    def __init__(self, start: dt.datetime = dt.datetime(2025, 11, 3, 9, 0, tzinfo=dt.UTC)) -> None:
        self.moment = start

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def keys(database: Database) -> dict[str, str]:
    """One API key per kind of caller: two clinics' submitters, a nurse, a physician, an admin."""
    from sqlalchemy.orm import Session

    from priorauth.access.keys import create_key
    from priorauth.access.roles import Role

    with Session(database) as session, session.begin():
        return {
            "clinic": create_key(session, Role.submitter, "clinic-a"),
            "other": create_key(session, Role.submitter, "clinic-b"),
            "nurse": create_key(session, Role.nurse, None),
            "physician": create_key(session, Role.physician, None),
            "admin": create_key(session, Role.admin, None),
        }
