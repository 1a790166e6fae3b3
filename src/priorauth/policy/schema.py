"""The policy file format: pydantic models for manifest, criteria, value sets and golden cases.

Every model forbids unknown keys, so a misspelt field in a policy file is an error, not a silent default.
The format is described for analysts in docs/policy-format.md.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(StrEnum):
    """What a top-level criterion does to the decision."""

    indication = "indication"
    non_indication = "non_indication"
    contraindication = "contraindication"
    position = (
        "position"  # the policy's position, e.g. "investigational and not medically necessary"
    )
    requirement = "requirement"  # must hold before any indication can approve (eviCore PN-1)
    notice = (
        "notice"  # when TRUE, its text is added to the reasons (routing notes, provider discretion)
    )


BLOCKING_KINDS = frozenset({Kind.non_indication, Kind.contraindication, Kind.position})


class Period(Strict):
    """A span of calendar time, counted back from the request date."""

    days: int = 0
    weeks: int = 0
    months: int = 0
    years: int = 0

    @model_validator(mode="after")
    def _not_empty(self) -> Period:
        if not (self.days or self.weeks or self.months or self.years):
            raise ValueError("a period needs days, weeks, months or years")
        return self

    def describe(self) -> str:
        parts = [
            f"{n} {unit if n != 1 else unit[:-1]}"
            for n, unit in (
                (self.years, "years"),
                (self.months, "months"),
                (self.weeks, "weeks"),
                (self.days, "days"),
            )
            if n
        ]
        return " ".join(parts)


class Elapsed(Strict):
    """Time from a date fact to the request date: `min` <= elapsed <= `max` (both inclusive)."""

    min: Period | None = None
    max: Period | None = None

    @model_validator(mode="after")
    def _bounded(self) -> Elapsed:
        if self.min is None and self.max is None:
            raise ValueError("elapsed needs min, max or both")
        return self


class External(Strict):
    """A cross-reference to a guideline that is not loaded (eviCore MS-21, CH-31, ...)."""

    guideline: str
    title: str | None = None


class AtLeast(Strict):
    n: int = Field(ge=1)
    of: list[Node]


CompareOp = Literal[">=", ">", "<=", "<", "==", "!="]


class Node(Strict):
    """One criterion node: a logical combination of children, or a leaf predicate over one fact."""

    id: str
    text: str | None = None
    kind: Kind | None = None  # top-level nodes only
    section: str | None = None  # the document section a top-level node belongs to
    anchor: bool = False
    applies_when: Node | None = None  # top-level only: the node is skipped unless this is TRUE
    refs: list[str] = Field(default_factory=list)
    note: str | None = None  # analyst's remark on how the text was encoded

    # logic (exactly one of these, or a leaf predicate)
    any: list[Node] | None = None
    all: list[Node] | None = None
    either: list[Node] | None = None
    not_: Node | None = Field(default=None, alias="not")
    at_least: AtLeast | None = None

    # leaf predicates
    fact: str | None = None
    op: CompareOp | None = None
    value: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    elapsed: Elapsed | None = None
    external: External | None = None
    always: bool | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def logic(self) -> str | None:
        for name in ("any", "all", "either", "not_", "at_least"):
            if getattr(self, name) is not None:
                return name.rstrip("_")
        return None

    @property
    def children(self) -> list[Node]:
        if self.any is not None:
            return self.any
        if self.all is not None:
            return self.all
        if self.either is not None:
            return self.either
        if self.not_ is not None:
            return [self.not_]
        if self.at_least is not None:
            return self.at_least.of
        return []

    @property
    def is_leaf(self) -> bool:
        return self.logic is None

    @model_validator(mode="after")
    def _one_form(self) -> Node:
        logics = [
            n for n in ("any", "all", "either", "not_", "at_least") if getattr(self, n) is not None
        ]
        leaves = [
            n
            for n, present in (
                ("fact", self.fact is not None),
                ("external", self.external is not None),
                ("always", self.always is not None),
            )
            if present
        ]
        if len(logics) + len(leaves) != 1:
            raise ValueError(
                f"node {self.id!r} must have exactly one of any/all/either/not/at_least "
                f"or a leaf (fact, external, always); found {logics + leaves or 'none'}"
            )
        if self.either is not None and len(self.either) != 2:
            raise ValueError(f"node {self.id!r}: 'either' takes exactly two children")
        if self.fact is None and (self.op or self.in_ is not None or self.elapsed):
            raise ValueError(f"node {self.id!r}: op/in/elapsed need a fact")
        if self.op is not None and self.value is None:
            raise ValueError(f"node {self.id!r}: op {self.op!r} needs a value")
        forms = [x for x in (self.op, self.in_, self.elapsed) if x is not None]
        if len(forms) > 1:
            raise ValueError(f"node {self.id!r}: use one of op/in/elapsed, not several")
        return self


AtLeast.model_rebuild()


class SourceDocument(Strict):
    file: str  # path inside the policy folder
    original_name: str
    sha256: str


class ServiceCode(Strict):
    code: str
    description: str
    modality: Literal["MRI", "CT", "MRS", "MRN", "PET", "other"] = "MRI"
    region: str | None = None  # cervical, thoracic, lumbar, brain, upper_extremity, ...
    contrast: Literal["without", "with", "without_then_with", "unspecified"] = "unspecified"


class AgeBand(Strict):
    name: str
    min_years: int | None = None
    max_years: int | None = None
    text: str | None = None  # verbatim statement of the band


class Applicability(Strict):
    """Which requests the policy covers beyond its service codes."""

    scope: Literal["service", "condition"] = "service"
    conditions: list[str] = Field(
        default_factory=list
    )  # value set names (ICD-10-CM) for condition scope
    condition_facts: list[str] = Field(
        default_factory=list
    )  # facts that also put a request in scope
    combination: list[str] = Field(
        default_factory=list
    )  # value sets: codes covered only together with ours


class NotEncoded(Strict):
    item: str
    text: str | None = None  # verbatim, when the item is short enough to quote
    reason: str


class Manifest(Strict):
    id: str
    title: str
    issuer: str
    program: Literal["anthem", "cigna", "healthhelp", "cohere"]
    version: str
    effective: dt.date
    review: dict[str, dt.date] = Field(default_factory=dict)
    source: SourceDocument
    services: list[ServiceCode]
    applicability: Applicability = Applicability()
    age_bands: list[AgeBand] = Field(default_factory=list)
    not_encoded: list[NotEncoded] = Field(default_factory=list)


class Criteria(Strict):
    criteria: list[Node]


class ValueSet(Strict):
    system: Literal["ICD-10-CM", "CPT"]
    description: str
    codes: list[str]


class ValueSets(Strict):
    valuesets: dict[str, ValueSet] = Field(default_factory=dict)


class CaseExpect(Strict):
    outcome: Literal["approved", "pended", "clinical_review", "no_policy"]
    matched: list[str] = Field(default_factory=list)  # top-level ids that must be matched
    questions: list[str] = Field(default_factory=list)  # facts that must be asked
    no_questions: list[str] = Field(default_factory=list)  # facts that must not be asked
    nodes: dict[str, Literal["TRUE", "FALSE", "UNKNOWN"]] = Field(default_factory=dict)
    reasons: list[str] = Field(default_factory=list)  # substrings some reason must contain
    no_reasons: list[str] = Field(default_factory=list)  # substrings no reason may contain


class GoldenCase(Strict):
    id: str
    description: str
    request: dict[str, Any]
    expect: CaseExpect


class Cases(Strict):
    defaults: dict[str, Any] = Field(default_factory=dict)
    cases: list[GoldenCase]
