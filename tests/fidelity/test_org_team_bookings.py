"""Cal.com's organization-team-bookings e2e spec replayed against the mock on the default fixtures.

Sources (calcom/cal.com):
- TEAMS: `apps/api/v2/src/modules/organizations/teams/bookings/organizations-teams-bookings.controller.e2e-spec.ts`
  (f0ac6126). The older copy at `.../controllers/teams/bookings/` holds earlier versions of the same tests.
- PBAC: `apps/api/v2/src/modules/organizations/e2e/organizations-pbac-guard.e2e-spec.ts` (222d5801), its
  `GET /organizations/:orgId/teams/:teamId/bookings` block.

TEAMS's world is organization 7 (Vandelay) of `mock_server/fixtures/default.yaml`: "team 1" is team 74,
its collective event type (one host) is 7401, and teamUser, owner of the team and of the organization,
is peterman (705). The e2e authenticates as teamUser (`withApiAuth`); lists here use peterman's key.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.mock_client import V2, auth

TEAMS_SOURCE = "modules/organizations/teams/bookings/organizations-teams-bookings.controller.e2e-spec.ts"
PBAC_SOURCE = "modules/organizations/e2e/organizations-pbac-guard.e2e-spec.ts"

ORG, TEAM, EVENT_TYPE, TEAM_USER_ID = 7, 74, 7401, 705
TEAM_USER = "cal_test_vandelay_team_owner_key"


def _body() -> dict[str, Any]:
    return {
        "start": "2030-01-08T13:00:00.000Z",
        "eventTypeId": EVENT_TYPE,
        "attendee": {"name": "alice", "email": "alice@gmail.com", "timeZone": "Europe/Madrid", "language": "es"},
        "meetingUrl": "https://meet.google.com/abc-def-ghi",
    }


def _create(client: TestClient) -> dict[str, Any]:
    response = client.post("/v2/bookings", json=_body(), headers=V2)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert isinstance(data, dict) and "id" in data  # responseDataIsBooking
    return data


def _list(client: TestClient, query: str = "", *, team: int = TEAM, key: str = TEAM_USER) -> Any:
    return client.get(f"/v2/organizations/{ORG}/teams/{team}/bookings?{query}", headers=auth(key))


def _data(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    return response.json()["data"]  # type: ignore[no-any-return]


# ----------------------------------------------------------------------- TEAMS: create team bookings


@pytest.mark.e2e(TEAMS_SOURCE, "should create a team 1 booking")
def test_should_create_a_team_1_booking(client: TestClient) -> None:
    # TEAMS: "should create a team 1 booking"
    body = _body()
    response = client.post("/v2/bookings", json=body, headers=V2)
    assert response.status_code == 201 and response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["id"] is not None and data["uid"]
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == TEAM_USER_ID
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T14:00:00.000Z", 60)
    assert data["eventTypeId"] == EVENT_TYPE
    assert data["attendees"] == [
        {
            "name": "alice",
            "email": "alice@gmail.com",
            "displayEmail": "alice@gmail.com",
            "timeZone": "Europe/Madrid",
            "language": "es",
            "absent": False,
        }
    ]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


# -------------------------------------------------------------------------- TEAMS: get team bookings


@pytest.mark.e2e(TEAMS_SOURCE, "should get bookings by teamId")
def test_should_get_bookings_by_team_id(client: TestClient) -> None:
    # TEAMS: "should get bookings by teamId"
    _create(client)
    data = _data(_list(client))
    assert len(data) == 1 and data[0]["eventTypeId"] == EVENT_TYPE


@pytest.mark.e2e(TEAMS_SOURCE, "should get bookings by teamId and eventTypeId")
def test_should_get_bookings_by_team_id_and_event_type_id(client: TestClient) -> None:
    # TEAMS: "should get bookings by teamId and eventTypeId"
    _create(client)
    data = _data(_list(client, f"eventTypeId={EVENT_TYPE}"))
    assert len(data) == 1 and data[0]["eventTypeId"] == EVENT_TYPE


@pytest.mark.e2e(TEAMS_SOURCE, "should get bookings by teamId and bookingUid")
def test_should_get_bookings_by_team_id_and_booking_uid(client: TestClient) -> None:
    # TEAMS: "should get bookings by teamId and bookingUid"
    uid = _create(client)["uid"]
    data = _data(_list(client, f"bookingUid={uid}"))
    assert len(data) == 1 and data[0]["uid"] == uid


@pytest.mark.e2e(TEAMS_SOURCE, "should not get bookings by teamId and non existing eventTypeId")
def test_should_not_get_bookings_by_team_id_and_non_existing_event_type_id(client: TestClient) -> None:
    # TEAMS: "should not get bookings by teamId and non existing eventTypeId"
    _create(client)
    assert _list(client, "eventTypeId=90909").status_code == 400


@pytest.mark.e2e(TEAMS_SOURCE, "should not get bookings by non existing teamId")
def test_should_not_get_bookings_by_non_existing_team_id(client: TestClient) -> None:
    # TEAMS: "should not get bookings by non existing teamId"
    _create(client)
    assert _list(client, team=90909).status_code == 404


# --------------------------------------------------------------- PBAC: GET .../teams/:teamId/bookings


@pytest.mark.e2e(PBAC_SOURCE, "no-PBAC admin can access (RolesGuard no-PBAC path)")
def test_an_org_admin_without_pbac_passes_the_roles_guard(client: TestClient) -> None:
    # PBAC: "no-PBAC admin can access (RolesGuard no-PBAC path)" — an org admin (admin of the team too in
    # the e2e) gets through the TEAM_ADMIN role check.
    response = client.get("/v2/organizations/1/teams/11/bookings", headers=auth("cal_test_acme_admin_key"))
    assert response.status_code == 200


@pytest.mark.e2e(PBAC_SOURCE, "PBAC member without permission is denied (PbacGuard rejects, RolesGuard denies MEMBER)")
def test_a_team_member_without_the_permission_is_denied(client: TestClient) -> None:
    # PBAC: "PBAC member without permission is denied (PbacGuard rejects, RolesGuard denies MEMBER)"
    response = client.get("/v2/organizations/1/teams/11/bookings", headers=auth("cal_test_acme_member_key"))
    assert response.status_code == 403
