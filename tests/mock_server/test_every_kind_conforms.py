"""Every operation on one booking answers within the spec for every kind of booking: plain, seated,
recurring and team, as the mock's own response validation (`validate_responses=True`) and the tests'
spec check (tests/spec_conformance.py) both see it.

The operations are read from the spec (every path with a booking uid or v1 id in it), so a new one fails
here until it has a request below. For each kind the booking is the one the operation applies to where the
seed data has one (a past booking for mark-absent, a pending one for confirm and decline, an upcoming one
otherwise), and the answer must be a success there: the success shapes are the ones that differ by kind.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
import yaml
from starlette.testclient import TestClient

from mock_server import create_app
from mock_server.domain.clock import Clock
from mock_server.domain.model import Booking, BookingStatus
from mock_server.state import fixtures
from mock_server.state.store import BookingStore
from tests.mock_client import NOW, V2
from tests.spec_conformance import ROOT, check_response

SPEC = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text())
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
KINDS = ("plain", "seated", "recurring", "team")

Body = dict[str, Any] | None
Precondition = Callable[[Booking], bool]


def _upcoming(booking: Booking) -> bool:
    return booking.start > NOW + timedelta(days=1) and booking.status is BookingStatus.ACCEPTED


def _past(booking: Booking) -> bool:
    return booking.start <= NOW and booking.status is BookingStatus.ACCEPTED


def _pending(booking: Booking) -> bool:
    return booking.start > NOW and booking.status is BookingStatus.PENDING


def _reschedule(booking: Booking) -> list[Body]:
    """The same time on each of the next two weeks' days: the first one the hosts have free is taken."""
    seat = next((a.seat_uid for a in booking.attendees if a.seat_uid), None)
    starts = [booking.start + timedelta(days=days) for days in range(1, 15)]
    moved = [{"start": start.strftime("%Y-%m-%dT%H:%M:%S.000Z")} for start in starts]
    return [{**body, "seatUid": seat} for body in moved] if seat else list(moved)


# operationId -> (what the booking must be for the operation to apply, the bodies to try in turn).
REQUESTS: dict[str, tuple[Precondition, Callable[[Booking], list[Body]]]] = {
    "BookingsController_2024_08_13_getBooking": (_upcoming, lambda b: [None]),
    "BookingsController_2024_08_13_rescheduleBooking": (_upcoming, _reschedule),
    "BookingsController_2024_08_13_cancelBooking": (_upcoming, lambda b: [{"cancellationReason": "kinds"}]),
    "BookingsController_2024_08_13_markNoShow": (_past, lambda b: [{"host": True}]),
    "BookingsController_2024_08_13_confirmBooking": (_pending, lambda b: [None]),
    "BookingsController_2024_08_13_declineBooking": (_pending, lambda b: [{"reason": "kinds"}]),
    "v1_getBooking": (_upcoming, lambda b: [None]),
    "v1_updateBooking": (_upcoming, lambda b: [{"title": "Moved by the kinds test"}]),
    "v1_cancelBooking": (_upcoming, lambda b: [None]),
    "BookingsController_2024_08_13_reassignBooking": (_upcoming, lambda b: [None]),
    "BookingsController_2024_08_13_reassignBookingToUser": (_upcoming, lambda b: [None]),
    "BookingsController_2024_08_13_getBookingReferences": (_upcoming, lambda b: [None]),
    "BookingsController_2024_08_13_getCalendarLinks": (_upcoming, lambda b: [None]),
    "BookingsController_2024_08_13_getBookingRecordings": (_upcoming, lambda b: [None]),
    "BookingsController_2024_08_13_getBookingTranscripts": (_upcoming, lambda b: [None]),
}
# Operations whose answer for a kind is the real server's refusal, not a success: then the refusal need only
# conform. Reassign re-runs a round-robin choice (400 for any other event type, or no other free host);
# recordings and transcripts are a 404 for a booking without a Cal Video room.
REFUSED = {
    (operation, kind)
    for operation in (
        "BookingsController_2024_08_13_reassignBooking",
        "BookingsController_2024_08_13_reassignBookingToUser",
        "BookingsController_2024_08_13_getBookingRecordings",
        "BookingsController_2024_08_13_getBookingTranscripts",
    )
    for kind in KINDS
}
# Operations on one booking that need more than the booking to be addressed, and where they are tested.
ELSEWHERE = {
    "BookingsController_2024_04_15_getBookingForReschedule": "tests/mock_server/test_atoms.py: answers only the "
    "older cal-api-versions the Booker sends",
    "OrganizationsTeamsBookingsController_getBookingReferences": "tests/mock_server/test_booking_extras.py: "
    "addressed through the booking's organization and team",
}
# Kinds the seed data has no booking of for an operation's precondition (then any booking of the kind is
# sent, and the answer need only conform).
NO_SUCH_BOOKING = {
    ("BookingsController_2024_08_13_confirmBooking", "seated"),
    ("BookingsController_2024_08_13_declineBooking", "seated"),
}


