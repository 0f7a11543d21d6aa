import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "openapi.yaml"
# CI clones the project with ../shared beside it; CALCOM_REFERENCE points elsewhere when it is not.
REFERENCE_PATH = Path(
    os.environ.get("CALCOM_REFERENCE", ROOT.parent / "shared" / "reference" / "calcom-v2-bookings-subset.json")
)


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    with SPEC_PATH.open() as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    if not REFERENCE_PATH.exists():
        pytest.fail(f"reference document not found at {REFERENCE_PATH}; set CALCOM_REFERENCE")
    return json.loads(REFERENCE_PATH.read_text())
