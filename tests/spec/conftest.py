from typing import Any

import pytest
import yaml

from tests.reference import ROOT, load_reference

SPEC_PATH = ROOT / "spec" / "openapi.yaml"


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    with SPEC_PATH.open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    return load_reference()
