"""Errors as RFC 9457 problem details (`application/problem+json`): type, title, status, detail, and for
refused input the field-by-field `errors`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from priorauth.access.keys import InvalidKey
from priorauth.api.responses import Json
from priorauth.fhir.outcome import FhirError, Issue, operation_outcome
from priorauth.model.request import InvalidRequest
from priorauth.workflow.errors import Conflict, Forbidden, NotFound

MEDIA_TYPE = "application/problem+json"
TYPES = "https://priorauth.dev/problems/"

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid input",
    500: "Internal error",
}


def problem(
    status: int,
    detail: str,
    kind: str | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Json:
    body: dict[str, Any] = {
        "type": TYPES + (kind or TITLES.get(status, "error").lower().replace(" ", "-")),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return Json(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


FHIR_JSON = "application/fhir+json"
# HTTP status -> http://hl7.org/fhir/issue-type, for refusals on the FHIR routes
ISSUE_TYPES = {
    400: "structure",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "invalid",
}


def fhir_outcome(status: int, issues: list[Issue], headers: dict[str, str] | None = None) -> Json:
    return Json(
        operation_outcome(issues), status_code=status, media_type=FHIR_JSON, headers=headers
    )


def _on_fhir(request: Request) -> bool:
    return request.url.path.startswith(("/fhir/", "/cds-services"))


def _refusal(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Json:
    """A problem details body, or on the FHIR routes an OperationOutcome saying the same."""
    if _on_fhir(request):
        issue = Issue(detail, None, ISSUE_TYPES.get(status, "exception"))
        return fhir_outcome(status, [issue], headers)
    return problem(status, detail, instance=request.url.path, headers=headers)


def invalid(detail: str, instance: str | None = None) -> Json:
    """A 422 whose `errors` repeat each `field: message` of the detail as an object."""
    errors = []
    for part in detail.split("; "):
        field, sep, message = part.partition(": ")
        errors.append({"field": field, "message": message} if sep else {"message": part})
    return problem(422, detail, "invalid-input", instance, errors=errors)


def install(app: FastAPI) -> None:
    @app.exception_handler(FhirError)
    async def _fhir(request: Request, exc: FhirError) -> Json:
        return fhir_outcome(exc.status, exc.issues)

    @app.exception_handler(InvalidRequest)
    async def _invalid(request: Request, exc: InvalidRequest) -> Json:
        if _on_fhir(request):
            return _refusal(request, 422, str(exc))
        return invalid(str(exc), request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Json:
        errors = []
        for e in exc.errors():
            loc = tuple(e.get("loc", ()))
            if loc[:1] == ("body",):  # name the field, not where FastAPI found it
                loc = loc[1:]
            errors.append({**e, "loc": loc})
        if _on_fhir(request):
            return _refusal(request, 422, _describe(errors))
        return invalid(_describe(errors), request.url.path)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Json:
        return _refusal(request, 404, str(exc))

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Json:
        return _refusal(request, 403, str(exc))

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Json:
        return _refusal(request, 409, str(exc))

    @app.exception_handler(InvalidKey)
    async def _unauthenticated(request: Request, exc: InvalidKey) -> Json:
        return _refusal(request, 401, str(exc), {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Json:
        return _refusal(
            request,
            exc.status_code,
            str(exc.detail),
            dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Json:
        import logging

        logging.getLogger("priorauth.api").exception(
            "unhandled error", extra={"path": request.url.path}
        )
        return _refusal(request, 500, "the server could not handle this request")


def _describe(errors: list[dict[str, Any]]) -> str:
    lines = []
    for e in errors:
        loc = ""
        for part in e["loc"]:
            loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
        msg = str(e.get("msg", "is invalid")).removeprefix("Value error, ")
        kind = e.get("type", "")
        if kind == "missing":
            msg = "is required"
        elif kind == "extra_forbidden":
            msg = "is not a field here"
        elif kind == "json_invalid":
            msg = f"malformed JSON: {e.get('ctx', {}).get('error', msg)}"
        elif "input" in e and kind.startswith(("literal_", "enum", "int_", "bool_", "string_")):
            msg = f"{e['input']!r}: {msg}"
        lines.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(lines)
