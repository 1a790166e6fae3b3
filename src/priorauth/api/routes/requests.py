"""Prior-authorization requests: submit (idempotent), read, list, answer questions, record reviews."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Header, Query, Request

from priorauth.api.deps import Caller, State, as_utc, remote
from priorauth.api.responses import Json
from priorauth.api.schemas import AnswersBody, ReviewBody
from priorauth.model.request import InvalidRequest
from priorauth.observability.metrics import record_decision
from priorauth.workflow.cases import CaseFilter, ReviewInput
from priorauth.workflow.views import case_view, page_view

router = APIRouter(prefix="/v1/requests", tags=["requests"])

MAX_BODY = 2 * 1024 * 1024  # notes included; a larger request is refused with 413

SUBMIT_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/PriorAuthRequest"}}
        },
    }
}


@router.post(
    "",
    status_code=201,
    openapi_extra=SUBMIT_DOC,
    summary="Submit a request; it is decided at once",
    responses={
        200: {"description": "The same Idempotency-Key and body came before: that case"},
        201: {"description": "The case, with its decision"},
        409: {"description": "The Idempotency-Key was used with another body"},
        422: {"description": "Refused input; nothing stored"},
    },
)
async def submit(
    request: Request,
    state: State,
    who: Caller,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> Json:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise InvalidRequest(f"the request body is {len(body)} bytes; at most {MAX_BODY} are taken")
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as e:
        raise InvalidRequest(f"malformed JSON: {e}") from None
    where = remote(request)

    def work() -> tuple[dict[str, Any], bool]:
        prepared = state.workflow.prepare(who, data)  # the engine's work, outside the transaction
        with state.transaction() as session:
            done = state.workflow.store(session, prepared, idempotency_key, where)
            view = case_view(done.case, state.now())
        return view, done.replayed

    view, replayed = await state.run(work)
    request.state.case_id = view["id"]
    request.state.outcome = view["status"]
    if replayed:
        return Json(view, status_code=200, headers={"Idempotent-Replayed": "true"})
    for line in view["decision"]["decisions"]:
        record_decision(view["payer"], line["outcome"])
    return Json(view, status_code=201, headers={"Location": f"/v1/requests/{view['id']}"})


@router.get("/{case_id}", summary="A case: status, due time, decision, history")
async def get_case(case_id: str, request: Request, state: State, who: Caller) -> Json:
    request.state.case_id = case_id
    where = remote(request)

    def work() -> dict[str, Any]:
        with state.transaction() as session:
            return case_view(state.workflow.get(session, who, case_id, where), state.now())

    return Json(await state.run(work))


@router.get("", summary="List cases (a submitter sees only its organisation's)")
async def list_cases(
    request: Request,
    state: State,
    who: Caller,
    status: Annotated[
        Literal["pended", "in_review", "approved", "not_certified", "modified"] | None, Query()
    ] = None,
    payer: Annotated[Literal["anthem", "cigna", "healthhelp", "cohere"] | None, Query()] = None,
    urgency: Annotated[Literal["standard", "expedited"] | None, Query()] = None,
    org: Annotated[str | None, Query(description="Staff only; a submitter sees its own")] = None,
    request_id: Annotated[str | None, Query(description="The client's request_id")] = None,
    overdue: Annotated[bool | None, Query()] = None,
    received_from: Annotated[dt.datetime | None, Query()] = None,
    received_to: Annotated[dt.datetime | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Json:
    where = CaseFilter(
        status=status,
        payer=payer,
        urgency=urgency,
        org=org,
        request_ref=request_id,
        overdue=overdue,
        received_from=as_utc(received_from),
        received_to=as_utc(received_to),
        limit=limit,
        offset=offset,
    )
    address = remote(request)

    def work() -> dict[str, Any]:
        with state.transaction() as session:
            page = state.workflow.list_cases(session, who, where, address)
            return page_view(page, state.now())

    return Json(await state.run(work))


@router.post(
    "/{case_id}/answers", summary="Answer a pended case's questions; decided again at once"
)
async def answer(
    case_id: str, body: AnswersBody, request: Request, state: State, who: Caller
) -> Json:
    request.state.case_id = case_id
    view = await state.answer_case(who, case_id, body.answers, remote(request))
    for line in view["decision"]["decisions"]:
        record_decision(view["payer"], line["outcome"])
    return Json(view)


@router.post(
    "/{case_id}/reviews",
    status_code=201,
    summary="Record a clinician's decision (not_certified and modify need the physician role)",
)
async def review(
    case_id: str, body: ReviewBody, request: Request, state: State, who: Caller
) -> Json:
    request.state.case_id = case_id
    given = ReviewInput(
        action=body.action,
        rationale=body.rationale,
        criterion=body.criterion,
        service=body.service.upper() if body.service else None,
        modification=body.modification,
    )
    where = remote(request)

    def work() -> dict[str, Any]:
        with state.transaction() as session:
            case = state.workflow.review(session, who, case_id, given, where)
            return case_view(case, state.now())

    return Json(await state.run(work), status_code=201)
