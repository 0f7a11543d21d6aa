"""Fidelity tests: Cal.com's own API e2e tests replayed against the mock on the default fixtures.

Each test carries `@pytest.mark.e2e(source, title)`: the e2e spec file (relative to
`apps/api/v2/src/` in calcom/cal.com) and the title of the e2e test it translates, and asserts what that
test asserts (status, fields and values, messages). `client` (tests/conftest.py) is the mock over HTTP in
process on a frozen clock, and checks every response against spec/openapi.yaml.

Count the translations with `pytest tests/fidelity --collect-only -q -m e2e`; tests/fidelity/README.md lists
those that cannot be expressed and why.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.mock_client import NOW, V2, auth

__all__ = ["NOW", "V2", "auth", "error_message"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e(source, title): the Cal.com e2e test this test translates")


def error_message(response: httpx.Response) -> Any:
    """The `error.message` of a v2 error envelope."""
    body = response.json()
    assert body["status"] == "error", body
    return body["error"]["message"]
