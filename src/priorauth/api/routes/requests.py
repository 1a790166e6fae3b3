"""Prior-authorization requests: submit (idempotent), read, list, answer questions, record reviews."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from priorauth.api.deps import Caller, State, remote
from priorauth.api.schemas import AnswersBody, ReviewBody
from priorauth.model.request import InvalidRequest
from priorauth.observability.metrics import record_decision
from priorauth.workflow.cases import CaseFilter, ReviewInput
from priorauth.workflow.views import case_summary, case_view

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
) -> JSONResponse:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise InvalidRequest(f"the request body is {len(body)} bytes; at most {MAX_BODY} are taken")
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as e:
        raise InvalidRequest(f"malformed JSON: {e}") from None
    where = remote(request)

    def work() -> tuple[dict[str, Any], bool]:
        with state.transaction() as session:
            done = state.workflow.submit(session, who, data, idempotency_key, where)
            view = case_view(done.case, state.now())
        return view, done.replayed

    view, replayed = await run_in_threadpool(work)
    request.state.case_id = view["id"]
    if replayed:
        return JSONResponse(view, status_code=200, headers={"Idempotent-Replayed": "true"})
    for line in view["decision"]["decisions"]:
        record_decision(view["payer"], line["outcome"])
    return JSONResponse(view, status_code=201, headers={"Location": f"/v1/requests/{view['id']}"})


@router.get("/{case_id}", summary="A case: status, due time, decision, history")
def get_case(case_id: str, request: Request, state: State, who: Caller) -> dict[str, Any]:
    request.state.case_id = case_id
    with state.transaction() as session:
        case = state.workflow.get(session, who, case_id, remote(request))
        return case_view(case, state.now())


@router.get("", summary="List cases (a submitter sees only its organisation's)")
def list_cases(
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
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    where = CaseFilter(
        status=status,
        payer=payer,
        urgency=urgency,
        org=org,
        request_ref=request_id,
        overdue=overdue,
        received_from=_aware(received_from),
        received_to=_aware(received_to),
        limit=limit,
        offset=offset,
    )
    with state.transaction() as session:
        page = state.workflow.list(session, who, where, remote(request))
        now = state.now()
        return {
            "items": [case_summary(c, now) for c in page.items],
            "total": page.total,
            "limit": page.limit,
            "offset": page.offset,
        }


@router.post(
    "/{case_id}/answers", summary="Answer a pended case's questions; decided again at once"
)
def answer(
    case_id: str, body: AnswersBody, request: Request, state: State, who: Caller
) -> dict[str, Any]:
    request.state.case_id = case_id
    with state.transaction() as session:
        case = state.workflow.answer(session, who, case_id, body.answers, remote(request))
        view = case_view(case, state.now())
    for line in view["decision"]["decisions"]:
        record_decision(view["payer"], line["outcome"])
    return view


@router.post(
    "/{case_id}/reviews",
    status_code=201,
    summary="Record a clinician's decision (not_certified and modify need the physician role)",
)
def review(
    case_id: str, body: ReviewBody, request: Request, state: State, who: Caller
) -> dict[str, Any]:
    request.state.case_id = case_id
    given = ReviewInput(
        action=body.action,
        rationale=body.rationale,
        criterion=body.criterion,
        service=body.service.upper() if body.service else None,
        modification=body.modification,
    )
    with state.transaction() as session:
        case = state.workflow.review(session, who, case_id, given, remote(request))
        return case_view(case, state.now())


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)
