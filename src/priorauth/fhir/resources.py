"""Building and checking FHIR resources with fhir.resources.

The Da Vinci guides are FHIR R4 (4.0.1). fhir.resources 8 ships R5 at its top level and R4B (4.3.0) as
`fhir.resources.R4B`; R4B is R4 with additions for the resources used here (Questionnaire,
QuestionnaireResponse, ServiceRequest, Parameters, Bundle, OperationOutcome, Coverage), so R4 documents
parse and what we build stays R4-shaped. Every resource we emit goes through `conform`."""

from __future__ import annotations

import importlib
from typing import Any

from pydantic import ValidationError

from priorauth.fhir.outcome import FhirError, Issue


class NotConformant(FhirError):
    """A FHIR resource that fhir.resources refuses, or one we cannot take: a 422 OperationOutcome
    whose diagnostics name the element."""

    def __init__(self, diagnostics: str, expression: str | None = None) -> None:
        super().__init__(422, [Issue(diagnostics, expression)])


def model(resource_type: str) -> Any:
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def conform(resource: dict[str, Any]) -> dict[str, Any]:
    """Validate a resource as its type and return it as FHIR JSON (no nulls, aliases)."""
    kind = resource.get("resourceType")
    if not isinstance(kind, str):
        raise NotConformant("resourceType: is required")
    try:
        parsed = model(kind).model_validate(resource)
    except (ModuleNotFoundError, AttributeError):
        raise NotConformant(f"resourceType: {kind!r} is not a FHIR R4 resource") from None
    except ValidationError as err:
        raise NotConformant(describe(kind, err)) from None
    out: dict[str, Any] = parsed.model_dump(mode="json", by_alias=True, exclude_none=True)
    return out


def parse(resource: Any, expected: str) -> Any:
    """A received resource of the expected type, as its fhir.resources model."""
    if not isinstance(resource, dict) or resource.get("resourceType") != expected:
        got = (
            resource.get("resourceType") if isinstance(resource, dict) else type(resource).__name__
        )
        raise NotConformant(f"expected a {expected} resource, got {got!r}")
    try:
        return model(expected).model_validate(resource)
    except ValidationError as err:
        raise NotConformant(describe(expected, err)) from None


def describe(kind: str, err: ValidationError) -> str:
    parts = []
    for e in err.errors()[:5]:
        where = ".".join(str(p) for p in e["loc"] if not str(p).startswith("function-"))
        parts.append(f"{kind}.{where}: {e['msg']}" if where else f"{kind}: {e['msg']}")
    return "; ".join(parts)
