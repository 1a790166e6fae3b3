"""The PAS response: a Bundle holding the ClaimResponse for a case — per item the X12 306 review action,
the authorization number and period of an approval, the reasons citing the policy criteria — the
resources it refers to, and for a case waiting on the provider the Task that asks for what is missing.

Everything here is derived from the stored case (its latest decision, its reviews) and the bundle the
provider sent, so `$inquire` answers the case's current state without storing anything of its own."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.task import Task

from priorauth.engine.registry import PolicyRegistry
from priorauth.engine.trace import plain
from priorauth.fhir import profiles
from priorauth.fhir.bundle import PasBundle
from priorauth.policy.schema import Node
from priorauth.store.tables import Case, Review
from priorauth.workflow.status import LineState, line_states

# Profiles of the resources a response copies from the request, set where the request left them out.
COPIED_PROFILES = {
    "Patient": profiles.PAS + "profile-subscriber",
    "Practitioner": profiles.PAS + "profile-practitioner",
    "PractitionerRole": profiles.PAS + "profile-practitionerrole",
}


@dataclass(frozen=True, slots=True)
class Reply:
    """What a response is built from: the case, the provider's bundle, the moment, and the settings."""

    case: Case
    pas: PasBundle
    now: dt.datetime
    auth_days: int
    registry: PolicyRegistry
    inquiry: bool = False


def response_bundle(reply: Reply) -> dict[str, Any]:
    claim_response = _claim_response(reply)
    entries: list[dict[str, Any]] = [
        {"fullUrl": _urn(reply.case.id, "ClaimResponse"), "resource": claim_response}
    ]
    for url, resource in _copied(reply.pas):
        entries.append({"fullUrl": url, "resource": resource})
    task = _task(reply)
    if task is not None:
        entries.append({"fullUrl": _urn(reply.case.id, "Task"), "resource": task})
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "meta": {
            "profile": [
                profiles.INQUIRY_RESPONSE_BUNDLE if reply.inquiry else profiles.RESPONSE_BUNDLE
            ]
        },
        "type": "collection",
        "timestamp": reply.now.isoformat(),
        "entry": entries,
    }
    if reply.pas.bundle.identifier is not None:
        bundle["identifier"] = _json(reply.pas.bundle.identifier)
    return _validated(Bundle, bundle)


# -- ClaimResponse ------------------------------------------------------------------------------


def _claim_response(reply: Reply) -> dict[str, Any]:
    case, claim = reply.case, reply.pas.claim
    result = case.decisions[-1].result
    states = line_states(result, case.reviews)
    notes: list[dict[str, Any]] = []
    items = []
    for sequence, state, decision in _items(reply, states, result["decisions"]):
        texts = list(_line_notes(reply, state, decision))
        numbers = []
        for text in texts:
            notes.append({"number": len(notes) + 1, "type": "display", "text": text})
            numbers.append(len(notes))
        items.append(_item(reply, sequence, state, decision, numbers))
    response: dict[str, Any] = {
        "resourceType": "ClaimResponse",
        "id": case.id,
        "meta": {
            "profile": [profiles.INQUIRY_RESPONSE if reply.inquiry else profiles.CLAIM_RESPONSE]
        },
        "identifier": [
            *[_json(i) for i in claim.identifier or []],
            {"system": profiles.CASE_ID, "value": case.id},
        ],
        "status": "active",
        "type": _json(claim.type),
        "use": "preauthorization",
        "patient": _ref(claim.patient),
        "created": reply.now.isoformat(),
        "insurer": _ref(claim.insurer),
        "request": _claim_ref(reply.pas),
        "outcome": "complete",
        "preAuthRef": case.id,
        "item": items,
    }
    if claim.provider is not None:
        response["requestor"] = _ref(claim.provider)
    if any(s.review_id is not None for s in states):
        response["extension"] = [
            {
                "url": profiles.REVIEWER,
                "extension": [{"url": "wasHumanReviewedFlag", "valueBoolean": True}],
            }
        ]
    if notes:
        response["processNote"] = notes
    if claim.insurance:
        response["insurance"] = [
            {"sequence": i.sequence, "focal": i.focal, "coverage": _ref(i.coverage)}
            for i in claim.insurance
        ]
    return response


