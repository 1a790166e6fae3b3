"""The shared worked examples get their expected outcome from their codes and note text alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from priorauth.engine.engine import Engine
from priorauth.model.request import parse_request

EXAMPLES = Path(__file__).parents[1] / "examples"
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text())
REQUESTS = sorted((EXAMPLES / "requests").glob("*.json"))


@pytest.mark.parametrize("path", REQUESTS, ids=[p.stem for p in REQUESTS])
def test_example_gets_its_expected_outcome(engine: Engine, path: Path) -> None:
    expect = EXPECTED[path.stem]
    decision = engine.decide(parse_request(json.loads(path.read_text())))["decisions"][0]
    assert decision["outcome"] == expect["outcome"], decision["reasons"]
    if "criterion" in expect:
        assert expect["criterion"] in {i for m in decision["matched"] for i in m["path"]}
    if "question" in expect:
        import re

        texts = " ".join(q["text"] for q in decision["questions"])
        assert re.search(expect["question"], texts, re.I), texts
