"""Where priorauth keeps files it derives and can always derive again (`$PRIORAUTH_CACHE_DIR`, else
`$XDG_CACHE_HOME/priorauth`, else `~/.cache/priorauth`), and how it writes them: whole or not at all, so
that a process reading one never sees half a file. A missing, unreadable or unwritable cache only costs
time."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def cache_folder() -> Path:
    base = os.environ.get("PRIORAUTH_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "priorauth"


def read_json(path: Path) -> Any:
    """The file's JSON, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any) -> bool:
    """Replace the file with `data` in one step (a temporary file, then a rename); False if it cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as out:
            json.dump(data, out)
        os.replace(out.name, path)
    except OSError:
        return False
    return True
