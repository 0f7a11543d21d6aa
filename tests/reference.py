"""The real Cal.com API document (its bookings subset) that the spec and the mock's views are compared against."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
# CI clones the project with ../shared beside it; CALCOM_REFERENCE points elsewhere when it is not.
REFERENCE_PATH = Path(
    os.environ.get("CALCOM_REFERENCE", ROOT.parent / "shared" / "reference" / "calcom-v2-bookings-subset.json")
)


def load_reference() -> dict[str, Any]:
    """The reference document; a missing one fails the test that needs it (never a silent skip)."""
    if not REFERENCE_PATH.exists():
        pytest.fail(f"reference document not found at {REFERENCE_PATH}; set CALCOM_REFERENCE")
    document: dict[str, Any] = json.loads(REFERENCE_PATH.read_text())
    return document
