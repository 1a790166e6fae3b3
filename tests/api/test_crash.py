"""Kill -9 the server under load; after a restart every acknowledged request is stored exactly once and
none is half-written (a case always has its decision, its idempotency key and its audit row)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time
from pathlib import Path

from sqlalchemy import Engine as Database
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from priorauth.access.keys import create_key
from priorauth.access.roles import Role
from priorauth.store.tables import AuditEvent, Case, Decision, IdempotencyKey
from tests.api.server import free_port, start_server
from tests.conftest import example


def post(connection: http.client.HTTPConnection, key: str, token: str, body: bytes) -> int:
    headers = {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": key,
        "Content-Type": "application/json",
    }
    connection.request("POST", "/v1/requests", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


def load(
    port: int, token: str, worker: int, sent: list[str], acked: list[str], stop: threading.Event
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = 0
    while not stop.is_set() and n < 5000:
        key = f"w{worker}-{n}"
        body = json.dumps({**example("EX01"), "request_id": key}).encode()
        sent.append(key)
        try:
            status = post(connection, key, token, body)
        except (OSError, http.client.HTTPException):
            return  # the server is gone: this request was never acknowledged
        if status == 201:
            acked.append(key)
        n += 1


def server_url(database: Database) -> str:
    url = database.url.render_as_string(hide_password=False)
    if database.dialect.name == "postgresql":
        with database.connect() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar()
        url += f"?options=-csearch_path%3D{schema}"
    return url


def test_kill_9_under_load_loses_and_duplicates_nothing(database: Database, tmp_path: Path) -> None:
    with Session(database) as session, session.begin():
        token = create_key(session, Role.submitter, "clinic-a")
    url, port, log = server_url(database), free_port(), tmp_path / "server.log"
    server = start_server(url, port, log)
    sent: list[str] = []
    acked: list[str] = []
    stop = threading.Event()
    workers = [
        threading.Thread(target=load, args=(port, token, w, sent, acked, stop)) for w in range(6)
    ]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 20
    while len(acked) < 150 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(server.pid, signal.SIGKILL)  # mid-flight: requests are being written as it dies
    server.wait()
    stop.set()
    for w in workers:
        w.join()
    assert len(acked) >= 150, log.read_text()[-2000:]

    with Session(database) as session:
        stored = dict(
            session.execute(select(Case.request_ref, func.count()).group_by(Case.request_ref)).all()
        )
        assert all(stored.get(key) == 1 for key in acked), "an acknowledged request is missing"
        assert all(n == 1 for n in stored.values()), "a request is stored twice"
        cases = session.scalar(select(func.count()).select_from(Case))
        for table, where in (
            (Decision, Decision.seq == 1),
            (IdempotencyKey, True),
            (AuditEvent, AuditEvent.action == "case.submit"),
        ):
            n = session.scalar(select(func.count()).select_from(table).where(where))  # type: ignore[arg-type]
            assert n == cases, f"half-written cases: {cases} cases but {n} {table.__tablename__}"
        if database.dialect.name == "sqlite":
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    # After the restart, resending every request that was sent gives each exactly one case.
    server = start_server(url, port, log)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for key in set(sent) - set(acked):
            body = json.dumps({**example("EX01"), "request_id": key}).encode()
            assert post(connection, key, token, body) in (200, 201)
        for key in acked[:20]:
            body = json.dumps({**example("EX01"), "request_id": key}).encode()
            assert post(connection, key, token, body) == 200  # replayed, not stored again
    finally:
        server.terminate()
        server.wait()
    with Session(database) as session:
        refs = session.scalars(select(Case.request_ref)).all()
    assert sorted(refs) == sorted(set(sent))
