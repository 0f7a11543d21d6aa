"""ee/bookings/2024-08-13/controllers/e2e/reschedule-bookings.e2e-spec.ts, replayed against the mock.

The e2e user owns one 60-minute event type: here uma (801) and 8001. Its steps build on each other, so each
test replays the ones before it.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import NOW, auth

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/reschedule-bookings.e2e-spec.ts"
UMA = auth("cal_test_uma_key")
REASON = "Flying to venus that day"
RESCHEDULED_BY = "user-venus-bookings-rescheduler@api.com"


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def create(client: TestClient) -> dict[str, Any]:
    body = {
        "start": "2040-02-09T10:00:00.000Z",
        "eventTypeId": 8001,
        "attendee": {
            "name": "user-venus-bookings-attendee",
            "email": "user-venus-bookings-attendee@gmail.com",
            "timeZone": "Europe/Rome",
            "language": "it",
        },
        "location": "https://meet.google.com/oj12u83128u9312ou3",
    }
    response = client.post("/v2/bookings", json=body, headers=UMA)
    assert response.status_code == 201
    data: dict[str, Any] = response.json()["data"]
    return data


def reschedule(client: TestClient, old: dict[str, Any]) -> dict[str, Any]:
    body = {"start": "2040-02-09T12:00:00.000Z", "reschedulingReason": REASON, "rescheduledBy": RESCHEDULED_BY}
    response = client.post(f"/v2/bookings/{old['uid']}/reschedule", json=body, headers=UMA)
    assert response.status_code == 201
    assert response.json()["status"] == "success"
    data: dict[str, Any] = response.json()["data"]
    return data


@e2e("should create a booking to be rescheduled")
def test_create_to_reschedule(client: TestClient) -> None:
    created = create(client)
    assert isinstance(created, dict) and created["uid"]


@e2e("should reschedule")
def test_reschedule(client: TestClient) -> None:
    old = create(client)
    data = reschedule(client, old)
    assert data["reschedulingReason"] == REASON
    assert data["rescheduledFromUid"] == old["uid"]
    assert data["rescheduledByEmail"] == RESCHEDULED_BY
    assert data["start"] == "2040-02-09T12:00:00.000Z"
    assert data["end"] == "2040-02-09T13:00:00.000Z"
    assert data["id"] and data["uid"]
    assert data["hosts"][0]["id"] == 801
    assert data["hosts"][0]["username"] == "uma"
    assert data["hosts"][0]["email"] == "uma@upton.dev"
    for key in ("status", "duration", "eventTypeId", "location", "absentHost", "metadata"):
        assert data[key] == old[key], key
    assert data["attendees"][0] == old["attendees"][0]
    # Created between the request and its answer: the mock's clock is frozen at NOW.
    assert data["createdAt"] == NOW.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@e2e("should fetch old booking and verify rescheduledToUid and rescheduledByEmail and status cancelled")
def test_old_booking_after_reschedule(client: TestClient) -> None:
    old = create(client)
    new = reschedule(client, old)
    data = client.get(f"/v2/bookings/{old['uid']}", headers=UMA).json()["data"]
    assert data["rescheduledToUid"] == new["uid"]
    assert data["rescheduledByEmail"] == RESCHEDULED_BY
    assert data["status"] == "cancelled"


@e2e("should fetch new booking and verify rescheduledFromUid, rescheduledByEmail and reschedulingReason")
def test_new_booking_after_reschedule(client: TestClient) -> None:
    old = create(client)
    new = reschedule(client, old)
    data = client.get(f"/v2/bookings/{new['uid']}", headers=UMA).json()["data"]
    assert data["rescheduledFromUid"] == old["uid"]
    assert data["rescheduledByEmail"] == RESCHEDULED_BY
    assert data["reschedulingReason"] == REASON
    assert data["status"] == "accepted"
