"""CMS-0057-F figures for plan operations, and the service's own Prometheus metrics."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from priorauth.access.roles import Action
from priorauth.api.deps import Caller, State, as_utc, remote
from priorauth.api.responses import Json
from priorauth.observability.metrics import exposition
from priorauth.store import audit
from priorauth.workflow.cms import cms_metrics
from priorauth.workflow.errors import Forbidden

router = APIRouter(tags=["operations"])


@router.get(
    "/v1/metrics/cms", summary="Approved / denied / after-extension shares and decision times"
)
async def cms(
    request: Request,
    state: State,
    who: Caller,
    received_from: Annotated[dt.datetime | None, Query()] = None,
    received_to: Annotated[dt.datetime | None, Query()] = None,
) -> Json:
    if not who.may(Action.read_cms_metrics):
        raise Forbidden(f"the {who.role.value} role may not read the CMS metrics")
    where = remote(request)

    def work() -> dict[str, Any]:
        with state.transaction() as session:
            report = cms_metrics(session, state.now(), as_utc(received_from), as_utc(received_to))
            audit.record(session, who, "metrics.cms.read", None, where)
            return report

    return Json(await state.run(work))


@router.get("/metrics", summary="Prometheus metrics (admin key)", response_class=Response)
def prometheus(who: Caller) -> Response:
    if not who.may(Action.read_service_metrics):
        raise Forbidden(f"the {who.role.value} role may not read the service metrics")
    body, media_type = exposition()
    return Response(body, media_type=media_type)
