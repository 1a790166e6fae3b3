"""DTR: the questionnaire package of a pended case or of a CRD coverage assertion, the adaptive next
question, and answers received as a QuestionnaireResponse (decided again at once for a case, like
answers through the native API).

Questionnaires are `{base}/Questionnaire/case-{id}` (versioned by the case's decision number) and
`{base}/Questionnaire/crd-{assertion id}`. They are generated from the stored request whenever asked,
so they always ask what is open now."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy.orm import Session

from priorauth.access.roles import Action, Principal
from priorauth.fhir import profiles as p
from priorauth.fhir import questionnaire as q
from priorauth.fhir.resources import NotConformant, conform
from priorauth.model.request import InvalidRequest, PriorAuthRequest, parse_request
from priorauth.store import audit
from priorauth.store.tables import CoverageAssertion
from priorauth.workflow.cases import Workflow
from priorauth.workflow.errors import NotFound

CANONICAL = re.compile(r"/Questionnaire/(case|crd)-([0-9a-f]{32})(?:\|\d+)?$")


@dataclass(frozen=True, slots=True)
class Subject:
    """What a questionnaire is about: a case, or the order of a CRD coverage assertion."""

    kind: str  # case | crd
    id: str
    version: str
    request: Callable[[dict[str, Any] | None], PriorAuthRequest]
    answers: dict[str, Any]

    def url(self, base: str) -> str:
        return f"{base}/Questionnaire/{self.kind}-{self.id}"

    def reference(self) -> dict[str, Any]:
        system = p.CASE_ID if self.kind == "case" else p.ASSERTION_ID
        label = "case" if self.kind == "case" else "coverage assertion"
        return {"identifier": {"system": system, "value": self.id}, "display": f"{label} {self.id}"}


def parse_canonical(reference: str) -> tuple[str, str]:
    match = CANONICAL.search(reference)
    if match is None:
        raise NotConformant(
            f"{reference!r} is not one of our questionnaires "
            "({base}/Questionnaire/case-<case id> or crd-<coverage assertion id>)"
        )
    return match.group(1), match.group(2)


def load(
    workflow: Workflow, session: Session, who: Principal, reference: str, remote: str | None
) -> Subject:
    kind, ident = parse_canonical(reference)
    if kind == "case":
        case = workflow.get(session, who, ident, remote)
        try:
            workflow.request_of(case, {})
        except InvalidRequest:
            raise NotConformant(
                f"case {case.id} was taken for manual handling; it has no questionnaire"
            ) from None
        return Subject(
            "case",
            case.id,
            str(len(case.decisions)),
            lambda answers: workflow.request_of(case, answers),
            dict(case.answers),
        )
    row = session.get(CoverageAssertion, ident)
    if row is None or (who.role.value == "submitter" and row.org != who.org):
        raise NotFound(f"no coverage assertion {ident!r}")
    audit.record(session, who, "crd.assertion.read", None, remote, ident)
    data = orjson.loads(row.request_body)

    def request(answers: dict[str, Any] | None) -> PriorAuthRequest:
        return parse_request({**data, "answers": answers or {}})

    return Subject("crd", row.id, "1", request, {})


def _need(workflow: Workflow, subject: Subject, answers: dict[str, Any] | None = None) -> q.Needs:
    request = subject.request(answers if answers is not None else subject.answers)
    lines = workflow.engine.decide_lines(request)
    return q.needs(lines, workflow.engine.catalog)


def _title(need: q.Needs, subject: Subject) -> str:
    what = ", ".join(need.services) or "this request"
    policy = "; ".join(dict.fromkeys(need.policies))
    label = "case" if subject.kind == "case" else "coverage assertion"
    return (
        f"Information needed for {what}"
        + (f" under {policy}" if policy else "")
        + f" ({label} {subject.id})"
    )


def package(
    workflow: Workflow,
    session: Session,
    who: Principal,
    reference: str,
    base: str,
    remote: str | None,
) -> dict[str, Any]:
    """$questionnaire-package output: one package bundle with the Questionnaire and the
    pre-populated QuestionnaireResponse; an outcome says when nothing is open."""
    if not who.may(Action.read_case):  # pragma: no cover - every role reads cases
        raise NotFound("no such questionnaire")
    subject = load(workflow, session, who, reference, remote)
    need = _need(workflow, subject)
    url = subject.url(base)
    form = q.questionnaire(
        url, subject.version, _title(need, subject), need, workflow.engine.catalog
    )
    entries: list[dict[str, Any]] = [{"resource": form}]
    if need.known or need.questions:
        prefilled = q.response(
            f"{url}|{subject.version}", need, subject.reference(), [subject.reference()]
        )
        entries.append({"resource": prefilled})
    bundle = {
        "resourceType": "Bundle",
        "meta": {"profile": [p.DTR_PACKAGE_BUNDLE]},
        "type": "collection",
        "entry": entries,
    }
    parameters: list[dict[str, Any]] = [{"name": "packagebundle", "resource": conform(bundle)}]
    if not need.questions:
        note = f"{subject.kind} {subject.id} has no open questions"
        outcome = {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "information", "code": "informational", "diagnostics": note}],
        }
        parameters.append({"name": "outcome", "resource": conform(outcome)})
    return conform(
        {
            "resourceType": "Parameters",
            "meta": {"profile": [p.DTR_PACKAGE_OUTPUT]},
            "parameter": parameters,
        }
    )


def next_question(
    workflow: Workflow,
    session: Session,
    who: Principal,
    qr: dict[str, Any],
    base: str,
    remote: str | None,
) -> dict[str, Any]:
    """$next-question: decide again on the answers so far (nothing is stored) and add the first
    question still open to the contained adaptive Questionnaire; `completed` when none is left."""
    contained = next(
        (r for r in qr.get("contained", []) if r.get("resourceType") == "Questionnaire"), None
    )
    reference = (contained or {}).get("url") or qr.get("questionnaire") or ""
    subject = load(workflow, session, who, reference, remote)
    catalog = workflow.engine.catalog
    given = q.answers_from(qr, catalog)
    need = _need(workflow, subject, {**subject.answers, **given})
    if contained is None:
        title = _title(need, subject)
        contained = q.questionnaire(
            subject.url(base), subject.version, title, need, catalog, adaptive=True
        )
        contained["id"] = "adaptive"
    items = list(contained.get("item", []))
    present = {i["linkId"] for i in q.walk(items)} | q.answered(qr)
    following = next((f for f in need.questions if f.id not in present), None)
    out = dict(qr)
    out["status"] = "completed" if following is None else "in-progress"
    if following is not None:
        items.append(q.item(following, catalog))
    if items:
        contained = {**contained, "item": items}
    out["contained"] = [conform(contained)]
    out["questionnaire"] = f"#{contained.get('id', 'adaptive')}"
    out.setdefault("subject", subject.reference())
    out.setdefault("meta", {"profile": [p.DTR_ADAPTIVE_RESPONSE]})
    return conform(
        {
            "resourceType": "Parameters",
            "meta": {"profile": [p.DTR_NEXT_QUESTION_OUTPUT]},
            "parameter": [{"name": "return", "resource": conform(out)}],
        }
    )


def answers_of_response(qr: dict[str, Any], workflow: Workflow) -> tuple[str, dict[str, Any]]:
    """The case a QuestionnaireResponse answers and the answers it gives (all but those the engine
    had read itself); nothing is read from the store."""
    conform(qr)
    reference = qr.get("questionnaire") or ""
    if reference.startswith("#"):
        contained: dict[str, Any] = next(
            (r for r in qr.get("contained", []) if r.get("id") == reference[1:]), {}
        )
        reference = contained.get("url", "")
    kind, ident = parse_canonical(reference)
    if kind != "case":
        raise NotConformant(
            "QuestionnaireResponse.questionnaire: answers to a CRD questionnaire go with the prior "
            "authorization request (PAS Claim.supportingInfo); there is no case to answer yet"
        )
    answers = q.answers_from(qr, workflow.engine.catalog)
    if not answers:
        raise NotConformant(
            "QuestionnaireResponse.item: no answers besides those already documented"
        )
    return ident, answers
