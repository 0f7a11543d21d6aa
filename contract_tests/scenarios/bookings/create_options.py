"""Create honours every option the event type offers, and a taken slot is refused without a trace.

- `lengthInMinutes` on an event type with several lengths: the duration and the end read back, through
  v2 and v1; a length it does not offer is refused;
- guests, metadata and booking-field responses read back as sent;
- a second booking of an occupied slot of a non-seated event type is refused and creates nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import CreateOptionIgnored, OccupiedSlotAccepted
from contract_tests.scenarios import steps
from contract_tests.target.bookings import BookingSpec, create_body, make_booking
from contract_tests.target.http import Reply
from contract_tests.target.semantics import parse_instant, same_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso

__all__ = ["chosen_length_is_kept", "occupied_slot_is_refused", "options_read_back", "unoffered_length_is_refused"]


def _option_ignored(reply: Reply, expected: str, received: str, *, after: Reply | None = None) -> CreateOptionIgnored:
    return rules.failure(CreateOptionIgnored, reply, expected, received, after=after)


def chosen_length_is_kept(session: ContractSession, length: int) -> None:
    """A booking of `length` minutes on a variable-length event type lasts that long in every view."""
    event_type = int(session.profile.require("event_types.variable_length"))
    email, start = session.email(), session.slots.next()
    session.emails.append(email)
    body = create_body(session, BookingSpec(), event_type_id=event_type, start=start, email=email)
    body["lengthInMinutes"] = length
    created = rules.answered(session.client.create_booking(body), {201}, f"a {length}-minute booking")
    end = iso(start + timedelta(minutes=length))
    uid = str(rules.booking_of(created).get("uid"))
    v2 = rules.booking_of(steps.read(session, uid))
    v1_read = rules.answered(session.client.v1_get(int(v2["id"])), {200}, "reading it through v1")
    v1 = (v1_read.body or {}).get("booking") or {}
    for via, reply, seen_end, duration in (
        ("the create answer", created, rules.booking_of(created).get("end"), rules.booking_of(created).get("duration")),
        ("GET /v2/bookings/{bookingUid}", created, v2.get("end"), v2.get("duration")),
        ("GET /v1/bookings/{id}", v1_read, v1.get("endTime"), length),
    ):
        if not same_instant(seen_end, end) or duration != length:
            raise _option_ignored(
                reply,
                f"lengthInMinutes={length}: {via} shows duration {length} and end {end}",
                f"duration {duration}, end {seen_end}",
                after=created,
            )


def unoffered_length_is_refused(session: ContractSession) -> None:
    """A length the event type does not offer is refused (400)."""
    event_type = int(session.profile.require("event_types.variable_length"))
    offered = set(session.profile.require("event_types.variable_lengths"))
    length = next(n for n in (7, 11, 13, 17, 19, 23) if n not in offered)
    email = session.email()
    body = create_body(session, BookingSpec(), event_type_id=event_type, start=session.slots.next(), email=email)
    body["lengthInMinutes"] = length
    reply = session.client.create_booking(body)
    if reply.status != 400:
        raise _option_ignored(reply, f"400 for lengthInMinutes={length}, not among {sorted(offered)}", reply.summary())


def options_read_back(session: ContractSession, spec: BookingSpec) -> None:
    """Guests, metadata and booking-field responses sent on create read back through v2 get and v1 get."""
    made = steps.made(session, "regular", spec)
    read = steps.read(session, made.uid)
    booking = rules.booking_of(read)
    problems: list[str] = []
    sent_guests = made.body.get("guests") or []
    if sorted(booking.get("guests") or []) != sorted(sent_guests):
        problems.append(f"guests {booking.get('guests')} (sent {sent_guests})")
    if made.body.get("metadata") and booking.get("metadata") != made.body["metadata"]:
        problems.append(f"metadata {booking.get('metadata')} (sent {made.body['metadata']})")
    responses = booking.get("bookingFieldsResponses") or {}
    for name, value in (made.body.get("bookingFieldsResponses") or {}).items():
        if not isinstance(responses, Mapping) or responses.get(name) != value:
            problems.append(f"bookingFieldsResponses.{name} {responses.get(name)!r} (sent {value!r})")
    v1_read = rules.answered(session.client.v1_get(int(booking["id"])), {200}, "reading it through v1")
    v1_guests = ((v1_read.body or {}).get("booking") or {}).get("responses", {}).get("guests") or []
    if sorted(v1_guests) != sorted(sent_guests):
        problems.append(f"v1 responses.guests {v1_guests} (sent {sent_guests})")
    if problems:
        raise _option_ignored(
            read, "the options sent on create read back as sent", "; ".join(problems), after=made.reply
        )


def occupied_slot_is_refused(session: ContractSession, kind: str = "regular") -> None:
    """A second booking at the start of a non-seated, single-host booking is refused, and nothing is left of it.
    (Round-robin team event types may give the second booking to another host: not one to use here.)"""
    first = steps.made(session, kind)
    start = parse_instant(first.booking["start"])
    assert start is not None
    second = make_booking(session, kind, start=start)
    window: dict[str, Any] = {"afterStart": iso(start), "beforeEnd": first.booking["end"]}
    listed = rules.answered(session.client.list_bookings(window), {200}, "listing the slot")
    at_start = [
        i.get("uid")
        for i in listed.data or []
        if isinstance(i, Mapping)
        and same_instant(i.get("start"), first.booking["start"])
        and i.get("status") != "cancelled"
    ]
    by_email = rules.answered(
        session.client.list_bookings({"attendeeEmail": second.email}), {200}, "listing the second booker's bookings"
    )
    if second.reply.status != 400 or at_start != [first.uid] or by_email.data:
        raise rules.failure(
            OccupiedSlotAccepted,
            second.reply,
            f"400 for a second {kind} booking at {iso(start)}, held by booking uid={first.uid}, "
            "and no booking of the second booker afterwards",
            f"{second.reply.summary()}; bookings at that start: {at_start}; "
            f"the second booker's: {[i.get('uid') for i in by_email.data or []]}",
            after=first.reply,
        )
