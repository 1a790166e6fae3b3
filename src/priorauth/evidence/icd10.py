"""ICD-10-CM codes: validity and hierarchy, from simple-icd-10-cm (it ships the FY2026 code set)."""

from __future__ import annotations

from functools import lru_cache

import simple_icd_10_cm as icd


@lru_cache(maxsize=65536)
def normalise_icd10(code: str) -> str | None:
    """The dotted, upper-case form of a valid ICD-10-CM code or block, else None."""
    text = code.strip().upper()
    if not text or not icd.is_valid_item(text):
        return None
    if "-" in text:
        return text
    return str(icd.add_dot(text))


def description(code: str) -> str:
    return str(icd.get_description(code))


@lru_cache(maxsize=65536)
def is_within(code: str, listed: str) -> bool:
    """Whether `code` is `listed` or below it in the ICD-10-CM hierarchy.

    `listed` may be a code (G56, M54.1), or a range block such as C00-C96. Range blocks are compared by
    category, because simple-icd-10-cm files some codes under overlapping sub-blocks (C50.911 sits under
    C50, not under C00-C96) and ICD-10-CM ranges are defined over categories in code order.
    """
    if "-" in listed:
        first, last = listed.split("-", 1)
        return first <= code[:3] <= last
    return code == listed or bool(icd.is_descendant(code, listed))
