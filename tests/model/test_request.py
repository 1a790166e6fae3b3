"""Bad input is refused with a message that names the field or the value."""

from __future__ import annotations

from typing import Any

import pytest

from priorauth.model.request import InvalidRequest, parse_request


def good() -> dict[str, Any]:
    return {
        "payer": "healthhelp",
        "request_date": "2025-11-03",
        "patient": {"birth_date": "1976-09-01", "sex": "male"},
        "services": [{"code": "72141"}],
        "diagnoses": ["M54.2"],
    }


def refused(mutate: Any) -> str:
    data = good()
    mutate(data)
    with pytest.raises(InvalidRequest) as err:
        parse_request(data)
    return str(err.value)


def test_a_good_request_parses_and_normalises_codes() -> None:
    data = good()
    data["diagnoses"] = ["m5412"]
    data["services"] = [{"code": "0649t"}]
    request = parse_request(data)
    assert request.diagnoses == ["M54.12"]
    assert request.services[0].code == "0649T"


@pytest.mark.parametrize(
    ("mutate", "named"),
    [
        (lambda d: d.pop("payer"), "payer: is required"),
        (lambda d: d.update(payer="aetna"), "'aetna'"),
        (lambda d: d.update(diagnoses=["M54.599"]), "'M54.599' is not an ICD-10-CM code"),
        (lambda d: d.update(diagnoses=[]), "diagnoses"),
        (lambda d: d.update(services=[]), "services"),
        (lambda d: d.update(services=[{"code": "7214"}]), "'7214'"),
        (lambda d: d.update(services=[{"code": "ABCDE"}]), "'ABCDE'"),
        (lambda d: d.update(request_date="2025-13-01"), "request_date"),
        (lambda d: d["patient"].update(birth_date="2026-01-01"), "after request_date"),
        (lambda d: d["patient"].pop("birth_date"), "patient.birth_date: is required"),
        (lambda d: d.update(urgency="urgent"), "urgency"),
        (lambda d: d.update(colour="red"), "colour: is not a field of the request"),
        (lambda d: d.update(notes=[{"text": ""}]), "notes[0].text"),
    ],
)
def test_each_kind_of_bad_input_names_the_field_or_value(mutate: Any, named: str) -> None:
    assert named in refused(mutate)


def test_a_non_object_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="JSON object"):
        parse_request(["not", "an", "object"])
