"""The reviewer queue: cases waiting for a clinician, the soonest due first."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from priorauth.api.deps import Caller, State, remote
from priorauth.api.responses import Json
from priorauth.workflow.views import page_view

router = APIRouter(prefix="/v1/queue", tags=["review"])


@router.get("", summary="Cases waiting for a clinician, ordered by due time; overdue ones flagged")
async def queue(
    request: Request,
    state: State,
    who: Caller,
    include_pended: Annotated[
        bool, Query(description="Also cases waiting for the provider's answers")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Json:
    where = remote(request)

    def work() -> dict[str, Any]:
        with state.transaction() as session:
            page = state.workflow.queue(session, who, include_pended, limit, offset, where)
            return page_view(page, state.now())

    return Json(await state.run(work))
