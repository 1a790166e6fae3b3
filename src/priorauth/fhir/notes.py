"""Clinical notes of a PAS bundle for the note reader: the text attachments (plain or base64) of
Claim.supportingInfo — a valueString, a valueAttachment, a referenced DocumentReference — and of the
bundle's other DocumentReferences. Other content types (PDF, images) and URL-only attachments are not read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.attachment import Attachment
from fhir.resources.R4B.documentreference import DocumentReference

from priorauth.fhir.bundle import PasBundle
from priorauth.fhir.outcome import refuse


def clinical_notes(pas: PasBundle) -> list[dict[str, Any]]:
    notes: list[dict[str, Any]] = []
    seen: set[int] = set()
    for i, info in enumerate(pas.claim.supportingInfo or []):
        where = f"Claim.supportingInfo[{i}]"
        date = info.timingDate
        if info.valueString:
            notes.append(_note(info.valueString, date))
        elif info.valueAttachment is not None:
            text = _text(info.valueAttachment, f"{where}.valueAttachment")
            if text:
                notes.append(_note(text, date))
        elif info.valueReference is not None and (info.valueReference.reference or "").split("/")[
            -2:-1
        ] == ["DocumentReference"]:
            document = pas.resolve(
                info.valueReference, DocumentReference, f"{where}.valueReference"
            )
            if document is not None:
                seen.add(id(document))
                notes += _document_notes(pas, document)
    for document in pas.of_type(DocumentReference):
        if id(document) not in seen:
            notes += _document_notes(pas, document)
    return notes


def _document_notes(pas: PasBundle, document: DocumentReference) -> list[dict[str, Any]]:
    date = document.date.date() if document.date is not None else None
    out = []
    for j, content in enumerate(document.content or []):
        text = _text(content.attachment, f"{pas.path_of(document)}.content[{j}].attachment")
        if text:
            out.append(_note(text, date))
    return out


def _text(attachment: Attachment, where: str) -> str | None:
    """An attachment's text: plain or base64 data of a text/* type (or of none given). Other types
    (PDF, images) and attachments given by URL only are not read."""
    kind = (attachment.contentType or "text/plain").split(";")[0].strip().lower()
    if not kind.startswith("text/") or attachment.data is None:
        return None
    try:
        text = bytes(attachment.data).decode("utf-8").strip()
    except UnicodeDecodeError:
        raise refuse("the attachment's text is not UTF-8", f"{where}.data", "value") from None
    return text or None


def _note(text: str, date: dt.date | None) -> dict[str, Any]:
    note: dict[str, Any] = {"text": text}
    if date is not None:
        note["date"] = date.isoformat()
    return note
