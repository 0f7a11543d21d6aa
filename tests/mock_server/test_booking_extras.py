"""The booking sub-resources over HTTP: reassign (automatic and to a user), references (user and team
routes), calendar links, Cal Video recordings and transcripts, and the organization user list, with the
real server's refusals (docs/real-server/booking-extras.md has the sources)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import error_message
from tests.mock_client import V2, auth

ALICE, BOB, CAROL, DAVE = (
    "cal_test_acme_owner_key",
    "cal_test_acme_admin_key",
    "cal_test_acme_team_admin_key",
    ("cal_test_acme_member_key"),
)
GINA, HANK = "cal_test_acme_rotation_key", "cal_test_acme_rotation2_key"
NINA, GLOBEX_OWNER, UMBRELLA_OWNER = "cal_test_solo_key", "cal_test_globex_owner_key", "cal_test_umbrella_owner_key"
BANIA = "cal_test_kramerica_member_key"
ROTATION = "rotaRRq1Bk7s2XmPcN3vLd"  # Acme Rotations (1301): Gina organizes, Hank is the other host
KRAMERICA = "kramericaRoundRobin001"  # Kramerica 8101: Bania organizes, Mickey is the other host
UPCOMING, RECORDED, PAST_PLAIN, SALES_DEMO = (
    "awSwmVI4wxFymMjsrh5AU3",
    "kd3DA7rLCEvGxlDNRCWXur",
    "9vwL4ryBmVWrnRPzGEotZc",
    "jwHZqwVDcCv6cn3h4Kchm7",
)


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    return response.json()["data"]


def _refused(response: Any, status: int, message: str) -> None:
    assert response.status_code == status, response.text
    assert error_message(response) == message


def _host_id(client: TestClient, uid: str) -> int:
    return int(_ok(client.get(f"/v2/bookings/{uid}", headers=V2))["hosts"][0]["id"])


def _uids(response: Any) -> set[str]:
    return {b["uid"] for b in _ok(response)}


def _create(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v2/bookings", json=body, headers=V2)
    assert response.status_code == 201, response.text
    return response.json()["data"]  # type: ignore[no-any-return]


def _booker(event_type_id: int, start: str, **extra: Any) -> dict[str, Any]:
    attendee = {"name": "Pat Booker", "email": "pat.booker@example.org", "timeZone": "Europe/Rome"}
    return {"start": start, "eventTypeId": event_type_id, "attendee": attendee, **extra}


# ------------------------------------------------------------------------------------------ reassign


def test_a_reassigned_booking_reads_back_with_its_new_host_through_every_view(client: TestClient) -> None:
    before = _ok(client.get(f"/v2/bookings/{ROTATION}", headers=V2))
    data = _ok(client.post(f"/v2/bookings/{ROTATION}/reassign", headers=auth(ALICE)))
    assert data == {
        "bookingUid": ROTATION,
        "reassignedTo": {"id": 108, "name": "Hank Hill", "email": "hank@acme.com", "displayEmail": "hank@acme.com"},
    }
    after = _ok(client.get(f"/v2/bookings/{ROTATION}", headers=V2))
    assert after["hosts"][0]["id"] == 108 and after["title"] == "Rotation call between Hank Hill and Ron Livingston"
    unchanged = ("uid", "id", "start", "end", "status", "attendees", "eventTypeId", "location", "metadata")
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}
    v1 = client.get("/v1/bookings/45", params={"apiKey": ALICE})
    assert v1.status_code == 200 and v1.json()["booking"]["userId"] == 108
    assert ROTATION in _uids(client.get("/v2/bookings", headers=auth(HANK)))
    assert ROTATION not in _uids(client.get("/v2/bookings", headers=auth(GINA)))
    team = _ok(client.get("/v2/organizations/1/teams/13/bookings", headers=auth(ALICE)))
    assert [b["hosts"][0]["id"] for b in team if b["uid"] == ROTATION] == [108]
    assert ROTATION in _uids(client.get("/v2/organizations/1/users/108/bookings", headers=auth(ALICE)))
    assert ROTATION not in _uids(client.get("/v2/organizations/1/users/107/bookings", headers=auth(ALICE)))


def test_reassigning_to_a_named_host_works_whether_or_not_they_are_free(client: TestClient) -> None:
    assert _ok(client.post(f"/v2/bookings/{ROTATION}/reassign/108", headers=auth(GINA)))["reassignedTo"]["id"] == 108
    assert (
        _ok(client.post(f"/v2/bookings/{ROTATION}/reassign/107", headers=auth(GINA), json={}))["reassignedTo"]["id"]
        == 107
    )
    assert _host_id(client, ROTATION) == 107


def test_the_automatic_choice_skips_a_busy_host(client: TestClient) -> None:
    # Mickey takes a booking of 8102 at the very time of Bania's booking, so no other host is free.
    booking = _ok(client.get(f"/v2/bookings/{KRAMERICA}", headers=V2))
    made = _create(client, _booker(8102, booking["start"]))
    assert made["hosts"][0]["id"] == 812
    _refused(
        client.post(f"/v2/bookings/{KRAMERICA}/reassign", headers=auth(BANIA)),
        400,
        "Can't reassign the booking because no other host is available at that time.",
    )
    assert _host_id(client, KRAMERICA) == 811


def test_collective_and_personal_event_types_have_no_other_host_to_choose(client: TestClient) -> None:
    collective = _create(client, _booker(8105, "2025-05-05T09:00:00.000Z"))
    message = "Can't reassign the booking because no other host is available at that time."
    _refused(client.post(f"/v2/bookings/{collective['uid']}/reassign", headers=auth(BANIA)), 400, message)
    _refused(client.post(f"/v2/bookings/{UPCOMING}/reassign", headers=auth(ALICE)), 400, message)


def test_reassigning_to_a_user_refuses_non_hosts_fixed_hosts_and_unknown_users(client: TestClient) -> None:
    _refused(
        client.post(f"/v2/bookings/{ROTATION}/reassign/101", headers=auth(ALICE)),
        400,
        "User with id=101 is not a valid Round Robin host - the user to which you reassign this booking must be "
        "one of the booking hosts. Fetch the booking using following endpoint and select id of one of the hosts: "
        "https://cal.com/docs/api-reference/v2/bookings/get-a-booking",
    )
    fixed = _create(client, _booker(8103, "2025-05-06T09:00:00.000Z"))
    response = client.post(f"/v2/bookings/{fixed['uid']}/reassign/811", headers=auth(BANIA))
    assert response.status_code == 400 and "fixed host" in error_message(response)
    _refused(
        client.post(f"/v2/bookings/{ROTATION}/reassign/99999", headers=auth(ALICE)),
        404,
        "User with id=99999 was not found in the database",
    )
    assert client.post(f"/v2/bookings/{ROTATION}/reassign/0", headers=auth(ALICE)).status_code == 400


def test_reassign_refuses_unknown_bookings_outsiders_and_anonymous_callers(client: TestClient) -> None:
    _refused(
        client.post("/v2/bookings/nope/reassign", headers=auth(ALICE)),
        404,
        "Booking with uid=nope was not found in the database",
    )
    for path in (f"/v2/bookings/{ROTATION}/reassign", f"/v2/bookings/{ROTATION}/reassign/108"):
        _refused(client.post(path, headers=auth(NINA)), 403, "You do not have permission to reassign this booking")
        # Dave is an Acme member but no host of the event type and no admin.
        _refused(client.post(path, headers=auth(DAVE)), 403, "You do not have permission to reassign this booking")
        response = client.post(path, headers=V2)
        assert response.status_code == 403 and error_message(response).startswith("PermissionsGuard")
        assert client.post(path, headers=auth("cal_live_not_a_key")).status_code == 401
    assert _host_id(client, ROTATION) == 107


# ---------------------------------------------------------------------------------------- references


def test_the_organizer_reads_the_booking_references_of_a_type_or_all(client: TestClient) -> None:
    assert _ok(client.get(f"/v2/bookings/{UPCOMING}/references", headers=auth(ALICE))) == [
        {
            "type": "google_calendar",
            "eventUid": "acmeintroawswmvi4wxfymmjsrh5au3",
            "id": 1,
            "destinationCalendarId": "alice@acme.com",
        },
        {"type": "daily_video", "eventUid": "acme-intro-awSwmVI4wxFy", "id": 2, "destinationCalendarId": None},
    ]
    typed = _ok(client.get(f"/v2/bookings/{UPCOMING}/references?type=daily_video", headers=auth(ALICE)))
    assert [r["id"] for r in typed] == [2]
    assert _ok(client.get(f"/v2/bookings/{PAST_PLAIN}/references", headers=auth(ALICE))) == []
    assert client.get(f"/v2/bookings/{UPCOMING}/references?type=skype", headers=auth(ALICE)).status_code == 400


def test_only_the_organizer_reads_references(client: TestClient) -> None:
    _refused(
        client.get(f"/v2/bookings/{UPCOMING}/references", headers=auth(BOB)),
        400,
        f"Booking with uid {UPCOMING} does not belong to user",
    )
    _refused(client.get("/v2/bookings/nope/references", headers=auth(ALICE)), 404, "Booking with uid nope not found")


def test_team_admins_read_their_team_bookings_references_in_a_scale_organization(client: TestClient) -> None:
    path = f"/v2/organizations/1/teams/11/bookings/{SALES_DEMO}/references"
    for key in (ALICE, CAROL):
        assert [r["id"] for r in _ok(client.get(path, headers=auth(key)))] == [5, 6]
    assert [r["type"] for r in _ok(client.get(path + "?type=zoom_video", headers=auth(CAROL)))] == ["zoom_video"]
    _refused(
        client.get(path, headers=auth(DAVE)),
        403,
        "RolesGuard - user with id=104 does not have the minimum required role=TEAM_ADMIN within organization "
        "with id=1 team with id=11.",
    )
    _refused(
        client.get(f"/v2/organizations/1/teams/11/bookings/{UPCOMING}/references", headers=auth(ALICE)),
        404,
        f"Booking with uid {UPCOMING} not found",
    )
    _refused(
        client.get(
            "/v2/organizations/2/teams/21/bookings/hFllzZS2RUxfLHDIx131Pk/references", headers=auth(GLOBEX_OWNER)
        ),
        403,
        "PlatformPlanGuard - organization with id=2 does not have required plan for this operation. Minimum plan is "
        "SCALE while the organization has ESSENTIALS.",
    )


# ------------------------------------------------------------------------------------ calendar links


def test_calendar_links_are_built_from_the_booking(client: TestClient) -> None:
    links = {
        item["id"]: item for item in _ok(client.get(f"/v2/bookings/{UPCOMING}/calendar-links", headers=auth(NINA)))
    }
    name = "Intro call between Alice Anders and Michael Bolton"
    assert links["googleCalendar"] == {
        "label": "Google Calendar",
        "id": "googleCalendar",
        "link": f"https://calendar.google.com/calendar/r/eventedit?dates=20250313T140000Z/20250313T143000Z&text={name}"
        "&details=",
    }
    assert links["microsoftOffice"]["link"] == (
        "https://outlook.office.com/calendar/0/deeplink/compose?body=&enddt=2025-03-13T14:30:00Z"
        f"&path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt=2025-03-13T14:00:00Z&subject={name}"
    )
    assert links["microsoftOutlook"]["link"] == (
        "https://outlook.live.com/calendar/0/deeplink/compose?body=&enddt=2025-03-13T14:30:00Z"
        "&path=%252Fcalendar%252Faction%252Fcompose&rru=addevent&startdt=2025-03-13T14:00:00Z"
        "&subject=Intro%20call%20between%20Alice%20Anders%20and%20Michael%20Bolton"
    )
    assert links["ics"]["label"] == "ICS"
    assert "DTSTART%3A20250313T140000Z" in links["ics"]["link"] and "DURATION%3APT30M" in links["ics"]["link"]


def test_team_recurring_and_cal_video_bookings_name_team_repeat_and_meeting(client: TestClient) -> None:
    team = _ok(client.get(f"/v2/bookings/{SALES_DEMO}/calendar-links", headers=auth(ALICE)))[0]["link"]
    assert "&text=Sales demo between Acme Sales and Erlich Bachman&" in team
    recurring = _ok(client.get("/v2/bookings/nsEhumaSnDeKimcH286d8q/calendar-links", headers=auth(ALICE)))[0]["link"]
    assert recurring.endswith("&recur=RRULE%3AFREQ%3DWEEKLY%3BINTERVAL%3D1%3BCOUNT%3D6")
    made = _create(
        client, _booker(8012, "2025-05-07T09:00:00.000Z", location={"type": "integration", "integration": "cal-video"})
    )
    video = _ok(client.get(f"/v2/bookings/{made['uid']}/calendar-links", headers=auth(NINA)))[0]["link"]
    assert video.endswith(f"&location=https%3A%2F%2Fapp.cal.com%2Fvideo%2F{made['uid']}")


def test_calendar_links_need_credentials_and_an_existing_booking(client: TestClient) -> None:
    _refused(
        client.get("/v2/bookings/nope/calendar-links", headers=auth(ALICE)), 404, "Booking with uid nope not found"
    )
    response = client.get(f"/v2/bookings/{UPCOMING}/calendar-links", headers=V2)
    assert response.status_code == 403 and error_message(response).startswith("PermissionsGuard")


# ------------------------------------------------------------------------------- Cal Video recordings


def test_recordings_and_transcripts_of_the_booking_cal_video_room(client: TestClient) -> None:
    recordings = _ok(client.get(f"/v2/bookings/{RECORDED}/recordings", headers=auth(ALICE)))
    assert recordings == [
        {
            "id": "2d6a4b9e-0c1f-4f3e-9a57-3f1b8c2e7d01",
            "roomName": "acme-intro-kd3DA7rLCEvG",
            "startTs": 1700000000,
            "status": "finished",
            "maxParticipants": 2,
            "duration": 1740,
            "shareToken": "share-acme-intro-1",
            "downloadLink": "https://cal-video-recordings.s3.us-east-2.amazonaws.com/acme/acme-intro-kd3DA7rLCEvG-1.mp4",
        },
        {
            "id": "7c1e5f20-88b4-4d6a-b1e3-5a9f0d4c2b02",
            "roomName": "acme-intro-kd3DA7rLCEvG",
            "startTs": 1700001800,
            "status": "finished",
            "maxParticipants": 2,
            "duration": 60,
            "shareToken": "share-acme-intro-2",
            "downloadLink": None,
            "error": "Recording is not available for download yet",
        },
    ]
    assert _ok(client.get(f"/v2/bookings/{RECORDED}/transcripts", headers=auth(BOB))) == [
        "https://cal-video-transcripts.s3.us-east-2.amazonaws.com/acme/acme-intro-kd3DA7rLCEvG.vtt"
    ]


def test_a_new_cal_video_booking_has_a_room_without_recordings_yet(client: TestClient) -> None:
    made = _create(
        client, _booker(8012, "2025-05-08T09:00:00.000Z", location={"type": "integration", "integration": "cal-video"})
    )
    vic = "cal_test_vic_key"
    references = _ok(client.get(f"/v2/bookings/{made['uid']}/references", headers=auth(vic)))
    assert [(r["type"], r["eventUid"]) for r in references] == [("daily_video", made["uid"])]
    assert _ok(client.get(f"/v2/bookings/{made['uid']}/recordings", headers=auth(vic))) == []
    assert _ok(client.get(f"/v2/bookings/{made['uid']}/transcripts", headers=auth(vic))) == []


@pytest.mark.parametrize("resource", ["recordings", "transcripts"])
def test_recordings_need_access_to_a_booking_with_a_cal_video_room(client: TestClient, resource: str) -> None:
    _refused(
        client.get(f"/v2/bookings/{RECORDED}/{resource}", headers=auth(NINA)),
        403,
        f"BookingPbacGuard - user with id=401 does not have access to booking with uid={RECORDED}",
    )
    _refused(
        client.get(f"/v2/bookings/nope/{resource}", headers=auth(ALICE)),
        403,
        "BookingPbacGuard - user with id=101 does not have access to booking with uid=nope",
    )
    _refused(
        client.get(f"/v2/bookings/{PAST_PLAIN}/{resource}", headers=auth(ALICE)),
        404,
        f"No Cal Video reference found with booking uid {PAST_PLAIN}",
    )
    response = client.get(f"/v2/bookings/{RECORDED}/{resource}", headers=V2)
    assert response.status_code == 403 and error_message(response).startswith("PermissionsGuard")


# ------------------------------------------------------------------------------ organization user list


@pytest.mark.parametrize(("key", "user_id"), [(CAROL, 103), (DAVE, 104), (HANK, 108), (BOB, 102)])
@pytest.mark.parametrize("query", ["", "status=upcoming", "take=2&skip=1", "sortStart=desc&status=past,cancelled"])
def test_the_organization_user_list_is_that_users_own_list(
    client: TestClient, key: str, user_id: int, query: str
) -> None:
    theirs = client.get(f"/v2/bookings?{query}", headers=auth(key))
    listed = client.get(f"/v2/organizations/1/users/{user_id}/bookings?{query}", headers=auth(ALICE))
    assert listed.status_code == 200 and theirs.status_code == 200
    assert [b["uid"] for b in listed.json()["data"]] == [b["uid"] for b in theirs.json()["data"]]
    assert listed.json()["pagination"] == theirs.json()["pagination"]


def test_the_organization_user_list_needs_an_org_admin_and_a_member(client: TestClient) -> None:
    _refused(
        client.get("/v2/organizations/1/users/104/bookings", headers=auth(CAROL)),
        403,
        "RolesGuard - user with id=103 does not have the minimum required role=ORG_ADMIN within organization "
        "with id=1.",
    )
    _refused(
        client.get("/v2/organizations/1/users/201/bookings", headers=auth(ALICE)),
        403,
        "IsUserInOrg - user with id=201 is not part of the organization with id=1.",
    )
    _refused(
        client.get("/v2/organizations/2/users/201/bookings", headers=auth(ALICE)),
        403,
        "RolesGuard - User is not a member of the organization with id=2.",
    )
    response = client.get("/v2/organizations/3/users/301/bookings", headers=auth(UMBRELLA_OWNER))
    assert response.status_code == 403 and error_message(response).startswith("IsAdminAPIEnabledGuard")
    assert client.get("/v2/organizations/1/users/104/bookings").status_code == 401


def test_the_organization_user_list_answers_every_api_version(client: TestClient) -> None:
    for version in ("2024-04-15", "2024-06-11", "2024-06-14", "2024-08-13", "2024-09-04"):
        headers = {"Authorization": f"Bearer {ALICE}", "cal-api-version": version}
        assert client.get("/v2/organizations/1/users/104/bookings", headers=headers).status_code == 200
