"""A native request (product.md) from an order and its patient context, as CDS Hooks hand them over:
the ServiceRequest's CPT/HCPCS code, reasons and notes, the Patient's birth date and sex, and the
ICD-10-CM codes of the patient's active Conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from priorauth.fhir import profiles as p
from priorauth.fhir.resources import NotConformant

CPT_SYSTEMS = (p.CPT, "urn:oid:2.16.840.1.113883.6.12")
HCPCS_SYSTEMS = (*p.HCPCS, "urn:oid:2.16.840.1.113883.6.285")
URGENT = ("urgent", "asap", "stat")
SEX = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}


def service_code(order: dict[str, Any]) -> tuple[str, str]:
    for coding in (order.get("code") or {}).get("coding", []):
        system = coding.get("system")
        if coding.get("code") and system in CPT_SYSTEMS + HCPCS_SYSTEMS:
            return str(coding["code"]), "HCPCS" if system in HCPCS_SYSTEMS else "CPT"
    raise NotConformant(
        f"ServiceRequest/{order.get('id', '?')}.code: no CPT or HCPCS coding ({p.CPT}, {p.HCPCS[0]})"
    )


def icd10_codes(concepts: Iterable[dict[str, Any]]) -> list[str]:
    return [
        str(c["code"])
        for concept in concepts
        for c in (concept or {}).get("coding", [])
        if c.get("system") == p.ICD10CM and c.get("code")
    ]


def active(condition: dict[str, Any]) -> bool:
    status = (condition.get("clinicalStatus") or {}).get("coding", [])
    return not status or any(c.get("code") in ("active", "recurrence", "relapse") for c in status)


def native_request(
    order: dict[str, Any],
    patient: dict[str, Any] | None,
    conditions: Iterable[dict[str, Any]],
    program: str,
    today: dt.date,
) -> dict[str, Any]:
    """The native request for one order; NotConformant names what is missing."""
    code, system = service_code(order)
    if not patient or not patient.get("birthDate"):
        raise NotConformant("prefetch.patient: the Patient with its birthDate is required")
    diagnoses = icd10_codes(order.get("reasonCode", []))
    diagnoses += icd10_codes(c.get("code") or {} for c in conditions if active(c))
    if not diagnoses:
        raise NotConformant(
            f"ServiceRequest/{order.get('id', '?')}: no ICD-10-CM code in reasonCode nor in the "
            "patient's active Conditions (prefetch.conditions)"
        )
    authored = str(order.get("authoredOn") or "")[:10]
    when = authored or today.isoformat()
    notes = [
        {"date": when, "text": n["text"]}
        for n in order.get("note", [])
        if (n.get("text") or "").strip()
    ]
    request: dict[str, Any] = {
        "request_id": f"ServiceRequest/{order['id']}" if order.get("id") else None,
        "payer": program,
        "request_date": when,
        "urgency": "expedited" if order.get("priority") in URGENT else "standard",
        "patient": {
            "birth_date": str(patient["birthDate"])[:10],
            "sex": SEX.get(str(patient.get("gender")), "unknown"),
        },
        "services": [{"code": code, "system": system}],
        "diagnoses": list(dict.fromkeys(diagnoses)),
    }
    if notes:
        request["notes"] = notes
    return request
