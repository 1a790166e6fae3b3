"""Notes from a PAS bundle's attachments: inline text, base64, DocumentReferences referenced or not;
other content types are not read, text that is not UTF-8 is refused."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from priorauth.fhir.bundle import read_bundle
from priorauth.fhir.notes import clinical_notes
from priorauth.fhir.outcome import FhirError
from tests.conftest import example
from tests.fhir.bundles import to_bundle


def b64(text: bytes) -> str:
    return base64.b64encode(text).decode()


def with_attachments(*attachments: dict[str, Any]) -> dict[str, Any]:
    bundle = to_bundle({**example("EX01"), "notes": []})
    bundle["entry"][0]["resource"]["supportingInfo"] = [
        {
            "sequence": i + 1,
            "category": {"coding": [{"code": "additionalInformation"}]},
            "valueAttachment": attachment,
        }
        for i, attachment in enumerate(attachments)
    ]
    return bundle


def test_text_attachments_are_read_and_others_are_not() -> None:
    bundle = with_attachments(
        {"contentType": "text/plain; charset=utf-8", "data": b64(b"Neck pain for 8 weeks.")},
        {"data": b64(b"No type given: read as text.")},
        {"contentType": "application/pdf", "data": b64(b"%PDF-1.4")},
        {"contentType": "text/plain", "url": "http://example.org/note.txt"},
    )
    notes = clinical_notes(read_bundle(bundle))
    assert notes == [{"text": "Neck pain for 8 weeks."}, {"text": "No type given: read as text."}]


def test_every_document_reference_of_the_bundle_is_read_once_with_its_date() -> None:
    bundle = to_bundle(example("EX01"), base64_notes=True)
    del bundle["entry"][0]["resource"]["supportingInfo"]  # no longer referenced: still read
    notes = clinical_notes(read_bundle(bundle))
    assert notes == [{"text": n["text"], "date": n["date"]} for n in example("EX01")["notes"]]
    referenced = clinical_notes(read_bundle(to_bundle(example("EX01"), base64_notes=True)))
    assert referenced == notes


def test_text_that_is_not_utf8_is_refused_naming_the_attachment() -> None:
    bundle = with_attachments({"contentType": "text/plain", "data": b64(b"\xff\xfe\x00bad")})
    with pytest.raises(FhirError) as refused:
        clinical_notes(read_bundle(bundle))
    assert refused.value.issues[0].expression == "Claim.supportingInfo[0].valueAttachment.data"
