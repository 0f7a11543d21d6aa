"""ee/bookings/2024-04-15/controllers/bookings.controller.e2e-spec.ts, replayed against the mock.

The e2e tests send no `cal-api-version`, so they reach the 2024-04-15 controller (docs/versions.md). Their user
is fresh, with the database's default time zone (Europe/London) and a 60-minute event type: here xena (841),
8401, the weekly 8402 (4 occurrences) and 8403 (requires confirmation and authentication); yuri (842) is the
other user. The e2e tests run in order on one database; each replay makes the bookings its test relies on.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import error_message

SOURCE = "ee/bookings/2024-04-15/controllers/bookings.controller.e2e-spec.ts"
USER_EMAIL = "bookings-2024-04-15-user@api.com"
XENA = {"Authorization": "Bearer cal_test_xena_key"}
YURI = {"Authorization": "Bearer cal_test_yuri_key"}
METADATA = {"timeFormat": "12", "meetingType": "organizer-phone"}
RESPONSES = {"name": "tester", "email": "tester@example.com", "location": {"value": "link", "optionValue": ""}}


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def body(start: str, end: str, event_type_id: int = 8401, **extra: Any) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "eventTypeId": event_type_id,
        "timeZone": "Europe/London",
        "language": "en",
        "metadata": METADATA,
        "hashedLink": "",
        "responses": {**RESPONSES, "notes": "test"},
        **extra,
    }


def assert_created(data: dict[str, Any], sent: dict[str, Any]) -> None:
    """What every create test of the e2e file asserts."""
    assert data["userPrimaryEmail"] == USER_EMAIL
    assert data["id"] is not None and data["uid"]
    assert data["startTime"] == sent["start"]
    assert data["eventTypeId"] == sent["eventTypeId"]
    assert data["user"]["timeZone"] == sent["timeZone"]
    assert data["metadata"] == sent["metadata"]


def create(client: TestClient, sent: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = client.post("/v2/bookings", json=sent, headers=headers or {})
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data: dict[str, Any] = response.json()["data"]
    assert_created(data, sent)
    return data


FIRST = body("2040-05-21T09:30:00.000Z", "2040-05-21T10:30:00.000Z")
SECOND = body("2040-05-22T09:30:00.000Z", "2040-05-22T10:30:00.000Z")


def moved(uid: str) -> dict[str, Any]:
    sent = body("2040-05-21T12:30:00.000Z", "2040-05-21T13:30:00.000Z", rescheduleUid=uid)
    sent["metadata"] = {"timeFormat": "24", "meetingType": "attendee-phone"}
    sent["responses"] = {**sent["responses"], "guests": ["someone@example.com"]}
    return sent


@e2e("should create a booking")
def test_create(client: TestClient) -> None:
    data = create(client, FIRST)
    assert data["responses"] == FIRST["responses"]


@e2e("should fail to create a booking with no_available_users_found_error")
def test_slot_taken(client: TestClient) -> None:
    create(client, FIRST)
    again = {**FIRST, "responses": {**FIRST["responses"], "guests": []}}
    response = client.post("/v2/bookings", json=again)
    assert response.status_code == 400
    assert error_message(response) == "no_available_users_found_error"


@e2e("should create a booking with api key to get owner id")
def test_create_with_api_key(client: TestClient) -> None:
    sent = {**SECOND, "responses": {**SECOND["responses"], "guests": []}}
    data = create(client, sent, XENA)
    assert data["responses"] == sent["responses"]


@e2e("should reschedule with updated start time, end time & metadata")
def test_reschedule(client: TestClient) -> None:
    old = create(client, SECOND, XENA)
    sent = moved(old["uid"])
    data = create(client, sent)
    assert data["responses"] == sent["responses"]


@e2e("should get bookings")
def test_get_bookings(client: TestClient) -> None:
    create(client, FIRST)
    old = create(client, SECOND, XENA)
    rescheduled = create(client, moved(old["uid"]))
    response = client.get("/v2/bookings?filters[status]=upcoming", headers=XENA)
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    bookings = response.json()["data"]["bookings"]
    assert len(bookings) == 2
    fetched = next(b for b in bookings if b["id"] == rescheduled["id"])
    assert fetched["uid"] == rescheduled["uid"]
    assert fetched["startTime"] == rescheduled["startTime"]
    assert fetched["endTime"] == rescheduled["endTime"]
    assert fetched["user"]["email"] == USER_EMAIL


@e2e("should get booking")
def test_get_booking(client: TestClient) -> None:
    made = create(client, FIRST)
    response = client.get(f"/v2/bookings/{made['uid']}")
    assert response.json()["status"] == "success"
    info = response.json()["data"]
    assert info["id"] == made["id"]
    assert info["uid"] == made["uid"]
    assert info["eventTypeId"] == made["eventTypeId"]
    assert info["startTime"] == made["startTime"]


@e2e("should create a booking with split name")
def test_split_name(client: TestClient) -> None:
    sent = body("2040-05-21T11:30:00.000Z", "2040-05-21T12:30:00.000Z")
    sent["responses"] = {**sent["responses"], "name": {"firstName": "John", "lastName": "Doe"}}
    data = create(client, sent)
    assert data["responses"] == {**sent["responses"], "name": "John Doe"}


@e2e("should create recurring bookings")
def test_recurring(client: TestClient) -> None:
    starts = ["2040-06-21", "2040-06-27", "2040-06-04", "2040-06-11"]
    ids = [
        "test-recurring-event-id",
        "test-recurring-event-id-2",
        "test-recurring-event-id-3",
        "test-recurring-event-id-4",
    ]
    sent = [
        {
            **body(f"{day}T09:30:00.000Z", f"{day}T10:30:00.000Z", 8402),
            "responses": RESPONSES | {"notes": "test"},
            "recurringEventId": series,
        }
        for day, series in zip(starts, ids, strict=True)
    ]
    response = client.post("/v2/bookings/recurring", json=sent)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    made = response.json()["data"]
    assert len(made) == 4
    for booking in made:
        assert booking["userPrimaryEmail"] == USER_EMAIL
        assert booking["id"] is not None and booking["uid"]
        assert booking["eventTypeId"] == 8402
        assert booking["user"]["timeZone"] == "Europe/London"
        assert booking["metadata"] == METADATA
        assert booking["responses"] == RESPONSES | {"notes": "test"}
        assert booking["creationSource"] == "API_V2"


def _requires_auth(start: str, end: str) -> dict[str, Any]:
    sent = body(start, end, 8403)
    sent["metadata"] = {}
    sent["responses"] = {
        "name": "External Attendee",
        "email": "external@example.com",
        "location": {"value": "link", "optionValue": ""},
    }
    return sent


@e2e("can't be booked without credentials")
def test_requires_authentication_without_credentials(client: TestClient) -> None:
    response = client.post("/v2/bookings", json=_requires_auth("2040-05-23T09:30:00.000Z", "2040-05-23T10:30:00.000Z"))
    assert response.status_code == 401


@e2e("can't be booked with unauthorized user credentials")
def test_requires_authentication_with_another_user(client: TestClient) -> None:
    sent = _requires_auth("2040-05-23T10:30:00.000Z", "2040-05-23T11:30:00.000Z")
    assert client.post("/v2/bookings", json=sent, headers=YURI).status_code == 403


@e2e("can be booked with event type owner credentials")
def test_requires_authentication_with_the_owner(client: TestClient) -> None:
    sent = _requires_auth("2040-05-23T11:30:00.000Z", "2040-05-23T12:30:00.000Z")
    response = client.post("/v2/bookings", json=sent, headers=XENA)
    assert response.status_code == 201
    assert response.json()["status"] == "success"
    assert response.json()["data"]["id"] is not None
