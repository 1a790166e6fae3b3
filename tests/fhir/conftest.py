from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The official PAS 2.2.1 examples (CC0), copied as they are from shared/fixtures/davinci-pas/.
PAS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "davinci-pas"
REQUEST_FIXTURES = (
    "Bundle-ReferralAuthorizationBundleExample.json",
    "Bundle-SurgicalRequestBundleExample.json",
    "Bundle-HomecareAuthorizationUpdateBundleExample.json",
)


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAS_FIXTURES / name).read_text())
    return data
