"""From evidence items to one value per fact, reporting every disagreement.

Rules: an answer settles a fact (it is the requester's reply to our question), and a disagreement with
other evidence is still reported. Otherwise equal values agree; for a condition `known` outranks
`suspected` (both say it is present); any other disagreement makes the fact UNKNOWN and is reported, so a
clinician or a question settles it rather than a silent pick.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from priorauth.evidence.model import Conflict, Evidence

_PRESENT = {"known": 2, "suspected": 1}


@dataclass(slots=True)
class FactTable:
    values: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)


def _agree(values: list[Any]) -> tuple[bool, Any]:
    distinct = list(dict.fromkeys(values))
    if len(distinct) == 1:
        return True, distinct[0]
    if all(v in _PRESENT for v in distinct):
        return True, max(distinct, key=lambda v: _PRESENT[v])
    return False, None


def resolve(items: list[Evidence]) -> FactTable:
    by_fact: dict[str, list[Evidence]] = defaultdict(list)
    for item in items:
        by_fact[item.fact].append(item)
    table = FactTable(evidence=dict(by_fact))
    for fact, evs in by_fact.items():
        answers = [e for e in evs if e.source == "answer"]
        if answers:
            table.values[fact] = answers[-1].value
            others = [e for e in evs if e.source != "answer" and e.value != answers[-1].value]
            if others:
                table.conflicts.append(
                    Conflict(fact, (*others, answers[-1]), "the answer given settles it")
                )
            continue
        ok, value = _agree([e.value for e in evs])
        if ok:
            table.values[fact] = value
        else:
            table.conflicts.append(Conflict(fact, tuple(evs), "left UNKNOWN: the sources disagree"))
    return table
