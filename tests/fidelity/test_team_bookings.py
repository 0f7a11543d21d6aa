"""Cal.com's team-bookings e2e spec replayed against the mock on the default fixtures.

Source: calcom/cal.com `apps/api/v2/src/ee/bookings/2024-08-13/controllers/e2e/team-bookings.e2e-spec.ts`
(read at 612d5b02). Its world maps onto organization 7 (Vandelay) of `mock_server/fixtures/default.yaml`:

| e2e                                   | fixtures                                               |
|---------------------------------------|--------------------------------------------------------|
| team1, team2                          | teams 71 (imports), 72 (exports)                       |
| teamUser (MEMBER of both), teamUser2  | kramer (701), george (702)                             |
| team1 collective, one host            | 7101                                                   |
| collective / round robin without hosts| 7102 / 7103                                            |
| phone-only round robin, fixed host    | 7104                                                   |
| team2 collective (both hosts)         | 7201                                                   |
| team2 round robin, rrHostSubsetEnabled| 7202 (george rotating, kramer fixed)                   |

The e2e authenticates every request as teamUser (`withApiAuth`); creates here send no key, as the e2e
sends none, and lists use kramer's key. Tests that read what earlier e2e tests made replay those steps.

The older `controllers/team-bookings.controller.e2e-spec.ts` holds five earlier versions of the create
and teamId/teamIds list tests (attendees without email, fewer bookings); the newer spec supersedes each
one, so nothing extra is translated from it.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.mock_client import V2, auth

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/team-bookings.e2e-spec.ts"

TEAM_USER = "cal_test_vandelay_member_key"
TEAM1, TEAM2 = 71, 72
TEAM_USER_ID, TEAM_USER2_ID = 701, 702
TEAM_USER2 = {"name": "George Costanza", "email": "george@vandelay.com", "timeZone": "America/New_York", "locale": "es"}
TEAM1_EVENT, COLLECTIVE_NO_HOSTS, ROUND_ROBIN_NO_HOSTS, PHONE_ONLY = 7101, 7102, 7103, 7104
TEAM2_EVENT, TEAM2_RR = 7201, 7202
MEET = "https://meet.google.com/abc-def-ghi"


def _create(client: TestClient, body: dict[str, Any]) -> Any:
    return client.post("/v2/bookings", json=body, headers=V2)


def _booking(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = _create(client, body)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert isinstance(data, dict) and "id" in data  # responseDataIsBooking
    return data


def _attendee(body: dict[str, Any]) -> dict[str, Any]:
    attendee = body["attendee"]
    return {
        "name": attendee["name"],
        "email": attendee["email"],
        "displayEmail": attendee["email"],
        "timeZone": attendee["timeZone"],
        "language": attendee["language"],
        "absent": False,
    }


def _team1_body() -> dict[str, Any]:
    return {
        "start": "2030-01-08T13:00:00.000Z",
        "eventTypeId": TEAM1_EVENT,
        "attendee": {"name": "alice", "email": "alice@gmail.com", "timeZone": "Europe/Madrid", "language": "es"},
        "meetingUrl": MEET,
    }


def _phone_body() -> dict[str, Any]:
    return {
        "start": "2030-01-08T15:00:00.000Z",
        "eventTypeId": PHONE_ONLY,
        "attendee": {"name": "alice", "phoneNumber": "+919876543210", "timeZone": "Europe/Madrid", "language": "es"},
        "meetingUrl": MEET,
    }


def _team2_body() -> dict[str, Any]:
    return {
        "start": "2030-01-08T10:00:00.000Z",
        "eventTypeId": TEAM2_EVENT,
        "attendee": {"name": "bob", "email": "bob@gmail.com", "timeZone": "Europe/Rome", "language": "it"},
        "meetingUrl": MEET,
    }


def _rr_body(start: str, name: str, subset: list[int]) -> dict[str, Any]:
    return {
        "start": start,
        "eventTypeId": TEAM2_RR,
        "attendee": {"name": name, "email": f"{name}@gmail.com", "timeZone": "Europe/Rome", "language": "it"},
        "meetingUrl": MEET,
        "rrHostSubsetIds": subset,
    }


def _make_every_create(client: TestClient) -> None:
    """The bookings the e2e's "create team bookings" tests leave behind, in their order."""
    for body in (
        _team1_body(),
        _phone_body(),
        _team2_body(),
        _rr_body("2030-01-08T12:00:00.000Z", "bob2", [TEAM_USER2_ID]),
        _rr_body("2030-01-08T12:00:00.000Z", "bob", [TEAM_USER_ID]),
        _rr_body("2030-01-08T14:00:00.000Z", "bob", [TEAM_USER_ID, TEAM_USER2_ID]),
    ):
        _booking(client, body)


