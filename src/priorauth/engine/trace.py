"""The trace of one evaluation: every node's value, the evidence each leaf used, and filtered views.

The decision, the CLI's `--explain` and (later) the reviewer page are all views over this one record
(OPA's full / fails / notes explanations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from priorauth.engine.compile import FlatNode
from priorauth.engine.logic import Truth
from priorauth.engine.registry import CompiledPolicy
from priorauth.evidence.resolve import FactTable

View = Literal["full", "fails", "matched"]
_TRUTHS = (Truth.FALSE, Truth.UNKNOWN, Truth.TRUE)
_EMPHASIS = re.compile(r"\*\*|\\\*")


@lru_cache(maxsize=8192)
def plain(text: str | None) -> str:
    """Criterion text for display: the document's words without markdown emphasis."""
    return " ".join(_EMPHASIS.sub("", text or "").split())


@dataclass(slots=True)
class Trace:
    policy: CompiledPolicy
    results: list[int]
    facts: FactTable
    via_combination: bool = False

    def value(self, index: int) -> Truth:
        return _TRUTHS[self.results[index]]

    def applicable(self, top: int) -> bool:
        """A top-level node applies unless its `applies_when` is not TRUE; combination-routed lines are
        decided only by the nodes that carry an `applies_when` (the combination guideline) and by the
        blocking kinds."""
        cond = self.policy.criteria.conditions.get(top)
        if cond is not None:
            return self.results[cond] == Truth.TRUE
        if self.via_combination:
            return self.policy.criteria.kind(top).value not in ("indication", "requirement")
        return True

    def node(self, index: int) -> FlatNode:
        return self.policy.criteria.nodes[index]

    def evidence_for(self, flat: FlatNode) -> list[dict[str, Any]]:
        if flat.fact is None:
            return []
        return [e.to_dict() for e in self.facts.evidence.get(flat.fact, ())]

    def to_list(self, view: View = "full") -> list[dict[str, Any]]:
        """Every node of the applicable top-level criteria, with its value and its leaf evidence."""
        crit = self.policy.criteria
        out = []
        for top in crit.tops:
            if not self.applicable(top):
                out.append({"id": crit.nodes[top].id, "result": "NOT_APPLICABLE"})
                continue
            stack = [top]
            while stack:
                index = stack.pop()
                flat = crit.nodes[index]
                value = self.value(index)
                if view == "fails" and value is Truth.TRUE:
                    continue
                if view == "matched" and value is not Truth.TRUE:
                    continue
                item: dict[str, Any] = {"id": flat.id, "result": value.name}
                if flat.fact is not None:
                    item["fact"] = flat.fact
                    if flat.fact in self.facts.values:
                        value_ = self.facts.values[flat.fact]
                        item["value"] = (
                            value_.isoformat() if hasattr(value_, "isoformat") else value_
                        )
                    evidence = self.evidence_for(flat)
                    if evidence:
                        item["evidence"] = evidence
                if flat.node.external is not None:
                    item["external"] = flat.node.external.guideline
                out.append(item)
                stack.extend(reversed(flat.children))
        return out
