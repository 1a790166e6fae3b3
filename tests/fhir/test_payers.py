"""The program of a CDS Hooks call comes from the server's insurer map, else its default."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from priorauth.fhir.payers import program_of_coverages
from priorauth.settings import Settings

SETTINGS = Settings(
    fhir_payers={"Cohere Health": "cohere", "payer-123": "cigna", "org-anthem": "anthem"}
)


@pytest.mark.parametrize(
    ("payor", "program"),
    [
        ({"display": "cohere health"}, "cohere"),
        ({"identifier": {"value": "payer-123"}}, "cigna"),
        ({"reference": "Organization/org-anthem"}, "anthem"),
        ({"display": "Some Other Plan"}, "healthhelp"),
    ],
)
def test_program_of_coverages(payor: dict[str, object], program: str) -> None:
    assert program_of_coverages([{"payor": [payor]}], SETTINGS) == program


def test_a_misconfigured_program_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="aetna"):
        Settings(fhir_default_program="aetna")
