"""Compile a policy's criteria tree once into straight-line Python.

The tree is flattened in pre-order; each node gets a slot in the result list, and the generated function
fills the slots children-first, so evaluating a policy is one function call with no recursion and no
dispatch — and the full trace (every node's value) is simply the result list. A plain recursive
dict-walking evaluator is kept in bench/ as the baseline this is measured against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta

from priorauth.engine.logic import at_least
from priorauth.engine.nodes import Emitter, NodeType, node_for
from priorauth.policy.schema import Kind, Node, Period

Evaluate = Callable[[dict[str, Any], dt.date, tuple[dt.date, ...]], list[int]]


@dataclass(slots=True)
class FlatNode:
    index: int
    node: Node
    impl: NodeType
    path: tuple[str, ...]  # ids from the top-level node down to this one
    parent: int | None
    top: int  # index of the top-level node it belongs to
    children: list[int] = field(default_factory=list)
    condition_of: int | None = None  # set on the root of an `applies_when` predicate
    fact: str | None = None  # the fact a leaf reads

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def text(self) -> str | None:
        return self.node.text


@dataclass(slots=True)
class CompiledCriteria:
    nodes: list[FlatNode]
    tops: list[int]  # top-level node indices, in document order
    conditions: dict[int, int]  # top-level index -> index of its applies_when root
    periods: list[Period]
    evaluate: Evaluate
    source: str  # the generated code, for inspection (`priorauth policy show --code`)
    by_id: dict[str, int]

    def bounds(self, request_date: dt.date) -> tuple[dt.date, ...]:
        return _bounds(tuple(self.periods), request_date)

    def run(self, facts: dict[str, Any], request_date: dt.date) -> list[int]:
        return self.evaluate(facts, request_date, self.bounds(request_date))

    def kind(self, top: int) -> Kind:
        kind = self.nodes[top].node.kind
        assert kind is not None
        return kind


@lru_cache(maxsize=4096)
def _bounds(periods: tuple[Period, ...], request_date: dt.date) -> tuple[dt.date, ...]:
    return tuple(
        request_date - relativedelta(years=p.years, months=p.months, weeks=p.weeks, days=p.days)
        for p in periods
    )


def compile_criteria(criteria: list[Node]) -> CompiledCriteria:
    nodes: list[FlatNode] = []
    tops: list[int] = []
    conditions: dict[int, int] = {}

    def flatten(node: Node, parent: int | None, path: tuple[str, ...], top: int | None) -> int:
        index = len(nodes)
        impl = node_for(node)
        top_index = top if top is not None else index
        flat = FlatNode(index, node, impl, (*path, node.id), parent, top_index, fact=impl.fact)
        nodes.append(flat)
        for child in node.children:
            flat.children.append(flatten(child, index, flat.path, flat.top))
        return index

    for node in criteria:
        top = flatten(node, None, (), None)
        tops.append(top)
        if node.applies_when is not None:
            cond = flatten(node.applies_when, None, (), top)
            nodes[cond].condition_of = top
            conditions[top] = cond

    em = Emitter()
    lines = ["def evaluate(F, R, B):", f"    r = [1] * {len(nodes)}"]

    def emit(index: int) -> None:
        flat = nodes[index]
        for child in flat.children:
            emit(child)
        expr = flat.impl.emit([f"r[{c}]" for c in flat.children], em)
        lines.append(f"    r[{index}] = {expr}  # {flat.id}")

    for top in tops:
        emit(top)
        if top in conditions:
            emit(conditions[top])
    lines.append("    return r")
    source = "\n".join(lines)
    namespace: dict[str, Any] = {"_at_least": _int_at_least, **em.constants}
    exec(compile(source, "<criteria>", "exec"), namespace)
    by_id = {n.id: n.index for n in nodes if n.condition_of is None and not _in_condition(nodes, n)}
    return CompiledCriteria(
        nodes, tops, conditions, em.periods, namespace["evaluate"], source, by_id
    )


def _in_condition(nodes: list[FlatNode], flat: FlatNode) -> bool:
    while flat.parent is not None:
        flat = nodes[flat.parent]
    return flat.condition_of is not None


def _int_at_least(n: int, values: tuple[int, ...]) -> int:
    from priorauth.engine.logic import Truth

    return int(at_least(n, (Truth(v) for v in values)))
