"""The engine: request → evidence → facts → compiled criteria → trace → decision, per service line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from priorauth.engine.decision import decide
from priorauth.engine.registry import PolicyRegistry
from priorauth.engine.trace import Trace, View
from priorauth.evidence.answers import answer_evidence
from priorauth.evidence.codes import CodeIndex
from priorauth.evidence.model import Evidence
from priorauth.evidence.request_facts import request_evidence, service_evidence
from priorauth.evidence.resolve import resolve
from priorauth.model.request import PriorAuthRequest
from priorauth.policy.facts import Catalog, load_catalog
from priorauth.policy.loader import policy_root

DUE = {"standard": dt.timedelta(days=7), "expedited": dt.timedelta(hours=72)}


class EvidenceReader(Protocol):
    """Anything that turns part of a request into evidence (the note reader plugs in here)."""

    def evidence(self, request: PriorAuthRequest) -> list[Evidence]: ...


def due_time(request: PriorAuthRequest) -> str:
    """CMS-0057-F: 72 hours for expedited, 7 calendar days for standard, from receipt (request date)."""
    start = dt.datetime.combine(request.request_date, dt.time(), tzinfo=dt.UTC)
    return (start + DUE[request.urgency]).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(slots=True)
class LineResult:
    code: str
    decision: dict[str, Any]
    trace: Trace | None


class Engine:
    def __init__(
        self,
        catalog: Catalog,
        registry: PolicyRegistry,
        readers: Sequence[EvidenceReader] = (),
    ) -> None:
        self.catalog = catalog
        self.registry = registry
        self.codes = CodeIndex(catalog)
        self.readers = list(readers)

    @classmethod
    def load(
        cls,
        root: Path | None = None,
        readers: Sequence[EvidenceReader] = (),
        read_notes: bool = True,
    ) -> Engine:
        """The policies under `root` (default: policy_root()), with the note reader unless `read_notes` is
        False. A policy root without its own notes/ rules uses the packaged ConText and section rules."""
        root = root or policy_root()
        catalog = load_catalog(root / "facts")
        readers = list(readers)
        if read_notes:
            from priorauth.notes.reader import NoteReader  # spaCy loads only when notes are read

            rules = root / "notes" if (root / "notes").is_dir() else policy_root() / "notes"
            readers.append(NoteReader(catalog, rules))
        return cls(catalog, PolicyRegistry.load(root), readers)

    def request_evidence(self, request: PriorAuthRequest) -> list[Evidence]:
        items = request_evidence(request)
        items += self.codes.evidence(request.diagnoses)
        for reader in self.readers:
            items += reader.evidence(request)
        items += answer_evidence(request.answers, self.catalog)
        return items

    def decide_lines(self, request: PriorAuthRequest) -> list[LineResult]:
        base = self.request_evidence(request)
        present = {e.fact for e in base if e.value not in (False, "absent")}
        request_codes = {s.code for s in request.services}
        due = due_time(request)
        lines = []
        for service in request.services:
            route = self.registry.route(
                request.payer,
                service.code,
                request.request_date,
                request.diagnoses,
                request_codes,
                present,
            )
            decision: dict[str, Any]
            if route.policy is None:
                decision = {
                    "service": service.code,
                    "outcome": "no_policy",
                    "policy": None,
                    "matched": [],
                    "unmet": [],
                    "questions": [],
                    "reasons": [f"{route.reason}; routed to manual handling."],
                    "due": due,
                }
                lines.append(LineResult(service.code, decision, None))
                continue
            policy = route.policy
            table = resolve(
                base + service_evidence(service.code, policy.services.get(service.code))
            )
            results = policy.criteria.run(table.values, request.request_date)
            trace = Trace(policy, results, table, route.via_combination)
            outcome = decide(trace, self.catalog)
            decision = {
                "service": service.code,
                "outcome": outcome.outcome,
                "policy": policy.ref(),
                "matched": outcome.matched,
                "unmet": outcome.unmet,
                "questions": outcome.questions,
                "reasons": outcome.reasons,
                "due": due,
            }
            if table.conflicts:
                decision["conflicts"] = [c.to_dict() for c in table.conflicts]
            lines.append(LineResult(service.code, decision, trace))
        return lines

    def decide(self, request: PriorAuthRequest, explain: View | None = None) -> dict[str, Any]:
        lines = self.decide_lines(request)
        decisions = []
        for line in lines:
            if explain is not None and line.trace is not None:
                line.decision["trace"] = line.trace.to_list(explain)
            decisions.append(line.decision)
        return {"request_id": request.request_id, "decisions": decisions}
