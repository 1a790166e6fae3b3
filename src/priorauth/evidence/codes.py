"""Diagnosis codes → facts, through the ICD-10-CM hierarchy.

A fact in the catalog lists the codes that establish it (`icd10: [G35]`); a diagnosis establishes the fact
when it is one of those codes or below one of them (G35.A under G35). A missing code establishes nothing:
the fact stays UNKNOWN, because a claim's codes are never a complete problem list.
"""

from __future__ import annotations

from functools import lru_cache

from priorauth.evidence.icd10 import is_within
from priorauth.evidence.model import Evidence
from priorauth.policy.facts import Catalog, FactType


class CodeIndex:
    """Precomputed (fact, listed code) pairs; look-ups per diagnosis are cached."""

    def __init__(self, catalog: Catalog) -> None:
        self._pairs: tuple[tuple[str, str, FactType], ...] = tuple(
            (fact.id, listed, fact.type) for fact in catalog.values() for listed in fact.icd10
        )
        self.facts_for = lru_cache(maxsize=16384)(self._facts_for)

    def _facts_for(self, code: str) -> tuple[tuple[str, object], ...]:
        found: dict[str, object] = {}
        for fact, listed, ftype in self._pairs:
            if fact not in found and is_within(code, listed):
                found[fact] = "known" if ftype is FactType.condition else True
        return tuple(found.items())

    def evidence(self, diagnoses: list[str]) -> list[Evidence]:
        return [
            Evidence(fact=fact, value=value, source="icd10", code=code)
            for code in diagnoses
            for fact, value in self.facts_for(code)
        ]
