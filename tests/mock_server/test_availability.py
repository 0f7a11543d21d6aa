"""Availability on create is the real server's, and `/v2/slots` offers only what a create accepts.

The real create (`handleNewBooking`) refuses a start in the past ("Attempting to book a meeting in the past."),
one inside the minimum booking notice (`booking_time_out_of_bounds_error`, worded by 2024-08-13's
`handleBookingError`), and one where a host does not work or is busy (`no_available_users_found_error`: "User
either already has booking ..." / "One of the hosts ..."). It has no slot grid: an off-grid start inside the
hours is accepted. The property: over random event types, days and time zones, every slot `/v2/slots` offers
can be booked, and a start outside a host's working hours (computed here from the hosts' schedule zones,
independently of the mock) is refused with the real message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mock_server.domain import availability
from mock_server.domain.clock import Clock
from tests.mock_client import NOW, V2, conforming_client

USER = "User either already has booking at this time or is not available"
TEAM = "One of the hosts either already has booking at this time or is not available"
NOTICE = (
    "The event type can't be booked at the \"start\" time provided. This could be because it's too soon "
    "(violating the minimum booking notice) or too far in the future (outside the event's scheduling window). "
    'Try fetching available slots first using the GET /v2/slots endpoint and then make a booking with "start" '
    "time equal to one of the available slots: https://cal.com/docs/api-reference/v2/slots"
)

# Not seated (a start may join a booking), not recurring (one start books a series): one start, one booking.
# Personal event types in several host zones, and collective team event types (every host must work).
EVENT_TYPES = {
    1001: ("Europe/London",),
    1002: ("Europe/London",),  # carol: her schedule is in London, she lives in Los Angeles
    1006: ("Europe/London",),
    2001: ("Europe/London",),
    2002: ("Europe/Sofia",),
    4001: ("Europe/Ljubljana",),
    7701: ("Europe/Rome",),  # newman: a New Yorker with a Rome schedule, as the e2e makes him
    1101: ("Europe/London", "Europe/Berlin"),
    1102: ("Europe/Berlin", "Europe/Paris"),
    2101: ("Europe/Sofia", "Asia/Singapore"),
    7201: ("Europe/Rome", "Europe/Rome"),
}
ZONES = ("UTC", "Europe/Rome", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Auckland", "America/Sao_Paulo")


@pytest.fixture(scope="module")
def mock() -> TestClient:
    return conforming_client(Clock(frozen_at=NOW))


def _works(start: datetime, end: datetime, zone: str) -> bool:
    local_start, local_end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    opens = local_start.replace(hour=9, minute=0, second=0, microsecond=0)
    closes = local_start.replace(hour=17, minute=0, second=0, microsecond=0)
    return local_start.weekday() < 5 and opens <= local_start and local_end <= closes


def _book(client: TestClient, event_type_id: int, start: str) -> Any:
    body = {
        "start": start,
        "eventTypeId": event_type_id,
        "attendee": {"name": "P", "email": "p@example.com", "timeZone": "UTC"},
    }
    return client.post("/v2/bookings", json=body, headers=V2)


def _length(client: TestClient, event_type_id: int) -> timedelta:
    slots = client.get(
        f"/v2/slots?eventTypeId={event_type_id}&start=2025-03-17&end=2025-03-21&format=range",
        headers={"cal-api-version": "2024-09-04"},
    )
    first = next(iter(slots.json()["data"].values()))[0]
    return datetime.fromisoformat(first["end"]) - datetime.fromisoformat(first["start"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    event_type_id=st.sampled_from(sorted(EVENT_TYPES)),
    day=st.integers(min_value=0, max_value=40),
    zone=st.sampled_from(ZONES),
    pick=st.integers(min_value=0, max_value=10_000),
    minute=st.integers(min_value=0, max_value=24 * 60 - 1),
)
def test_every_offered_slot_can_be_booked_and_nothing_outside_the_hours_can(
    mock: TestClient, event_type_id: int, day: int, zone: str, pick: int, minute: int
) -> None:
    assert mock.post("/_mock/reset?keepClock=true").status_code in (200, 204)
    date = (NOW + timedelta(days=day)).date().isoformat()
    response = mock.get(
        f"/v2/slots?eventTypeId={event_type_id}&start={date}&end={date}&timeZone={zone}",
        headers={"cal-api-version": "2024-09-04"},
    )
    assert response.status_code == 200, response.text
    offered = [slot["start"] for slots in response.json()["data"].values() for slot in slots]
    length = _length(mock, event_type_id)
    hosts = EVENT_TYPES[event_type_id]
    for start in offered:  # inside every host's hours, and past the notice
        moment = datetime.fromisoformat(start)
        assert all(_works(moment, moment + length, host) for host in hosts), (start, hosts)
        assert moment >= NOW + timedelta(hours=2)
    if offered:
        chosen = offered[pick % len(offered)]
        booked = _book(mock, event_type_id, chosen)
        assert booked.status_code == 201, (chosen, booked.text)
        again = mock.get(
            f"/v2/slots?eventTypeId={event_type_id}&start={date}&end={date}&timeZone={zone}",
            headers={"cal-api-version": "2024-09-04"},
        )
        assert chosen not in [slot["start"] for slots in again.json()["data"].values() for slot in slots]
    local_day = datetime.fromisoformat(date).replace(tzinfo=ZoneInfo(zone))
    start = (local_day + timedelta(minutes=minute)).astimezone(UTC)
    refused = _book(mock, event_type_id, start.isoformat().replace("+00:00", "Z"))
    if start < NOW:
        assert (refused.status_code, refused.json()["error"]["message"]) == (
            400,
            "Attempting to book a meeting in the past.",
        )
    elif start < NOW + timedelta(hours=2):
        assert (refused.status_code, refused.json()["error"]["message"]) == (400, NOTICE)
    elif not all(_works(start, start + length, host) for host in hosts):
        message = TEAM if len(hosts) > 1 else USER
        assert (refused.status_code, refused.json()["error"]["message"]) == (400, message)


def test_an_off_grid_start_inside_the_hours_is_accepted(mock: TestClient) -> None:
    """`ensureAvailableUsers` has no slot grid: 09:10 on a Tuesday in Alice's London hours is booked."""
    mock.post("/_mock/reset?keepClock=true")
    assert _book(mock, 1001, "2025-03-11T09:10:00Z").status_code == 201


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2025-03-16T03:00:00Z", USER),  # a Sunday at 03:00
        ("2025-03-10T12:36:00Z", NOTICE),  # 36 minutes ahead
        ("2025-03-09T10:00:00Z", "Attempting to book a meeting in the past."),
        ("2025-03-11T16:45:00Z", USER),  # ends after 17:00 in London
    ],
)
def test_the_issue_requests_are_refused_as_the_real_server_refuses_them(
    mock: TestClient, start: str, message: str
) -> None:
    mock.post("/_mock/reset?keepClock=true")
    refused = _book(mock, 1001, start)
    assert (refused.status_code, refused.json()["error"]["message"]) == (400, message)


