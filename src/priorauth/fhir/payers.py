"""Which program a FHIR request is for: the insurer named by its Coverage (payor identifier, reference
or name), looked up in the server's configuration, else the configured default program."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from priorauth.model.request import PROGRAMS, InvalidRequest


def program_for(
    coverages: Iterable[dict[str, Any]],
    payers: Mapping[str, str],
    default: str,
    organizations: Mapping[str, dict[str, Any]] | None = None,
) -> str:
    """The program of the first Coverage payor the configuration names; `default` otherwise."""
    table = {key.strip().lower(): program for key, program in payers.items()}
    for coverage in coverages:
        for payor in coverage.get("payor", []):
            for name in _names(payor, organizations or {}):
                program = table.get(name.lower())
                if program is not None:
                    return _checked(program, f"payer {name!r}")
    return _checked(default, "the default program")


def _names(payor: dict[str, Any], organizations: Mapping[str, dict[str, Any]]) -> list[str]:
    names = []
    identifier = payor.get("identifier") or {}
    if identifier.get("value"):
        names.append(str(identifier["value"]))
    reference = payor.get("reference")
    if reference:
        names.append(reference)
        names.append(reference.rsplit("/", 1)[-1])
        org = organizations.get(reference) or organizations.get(reference.rsplit("/", 1)[-1])
        if org:
            names += [str(i["value"]) for i in org.get("identifier", []) if i.get("value")]
            if org.get("name"):
                names.append(org["name"])
    if payor.get("display"):
        names.append(payor["display"])
    return names


def _checked(program: str, what: str) -> str:
    if program not in PROGRAMS:
        raise InvalidRequest(
            f"server configuration: {what} maps to {program!r}, not one of {', '.join(PROGRAMS)}"
        )
    return program
