"""Fixtures shared by the mock-server and fidelity tests: a frozen clock and the mock over HTTP on it."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mock_server.domain.clock import Clock
from tests.mock_client import SharedMock, conforming_client


@pytest.fixture(scope="session")
def shared_mock() -> SharedMock:
    return SharedMock()


@pytest.fixture
def clock(shared_mock: SharedMock) -> Clock:
    """The frozen clock (at NOW) of the shared mock, put back before each test."""
    return shared_mock.fresh().clock


@pytest.fixture
def client(clock: Clock, shared_mock: SharedMock) -> TestClient:
    """The mock over HTTP (in process), its state as loaded; every response is checked against the spec."""
    return conforming_client(clock, shared_mock.app)
