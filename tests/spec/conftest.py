from typing import Any

import pytest
import yaml

from tests.reference import ROOT, load_reference

SPEC_PATH = ROOT / "spec" / "openapi.yaml"
# The 2024-04-15 controllers, whose routes collide with the newer ones (docs/versions.md).
LEGACY_SPEC_PATH = ROOT / "spec" / "openapi-2024-04-15.yaml"
DOCUMENTS = {"openapi.yaml": SPEC_PATH, "openapi-2024-04-15.yaml": LEGACY_SPEC_PATH}


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    with SPEC_PATH.open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    return load_reference()


@pytest.fixture(scope="session")
def legacy_spec() -> dict[str, Any]:
    with LEGACY_SPEC_PATH.open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


@pytest.fixture(scope="session", params=sorted(DOCUMENTS))
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Each of the spec files: the checks every OpenAPI document of the project must pass."""
    with DOCUMENTS[request.param].open() as f:
        loaded: dict[str, Any] = yaml.safe_load(f)
    return loaded
