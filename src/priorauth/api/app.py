"""The FastAPI application: routes, problem details, request logging and metrics, the shared state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine as Database

from priorauth import __version__
from priorauth.access.keys import KeyCache
from priorauth.api import problems
from priorauth.api.observe import Observe
from priorauth.api.responses import Json
from priorauth.api.routes import cds, dtr, fhir, health, metrics, queue, requests
from priorauth.api.state import ServiceState
from priorauth.engine.engine import Engine
from priorauth.evidence.icd10 import normalise_icd10
from priorauth.model.request import PriorAuthRequest
from priorauth.settings import Settings, get_settings
from priorauth.store.database import make_engine, session_factory
from priorauth.workflow.cases import Workflow

DESCRIPTION = """Prior authorization for advanced imaging. Submit a request; it is decided at once
against the payer's coverage policy (approved, pended with questions, routed to clinical review, or no
policy). Answer a pended request's questions; clinicians record reviews from the queue. Every read and write
is audited. Authenticate with `Authorization: Bearer <api key>`; errors are RFC 9457 problem details."""


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    workflow: Workflow | None = None,
    database: Database | None = None,
) -> FastAPI:
    """The API over `engine` (default: the policies of `settings`) and the store at `settings`'s URL.
    The schema must be migrated already (`priorauth db upgrade`; `priorauth serve` does it)."""
    settings = settings or get_settings()
    if workflow is None:
        engine = engine or Engine.load(settings.policies, read_notes=settings.read_notes)
        workflow = Workflow(engine)
    normalise_icd10("M54.2")  # load the code set now, not in the first requests' threads at once
    database = database or make_engine(settings.store_url())
    service = ServiceState(
        settings=settings,
        database=database,
        sessions=session_factory(database),
        workflow=workflow,
        keys=KeyCache(settings.key_cache_seconds),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="priorauth",
        version=__version__,
        description=DESCRIPTION,
        default_response_class=Json,
        lifespan=lifespan,
    )
    app.state.service = service
    problems.install(app)
    for module in (requests, queue, metrics, health, fhir, dtr, cds):
        app.include_router(module.router)
    app.add_middleware(Observe)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated schema, plus the native request's schema (the submit route reads its body itself,
    to refuse bad input with the same messages as the CLI)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    request_schema = PriorAuthRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(request_schema.pop("$defs", {}))
    components["PriorAuthRequest"] = request_schema
    schema.setdefault("components", {})["securitySchemes"] = {
        "HTTPBearer": {"type": "http", "scheme": "bearer"}
    }
    app.openapi_schema = schema
    return schema
