"""modules/slots/slots-2024-04-15/controllers/slots.controller.e2e-spec.ts, replayed against the mock.

The e2e user "bob" works Cal.com's default schedule (Monday to Friday 09:00-17:00) in Europe/Rome, with a
60-minute event type and a 60-minute seated one of 5 seats: here bob-slots (951) with 9501 and 9502 (the
username `bob` is Acme's). The e2e sends no `cal-api-version` (the 2024-04-15 default) and prefixes its paths
with `/api` (its test app's global prefix); the mock has no prefix. Where the e2e inserts a booking or a
seat straight into its database, the replay books it through `POST /v2/bookings`, which makes the same
booking; each e2e test's earlier state (the reservation, the booking it deletes afterwards) is rebuilt
inside the replay, since each test starts on fresh fixtures.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import V2

SOURCE = "modules/slots/slots-2024-04-15/controllers/slots.controller.e2e-spec.ts"
EVENT_TYPE, SEATED, SLUG, USERNAME = 9501, 9502, "peer-coding-slots", "bob-slots"
DAYS = ("2050-09-05", "2050-09-06", "2050-09-07", "2050-09-08", "2050-09-09")
RANGE = "startTime=2050-09-05&endTime=2050-09-10"

Json = dict[str, Any]


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def _starts(day: str) -> list[datetime]:
    """07:00Z to 14:00Z: 09:00 to 16:00 in Rome (summer time), hourly."""
    first = datetime.fromisoformat(f"{day}T07:00:00+00:00")
    return [first + timedelta(hours=n) for n in range(8)]


def _iso(moment: datetime, zone: str | None) -> str:
    if zone is None:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return moment.astimezone(ZoneInfo(zone)).isoformat(timespec="milliseconds")


def expected(zone: str | None = None, *, range_format: bool = False) -> Json:
    """The e2e's expectedSlotsUTC / Rome / UTCRange / RomeRange."""
    slots: Json = {}
    for day in DAYS:
        if range_format:
            slots[day] = [
                {"startTime": _iso(s, zone), "endTime": _iso(s + timedelta(hours=1), zone)} for s in _starts(day)
            ]
        else:
            slots[day] = [{"time": _iso(s, zone)} for s in _starts(day)]
    return {"slots": slots}


def available(client: TestClient, query: str, **kwargs: Any) -> Any:
    response = client.get(f"/v2/slots/available?{query}", **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


@e2e("should get slots in UTC by event type id")
def test_slots_in_utc_by_event_type_id(client: TestClient) -> None:
    assert available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}") == {"status": "success", "data": expected()}


@e2e("should get slots in specified time zone by event type id")
def test_slots_in_a_time_zone_by_event_type_id(client: TestClient) -> None:
    body = available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}&timeZone=Europe/Rome")
    assert body == {"status": "success", "data": expected("Europe/Rome")}


@e2e("should get slots in UTC by event type id in range format")
def test_slots_in_utc_in_range_format(client: TestClient) -> None:
    body = available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}&slotFormat=range")
    assert body == {"status": "success", "data": expected(range_format=True)}


@e2e("should get slots in specified time zone by event type id in range format")
def test_slots_in_a_time_zone_in_range_format(client: TestClient) -> None:
    body = available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}&timeZone=Europe/Rome&slotFormat=range")
    assert body == {"status": "success", "data": expected("Europe/Rome", range_format=True)}


@e2e("should get slots in UTC by event type slug")
def test_slots_in_utc_by_event_type_slug(client: TestClient) -> None:
    body = available(client, f"eventTypeSlug={SLUG}&usernameList[]={USERNAME}&{RANGE}")
    assert body == {"status": "success", "data": expected()}


@e2e("should get slots in specified time zone by event type slug")
def test_slots_in_a_time_zone_by_event_type_slug(client: TestClient) -> None:
    body = available(client, f"eventTypeSlug={SLUG}&usernameList[]={USERNAME}&{RANGE}&timeZone=Europe/Rome")
    assert body == {"status": "success", "data": expected("Europe/Rome")}


