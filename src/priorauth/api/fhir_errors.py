"""FHIR routes answer errors as OperationOutcome (`application/fhir+json`), not problem details."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from priorauth.api.responses import Json
from priorauth.fhir.resources import NotConformant, operation_outcome
from priorauth.model.request import InvalidRequest
from priorauth.workflow.errors import Conflict, Forbidden, NotFound

FHIR_JSON = "application/fhir+json"
T = TypeVar("T")

STATUS = {
    NotConformant: (422, "invalid"),
    InvalidRequest: (422, "invalid"),
    NotFound: (404, "not-found"),
    Forbidden: (403, "forbidden"),
    Conflict: (409, "conflict"),
}


class FhirJson(Json):
    media_type = FHIR_JSON


async def answered(work: Callable[[], Awaitable[T]]) -> T | FhirJson:
    """Run a FHIR route's work; a refusal becomes an OperationOutcome naming the problem."""
    try:
        return await work()
    except (NotConformant, InvalidRequest, NotFound, Forbidden, Conflict) as e:
        status, code = STATUS[type(e)]
        return FhirJson(operation_outcome(str(e), code), status_code=status)
