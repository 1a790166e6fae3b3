"""PAS responses built from stored cases have the element structure of the guide's own response
examples, validate with fhir.resources, and carry the PAS profiles and the code systems PAS names."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from sqlalchemy import Engine as Database
from sqlalchemy.orm import Session

from priorauth.access.keys import create_key, verify_key
from priorauth.access.roles import Principal, Role
from priorauth.engine.engine import Engine
from priorauth.fhir.bundle import read_bundle
from priorauth.fhir.service import Pas
from priorauth.settings import Settings
from priorauth.workflow.cases import ReviewInput, Workflow
from tests.conftest import Clock, example
from tests.fhir.bundles import PAYERS, to_bundle
from tests.fhir.conftest import fixture

# Elements of the examples we do not produce: transmission envelopes, the requested service dates,
# the authorized provider and detail (a payer's own additions), and the example's trace-number assigner.
NOT_PRODUCED = {
    "extension[extension-TransmissionIdentifiers]",
    "identifier.assigner",
    "item.extension[extension-itemRequestedServiceDate]",
    "item.extension[extension-itemAuthorizedProvider]",
    "item.extension[extension-itemAuthorizedDetail]",
}
# Elements we add: the case id as identifier and preAuthRef, the reasons (processNote, noteNumber),
# the coverage, the administration reference number on every unapproved item.
ADDED = {
    "preAuthRef",
    "processNote",
    "item.noteNumber",
    "insurance",
    "item.extension[extension-administrationReferenceNumber]",
    "item.extension[extension-itemPreAuthIssueDate]",
    "item.adjudication.extension[extension-reviewAction].extension[reasonCode]",
}


def shape(value: Any, path: str = "") -> set[str]:
    """The element paths of a resource, extensions named by the last part of their URL."""
    paths: set[str] = set()
    if isinstance(value, list):
        for v in value:
            paths |= shape(v, path)
    elif isinstance(value, dict):
        for key, v in value.items():
            if key in ("text", "id"):
                continue
            if key in ("extension", "modifierExtension") and isinstance(v, list):
                for ext in v:
                    sub = f"{path}{key}[{ext['url'].rsplit('/', 1)[-1]}]"
                    paths.add(sub)
                    paths |= shape({k: x for k, x in ext.items() if k != "url"}, sub + ".")
                continue
            sub = f"{path}{key}"
            paths.add(sub)
            paths |= shape(v, sub + ".")
    return paths


def top(paths: set[str]) -> set[str]:
    """Paths cut after their first element below an extension or an identifier, for comparison."""
    out = set()
    for p in paths:
        for stop in ("identifier.assigner", "valuePeriod", "valueCodeableConcept", "category"):
            if stop in p:
                p = p[: p.index(stop) + len(stop)]
        out.add(p)
    return out


class Service:
    def __init__(self, database: Database, engine: Engine, clock: Clock) -> None:
        self.database = database
        self.workflow = Workflow(engine, now=clock)
        self.pas = Pas(self.workflow, Settings(fhir_payers=PAYERS))
        with Session(database) as session, session.begin():
            keys = {
                "clinic": create_key(session, Role.submitter, "clinic-a"),
                "physician": create_key(session, Role.physician, None),
            }
        with Session(database) as session:
            self.people: dict[str, Principal] = {n: verify_key(session, k) for n, k in keys.items()}

    def submit(self, bundle: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        pas = read_bundle(bundle)
        mapped, prepared = self.pas.prepare(self.people["clinic"], pas)
        with Session(self.database, expire_on_commit=False) as session, session.begin():
            done = self.pas.submit(session, pas, mapped, prepared, None)
        return done.case.id, done.bundle

    def review(self, case_id: str, given: ReviewInput) -> None:
        with Session(self.database) as session, session.begin():
            self.workflow.review(session, self.people["physician"], case_id, given)

    def inquire(self, bundle: dict[str, Any]) -> dict[str, Any]:
        with Session(self.database, expire_on_commit=False) as session, session.begin():
            return self.pas.inquire(
                session, self.people["clinic"], read_bundle(bundle), None
            ).bundle


@pytest.fixture
def service(database: Database, engine: Engine, clock: Clock) -> Service:
    return Service(database, engine, clock)


def claim_response(bundle: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = bundle["entry"][0]["resource"]
    return resource


def assert_same_shape(
    ours: dict[str, Any], example_name: str, added_here: frozenset[str] = frozenset()
) -> None:
    theirs = claim_response(fixture(example_name))
    mine, reference = top(shape(claim_response(ours))), top(shape(theirs))
    missing = {p for p in reference - mine if not p.startswith(tuple(NOT_PRODUCED))}
    assert not missing, missing
    added = {p for p in mine - reference if not p.startswith(tuple(ADDED | added_here))}
    assert not added, added


def test_an_approval_has_the_shape_of_the_approved_example(service: Service) -> None:
    _, bundle = service.submit(to_bundle(example("EX01")))
    assert_same_shape(bundle, "Bundle-ReferralAuthorizationResponseBundleExample.json")


def test_a_pended_response_has_the_shape_of_the_pended_example(service: Service) -> None:
    _, bundle = service.submit(to_bundle(example("EX05")))
    assert_same_shape(bundle, "Bundle-ReferralPendingAuthorizationResponseBundleExample.json")


def test_a_not_certified_response_has_the_shape_of_the_rejection_example(
    service: Service,
) -> None:
    bundle_in = to_bundle(example("EX04"))
    case_id, _ = service.submit(bundle_in)
    service.review(case_id, ReviewInput("not_certified", "No red flags.", criterion="misc"))
    assert_same_shape(service.inquire(bundle_in), "Bundle-RejectionResponseBundleExample.json")


def test_an_inquiry_response_has_the_shape_of_the_inquiry_example(service: Service) -> None:
    bundle_in = to_bundle(example("EX01"))
    service.submit(bundle_in)
    bundle = service.inquire(bundle_in)
    theirs = fixture("Bundle-PASClaimInquiryResponseBundleExample.json")
    assert bundle["meta"] == theirs["meta"]
    assert claim_response(bundle)["meta"] == claim_response(theirs)["meta"]
    # The inquiry example is of an approval without its period or requestor; ours carry both.
    extra = frozenset({"requestor", "item.extension[extension-itemPreAuthPeriod]"})
    assert_same_shape(bundle, "Bundle-PASClaimInquiryResponseBundleExample.json", extra)


CODE_SYSTEMS = {
    "https://codesystem.x12.org/005010/306",
    "http://terminology.hl7.org/CodeSystem/adjudication",
    "http://terminology.hl7.org/CodeSystem/claim-type",
    "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes",
    "https://priorauth.dev/fhir/CodeSystem/fact",
    "https://priorauth.dev/fhir/CodeSystem/criterion",
}


def codings(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [c for v in value for c in codings(v)]
    if isinstance(value, dict):
        found = [value] if "system" in value and "code" in value else []
        return found + [c for v in value.values() for c in codings(v)]
    return []


@pytest.mark.parametrize("name", ["EX01", "EX04", "EX05"])
def test_every_emitted_resource_validates_with_its_profile_and_the_guides_code_systems(
    service: Service, name: str
) -> None:
    _, bundle = service.submit(to_bundle(example(name)))
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        (profile,) = resource["meta"]["profile"]
        assert profile.startswith("http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-")
        if resource["resourceType"] in ("ClaimResponse", "Task"):
            assert {c["system"] for c in codings(resource)} <= CODE_SYSTEMS
    task = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Task"]
    assert bool(task) == (name == "EX05")
    if task:
        assert task[0]["meta"]["profile"] == [
            "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-task"
        ]
        example_task = fixture("Task-AdditionalInformationTaskExample.json")
        missing = top(shape(example_task)) - top(shape(task[0]))
        excused = (
            "input.valueUrl",  # the payer's URL for attachments: we ask for answers instead
            "requester.identifier",  # ours refer to the insurer and the provider in the bundle
            "owner.identifier",
            "language",
        )
        assert all(p.startswith(excused) for p in missing), missing
