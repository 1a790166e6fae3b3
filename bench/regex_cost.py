"""Which /regex/ phrases of the fact catalog cost the most reading time (for policy analysts).

    .venv/bin/python bench/regex_cost.py [--top 15]

Times every regex phrase, gated as the reader runs it, over the MTSamples notes, and prints the costliest
with their gate words. A regex is tried only where one of its gate words allows a match to start; one
whose gate words can lie any distance from its start (`\\w+ectomy`) scans the whole note when they occur,
and one without a gate always does. Prefer plain phrases.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from priorauth.notes.regex_targets import fold, gate_of, gated_finditer, regex_rules
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root

MTSAMPLES = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "mtsamples" / "notes.jsonl"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--notes", type=Path, default=MTSAMPLES)
    args = parser.parse_args()
    rules = regex_rules(load_catalog(policy_root() / "facts"))
    notes = [
        json.loads(line)["text"] for line in args.notes.read_text().splitlines() if line.strip()
    ]
    lowered = [fold(n) for n in notes]
    costs = []
    for label, rx in rules:
        gate = gate_of(rx.pattern)
        start = time.perf_counter()
        for text, low in zip(notes, lowered, strict=True):
            for _ in gated_finditer(rx, gate, text, low):
                pass
        costs.append(((time.perf_counter() - start) / len(notes) * 1e6, label, gate, rx.pattern))
    costs.sort(key=lambda c: -c[0])
    print(f"{len(rules)} regex phrases; {sum(c[0] for c in costs):,.0f} µs per note in all")
    for us, label, gate, pattern in costs[: args.top]:
        shown = ", ".join(gate.words[:4] if gate else ("NO GATE",))
        if gate is not None and not gate.bounded:
            shown += ", … (scans the note when one occurs)"
        print(f"{us:7.0f} µs  {label}  [{shown}]  {pattern[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