def _list(client: TestClient, query: str) -> Any:
    return client.get(f"/v2/bookings?{query}", headers=auth(TEAM_USER))


# ----------------------------------------------------------------- cant book event types without hosts


@pytest.mark.e2e(SOURCE, "should fail to book a collective event type without hosts")
def test_should_fail_to_book_a_collective_event_type_without_hosts(client: TestClient) -> None:
    # SOURCE: "should fail to book a collective event type without hosts"
    body = {**_team1_body(), "eventTypeId": COLLECTIVE_NO_HOSTS}
    del body["meetingUrl"]
    del body["attendee"]["language"]
    response = _create(client, body)
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        "Can't book this team event type because it has no hosts. Please, add at least 1 host to event type "
        f"with id={COLLECTIVE_NO_HOSTS} belonging to team with id={TEAM1} and try again."
    )


@pytest.mark.e2e(SOURCE, "should fail to book a round robin event type without hosts")
def test_should_fail_to_book_a_round_robin_event_type_without_hosts(client: TestClient) -> None:
    # SOURCE: "should fail to book a round robin event type without hosts"
    body = {**_team1_body(), "eventTypeId": ROUND_ROBIN_NO_HOSTS}
    del body["meetingUrl"]
    response = _create(client, body)
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        "Can't book this team event type because it has no hosts. Please, add at least 1 host to event type "
        f"with id={ROUND_ROBIN_NO_HOSTS} belonging to team with id={TEAM1} and try again."
    )


# ------------------------------------------------------------------------------ create team bookings


@pytest.mark.e2e(SOURCE, "should create a team 1 booking")
def test_should_create_a_team_1_booking(client: TestClient) -> None:
    # SOURCE: "should create a team 1 booking"
    body = _team1_body()
    response = _create(client, body)
    assert response.status_code == 201
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["id"] is not None and data["uid"]
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T14:00:00.000Z", 60)
    assert data["eventTypeId"] == TEAM1_EVENT
    assert data["attendees"] == [_attendee(body)]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


