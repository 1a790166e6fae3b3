"""Parts of a note (character ranges) that a regex needs to scan: a time or a measurement counts only in
its mention's sentence, so the time and measurement regexes scan only those sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator


def merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges, sorted, overlapping ones made one."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def finditer_within(
    rx: re.Pattern[str], text: str, within: list[tuple[int, int]], margin: int
) -> Iterator[re.Match[str]]:
    """The matches of `rx` that open inside one of the ranges (sorted and disjoint), each range scanned
    with the text before it and `margin` characters after it in view."""
    n = len(text)
    for a, b in within:
        for m in rx.finditer(text, a, min(n, b + margin)):
            if m.start() < b:
                yield m