def _reserve(client: TestClient, start: str = "2050-09-05T10:00:00.000Z") -> str:
    response = client.post(
        "/v2/slots/reserve",
        json={"eventTypeId": EVENT_TYPE, "slotUtcStartDate": start, "slotUtcEndDate": "2050-09-05T11:00:00.000Z"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    uid = response.json()["data"]
    assert isinstance(uid, str) and uid
    client.cookies.clear()  # supertest sends no cookie back: the next request is someone else's
    return uid


def _without(day: str, time: str) -> Json:
    slots = expected()["slots"]
    return {"slots": {**slots, day: [slot for slot in slots[day] if slot["time"] != time]}}


@e2e("should reserve a slot and it should not appear in available slots")
def test_a_reserved_slot_is_not_offered(client: TestClient) -> None:
    _reserve(client)
    body = available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}")
    assert body["status"] == "success"
    assert len(body["data"]["slots"]) == 5
    assert body["data"] == _without("2050-09-05", "2050-09-05T10:00:00.000Z")


@e2e("should delete reserved slot")
def test_a_reserved_slot_is_deleted(client: TestClient) -> None:
    uid = _reserve(client)
    response = client.delete(f"/v2/slots/selected-slot?uid={uid}")
    assert response.status_code == 200
    # Not asserted by the e2e, which ends here: the slot is offered again.
    assert available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}")["data"] == expected()


def _book(client: TestClient, event_type: int, start: str) -> Json:
    body = {
        "start": start,
        "eventTypeId": event_type,
        "attendee": {"name": "tester", "email": "tester@example.com", "timeZone": "Europe/London"},
    }
    response = client.post("/v2/bookings", json=body, headers=V2)
    assert response.status_code == 201, response.text
    data: Json = response.json()["data"]
    return data


@e2e("should do a booking and slot should not be available at that time")
def test_a_booked_slot_is_not_offered(client: TestClient) -> None:
    _book(client, EVENT_TYPE, "2050-09-05T11:00:00.000Z")
    body = available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}")
    assert body["status"] == "success" and len(body["data"]["slots"]) == 5
    assert body["data"] == _without("2050-09-05", "2050-09-05T11:00:00.000Z")


@e2e("should do a booking for seated event and slot should show attendees count and bookingUid")
def test_a_seated_slot_shows_its_attendees_and_booking(client: TestClient) -> None:
    booking = _book(client, SEATED, "2050-09-05T11:00:00.000Z")
    body = available(client, f"eventTypeId={SEATED}&{RANGE}")
    assert body["status"] == "success" and len(body["data"]["slots"]) == 5
    first_day = [{"time": slot["time"]} for slot in expected()["slots"]["2050-09-05"]]
    first_day[4] = {"time": "2050-09-05T11:00:00.000Z", "attendees": 1, "bookingUid": booking["uid"]}
    assert body["data"] == {"slots": {**expected()["slots"], "2050-09-05": first_day}}


@e2e("should do a booking for seated event and slot should show attendees count and bookingUid in range format")
def test_a_seated_slot_shows_its_attendees_and_booking_in_range_format(client: TestClient) -> None:
    booking = _book(client, SEATED, "2050-09-05T11:00:00.000Z")
    body = available(client, f"eventTypeId={SEATED}&{RANGE}&slotFormat=range")
    assert body["status"] == "success" and len(body["data"]["slots"]) == 5
    ranged = expected(range_format=True)["slots"]
    first_day = list(ranged["2050-09-05"])
    first_day[4] = {**first_day[4], "attendees": 1, "bookingUid": booking["uid"]}
    assert body["data"] == {"slots": {**ranged, "2050-09-05": first_day}}


@e2e("should allow routingFormResponseId=0 in dry-run mode")
def test_routing_form_response_zero_in_a_dry_run(client: TestClient) -> None:
    query = f"{RANGE}&eventTypeId={EVENT_TYPE}&routingFormResponseId=0&_isDryRun=true"
    assert available(client, query)["status"] == "success"


def _refused(client: TestClient, query: str) -> str:
    response = client.get(f"/v2/slots/available?{RANGE}&eventTypeId={EVENT_TYPE}&{query}")
    assert response.status_code == 400, response.text
    constraint: str = response.json()["error"]["details"]["errors"][0]["constraints"]["routingFormResponseIdValidator"]
    return constraint


