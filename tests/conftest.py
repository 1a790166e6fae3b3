from __future__ import annotations

from pathlib import Path

import pytest

from priorauth.engine.engine import Engine
from priorauth.policy.loader import policy_root

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_POLICIES = FIXTURES / "policies"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the shipped policies."""
    return Engine.load(policy_root())


@pytest.fixture(scope="session")
def knee() -> Engine:
    """The engine over the fixture policy, which exercises every node kind and decision rule."""
    return Engine.load(FIXTURE_POLICIES)
