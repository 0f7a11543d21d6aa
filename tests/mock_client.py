"""The mock over HTTP in process, as the mock-server and fidelity tests use it: the default fixtures under a
frozen clock, and every response checked against the spec (tests/spec_conformance.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from starlette.testclient import TestClient

from mock_server import create_app
from mock_server.domain.clock import Clock
from tests.spec_conformance import check_response

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TODAY = datetime(2025, 3, 10, tzinfo=UTC)

V2 = {"cal-api-version": "2024-08-13"}


def auth(key: str, **headers: str) -> dict[str, str]:
    return {**V2, "Authorization": f"Bearer {key}", **headers}


def conforming_client(clock: Clock) -> TestClient:
    """The mock on the default fixtures; a response off the spec fails the test that received it."""
    test_client = TestClient(create_app(clock=clock, seed=7), raise_server_exceptions=False)
    test_client.event_hooks = {"response": [_conforms]}
    return test_client


def _conforms(response: httpx.Response) -> None:
    response.read()
    check_response(response)
