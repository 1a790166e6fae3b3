"""The Task of a case waiting for information (PAS `profile-task`): the questions of its pended lines,
each an `attachments-needed` input on its service line, coded by the fact it asks for."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.task import Task

from priorauth.fhir import profiles
from priorauth.fhir.reply import Reply, answered_lines, claim_ref, ref, validated
from priorauth.workflow.status import line_states


def information_task(reply: Reply) -> dict[str, Any] | None:
    """A PAS Task asking the provider for the answers to the open questions of the case's pended lines
    (none when no line waits for information)."""
    case, claim = reply.case, reply.pas.claim
    result = case.decisions[-1].result
    states = line_states(result, case.reviews)
    inputs = []
    for sequence, state, decision in answered_lines(reply, states, result["decisions"]):
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
    if reply.fhir_base:  # the questions as one DTR questionnaire (CDex data-request-questionnaire)
        inputs.append(
            {
                "type": {"coding": [{"system": profiles.CDEX_TEMP, "code": "questionnaire"}]},
                "valueCanonical": f"{reply.fhir_base}/Questionnaire/case-{case.id}",
            }
        )
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
        "for": ref(claim.patient),
        "authoredOn": case.decisions[-1].made_at.isoformat(),
        "requester": ref(claim.insurer),
        "reasonCode": {
            "coding": [{"system": profiles.PAS_TEMP_CODES, "code": "priorAuthorization"}]
        },
        "reasonReference": claim_ref(reply.pas),
        "input": inputs,
    }
    if claim.provider is not None:
        task["owner"] = ref(claim.provider)
    return validated(Task, task)
