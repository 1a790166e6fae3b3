"""Replace one `## ` section of a Markdown file (BENCHMARKS.md), keeping the others."""

from __future__ import annotations

import re
from pathlib import Path


def write_section(path: Path, text: str) -> None:
    """`text` starts with its `## heading` line; the section of that heading is replaced, or appended."""
    heading = text.splitlines()[0]
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    pattern = re.compile(re.escape(heading) + r".*?(?=\n## |\Z)", re.S)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip() + "\n\n" + text
    path.write_text(new, encoding="utf-8")
