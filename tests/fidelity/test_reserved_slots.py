"""ee/bookings/2024-08-13/controllers/e2e/reserved-slot-bookings.e2e-spec.ts, replayed against the mock.

The e2e test reserves a slot straight in its database, books with its uid (in the reserved-slot cookie or
as `reservedSlotUid` in the body) and checks that the reservation is gone. The first four replays book with
a uid that no reservation holds: the booking must be accepted, as the real server accepts it when no other
reservation holds the slot. The "not first in line" refusals reserve through `POST /v2/slots/reserve`.
Its user is kira (901); the event types are 9006 (plain) and 9003 (weekly, three occurrences).
"""

from __future__ import annotations

from datetime import datetime, timedelta
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


# The "not first in line" tests: the e2e inserts two reservations of the slot straight into its database; here
# they are made through `POST /v2/slots/reserve` (the 2024-04-15 slots controller), which stores the same rows.


def reserve(client: TestClient, event_type: int, start: str, minutes: int) -> str:
    end = (datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(minutes=minutes)).isoformat()
    response = client.post(
        "/v2/slots/reserve", json={"eventTypeId": event_type, "slotUtcStartDate": start, "slotUtcEndDate": end}
    )
    assert response.status_code == 201, response.text
    client.cookies.clear()  # each reservation is another booker's
    uid: str = response.json()["data"]
    return uid


NOT_FIRST = "Someone else reserved this booking time slot before you. This time slot will be freed up in 300 seconds."


@e2e("should fail when trying to book with reservedSlotUid that is not first in line")  # normal event type
def test_a_plain_booking_behind_an_earlier_reservation(client: TestClient) -> None:
    start = "2040-05-23T09:30:00.000Z"
    first, second = reserve(client, PLAIN, start, 15), reserve(client, PLAIN, start, 15)
    response = client.post("/v2/bookings", json=body(PLAIN, start, reservedSlotUid=second), headers=V2)
    assert response.status_code == 409, response.text
    assert response.json()["error"]["message"] == NOT_FIRST
    # Both reservations remain: the first one's holder can still book.
    assert booked(client, body(PLAIN, start, reservedSlotUid=first))["id"] is not None


@e2e("should fail when trying to book with reservedSlotUid that is not first in line")  # recurring event type
def test_a_recurring_booking_behind_an_earlier_reservation(client: TestClient) -> None:
    start = "2040-05-23T11:30:00.000Z"
    reserve(client, RECURRING, start, 60)
    second = reserve(client, RECURRING, start, 60)
    response = client.post("/v2/bookings", json=body(RECURRING, start, reservedSlotUid=second), headers=V2)
    assert response.status_code == 409, response.text
    assert response.json()["error"]["message"] == NOT_FIRST