@e2e("should reject routingFormResponseId=1 in dry-run mode")
def test_routing_form_response_one_in_a_dry_run(client: TestClient) -> None:
    assert "routingFormResponseId must be 0 for dry run" in _refused(client, "routingFormResponseId=1&_isDryRun=true")


@e2e("should allow routingFormResponseId=1 in non-dry-run mode")
def test_routing_form_response_one(client: TestClient) -> None:
    assert available(client, f"{RANGE}&eventTypeId={EVENT_TYPE}&routingFormResponseId=1")["status"] == "success"


@e2e("should reject routingFormResponseId=0 in non-dry-run mode")
def test_routing_form_response_zero(client: TestClient) -> None:
    assert "routingFormResponseId must be a positive number" in _refused(client, "routingFormResponseId=0")


@e2e("should reject routingFormResponseId=-1 in non-dry-run mode")
def test_routing_form_response_negative(client: TestClient) -> None:
    assert "routingFormResponseId must be a positive number" in _refused(client, "routingFormResponseId=-1")


# ------------------------------------------------------------------ beyond the e2e: a reservation's life


def test_the_holder_still_sees_a_reserved_slot_and_it_is_released_after_five_minutes(client: TestClient) -> None:
    """The holder's `uid` cookie keeps their reservation visible to them; `releaseAt` is 5 minutes on the
    server's clock (`NEXT_PUBLIC_MINUTES_TO_BOOK`), after which everyone sees the slot again."""
    uid = _reserve(client)
    mine = available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}", headers={"Cookie": f"uid={uid}"})
    assert mine["data"] == expected()
    clock = client.put("/_mock/clock", json={"now": "2025-03-10T12:04:59Z", "frozen": True})
    assert clock.status_code == 200, clock.text
    assert available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}")["data"] == _without(
        "2050-09-05", "2050-09-05T10:00:00.000Z"
    )
    client.put("/_mock/clock", json={"now": "2025-03-10T12:05:00Z", "frozen": True})
    assert available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}")["data"] == expected()


def test_the_2024_09_04_slots_do_not_offer_a_reserved_slot(client: TestClient) -> None:
    _reserve(client)
    response = client.get(
        f"/v2/slots?eventTypeId={EVENT_TYPE}&start=2050-09-05&end=2050-09-05",
        headers={"cal-api-version": "2024-09-04"},
    )
    assert "2050-09-05T10:00:00.000Z" not in [slot["start"] for slot in response.json()["data"]["2050-09-05"]]
    assert len(response.json()["data"]["2050-09-05"]) == 7


def test_booking_with_a_later_reservation_of_a_held_slot_is_a_conflict(client: TestClient) -> None:
    """`createBookingWithReservedSlot`: the earliest reservation that holds the slot must be the booker's."""
    first = _reserve(client)
    second = _reserve(client)
    body = {
        "start": "2050-09-05T10:00:00.000Z",
        "eventTypeId": EVENT_TYPE,
        "attendee": {"name": "Late", "email": "late@example.com", "timeZone": "Europe/Rome"},
    }
    late = client.post("/v2/bookings", json={**body, "reservedSlotUid": second}, headers=V2)
    assert late.status_code == 409, late.text
    assert late.json()["error"]["message"] == (
        "Someone else reserved this booking time slot before you. This time slot will be freed up in 300 seconds."
    )
    made = client.post("/v2/bookings", json={**body, "reservedSlotUid": first}, headers=V2)
    assert made.status_code == 201, made.text
    # The holder's reservation is gone with the booking; the later one is left to expire.
    assert available(client, f"eventTypeId={EVENT_TYPE}&{RANGE}", headers={"Cookie": f"uid={first}"})[
        "data"
    ] == _without("2050-09-05", "2050-09-05T10:00:00.000Z")


def test_reservations_live_in_the_state(client: TestClient) -> None:
    uid = _reserve(client)
    state = client.get("/_mock/state").json()
    assert [r["uid"] for r in state["reservations"]] == [uid]
