"""Cal.com's organization-users-bookings e2e spec replayed against the mock on the default fixtures.

Source (calcom/cal.com): `apps/api/v2/src/modules/organizations/users/bookings/controllers/
organizations-users-bookings.e2e-spec.ts` (2df8c121). Its world is organization 95 (Pendant) of
`mock_server/fixtures/default.yaml`, which holds no bookings until a test makes them: teamUser (owner of the
organization and of "team 1") is lippman (951), its personal 15-minute event type is 9501 and its collective
event type (teamUser the one host) is 9511. The e2e authenticates as teamUser; the list sends lippman's key,
the creates send none, as the e2e sends none.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.mock_client import V2, auth

SOURCE = "modules/organizations/users/bookings/controllers/organizations-users-bookings.e2e-spec.ts"

ORG, TEAM_USER, TEAM_USER_KEY = 95, 951, "cal_test_pendant_owner_key"
TEAM_USER_NAME, TEAM_USER_EMAIL = "lippman", "lippman@pendant.dev"
PERSONAL, PERSONAL_SLUG, TEAM_EVENT_TYPE = 9501, "lippman-personal", 9511
MEET = "https://meet.google.com/abc-def-ghi"
PROPER = {"name": "Mr Proper", "email": "mr_proper@gmail.com", "timeZone": "Europe/Rome", "language": "it"}
ALICE = {"name": "alice", "email": "alice@gmail.com", "timeZone": "Europe/Madrid", "language": "es"}


def _attendee(attendee: dict[str, str]) -> dict[str, Any]:
    return {**attendee, "displayEmail": attendee["email"], "absent": False}


def _create(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v2/bookings", json=body, headers=V2)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, dict) and "id" in data  # responseDataIsBooking
    return data


def _personal(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    body = {"start": "2030-01-08T13:00:00.000Z", "eventTypeId": PERSONAL, "attendee": PROPER, "location": MEET}
    return body, _create(client, body)


def _personal_by_username(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    body = {
        "start": "2030-01-08T14:00:00.000Z",
        "eventTypeSlug": PERSONAL_SLUG,
        "username": TEAM_USER_NAME,
        "organizationSlug": "pendant",
        "attendee": PROPER,
        "location": MEET,
    }
    return body, _create(client, body)


def _team(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    body = {"start": "2030-01-08T15:00:00.000Z", "eventTypeId": TEAM_EVENT_TYPE, "attendee": ALICE, "meetingUrl": MEET}
    return body, _create(client, body)


def _assert_personal(body: dict[str, Any], data: dict[str, Any], end: str) -> None:
    assert data["id"] is not None and data["uid"]
    host = data["hosts"][0]
    assert (host["id"], host["username"], host["email"]) == (TEAM_USER, TEAM_USER_NAME, TEAM_USER_EMAIL)
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], end, 15)
    assert data["eventTypeId"] == PERSONAL
    assert data["attendees"][0] == _attendee(PROPER)
    assert data["location"] == MEET and data["meetingUrl"] == MEET
    assert data["absentHost"] is False
    assert data["bookingFieldsResponses"]["email"] == PROPER["email"]


@pytest.mark.e2e(SOURCE, "should create a personal booking")
def test_should_create_a_personal_booking(client: TestClient) -> None:
    body, data = _personal(client)
    _assert_personal(body, data, "2030-01-08T13:15:00.000Z")


@pytest.mark.e2e(SOURCE, "should create a personal booking using username and event slug and organization slug")
def test_should_create_a_personal_booking_using_username_and_slugs(client: TestClient) -> None:
    body, data = _personal_by_username(client)
    _assert_personal(body, data, "2030-01-08T14:15:00.000Z")


@pytest.mark.e2e(SOURCE, "should create a team booking")
def test_should_create_a_team_booking(client: TestClient) -> None:
    body, data = _team(client)
    assert data["id"] is not None and data["uid"]
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T16:00:00.000Z", 60)
    assert data["eventTypeId"] == TEAM_EVENT_TYPE
    assert data["attendees"] == [_attendee(ALICE)]
    assert data["meetingUrl"] == MEET
    assert data["absentHost"] is False


@pytest.mark.e2e(SOURCE, "should get individual and team organization user bookings")
def test_should_get_individual_and_team_organization_user_bookings(client: TestClient) -> None:
    created = [_personal(client)[1], _team(client)[1], _personal_by_username(client)[1]]
    response = client.get(f"/v2/organizations/{ORG}/users/{TEAM_USER}/bookings", headers=auth(TEAM_USER_KEY))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success" and body["data"] is not None and body["pagination"] is not None
    assert len(body["data"]) == 3
    assert {b["id"] for b in body["data"]} == {b["id"] for b in created}
    assert body["pagination"] == {
        "totalItems": 3,
        "remainingItems": 0,
        "returnedItems": 3,
        "itemsPerPage": 100,
        "currentPage": 1,
        "totalPages": 1,
        "hasNextPage": False,
        "hasPreviousPage": False,
    }
