"""FHIR R4, Da Vinci PAS 2.2.1: `POST /fhir/Claim/$submit` and `POST /fhir/Claim/$inquire`.

Bodies and answers are `application/fhir+json`; refusals are OperationOutcome (400 for a body that is
not a readable Bundle, 422 for one that is not a PAS request we can take; 401/403/404/409 as for the
native API). The caller authenticates with the same API keys and roles as the native API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from priorauth.api.deps import Caller, State, fhir_base, remote
from priorauth.api.problems import FHIR_JSON
from priorauth.api.responses import Json
from priorauth.fhir.bundle import PasBundle, decode, read_bundle
from priorauth.fhir.outcome import FhirError, Issue
from priorauth.fhir.service import Pas
from priorauth.observability.metrics import record_decision

router = APIRouter(prefix="/fhir", tags=["fhir"])

MAX_BODY = 4 * 1024 * 1024  # notes as base64 attachments
BUNDLE_DOC = {
    "requestBody": {
        "required": True,
        "content": {FHIR_JSON: {"schema": {"type": "object", "description": "A PAS Bundle"}}},
    }
}


async def _bundle(request: Request) -> PasBundle:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise FhirError(
            413,
            [
                Issue(
                    f"the bundle is {len(body)} bytes; at most {MAX_BODY} are taken",
                    None,
                    "too-costly",
                )
            ],
        )
    return read_bundle(decode(body))


@router.post(
    "/Claim/$submit",
    openapi_extra=BUNDLE_DOC,
    summary="PAS: submit a prior-authorization request Bundle; answers a response Bundle",
    response_class=Json,
)
async def submit(request: Request, state: State, who: Caller) -> Json:
    pas = await _bundle(request)
    service = Pas(state.workflow, state.settings, fhir_base(request))
    where = remote(request)

    def work() -> tuple[dict[str, Any], str, str, str, list[str], bool]:
        mapped, prepared = service.prepare(who, pas)  # the engine's work, outside the transaction
        with state.transaction() as session:
            done = service.submit(session, pas, mapped, prepared, where)
            case = done.case
            outcomes = [line["outcome"] for line in case.decisions[-1].result["decisions"]]
            return done.bundle, case.id, case.status, case.payer, outcomes, done.replayed

    bundle, case_id, status, payer, outcomes, replayed = await state.run(work)
    request.state.case_id = case_id
    request.state.outcome = status
    if not replayed:
        for outcome in outcomes:
            record_decision(payer, outcome)
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return Json(bundle, media_type=FHIR_JSON, headers=headers)


@router.post(
    "/Claim/$inquire",
    openapi_extra=BUNDLE_DOC,
    summary="PAS: the current state of a submitted request, found by its Claim identifier",
    response_class=Json,
)
async def inquire(request: Request, state: State, who: Caller) -> Json:
    pas = await _bundle(request)
    service = Pas(state.workflow, state.settings, fhir_base(request))
    where = remote(request)

    def work() -> tuple[dict[str, Any], str, str]:
        with state.transaction() as session:
            done = service.inquire(session, who, pas, where)
            return done.bundle, done.case.id, done.case.status

    bundle, case_id, status = await state.run(work)
    request.state.case_id = case_id
    request.state.outcome = status
    return Json(bundle, media_type=FHIR_JSON)
