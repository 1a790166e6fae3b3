"""`priorauth db`, `admin` and `demo` as an operator runs them, on a SQLite file in a temporary folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from priorauth.store.database import make_engine
from priorauth.store.tables import ApiKey, Case

EXAMPLES = Path(__file__).parents[2] / "examples" / "requests"


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRIORAUTH_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "priorauth", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_db_upgrade_creates_the_store(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "revision 0002" in result.stdout
    assert (tmp_path / "priorauth.db").exists()


def test_create_key_prints_the_key_alone_and_stores_only_its_hash(tmp_path: Path) -> None:
    result = run(tmp_path, "admin", "create-key", "--role", "submitter", "--org", "clinic-a")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"pa_[0-9a-f]{12}_[\w-]{40,}\n", result.stdout)
    key = result.stdout.strip()
    with Session(make_engine(f"sqlite:///{tmp_path / 'priorauth.db'}")) as session:
        (row,) = session.scalars(select(ApiKey)).all()
    assert row.role == "submitter" and row.org == "clinic-a"
    assert key.split("_", 2)[2] not in row.secret_hash
    listed = run(tmp_path, "admin", "list-keys")
    assert row.id in listed.stdout and key not in listed.stdout
    revoked = run(tmp_path, "admin", "revoke-key", row.id)
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    assert run(tmp_path, "admin", "revoke-key", row.id).returncode == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "submitter"), "--org"),
        (("--role", "wizard"), "wizard"),
    ],
)
def test_create_key_refuses_bad_options(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(tmp_path, "admin", "create-key", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_demo_load_submits_the_examples_once(tmp_path: Path) -> None:
    first = run(tmp_path, "demo", "load", "--examples", str(EXAMPLES))
    assert first.returncode == 0, first.stderr
    assert "EX05: case" in first.stdout and "pended" in first.stdout
    second = run(tmp_path, "demo", "load", "--examples", str(EXAMPLES))
    assert second.stdout.count("loaded before") == len(list(EXAMPLES.glob("*.json")))
    with Session(make_engine(f"sqlite:///{tmp_path / 'priorauth.db'}")) as session:
        assert len(session.scalars(select(Case)).all()) == len(list(EXAMPLES.glob("*.json")))
    keys = (tmp_path / "demo-keys.json").read_text()
    assert all(role in keys for role in ("submitter", "nurse", "physician", "admin"))
    assert oct((tmp_path / "demo-keys.json").stat().st_mode)[-3:] == "600"


def test_serve_help_names_the_store_setting(tmp_path: Path) -> None:
    result = run(tmp_path, "serve", "--help")
    assert result.returncode == 0 and "DATABASE_URL" in result.stdout
