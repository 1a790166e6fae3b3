"""The program of a FHIR request comes from the server's insurer map, else its default."""

from __future__ import annotations

import pytest

from priorauth.fhir.payers import program_for
from priorauth.model.request import InvalidRequest

PAYERS = {"Cohere Health": "cohere", "payer-123": "cigna", "Organization/org-anthem": "anthem"}


@pytest.mark.parametrize(
    ("payor", "program"),
    [
        ({"display": "cohere health"}, "cohere"),
        ({"identifier": {"value": "payer-123"}}, "cigna"),
        ({"reference": "Organization/org-anthem"}, "anthem"),
        ({"display": "Some Other Plan"}, "healthhelp"),
    ],
)
def test_program_for(payor: dict[str, object], program: str) -> None:
    assert program_for([{"payor": [payor]}], PAYERS, "healthhelp") == program


def test_organization_names_are_followed() -> None:
    orgs = {"Organization/o1": {"name": "Cohere Health"}}
    assert (
        program_for([{"payor": [{"reference": "Organization/o1"}]}], PAYERS, "healthhelp", orgs)
        == "cohere"
    )


def test_a_misconfigured_program_is_named() -> None:
    with pytest.raises(InvalidRequest, match="aetna"):
        program_for([], {}, "aetna")
