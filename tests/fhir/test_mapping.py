"""PAS request bundles as native requests: every field from its element, the payer map, the claims that
go to manual handling whole, and refusals naming the element."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from priorauth.engine.engine import Engine
from priorauth.fhir.bundle import read_bundle
from priorauth.fhir.mapping import MappedClaim, map_claim
from priorauth.fhir.outcome import FhirError
from priorauth.model.request import parse_request
from priorauth.settings import Settings
from tests.conftest import example
from tests.fhir.bundles import PAYERS, to_bundle
from tests.fhir.conftest import REQUEST_FIXTURES, fixture

SETTINGS = Settings(fhir_payers=PAYERS)


def mapped(bundle: dict[str, Any], engine: Engine, settings: Settings = SETTINGS) -> MappedClaim:
    return map_claim(read_bundle(bundle), settings, engine.registry)


@pytest.mark.parametrize("name", ["EX01", "EX02", "EX03", "EX04", "EX05", "EX06", "EX07"])
@pytest.mark.parametrize("base64_notes", [False, True])
def test_a_bundle_maps_to_the_native_request_it_was_written_from(
    engine: Engine, name: str, base64_notes: bool
) -> None:
    request = example(name)
    claim = mapped(to_bundle(request, base64_notes=base64_notes), engine)
    assert claim.decidable and claim.key == request["request_id"]
    native = parse_request(claim.native)
    assert native == parse_request({**request, "urgency": request.get("urgency", "standard")})


def test_urgency_from_priority_or_level_of_service(engine: Engine) -> None:
    bundle = to_bundle({**example("EX01"), "urgency": "expedited"})
    assert mapped(bundle, engine).native["urgency"] == "expedited"
    urgent = to_bundle(example("EX01"))
    urgent["entry"][0]["resource"]["extension"] = [
        {
            "url": "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-levelOfServiceCode",
            "valueCodeableConcept": {
                "coding": [{"system": "https://codesystem.x12.org/005010/1338", "code": "U"}]
            },
        }
    ]
    assert mapped(urgent, engine).native["urgency"] == "expedited"


def test_the_payer_map_matches_identifiers_ids_and_names_else_the_default(engine: Engine) -> None:
    bundle = to_bundle(example("EX01"))  # an insurer the map does not list
    assert mapped(bundle, engine).program == "healthhelp"
    assert mapped(bundle, engine, Settings(fhir_default_program="cohere")).program == "cohere"
    by_name = Settings(fhir_payers={"  healthhelp TEST plan ": "cigna"})
    assert mapped(bundle, engine, by_name).program == "cigna"
    by_id = Settings(fhir_payers={"insurer": "anthem"})
    assert mapped(bundle, engine, by_id).program == "anthem"
    with pytest.raises(ValidationError, match="aetna"):
        Settings(fhir_payers={"x": "aetna"})
    with pytest.raises(ValidationError, match="aetna"):
        Settings(fhir_default_program="aetna")


def test_plan_type_and_state_from_coverage_and_insurer(engine: Engine) -> None:
    bundle = to_bundle(example("EX07"))
    coverage = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Coverage"
    )
    coverage["type"] = {
        "coding": [{"system": "https://codesystem.x12.org/005010/1336", "code": "HM"}]
    }
    insurer = bundle["entry"][2]["resource"]
    insurer["address"] = [{"state": "CA"}]
    assert mapped(bundle, engine).native["plan"] == {"type": "commercial_hmo", "state": "CA"}


@pytest.mark.parametrize("name", REQUEST_FIXTURES)
def test_the_official_request_bundles_go_to_manual_handling(engine: Engine, name: str) -> None:
    claim = mapped(fixture(name), engine)
    assert not claim.decidable
    result = claim.manual_result()
    assert {d["outcome"] for d in result["decisions"]} == {"no_policy"}
    assert all(d["reasons"][0].endswith("routed to manual handling.") for d in result["decisions"])
    assert [line.sequence for line in claim.lines] == [
        i["sequence"] for i in fixture(name)["entry"][0]["resource"]["item"]
    ]


def test_the_official_referral_note_is_read_from_base64(engine: Engine) -> None:
    claim = mapped(fixture("Bundle-ReferralAuthorizationBundleExample.json"), engine)
    assert claim.native["notes"] == [{"text": "This is sample base64 encoding."}]
    assert claim.native["diagnoses"] == ["G89.4"] and claim.key == "111099"


def test_an_imaging_service_beside_one_the_engine_cannot_decide_is_refused(engine: Engine) -> None:
    bundle = to_bundle(example("EX01"))
    claim = bundle["entry"][0]["resource"]
    extra = copy.deepcopy(claim["item"][0])
    extra["sequence"] = 2
    extra["productOrService"] = {
        "coding": [{"system": "https://codesystem.x12.org/005010/1365", "code": "3"}]
    }
    claim["item"].append(extra)
    with pytest.raises(FhirError) as refused:
        mapped(bundle, engine)
    (issue,) = refused.value.issues
    assert issue.expression == "Claim.item[1].productOrService" and "72141" in issue.diagnostics
