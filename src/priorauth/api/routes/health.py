"""Liveness and readiness: the policies are loaded and the store answers. No key needed."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter
from sqlalchemy import text

from priorauth.api.deps import State
from priorauth.api.responses import Json

router = APIRouter(tags=["operations"])
log = logging.getLogger("priorauth.api")


@router.get("/healthz", summary="Is the service able to decide and store?")
async def healthz(state: State) -> Any:
    def probe() -> str:
        try:
            with state.database.connect() as connection:
                connection.execute(text("SELECT 1"))
            return "ok"
        except Exception:  # the reason goes to the log, not to an unauthenticated caller
            log.exception("store probe failed")
            return "unavailable"

    store = await state.run(probe)
    body = {
        "status": "ok" if store == "ok" else "degraded",
        "store": store,
        "backend": state.database.dialect.name,
        "policies": len(state.workflow.engine.registry.policies),
    }
    return Json(body, status_code=200 if store == "ok" else 503)
