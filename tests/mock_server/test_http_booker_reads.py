"""The reads a booking page needs, over HTTP: event types, free slots, /v2/me (every answer is checked
against the spec by the conforming client). The clock is frozen on Monday 2025-03-10 12:00 UTC."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.mock_server.conftest import auth

ET = {"cal-api-version": "2024-06-14"}
SLOTS = {"cal-api-version": "2024-09-04"}
ALICE = "cal_test_acme_owner_key"


def _event_types(client: TestClient, key: str, **query: Any) -> Any:
    return client.get("/v2/event-types", params=query, headers={**ET, "Authorization": f"Bearer {key}"})


def _slots(client: TestClient, **query: Any) -> dict[str, list[dict[str, Any]]]:
    response = client.get("/v2/slots", params=query, headers=SLOTS)
    assert response.status_code == 200, response.text
    data: dict[str, list[dict[str, Any]]] = response.json()["data"]
    return data


def _starts(days: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [slot["start"] for slots in days.values() for slot in slots]


def _book(client: TestClient, event_type_id: int, start: str, email: str = "booker@example.com") -> dict[str, Any]:
    body = {
        "start": start,
        "eventTypeId": event_type_id,
        "attendee": {"name": "Booker", "email": email, "timeZone": "UTC"},
    }
    response = client.post("/v2/bookings", json=body, headers=auth(ALICE))
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


# ----------------------------------------------------------------------------------- event types


def test_the_caller_lists_their_own_event_types_without_team_ones(client: TestClient) -> None:
    response = _event_types(client, ALICE)
    assert response.status_code == 200
    assert [e["id"] for e in response.json()["data"]] == [1001, 1005]


def test_the_list_hides_hidden_booking_fields_and_the_get_shows_them(client: TestClient) -> None:
    listed = _event_types(client, ALICE).json()["data"][0]["bookingFields"]
    got = client.get("/v2/event-types/1001", headers={**ET, "Authorization": f"Bearer {ALICE}"}).json()["data"]
    assert not [field for field in listed if field.get("hidden")]
    assert {"title", "attendeePhoneNumber"} <= {field["slug"] for field in got["bookingFields"] if field.get("hidden")}


def test_event_types_of_a_username_and_one_by_slug(client: TestClient) -> None:
    assert [e["id"] for e in _event_types(client, ALICE, username="nina").json()["data"]] == [4001, 4002]
    one = _event_types(client, ALICE, username="alice", eventSlug="intro-call", orgSlug="acme", orgId=1)
    assert [e["slug"] for e in one.json()["data"]] == ["intro-call"]


@pytest.mark.parametrize(
    "query",
    [{"username": "nobody"}, {"username": "alice", "eventSlug": "nope"}, {"username": "alice", "orgSlug": "globex"}],
)
def test_no_event_type_found_is_the_real_404(client: TestClient, query: dict[str, str]) -> None:
    response = _event_types(client, ALICE, **query)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Event types not found"


def test_an_event_type_reads_with_the_real_fields(client: TestClient) -> None:
    response = client.get("/v2/event-types/1003", headers={**ET, "Authorization": "Bearer cal_test_acme_member_key"})
    assert response.status_code == 200
    workshop = response.json()["data"]
    assert workshop["ownerId"] == 104 and workshop["lengthInMinutes"] == 60
    assert workshop["locations"] == [{"type": "address", "address": "Acme HQ, Room 4", "public": True}]
    assert workshop["seats"] == {"seatsPerTimeSlot": 3, "showAttendeeInfo": False, "showAvailabilityCount": True}
    assert workshop["minimumBookingNotice"] == 120
    assert [user["username"] for user in workshop["users"]] == ["dave"]
    assert {field["slug"] for field in workshop["bookingFields"]} >= {"name", "email"}


def test_recurrence_confirmation_and_length_options_read_back(client: TestClient) -> None:
    nina = {**ET, "Authorization": "Bearer cal_test_solo_key"}
    mentoring = client.get("/v2/event-types/4002", headers=nina).json()["data"]
    assert mentoring["recurrence"] == {"frequency": "weekly", "interval": 2, "occurrences": 4}
    assert mentoring["confirmationPolicy"] == {"type": "always", "blockUnconfirmedBookingsInBooker": False}
    frank = {**ET, "Authorization": "Bearer cal_test_acme_member2_key"}
    assert client.get("/v2/event-types/1006", headers=frank).json()["data"]["lengthInMinutesOptions"] == [15, 30, 45]


@pytest.mark.parametrize("event_type_id", [1002, 1101, 999999])
def test_another_users_or_a_teams_event_type_is_not_found(client: TestClient, event_type_id: int) -> None:
    response = client.get(f"/v2/event-types/{event_type_id}", headers={**ET, "Authorization": f"Bearer {ALICE}"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"Event type with id {event_type_id} not found"


def test_event_types_need_a_key(client: TestClient) -> None:
    assert client.get("/v2/event-types", headers=ET).status_code == 401
    assert client.get("/v2/event-types/1001", headers=ET).status_code == 403  # PermissionsGuard runs first
    assert client.get("/v2/event-types", headers={**ET, "Authorization": "Bearer cal_nope"}).status_code == 401


def test_event_types_have_no_2024_08_13_controller(client: TestClient) -> None:
    response = client.get("/v2/event-types", headers=auth(ALICE))  # the bookings version
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Cannot GET /v2/event-types"


# ------------------------------------------------------------------------------------------- me


def test_me_is_the_user_behind_the_key(client: TestClient) -> None:
    alice = client.get("/v2/me", headers={"Authorization": f"Bearer {ALICE}"}).json()["data"]
    assert alice["username"] == "alice" and alice["timeZone"] == "Europe/London"
    assert alice["organizationId"] == 1 and alice["organization"] == {"id": 1, "isPlatform": False}
    nina = client.get("/v2/me", headers={"Authorization": "Bearer cal_test_solo_key"}).json()["data"]
    assert nina["organizationId"] is None and "organization" not in nina


def test_me_needs_a_valid_key(client: TestClient) -> None:
    assert client.get("/v2/me").status_code == 401
    assert client.get("/v2/me", headers={"Authorization": "Bearer cal_test_acme_expired_key"}).status_code == 401


# ---------------------------------------------------------------------------------------- slots


def test_slots_follow_working_hours_and_the_minimum_notice(client: TestClient) -> None:
    days = _slots(client, eventTypeId=1001, start="2025-03-10", end="2025-03-16")
    assert list(days) == ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"]  # not the weekend
    assert days["2025-03-10"][0] == {"start": "2025-03-10T14:00:00.000Z"}  # now 12:00 + 120 minutes of notice
    assert days["2025-03-11"][0]["start"] == "2025-03-11T09:00:00.000Z"  # London works 09:00-17:00
    assert days["2025-03-11"][-1]["start"] == "2025-03-11T16:30:00.000Z"
    assert len(days["2025-03-11"]) == 16


def test_a_seeded_booking_takes_its_slot(client: TestClient) -> None:
    # Alice's booking 2 (intro call, day 3 at 14:00) blocks that slot and no other.
    starts = _starts(_slots(client, eventTypeId=1001, start="2025-03-13", end="2025-03-13"))
    assert "2025-03-13T14:00:00.000Z" not in starts
    assert {"2025-03-13T13:30:00.000Z", "2025-03-13T14:30:00.000Z"} <= set(starts)


def test_a_booking_being_rescheduled_frees_its_own_slot(client: TestClient) -> None:
    starts = _starts(
        _slots(
            client,
            eventTypeId=1001,
            start="2025-03-13",
            end="2025-03-13",
            bookingUidToReschedule="awSwmVI4wxFymMjsrh5AU3",
        )
    )
    assert "2025-03-13T14:00:00.000Z" in starts


def test_booking_removes_the_slot_and_cancelling_brings_it_back(client: TestClient) -> None:
    query = {"eventTypeId": 4001, "start": "2025-03-18", "end": "2025-03-18"}
    first = _slots(client, **query)["2025-03-18"][0]["start"]
    booking = _book(client, 4001, first)
    assert first not in _starts(_slots(client, **query))
    cancel = client.post(f"/v2/bookings/{booking['uid']}/cancel", json={}, headers=auth(ALICE))
    assert cancel.status_code == 200
    assert first in _starts(_slots(client, **query))


def test_seats_are_counted_until_the_slot_is_full(client: TestClient) -> None:
    query = {"eventTypeId": 1003, "start": "2025-03-18T08:00:00Z", "end": "2025-03-18T09:00:00Z"}
    (slot,) = _slots(client, **query)["2025-03-18"]
    assert slot == {"start": "2025-03-18T08:00:00.000Z", "seatsBooked": 0, "seatsRemaining": 3, "seatsTotal": 3}
    seats = [_book(client, 1003, slot["start"], f"seat{n}@example.com") for n in range(2)]
    (slot,) = _slots(client, **query)["2025-03-18"]
    assert (slot["seatsBooked"], slot["seatsRemaining"], slot["bookingUid"]) == (2, 1, seats[0]["uid"])
    last = _book(client, 1003, slot["start"], "seat2@example.com")
    assert _slots(client, **query) == {}
    cancel = client.post(f"/v2/bookings/{last['uid']}/cancel", json={"seatUid": last["seatUid"]}, headers=auth(ALICE))
    assert cancel.status_code == 200, cancel.text
    assert _slots(client, **query)["2025-03-18"][0]["seatsRemaining"] == 1


def test_time_zone_and_range_format(client: TestClient) -> None:
    days = _slots(
        client,
        eventTypeId=1001,
        start="2025-03-11T09:00:00Z",
        end="2025-03-11T10:00:00Z",
        timeZone="Europe/Berlin",
        format="range",
    )
    assert days == {
        "2025-03-11": [
            {"start": "2025-03-11T10:00:00.000+01:00", "end": "2025-03-11T10:30:00.000+01:00"},
            {"start": "2025-03-11T10:30:00.000+01:00", "end": "2025-03-11T11:00:00.000+01:00"},
        ]
    }


def test_a_length_option_sets_the_slot_length(client: TestClient) -> None:
    query = {"eventTypeId": 1006, "start": "2025-03-11", "end": "2025-03-11", "format": "range"}
    # Frank lives in Chicago but his schedule is in London (`scheduleTimeZone`): 09:00-17:00 UTC in March.
    first = _slots(client, **query, duration=45)["2025-03-11"][0]
    assert (first["start"], first["end"]) == ("2025-03-11T09:00:00.000Z", "2025-03-11T09:45:00.000Z")
    assert _slots(client, **query, duration=50)["2025-03-11"][0]["end"] == "2025-03-11T09:30:00.000Z"


def test_a_collective_team_event_needs_every_host(client: TestClient) -> None:
    # Support (Dave in Berlin, Erin in Paris) share their hours, 08:00-16:00 UTC; Sales (Carol, whose schedule
    # is in London, 09:00-17:00 UTC, and Dave) meet from 09:00 to 16:00 UTC only.
    support = _slots(
        client,
        eventTypeSlug="support-session",
        teamSlug="support",
        organizationSlug="acme",
        start="2025-03-11",
        end="2025-03-11",
    )
    assert support["2025-03-11"][0]["start"] == "2025-03-11T08:00:00.000Z"
    sales = _starts(_slots(client, eventTypeId=1101, start="2025-03-11", end="2025-03-11"))
    assert sales[0] == "2025-03-11T09:00:00.000Z" and sales[-1] == "2025-03-11T15:00:00.000Z"  # 45 minutes each


def test_a_round_robin_slot_needs_the_fixed_host_and_one_other(client: TestClient) -> None:
    # Exports round robin: Kramer (Rome, fixed) and George (a New Yorker whose schedule the e2e creates in
    # Rome): both 08:00-16:00 UTC. Booking Kramer's 08:00 elsewhere takes it from the round robin too.
    days = _slots(client, eventTypeId=7202, start="2025-03-11", end="2025-03-11")
    assert _starts(days)[0] == "2025-03-11T08:00:00.000Z" and len(_starts(days)) == 8
    _book(client, 7201, "2025-03-11T08:00:00.000Z")  # exports collective: Kramer and George
    assert _starts(_slots(client, eventTypeId=7202, start="2025-03-11", end="2025-03-11"))[0] == (
        "2025-03-11T09:00:00.000Z"
    )
    # Latex round robin has only Jerry (Rome), so his hours alone; booking one of them takes it.
    query = {"eventTypeId": 7302, "start": "2025-03-11", "end": "2025-03-11"}
    free = _starts(_slots(client, **query))
    assert free[0] == "2025-03-11T08:00:00.000Z" and len(free) == 8
    _book(client, 7302, free[0])
    assert _starts(_slots(client, **query)) == free[1:]


def test_slots_by_username_and_slug(client: TestClient) -> None:
    by_slug = _slots(client, eventTypeSlug="coffee-chat", username="nina", start="2025-03-11", end="2025-03-11")
    assert by_slug == _slots(client, eventTypeId=4001, start="2025-03-11", end="2025-03-11")


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"eventTypeId": 999999}, 404, "Event Type not found"),
        ({"eventTypeSlug": "intro-call", "username": "nobody"}, 404, "User with username nobody not found"),
        ({"eventTypeSlug": "x", "teamSlug": "nope"}, 404, "Team with slug nope not found"),
        (
            {"eventTypeSlug": "x", "username": "alice", "organizationSlug": "nope"},
            404,
            "slots-input.service.ts: Organization with slug nope not found",
        ),
        ({"eventTypeId": 1001, "timeZone": "Mars/Olympus"}, 400, "timeZone property is wrong"),
        ({"eventTypeId": 1001, "start": "2025-03-12", "end": "2025-03-11"}, 400, "Invalid time range given"),
        ({"eventTypeId": 1001, "start": "soon"}, 400, "start property is wrong"),
        ({}, 400, "usernames property is wrong"),
    ],
)
def test_slots_refusals(client: TestClient, query: dict[str, Any], status: int, message: str) -> None:
    response = client.get("/v2/slots", params={"start": "2025-03-11", "end": "2025-03-12", **query}, headers=SLOTS)
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"].startswith(message)


def test_a_huge_range_is_clamped_to_a_year(client: TestClient) -> None:
    days = _slots(client, eventTypeId=1001, start="0001-01-01", end="8999-12-31")
    assert min(days) == "2025-03-10" and max(days) < "2026-03-12"
