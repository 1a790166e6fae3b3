"""Request bodies of the API besides the prior-authorization request itself (model/request.py)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AnswersBody(Body):
    """Replies to a pended decision's questions: `{"answers": {"<fact id>": value}}`."""

    answers: dict[str, Any] = Field(min_length=1)


class ReviewBody(Body):
    """A clinician's decision on the case, or on one service line of it."""

    action: Literal["approve", "not_certified", "modify"]
    rationale: str = Field(
        min_length=1, description="Why, in the reviewer's words, citing the policy."
    )
    criterion: str | None = Field(
        default=None,
        description="The policy criterion id the decision rests on (required for not_certified).",
    )
    service: str | None = Field(default=None, description="One service line; all lines if absent.")
    modification: str | None = Field(
        default=None, description="What was approved instead (required for modify)."
    )
