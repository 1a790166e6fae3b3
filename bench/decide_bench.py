"""`make bench`: structured decisions per second, single process, compiled engine vs plain baseline.

Requests: every golden case of every shipped policy (structured: codes and answers, no notes).
Each figure is measured in the same run: evaluation alone, and the whole decision (evidence, facts,
evaluation with a full trace of node values, decision table), per decision median and p99, and
decisions per second over the whole set. Writes a section to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from baseline import evaluate_policy

from priorauth.engine.decision import decide
from priorauth.engine.engine import Engine
from priorauth.engine.trace import Trace
from priorauth.evidence.request_facts import service_evidence
from priorauth.evidence.resolve import resolve
from priorauth.markdown import write_section
from priorauth.model.request import PriorAuthRequest, parse_request
from priorauth.policy.cases import case_request


def requests(engine: Engine) -> list[PriorAuthRequest]:
    out = []
    for policy in engine.registry.policies:
        for case in policy.files.cases.cases if policy.files.cases else []:
            out.append(parse_request(case_request(policy.files, case)))
    return out


def timed(
    fn: Callable[[PriorAuthRequest], object], items: list[PriorAuthRequest], rounds: int
) -> dict[str, float]:
    for item in items:  # warm caches (ICD look-ups, date bounds) the way a running service has them
        fn(item)
    samples = []
    gc.disable()
    start = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            t0 = time.perf_counter_ns()
            fn(item)
            samples.append(time.perf_counter_ns() - t0)
    total = time.perf_counter() - start
    gc.enable()
    samples.sort()
    return {
        "per_s": len(samples) / total,
        "median_us": statistics.median(samples) / 1000,
        "p99_us": samples[int(len(samples) * 0.99) - 1] / 1000,
        "n": len(samples),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument(
        "--write", type=Path, help="update this Markdown file's structured-decisions section"
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    Engine.load(
        read_notes=False
    )  # the policies alone: the note reader's start-up is in notes_bench
    load_s = time.perf_counter() - t0
    engine = Engine.load()  # a few golden cases carry a note
    reqs = requests(engine)
    routed = []  # (request, policy, facts) for the evaluation-only figures
    for r in reqs:
        line = engine.decide_lines(r)[0]
        if line.trace is not None:
            routed.append((r, line.trace.policy, line.trace.facts.values))
    by_request = {id(r): (p, f) for r, p, f in routed}
    only = [r for r, _, _ in routed]

    def compiled_eval(r: PriorAuthRequest) -> object:
        p, f = by_request[id(r)]
        return p.criteria.run(f, r.request_date)

    def baseline_eval(r: PriorAuthRequest) -> object:
        p, f = by_request[id(r)]
        return evaluate_policy(p.files.raw_criteria, f, r.request_date)

    def compiled_decision(r: PriorAuthRequest) -> object:
        return engine.decide(r)

    def baseline_decision(r: PriorAuthRequest) -> object:
        # the same pipeline with the recursive evaluator in place of the compiled one
        base = engine.request_evidence(r)
        out = []
        for s in r.services:
            route = engine.registry.route(
                r.payer, s.code, r.request_date, r.diagnoses, {x.code for x in r.services}, set()
            )
            if route.policy is None:
                continue
            table = resolve(base + service_evidence(s.code, route.policy.services.get(s.code)))
            results = evaluate_policy(route.policy.files.raw_criteria, table.values, r.request_date)
            out.append(
                decide(Trace(route.policy, results, table, route.via_combination), engine.catalog)
            )
        return out

    def compiled_full_trace(r: PriorAuthRequest) -> object:
        return engine.decide(r, explain="full")

    rows = {
        "evaluation only — compiled": timed(compiled_eval, only, args.rounds),
        "evaluation only — plain recursive baseline": timed(baseline_eval, only, args.rounds),
        "whole decision — compiled": timed(compiled_decision, only, args.rounds),
        "whole decision — plain recursive baseline": timed(baseline_decision, only, args.rounds),
        "whole decision + full trace rendered (--explain full) — compiled": timed(
            compiled_full_trace, only, args.rounds
        ),
    }
    nodes = sum(len(p.criteria.nodes) for p in engine.registry.policies)
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        "## Structured decisions (`make bench`)",
        "",
        f"Measured {dt.date.today().isoformat()} on {cpu}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, one process, one core.",
        f"{len(only)} structured requests (every golden case of the {len(engine.registry.policies)} shipped "
        f"policies, {nodes} criteria nodes in all) × {args.rounds} rounds; policies load and compile in "
        f"{load_s * 1000:.0f} ms.",
        "",
        "| what | decisions/s | median µs | p99 µs |",
        "|---|---:|---:|---:|",
    ]
    for name, r in rows.items():
        lines.append(f"| {name} | {r['per_s']:,.0f} | {r['median_us']:.1f} | {r['p99_us']:.1f} |")
    ev = (
        rows["evaluation only — compiled"]["per_s"]
        / rows["evaluation only — plain recursive baseline"]["per_s"]
    )
    whole = (
        rows["whole decision — compiled"]["per_s"]
        / rows["whole decision — plain recursive baseline"]["per_s"]
    )
    lines += [
        "",
        f"Compiled vs plain baseline: evaluation ×{ev:.1f}, whole decision ×{whole:.1f}. "
        "The whole decision includes evidence from codes and answers, fact resolution, the evaluation "
        "with every node's value recorded (the trace), and the decision table with matched paths and "
        "questions; rendering the trace as JSON is the last row.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(args.write, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
