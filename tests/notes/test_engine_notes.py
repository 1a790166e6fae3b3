"""The note reader inside the engine: evidence cited on decisions, conflicts reported, real notes read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from priorauth.engine.engine import Engine
from priorauth.model.request import parse_request

ROOT = Path(__file__).parents[2]
MTSAMPLES = ROOT.parent / "shared" / "fixtures" / "mtsamples" / "notes.jsonl"


def request(text: str, diagnoses: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "payer": "healthhelp",
        "request_date": "2025-11-03",
        "patient": {"birth_date": "1976-09-01", "sex": "male"},
        "services": [{"code": "72141"}],
        "diagnoses": diagnoses or ["M54.2"],
        "notes": [{"date": "2025-11-03", "text": text}],
        **extra,
    }


def test_conservative_care_from_the_note_approves_and_cites_the_words(engine: Engine) -> None:
    text = (
        "49 yo M with axial neck pain since May 2025. Treated with chiropractic care twice weekly for "
        "7 weeks (July-August 2025) and now worsening despite it. Neuro exam: strength, reflexes and "
        "sensation normal."
    )
    decision = engine.decide(parse_request(request(text)))["decisions"][0]
    assert decision["outcome"] == "approved"
    cited = [e for m in decision["matched"] for e in m["evidence"] if e["source"] == "note"]
    weeks = next(e for e in cited if e["fact"] == "conservative_care.active_weeks")
    assert weeks["value"] == 7 and weeks["note"] == 0
    assert text[weeks["start"] : weeks["end"]] == weeks["quote"]


def test_a_note_that_contradicts_a_code_is_reported(engine: Engine) -> None:
    out = engine.decide(parse_request(request("Patient denies neck pain; here for arm numbness.")))
    conflicts = out["decisions"][0].get("conflicts") or out.get("conflicts") or []
    assert any(c["fact"] == "neck_pain" for c in conflicts), out


def test_an_answer_settles_a_note_and_the_disagreement_is_still_reported(engine: Engine) -> None:
    body = request(
        "No physical therapy so far.", answers={"conservative_care.physical_therapy": True}
    )
    out = engine.decide(parse_request(body))
    conflicts = out["decisions"][0].get("conflicts") or out.get("conflicts") or []
    pt = next(c for c in conflicts if c["fact"] == "conservative_care.physical_therapy")
    assert pt["resolution"] == "the answer given settles it"
    assert {v["source"] for v in pt["values"]} == {"note", "answer"}


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpus").glob("*/*.yaml")):
        texts += [n["text"] for n in (yaml.safe_load(path.read_text()) or {}).get("notes", [])]
    return texts


def test_every_corpus_note_decides_without_error(engine: Engine) -> None:
    for text in corpus_texts():
        out = engine.decide(parse_request(request(text)))
        assert out["decisions"][0]["outcome"] in {
            "approved",
            "pended",
            "clinical_review",
            "no_policy",
        }


@pytest.mark.skipif(
    not MTSAMPLES.exists(), reason="the shared MTSamples notes are not beside this checkout"
)
def test_every_mtsamples_note_is_read_without_error(engine: Engine) -> None:
    lines = MTSAMPLES.read_text().splitlines()
    for line in lines:
        note = json.loads(line)
        engine.decide(parse_request(request(note["text"])))
    assert len(lines) == 58
