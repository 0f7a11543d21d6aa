"""Rescheduling: the old and the new booking link to each other.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from typing import Any

from contract_tests.checks import rules
from contract_tests.scenarios import steps
from contract_tests.target.bookings import BookingSpec
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso

__all__ = ["reschedule_links_both_ways"]

_made = steps.made
_get = steps.read


def reschedule_links_both_ways(
    session: ContractSession, kind: str = "regular", spec: BookingSpec = BookingSpec(), reason: str | None = "Conflict"
) -> None:
    """Reschedule: a new booking linked both ways; the original is cancelled and refuses changes."""
    made = _made(session, kind, spec)
    start = iso(session.slots.next())
    body: dict[str, Any] = {"start": start}
    if reason is not None:
        body["reschedulingReason"] = reason
    moved = rules.answered(session.client.reschedule(made.uid, body), {201}, f"rescheduling booking uid={made.uid}")
    new_uid = str(rules.booking_of(moved).get("uid"))
    rules.rescheduled_booking_is_linked(
        _get(session, made.uid),
        _get(session, new_uid),
        old_uid=made.uid,
        new_uid=new_uid,
        start=start,
        reschedule=moved,
    )
    again = session.client.reschedule(made.uid, {"start": iso(session.slots.next())})
    rules.original_refuses_changes(again, old_uid=made.uid, action="another reschedule", reschedule=moved)
    cancel = session.client.cancel(made.uid, {"cancellationReason": "Too late"})
    rules.original_refuses_changes(cancel, old_uid=made.uid, action="a cancel", reschedule=moved)
