"""`priorauth serve`, `priorauth db`, `priorauth admin` and `priorauth demo`: running the service."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from priorauth.access.roles import Role

if TYPE_CHECKING:
    from sqlalchemy import Engine

db_app = typer.Typer(help="The case store: migrate it (Alembic).", no_args_is_help=True)
admin_app = typer.Typer(help="API keys: create, list, revoke.", no_args_is_help=True)
cases_app = typer.Typer(help="Stored cases: audits and re-reviews.", no_args_is_help=True)
demo_app = typer.Typer(
    help="Demo cases and keys for a first look at the service.", no_args_is_help=True
)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="The store (default: $DATABASE_URL, else a SQLite file under $PRIORAUTH_DATA_DIR or data/).",
    ),
]


def _database(url: str | None) -> Engine:
    from priorauth.settings import get_settings, normalise_database_url
    from priorauth.store.database import make_engine

    if url:
        os.environ["DATABASE_URL"] = url  # workers started by uvicorn read the same store
        get_settings.cache_clear()
        return make_engine(normalise_database_url(url))
    return make_engine(get_settings().store_url())


def _migrated(url: str | None) -> Engine:
    from priorauth.store.database import migrate

    database = _database(url)
    migrate(database)
    return database


@db_app.command("upgrade")
def upgrade(database_url: DatabaseOption = None) -> None:
    """Create or migrate the store's schema to the latest revision."""
    from priorauth.store.database import current_revision

    database = _migrated(database_url)
    typer.echo(f"store at revision {current_revision(database)}: {database.url!r}")


@admin_app.command("create-key")
def create_key(
    role: Annotated[Role, typer.Option(help="submitter, nurse, physician or admin.")],
    org: Annotated[
        str | None, typer.Option(help="The provider organisation a submitter key is scoped to.")
    ] = None,
    label: Annotated[str | None, typer.Option(help="A note on who holds the key.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Create an API key and print it alone on stdout (it is stored hashed: this is the only copy)."""
    from sqlalchemy.orm import Session

    from priorauth.access.keys import create_key as make_key

    database = _migrated(database_url)
    try:
        with Session(database) as session, session.begin():
            key = make_key(session, role, org, label)
    except ValueError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    typer.echo(key)


@admin_app.command("list-keys")
def list_keys(database_url: DatabaseOption = None) -> None:
    """Key ids, roles, organisations and whether revoked (never the secrets)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from priorauth.store.tables import ApiKey

    database = _migrated(database_url)
    with Session(database) as session:
        for row in session.scalars(select(ApiKey).order_by(ApiKey.created_at)):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            typer.echo(f"{row.id}\t{row.role}\t{row.org or '-'}\t{state}\t{row.label or ''}")


@admin_app.command("revoke-key")
def revoke_key(
    key_id: Annotated[str, typer.Argument(help="The key's id (the part after pa_).")],
    database_url: DatabaseOption = None,
) -> None:
    """Revoke a key; servers stop accepting it within their key cache time (30 s by default)."""
    from sqlalchemy.orm import Session

    from priorauth.access.keys import revoke_key as revoke

    database = _migrated(database_url)
    with Session(database) as session, session.begin():
        done = revoke(session, key_id)
    if not done:
        typer.echo(f"no active key {key_id!r}", err=True)
        raise typer.Exit(2)
    typer.echo(f"revoked {key_id}")


@demo_app.command("load")
def demo_load(
    examples: Annotated[
        Path, typer.Option(help="Folder of request JSON files to submit as the demo clinic.")
    ] = Path("examples/requests"),
    database_url: DatabaseOption = None,
) -> None:
    """Create one demo key per role (kept in <data dir>/demo-keys.json, for this demo only) and submit
    the example requests as the `demo-clinic` organisation. Running it again adds nothing."""
    from sqlalchemy.orm import Session

    from priorauth.access.keys import create_key as make_key
    from priorauth.access.keys import verify_key
    from priorauth.engine.engine import Engine
    from priorauth.settings import get_settings
    from priorauth.workflow.cases import Workflow

    database = _migrated(database_url)
    settings = get_settings()
    keys_file = settings.data_dir / "demo-keys.json"
    keys: dict[str, str] = json.loads(keys_file.read_text()) if keys_file.exists() else {}
    with Session(database) as session, session.begin():
        for role in Role:
            if role.value not in keys:
                org = "demo-clinic" if role is Role.submitter else None
                keys[role.value] = make_key(session, role, org, "demo")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keys_file.write_text(json.dumps(keys, indent=2) + "\n")
    keys_file.chmod(0o600)
    workflow = Workflow(Engine.load(settings.policies, read_notes=settings.read_notes))
    with Session(database) as session, session.begin():
        submitter = verify_key(session, keys["submitter"])
    for path in sorted(examples.glob("*.json")):
        with Session(database, expire_on_commit=False) as session, session.begin():
            done = workflow.submit(
                session, submitter, json.loads(path.read_text()), f"demo-{path.stem}", "cli"
            )
        typer.echo(
            f"{path.stem}: case {done.case.id} {done.case.status}"
            + (" (loaded before)" if done.replayed else "")
        )
    typer.echo(f"demo keys (one per role) are in {keys_file}")


@cases_app.command("replay")
def replay_cases(
    limit: Annotated[
        int | None, typer.Option(help="At most this many cases, oldest first.")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Decide every stored case again with the loaded policies and compare with its latest decision.
    Cases decided under another policy version are counted apart. Exits 1 if any case differs."""
    from sqlalchemy.orm import Session

    from priorauth.engine.engine import Engine
    from priorauth.settings import get_settings
    from priorauth.workflow.cases import Workflow
    from priorauth.workflow.replay import replay

    database = _migrated(database_url)
    settings = get_settings()
    workflow = Workflow(Engine.load(settings.policies, read_notes=settings.read_notes))
    with Session(database) as session:
        report = replay(workflow, session, limit)
    typer.echo(
        f"{len(report.reproduced)} reproduced, {len(report.differs)} differ, "
        f"{len(report.other_policy)} decided under another policy version, "
        f"{len(report.manual)} taken for manual handling (no native request to decide)"
    )
    for case_id in report.differs:
        typer.echo(f"differs: {case_id}")
    if report.differs:
        raise typer.Exit(1)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    database_url: DatabaseOption = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
) -> None:
    """Serve the REST API (OpenAPI at /docs). Migrates the store first; `DATABASE_URL` selects it."""
    import uvicorn

    from priorauth.observability.logs import configure

    _migrated(database_url)
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="priorauth-metrics-")
    os.environ["PRIORAUTH_LOG_LEVEL"] = log_level.upper()
    configure(log_level)
    uvicorn.run(
        "priorauth.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=False,  # our request log has the route template and ids, never the query string
    )
