"""Refusals as FHIR OperationOutcome: each issue with its severity, issue type, what is wrong and the
FHIRPath of the element at fault."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.operationoutcome import OperationOutcome, OperationOutcomeIssue
from pydantic import ValidationError


@dataclass(frozen=True, slots=True)
class Issue:
    diagnostics: str
    expression: str | None = None
    code: str = (
        "invalid"  # http://hl7.org/fhir/issue-type: invalid, structure, required, value, ...
    )
    severity: str = "error"


class FhirError(Exception):
    """A bundle refused before anything is stored: 400 when it is not a readable FHIR resource, 422
    when it is one but not a PAS request we can take."""

    def __init__(self, status: int, issues: list[Issue]) -> None:
        super().__init__("; ".join(i.diagnostics for i in issues))
        self.status = status
        self.issues = issues


def refuse(diagnostics: str, expression: str | None = None, code: str = "invalid") -> FhirError:
    return FhirError(422, [Issue(diagnostics, expression, code)])


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    outcome = OperationOutcome(
        issue=[
            OperationOutcomeIssue(
                severity=i.severity,
                code=i.code,
                diagnostics=i.diagnostics,
                expression=[i.expression] if i.expression else None,
            )
            for i in issues
        ]
    )
    data: dict[str, Any] = outcome.model_dump(mode="json", exclude_none=True)
    return data


def structure_issues(err: ValidationError, root: str) -> list[Issue]:
    """fhir.resources' validation errors, each at the FHIRPath of its element."""
    issues = []
    for e in err.errors()[:20]:
        path = root
        for part in e["loc"]:
            if isinstance(part, int):
                path += f"[{part}]"
            elif not str(part).startswith(("function-", "model-")):
                path += f".{part}"
        message = e["msg"].removeprefix("Value error, ")
        issues.append(Issue(message, path, "structure"))
    return issues