def test_a_reschedule_outside_the_hours_is_refused(mock: TestClient) -> None:
    mock.post("/_mock/reset?keepClock=true")
    made = _book(mock, 1001, "2025-03-11T10:00:00Z").json()["data"]
    moved = mock.post(f"/v2/bookings/{made['uid']}/reschedule", json={"start": "2025-03-15T10:00:00Z"}, headers=V2)
    assert (moved.status_code, moved.json()["error"]["message"]) == (400, USER)
    soon = mock.post(f"/v2/bookings/{made['uid']}/reschedule", json={"start": "2025-03-10T13:00:00Z"}, headers=V2)
    assert (soon.status_code, soon.json()["error"]["message"]) == (400, NOTICE)


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(["Europe/London", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham", "UTC"]),
    quarter=st.integers(min_value=0, max_value=3 * 366 * 96),  # quarter hours from 2025 on: the hours' edges too
    minutes=st.sampled_from([15, 30, 45, 60, 90, 480, 481, 36 * 60]),
)
@example(zone="Europe/London", quarter=(68 * 24 + 16) * 4 + 2, minutes=30)  # Monday 10 March 2025, ends 17:00
def test_works_throughout_is_one_working_window_holding_the_span(zone: str, quarter: int, minutes: int) -> None:
    """The one-day shortcut of `works_throughout` answers as searching every working window around the span."""
    start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=15 * quarter)
    end = start + timedelta(minutes=minutes)
    windows = availability.working_hours(zone, start, end)
    assert availability.works_throughout(zone, start, end) == any(o <= start and end <= c for o, c in windows)
