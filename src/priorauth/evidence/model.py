"""Evidence: what the request says about one fact, and where it says it.

Sources today: `icd10` (a diagnosis code), `demographics`, `plan`, `service`, `request` (derived from the
request itself) and `answer` (a reply to a question). The note reader adds `note` evidence with the note
index, the character span and the quote; `assertion` carries its negation / certainty / temporality.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Source = Literal["icd10", "demographics", "plan", "service", "request", "answer", "note"]


@dataclass(frozen=True, slots=True)
class Evidence:
    fact: str
    value: Any
    source: Source
    code: str | None = None  # the ICD-10-CM or service code that gave it
    answer: str | None = None  # the answers key that gave it
    note: int | None = None  # index into request.notes
    start: int | None = None  # character span in that note
    end: int | None = None
    quote: str | None = None
    assertion: str | None = None  # e.g. negated, historical, hypothetical, family, suspected

    @classmethod
    def from_note(
        cls, fact: str, value: Any, text: str, note: int, start: int, end: int, assertion: str
    ) -> Evidence:
        """What a note says: the words text[start:end] of note `note`, read with `assertion`."""
        return cls(
            fact=fact,
            value=value,
            source="note",
            note=note,
            start=start,
            end=end,
            quote=text[start:end],
            assertion=assertion,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "fact": self.fact,
            "value": _json_value(self.value),
            "source": self.source,
        }
        for key in ("code", "answer", "note", "start", "end", "quote", "assertion"):
            val = getattr(self, key)
            if val is not None:
                out[key] = val
        return out


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two sources disagree about a fact. The fact is UNKNOWN unless an answer settles it."""

    fact: str
    evidence: tuple[Evidence, ...]
    resolution: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "values": [e.to_dict() for e in self.evidence],
            "resolution": self.resolution,
        }


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
