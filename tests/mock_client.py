"""The mock over HTTP in process, as the mock-server and fidelity tests use it: the default fixtures under a
frozen clock, and every response checked against the spec (tests/spec_conformance.py)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.testclient import TestClient

from mock_server import create_app
from mock_server.domain.clock import Clock
from mock_server.state import fixtures
from tests.spec_conformance import check_response

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TODAY = datetime(2025, 3, 10, tzinfo=UTC)

V2 = {"cal-api-version": "2024-08-13"}


def auth(key: str, **headers: str) -> dict[str, str]:
    return {**V2, "Authorization": f"Bearer {key}", **headers}


def conforming_client(clock: Clock, app: Any = None) -> TestClient:
    """The mock on the default fixtures (or `app`); a response off the spec fails the test that received it."""
    test_client = TestClient(app if app is not None else create_app(clock=clock, seed=7), raise_server_exceptions=False)
    test_client.event_hooks = {"response": [_conforms]}
    return test_client


class SharedMock:
    """One mock for many tests: built once (reading the spec and preparing Connexion's operations take a
    third of a second), then put back before each test: its store to the loaded fixtures (uid sequence
    included) and its clock to the frozen instant, as a new `create_app(clock=Clock(frozen_at=NOW), seed=7)`
    would be."""

    def __init__(self) -> None:
        self.clock = Clock(frozen_at=NOW)
        self.store = fixtures.load(clock=self.clock, rng=random.Random(7))
        self.app = create_app(clock=self.clock, store=self.store)

    def fresh(self) -> SharedMock:
        self.clock.restore()
        self.store.reset()
        return self


def _conforms(response: httpx.Response) -> None:
    response.read()
    check_response(response)
