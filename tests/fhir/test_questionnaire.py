"""Questionnaires of exactly the open facts, typed from the catalog, and answers read back."""

from __future__ import annotations

from priorauth.engine.engine import Engine
from priorauth.fhir import profiles as p
from priorauth.fhir import questionnaire as q
from priorauth.fhir.resources import conform
from priorauth.model.request import parse_request
from tests.conftest import example


def need_of(engine: Engine, request: dict[str, object]) -> q.Needs:
    return q.needs(engine.decide_lines(parse_request(request)), engine.catalog)


def test_questions_are_the_pended_decisions_questions(engine: Engine) -> None:
    request = example("EX05")
    need = need_of(engine, request)
    decided = engine.decide(parse_request(request))["decisions"][0]
    assert [f.id for f in need.questions] == [qn["fact"] for qn in decided["questions"]]
    assert need.services == ["72141"]


def test_an_approved_request_needs_nothing(engine: Engine) -> None:
    need = need_of(engine, example("EX01"))
    assert need.questions == [] and need.known == []


def test_items_are_typed_from_the_catalog_with_enable_when(engine: Engine) -> None:
    need = need_of(engine, example("EX05"))
    form = q.questionnaire("http://x/fhir/Questionnaire/case-1", "1", "t", need, engine.catalog)
    assert form["meta"]["profile"] == [p.DTR_STD_QUESTIONNAIRE]
    items = {i["linkId"]: i for i in q.walk(form["item"])}
    assert items["trauma.recent"]["type"] == "boolean"
    assert [o["valueCoding"]["code"] for o in items["cancer"]["answerOption"]] == [
        "known",
        "suspected",
        "absent",
    ]
    weeks = items["conservative_care.weeks"]
    assert weeks["type"] == "integer"
    assert weeks["extension"][0]["valueCoding"]["code"] == "wk"
    # Weeks of conservative care are asked once a treatment is confirmed.
    assert {w["question"] for w in weeks["enableWhen"]} <= set(items)
    assert weeks["enableBehavior"] == "any"


def test_known_prerequisites_are_prepopulated_with_their_origin(engine: Engine) -> None:
    request = {**example("EX05"), "answers": {"conservative_care.physical_therapy": True}}
    need = need_of(engine, request)
    known = {k.fact.id: k for k in need.known}
    assert known["conservative_care.physical_therapy"].origin == "manual"
    qr = q.response(
        "http://x/fhir/Questionnaire/case-1|1", need, {"display": "p"}, [{"display": "c"}]
    )
    answer = next(
        i for i in q.walk(qr["item"]) if i["linkId"] == "conservative_care.physical_therapy"
    )["answer"][0]
    assert answer["valueBoolean"] is True
    assert answer["extension"][0]["url"] == p.INFORMATION_ORIGIN
    assert answer["extension"][0]["extension"][0]["valueCode"] == "manual"


def test_answers_from_skips_what_the_engine_read_itself(engine: Engine) -> None:
    auto = {"url": p.INFORMATION_ORIGIN, "extension": [{"url": "source", "valueCode": "auto"}]}
    qr = conform(
        {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "item": [
                {"linkId": "trauma.recent", "answer": [{"valueBoolean": False}]},
                {"linkId": "cancer", "answer": [{"valueCoding": {"code": "absent"}}]},
                {"linkId": "conservative_care.weeks", "answer": [{"valueInteger": 8}]},
                {"linkId": "neck_pain", "answer": [{"valueBoolean": True, "extension": [auto]}]},
                {"linkId": "not-a-fact", "answer": [{"valueString": "x"}]},
            ],
        }
    )
    assert q.answers_from(qr, engine.catalog) == {
        "trauma.recent": False,
        "cancer": "absent",
        "conservative_care.weeks": 8,
    }
