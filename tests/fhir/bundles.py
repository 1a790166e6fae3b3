"""Native requests (product.md) written as PAS request bundles, for the round-trip tests."""

from __future__ import annotations

import base64
from typing import Any

PAS = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/"
INSURERS = {  # the insurer identifier each program is configured with in the tests
    "anthem": "ANTHEM-TEST",
    "cigna": "CIGNA-TEST",
    "cohere": "COHERE-TEST",
    "healthhelp": None,  # the default program: an insurer the server does not list
}
PAYERS = {v: k for k, v in INSURERS.items() if v}


def to_bundle(
    request: dict[str, Any], claim_id: str = "claim-1", base64_notes: bool = False
) -> dict[str, Any]:
    insurer_id = INSURERS[request["payer"]] or "UNLISTED-PLAN"
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": "pat",
        "meta": {"profile": [PAS + "profile-subscriber"]},
        "identifier": [{"system": "http://example.org/MIN", "value": "M1"}],
        "name": [{"family": "Test", "given": ["Pat"]}],
        "gender": request["patient"].get("sex", "unknown"),
        "birthDate": request["patient"]["birth_date"],
    }
    conditions = [
        {
            "resourceType": "Condition",
            "id": f"dx{i}",
            "subject": {"reference": "Patient/pat"},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code}]},
        }
        for i, code in enumerate(request["diagnoses"])
    ]
    documents = []
    supporting = []
    for i, note in enumerate(request.get("notes", [])):
        if base64_notes:
            attachment = {
                "contentType": "text/plain",
                "data": base64.b64encode(note["text"].encode()).decode(),
            }
            documents.append(
                {
                    "resourceType": "DocumentReference",
                    "id": f"note{i}",
                    "status": "current",
                    "subject": {"reference": "Patient/pat"},
                    **({"date": f"{note['date']}T12:00:00Z"} if note.get("date") else {}),
                    "content": [{"attachment": attachment}],
                }
            )
            supporting.append(
                {
                    "sequence": i + 1,
                    "category": {
                        "coding": [
                            {
                                "system": "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes",
                                "code": "additionalInformation",
                            }
                        ]
                    },
                    "valueReference": {"reference": f"DocumentReference/note{i}"},
                }
            )
        else:
            info: dict[str, Any] = {
                "sequence": i + 1,
                "category": {
                    "coding": [
                        {
                            "system": "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes",
                            "code": "freeFormMessage",
                        }
                    ]
                },
                "valueString": note["text"],
            }
            if note.get("date"):
                info["timingDate"] = note["date"]
            supporting.append(info)
    items = [
        {
            "extension": [
                {
                    "url": PAS + "extension-serviceItemRequestType",
                    "valueCodeableConcept": {
                        "coding": [
                            {"system": "https://codesystem.x12.org/005010/1525", "code": "HS"}
                        ]
                    },
                },
                {
                    "url": PAS + "extension-certificationType",
                    "valueCodeableConcept": {
                        "coding": [
                            {"system": "https://codesystem.x12.org/005010/1322", "code": "I"}
                        ]
                    },
                },
            ],
            "sequence": i + 1,
            "diagnosisSequence": [1],
            "productOrService": {
                "coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": s["code"]}]
            },
        }
        for i, s in enumerate(request["services"])
    ]
    claim: dict[str, Any] = {
        "resourceType": "Claim",
        "id": claim_id,
        "meta": {"profile": [PAS + "profile-claim"]},
        "identifier": [
            {
                "system": "http://example.org/PATIENT_EVENT_TRACE_NUMBER",
                "value": request.get("request_id") or claim_id,
            }
        ],
        "status": "active",
        "type": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/claim-type",
                    "code": "professional",
                }
            ]
        },
        "use": "preauthorization",
        "patient": {"reference": "Patient/pat"},
        "created": f"{request['request_date']}T09:00:00-05:00",
        "insurer": {"reference": "Organization/insurer"},
        "provider": {"reference": "Organization/clinic"},
        "priority": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/processpriority",
                    "code": "stat" if request.get("urgency") == "expedited" else "normal",
                }
            ]
        },
        "diagnosis": [
            {"sequence": i + 1, "diagnosisReference": {"reference": f"Condition/dx{i}"}}
            for i in range(len(conditions))
        ],
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"reference": "Coverage/cov"}}],
        "item": items,
    }
    if supporting:
        claim["supportingInfo"] = supporting
    resources = [
        claim,
        patient,
        {
            "resourceType": "Organization",
            "id": "insurer",
            "meta": {"profile": [PAS + "profile-insurer"]},
            "identifier": [{"system": "http://example.org/payer-id", "value": insurer_id}],
            "name": f"{request['payer'].title()} Test Plan",
        },
        {
            "resourceType": "Organization",
            "id": "clinic",
            "meta": {"profile": [PAS + "profile-requestor"]},
            "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}],
            "name": "Test Clinic",
        },
        {
            "resourceType": "Coverage",
            "id": "cov",
            "status": "active",
            "beneficiary": {"reference": "Patient/pat"},
            "payor": [{"reference": "Organization/insurer"}],
        },
        *conditions,
        *documents,
    ]
    return {
        "resourceType": "Bundle",
        "meta": {"profile": [PAS + "profile-pas-request-bundle"]},
        "identifier": {
            "system": "http://example.org/SUBMITTER_TRANSACTION_IDENTIFIER",
            "value": f"tx-{claim_id}",
        },
        "type": "collection",
        "timestamp": f"{request['request_date']}T09:00:00-05:00",
        "entry": [
            {"fullUrl": f"http://example.org/fhir/{r['resourceType']}/{r['id']}", "resource": r}
            for r in resources
        ],
    }
