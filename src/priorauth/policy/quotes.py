"""Verbatim quotes: does a criterion's text really appear in its source document?

The documents are text conversions of PDFs (markdown emphasis, lines broken mid-sentence), so both sides
are normalised the same way before comparing: whitespace runs become one space and markdown emphasis
markers (`**`, `*`, `\\*`, `_`) are dropped. Nothing else is forgiven: a typo or a paraphrase fails.
"""

from __future__ import annotations

import re

_EMPHASIS = re.compile(r"\\\*|\*\*|\*|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _EMPHASIS.sub("", text)).strip()


class SourceText:
    def __init__(self, text: str) -> None:
        self.normal = normalise(text)

    def contains(self, quote: str) -> bool:
        q = normalise(quote)
        return bool(q) and q in self.normal
