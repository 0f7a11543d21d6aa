"""A booking page built on the mock alone, over real HTTP against `python -m mock_server` (what
`make serve` runs, on real time): list the event types, read the free slots, book one, see it
disappear, cancel, see it come back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from contract_tests.mockproc import EmbeddedMock, free_port

KEY = {"Authorization": "Bearer cal_test_acme_owner_key"}
EVENT_TYPES = {"cal-api-version": "2024-06-14"}
SLOTS = {"cal-api-version": "2024-09-04"}
BOOKINGS = {"cal-api-version": "2024-08-13"}


@pytest.fixture(scope="module")
def mock() -> Iterator[httpx.Client]:
    server = EmbeddedMock(free_port(), seed=21)
    with httpx.Client(base_url=server.start(), timeout=10) as client:
        yield client
    server.stop()


def _a_weekday_next_week() -> str:
    day = datetime.now(UTC).date() + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


def _free_starts(client: httpx.Client, event_type_id: int, day: str) -> list[str]:
    response = client.get("/v2/slots", params={"eventTypeId": event_type_id, "start": day, "end": day}, headers=SLOTS)
    assert response.status_code == 200, response.text
    return [slot["start"] for slot in response.json()["data"].get(day, [])]


def test_list_read_slots_book_see_it_taken_cancel_see_it_free(mock: httpx.Client) -> None:
    me = mock.get("/v2/me", headers=KEY).json()["data"]
    event_types = mock.get("/v2/event-types", headers={**KEY, **EVENT_TYPES}).json()["data"]
    assert all(event_type["ownerId"] == me["id"] for event_type in event_types)
    intro: dict[str, Any] = next(e for e in event_types if e["slug"] == "intro-call")

    day = _a_weekday_next_week()
    free = _free_starts(mock, intro["id"], day)
    assert len(free) >= 4, free  # 09:00 to 16:30 in London, every 30 minutes, less any seeded booking
    chosen = free[3]

    booker = {"name": "Frontend Dev", "email": "dev@example.com", "timeZone": "Europe/London"}
    created = mock.post(
        "/v2/bookings", json={"start": chosen, "eventTypeId": intro["id"], "attendee": booker}, headers=BOOKINGS
    )
    assert created.status_code == 201, created.text
    uid = created.json()["data"]["uid"]
    assert _free_starts(mock, intro["id"], day) == [start for start in free if start != chosen]

    taken = mock.post(
        "/v2/bookings", json={"start": chosen, "eventTypeId": intro["id"], "attendee": booker}, headers=BOOKINGS
    )
    assert taken.status_code == 400  # what a stale page that still offers the slot would get

    cancelled = mock.post(
        f"/v2/bookings/{uid}/cancel", json={"cancellationReason": "changed my mind"}, headers=BOOKINGS
    )
    assert cancelled.status_code == 200
    assert _free_starts(mock, intro["id"], day) == free
    assert mock.get(f"/v2/bookings/{uid}", headers=BOOKINGS).json()["data"]["status"] == "cancelled"
