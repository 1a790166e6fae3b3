"""A PAS request bundle as the native request (shared/docs/product.md), which the engine decides.

| native | from |
|---|---|
| payer | the insurer (Claim.insurer, Coverage.payor) through the server's payer map (payers.py) |
| request_id | the Claim's identifier (else the bundle's) |
| request_date | Claim.created (its date, as written) |
| urgency | expedited for Claim.priority `stat` or a level of service (X12 1338) U urgent / 03 emergency |
| patient | Patient.birthDate, Patient.gender |
| plan | Coverage.type (X12 1336 insurance type), the insurer Organization's state |
| services | each Claim.item's CPT/HCPCS productOrService, else that of its requested ServiceRequest |
| diagnoses | Claim.diagnosis: ICD-10-CM codings, given inline or on the referenced Condition |
| notes | text attachments (plain or base64) of Claim.supportingInfo and the bundle's DocumentReferences |

A claim the engine can decide has a procedure code on every item, a birth date and a diagnosis. One
without them still goes to manual handling when none of its services is one a loaded policy of the
program covers (every line is then `no_policy`: the official PAS examples ask for consultations and
home health care); otherwise it is refused, naming the element the decision needs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.coverage import Coverage
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest

from priorauth.engine.engine import DUE
from priorauth.engine.registry import PolicyRegistry
from priorauth.evidence.icd10 import normalise_icd10
from priorauth.fhir import profiles
from priorauth.fhir.bundle import PasBundle
from priorauth.fhir.notes import clinical_notes
from priorauth.fhir.outcome import refuse
from priorauth.fhir.payers import program_for
from priorauth.model.request import SERVICE_CODE
from priorauth.settings import Settings

HCPCS_LEVEL_2 = re.compile(r"^[A-Z]\d{4}$")  # supplies and services (G0154 home health, B4184 ...)
SEX = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}
EXPEDITED_LEVELS = frozenset({"U", "03"})  # X12 1338: U urgent, 03 emergency
# X12 1336 insurance type codes -> the catalog's plan.type values
PLAN_TYPES = {
    "HM": "commercial_hmo",
    "HN": "medicare_advantage",
    "PR": "commercial_ppo",
    "PS": "commercial_pos",
    "EP": "commercial_epo",
    "C1": "commercial",
    "MA": "medicare",
    "MB": "medicare",
    "MC": "medicaid",
}


@dataclass(slots=True)
class Line:
    """One Claim.item: its sequence, its code and, for a service the native request cannot carry (no
    CPT code, a HCPCS Level II code), why the engine does not decide it."""

    sequence: int
    code: str
    system: str
    outside: str | None = None


@dataclass(slots=True)
class MappedClaim:
    native: dict[
        str, Any
    ]  # the native request (for a manual claim: as much of it as the bundle gives)
    program: str
    lines: list[Line]
    key: str | None  # the submitter's identifier of the claim: the idempotency key
    decidable: bool = True
    reasons: list[str] = field(default_factory=list)  # per line, for a manual claim

    def manual_result(self) -> dict[str, Any]:
        """Every line `no_policy`, in the engine's shape (engine.py), due as the engine would set it."""
        date = dt.date.fromisoformat(self.native["request_date"])
        start = dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
        due = (start + DUE[self.native["urgency"]]).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {
            "request_id": self.native.get("request_id"),
            "decisions": [
                {
                    "service": line.code,
                    "outcome": "no_policy",
                    "policy": None,
                    "matched": [],
                    "unmet": [],
                    "questions": [],
                    "reasons": [f"{reason}; routed to manual handling."],
                    "due": due,
                }
                for line, reason in zip(self.lines, self.reasons, strict=True)
            ],
        }


def claim_key(pas: PasBundle) -> str | None:
    for identifier in pas.claim.identifier or []:
        if identifier.value:
            return str(identifier.value)
    if pas.bundle.identifier is not None and pas.bundle.identifier.value:
        return str(pas.bundle.identifier.value)
    return None


def map_claim(pas: PasBundle, settings: Settings, registry: PolicyRegistry) -> MappedClaim:
    claim = pas.claim
    program = program_for(pas, settings)
    patient = pas.resolve(claim.patient, Patient, "Claim.patient")
    if patient is None:
        raise refuse("Claim.patient must refer to the Patient in the bundle", "Claim.patient")
    native: dict[str, Any] = {"payer": program}
    key = claim_key(pas)
    if key is not None:
        native["request_id"] = key
    if claim.created is None:
        raise refuse("Claim.created is required: the request's date", "Claim.created", "required")
    native["request_date"] = claim.created.date().isoformat()
    native["urgency"] = _urgency(pas)
    person: dict[str, Any] = {"sex": SEX.get(patient.gender or "unknown", "unknown")}
    if patient.birthDate is not None:
        person["birth_date"] = patient.birthDate.isoformat()
    native["patient"] = person
    plan = _plan(pas)
    if plan:
        native["plan"] = plan
    lines = [_line(pas, i, program) for i in range(len(claim.item or []))]
    if not lines:
        raise refuse(
            "a preauthorization Claim lists the services asked for", "Claim.item", "required"
        )
    native["services"] = [{"code": line.code, "system": line.system} for line in lines]
    native["diagnoses"] = _diagnoses(pas)
    notes = clinical_notes(pas)
    if notes:
        native["notes"] = notes
    mapped = MappedClaim(native, program, lines, key)
    missing = _missing(pas, mapped, patient)
    if missing is None:
        for line in lines:
            line.system = "HCPCS" if line.code[-1].isalpha() else "CPT"
        mapped.native["services"] = [{"code": line.code, "system": line.system} for line in lines]
        return mapped
    covered = _covered_codes(registry, program)
    governed = [line for line in lines if line.outside is None and line.code in covered]
    if governed:
        diagnostics, expression = missing
        raise refuse(
            f"{diagnostics}; service {governed[0].code} is decided under the {program} policies, "
            "which need a birth date, an ICD-10-CM diagnosis and a CPT/HCPCS code on every item "
            "of its claim (send other services on a claim of their own)",
            expression,
            "required",
        )
    mapped.decidable = False
    mapped.reasons = [
        line.outside or f"no loaded {program} policy covers service {line.code}" for line in lines
    ]
    return mapped


