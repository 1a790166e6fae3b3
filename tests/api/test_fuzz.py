"""Property-based requests generated from the OpenAPI schema (schemathesis, against a real server):
whatever a client sends, the API answers with a status below 500, never a server error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from priorauth.access.keys import create_key
from priorauth.access.roles import Role
from priorauth.store.database import make_engine, migrate
from tests.api.server import free_port, start_server


def test_no_generated_request_makes_a_server_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    database = make_engine(url)
    migrate(database)
    with Session(database) as session, session.begin():
        keys = [create_key(session, role, "clinic-a") for role in (Role.submitter, Role.physician)]
    port, log = free_port(), tmp_path / "server.log"
    server = start_server(url, port, log)
    cli = Path(sys.executable).parent / "schemathesis"
    try:
        for key in keys:
            result = subprocess.run(
                [
                    str(cli),
                    "run",
                    f"http://127.0.0.1:{port}/openapi.json",
                    "-H",
                    f"Authorization: Bearer {key}",
                    "--checks",
                    "not_a_server_error",
                    "--max-examples",
                    "25",
                    "--seed",
                    "1",
                    "--no-color",
                ],
                cwd=tmp_path,  # schemathesis keeps a cache in its working folder
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
                env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
            )
            assert result.returncode == 0, result.stdout[-3000:] + log.read_text()[-2000:]
    finally:
        server.terminate()
        server.wait()
