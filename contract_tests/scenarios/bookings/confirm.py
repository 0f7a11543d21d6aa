"""Confirm and decline: a pending booking is confirmed or declined; an accepted one refuses both.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from contract_tests.checks import rules
from contract_tests.scenarios import steps
from contract_tests.target.bookings import BookingSpec
from contract_tests.target.session import ContractSession

__all__ = [
    "accepted_booking_refuses_confirm_and_decline",
    "pending_booking_is_confirmed",
    "pending_booking_is_declined",
]

_made = steps.made
_get = steps.read


def pending_booking_is_confirmed(session: ContractSession, spec: BookingSpec = BookingSpec()) -> None:
    """A pending booking becomes accepted; then confirm and decline are both refused."""
    made = _made(session, "requires_confirmation", spec)
    rules.booking_reads_back_as_created(made, made.reply, via="the create answer", booking=made.booking)
    confirm = rules.answered(session.client.confirm(made.uid), {200}, f"confirming pending booking uid={made.uid}")
    rules.pending_booking_became(_get(session, made.uid), uid=made.uid, status="accepted", action=confirm)
    again = session.client.confirm(made.uid)
    rules.accepted_booking_refuses(again, _get(session, made.uid), uid=made.uid, action="a second confirm")
    decline = session.client.decline(made.uid, "Too late")
    rules.accepted_booking_refuses(decline, _get(session, made.uid), uid=made.uid, action="decline")


def pending_booking_is_declined(
    session: ContractSession, spec: BookingSpec = BookingSpec(), reason: str | None = None
) -> None:
    """A pending booking becomes rejected."""
    made = _made(session, "requires_confirmation", spec)
    decline = rules.answered(
        session.client.decline(made.uid, reason), {200}, f"declining pending booking uid={made.uid}"
    )
    rules.pending_booking_became(_get(session, made.uid), uid=made.uid, status="rejected", action=decline)


def accepted_booking_refuses_confirm_and_decline(session: ContractSession, spec: BookingSpec = BookingSpec()) -> None:
    """A booking accepted at once refuses confirm and decline (400) and stays accepted."""
    made = _made(session, "regular", spec)
    confirm = session.client.confirm(made.uid)
    rules.accepted_booking_refuses(confirm, _get(session, made.uid), uid=made.uid, action="confirm")
    decline = session.client.decline(made.uid)
    rules.accepted_booking_refuses(decline, _get(session, made.uid), uid=made.uid, action="decline")
