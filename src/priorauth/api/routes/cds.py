"""CDS Hooks 2.0 endpoints of the CRD services: discovery, and one POST per service."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request

from priorauth.api.deps import Caller, State, fhir_base, remote
from priorauth.api.responses import Json
from priorauth.fhir import crd
from priorauth.fhir.resources import NotConformant
from priorauth.workflow.errors import NotFound

router = APIRouter(prefix="/cds-services", tags=["fhir-crd"])


@router.get("", summary="CDS Hooks discovery: the CRD services")
async def discovery() -> Json:
    return Json(crd.discovery())


@router.post("/{service}", summary="Answer an order-select or order-sign hook")
async def hook(service: str, request: Request, state: State, who: Caller) -> Json:
    hooks = {crd.service_id(h): h for h in crd.HOOKS}
    if service not in hooks:
        raise NotFound(f"no CDS service {service!r}; see GET /cds-services")
    try:
        call = orjson.loads(await request.body())
    except orjson.JSONDecodeError as e:
        raise NotConformant(f"malformed JSON: {e}") from None
    if not isinstance(call, dict):
        raise NotConformant("the hook request must be a JSON object")
    base = fhir_base(request)
    where = remote(request)

    def run() -> dict[str, Any]:
        engine, settings = state.workflow.engine, state.settings
        answer = crd.answer_hook(hooks[service], call, engine, settings, who, base, where)
        with state.transaction() as session:  # the assertions are stored before the answer
            session.add_all(answer.records)
        return answer.response

    return Json(await state.run(run))
