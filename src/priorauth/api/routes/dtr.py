"""DTR: $questionnaire-package and $next-question for pended cases and CRD orders; QuestionnaireResponse
intake. Refusals are OperationOutcomes (api/problems.py)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request

from priorauth.api.deps import Caller, State, fhir_base, remote
from priorauth.api.problems import FHIR_JSON
from priorauth.api.responses import Json
from priorauth.fhir import dtr
from priorauth.fhir.resources import NotConformant

router = APIRouter(prefix="/fhir", tags=["fhir-dtr"])


async def _resource(request: Request, expected: str) -> dict[str, Any]:
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError as e:
        raise NotConformant(f"malformed JSON: {e}") from None
    if not isinstance(body, dict) or body.get("resourceType") != expected:
        got = body.get("resourceType") if isinstance(body, dict) else type(body).__name__
        raise NotConformant(f"expected a {expected} resource, got {got!r}")
    return body


def _parameter(parameters: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [x for x in parameters.get("parameter", []) if x.get("name") == name]


@router.post("/Questionnaire/$questionnaire-package", summary="DTR questionnaire package")
async def questionnaire_package(request: Request, state: State, who: Caller) -> Json:
    parameters = await _resource(request, "Parameters")
    wanted = [x.get("valueCanonical", "") for x in _parameter(parameters, "questionnaire")]
    # `context` is the id the questionnaire belongs to: a CRD coverage assertion, or case-<id>.
    for x in _parameter(parameters, "context"):
        ident = str(x.get("valueString", ""))
        kind = "case" if ident.startswith("case-") else "crd"
        wanted.append(f"/Questionnaire/{kind}-{ident.removeprefix('case-')}")
    if not wanted:
        raise NotConformant(
            "Parameters.parameter: name a questionnaire (the valueCanonical that a pended "
            "decision's Task or a CRD coverage-information gives) or a context (its id)",
            "Parameters.parameter",
        )
    reference, base, where = wanted[0], fhir_base(request), remote(request)

    def run() -> dict[str, Any]:
        with state.transaction() as session:
            return dtr.package(state.workflow, session, who, reference, base, where)

    return Json(await state.run(run), media_type=FHIR_JSON)


@router.post(
    "/Questionnaire/$next-question", summary="DTR adaptive questionnaire: the next question"
)
async def next_question(request: Request, state: State, who: Caller) -> Json:
    parameters = await _resource(request, "Parameters")
    given = _parameter(parameters, "questionnaire-response")
    if not given or not isinstance(given[0].get("resource"), dict):
        raise NotConformant(
            "Parameters.parameter: questionnaire-response (a resource) is required",
            "Parameters.parameter",
        )
    qr, base, where = given[0]["resource"], fhir_base(request), remote(request)

    def run() -> dict[str, Any]:
        with state.transaction() as session:
            return dtr.next_question(state.workflow, session, who, qr, base, where)

    return Json(await state.run(run), media_type=FHIR_JSON)


@router.post("/QuestionnaireResponse", status_code=201, summary="Answers to a case's questionnaire")
async def questionnaire_response(request: Request, state: State, who: Caller) -> Json:
    qr = await _resource(request, "QuestionnaireResponse")
    case_id, answers = dtr.answers_of_response(qr, state.workflow)
    view = await state.answer_case(who, case_id, answers, remote(request))
    request.state.case_id, request.state.outcome = case_id, view["status"]
    return Json(
        qr,
        status_code=201,
        media_type=FHIR_JSON,
        headers={"Location": f"/v1/requests/{case_id}", "X-Case-Status": view["status"]},
    )
