"""Cal.com's organization-bookings e2e specs replayed against the mock on the default fixtures.

Sources (calcom/cal.com):
- ORG: `apps/api/v2/src/modules/organizations/bookings/organizations-bookings.controller.e2e-spec.ts` (2df8c121);
- MANAGED: `apps/api/v2/src/modules/organizations/bookings/managed-organizations-bookings.controller.e2e-spec.ts`
  (a7516af8);
- PBAC: `apps/api/v2/src/modules/organizations/e2e/organizations-pbac-guard.e2e-spec.ts` (222d5801), its
  `GET /organizations/:orgId/bookings` block.

Their worlds map onto organization 7 (Vandelay) of `mock_server/fixtures/default.yaml`, which holds no
bookings until a test makes them:

| e2e                                          | fixtures                                       |
|----------------------------------------------|------------------------------------------------|
| orgUser (org OWNER, team ADMIN)              | elaine (703)                                   |
| orgUser2 (org OWNER, team OWNER), the caller | jerry (704), `cal_test_vandelay_owner_key`     |
| nonOrgUser1 and "Non Org Event Type"         | newman (707), event type 7701                  |
| collective event type (both hosts)           | 7301                                           |
| round robin event type (orgUser2 only)       | 7302                                           |
| MANAGED managerOrgUser1 / managerOrgUser2    | jerry (704) / puddy (706), event type 7501     |

The e2e authenticates as orgUser2 (`withApiAuth`, some requests adding OAuth client headers that the
mocked auth ignores), so lists here use jerry's API key; creates send no key, as the e2e sends none.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.mock_client import V2, auth

ORG_SOURCE = "modules/organizations/bookings/organizations-bookings.controller.e2e-spec.ts"
MANAGED_SOURCE = "modules/organizations/bookings/managed-organizations-bookings.controller.e2e-spec.ts"
PBAC_SOURCE = "modules/organizations/e2e/organizations-pbac-guard.e2e-spec.ts"

ORG = 7
OWNER = "cal_test_vandelay_owner_key"  # jerry, orgUser2
ORG_USER, ORG_USER2, NON_ORG_USER, PUDDY = 703, 704, 707, 706
ORG_USERS = {
    ORG_USER: {"name": "Elaine Benes", "email": "elaine@vandelay.com", "timeZone": "Europe/Rome"},
    ORG_USER2: {"name": "Jerry Seinfeld", "email": "jerry@vandelay.com", "timeZone": "Europe/Rome"},
}
COLLECTIVE, ROUND_ROBIN, NON_ORG = 7301, 7302, 7701
MEET = "https://meet.google.com/abc-def-ghi"


def _create(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v2/bookings", json=body, headers=V2)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, dict) and "id" in data  # responseDataIsBooking
    return data


def _alice(start: str, event_type_id: int) -> dict[str, Any]:
    return {
        "start": start,
        "eventTypeId": event_type_id,
        "attendee": {"name": "alice", "email": "alice@gmail.com", "timeZone": "Europe/Madrid", "language": "es"},
        "meetingUrl": MEET,
    }


def _member_books_non_org(start: str, user_id: int) -> dict[str, Any]:
    user = ORG_USERS[user_id]
    return {
        "start": start,
        "eventTypeId": NON_ORG,
        "attendee": {"name": user["name"], "email": user["email"], "timeZone": user["timeZone"], "language": "en"},
        "meetingUrl": MEET,
    }


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


def _make_every_create(client: TestClient) -> str:
    """The four bookings of the e2e's "create organization bookings" tests; the collective one's uid."""
    collective = _create(client, _alice("2030-01-09T13:00:00.000Z", COLLECTIVE))
    _create(client, _alice("2030-01-10T13:00:00.000Z", ROUND_ROBIN))
    _create(client, _member_books_non_org("2030-01-08T13:00:00.000Z", ORG_USER))
    _create(client, _member_books_non_org("2030-01-11T13:00:00.000Z", ORG_USER2))
    return str(collective["uid"])


def _list(client: TestClient, query: str = "", key: str = OWNER) -> Any:
    return client.get(f"/v2/organizations/{ORG}/bookings?{query}", headers=auth(key))


def _event_type_ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    return sorted(b["eventTypeId"] for b in response.json()["data"])


# ----------------------------------------------------------------- ORG: create organization bookings


@pytest.mark.e2e(ORG_SOURCE, "should create an collective organization booking")
def test_should_create_a_collective_organization_booking(client: TestClient) -> None:
    # ORG: "should create an collective organization booking" — the other host is the second attendee.
    body = _alice("2030-01-09T13:00:00.000Z", COLLECTIVE)
    data = _create(client, body)
    assert data["id"] is not None and data["uid"]
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == ORG_USER
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-09T14:00:00.000Z", 60)
    assert data["eventTypeId"] == COLLECTIVE
    assert len(data["attendees"]) == 2
    assert data["attendees"][0] == _attendee(body)
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


@pytest.mark.e2e(ORG_SOURCE, "should create a round robin organization booking")
def test_should_create_a_round_robin_organization_booking(client: TestClient) -> None:
    # ORG: "should create a round robin organization booking"
    body = _alice("2030-01-10T13:00:00.000Z", ROUND_ROBIN)
    data = _create(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == ORG_USER2
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-10T14:00:00.000Z", 60)
    assert data["eventTypeId"] == ROUND_ROBIN
    assert data["attendees"] == [_attendee(body)]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


@pytest.mark.e2e(ORG_SOURCE, "should create a non organization booking for org-user-1")
def test_should_create_a_non_organization_booking_for_org_user_1(client: TestClient) -> None:
    # ORG: "should create a non organization booking for org-user-1"
    body = _member_books_non_org("2030-01-08T13:00:00.000Z", ORG_USER)
    data = _create(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == NON_ORG_USER
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-08T14:00:00.000Z", 60)
    assert data["eventTypeId"] == NON_ORG
    assert data["attendees"] == [_attendee(body)]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


@pytest.mark.e2e(ORG_SOURCE, "should create a non organization booking for org-user-2")
def test_should_create_a_non_organization_booking_for_org_user_2(client: TestClient) -> None:
    # ORG: "should create a non organization booking for org-user-2"
    body = _member_books_non_org("2030-01-11T13:00:00.000Z", ORG_USER2)
    data = _create(client, body)
    assert len(data["hosts"]) == 1 and data["hosts"][0]["id"] == NON_ORG_USER
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (body["start"], "2030-01-11T14:00:00.000Z", 60)
    assert data["eventTypeId"] == NON_ORG
    assert data["attendees"] == [_attendee(body)]
    assert data["meetingUrl"] == body["meetingUrl"]
    assert data["absentHost"] is False


# -------------------------------------------------------------------- ORG: get organization bookings


@pytest.mark.e2e(ORG_SOURCE, "should get bookings by organizationId")
def test_should_get_bookings_by_organization_id(client: TestClient) -> None:
    # ORG: "should get bookings by organizationId" (no filter) — members attending a non-org booking bring it in.
    _make_every_create(client)
    assert _event_type_ids(_list(client)) == sorted([COLLECTIVE, ROUND_ROBIN, NON_ORG, NON_ORG])


@pytest.mark.e2e(ORG_SOURCE, "should get bookings by organizationId")
def test_should_get_bookings_by_organization_id_and_the_user_ids_of_org_user(client: TestClient) -> None:
    # ORG: "should get bookings by organizationId" (`?userIds=${orgUser.id}`)
    _make_every_create(client)
    assert _event_type_ids(_list(client, f"userIds={ORG_USER}")) == sorted([COLLECTIVE, NON_ORG])


@pytest.mark.e2e(ORG_SOURCE, "should get bookings by organizationId and userIds")
def test_should_get_bookings_by_organization_id_and_user_ids(client: TestClient) -> None:
    # ORG: "should get bookings by organizationId and userIds"
    _make_every_create(client)
    response = _list(client, f"userIds={ORG_USER},{ORG_USER2}&skip=0&take=250")
    assert _event_type_ids(response) == sorted([COLLECTIVE, ROUND_ROBIN, NON_ORG, NON_ORG])


@pytest.mark.e2e(ORG_SOURCE, "should get bookings by organizationId and userId")
def test_should_get_bookings_by_organization_id_and_user_id(client: TestClient) -> None:
    # ORG: "should get bookings by organizationId and userId"
    _make_every_create(client)
    assert _event_type_ids(_list(client, f"userIds={ORG_USER2}")) == sorted([COLLECTIVE, ROUND_ROBIN, NON_ORG])


@pytest.mark.e2e(ORG_SOURCE, "should fail to get bookings by organizationId and Id of a user that does not exist")
def test_should_fail_to_get_bookings_by_organization_id_and_id_of_a_user_that_does_not_exist(
    client: TestClient,
) -> None:
    # ORG: "should fail to get bookings by organizationId and Id of a user that does not exist"
    _make_every_create(client)
    assert _list(client, "userIds=972930").status_code == 400


@pytest.mark.e2e(
    ORG_SOURCE, "should fail to get bookings by organizationId and Id of a user that does not belong to the org"
)
def test_should_fail_to_get_bookings_by_organization_id_and_id_of_a_user_outside_the_org(
    client: TestClient,
) -> None:
    # ORG: "should fail to get bookings by organizationId and Id of a user that does not belong to the org"
    _make_every_create(client)
    assert _list(client, f"userIds={NON_ORG_USER}").status_code == 403


@pytest.mark.e2e(ORG_SOURCE, "should get bookings by organizationId and non org event-type id")
def test_should_get_bookings_by_organization_id_and_non_org_event_type_id(client: TestClient) -> None:
    # ORG: "should get bookings by organizationId and non org event-type id"
    _make_every_create(client)
    assert _event_type_ids(_list(client, f"eventTypeIds={NON_ORG}")) == [NON_ORG, NON_ORG]


@pytest.mark.e2e(ORG_SOURCE, "should get bookings by organizationId and org event-type id")
def test_should_get_bookings_by_organization_id_and_org_event_type_id(client: TestClient) -> None:
    # ORG: "should get bookings by organizationId and org event-type id"
    _make_every_create(client)
    assert _event_type_ids(_list(client, f"eventTypeIds={COLLECTIVE}")) == [COLLECTIVE]


@pytest.mark.e2e(ORG_SOURCE, "should get bookings by organizationId and org + non org event-type ids")
def test_should_get_bookings_by_organization_id_and_org_and_non_org_event_type_ids(client: TestClient) -> None:
    # ORG: "should get bookings by organizationId and org + non org event-type ids"
    _make_every_create(client)
    response = _list(client, f"eventTypeIds={ROUND_ROBIN},{NON_ORG}")
    assert _event_type_ids(response) == sorted([ROUND_ROBIN, NON_ORG, NON_ORG])


@pytest.mark.e2e(ORG_SOURCE, "should get a specific booking by bookingUid query param")
def test_should_get_a_specific_booking_by_booking_uid_query_param(client: TestClient) -> None:
    # ORG: "get by bookingUid param" / "should get a specific booking by bookingUid query param"
    uid = _make_every_create(client)
    response = _list(client, f"bookingUid={uid}")
    assert response.status_code == 200 and response.json()["status"] == "success"
    data = response.json()["data"]
    assert len(data) == 1 and "id" in data[0]
    booking = data[0]
    assert (booking["uid"], booking["eventTypeId"], booking["status"]) == (uid, COLLECTIVE, "accepted")
    assert len(booking["attendees"]) == 2
    assert (booking["attendees"][0]["name"], booking["attendees"][0]["email"]) == ("alice", "alice@gmail.com")


@pytest.mark.e2e(ORG_SOURCE, "should return empty array for non-existent booking UID query param")
def test_should_return_empty_array_for_non_existent_booking_uid_query_param(client: TestClient) -> None:
    # ORG: "should return empty array for non-existent booking UID query param"
    _make_every_create(client)
    response = _list(client, "bookingUid=non-existent-booking-uid")
    assert response.status_code == 200 and response.json()["status"] == "success"
    assert response.json()["data"] == []


@pytest.mark.e2e(ORG_SOURCE, "should return empty array for booking UID not belonging to the organization")
def test_should_return_empty_array_for_booking_uid_not_belonging_to_the_organization(client: TestClient) -> None:
    # ORG: "should return empty array for booking UID not belonging to the organization" — the e2e makes a
    # booking of a user outside any organization; Nina's fixture booking 41 is one (no Vandelay attendee).
    _make_every_create(client)
    response = _list(client, "bookingUid=62LC1Ui7OgpJnWZwJPjm2w")
    assert response.status_code == 200 and response.json()["status"] == "success"
    assert response.json()["data"] == []


# ------------------------------------------------------------- MANAGED: manager organization bookings


def _make_manager_org_bookings(client: TestClient) -> None:
    """The e2e's repository-made bookings, made here through the API: a collective booking organized by
    managerOrgUser2 (puddy) for alice, and Newman's booking attended by managerOrgUser2."""
    _create(client, _alice("2030-01-09T13:00:00.000Z", 7501))
    body = {
        "start": "2030-01-08T13:00:00.000Z",
        "eventTypeId": NON_ORG,
        "attendee": {"name": "David Puddy", "email": "puddy@vandelay.com", "timeZone": "Europe/Rome", "language": "en"},
        "meetingUrl": "https://meet.google.com/jkl-mno-pqr",
    }
    _create(client, body)


