"""CRD (CDS Hooks 2.0): `order-select` and `order-sign` services that tell the ordering provider, while
they order, whether prior authorization is needed and what the policy needs, on the same engine.

For each draft ServiceRequest the hook's context and prefetch (Patient, active Conditions, Coverage)
become a native request; the engine decides it (nothing is submitted); the answer is the
`ext-coverage-information` extension on the order, as a systemAction update, and a card in plain words.

| decision | covered | pa-needed | doc-needed |
|---|---|---|---|
| approved | covered | satisfied (the assertion id is the satisfied PA id) | — |
| pended | covered | auth-needed | clinical, for the PA, with the DTR questionnaire of the open questions |
| clinical_review | covered | auth-needed | clinical, for the PA |
| no_policy | indeterminate | — | — |

`no-auth` is never said: only the loaded policies are known, and a code none of them covers may need
authorization under another of the plan's policies.

Every assertion is stored (coverage_assertions) under its id, which a later claim or PA request quotes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import orjson

from priorauth.access.roles import Action, Principal
from priorauth.engine.engine import Engine
from priorauth.fhir import profiles as p
from priorauth.fhir.orders import native_request, service_code
from priorauth.fhir.payers import program_of_coverages
from priorauth.fhir.resources import NotConformant, conform
from priorauth.model.request import InvalidRequest, parse_request
from priorauth.settings import Settings
from priorauth.store import audit
from priorauth.store.tables import CoverageAssertion
from priorauth.workflow.errors import Forbidden

HOOKS = ("order-select", "order-sign")
PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "coverage": "Coverage?patient={{context.patientId}}&status=active",
    "conditions": "Condition?patient={{context.patientId}}&clinical-status=active",
}
SOURCE = {
    "label": "priorauth",
    "topic": {
        "system": "http://hl7.org/fhir/us/davinci-crd/CodeSystem/cardType",
        "code": "coverage-info",
        "display": "Coverage Information",
    },
}


def service_id(hook: str) -> str:
    return f"priorauth-{hook}"


def discovery() -> dict[str, Any]:
    return {
        "services": [
            {
                "hook": hook,
                "id": service_id(hook),
                "title": f"priorauth coverage requirements ({hook})",
                "description": (
                    "Whether an advanced-imaging order needs prior authorization under the plan's "
                    "policy, whether it would be approved as documented, and what the policy still needs."
                ),
                "prefetch": PREFETCH,
            }
            for hook in HOOKS
        ]
    }


@dataclass(slots=True)
class HookAnswer:
    """The CDS Hooks response, and the coverage assertions (with their audit rows) it makes."""

    response: dict[str, Any]
    records: list[Any] = field(default_factory=list)


def answer_hook(
    hook: str,
    call: dict[str, Any],
    engine: Engine,
    settings: Settings,
    who: Principal,
    base: str,
    remote: str | None,
) -> HookAnswer:
    """The CDS Hooks response (cards and systemActions) for one hook call. Nothing is stored here:
    the caller stores `records` in one transaction before answering."""
    if not who.may(Action.submit):
        raise Forbidden(f"the {who.role.value} role may not call the CRD services")
    if call.get("hook") != hook:
        raise NotConformant(
            f"hook: this service answers {hook!r}, the call is for {call.get('hook')!r}"
        )
    context = call.get("context") or {}
    prefetch = call.get("prefetch") or {}
    orders = _orders(hook, context)
    patient = prefetch.get("patient")
    conditions = _resources(prefetch.get("conditions"), "Condition")
    coverages = _resources(prefetch.get("coverage"), "Coverage")
    today = dt.datetime.now(dt.UTC).date()
    program = program_of_coverages(coverages, settings)  # the same coverages for every order
    cards: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    records: list[Any] = []
    for order in orders:
        coverage = _coverage_reference(order, coverages)
        try:
            native = native_request(order, patient, conditions, program, today)
            result = engine.decide(parse_request(native))
        except (NotConformant, InvalidRequest) as e:
            cards.append(_card_cannot_tell(order, str(e)))
            continue
        line = result["decisions"][0]
        assertion = uuid.uuid4().hex
        records.append(
            CoverageAssertion(
                id=assertion,
                made_at=dt.datetime.now(dt.UTC),
                org=who.org or "-",
                key_id=who.key_id,
                hook=hook,
                service=line["service"],
                outcome=line["outcome"],
                request_body=orjson.dumps(native, option=orjson.OPT_SORT_KEYS).decode(),
                result=result,
            )
        )
        records.append(
            audit.event(who, f"crd.{hook}", None, remote, f"{assertion} {line['outcome']}")
        )
        questionnaire = (
            f"{base}/Questionnaire/crd-{assertion}" if line["outcome"] == "pended" else None
        )
        cards.append(_card(line))
        if coverage is not None:
            extension = coverage_information(line, coverage, assertion, today, questionnaire)
            updated = {**order, "extension": [*order.get("extension", []), extension]}
            profiles = (order.get("meta") or {}).get("profile", [])
            if p.CRD_SERVICE_REQUEST not in profiles:
                updated["meta"] = {
                    **(order.get("meta") or {}),
                    "profile": [*profiles, p.CRD_SERVICE_REQUEST],
                }
            actions.append(
                {
                    "type": "update",
                    "description": f"Coverage information for {line['service']}",
                    "resource": conform(updated),
                }
            )
    return HookAnswer({"cards": cards, "systemActions": actions}, records)


def coverage_information(
    line: dict[str, Any],
    coverage: dict[str, Any],
    assertion: str,
    today: dt.date,
    questionnaire: str | None = None,
) -> dict[str, Any]:
    outcome = line["outcome"]
    subs: list[dict[str, Any]] = [{"url": "coverage", "valueReference": coverage}]
    if outcome == "no_policy":
        subs.append({"url": "covered", "valueCode": "indeterminate"})
        subs.append(_reason(" ".join(line["reasons"])))
    else:
        subs.append({"url": "covered", "valueCode": "covered"})
        if outcome == "approved":
            subs.append({"url": "pa-needed", "valueCode": "satisfied"})
        else:
            subs.append({"url": "pa-needed", "valueCode": "auth-needed"})
            subs.append({"url": "doc-needed", "valueCode": "clinical"})
            subs.append({"url": "doc-purpose", "valueCode": "withpa"})
            subs.append(_reason(_needs_text(line)))
            if questionnaire:
                subs.append({"url": "questionnaire", "valueCanonical": questionnaire})
    subs.append({"url": "date", "valueDate": today.isoformat()})
    subs.append({"url": "coverage-assertion-id", "valueString": assertion})
    if outcome == "approved":
        subs.append({"url": "satisfied-pa-id", "valueString": assertion})
    return {"url": p.COVERAGE_INFORMATION, "extension": subs}


def _reason(text: str) -> dict[str, Any]:
    return {"url": "reason", "valueCodeableConcept": {"text": text[:1000]}}


def _needs_text(line: dict[str, Any]) -> str:
    if line["questions"]:
        return "The policy needs: " + "; ".join(q["text"] for q in line["questions"])
    return " ".join(line["reasons"])


def _card(line: dict[str, Any]) -> dict[str, Any]:
    outcome, service = line["outcome"], line["service"]
    policy = line["policy"]["title"] if line["policy"] else "the plan's policies"
    if outcome == "approved":
        met = line["matched"][0] if line["matched"] else None
        summary = f"{service}: prior authorization met as documented"
        detail = f"**{policy}** — met: {met['text']}" if met else f"**{policy}**: met."
        indicator = "info"
    elif outcome == "pended":
        summary = (
            f"{service}: prior authorization needed; {len(line['questions'])} question(s) open"
        )
        detail = f"**{policy}** needs:\n\n" + "\n".join(f"- {q['text']}" for q in line["questions"])
        indicator = "warning"
    elif outcome == "clinical_review":
        summary = f"{service}: prior authorization needed; a clinician will review"
        detail = f"**{policy}**:\n\n" + "\n".join(f"- {r}" for r in line["reasons"])
        indicator = "warning"
    else:
        summary = f"{service}: no priorauth policy covers this service"
        detail = " ".join(line["reasons"])
        indicator = "info"
    return {
        "uuid": uuid.uuid4().hex,
        "summary": summary[:140],
        "detail": detail,
        "indicator": indicator,
        "source": SOURCE,
    }


def _card_cannot_tell(order: dict[str, Any], why: str) -> dict[str, Any]:
    try:
        what = service_code(order)[0]
    except NotConformant:
        what = f"ServiceRequest/{order.get('id', '?')}"
    return {
        "uuid": uuid.uuid4().hex,
        "summary": f"{what}: coverage requirements could not be determined"[:140],
        "detail": why,
        "indicator": "warning",
        "source": SOURCE,
    }


def _orders(hook: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    draft = context.get("draftOrders")
    if not isinstance(draft, dict) or draft.get("resourceType") != "Bundle":
        raise NotConformant("context.draftOrders: a Bundle of the draft orders is required")
    orders = [
        e["resource"]
        for e in draft.get("entry", [])
        if isinstance(e.get("resource"), dict)
        and e["resource"].get("resourceType") == "ServiceRequest"
    ]
    if hook == "order-select":
        selected = set(context.get("selections") or [])
        if selected:
            orders = [o for o in orders if f"ServiceRequest/{o.get('id')}" in selected]
    if not orders:
        raise NotConformant("context.draftOrders: no ServiceRequest to assess")
    return orders


def _resources(value: Any, kind: str) -> list[dict[str, Any]]:
    if isinstance(value, dict) and value.get("resourceType") == kind:
        return [value]
    if isinstance(value, dict) and value.get("resourceType") == "Bundle":
        return [
            e["resource"]
            for e in value.get("entry", [])
            if isinstance(e.get("resource"), dict) and e["resource"].get("resourceType") == kind
        ]
    return []


def _coverage_reference(
    order: dict[str, Any], coverages: list[dict[str, Any]]
) -> dict[str, Any] | None:
    insurance = order.get("insurance") or []
    if insurance and insurance[0].get("reference"):
        return {"reference": insurance[0]["reference"]}
    if coverages and coverages[0].get("id"):
        return {"reference": f"Coverage/{coverages[0]['id']}"}
    return None
