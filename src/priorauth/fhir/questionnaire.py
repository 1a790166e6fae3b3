"""DTR questionnaires from a decision: exactly the facts still UNKNOWN on the open indications, typed by
the fact catalog, with `enableWhen` where a fact only matters after another (a duration `of` a
treatment), and a QuestionnaireResponse pre-populated with what the engine already knows, each answer
marked with its `information-origin` (auto: read by the engine; manual: answered before)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from priorauth.engine.engine import LineResult
from priorauth.fhir import profiles as p
from priorauth.fhir.resources import NotConformant, conform
from priorauth.policy.facts import Catalog, Fact, FactType

ITEM_TYPE = {
    FactType.boolean: "boolean",
    FactType.number: "decimal",
    FactType.duration: "integer",
    FactType.date: "date",
    FactType.enum: "choice",
    FactType.condition: "choice",
    FactType.code: "string",
}
ANSWER_KEY = {
    "boolean": "valueBoolean",
    "decimal": "valueDecimal",
    "integer": "valueInteger",
    "date": "valueDate",
    "choice": "valueCoding",
    "string": "valueString",
}


@dataclass(frozen=True, slots=True)
class Known:
    """A fact the engine already has a value for, and where the value came from."""

    fact: Fact
    value: Any
    origin: str  # auto (codes, notes) | manual (an answer given before)
    quote: str | None


@dataclass(frozen=True, slots=True)
class Needs:
    """What a request still needs, from its decision: the questions, and what is already known."""

    questions: list[Fact]
    known: list[Known]
    services: list[str]
    policies: list[str]


def needs(lines: Sequence[LineResult], catalog: Catalog) -> Needs:
    """The UNKNOWN facts of the pended lines' open indications (the decision's questions), and the
    known facts those questions depend on."""
    questions: dict[str, Fact] = {}
    services, policies = [], []
    for line in lines:
        if line.decision["outcome"] != "pended":
            continue
        services.append(line.code)
        if line.decision["policy"]:
            policies.append(line.decision["policy"]["title"])
        for q in line.decision["questions"]:
            questions.setdefault(q["fact"], catalog[q["fact"]])
    known: dict[str, Known] = {}
    for fact in questions.values():
        for prior in _prerequisites(fact, catalog):
            if prior.id in questions or prior.id in known:
                continue
            for line in lines:
                if line.trace is not None and prior.id in line.trace.facts.values:
                    evidence = line.trace.facts.evidence.get(prior.id, [])
                    source = evidence[-1].source if evidence else "request"
                    known[prior.id] = Known(
                        prior,
                        line.trace.facts.values[prior.id],
                        "manual" if source == "answer" else "auto",
                        next((e.quote for e in evidence if e.quote), None),
                    )
                    break
    return Needs(list(questions.values()), list(known.values()), services, policies)


def _prerequisites(fact: Fact, catalog: Catalog) -> list[Fact]:
    """Facts this one is asked after: a duration or date `of` a treatment or finding."""
    if fact.note is None:
        return []
    return [
        catalog[f] for f in fact.note.of if f in catalog and catalog[f].type is FactType.boolean
    ]


def questionnaire(
    url: str, version: str, title: str, need: Needs, catalog: Catalog, adaptive: bool = False
) -> dict[str, Any]:
    """The Questionnaire: a group of what is already documented (pre-populated in the response) and
    a group of what is needed; in the adaptive form only the documented group, questions come one at
    a time from $next-question."""
    documented = [_item(k.fact, catalog, required=False) for k in need.known]
    asked = (
        [] if adaptive else [_item(f, catalog, required=True, linked=need) for f in need.questions]
    )
    groups = []
    if documented:
        groups.append(_group("documented", "Already documented (check and correct)", documented))
    if asked or adaptive:
        groups.append(_group("needed", "Needed to decide", asked))
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "meta": {
            "profile": [p.DTR_ADAPTIVE_QUESTIONNAIRE if adaptive else p.DTR_STD_QUESTIONNAIRE]
        },
        "url": url,
        "version": version,
        "name": "PriorAuthInformation",
        "title": title,
        "status": "active",
        "subjectType": ["Patient"],
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "publisher": "priorauth",
    }
    if groups:
        resource["item"] = groups
    if adaptive:
        resource["extension"] = [{"url": p.SDC_ADAPTIVE, "valueBoolean": True}]
    return conform(resource)


def response(
    questionnaire_ref: str,
    need: Needs,
    subject: dict[str, Any],
    context: Sequence[dict[str, Any]],
    adaptive: bool = False,
    contained: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The QuestionnaireResponse pre-populated with the documented facts, each answer carrying its
    information-origin."""
    documented = [
        {
            "linkId": k.fact.id,
            "text": k.fact.question,
            "answer": [{**_answer(k.fact, k.value), "extension": [_origin(k.origin)]}],
        }
        for k in need.known
    ]
    items = (
        [{"linkId": "documented", "text": "Already documented", "item": documented}]
        if documented
        else []
    )
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "meta": {
            "profile": [p.DTR_ADAPTIVE_RESPONSE if adaptive else p.DTR_QUESTIONNAIRE_RESPONSE]
        },
        "questionnaire": questionnaire_ref,
        "status": "in-progress",
        "subject": subject,
        "authored": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "extension": [
            *({"url": p.QR_CONTEXT, "valueReference": c} for c in context),
            {
                "url": p.INTENDED_USE,
                "valueCodeableConcept": {
                    "coding": [{"system": p.CRD_TEMP_CODES, "code": "withpa"}],
                    "text": "Information for a prior authorization",
                },
            },
        ],
        "item": items,
    }
    if contained is not None:
        resource["contained"] = [contained]
    return conform(resource)


