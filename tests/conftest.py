"""Fixtures shared by the mock-server and fidelity tests: a frozen clock and the mock over HTTP on it."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mock_server.domain.clock import Clock
from tests.mock_client import NOW, conforming_client


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen_at=NOW)


@pytest.fixture
def client(clock: Clock) -> TestClient:
    """The mock over HTTP (in process); every response is checked against the spec."""
    return conforming_client(clock)
