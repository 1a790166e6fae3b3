"""Which program decides a FHIR request: the server's map from insurer identifiers to programs
(`PRIORAUTH_FHIR_PAYERS`), else the default program (`PRIORAUTH_FHIR_DEFAULT_PROGRAM`). PAS bundles
name the insurer in the Claim and its Coverage; CDS Hooks calls in the prefetched Coverage."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fhir.resources.R4B.coverage import Coverage
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.reference import Reference

from priorauth.fhir.bundle import PasBundle
from priorauth.settings import Settings


def insurer_names(pas: PasBundle) -> Iterator[str]:
    """Every way the bundle names its insurer: Claim.insurer, then each Coverage.payor — a reference's
    identifier and display, and the Organization's identifier values, id and name."""
    claim = pas.claim
    refs: list[tuple[Reference, str]] = [(claim.insurer, "Claim.insurer")] if claim.insurer else []
    for i, insurance in enumerate(claim.insurance or []):
        coverage = pas.resolve(insurance.coverage, Coverage, f"Claim.insurance[{i}].coverage")
        for j, payor in enumerate(coverage.payor if coverage else []):
            refs.append((payor, f"Coverage.payor[{j}]"))
    for ref, where in refs:
        if ref.identifier is not None and ref.identifier.value:
            yield ref.identifier.value
        if ref.display:
            yield ref.display
        if ref.reference and ref.reference.split("/")[-2:-1] == ["Organization"]:
            org = pas.resolve(ref, Organization, where)
            if org is not None:
                yield from (i.value for i in org.identifier or [] if i.value)
                if org.id:
                    yield org.id
                if org.name:
                    yield org.name


def program_for(pas: PasBundle, settings: Settings) -> str:
    return _lookup(insurer_names(pas), settings)


def program_of_coverages(coverages: Iterable[dict[str, Any]], settings: Settings) -> str:
    """The program for a CDS Hooks call: each Coverage's payors, by identifier, reference or name."""
    names = []
    for coverage in coverages:
        for payor in coverage.get("payor", []):
            identifier = payor.get("identifier") or {}
            names += [identifier.get("value"), payor.get("display"), payor.get("reference")]
            if payor.get("reference"):
                names.append(payor["reference"].rsplit("/", 1)[-1])
    return _lookup((n for n in names if n), settings)


def _lookup(names: Iterable[str], settings: Settings) -> str:
    for name in names:
        program = settings.fhir_payers.get(name.strip().casefold())
        if program is not None:
            return program
    return settings.fhir_default_program
