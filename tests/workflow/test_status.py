"""A case's status from its lines: waiting for a clinician, for information, or decided."""

from __future__ import annotations

import pytest

from priorauth.workflow.status import LineState, case_status


def lines(*states: str) -> list[LineState]:
    return [LineState(f"7214{i}", s, s, None) for i, s in enumerate(states)]


@pytest.mark.parametrize(
    ("states", "status"),
    [
        (("approved",), "approved"),
        (("approved", "approved"), "approved"),
        (("pended",), "pended"),
        (("approved", "pended"), "pended"),
        (("clinical_review",), "in_review"),
        (("no_policy",), "in_review"),
        (("pended", "clinical_review"), "in_review"),
        (("not_certified",), "not_certified"),
        (("approved", "not_certified"), "modified"),
        (("modified",), "modified"),
    ],
)
def test_case_status(states: tuple[str, ...], status: str) -> None:
    assert case_status(lines(*states)) == status
