"""PAS operations over the workflow: `$submit` maps the bundle and stores the case as the native API
does; `$inquire` finds the case by the claim's identifier and answers its current state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from priorauth.access.roles import Action, Principal
from priorauth.fhir.bundle import PasBundle
from priorauth.fhir.mapping import MappedClaim, claim_key, map_claim
from priorauth.fhir.outcome import FhirError, Issue, refuse
from priorauth.fhir.pas import Reply, response_bundle
from priorauth.model.request import InvalidRequest
from priorauth.settings import Settings
from priorauth.store import audit
from priorauth.store.tables import Case, IdempotencyKey
from priorauth.workflow.cases import ManualRequest, Prepared, Workflow
from priorauth.workflow.errors import Forbidden, NotFound

KEY_PREFIX = "pas:"  # PAS claims' idempotency keys, apart from the native API's Idempotency-Key

# Where a native field comes from in the bundle, for refusals the native validation makes.
FIELD_ELEMENTS = {
    "payer": "Claim.insurer",
    "request_id": "Claim.identifier",
    "request_date": "Claim.created",
    "urgency": "Claim.priority",
    "patient": "Patient",
    "plan": "Coverage",
    "services": "Claim.item",
    "diagnoses": "Claim.diagnosis",
    "notes": "Claim.supportingInfo",
}


@dataclass(slots=True)
class Answered:
    bundle: dict[str, Any]
    case: Case
    replayed: bool


@dataclass(slots=True)
class Pas:
    workflow: Workflow
    settings: Settings
    base: str = ""  # the server's FHIR base URL: a pended case's Task names its DTR questionnaire

    def prepare(self, who: Principal, pas: PasBundle) -> tuple[MappedClaim, Prepared]:
        """Map and decide, outside any transaction (as the native submit does)."""
        if not who.may(Action.submit):
            raise Forbidden(f"the {who.role.value} role may not submit")
        if is_inquiry(pas):
            raise refuse(
                "this is an inquiry (profile-claim-inquiry): POST it to Claim/$inquire",
                "Claim.meta.profile",
            )
        mapped = map_claim(pas, self.settings, self.workflow.engine.registry)
        try:
            if mapped.decidable:
                return mapped, self.workflow.prepare(who, mapped.native)
            request = ManualRequest(
                mapped.native.get("request_id"), mapped.program, mapped.native["urgency"]
            )
            return mapped, self.workflow.prepare_manual(
                who, mapped.native, request, mapped.manual_result()
            )
        except InvalidRequest as e:
            raise native_refusal(e) from None

    def submit(
        self,
        session: Session,
        pas: PasBundle,
        mapped: MappedClaim,
        prepared: Prepared,
        remote: str | None,
    ) -> Answered:
        key = KEY_PREFIX + mapped.key[:190] if mapped.key else None
        done = self.workflow.store(session, prepared, key, remote)
        return Answered(self.reply(done.case, pas, inquiry=False), done.case, done.replayed)

    def inquire(
        self, session: Session, who: Principal, pas: PasBundle, remote: str | None
    ) -> Answered:
        key = claim_key(pas)
        if key is None:
            raise refuse(
                "an inquiry names the claim by its identifier", "Claim.identifier", "required"
            )
        query = select(IdempotencyKey.case_id).where(IdempotencyKey.key == KEY_PREFIX + key[:190])
        if who.org is not None:
            query = query.where(IdempotencyKey.org == who.org)
        case_id = session.scalars(query.limit(1)).first()
        if case_id is None:
            audit.record(session, who, "case.inquire.refused", None, remote, "not found")
            raise NotFound(f"no prior authorization for the claim identified {key!r}")
        case = self.workflow.get(session, who, case_id, remote)
        return Answered(self.reply(case, pas, inquiry=True), case, False)

    def reply(self, case: Case, pas: PasBundle, inquiry: bool) -> dict[str, Any]:
        now: dt.datetime = self.workflow.now()
        return response_bundle(
            Reply(
                case,
                pas,
                now,
                self.settings.fhir_auth_days,
                self.workflow.engine.registry,
                inquiry,
                self.base,
            )
        )


def is_inquiry(pas: PasBundle) -> bool:
    profiles = [
        *(pas.claim.meta.profile or [] if pas.claim.meta else []),
        *(pas.bundle.meta.profile or [] if pas.bundle.meta else []),
    ]
    return any(
        (p or "").endswith(("/profile-claim-inquiry", "/profile-pas-inquiry-request-bundle"))
        for p in profiles
    )


def native_refusal(error: InvalidRequest) -> FhirError:
    """The native validation's refusal (`field: message; ...`), each part at its bundle element."""
    issues = []
    for part in str(error).split("; "):
        field, sep, _ = part.partition(": ")
        root = field.split(".")[0].split("[")[0] if sep else ""
        element = FIELD_ELEMENTS.get(root)
        if element == "Patient" and "birth_date" in field:
            element = "Patient.birthDate"
        issues.append(Issue(part, element, "value"))
    return FhirError(422, issues)
