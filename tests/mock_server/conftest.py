"""Shared fixtures: the default seed data under a frozen clock, and the services over it."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server import create_app, fixtures
from mock_server.clock import Clock
from mock_server.model import User
from mock_server.service import BookingService
from mock_server.service_org import OrgService
from mock_server.service_v1 import V1BookingService
from mock_server.store import BookingStore

from .spec_conformance import check_response

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TODAY = datetime(2025, 3, 10, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen_at=NOW)


@pytest.fixture
def store(clock: Clock) -> BookingStore:
    return fixtures.load(clock=clock, rng=random.Random(7))


@pytest.fixture
def service(store: BookingStore, clock: Clock) -> BookingService:
    return BookingService(store, clock)


@pytest.fixture
def org_service(store: BookingStore, clock: Clock) -> OrgService:
    return OrgService(store, clock)


@pytest.fixture
def v1(store: BookingStore, clock: Clock) -> V1BookingService:
    return V1BookingService(store, clock)


@pytest.fixture
def users(store: BookingStore) -> dict[str, User]:
    return {user.username: user for user in store.users()}


@pytest.fixture
def client(clock: Clock) -> TestClient:
    """The mock over HTTP (in process); every response is checked against the spec."""
    test_client = TestClient(create_app(clock=clock, seed=7), raise_server_exceptions=False)
    test_client.event_hooks = {"response": [_conforms]}
    return test_client


def _conforms(response: httpx.Response) -> None:
    response.read()
    check_response(response)


V2 = {"cal-api-version": "2024-08-13"}


def auth(key: str, **headers: str) -> dict[str, str]:
    return {**V2, "Authorization": f"Bearer {key}", **headers}
