"""Cancelling: a cancelled booking (v2, v1, one seat) reads back cancelled; a full seated booking refuses more seats.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from contract_tests.checks import rules
from contract_tests.checks.failures import ReadBackDiffers
from contract_tests.scenarios import steps
from contract_tests.target.bookings import BookingSpec, make_booking
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso

__all__ = [
    "cancel_reads_cancelled",
    "full_seated_booking_refuses",
    "seat_cancel_removes_one_seat",
    "v1_cancel_reads_cancelled",
]

_made = steps.made
_get = steps.read


def cancel_reads_cancelled(
    session: ContractSession, kind: str = "regular", spec: BookingSpec = BookingSpec(), reason: str = "Plans changed"
) -> None:
    """Cancel: reads show `cancelled` with the reason, the cancelled list has it, a second cancel is refused."""
    made = _made(session, kind, spec)
    cancel = rules.answered(
        session.client.cancel(made.uid, {"cancellationReason": reason}), {200}, f"cancelling booking uid={made.uid}"
    )
    rules.cancel_is_applied(_get(session, made.uid), uid=made.uid, reason=reason, cancel=cancel)
    query = {"bookingUid": made.uid, "status": "cancelled"}
    listed = rules.answered(session.client.list_bookings(query), {200}, "listing cancelled bookings")
    rules.created_bookings_are_listed(listed, [i.get("uid") for i in listed.data or []], [made.uid], query=query)
    second = session.client.cancel(made.uid, {"cancellationReason": reason + " again"})
    rules.second_cancel_is_refused(second, uid=made.uid, first=cancel)
    rules.cancel_is_applied(_get(session, made.uid), uid=made.uid, reason=reason, cancel=second)


def v1_cancel_reads_cancelled(
    session: ContractSession, spec: BookingSpec = BookingSpec(), reason: str = "Plans changed"
) -> None:
    """Cancel through v1: v2 reads show it with the reason; a second v1 cancel is refused."""
    made = _made(session, "regular", spec)
    booking_id = int(made.booking["id"])
    cancel = rules.answered(
        session.client.v1_cancel(booking_id, {"cancellationReason": reason}),
        {200},
        f"cancelling booking id={booking_id}",
    )
    rules.cancel_is_applied(_get(session, made.uid), uid=made.uid, reason=reason, cancel=cancel)
    second = session.client.v1_cancel(booking_id, {"cancellationReason": reason})
    rules.second_cancel_is_refused(second, uid=made.uid, first=cancel)


def seat_cancel_removes_one_seat(
    session: ContractSession, spec: BookingSpec = BookingSpec(), seats_taken: int = 2, victim: int = 0
) -> None:
    """Giving up one seat removes that seat only; the booking and the other seats stay."""
    seats = int(session.profile.require("event_types.seats"))
    seats_taken = max(2, min(seats_taken, seats))
    start = session.slots.next()
    made = [_made(session, "seated", spec, start=start) for _ in range(seats_taken)]
    uid = made[0].uid
    for other in made[1:]:
        if other.uid != uid:
            raise ReadBackDiffers(
                operation=other.reply.label,
                expected=f"a seat at {iso(start)} joins booking uid={uid}",
                received=f"a new booking uid={other.uid}",
                curl=other.reply.curl(),
                caused_by=made[0].reply.curl(),
            )
    before = _get(session, uid)
    seats_before = [a.get("seatUid") for a in rules.booking_of(before).get("attendees") or []]
    taken = made[victim % seats_taken]
    if not taken.booking.get("seatUid"):
        raise ReadBackDiffers(
            operation=taken.reply.label,
            expected=f"the seatUid of the seat just taken in booking uid={uid}",
            received="an answer without seatUid",
            curl=taken.reply.curl(),
        )
    seat = str(taken.booking["seatUid"])
    cancel = rules.answered(session.client.cancel(uid, {"seatUid": seat}), {200}, f"giving up seat {seat}")
    rules.seat_cancel_removed_one_seat(_get(session, uid), uid=uid, seat=seat, seats_before=seats_before, cancel=cancel)


def full_seated_booking_refuses(session: ContractSession, spec: BookingSpec = BookingSpec()) -> None:
    """Once every seat is taken, another seat at that time is refused with 409."""
    seats = int(session.profile.require("event_types.seats"))
    start = session.slots.next()
    made = [_made(session, "seated", spec, start=start) for _ in range(seats)]
    extra = make_booking(session, "seated", spec, start=start)
    rules.full_seated_booking_refuses_a_seat(extra.reply, uid=made[0].uid, seats=seats)
