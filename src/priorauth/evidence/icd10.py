"""ICD-10-CM codes: validity and hierarchy, from simple-icd-10-cm (it ships the FY2026 code set).

simple-icd-10-cm parses its 10 MB XML file when it is imported: well over a second in every process that
validates a request. Validity and the hierarchy need only each item's name and ancestors, so they are
read from simple-icd-10-cm once and kept in a cache file per simple-icd-10-cm version
(`$PRIORAUTH_CACHE_DIR`, else `$XDG_CACHE_HOME/priorauth`, else `~/.cache/priorauth`), which later
processes load in a few tens of milliseconds; simple-icd-10-cm itself is imported only to build that file
or for a description. The answers are simple-icd-10-cm's, rule for rule (tests compare them on every code).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from priorauth.cache import cache_folder, read_json, write_json

_FORMAT = 2  # {"format": 2, "ancestors": {name: "nearest,next,...,chapter"}}; no name holds a comma


def cache_file() -> Path:
    try:
        release = version("simple-icd-10-cm")
    except PackageNotFoundError:
        release = "unknown"
    return cache_folder() / f"icd10cm-{release}.json"


def _from_simple_icd() -> dict[str, str]:
    import simple_icd_10_cm as icd

    return {
        name: ",".join(icd.get_ancestors(name)) for name in dict.fromkeys(icd.get_all_codes(True))
    }


@lru_cache(maxsize=1)
def ancestors() -> dict[str, str]:
    """Every item's name (chapters, blocks, codes, dotted) → the names of its ancestors, nearest first,
    as simple-icd-10-cm's get_ancestors gives them, joined by commas (one string loads faster than a
    list)."""
    path = cache_file()
    data: Any = read_json(path)
    if isinstance(data, dict) and data.get("format") == _FORMAT and "ancestors" in data:
        found: dict[str, str] = data["ancestors"]
        return found
    built = _from_simple_icd()
    write_json(
        path, {"format": _FORMAT, "ancestors": built}
    )  # if it cannot, the next process builds it
    return built


def _is_valid_item(code: str) -> bool:
    """simple-icd-10-cm's is_valid_item."""
    names = ancestors()
    return code in names or (len(code) >= 4 and code[:3] + "." + code[3:] in names)


def _add_dot(code: str) -> str:
    """simple-icd-10-cm's dotted form of a code (its add_dot, for a valid item)."""
    if len(code) < 4 or code[3] == ".":
        return code
    dotted = code[:3] + "." + code[3:]
    return dotted if dotted in ancestors() else code


@lru_cache(maxsize=65536)
def normalise_icd10(code: str) -> str | None:
    """The dotted, upper-case form of a valid ICD-10-CM code or block, else None."""
    text = code.strip().upper()
    if not text or not _is_valid_item(text):
        return None
    if "-" in text:
        return text
    return _add_dot(text)


def description(code: str) -> str:
    import simple_icd_10_cm as icd

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
    if code == listed:
        return True
    # simple-icd-10-cm's is_descendant(code, listed), errors included.
    for item in (listed, code):
        if not _is_valid_item(item):
            raise ValueError(f'The code "{item}" does not exist.')
    return listed in ancestors()[_add_dot(code)].split(",")
