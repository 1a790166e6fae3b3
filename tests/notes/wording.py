"""What the reader makes of one short text: the wording tests' shared helper."""

from __future__ import annotations

import datetime as dt
from typing import Any

from priorauth.notes.reader import NoteReader, aggregate

TODAY = dt.date(2025, 11, 3)


def values(reader: NoteReader, text: str) -> dict[str, Any]:
    """Each fact's value read from `text` on TODAY; a set where the text gives it several."""
    out: dict[str, Any] = {}
    for e in aggregate(reader.read(text, TODAY), reader.catalog):
        out[e.fact] = e.value if e.fact not in out else {out[e.fact], e.value}
    return out
