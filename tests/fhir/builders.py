"""FHIR versions of native requests for the tests: the CDS Hooks context an EHR would send."""

from __future__ import annotations

from typing import Any

from priorauth.fhir import profiles as p

PAYERS = {
    "healthhelp": "HealthHelp",
    "cohere": "Cohere Health",
    "cigna": "Cigna",
    "anthem": "Anthem",
}


def patient(request: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": "pat-1",
        "birthDate": request["patient"]["birth_date"],
        "gender": request["patient"].get("sex", "unknown"),
    }


def conditions(request: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {
                "resource": {
                    "resourceType": "Condition",
                    "id": f"cond-{i}",
                    "subject": {"reference": "Patient/pat-1"},
                    "clinicalStatus": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                "code": "active",
                            }
                        ]
                    },
                    "code": {"coding": [{"system": p.ICD10CM, "code": code}]},
                }
            }
            for i, code in enumerate(request["diagnoses"])
        ],
    }


def coverage(request: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Coverage",
        "id": "cov-1",
        "status": "active",
        "beneficiary": {"reference": "Patient/pat-1"},
        "payor": [{"display": PAYERS[request["payer"]]}],
    }


def service_request(request: dict[str, Any], index: int = 0) -> dict[str, Any]:
    order: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": f"order-{index}",
        "status": "draft",
        "intent": "order",
        "subject": {"reference": "Patient/pat-1"},
        "authoredOn": request["request_date"],
        "code": {"coding": [{"system": p.CPT, "code": request["services"][index]["code"]}]},
        "insurance": [{"reference": "Coverage/cov-1"}],
    }
    notes = [{"text": n["text"]} for n in request.get("notes", [])]
    if notes:
        order["note"] = notes
    return order


def hook_call(request: dict[str, Any], hook: str = "order-sign") -> dict[str, Any]:
    orders = [service_request(request, i) for i in range(len(request["services"]))]
    context: dict[str, Any] = {
        "userId": "Practitioner/pr-1",
        "patientId": "pat-1",
        "draftOrders": {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": o} for o in orders],
        },
    }
    if hook == "order-select":
        context["selections"] = [f"ServiceRequest/{orders[0]['id']}"]
    return {
        "hook": hook,
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": context,
        "prefetch": {
            "patient": patient(request),
            "conditions": conditions(request),
            "coverage": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [{"resource": coverage(request)}],
            },
        },
    }


SETTINGS_PAYERS = {name: program for program, name in PAYERS.items()}