def _items(
    reply: Reply, states: list[LineState], decisions: list[dict[str, Any]]
) -> Iterator[tuple[int, LineState, dict[str, Any]]]:
    """Each line of the case with the Claim.item sequence it answers: the item of the same service in
    the provider's claim (an inquiry may list fewer), else its place in the submitted claim."""
    items = reply.pas.claim.item or []
    if not reply.inquiry and len(items) == len(states):  # the claim the case was made from
        for index, (state, decision) in enumerate(zip(states, decisions, strict=True)):
            yield items[index].sequence or index + 1, state, decision
        return
    asked: dict[str, int] = {}
    for item in items:
        for coding in item.productOrService.coding or []:
            if coding.code:
                asked.setdefault(coding.code.upper(), item.sequence or len(asked) + 1)
    only_asked = reply.inquiry and any(s.service.upper() in asked for s in states)
    for index, (state, decision) in enumerate(zip(states, decisions, strict=True)):
        sequence = asked.get(state.service.upper())
        if only_asked and sequence is None:
            continue
        yield sequence or index + 1, state, decision


def _item(
    reply: Reply, sequence: int, state: LineState, decision: dict[str, Any], notes: list[int]
) -> dict[str, Any]:
    code, display = profiles.REVIEW_ACTIONS[state.state]
    action: list[dict[str, Any]] = []
    if code in ("A1", "A6"):
        action.append({"url": "number", "valueString": reply.case.id})
    action.append(
        {
            "url": profiles.REVIEW_ACTION_CODE,
            "valueCodeableConcept": {
                "coding": [{"system": profiles.X12_REVIEW_ACTION, "code": code, "display": display}]
            },
        }
    )
    review = _review(reply.case, state)
    if review is not None and review.criterion and decision.get("policy"):
        policy = decision["policy"]["id"]
        action.append(
            {
                "url": "reasonCode",
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": profiles.CRITERION,
                            "code": f"{policy}#{review.criterion}",
                            "display": _criterion_text(reply, policy, review.criterion),
                        }
                    ]
                },
            }
        )
    extensions: list[dict[str, Any]] = []
    if code in ("A1", "A6"):
        start = dt.date.fromisoformat(orjson.loads(reply.case.request_body)["request_date"])
        issued = (reply.case.decided_at or reply.now).date()
        extensions += [
            {"url": profiles.PRE_AUTH_ISSUE_DATE, "valueDate": issued.isoformat()},
            {
                "url": profiles.PRE_AUTH_PERIOD,
                "valuePeriod": {
                    "start": start.isoformat(),
                    "end": (start + dt.timedelta(days=reply.auth_days)).isoformat(),
                },
            },
        ]
    else:
        extensions.append(
            {
                "url": profiles.PAS + "extension-administrationReferenceNumber",
                "valueString": reply.case.id,
            }
        )
    item: dict[str, Any] = {
        "extension": extensions,
        "itemSequence": sequence,
        "adjudication": [
            {
                "extension": [{"url": profiles.REVIEW_ACTION, "extension": action}],
                "category": {"coding": [{"system": profiles.ADJUDICATION, "code": "submitted"}]},
            }
        ],
    }
    if notes:
        item["noteNumber"] = notes
    return item


def _line_notes(reply: Reply, state: LineState, decision: dict[str, Any]) -> Iterator[str]:
    """The reasons for a line's state, citing each criterion by id with its verbatim text."""
    service = decision["service"]
    policy = decision.get("policy")
    cite = f"{policy['id']} ({policy['version']})" if policy else ""
    review = _review(reply.case, state)
    if review is not None:
        said = (
            f"Service {service}: {review.action.replace('_', ' ')} by a clinician ({review.role})"
        )
        if review.criterion and policy:
            text = _criterion_text(reply, policy["id"], review.criterion)
            said += f", citing {cite} criterion {review.criterion}: \u201c{text}\u201d"
        yield f"{said}. {review.rationale}"
        if review.modification:
            yield f"Service {service}: approved instead: {review.modification}"
        return
    if state.state == "approved":
        for met in decision["matched"]:
            yield f"Service {service}: {cite} criterion {met['path'][-1]} is met: \u201c{met['text']}\u201d"
        return
    for reason in decision["reasons"]:
        yield f"Service {service}: {reason}"
    for unmet in decision["unmet"]:
        yield (
            f"Service {service}: {cite} criterion {unmet['path'][-1]} is not met on the "
            f"information given: \u201c{unmet['text']}\u201d"
        )
    for question in decision["questions"]:
        yield f"Service {service}: information needed: {question['text']}"


