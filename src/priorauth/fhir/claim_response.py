"""The ClaimResponse of a case: per item the X12 306 review action (`extension-reviewAction`), the
authorization number and period of an approval, the reasons citing the policy criteria by id and
verbatim text (processNote, reasonCode), and whether a clinician decided (claimResponseReviewer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import orjson

from priorauth.engine.trace import plain
from priorauth.fhir import profiles
from priorauth.fhir.reply import Reply, answered_lines, as_json, claim_ref, ref
from priorauth.policy.schema import Node
from priorauth.store.tables import Case, Review
from priorauth.workflow.status import LineState, line_states


def claim_response(reply: Reply) -> dict[str, Any]:
    case, claim = reply.case, reply.pas.claim
    result = case.decisions[-1].result
    states = line_states(result, case.reviews)
    notes: list[dict[str, Any]] = []
    items = []
    for sequence, state, decision in answered_lines(reply, states, result["decisions"]):
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
            *[as_json(i) for i in claim.identifier or []],
            {"system": profiles.CASE_ID, "value": case.id},
        ],
        "status": "active",
        "type": as_json(claim.type),
        "use": "preauthorization",
        "patient": ref(claim.patient),
        "created": reply.now.isoformat(),
        "insurer": ref(claim.insurer),
        "request": claim_ref(reply.pas),
        "outcome": "complete",
        "preAuthRef": case.id,
        "item": items,
    }
    if claim.provider is not None:
        response["requestor"] = ref(claim.provider)
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
            {"sequence": i.sequence, "focal": i.focal, "coverage": ref(i.coverage)}
            for i in claim.insurance
        ]
    return response


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