def _operations() -> list[tuple[str, str, str]]:
    return [
        (operation["operationId"], method, path)
        for path, item in SPEC["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
        and ("{bookingUid}" in path or path.startswith("/v1/bookings/{id}"))
        and operation["operationId"] not in ELSEWHERE
    ]


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def seeded() -> BookingStore:
    clock = Clock(frozen_at=NOW)
    return fixtures.load(clock=clock, rng=random.Random(7))


@pytest.fixture(scope="module")
def app_client(seeded: BookingStore) -> TestClient:
    """The mock validating its own responses, and the tests' spec check on every answer."""
    client = TestClient(create_app(clock=Clock(frozen_at=NOW), store=seeded, validate_responses=True))
    client.event_hooks = {"response": [_conforms]}
    return client


def _conforms(response: httpx.Response) -> None:
    response.read()
    check_response(response)


def _kind(store: BookingStore, booking: Booking) -> str:
    event_type = store.event_type(booking.event_type_id)
    assert event_type is not None
    if event_type.team_id is not None:
        return "team"
    if event_type.is_seated:
        return "seated"
    return "recurring" if booking.recurring_booking_uid else "plain"


def _key_of(store: BookingStore, booking: Booking) -> str:
    return next(
        k.key
        for k in store.api_keys()
        if k.user_id == booking.organizer_id and (k.expires_at is None or k.expires_at > NOW)
    )


def test_every_operation_on_one_booking_has_a_request_here() -> None:
    assert {op for op, _, _ in OPERATIONS} == REQUESTS.keys()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("operation_id", "method", "path"), OPERATIONS, ids=[op for op, _, _ in OPERATIONS])
def test_every_kind_of_booking_answers_within_the_spec(
    app_client: TestClient, seeded: BookingStore, operation_id: str, method: str, path: str, kind: str
) -> None:
    app_client.post("/_mock/reset")
    store = seeded
    applies, body_of = REQUESTS[operation_id]
    of_kind = [b for b in store.bookings() if _kind(store, b) == kind]
    assert of_kind, f"the seed data has no {kind} booking"
    chosen = [b for b in of_kind if applies(b)]
    expect_success = (operation_id, kind) not in NO_SUCH_BOOKING | REFUSED
    assert bool(chosen) == ((operation_id, kind) not in NO_SUCH_BOOKING), f"{kind} for {operation_id}: NO_SUCH_BOOKING"
    booking = (chosen or of_kind)[0]
    key = _key_of(store, booking)
    url = path.replace("{bookingUid}", booking.uid).replace("{id}", str(booking.id))
    for body in body_of(booking):
        if path.startswith("/v1/"):
            response = app_client.request(method.upper(), url, params={"apiKey": key}, json=body)
        else:
            headers = {**V2, "Authorization": f"Bearer {key}"}
            response = app_client.request(method.upper(), url, headers=headers, json=body)
        assert response.status_code < 500, response.text
        if response.is_success:
            break
    if expect_success:
        assert response.is_success, f"{kind} {booking.uid}: {response.status_code} {response.text}"
