"""The note reader on the real fact catalog, built once for the wording tests (test files that read a
fixture catalog define their own `reader`)."""

from __future__ import annotations

import pytest

from priorauth.notes.reader import NoteReader
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root


@pytest.fixture(scope="session")
def reader() -> NoteReader:
    return NoteReader(load_catalog(policy_root() / "facts"), policy_root() / "notes")