def _review(case: Case, state: LineState) -> Review | None:
    if state.review_id is None:
        return None
    return next((r for r in case.reviews if r.id == state.review_id), None)


def _criterion_text(reply: Reply, policy_id: str, criterion: str) -> str:
    policy = reply.registry.by_id.get(policy_id)
    if policy is None:
        return criterion
    for node in _walk(policy.files.criteria.criteria):
        if node.id == criterion:
            return plain(node.text) or criterion
    return criterion


def _walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


# -- Task: the information a pended case waits for ----------------------------------------------


def _task(reply: Reply) -> dict[str, Any] | None:
    """A PAS Task asking the provider for the answers to the open questions of the case's pended lines
    (none when no line waits for information)."""
    case, claim = reply.case, reply.pas.claim
    result = case.decisions[-1].result
    states = line_states(result, case.reviews)
    inputs = []
    for sequence, state, decision in _items(reply, states, result["decisions"]):
        if state.state != "pended":
            continue
        for question in decision["questions"]:
            inputs.append(
                {
                    "extension": [
                        {"url": profiles.SERVICE_LINE_NUMBER, "valuePositiveInt": sequence}
                    ],
                    "type": {
                        "coding": [
                            {"system": profiles.PAS_TEMP_CODES, "code": "attachments-needed"}
                        ]
                    },
                    "valueCodeableConcept": {
                        "coding": [{"system": profiles.FACT, "code": question["fact"]}],
                        "text": question["text"],
                    },
                }
            )
    if not inputs:
        return None
    task: dict[str, Any] = {
        "resourceType": "Task",
        "id": f"{case.id}-information",
        "meta": {"profile": [profiles.TASK]},
        "identifier": [{"system": profiles.CASE_ID, "value": case.id}],
        "status": "requested",
        "intent": "order",
        "code": {
            "coding": [{"system": profiles.PAS_TEMP_CODES, "code": "attachment-request-code"}]
        },
        "for": _ref(claim.patient),
        "authoredOn": case.decisions[-1].made_at.isoformat(),
        "requester": _ref(claim.insurer),
        "reasonCode": {
            "coding": [{"system": profiles.PAS_TEMP_CODES, "code": "priorAuthorization"}]
        },
        "reasonReference": _claim_ref(reply.pas),
        "input": inputs,
    }
    if claim.provider is not None:
        task["owner"] = _ref(claim.provider)
    return _validated(Task, task)


# -- shared -------------------------------------------------------------------------------------


def _copied(pas: PasBundle) -> Iterator[tuple[str, dict[str, Any]]]:
    """The Patient, insurer and requestor of the claim, as the response examples carry them."""
    claim = pas.claim
    seen: set[int] = set()
    for ref in (claim.patient, claim.insurer, claim.provider):
        if ref is None or ref.reference is None:
            continue
        found = pas.resources.get(ref.reference) or pas.resources.get(
            "/".join(ref.reference.rsplit("/", 2)[-2:])
        )
        if found is None or id(found) in seen:
            continue
        seen.add(id(found))
        data = _json(found)
        kind = found.get_resource_type()
        if not data.get("meta", {}).get("profile"):
            profile = COPIED_PROFILES.get(kind)
            if kind == "Organization":
                profile = profiles.PAS + (
                    "profile-insurer" if ref is claim.insurer else "profile-requestor"
                )
            if profile:
                data.setdefault("meta", {})["profile"] = [profile]
        url = next(
            (e.fullUrl for e in pas.bundle.entry or [] if e.resource is found and e.fullUrl),
            _urn(f"{kind}/{found.id}", kind),
        )
        yield url, data


def _claim_ref(pas: PasBundle) -> dict[str, Any]:
    claim = pas.claim
    if claim.id:
        return {"reference": f"Claim/{claim.id}"}
    identifier = next(iter(claim.identifier or []), None)
    return {"identifier": _json(identifier)} if identifier is not None else {"display": "the claim"}


def _ref(ref: Reference | None) -> dict[str, Any]:
    return _json(ref) if ref is not None else {}


def _json(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(model.model_dump_json())
    return data


def _urn(seed: str, kind: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'priorauth:{kind}:{seed}')}"


def _validated(kind: type[Resource], data: dict[str, Any]) -> dict[str, Any]:
    """Build the resource with fhir.resources (which refuses anything malformed) and give its JSON."""
    return _json(kind.model_validate(data))
