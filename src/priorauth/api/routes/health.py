"""Liveness and readiness: the policies are loaded and the store answers. No key needed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from priorauth.api.deps import State

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Is the service able to decide and store?")
def healthz(state: State) -> Any:
    try:
        with state.database.connect() as connection:
            connection.execute(text("SELECT 1"))
        store = "ok"
    except Exception:  # the reason goes to the log, not to an unauthenticated caller
        store = "unavailable"
    body = {
        "status": "ok" if store == "ok" else "degraded",
        "store": store,
        "backend": state.database.dialect.name,
        "policies": len(state.workflow.engine.registry.policies),
    }
    return JSONResponse(body, status_code=200 if store == "ok" else 503)
