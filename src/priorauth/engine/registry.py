"""Loaded, compiled policies and routing: program + service code (+ condition) + request date → policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from priorauth.engine.compile import CompiledCriteria, compile_criteria
from priorauth.evidence.icd10 import is_within
from priorauth.policy.loader import PolicyFileError, PolicyFiles, load_all
from priorauth.policy.schema import Manifest, ServiceCode


@dataclass(slots=True)
class CompiledPolicy:
    files: PolicyFiles
    criteria: CompiledCriteria
    services: dict[str, ServiceCode]
    combination_codes: frozenset[str]
    condition_codes: tuple[str, ...]  # ICD-10-CM codes/blocks putting a request in scope
    anchors: dict[int, list[int]] = field(default_factory=dict)  # top-level index -> anchor nodes

    @property
    def manifest(self) -> Manifest:
        return self.files.manifest

    @property
    def id(self) -> str:
        return self.files.manifest.id

    def ref(self) -> dict[str, str]:
        m = self.manifest
        return {
            "id": m.id,
            "version": m.version,
            "title": m.title,
            "source": m.source.original_name,
        }


def compile_policy(files: PolicyFiles) -> CompiledPolicy:
    criteria = compile_criteria(files.criteria.criteria)
    anchors: dict[int, list[int]] = {}
    for flat in criteria.nodes:
        if flat.node.anchor and flat.index in criteria.by_id.values():
            anchors.setdefault(flat.top, []).append(flat.index)
    manifest = files.manifest
    sets = files.valuesets.valuesets
    applicability = manifest.applicability
    for name in [*applicability.combination, *applicability.conditions]:
        if name not in sets:
            raise PolicyFileError(
                f"{files.folder}: the manifest refers to value set {name!r}, which is not defined"
            )
    combination = frozenset(
        c for name in manifest.applicability.combination for c in sets[name].codes
    )
    conditions = tuple(c for name in manifest.applicability.conditions for c in sets[name].codes)
    return CompiledPolicy(
        files,
        criteria,
        {s.code: s for s in manifest.services},
        combination,
        conditions,
        anchors,
    )


@dataclass(frozen=True, slots=True)
class Route:
    policy: CompiledPolicy | None
    via_combination: bool = False
    reason: str | None = None  # why no policy applies


class PolicyRegistry:
    def __init__(self, policies: list[CompiledPolicy]) -> None:
        self.policies = policies
        self.by_id = {p.id: p for p in policies}

    @classmethod
    def load(cls, root: Path) -> PolicyRegistry:
        return cls([compile_policy(files) for files in load_all(root)])

    def route(
        self,
        program: str,
        code: str,
        request_date: dt.date,
        diagnoses: list[str],
        request_codes: set[str],
        present_facts: set[str],
    ) -> Route:
        """The policy that governs this service line, or the reason none does."""
        candidates = []
        for policy in self.policies:
            m = policy.manifest
            if m.program != program:
                continue
            direct = code in policy.services
            combined = code in policy.combination_codes and bool(
                request_codes & policy.services.keys()
            )
            if not (direct or combined):
                continue
            if m.effective > request_date:
                continue
            if m.applicability.scope == "condition" and not self._in_scope(
                policy, diagnoses, present_facts
            ):
                continue
            candidates.append((m.effective, policy, combined and not direct))
        if not candidates:
            return Route(None, reason=self._no_policy_reason(program, code, request_date))
        _, policy, via_combination = max(candidates, key=lambda c: c[0])
        return Route(policy, via_combination)

    @staticmethod
    def _in_scope(policy: CompiledPolicy, diagnoses: list[str], present_facts: set[str]) -> bool:
        if any(is_within(d, listed) for d in diagnoses for listed in policy.condition_codes):
            return True
        return bool(present_facts & set(policy.manifest.applicability.condition_facts))

    def _no_policy_reason(self, program: str, code: str, request_date: dt.date) -> str:
        same = [p for p in self.policies if p.manifest.program == program and code in p.services]
        if not same:
            return f"no loaded {program} policy covers service {code}"
        later = [p for p in same if p.manifest.effective > request_date]
        if later and len(later) == len(same):
            return (
                f"{later[0].id} covers {code} only from {later[0].manifest.effective}; "
                f"the request is dated {request_date}"
            )
        scoped = [p for p in same if p.manifest.applicability.scope == "condition"]
        if scoped:
            return (
                f"{scoped[0].id} covers {code} only for the conditions it lists, and the request's "
                "diagnoses are not among them"
            )
        return f"no loaded {program} policy covers service {code}"  # pragma: no cover