def answers_from(qr: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """The answers a QuestionnaireResponse gives, keyed by fact id: every answered item except those
    whose information-origin is `auto` (what the engine had read itself, unchanged)."""
    out: dict[str, Any] = {}
    for item in walk(qr.get("item", [])):
        link = item.get("linkId")
        if link not in catalog or not item.get("answer"):
            continue
        answer = item["answer"][0]
        if _origin_of(answer) == "auto":
            continue
        value = _value(answer)
        if value is None:
            raise NotConformant(f"QuestionnaireResponse.item[{link}].answer: has no value")
        out[link] = value
    return out


def answered(qr: dict[str, Any]) -> set[str]:
    return {i["linkId"] for i in walk(qr.get("item", [])) if i.get("answer")}


def item(fact: Fact, catalog: Catalog) -> dict[str, Any]:
    return _item(fact, catalog, required=True)


def _item(
    fact: Fact, catalog: Catalog, required: bool, linked: Needs | None = None
) -> dict[str, Any]:
    kind = ITEM_TYPE[fact.type]
    out: dict[str, Any] = {
        "linkId": fact.id,
        "code": [{"system": p.FACT, "code": fact.id}],
        "text": fact.question,
        "type": kind,
        "required": required,
    }
    if kind == "choice":
        out["answerOption"] = [
            {"valueCoding": {"system": p.FACT_VALUES, "code": v, "display": v}}
            for v in fact.choices or ()
        ]
    if fact.unit and fact.type in (FactType.duration, FactType.number):
        unit = p.DURATION_UCUM.get(fact.unit, fact.unit)
        out["extension"] = [
            {
                "url": p.QUESTIONNAIRE_UNIT,
                "valueCoding": {"system": p.UCUM, "code": unit, "display": fact.unit},
            }
        ]
    if linked is not None:
        present = {f.id for f in linked.questions} | {k.fact.id for k in linked.known}
        after = [f for f in _prerequisites(fact, catalog) if f.id in present]
        if after:
            out["enableWhen"] = [
                {"question": f.id, "operator": "=", "answerBoolean": True} for f in after
            ]
            if len(after) > 1:
                out["enableBehavior"] = "any"
    return out


def _group(link: str, text: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"linkId": link, "text": text, "type": "group", "item": items}


def _answer(fact: Fact, value: Any) -> dict[str, Any]:
    kind = ITEM_TYPE[fact.type]
    if kind == "choice":
        return {"valueCoding": {"system": p.FACT_VALUES, "code": str(value), "display": str(value)}}
    if kind == "date":
        return {"valueDate": value.isoformat() if hasattr(value, "isoformat") else str(value)}
    if kind == "integer":
        return {"valueInteger": int(value)}
    if kind == "decimal":
        return {"valueDecimal": float(value)}
    return {ANSWER_KEY[kind]: value}


def _value(answer: dict[str, Any]) -> Any:
    for key in ("valueBoolean", "valueInteger", "valueDecimal", "valueDate", "valueString"):
        if key in answer:
            return answer[key]
    if "valueCoding" in answer:
        return answer["valueCoding"].get("code")
    return None


def _origin(source: str) -> dict[str, Any]:
    return {"url": p.INFORMATION_ORIGIN, "extension": [{"url": "source", "valueCode": source}]}


def _origin_of(answer: dict[str, Any]) -> str | None:
    for ext in answer.get("extension", []):
        if ext.get("url") == p.INFORMATION_ORIGIN:
            for sub in ext.get("extension", []):
                if sub.get("url") == "source":
                    source: str | None = sub.get("valueCode")
                    return source
    return None


def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for it in items:
        yield it
        yield from walk(it.get("item", []))
