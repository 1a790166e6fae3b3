"""A PAS request or inquiry Bundle, read with fhir.resources: its Claim and the resources the Claim
refers to, found by reference inside the bundle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource
from fhir_core.fhirabstractmodel import FHIRAbstractModel
from pydantic import ValidationError

from priorauth.fhir.outcome import FhirError, Issue, refuse, structure_issues

R = TypeVar("R", bound=FHIRAbstractModel)


@dataclass(slots=True)
class PasBundle:
    bundle: Bundle
    claim: Claim
    claim_index: int
    resources: dict[str, Resource]  # "Type/id" and fullUrl -> resource
    paths: dict[int, str]  # id(resource) -> its FHIRPath in the bundle

    def resolve(self, ref: Reference | None, kind: type[R], where: str) -> R | None:
        """The bundle's resource a reference points to (None for no reference or an identifier-only
        one); a reference to nothing in the bundle, or to the wrong type, is refused."""
        if ref is None or ref.reference is None:
            return None
        found = self.resources.get(ref.reference) or self.resources.get(
            "/".join(ref.reference.rsplit("/", 2)[-2:])
        )
        if found is None:
            raise refuse(
                f"reference {ref.reference!r} is not to a resource in the bundle",
                where,
                "not-found",
            )
        if not isinstance(found, kind):
            raise refuse(
                f"reference {ref.reference!r} is to a {found.get_resource_type()}, "
                f"not a {kind.__name__}",
                where,
            )
        return found

    def path_of(self, resource: Resource) -> str:
        return self.paths.get(id(resource), resource.get_resource_type())

    def of_type(self, kind: type[R]) -> list[R]:
        seen: dict[int, R] = {}
        for resource in self.resources.values():
            if isinstance(resource, kind):
                seen[id(resource)] = resource
        return list(seen.values())


def decode(body: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as e:
        raise FhirError(400, [Issue(f"malformed JSON: {e}", None, "structure")]) from None
    if not isinstance(data, dict):
        raise FhirError(
            400, [Issue("the body must be a JSON object (a Bundle)", None, "structure")]
        )
    found: dict[str, Any] = data
    return found


def read_bundle(data: dict[str, Any]) -> PasBundle:
    """Parse a PAS Bundle (type collection, a Claim with use preauthorization among its entries)."""
    if data.get("resourceType") != "Bundle":
        raise FhirError(
            400,
            [Issue(f"expected a Bundle, got {data.get('resourceType')!r}", "Bundle", "structure")],
        )
    try:
        bundle = Bundle.model_validate(data)
    except ValidationError as err:
        raise FhirError(400, structure_issues(err, "Bundle")) from None
    if bundle.type != "collection":
        raise refuse(f"a PAS bundle is of type collection, not {bundle.type!r}", "Bundle.type")
    resources: dict[str, Resource] = {}
    paths: dict[int, str] = {}
    claims: list[tuple[int, Claim]] = []
    for i, entry in enumerate(bundle.entry or []):
        resource = entry.resource
        if resource is None:
            raise refuse("an entry without a resource", f"Bundle.entry[{i}]", "required")
        kind = resource.get_resource_type()
        paths[id(resource)] = f"Bundle.entry[{i}].resource"
        if resource.id:
            resources[f"{kind}/{resource.id}"] = resource
        if entry.fullUrl:
            resources[entry.fullUrl] = resource
        if isinstance(resource, Claim):
            claims.append((i, resource))
    if not claims:
        raise refuse("a PAS bundle holds a Claim; this one holds none", "Bundle.entry", "required")
    if len(claims) > 1 and claims[0][0] != 0:
        raise refuse(
            f"the bundle holds {len(claims)} Claims and none is its first entry (the request)",
            "Bundle.entry[0].resource",
        )
    index, claim = claims[0]  # an update bundle also carries the claim it updates
    if claim.use != "preauthorization":
        raise refuse(
            f"Claim.use is {claim.use!r}; a PAS request is a preauthorization",
            f"Bundle.entry[{index}].resource.use",
            "value",
        )
    if claim.insurer is None:
        raise refuse(
            "a PAS Claim names its insurer", f"Bundle.entry[{index}].resource.insurer", "required"
        )
    return PasBundle(bundle, claim, index, resources, paths)
