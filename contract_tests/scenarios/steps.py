"""The two steps every scenario takes: make a booking that must succeed, and read one back."""

from __future__ import annotations

from typing import Any

from contract_tests.checks import rules
from contract_tests.target.bookings import BookingSpec, Made, make_booking
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession

__all__ = ["made", "read"]


def made(session: ContractSession, kind: str, spec: BookingSpec = BookingSpec(), **kwargs: Any) -> Made:
    """A booking of `kind` that the suite built to succeed (else `ValidRequestRefused`)."""
    booking = make_booking(session, kind, spec, **kwargs)
    rules.answered(booking.reply, {201}, f"a {kind} booking in a free slot")
    return booking


def read(session: ContractSession, uid: str) -> Reply:
    """`GET /v2/bookings/{uid}`, which must answer 200."""
    return rules.answered(session.client.get_booking(uid), {200}, f"reading booking uid={uid}")
