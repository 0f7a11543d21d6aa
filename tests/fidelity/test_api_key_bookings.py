"""ee/bookings/2024-08-13/controllers/e2e/api-key-bookings.e2e-spec.ts, replayed against the mock.

The e2e test books, reschedules and cancels with an API key of a user who owns one 60-minute event type:
here uma (801) and 8001. Its assertions that emails were rendered are not expressible (the mock sends none).
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import V2, auth

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/api-key-bookings.e2e-spec.ts"
UMA = auth("cal_test_uma_key")
MEET = "https://meet.google.com/abc-def-ghi"
ATTENDEE = {"name": "Mr Key", "email": "mr_key@gmail.com", "timeZone": "Europe/Rome", "language": "it"}


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def create(client: TestClient) -> dict[str, Any]:
    body = {"start": "2030-01-08T13:00:00.000Z", "eventTypeId": 8001, "attendee": ATTENDEE, "meetingUrl": MEET}
    response = client.post("/v2/bookings", json=body, headers=UMA)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data: dict[str, Any] = response.json()["data"]
    return data


def reschedule(client: TestClient, uid: str) -> Any:
    body = {"start": "2035-01-08T14:00:00.000Z", "reschedulingReason": "Flying to mars that day"}
    return client.post(f"/v2/bookings/{uid}/reschedule", json=body, headers=UMA)


@e2e("should create a booking with api key")
def test_create_with_api_key(client: TestClient) -> None:
    data = create(client)
    assert data["id"] and data["uid"]
    assert data["hosts"][0]["id"] == 801
    assert data["status"] == "accepted"
    assert data["start"] == "2030-01-08T13:00:00.000Z"
    assert data["end"] == "2030-01-08T14:00:00.000Z"
    assert data["duration"] == 60
    assert data["eventTypeId"] == 8001
    assert data["attendees"][0] == {**ATTENDEE, "displayEmail": ATTENDEE["email"], "absent": False}
    assert data["meetingUrl"] == MEET
    assert data["absentHost"] is False


@e2e("should reschedule a booking with api key")
def test_reschedule_with_api_key(client: TestClient) -> None:
    created = create(client)
    response = reschedule(client, created["uid"])
    assert response.status_code == 201
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["reschedulingReason"] == "Flying to mars that day"
    assert data["start"] == "2035-01-08T14:00:00.000Z"
    assert data["end"] == "2035-01-08T15:00:00.000Z"
    assert data["rescheduledFromUid"] == created["uid"]
    assert data["id"] and data["uid"]
    assert data["hosts"][0]["id"] == 801
    for key in ("status", "duration", "eventTypeId", "location", "absentHost", "metadata"):
        assert data[key] == created[key], key
    assert data["attendees"][0] == created["attendees"][0]


@e2e("should cancel booking")
def test_cancel_without_a_key(client: TestClient) -> None:
    rescheduled = reschedule(client, create(client)["uid"]).json()["data"]
    assert client.get(f"/v2/bookings/{rescheduled['uid']}", headers=V2).json()["data"]["status"] == "accepted"
    body = {"cancellationReason": "Going on a vacation"}
    response = client.post(f"/v2/bookings/{rescheduled['uid']}/cancel", json=body, headers=V2)
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["id"] and data["uid"]
    assert data["hosts"][0]["id"] == 801
    assert data["status"] == "cancelled"
    assert data["cancellationReason"] == "Going on a vacation"
    for key in ("start", "end", "duration", "eventTypeId", "location", "absentHost"):
        assert data[key] == rescheduled[key], key
    assert data["attendees"][0] == rescheduled["attendees"][0]
    assert client.get(f"/v2/bookings/{rescheduled['uid']}", headers=V2).json()["data"]["status"] == "cancelled"
