"""The store's schema on both backends: migrations, WAL, and an audit log that cannot be rewritten."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from priorauth.store.database import current_revision, make_engine, migrate


def test_migrations_create_every_table(database: Database) -> None:
    tables = set(inspect(database).get_table_names())
    assert {"cases", "decisions", "answers", "reviews", "audit_events", "api_keys"} <= tables
    assert current_revision(database) == "0002"


def test_migrating_again_changes_nothing(database: Database) -> None:
    migrate(database)
    assert current_revision(database) == "0002"


def test_sqlite_file_is_created_on_first_run_in_wal_mode(tmp_path) -> None:
    db = make_engine(f"sqlite:///{tmp_path / 'new' / 'priorauth.db'}")
    migrate(db)
    assert (tmp_path / "new" / "priorauth.db").exists()
    with db.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"]
)
def test_audit_log_is_append_only(database: Database, statement: str) -> None:
    with database.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (at, actor, role, action) VALUES (:at, 'k1', 'nurse', 'case.read')"
            ),
            {"at": dt.datetime(2025, 1, 1)},
        )
    with pytest.raises(DBAPIError, match="append-only"), database.begin() as connection:
        connection.execute(text(statement))
    with database.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_events")).scalars().all() == [
            "case.read"
        ]
