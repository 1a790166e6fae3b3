"""The native prior-authorization request (shared/docs/product.md), validated on the way in.

Every model forbids unknown keys. Validation errors name the offending field and value; see
`describe_validation_error` for the one-line message the CLI and API give.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from priorauth.evidence.icd10 import normalise_icd10

Program = Literal["anthem", "cigna", "healthhelp", "cohere"]
PROGRAMS: tuple[str, ...] = ("anthem", "cigna", "healthhelp", "cohere")
SERVICE_CODE = re.compile(r"^(\d{5}|\d{4}[A-Z])$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Plan(Strict):
    type: str | None = None
    state: str | None = Field(default=None, min_length=2, max_length=2)

    @field_validator("state")
    @classmethod
    def _upper(cls, v: str | None) -> str | None:
        return v.upper() if v else v


class Patient(Strict):
    birth_date: dt.date
    sex: Literal["female", "male", "other", "unknown"] = "unknown"


class Service(Strict):
    code: str
    system: Literal["CPT", "HCPCS"] = "CPT"

    @field_validator("code")
    @classmethod
    def _shaped(cls, v: str) -> str:
        code = v.upper()
        if not SERVICE_CODE.match(code):
            raise ValueError(
                f"service code {v!r} is not CPT/HCPCS shaped (five digits, or four digits and a letter)"
            )
        return code


class Note(Strict):
    date: dt.date | None = None
    text: str = Field(min_length=1)


class PriorAuthRequest(Strict):
    request_id: str | None = None
    payer: Program
    plan: Plan | None = None
    request_date: dt.date
    urgency: Literal["standard", "expedited"] = "standard"
    patient: Patient
    services: list[Service] = Field(min_length=1)
    diagnoses: list[str] = Field(min_length=1)
    notes: list[Note] = Field(default_factory=list)
    answers: dict[str, Any] = Field(default_factory=dict)

    @field_validator("diagnoses")
    @classmethod
    def _icd10(cls, codes: list[str]) -> list[str]:
        out = []
        for code in codes:
            normal = normalise_icd10(code)
            if normal is None:
                raise ValueError(f"{code!r} is not an ICD-10-CM code")
            out.append(normal)
        return out

    @model_validator(mode="after")
    def _born_before_request(self) -> PriorAuthRequest:
        if self.patient.birth_date > self.request_date:
            raise ValueError(
                f"patient.birth_date {self.patient.birth_date} is after request_date {self.request_date}"
            )
        return self


class InvalidRequest(ValueError):
    """A request refused before any decision: the message names the field and the value."""


def describe_validation_error(err: ValidationError) -> str:
    """One line per problem: `field: message`, naming list positions the way JSON paths do."""
    lines = []
    for e in err.errors():
        loc = ""
        for part in e["loc"]:
            loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "missing":
            msg = "is required"
        elif e["type"] == "extra_forbidden":
            msg = "is not a field of the request"
        elif e["type"] == "literal_error" and "input" in e:
            msg = f"{e['input']!r} is not allowed: {msg}"
        elif e["type"].startswith(("date_", "too_short")) and "input" in e:
            msg = f"{msg} (got {e['input']!r})"
        lines.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(lines)


def parse_request(data: Any) -> PriorAuthRequest:
    """Validate a decoded JSON request; raise InvalidRequest with a message naming the field."""
    if not isinstance(data, dict):
        raise InvalidRequest("the request must be a JSON object")
    try:
        return PriorAuthRequest.model_validate(data)
    except ValidationError as err:
        raise InvalidRequest(describe_validation_error(err)) from None