def _missing(pas: PasBundle, mapped: MappedClaim, patient: Patient) -> tuple[str, str] | None:
    """What the engine needs that the claim lacks: the first such element, or None."""
    for i, line in enumerate(mapped.lines):
        if line.outside is not None:
            return line.outside, f"Claim.item[{i}].productOrService"
    if patient.birthDate is None:
        return "the patient's birth date is not given", "Patient.birthDate"
    if not mapped.native["diagnoses"]:
        return "no ICD-10-CM diagnosis is given", "Claim.diagnosis"
    created = dt.date.fromisoformat(mapped.native["request_date"])
    if patient.birthDate > created:
        raise refuse(
            f"Patient.birthDate {patient.birthDate} is after the claim's date {created}",
            "Patient.birthDate",
            "value",
        )
    return None


def _covered_codes(registry: PolicyRegistry, program: str) -> set[str]:
    codes: set[str] = set()
    for policy in registry.policies:
        if policy.manifest.program == program:
            codes |= set(policy.services) | set(policy.combination_codes)
    return codes


def _urgency(pas: PasBundle) -> str:
    claim = pas.claim
    if any(
        c.code == "stat"
        for c in (claim.priority.coding or [])
        if c.system in (None, profiles.PROCESS_PRIORITY)
    ):
        return "expedited"
    for ext in claim.extension or []:
        concept = ext.valueCodeableConcept if ext.url == profiles.LEVEL_OF_SERVICE else None
        if concept is not None and any(c.code in EXPEDITED_LEVELS for c in concept.coding or []):
            return "expedited"
    return "standard"


def _plan(pas: PasBundle) -> dict[str, str]:
    plan: dict[str, str] = {}
    for i, insurance in enumerate(pas.claim.insurance or []):
        if not insurance.focal:
            continue
        coverage = pas.resolve(insurance.coverage, Coverage, f"Claim.insurance[{i}].coverage")
        for coding in coverage.type.coding or [] if coverage and coverage.type else []:
            if coding.system == profiles.X12_INSURANCE_TYPE and coding.code in PLAN_TYPES:
                plan["type"] = PLAN_TYPES[coding.code]
    insurer = pas.resolve(pas.claim.insurer, Organization, "Claim.insurer")
    for address in insurer.address or [] if insurer else []:
        if address.state and len(address.state) == 2:
            plan["state"] = address.state.upper()
            break
    return plan


def _procedure(concept: CodeableConcept | None) -> tuple[str, str] | None:
    for coding in concept.coding or [] if concept else []:
        if coding.system == profiles.CPT or coding.system in profiles.HCPCS:
            return str(coding.code or ""), coding.system
    return None


def _line(pas: PasBundle, i: int, program: str) -> Line:
    item = (pas.claim.item or [])[i]
    where = f"Claim.item[{i}]"
    sequence = item.sequence or i + 1
    found = _procedure(item.productOrService)
    if found is None:
        for ext in item.extension or []:
            if (ext.url or "").endswith(
                "/extension-requestedService"
            ) and ext.valueReference is not None:
                service = pas.resolve(ext.valueReference, ServiceRequest, f"{where}.extension")
                found = _procedure(service.code) if service is not None else None
    if found is not None:
        code, system = found
        if HCPCS_LEVEL_2.match(
            code.upper()
        ):  # no imaging policy lists one; the native shape has none
            why = f"no loaded {program} policy covers service {code.upper()} (HCPCS Level II)"
            return Line(sequence, code.upper(), system, why)
        if not SERVICE_CODE.match(code.upper()):
            raise refuse(
                f"{code!r} is not a CPT/HCPCS code (five digits, or four digits and a letter)",
                f"{where}.productOrService",
                "value",
            )
        return Line(sequence, code.upper(), system)
    codings = item.productOrService.coding or []
    if not codings or not codings[0].code:
        raise refuse("the item names no service", f"{where}.productOrService", "required")
    first = codings[0]
    return Line(
        sequence,
        str(first.code),
        first.system or "",
        f"service {first.code} ({first.system or 'no system'}) is not a CPT/HCPCS procedure code",
    )


def _diagnoses(pas: PasBundle) -> list[str]:
    codes = []
    for i, diagnosis in enumerate(pas.claim.diagnosis or []):
        where = f"Claim.diagnosis[{i}]"
        concept = diagnosis.diagnosisCodeableConcept
        if concept is None:
            condition = pas.resolve(
                diagnosis.diagnosisReference, Condition, f"{where}.diagnosisReference"
            )
            concept = condition.code if condition is not None else None
        icd = [c for c in (concept.coding or [] if concept else []) if c.system == profiles.ICD10CM]
        if not icd or not icd[0].code:
            raise refuse("the diagnosis carries no ICD-10-CM coding", where, "code-invalid")
        code = normalise_icd10(icd[0].code)
        if code is None:
            raise refuse(f"{icd[0].code!r} is not an ICD-10-CM code", where, "code-invalid")
        codes.append(code)
    return codes
