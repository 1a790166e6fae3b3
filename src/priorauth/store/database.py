"""Connecting to the store and migrating it: a SQLite file (WAL) by default, PostgreSQL by DATABASE_URL."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for `url`. SQLite files get WAL (readers never block the writer; a killed process
    loses no committed transaction), a busy timeout, foreign keys, and BEGIN IMMEDIATE: every
    transaction here writes (the audit log records reads too), and taking the write lock at BEGIN
    means a transaction waits for another process's writer instead of failing with SQLITE_BUSY."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, json_serializer=_json, **options
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 20)
    options.setdefault("pool_pre_ping", True)
    return create_engine(url, json_serializer=_json, **options)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


class WriterLock:
    """SQLite admits one writer at a time, and a writer that finds the lock taken sleeps in growing
    steps (1, 2, 5, 10 … ms) before it tries again: under load that sleeping, not the work, sets the
    latency. Writers of this store queue on this lock instead: a thread lock within the process and
    flock(2) on a file beside the database across processes, so the next writer starts the moment the
    last one commits. For PostgreSQL, whose writers do not block each other this way, it does nothing."""

    def __init__(self, engine: Engine) -> None:
        self._thread_lock = threading.Lock()
        self._file: int | None = None
        path = engine.url.database if engine.dialect.name == "sqlite" else None
        self.enabled = bool(path and path != ":memory:")
        self._path = f"{path}.writer-lock" if self.enabled else ""

    def __enter__(self) -> WriterLock:
        if self.enabled:
            self._thread_lock.acquire()
            if self._file is None:
                self._file = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            assert self._file is not None
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._thread_lock.release()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")  # configparser
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the store's schema to `revision` (Alembic); creates the SQLite file on first run."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
