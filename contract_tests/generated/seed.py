"""Bookings made at the start of the run, for generated cases to aim at.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from contract_tests.target.bookings import make_booking
from contract_tests.target.session import ContractSession
from contract_tests.target.targets import ProfileDataMissing

__all__ = ["seed_bookings"]


def seed_bookings(session: ContractSession) -> None:
    """A few bookings made at the start of the run, so that generated cases have real bookings of
    this run to aim at (and, on a real target, to be allowed to change)."""
    for kind in ("regular", "regular", "requires_confirmation", "requires_confirmation", "seated", "team"):
        try:
            make_booking(session, kind)
        except ProfileDataMissing:
            continue