@pytest.mark.e2e(MANAGED_SOURCE, "should get bookings by organizationId for manager organization")
def test_should_get_bookings_by_organization_id_for_manager_organization(client: TestClient) -> None:
    # MANAGED: "should get bookings by organizationId for manager organization"
    _make_manager_org_bookings(client)
    assert _event_type_ids(_list(client)) == sorted([7501, NON_ORG])


@pytest.mark.e2e(MANAGED_SOURCE, "should get bookings by organizationId and userId")
def test_should_get_manager_organization_bookings_by_organization_id_and_user_id(client: TestClient) -> None:
    # MANAGED: "should get bookings by organizationId and userId"
    _make_manager_org_bookings(client)
    assert _event_type_ids(_list(client, f"userIds={PUDDY}")) == sorted([7501, NON_ORG])


# ----------------------------------------------------------------------- PBAC: GET .../bookings


@pytest.mark.e2e(PBAC_SOURCE, "no-PBAC admin can access (RolesGuard no-PBAC path)")
def test_an_org_admin_without_pbac_passes_the_roles_guard(client: TestClient) -> None:
    # PBAC: "no-PBAC admin can access (RolesGuard no-PBAC path)" — the roles check lets an org admin through.
    assert client.get("/v2/organizations/1/bookings", headers=auth("cal_test_acme_admin_key")).status_code == 200


@pytest.mark.e2e(PBAC_SOURCE, "PBAC member without permission is denied (PbacGuard rejects, RolesGuard denies MEMBER)")
def test_an_org_member_without_the_permission_is_denied(client: TestClient) -> None:
    # PBAC: "PBAC member without permission is denied (PbacGuard rejects, RolesGuard denies MEMBER)"
    response = client.get("/v2/organizations/1/bookings", headers=auth("cal_test_acme_member_key"))
    assert response.status_code == 403
