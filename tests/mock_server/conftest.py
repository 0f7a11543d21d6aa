"""Shared fixtures: the default seed data under a frozen clock, and the services over it."""

from __future__ import annotations

import random

import pytest

from mock_server.domain.clock import Clock
from mock_server.domain.model import User
from mock_server.services.bookings import BookingService
from mock_server.services.organizations import OrgService
from mock_server.services.v1 import V1BookingService
from mock_server.state import fixtures
from mock_server.state.store import BookingStore
from tests.mock_client import NOW, TODAY, V2, auth

__all__ = ["NOW", "TODAY", "V2", "auth"]  # the mock-server tests import them from here


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
def v1(service: BookingService) -> V1BookingService:
    return V1BookingService(service)


@pytest.fixture
def users(store: BookingStore) -> dict[str, User]:
    return {user.username: user for user in store.users()}
