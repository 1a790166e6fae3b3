"""The fact catalog: every fact a policy can read, with its type and the question that asks for it.

Facts are shared by all policies (policies/facts/*.yaml). A fact is a clinical or administrative
statement about the request ("neck_pain", "conservative_care.active_weeks", "patient.age_years").
Evidence sets facts; criteria read them; a pended decision asks the question of an UNKNOWN one.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator

from priorauth.policy.schema import Strict


class FactType(StrEnum):
    boolean = "boolean"
    number = "number"  # with a unit: mm, degrees, percent, grade, celsius, mg/L, ...
    duration = "duration"  # a length of time, in the fact's unit (days, weeks, months, years)
    date = "date"
    enum = "enum"
    condition = "condition"  # a clinical condition: known, suspected or absent
    code = "code"  # a code string (CPT, ICD-10-CM); read with `in`


CONDITION_VALUES = ("known", "suspected", "absent")


class Derivation(StrEnum):
    """Facts the engine computes from the request itself: never asked as questions."""

    demographics = "demographics"
    service = "service"
    plan = "plan"
    request = "request"


NOTE_QUANTITIES = (
    "temperature",
    "strength_grade",
    "reflex_grade",
    "esr",
    "crp",
    "wbc",
    "degrees",
    "mm",
    "percent",
    "age",
    "count",
)
NOTE_ASSERTIONS = ("possible", "hypothetical", "conditional", "historical", "family")


class Measure(Strict):
    """A measured value next to a mention decides a boolean fact, or is the value of a number fact."""

    quantity: str
    phrases: list[str] = Field(
        default_factory=list
    )  # mentions that count only with a measurement next to them
    at_least: float | None = None
    above: float | None = None
    below: float | None = None
    at_most: float | None = None
    # a value that misses the threshold gives nothing: one sign within limits (a normal temperature) does not
    # say that none of the fact's signs is present
    affirm_only: bool = False

    @model_validator(mode="after")
    def _known(self) -> Measure:
        if self.quantity not in NOTE_QUANTITIES:
            raise ValueError(
                f"measure quantity {self.quantity!r} is not one of {', '.join(NOTE_QUANTITIES)}"
            )
        return self


class NoteReading(Strict):
    """How the note reader finds a fact in free text (docs/note-reading.md)."""

    phrases: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    values: dict[str, list[str]] = Field(default_factory=dict)
    of: list[str] = Field(default_factory=list)
    measure: list[Measure] = Field(default_factory=list)  # one measure or a list (one per quantity)
    accept: list[str] = Field(default_factory=list)
    current: bool = False
    performed: bool = (
        False  # a test or treatment: a negative or normal result does not mean it was not done
    )
    sections: list[str] = Field(default_factory=list)
    # a duration from an onset to the note's date: "began 6 weeks ago" lasts 6 weeks (for conservative care
    # "PT 6 weeks ago" dates the PT and says nothing of how long it lasted)
    onset: bool = False
    # true when any of its signs is present: one denied sign beside an affirmed one is no contradiction
    any_of: bool = False
    # a fact about imaging of the requested study's region: a prior study of another region does not count
    same_region: bool = False
    # stated only by a note of an encounter with the patient, never by an imaging report (notes/kind.py)
    encounter: bool = False
    # mentions that count only with a past date next to them ("MRI brain 09/30/2025" is an MRI done)
    dated: list[str] = Field(default_factory=list)
    # facts whose every mention is a mention of this one too (a study that demonstrates an abnormality is
    # abnormal imaging): their phrases are matched once, and read for both facts
    includes: list[str] = Field(default_factory=list)
    # a fact about these body regions (notes/region.py): when the note's requested study names regions and
    # none of these ("MR spectroscopy", "MRI brachial plexus" for spine surgery), its mentions give nothing
    regions: list[str] = Field(default_factory=list)

    @field_validator("measure", mode="before")
    @classmethod
    def _one_or_more(cls, value: object) -> object:
        if value is None:
            return []
        return [value] if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _accept(self) -> NoteReading:
        bad = [a for a in self.accept if a not in NOTE_ASSERTIONS]
        if bad:
            raise ValueError(f"accept: {bad} are not among {', '.join(NOTE_ASSERTIONS)}")
        return self


class Fact(Strict):
    id: str
    type: FactType
    question: str | None = None
    description: str | None = None
    unit: str | None = None
    values: list[str] | None = None  # enum values
    icd10: list[str] = Field(
        default_factory=list
    )  # codes (and their descendants) that make it TRUE
    derived: Derivation | None = None
    note: NoteReading | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Fact:
        if self.type in (FactType.number, FactType.duration) and not self.unit:
            raise ValueError(f"fact {self.id!r}: a {self.type} needs a unit")
        if self.type is FactType.duration and self.unit not in ("days", "weeks", "months", "years"):
            raise ValueError(
                f"fact {self.id!r}: duration unit must be days, weeks, months or years"
            )
        if self.type is FactType.enum and not self.values:
            raise ValueError(f"fact {self.id!r}: an enum needs values")
        if self.icd10 and self.type not in (FactType.boolean, FactType.condition):
            raise ValueError(
                f"fact {self.id!r}: icd10 codes establish only boolean or condition facts"
            )
        if self.derived is None and not self.question:
            raise ValueError(f"fact {self.id!r}: a fact that can be asked needs a question")
        return self

    @property
    def answer_type(self) -> str:
        """The answer type a question about this fact expects (product.md `questions[].type`)."""
        return {
            FactType.boolean: "boolean",
            FactType.number: "number",
            FactType.duration: "integer",
            FactType.date: "date",
            FactType.enum: "choice",
            FactType.condition: "choice",
            FactType.code: "string",
        }[self.type]

    @property
    def choices(self) -> list[str] | None:
        if self.type is FactType.condition:
            return list(CONDITION_VALUES)
        return self.values


class FactFile(Strict):
    facts: list[Fact]


Catalog = dict[str, Fact]


def load_catalog(folder: Path) -> Catalog:
    """Read every *.yaml under the facts folder; a fact id defined twice is an error."""
    from priorauth.policy.loader import PolicyFileError, describe_errors, read_yaml

    catalog: Catalog = {}
    for path in sorted(folder.glob("*.yaml")):
        data = read_yaml(path) or {"facts": []}
        try:
            facts = FactFile.model_validate(data).facts
        except ValidationError as err:
            raise describe_errors(path, err) from None
        for fact in facts:
            if fact.id in catalog:
                raise PolicyFileError(f"{path.name}: fact {fact.id!r} is already defined")
            catalog[fact.id] = fact
    return catalog
