"""The real Cal.com API document (its bookings subset) that the spec and the mock's views are compared against.

The repository keeps its facts (`facts.json`: paths, methods, parameters, schemas, required lists, enums),
stripped of prose by `tests/reference/regenerate.py`, which also records where they came from. A clone
needs nothing beside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.reference.regenerate import FACTS_PATH

ROOT = Path(__file__).resolve().parents[2]


def load_reference() -> dict[str, Any]:
    """The real document's facts, as kept in the repository."""
    document: dict[str, Any] = json.loads(FACTS_PATH.read_text())
    return document
