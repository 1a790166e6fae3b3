"""One small class per criterion node type. Each emits the Python expression that computes its value.

Values are ints in the generated code (0 FALSE, 1 UNKNOWN, 2 TRUE: see engine.logic.Truth), so that
`all` is `min`, `any` is `max` and `not` is `2 - x`. Leaves read the fact table `F`; date predicates
compare with bounds `B` computed once per request date, and the request date `R`.
Adding a node type is adding one class here and registering it in `node_for`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from priorauth.policy.schema import Node, Period


@dataclass
class Emitter:
    """Collects the constants and date bounds that generated code refers to by name."""

    constants: dict[str, Any] = field(default_factory=dict)
    periods: list[Period] = field(default_factory=list)

    def constant(self, value: Any) -> str:
        name = f"C{len(self.constants)}"
        self.constants[name] = value
        return name

    def bound(self, period: Period) -> str:
        if period not in self.periods:
            self.periods.append(period)
        return f"B[{self.periods.index(period)}]"


class NodeType:
    name: ClassVar[str]

    def __init__(self, node: Node) -> None:
        self.node = node

    def emit(self, children: list[str], em: Emitter) -> str:
        raise NotImplementedError

    @property
    def fact(self) -> str | None:
        return None


class All(NodeType):
    name = "all"

    def emit(self, children: list[str], em: Emitter) -> str:
        return children[0] if len(children) == 1 else f"min({', '.join(children)})"


class Any_(NodeType):
    name = "any"

    def emit(self, children: list[str], em: Emitter) -> str:
        return children[0] if len(children) == 1 else f"max({', '.join(children)})"


class Either(Any_):
    """The documents' "EITHER of the following": inclusive, like ANY of two."""

    name = "either"


class Not(NodeType):
    name = "not"

    def emit(self, children: list[str], em: Emitter) -> str:
        return f"(2 - {children[0]})"


class AtLeast(NodeType):
    name = "at_least"

    def emit(self, children: list[str], em: Emitter) -> str:
        assert self.node.at_least is not None
        return f"_at_least({self.node.at_least.n}, ({', '.join(children)},))"


class Leaf(NodeType):
    @property
    def fact(self) -> str | None:
        return self.node.fact

    def test(self, em: Emitter) -> str:
        raise NotImplementedError

    def emit(self, children: list[str], em: Emitter) -> str:
        return f"(1 if (v := F.get({self.node.fact!r})) is None else (2 if {self.test(em)} else 0))"


class IsTrue(Leaf):
    name = "fact"

    def test(self, em: Emitter) -> str:
        return "v"


class OneOf(Leaf):
    name = "in"

    def test(self, em: Emitter) -> str:
        return f"v in {em.constant(frozenset(self.node.in_ or ()))}"


class Compare(Leaf):
    name = "compare"

    def test(self, em: Emitter) -> str:
        return f"v {self.node.op} {em.constant(self.node.value)}"


class ElapsedSince(Leaf):
    """A date fact measured back from the request date: within `max`, at least `min` ago."""

    name = "elapsed"

    def test(self, em: Emitter) -> str:
        e = self.node.elapsed
        assert e is not None
        tests = []
        if e.max is not None:
            tests.append(f"{em.bound(e.max)} <= v <= R")
        if e.min is not None:
            tests.append(f"v <= {em.bound(e.min)}")
        return " and ".join(tests)


class ExternalGuideline(NodeType):
    """Criteria in a guideline that is not loaded: never TRUE, never asked, always reported."""

    name = "external"

    def emit(self, children: list[str], em: Emitter) -> str:
        return "1"


class Always(NodeType):
    name = "always"

    def emit(self, children: list[str], em: Emitter) -> str:
        return "2" if self.node.always else "0"


def node_for(node: Node) -> NodeType:
    if node.any is not None:
        return Any_(node)
    if node.all is not None:
        return All(node)
    if node.either is not None:
        return Either(node)
    if node.not_ is not None:
        return Not(node)
    if node.at_least is not None:
        return AtLeast(node)
    if node.external is not None:
        return ExternalGuideline(node)
    if node.always is not None:
        return Always(node)
    if node.elapsed is not None:
        return ElapsedSince(node)
    if node.in_ is not None:
        return OneOf(node)
    if node.op is not None:
        return Compare(node)
    return IsTrue(node)
