"""What a PAS response is built from — the case, the provider's bundle, the moment, the settings —
and the pieces every resource of it shares: the lines answered, references, JSON from fhir.resources."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource

from priorauth.engine.registry import PolicyRegistry
from priorauth.fhir.bundle import PasBundle
from priorauth.store.tables import Case
from priorauth.workflow.status import LineState


@dataclass(frozen=True, slots=True)
class Reply:
    """What a response is built from: the case, the provider's bundle, the moment, and the settings."""

    case: Case
    pas: PasBundle
    now: dt.datetime
    auth_days: int
    registry: PolicyRegistry
    inquiry: bool = False
    fhir_base: str = ""


def answered_lines(
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


def claim_ref(pas: PasBundle) -> dict[str, Any]:
    claim = pas.claim
    if claim.id:
        return {"reference": f"Claim/{claim.id}"}
    identifier = next(iter(claim.identifier or []), None)
    return (
        {"identifier": as_json(identifier)} if identifier is not None else {"display": "the claim"}
    )


def ref(reference: Reference | None) -> dict[str, Any]:
    return as_json(reference) if reference is not None else {}


def as_json(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(model.model_dump_json())
    return data


def urn(seed: str, kind: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'priorauth:{kind}:{seed}')}"


def validated(kind: type[Resource], data: dict[str, Any]) -> dict[str, Any]:
    """Build the resource with fhir.resources (which refuses anything malformed) and give its JSON."""
    return as_json(kind.model_validate(data))
