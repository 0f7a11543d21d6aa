"""Traps of a shared staging (issue 20): somebody else's seated bookings on the slots the run picks, a
v1 PATCH that stretches a booking, and a server whose cancel answers 200 without cancelling. Each test
sets the trap against a mock standing in for staging (`mock: false`) and holds the run to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import requests

from contract_tests.target.bookings import BookingSpec, create_body, make_booking
from contract_tests.target.occupied import avoid_occupied
from contract_tests.target.semantics import parse_instant
from contract_tests.target.slots import iso
from contract_tests.target.spec import OperationId
from mock_server import create_app, serve_in_background
from tests.contract_tests.test_safety import (
    STRANGER,
    assert_unchanged,
    real_target_session,
    send_case,
    state,
    strangers_seat,
)

HIDDEN = 9002  # a seated event type with seatsShowAttendees: false (a seat answer shows no attendees)


@pytest.fixture
def target() -> Iterator[str]:
    with serve_in_background(create_app(seed=11)) as url:
        yield url


def test_a_seat_in_someone_elses_booking_that_hides_its_attendees_is_only_a_seat(target: str) -> None:
    session = real_target_session(target)
    start = session.slots.next()
    theirs = strangers_seat(target, HIDDEN, start)
    before = state(target)
    seat = session.client.create_booking(
        create_body(session, BookingSpec(), event_type_id=HIDDEN, start=start, email=session.email())
    )
    assert seat.status == 201 and seat.data["uid"] == theirs and seat.data["seatUid"]
    assert seat.data.get("attendees") == []  # nothing in the answer says whose booking it is
    assert not session.ledger.owns_uid(theirs) and session.ledger.owns_seat(theirs, seat.data["seatUid"])
    assert session.clean_up() == []
    assert_unchanged(before, state(target))


def test_a_seat_rescheduled_into_someone_elses_seated_slot_stays_a_seat(target: str) -> None:
    session = real_target_session(target)
    mine = session.client.create_booking(
        create_body(session, BookingSpec(), event_type_id=HIDDEN, start=session.slots.next(), email=session.email())
    )
    assert mine.status == 201
    occupied = session.slots.next()
    theirs = strangers_seat(target, HIDDEN, occupied)
    moved = session.client.reschedule(mine.data["uid"], {"start": iso(occupied), "seatUid": mine.data["seatUid"]})
    assert moved.status == 201 and moved.data["uid"] == theirs
    assert not session.ledger.owns_uid(theirs)
    session.clean_up()
    assert state(target)[theirs]["status"] == "ACCEPTED"
    assert any(a["email"] == STRANGER for a in state(target)[theirs]["attendees"])


def test_clean_up_reads_a_booking_before_cancelling_it_and_spares_somebody_elses(target: str) -> None:
    """Whatever the ledger was led to believe, the clean-up cancels a whole booking only after reading it
    back and finding nobody else in it: here the run's seat sits in a stranger's booking the ledger
    (wrongly) holds whole."""
    session = real_target_session(target)
    seated = int(session.profile.require("event_types.seated"))
    start = session.slots.next()
    theirs = strangers_seat(target, seated, start)
    seat = session.client.create_booking(
        create_body(session, BookingSpec(), event_type_id=seated, start=start, email=session.email())
    )
    assert seat.status == 201 and seat.data["uid"] == theirs
    session.ledger._by_uid[theirs].whole = True  # the trap: the seat answer taken for the whole booking
    assert session.clean_up() == []
    after = state(target)[theirs]
    assert after["status"] == "ACCEPTED" and [a["email"] for a in after["attendees"]] == [STRANGER]


def test_the_run_books_no_slot_someone_else_holds(target: str) -> None:
    session = real_target_session(target)
    first = session.slots.upcoming()  # the slot the run would take first
    taken = requests.post(
        f"{target}/v2/bookings",
        headers={"cal-api-version": "2024-08-13"},
        json={
            "start": iso(first),
            "eventTypeId": session.profile.event_types.regular,
            "attendee": {"name": "Someone Else", "email": STRANGER, "timeZone": "UTC"},
        },
        timeout=10,
    )
    assert taken.status_code == 201, taken.text
    assert avoid_occupied(session.client, session.slots, session.profile, session.ledger.is_ours) == 1
    made = make_booking(session, "regular")
    assert made.reply.status == 201, made.reply.text
    assert parse_instant(made.booking["start"]) != first
    session.clean_up()
    assert state(target)[taken.json()["data"]["uid"]]["status"] == "ACCEPTED"


@pytest.mark.parametrize(
    "times",
    [
        {"startTime": 1, "endTime": 1 + 207 * 24 * 60},  # in the run's window, 207 days long
        {"endTime": 90 * 24 * 60},  # only the end: from the booking's start to months later
        {"startTime": -60 * 24 * 60},  # only the start: months before the booking's end
    ],
    ids=["207-days", "end-only", "start-only"],
)
def test_a_v1_patch_keeps_the_booking_within_its_length(target: str, times: dict[str, int]) -> None:
    session = real_target_session(target)
    made = make_booking(session, "regular")
    length = (parse_instant(made.booking["end"]) or made_start(made)) - made_start(made)
    base = session.slots.window_start + timedelta(days=100)
    body: dict[str, Any] = {name: iso(base + timedelta(minutes=minutes)) for name, minutes in times.items()}
    response = send_case(session, OperationId.V1_UPDATE, path_parameters={"id": int(made.booking["id"])}, body=body)
    assert response.status_code == 200, response.text
    after = state(target)[made.uid]
    start, end = parse_instant(after["start"]), parse_instant(after["end"])
    assert start is not None and end is not None
    assert timedelta(0) < end - start <= length, f"the PATCH left the booking {end - start} long"
    assert session.slots.holds(start) and session.slots.holds(end)
    assert session.clean_up() == []


def made_start(made: Any) -> Any:
    start = parse_instant(made.booking["start"])
    assert start is not None
    return start


class CancelWithoutCancelling:
    """A server whose v2 cancel answers 200 and changes nothing."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith("/cancel"):
            body = b'{"status":"success","data":{}}'
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def test_clean_up_behind_a_cancel_that_answers_200_without_cancelling_reports_every_booking() -> None:
    with serve_in_background(CancelWithoutCancelling(create_app(seed=11))) as url:
        session = real_target_session(url)
        made = [make_booking(session, "regular") for _ in range(3)]
        assert all(m.reply.status == 201 for m in made)
        problems = session.clean_up()
        assert len(problems) == 3 and all("still reads accepted" in p for p in problems), problems
        assert {state(url)[m.uid]["status"] for m in made} == {"ACCEPTED"}