@pytest.mark.e2e(SOURCE, "should create a phone based booking")
def test_should_create_a_phone_based_booking(client: TestClient) -> None:
    # SOURCE: "should create a phone based booking"
    body = _phone_body()
    data = _booking(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T15:15:00.000Z", 15)
    assert data["eventTypeId"] == PHONE_ONLY
    assert data["attendees"] == [
        {
            "name": "alice",
            "email": "919876543210@sms.cal.com",
            "displayEmail": "919876543210@sms.cal.com",
            "phoneNumber": "+919876543210",
            "timeZone": "Europe/Madrid",
            "language": "es",
            "absent": False,
        }
    ]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False
    assert data["bookingFieldsResponses"]["attendeePhoneNumber"] == "+919876543210"


@pytest.mark.e2e(SOURCE, "should create a team 2 booking")
def test_should_create_a_team_2_booking(client: TestClient) -> None:
    # SOURCE: "should create a team 2 booking" — a collective booking lists its other host as an attendee.
    body = _team2_body()
    data = _booking(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T11:00:00.000Z", 60)
    assert data["eventTypeId"] == TEAM2_EVENT
    assert len(data["attendees"]) == 2
    assert data["attendees"][0] == _attendee(body)
    assert data["attendees"][1] == {
        "name": TEAM_USER2["name"],
        "email": TEAM_USER2["email"],
        "displayEmail": TEAM_USER2["email"],
        "timeZone": TEAM_USER2["timeZone"],
        "language": TEAM_USER2["locale"],
        "absent": False,
    }
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


@pytest.mark.e2e(SOURCE, "should create a team 2 RR booking and use rrHostSubsetIds to force teamUser2 as host ")
def test_should_create_a_team_2_rr_booking_and_use_rr_host_subset_ids_to_force_team_user2_as_host(
    client: TestClient,
) -> None:
    # SOURCE: "should create a team 2 RR booking and use rrHostSubsetIds to force teamUser2 as host "
    body = _rr_body("2030-01-08T12:00:00.000Z", "bob2", [TEAM_USER2_ID])
    data = _booking(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER2_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T13:00:00.000Z", 60)
    assert data["eventTypeId"] == TEAM2_RR
    assert data["attendees"] == [_attendee(body)]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


@pytest.mark.e2e(SOURCE, "should create a team 2 RR booking and use rrHostSubsetIds to force teamUser as host ")
def test_should_create_a_team_2_rr_booking_and_use_rr_host_subset_ids_to_force_team_user_as_host(
    client: TestClient,
) -> None:
    # SOURCE: "should create a team 2 RR booking and use rrHostSubsetIds to force teamUser as host "
    # (run after the previous e2e test, whose booking takes teamUser2 at the same time)
    _booking(client, _rr_body("2030-01-08T12:00:00.000Z", "bob2", [TEAM_USER2_ID]))
    body = _rr_body("2030-01-08T12:00:00.000Z", "bob", [TEAM_USER_ID])
    data = _booking(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T13:00:00.000Z", 60)
    assert data["eventTypeId"] == TEAM2_RR
    assert data["attendees"] == [_attendee(body)]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


@pytest.mark.e2e(
    SOURCE, "should create a team 2 RR booking and use rrHostSubsetIds to force teamUser and teamUser2 as host "
)
def test_should_create_a_team_2_rr_booking_and_use_rr_host_subset_ids_to_force_both_as_hosts(
    client: TestClient,
) -> None:
    # SOURCE: "should create a team 2 RR booking and use rrHostSubsetIds to force teamUser and teamUser2 as host "
    body = _rr_body("2030-01-08T14:00:00.000Z", "bob", [TEAM_USER_ID, TEAM_USER2_ID])
    data = _booking(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T15:00:00.000Z", 60)
    assert data["eventTypeId"] == TEAM2_RR
    assert len(data["attendees"]) == 2
    assert any(a["email"] == body["attendee"]["email"] for a in data["attendees"])
    assert any(a["email"] == TEAM_USER2["email"] for a in data["attendees"])
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


# --------------------------------------------------------------------------------- get team bookings


@pytest.mark.e2e(SOURCE, "should get bookings by teamId")
def test_should_get_bookings_by_team_id_of_team_1(client: TestClient) -> None:
    # SOURCE: "should get bookings by teamId" (team1)
    _make_every_create(client)
    response = _list(client, f"teamId={TEAM1}")
    assert response.status_code == 200 and response.json()["status"] == "success"
    data = response.json()["data"]
    assert len(data) == 2
    assert data[0]["eventTypeId"] == TEAM1_EVENT


@pytest.mark.e2e(SOURCE, "should get bookings by teamId")
def test_should_get_bookings_by_team_id_of_team_2(client: TestClient) -> None:
    # SOURCE: "should get bookings by teamId" (team2)
    _make_every_create(client)
    response = _list(client, f"teamId={TEAM2}")
    assert response.status_code == 200 and response.json()["status"] == "success"
    data = response.json()["data"]
    assert len(data) == 3
    assert data[0]["eventTypeId"] == TEAM2_EVENT


@pytest.mark.e2e(SOURCE, "should get bookings by teamId and eventTypeId")
def test_should_get_bookings_by_team_id_and_event_type_id(client: TestClient) -> None:
    # SOURCE: "should get bookings by teamId and eventTypeId"
    _make_every_create(client)
    response = _list(client, f"teamId={TEAM2}&eventTypeId={TEAM2_EVENT}")
    assert response.status_code == 200 and response.json()["status"] == "success"
    data = response.json()["data"]
    assert len(data) == 1
    assert data[0]["eventTypeId"] == TEAM2_EVENT


@pytest.mark.e2e(SOURCE, "should not get bookings by teamId and non existing eventTypeId")
def test_should_not_get_bookings_by_team_id_and_non_existing_event_type_id(client: TestClient) -> None:
    # SOURCE: "should not get bookings by teamId and non existing eventTypeId"
    _make_every_create(client)
    assert _list(client, f"teamId={TEAM2}&eventTypeId=90909").status_code == 400


@pytest.mark.e2e(SOURCE, "should get bookings by teamIds")
def test_should_get_bookings_by_team_ids(client: TestClient) -> None:
    # SOURCE: "should get bookings by teamIds" — `teamIds` is not a parameter of the real DTO (it has
    # `teamsIds`): the ValidationPipe drops it, and the answer is every booking of teamUser.
    _make_every_create(client)
    response = _list(client, f"teamIds={TEAM1},{TEAM2}")
    assert response.status_code == 200 and response.json()["status"] == "success"
    data = response.json()["data"]
    assert len(data) == 5
    assert any(b["eventTypeId"] == TEAM1_EVENT for b in data)
    assert any(b["eventTypeId"] == TEAM2_EVENT for b in data)


# -------------------------------------------------------------------------------------- reschedule


@pytest.mark.e2e(SOURCE, "should reschedule phone based booking")
def test_should_reschedule_phone_based_booking(client: TestClient) -> None:
    # SOURCE: "should reschedule phone based booking"
    phone_booking = _booking(client, _phone_body())
    body = {"start": "2035-01-08T14:00:00.000Z", "reschedulingReason": "Flying to mars that day"}
    response = client.post(f"/v2/bookings/{phone_booking['uid']}/reschedule", json=body, headers=V2)
    assert response.status_code == 201 and response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, dict) and data["id"] is not None and data["uid"]
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2035-01-08T14:15:00.000Z", 15)
    assert data["eventTypeId"] == PHONE_ONLY
    before = phone_booking["attendees"][0]
    assert data["attendees"] == [
        {
            "name": before["name"],
            "email": before["email"],
            "displayEmail": before["displayEmail"],
            "phoneNumber": before["phoneNumber"],
            "timeZone": before["timeZone"],
            "language": before["language"],
            "absent": False,
        }
    ]
    assert data["meetingUrl"] == phone_booking["meetingUrl"]
    assert data["absentHost"] is False
    assert (
        data["bookingFieldsResponses"]["attendeePhoneNumber"]
        == phone_booking["bookingFieldsResponses"]["attendeePhoneNumber"]
    )


@pytest.mark.e2e(SOURCE, "should reschedule a team RR booking and use rrHostSubsetIds to force teamUser2 as host")
def test_should_reschedule_a_team_rr_booking_and_use_rr_host_subset_ids_to_force_team_user2_as_host(
    client: TestClient,
) -> None:
    # SOURCE: "should reschedule a team RR booking and use rrHostSubsetIds to force teamUser2 as host"
    create_body = _rr_body("2030-01-10T10:00:00.000Z", "reschedule-test", [TEAM_USER_ID])
    created = _booking(client, create_body)
    assert created["hosts"][0]["id"] == TEAM_USER_ID
    body = {
        "start": "2030-01-10T12:00:00.000Z",
        "reschedulingReason": "Need to change host",
        "rrHostSubsetIds": [TEAM_USER2_ID],
    }
    response = client.post(f"/v2/bookings/{created['uid']}/reschedule", json=body, headers=V2)
    assert response.status_code == 201 and response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, dict) and data["id"] is not None and data["uid"]
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER2_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-10T13:00:00.000Z", 60)
    assert data["eventTypeId"] == TEAM2_RR
    assert len(data["attendees"]) == 1 and data["attendees"][0]["email"] == create_body["attendee"]["email"]
    assert data["absentHost"] is False


# ------------------------------------------------------- book using teamSlug, eventTypeSlug and organizationSlug


def _by_slug(**extra: str) -> dict[str, Any]:
    body = {**_team1_body(), "start": "2040-01-09T13:00:00.000Z", "teamSlug": "imports"}
    del body["eventTypeId"]
    return {**body, "eventTypeSlug": "imports-collective", **extra}


@pytest.mark.e2e(SOURCE, "should not be able to book if missing organizationSlug")
def test_should_not_be_able_to_book_if_missing_organization_slug(client: TestClient) -> None:
    # SOURCE: "should not be able to book if missing organizationSlug"
    assert _create(client, _by_slug()).status_code == 404


@pytest.mark.e2e(SOURCE, "should book using teamSlug and eventTypeSlug and organizationSlug")
def test_should_book_using_team_slug_and_event_type_slug_and_organization_slug(client: TestClient) -> None:
    # SOURCE: "should book using teamSlug and eventTypeSlug and organizationSlug"
    body = _by_slug(organizationSlug="vandelay")
    data = _booking(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2040-01-09T14:00:00.000Z", 60)
    assert data["eventTypeId"] == TEAM1_EVENT
    assert data["attendees"] == [_attendee(body)]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False
