"""ee/bookings/2024-08-13/controllers/e2e/reserved-slot-bookings.e2e-spec.ts, replayed against the mock.

The e2e test reserves a slot straight in its database, books with its uid (in the reserved-slot cookie or
as `reservedSlotUid` in the body) and checks that the reservation is gone. Slots cannot be reserved
through spec/openapi.yaml, so here there is no reservation: the booking must still be accepted, as the
real server accepts it when no other reservation holds the slot. That the reservation is removed, and the
"not first in line" refusals, cannot be expressed (tests/fidelity/README.md). Its user is kira (901); the
event types are 9006 (plain) and 9003 (weekly, three occurrences).
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import V2

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/reserved-slot-bookings.e2e-spec.ts"
PLAIN, RECURRING = 9006, 9003
# The cookie's name comes from @calcom/platform-libraries/slots; the mock reads no cookie, so any name does.
COOKIE = "uid"

Json = dict[str, Any]


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def body(event_type: int, start: str, **extra: Any) -> Json:
    attendee = {"name": "Test Attendee", "email": "reserved-slot-test@example.com", "timeZone": "Europe/Rome"}
    return {"start": start, "eventTypeId": event_type, "attendee": attendee, **extra}


def booked(client: TestClient, request: Json, headers: dict[str, str] = V2) -> Any:
    response = client.post("/v2/bookings", json=request, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    return response.json()["data"]


@e2e("should create booking with reservedSlotUid from cookie and remove selected slot")  # normal event type
def test_a_plain_booking_with_a_reserved_slot_cookie(client: TestClient) -> None:
    data = booked(client, body(PLAIN, "2040-05-21T09:30:00.000Z"), {**V2, "Cookie": f"{COOKIE}=reserved-slot-1"})
    assert data["id"] is not None


@e2e("should create booking with reservedSlotUid from request body and remove selected slot")  # normal event type
def test_a_plain_booking_with_a_reserved_slot_uid(client: TestClient) -> None:
    data = booked(client, body(PLAIN, "2040-05-22T11:30:00.000Z", reservedSlotUid="reserved-slot-2"))
    assert data["id"] is not None


@e2e("should create booking with reservedSlotUid from cookie and remove selected slot")  # recurring event type
def test_a_recurring_booking_with_a_reserved_slot_cookie(client: TestClient) -> None:
    data = booked(client, body(RECURRING, "2040-05-21T09:30:00.000Z"), {**V2, "Cookie": f"{COOKIE}=reserved-slot-3"})
    assert isinstance(data, list)
    assert data[0]["id"] is not None


@e2e("should create booking with reservedSlotUid from request body and remove selected slot")  # recurring event type
def test_a_recurring_booking_with_a_reserved_slot_uid(client: TestClient) -> None:
    data = booked(client, body(RECURRING, "2040-05-21T11:30:00.000Z", reservedSlotUid="reserved-slot-4"))
    assert isinstance(data, list)
    assert data[0]["id"] is not None
