"""The regex gates kept between processes are the gates `analyse` works out, and a missing, damaged or
unwritable cache file only costs time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from priorauth.notes import gate_cache
from priorauth.notes.regex_targets import analyse, regex_rules
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("PRIORAUTH_CACHE_DIR", str(tmp_path / "cache"))
    gate_cache.cache_file.cache_clear()
    yield tmp_path / "cache"
    gate_cache.cache_file.cache_clear()


def _patterns() -> list[str]:
    return [rx.pattern for _, rx in regex_rules(load_catalog(policy_root() / "facts"))]


def test_every_catalog_gate_read_back_from_the_file_is_the_one_analysed(cache_dir: Path) -> None:
    patterns = _patterns()
    first = gate_cache.analyses(patterns)  # works them out and writes the file
    assert gate_cache.cache_file().is_file()
    again = gate_cache.analyses(patterns)  # reads them back
    for pattern, written, read in zip(patterns, first, again, strict=True):
        assert read == written == analyse(pattern), pattern


def test_a_new_pattern_is_analysed_and_added(cache_dir: Path) -> None:
    gate_cache.analyses([r"\bhoffmann?\b"])
    gate_cache.analyses([r"\bbabinski\b"])
    kept = json.loads(gate_cache.cache_file().read_text())["gates"]
    assert set(kept) == {r"\bhoffmann?\b", r"\bbabinski\b"}


def test_a_damaged_file_is_worked_out_again(cache_dir: Path) -> None:
    cache_dir.mkdir()
    gate_cache.cache_file().write_text('{"format": 1, "gates": {"\\\\bclonus\\\\b": [[1], 2]}')
    assert gate_cache.analyses([r"\bclonus\b"]) == [analyse(r"\bclonus\b")]
    gate_cache.cache_file().write_text('{"format": 1, "gates": {"\\\\bclonus\\\\b": [[[1]], []]}}')
    assert gate_cache.analyses([r"\bclonus\b"]) == [analyse(r"\bclonus\b")]


def test_an_unwritable_cache_folder_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PRIORAUTH_CACHE_DIR", str(blocker / "cache"))
    gate_cache.cache_file.cache_clear()
    try:
        assert gate_cache.analyses([r"\bclonus\b"]) == [analyse(r"\bclonus\b")]
    finally:
        gate_cache.cache_file.cache_clear()
