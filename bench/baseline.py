"""The baseline: a plain recursive dict-walking Kleene evaluator over the policy YAML as loaded.

It is what one writes first — recurse over the dicts, dispatch on keys, compute dates on the fly —
and records every node's value (a full trace) in the same pre-order as the compiled engine, so the same
decision table can be applied to its result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta

LOGIC = ("any", "all", "either", "not", "at_least")


def _period(p: dict[str, int]) -> relativedelta:
    return relativedelta(
        years=p.get("years", 0),
        months=p.get("months", 0),
        weeks=p.get("weeks", 0),
        days=p.get("days", 0),
    )


def _leaf(node: dict[str, Any], facts: dict[str, Any], today: dt.date) -> int:
    if "external" in node:
        return 1
    if "always" in node:
        return 2 if node["always"] else 0
    value = facts.get(node["fact"])
    if value is None:
        return 1
    if "in" in node:
        return 2 if value in node["in"] else 0
    if "op" in node:
        ops = {
            ">=": value >= node["value"],
            ">": value > node["value"],
            "<=": value <= node["value"],
            "<": value < node["value"],
            "==": value == node["value"],
            "!=": value != node["value"],
        }
        return 2 if ops[node["op"]] else 0
    if "elapsed" in node:
        ok = True
        if "max" in node["elapsed"]:
            ok = ok and today - _period(node["elapsed"]["max"]) <= value <= today
        if "min" in node["elapsed"]:
            ok = ok and value <= today - _period(node["elapsed"]["min"])
        return 2 if ok else 0
    return 2 if value else 0


def evaluate(node: dict[str, Any], facts: dict[str, Any], today: dt.date, trace: list[int]) -> int:
    slot = len(trace)
    trace.append(1)
    if "any" in node or "either" in node:
        vals = [evaluate(c, facts, today, trace) for c in node.get("any") or node["either"]]
        result = max(vals)
    elif "all" in node:
        result = min(evaluate(c, facts, today, trace) for c in node["all"])
    elif "not" in node:
        result = 2 - evaluate(node["not"], facts, today, trace)
    elif "at_least" in node:
        vals = [evaluate(c, facts, today, trace) for c in node["at_least"]["of"]]
        true, maybe = vals.count(2), vals.count(1)
        n = node["at_least"]["n"]
        result = 2 if true >= n else 0 if true + maybe < n else 1
    else:
        result = _leaf(node, facts, today)
    trace[slot] = result
    return result


def evaluate_policy(
    criteria: list[dict[str, Any]], facts: dict[str, Any], today: dt.date
) -> list[int]:
    """Every node's value, top-level nodes and their applies_when in the compiled engine's order."""
    trace: list[int] = []
    for top in criteria:
        evaluate(top, facts, today, trace)
        if "applies_when" in top:
            evaluate(top["applies_when"], facts, today, trace)
    return trace
