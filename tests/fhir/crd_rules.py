"""The CRD 2.x rules for one ext-coverage-information extension (cardinalities, bindings, invariants
crd-ci-q1 … q9), as a test oracle."""

from __future__ import annotations

import re
from typing import Any

from priorauth.fhir import profiles as p

SLICES: dict[str, tuple[int, int, str, set[str] | None]] = {
    "coverage": (1, 1, "valueReference", None),
    "covered": (1, 1, "valueCode", {"not-covered", "covered", "conditional", "indeterminate"}),
    "pa-needed": (
        0,
        1,
        "valueCode",
        {"no-auth", "auth-needed", "satisfied", "performpa", "conditional", "indeterminate"},
    ),
    "doc-needed": (
        0,
        9,
        "valueCode",
        {"clinical", "admin", "patient", "conditional", "indeterminate"},
    ),
    "doc-purpose": (0, 9, "valueCode", {"withpa", "withclaim", "withorder", "retain-doc", "OTH"}),
    "info-needed": (
        0,
        9,
        "valueCode",
        {"performer", "location", "timeframe", "contract-window", "detail-code", "OTH"},
    ),
    "reason": (0, 9, "valueCodeableConcept", None),
    "questionnaire": (0, 9, "valueCanonical", None),
    "date": (1, 1, "valueDate", None),
    "coverage-assertion-id": (1, 1, "valueString", None),
    "satisfied-pa-id": (0, 1, "valueString", None),
}


def violations(extension: dict[str, Any]) -> list[str]:
    out = []
    if extension.get("url") != p.COVERAGE_INFORMATION:
        out.append("url")
    by: dict[str, list[dict[str, Any]]] = {}
    for sub in extension.get("extension", []):
        by.setdefault(sub["url"], []).append(sub)
    for url, (low, high, kind, codes) in SLICES.items():
        subs = by.get(url, [])
        if not low <= len(subs) <= high:
            out.append(f"{url}: {len(subs)} given")
        for sub in subs:
            if kind not in sub:
                out.append(f"{url}: no {kind}")
            elif codes is not None and sub[kind] not in codes:
                out.append(f"{url}: {sub[kind]}")
    codes = {url: [s.get("valueCode") for s in by.get(url, [])] for url in SLICES}
    if "questionnaire" in by and "doc-needed" not in by:
        out.append("crd-ci-q1")
    if "not-covered" in codes["covered"] and "pa-needed" in by:
        out.append("crd-ci-q2")
    if (
        any("conditional" in codes[u] for u in ("covered", "pa-needed", "doc-needed"))
        and "info-needed" not in by
    ):
        out.append("crd-ci-q3")
    if set(codes["pa-needed"]) & {"satisfied", "no-auth"} and "withpa" in codes["doc-purpose"]:
        out.append("crd-ci-q4")
    if ("satisfied" in codes["pa-needed"]) != ("satisfied-pa-id" in by):
        out.append("crd-ci-q5")
    if codes["doc-purpose"] and "reason" not in by:
        out.append("crd-ci-q8")
    if (
        any("indeterminate" in codes[u] for u in ("covered", "pa-needed", "doc-needed"))
        and "reason" not in by
    ):
        out.append("crd-ci-q9")
    for sub in by.get("date", []):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", sub.get("valueDate", "")):
            out.append("date format")
    return out


def sub(extension: dict[str, Any], url: str) -> Any:
    for s in extension["extension"]:
        if s["url"] == url:
            return next(v for k, v in s.items() if k.startswith("value"))
    return None
