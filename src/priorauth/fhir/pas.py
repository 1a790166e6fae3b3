"""The PAS response: a Bundle holding the ClaimResponse for a case (claim_response.py), the resources
it refers to, and for a case waiting on the provider the Task that asks for what is missing (task.py).

Everything here is derived from the stored case (its latest decision, its reviews) and the bundle the
provider sent, so `$inquire` answers the case's current state without storing anything of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from priorauth.fhir import profiles
from priorauth.fhir.bundle import PasBundle
from priorauth.fhir.claim_response import claim_response
from priorauth.fhir.reply import Reply, as_json, urn, validated
from priorauth.fhir.task import information_task

__all__ = ["Reply", "response_bundle"]

COPIED_PROFILES = {
    "Patient": profiles.PAS + "profile-subscriber",
    "Practitioner": profiles.PAS + "profile-practitioner",
    "PractitionerRole": profiles.PAS + "profile-practitionerrole",
}


def response_bundle(reply: Reply) -> dict[str, Any]:
    response = claim_response(reply)
    entries: list[dict[str, Any]] = [
        {"fullUrl": urn(reply.case.id, "ClaimResponse"), "resource": response}
    ]
    for url, resource in _copied(reply.pas):
        entries.append({"fullUrl": url, "resource": resource})
    task = information_task(reply)
    if task is not None:
        entries.append({"fullUrl": urn(reply.case.id, "Task"), "resource": task})
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
        bundle["identifier"] = as_json(reply.pas.bundle.identifier)
    return validated(Bundle, bundle)


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
        data = as_json(found)
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
            urn(f"{kind}/{found.id}", kind),
        )
        yield url, data
