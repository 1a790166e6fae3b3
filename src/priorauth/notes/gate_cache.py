"""The regex phrases' gates (regex_targets.analyse), kept in a cache file between processes.

Working out a gate parses the pattern and walks it in Python: for the catalog's ~750 regex phrases that
was half of building the reader. A gate depends only on the pattern and on the code that works it out, so
the gates are kept in one file in the cache folder (priorauth.cache), named by a hash of regex_targets.py
and the Python version (whose regex parser it reads); a pattern not in it is analysed and the file
rewritten. What the file holds is what `analyse` gives, entry for entry (a test compares them).
"""

from __future__ import annotations

import hashlib
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from priorauth.cache import cache_folder, read_json, write_json
from priorauth.notes import regex_targets
from priorauth.notes.regex_targets import Analysis, Anchor, Gate, analyse

_FORMAT = 2
_MOST = 20_000  # entries kept: beyond this the file starts again from the current patterns


@lru_cache(maxsize=1)
def cache_file() -> Path:
    code = Path(regex_targets.__file__).read_bytes()
    key = hashlib.sha256(code + sys.version.encode()).hexdigest()[:16]
    return cache_folder() / f"regex-gates-{key}.json"


def _anchor(a: Anchor) -> list[Any]:
    run = [a.run.pattern, a.run.flags] if a.run is not None else None
    return [a.word, a.case_sensitive, a.lo, a.hi, run]


def _from_anchor(row: list[Any]) -> Anchor:
    word, case_sensitive, lo, hi, run = row
    return Anchor(word, case_sensitive, lo, hi, re.compile(run[0], run[1]) if run else None)


def encode(analysis: Analysis) -> list[Any]:
    gate, needs = analysis
    encoded = None
    if gate is not None:
        encoded = [
            [_anchor(a) for a in gate.anchors],
            [_anchor(a) for a in gate.requires],
            gate.first,
        ]
    return [encoded, [sorted([w, cs] for w, cs in words) for words in needs]]


def decode(row: list[Any]) -> Analysis:
    encoded, needs = row
    gate = None
    if encoded is not None:
        anchors, requires, first = encoded
        gate = Gate(
            tuple(_from_anchor(a) for a in anchors),
            tuple(_from_anchor(a) for a in requires),
            first,
        )
    return gate, [frozenset((w, cs) for w, cs in words) for words in needs]


def analyses(patterns: list[str]) -> list[Analysis]:
    """`analyse(p)` for each pattern, from the cache file where it has the pattern."""
    path = cache_file()
    data = read_json(path)
    known: dict[str, Any] = {}
    if isinstance(data, dict) and data.get("format") == _FORMAT:
        known = data.get("gates") or {}
    out: list[Analysis] = []
    added = False
    for pattern in patterns:
        row = known.get(pattern)
        if row is not None:
            try:
                out.append(decode(row))
                continue
            except (TypeError, ValueError, KeyError, IndexError, re.error):
                pass  # a damaged entry: work it out again
        analysis = analyse(pattern)
        known[pattern] = encode(analysis)
        added = True
        out.append(analysis)
    if added:
        if len(known) > _MOST:
            known = {p: known[p] for p in patterns}
        write_json(path, {"format": _FORMAT, "gates": known})
    return out
