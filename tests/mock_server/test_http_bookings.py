"""v2 bookings over HTTP: the issue's walk, and each operation's success and error answers."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.mock_server.conftest import NOW, V2, auth

OWNER = "cal_test_acme_owner_key"  # alice, Acme org owner, hosts event types 1001/1002
MEMBER = "cal_test_acme_member_key"  # dave, Acme member, hosts the seated event type 1003
GLOBEX_OWNER = "cal_test_globex_owner_key"
SEATED_FULL_UID = "TYnL6GynjVNELdbv2IGtnB"
SEATED_OPEN_UID = "F9Sa5mL54BUf7WOy6UYuCe"
SERIES_FIRST_UPCOMING_UID = "nsEhumaSnDeKimcH286d8q"


def create(
    client: TestClient,
    *,
    event_type_id: int = 1001,
    days: int = 30,
    hour: int = 9,
    email: str = "walk@example.com",
    key: str | None = None,
    **extra: Any,
) -> Any:
    body = {
        "start": f"2025-{3 + days // 28:02d}-{1 + days % 28:02d}T{hour:02d}:00:00Z",
        "eventTypeId": event_type_id,
        "attendee": {"name": "Walk Tester", "email": email, "timeZone": "Europe/Rome"},
        **extra,
    }
    headers = auth(key) if key else V2
    return client.post("/v2/bookings", json=body, headers=headers)


def test_walk_create_list_cancel_get_and_read_through_v1(client: TestClient) -> None:
    created = create(client)
    assert created.status_code == 201, created.text
    booking = created.json()["data"]
    assert booking["status"] == "accepted"

    listed = client.get("/v2/bookings", params={"attendeeEmail": "walk@example.com"}, headers=auth(OWNER))
    assert [b["uid"] for b in listed.json()["data"]] == [booking["uid"]]

    cancelled = client.post(
        f"/v2/bookings/{booking['uid']}/cancel",
        json={"cancellationReason": "Travel"},
        headers={"cal-api-version": "2026-02-25"},
    )
    assert cancelled.status_code == 200, cancelled.text

    read = client.get(f"/v2/bookings/{booking['uid']}", headers=V2).json()["data"]
    assert (read["status"], read["cancellationReason"]) == ("cancelled", "Travel")

    v1 = client.get(f"/v1/bookings/{booking['id']}", params={"apiKey": OWNER}).json()["booking"]
    assert (v1["status"], v1["uid"], v1["cancellationReason"]) == ("CANCELLED", booking["uid"], "Travel")


def test_walk_pending_booking_is_declined(client: TestClient) -> None:
    pending = create(client, event_type_id=1002).json()["data"]
    assert pending["status"] == "pending"
    declined = client.post(f"/v2/bookings/{pending['uid']}/decline", json={"reason": "Busy"}, headers=auth(OWNER))
    assert declined.json()["data"]["status"] == "rejected"
    assert client.get(f"/v2/bookings/{pending['uid']}", headers=V2).json()["data"]["status"] == "rejected"


def test_walk_report_by_domain_cancels_both_bookings_of_the_domain(client: TestClient) -> None:
    first = create(client, email="mallory@spamcorp.io", days=31).json()["data"]
    second = create(client, email="eve@spamcorp.io", days=34).json()["data"]
    report = client.post(
        "/v2/organizations/1/bookings/report",
        headers=auth(OWNER),
        json={"bookingUid": first["uid"], "reason": "SPAM", "reportType": "DOMAIN"},
    )
    assert report.status_code == 200, report.text
    assert report.json()["data"] == {
        "success": True,
        "message": "Booking reported and cancelled successfully",
        "bookingUid": first["uid"],
        "reportedCount": 1,
        "cancelledCount": 2,
    }
    for uid in (first["uid"], second["uid"]):
        assert client.get(f"/v2/bookings/{uid}", headers=V2).json()["data"]["status"] == "cancelled"


def test_walk_team_admin_sees_only_the_team_and_another_org_admin_is_refused(client: TestClient) -> None:
    team = client.get("/v2/organizations/1/teams/11/bookings", headers=auth("cal_test_acme_team_admin_key"))
    assert team.status_code == 200
    assert team.json()["data"], "team 11 has bookings in the fixtures"
    assert {b["eventTypeId"] for b in team.json()["data"]} <= {1101}
    foreign = client.get("/v2/organizations/1/teams/11/bookings", headers=auth(GLOBEX_OWNER))
    assert foreign.status_code == 403


def test_create_in_the_past_is_refused(client: TestClient) -> None:
    response = client.post(
        "/v2/bookings",
        headers=V2,
        json={
            "start": "2025-03-01T09:00:00Z",
            "eventTypeId": 1001,
            "attendee": {"name": "Late", "email": "late@example.com", "timeZone": "UTC"},
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Attempting to book a meeting in the past."


def test_create_in_a_taken_slot_is_refused_with_the_real_message(client: TestClient) -> None:
    assert create(client).status_code == 201
    again = create(client, email="other@example.com")
    assert again.status_code == 400
    assert again.json()["error"]["message"] == "User either already has booking at this time or is not available"


def test_create_needs_an_email_or_phone(client: TestClient) -> None:
    response = client.post(
        "/v2/bookings",
        headers=V2,
        json={"start": "2025-04-01T09:00:00Z", "eventTypeId": 1001, "attendee": {"name": "Nobody", "timeZone": "UTC"}},
    )
    assert response.status_code == 400
    assert "at least one contact method" in response.json()["error"]["message"]


def test_create_by_slug_and_username(client: TestClient) -> None:
    response = client.post(
        "/v2/bookings",
        headers=V2,
        json={
            "start": "2025-04-02T09:00:00Z",
            "eventTypeSlug": "intro-call",
            "username": "alice",
            "attendee": {"name": "Slug", "email": "slug@example.com", "timeZone": "UTC"},
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["data"]["eventType"] == {"id": 1001, "slug": "intro-call"}
    unknown = client.post(
        "/v2/bookings",
        headers=V2,
        json={
            "start": "2025-04-02T10:00:00Z",
            "eventTypeSlug": "intro-call",
            "username": "nobody",
            "attendee": {"name": "Slug", "email": "slug@example.com", "timeZone": "UTC"},
        },
    )
    assert unknown.status_code == 404


def test_create_recurring_returns_every_occurrence_sharing_a_series_uid(client: TestClient) -> None:
    response = create(client, event_type_id=1004, days=38, recurrenceCount=3)
    assert response.status_code == 201, response.text
    occurrences = response.json()["data"]
    assert isinstance(occurrences, list) and len(occurrences) == 3
    assert len({o["recurringBookingUid"] for o in occurrences}) == 1
    series = client.get(f"/v2/bookings/{occurrences[0]['recurringBookingUid']}", headers=V2).json()["data"]
    assert sorted(o["uid"] for o in series) == sorted(o["uid"] for o in occurrences)


def test_seated_booking_joins_the_seat_booking_and_refuses_when_full(client: TestClient) -> None:
    joined = client.get(f"/v2/bookings/{SEATED_OPEN_UID}", headers=V2).json()["data"]
    response = client.post(
        "/v2/bookings",
        headers=V2,
        json={
            "start": joined["start"],
            "eventTypeId": 1003,
            "attendee": {"name": "Seat", "email": "seat@example.com", "timeZone": "UTC"},
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["data"]["uid"] == SEATED_OPEN_UID and response.json()["data"]["seatUid"]
    full = client.get(f"/v2/bookings/{SEATED_FULL_UID}", headers=V2).json()["data"]
    refused = client.post(
        "/v2/bookings",
        headers=V2,
        json={
            "start": full["start"],
            "eventTypeId": 1003,
            "attendee": {"name": "Late", "email": "late@example.com", "timeZone": "UTC"},
        },
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == "No more seats left at this seated booking."


def test_cancelling_one_seat_keeps_the_booking(client: TestClient) -> None:
    before = client.get(f"/v2/bookings/{SEATED_FULL_UID}", headers=V2).json()["data"]
    seat = before["attendees"][0]["seatUid"]
    response = client.post(f"/v2/bookings/{SEATED_FULL_UID}/cancel", json={"seatUid": seat}, headers=V2)
    assert response.status_code == 200, response.text
    after = client.get(f"/v2/bookings/{SEATED_FULL_UID}", headers=V2).json()["data"]
    assert after["status"] == "accepted"
    assert len(after["attendees"]) == len(before["attendees"]) - 1


def test_second_cancel_is_refused(client: TestClient) -> None:
    uid = create(client).json()["data"]["uid"]
    assert client.post(f"/v2/bookings/{uid}/cancel", json={}, headers=V2).status_code == 200
    again = client.post(f"/v2/bookings/{uid}/cancel", json={}, headers=V2)
    assert again.status_code == 400
    assert "has been cancelled already" in again.json()["error"]["message"]


def test_cancel_refuses_unknown_body_fields(client: TestClient) -> None:
    uid = create(client).json()["data"]["uid"]
    assert client.post(f"/v2/bookings/{uid}/cancel", json={"why": "x"}, headers=V2).status_code == 400


def test_cancel_subsequent_occurrences(client: TestClient) -> None:
    response = client.post(
        f"/v2/bookings/{SERIES_FIRST_UPCOMING_UID}/cancel",
        json={"cancelSubsequentBookings": True, "cancellationReason": "Done"},
        headers=V2,
    )
    assert response.status_code == 200, response.text
    series = response.json()["data"]
    later = [
        o for o in series if o["start"] >= next(s["start"] for s in series if s["uid"] == SERIES_FIRST_UPCOMING_UID)
    ]
    assert later and all(o["status"] == "cancelled" for o in later)
    assert any(o["status"] == "accepted" for o in series), "earlier occurrences stay"


def test_unknown_booking_is_404_in_the_envelope(client: TestClient) -> None:
    response = client.get("/v2/bookings/doesNotExist123", headers=V2)
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "NotFoundException",
        "message": "Booking with uid=doesNotExist123 was not found in the database",
        "details": {
            "message": "Booking with uid=doesNotExist123 was not found in the database",
            "error": "Not Found",
            "statusCode": 404,
        },
    }


def test_confirm_accepts_a_pending_booking_and_refuses_an_accepted_one(client: TestClient) -> None:
    uid = create(client, event_type_id=1002).json()["data"]["uid"]
    confirmed = client.post(f"/v2/bookings/{uid}/confirm", headers=auth(OWNER))
    assert confirmed.json()["data"]["status"] == "accepted"
    again = client.post(f"/v2/bookings/{uid}/confirm", headers=auth(OWNER))
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "TRPCError"


def test_decline_without_a_key_is_403_and_with_a_bad_key_401(client: TestClient) -> None:
    uid = create(client, event_type_id=1002).json()["data"]["uid"]
    assert client.post(f"/v2/bookings/{uid}/decline", json={}, headers=V2).status_code == 403
    assert client.post(f"/v2/bookings/{uid}/decline", json={}, headers=auth("cal_nope")).status_code == 401


def test_decline_by_someone_without_rights_is_401(client: TestClient) -> None:
    uid = create(client, event_type_id=1002).json()["data"]["uid"]
    response = client.post(f"/v2/bookings/{uid}/decline", json={}, headers=auth(GLOBEX_OWNER))
    assert response.status_code == 401


def test_reschedule_links_both_ways_and_cancels_the_old_booking(client: TestClient) -> None:
    old = create(client).json()["data"]
    response = client.post(
        f"/v2/bookings/{old['uid']}/reschedule",
        headers=V2,
        json={"start": "2025-04-22T10:00:00Z", "reschedulingReason": "Clash"},
    )
    assert response.status_code == 201, response.text
    new = response.json()["data"]
    assert new["rescheduledFromUid"] == old["uid"]
    old_now = client.get(f"/v2/bookings/{old['uid']}", headers=V2).json()["data"]
    assert (old_now["status"], old_now["rescheduledToUid"]) == ("cancelled", new["uid"])
    again = client.post(f"/v2/bookings/{old['uid']}/reschedule", headers=V2, json={"start": "2025-04-21T10:00:00Z"})
    assert again.status_code == 400
    assert "rescheduled already" in again.json()["error"]["message"]


def test_mark_absent_only_after_start_and_reads_back(client: TestClient) -> None:
    upcoming = create(client).json()["data"]
    early = client.post(f"/v2/bookings/{upcoming['uid']}/mark-absent", json={"host": True}, headers=auth(OWNER))
    assert early.status_code == 400
    assert "only be marked as absent after" in early.json()["error"]["message"]
    past_uid = "9vwL4ryBmVWrnRPzGEotZc"
    attendee = client.get(f"/v2/bookings/{past_uid}", headers=V2).json()["data"]["attendees"][0]["email"]
    marked = client.post(
        f"/v2/bookings/{past_uid}/mark-absent",
        headers=auth(OWNER),
        json={"host": True, "attendees": [{"email": attendee, "absent": True}]},
    )
    assert marked.status_code == 200, marked.text
    read = client.get(f"/v2/bookings/{past_uid}", headers=V2).json()["data"]
    assert read["absentHost"] is True and read["attendees"][0]["absent"] is True


def test_mark_absent_of_attendees_by_an_outsider_is_403(client: TestClient) -> None:
    past_uid = "9vwL4ryBmVWrnRPzGEotZc"
    response = client.post(
        f"/v2/bookings/{past_uid}/mark-absent",
        headers=auth(GLOBEX_OWNER),
        json={"attendees": [{"email": "x@example.com", "absent": True}]},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "soon"}, "is not one of"),
        ({"take": 0}, None),
        ({"take": 251}, None),
        ({"skip": -1}, None),
        ({"afterStart": "yesterday"}, None),
    ],
)
def test_list_refuses_bad_parameters(client: TestClient, params: dict[str, Any], message: str | None) -> None:
    response = client.get("/v2/bookings", params=params, headers=auth(OWNER))
    assert response.status_code == 400
    if message:
        assert message in response.json()["error"]["message"]


def test_unknown_query_parameters_are_dropped_as_the_real_validation_pipe_does(client: TestClient) -> None:
    plain = client.get("/v2/bookings", headers=auth(OWNER)).json()["data"]
    extra = client.get("/v2/bookings", params={"unknownFilter": "x", "teamIds": "12"}, headers=auth(OWNER))
    assert extra.status_code == 200 and extra.json()["data"] == plain


def test_list_pagination_follows_the_reference_arithmetic(client: TestClient) -> None:
    everything = client.get("/v2/bookings", params={"take": 250}, headers=auth(OWNER)).json()
    total = everything["pagination"]["totalItems"]
    page = client.get("/v2/bookings", params={"take": 5, "skip": 5}, headers=auth(OWNER)).json()
    assert page["pagination"] == {
        "totalItems": total,
        "remainingItems": max(0, total - 10),
        "returnedItems": min(5, max(0, total - 5)),
        "itemsPerPage": 5,
        "currentPage": 2,
        "totalPages": -(-total // 5),
        "hasNextPage": 10 < total,
        "hasPreviousPage": True,
    }
    assert [b["uid"] for b in page["data"]] == [b["uid"] for b in everything["data"][5:10]]


def test_list_sorts_by_the_first_sort_key_only(client: TestClient) -> None:
    data = client.get("/v2/bookings", params={"sortEnd": "desc", "sortCreated": "asc"}, headers=auth(OWNER)).json()[
        "data"
    ]
    ends = [b["end"] for b in data]
    assert ends == sorted(ends, reverse=True)


def test_list_status_filters_relative_to_the_clock(client: TestClient) -> None:
    now = NOW.isoformat().replace("+00:00", "")
    past = client.get("/v2/bookings", params={"status": "past"}, headers=auth(OWNER)).json()["data"]
    assert past and all(b["end"][:19] <= now[:19] and b["status"] not in ("cancelled", "rejected") for b in past)
    cancelled = client.get("/v2/bookings", params={"status": "cancelled,unconfirmed"}, headers=auth(OWNER)).json()[
        "data"
    ]
    assert {b["status"] for b in cancelled} <= {"cancelled", "rejected", "pending"}


def test_a_round_robin_reschedule_keeps_its_co_host_among_the_attendees(client: TestClient) -> None:
    # 7202 always goes to fixed host 701 and the only other host, 702, who attends as a co-host.
    old = create(client, event_type_id=7202).json()["data"]
    response = client.post(f"/v2/bookings/{old['uid']}/reschedule", headers=V2, json={"start": "2025-04-22T10:00:00Z"})
    assert response.status_code == 201, response.text
    new = response.json()["data"]
    assert [a["email"] for a in new["attendees"]] == [a["email"] for a in old["attendees"]]
    assert len(old["attendees"]) == 2


@pytest.mark.parametrize("naive", ["2025-04-03T09:00:00", "2025-04-03T09:00:00.000"])
def test_a_start_without_an_offset_is_read_as_utc_as_the_real_service_reads_it(client: TestClient, naive: str) -> None:
    """The real DTO's `@IsDateString()` accepts an ISO 8601 date-time without an offset, and the service reads
    it with `DateTime.fromISO(start, { zone: "utc" })`: a client that forgets the `Z` books that time in UTC."""
    created = client.post(
        "/v2/bookings",
        json={"start": naive, "eventTypeId": 1001, "attendee": {"name": "N", "email": "n@x.co", "timeZone": "UTC"}},
        headers=V2,
    )
    assert created.status_code == 201, created.text
    assert created.json()["data"]["start"] == "2025-04-03T09:00:00.000Z"
    moved = client.post(
        f"/v2/bookings/{created.json()['data']['uid']}/reschedule", json={"start": "2025-04-03T10:00:00"}, headers=V2
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["data"]["start"] == "2025-04-03T10:00:00.000Z"


def test_a_start_that_is_no_date_names_start_in_the_real_message(client: TestClient) -> None:
    refused = client.post(
        "/v2/bookings",
        json={
            "start": "next tuesday",
            "eventTypeId": 1001,
            "attendee": {"name": "N", "email": "n@x.co", "timeZone": "UTC"},
        },
        headers=V2,
    )
    assert refused.status_code == 400
    assert "start must be a valid ISO 8601 date string" in refused.json()["error"]["message"]
