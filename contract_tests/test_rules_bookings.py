"""Business rules of single bookings, as Hypothesis properties over what a booker sends.

Each property makes its own bookings in fresh slots and checks them with the named checks of
`rules.py`; a failure says what was expected, what came back, and how to reproduce it with curl.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from contract_tests.scenarios.bookings import cancel, confirm, mark_absent, read_back, reschedule
from contract_tests.target import runtime
from contract_tests.target.bookings import BookingSpec
from contract_tests.target.session import ContractSession
from contract_tests.target.strategies import booking_specs

pytestmark = pytest.mark.writes

_profile = runtime.profile()
SETTINGS = _profile.budget.rule_settings(_profile.run.seed)
# A property with an `@example` of its most telling data: under `--staging` that example is all it runs.
TELLING = _profile.budget.rule_settings(_profile.run.seed, telling_example=True)
SPECS = booking_specs(with_location=_profile.mock)
REASONS = st.text(min_size=1, max_size=60).map(str.strip).filter(bool)


@pytest.mark.parametrize("kind", ["regular", "requires_confirmation", "seated", "recurring", "team"])
@SETTINGS
@given(spec=SPECS, count=st.integers(min_value=2, max_value=3))
def test_created_booking_reads_back_as_sent(
    contract_session: ContractSession, kind: str, spec: BookingSpec, count: int
) -> None:
    """Fields sent = fields returned, through the create answer, v2 get, v2 list, v1 get and v1 list."""
    read_back.created_booking_reads_back(
        contract_session, kind, spec, recurrence_count=count if kind == "recurring" else None
    )


@SETTINGS
@given(spec=SPECS)
def test_v1_created_booking_reads_back_as_sent(contract_session: ContractSession, spec: BookingSpec) -> None:
    read_back.v1_created_booking_reads_back(contract_session, spec)


@SETTINGS
@given(spec=SPECS, reason=REASONS, kind=st.sampled_from(["regular", "requires_confirmation", "team"]))
def test_cancel_reads_cancelled_and_refuses_a_second_cancel(
    contract_session: ContractSession, spec: BookingSpec, reason: str, kind: str
) -> None:
    cancel.cancel_reads_cancelled(contract_session, kind, spec, reason)


@SETTINGS
@given(spec=SPECS, reason=REASONS)
def test_v1_cancel_reads_cancelled_and_refuses_a_second_cancel(
    contract_session: ContractSession, spec: BookingSpec, reason: str
) -> None:
    cancel.v1_cancel_reads_cancelled(contract_session, spec, reason)


@SETTINGS
@given(spec=SPECS, seats=st.integers(min_value=2, max_value=3), victim=st.integers(min_value=0, max_value=2))
def test_seat_cancel_removes_one_seat(
    contract_session: ContractSession, spec: BookingSpec, seats: int, victim: int
) -> None:
    cancel.seat_cancel_removes_one_seat(contract_session, spec, seats, victim)


def test_full_seated_booking_refuses_another_seat(contract_session: ContractSession) -> None:
    cancel.full_seated_booking_refuses(contract_session)


@SETTINGS
@given(spec=SPECS)
def test_pending_booking_is_confirmed_then_refuses_confirm_and_decline(
    contract_session: ContractSession, spec: BookingSpec
) -> None:
    confirm.pending_booking_is_confirmed(contract_session, spec)


@SETTINGS
@given(spec=SPECS, reason=st.none() | REASONS)
def test_pending_booking_is_declined(contract_session: ContractSession, spec: BookingSpec, reason: str | None) -> None:
    confirm.pending_booking_is_declined(contract_session, spec, reason)


@SETTINGS
@given(spec=SPECS)
def test_accepted_booking_refuses_confirm_and_decline(contract_session: ContractSession, spec: BookingSpec) -> None:
    confirm.accepted_booking_refuses_confirm_and_decline(contract_session, spec)


@SETTINGS
@given(spec=SPECS, reason=st.none() | REASONS, kind=st.sampled_from(["regular", "requires_confirmation"]))
def test_reschedule_links_both_ways_and_cancels_the_original(
    contract_session: ContractSession, spec: BookingSpec, reason: str | None, kind: str
) -> None:
    reschedule.reschedule_links_both_ways(contract_session, kind, spec, reason)


@SETTINGS
@given(host=st.booleans(), absent=st.booleans())
def test_mark_absent_is_refused_before_the_start(contract_session: ContractSession, host: bool, absent: bool) -> None:
    mark_absent.mark_absent_rules(contract_session, host=host, absent=absent, use_clock=False)


@pytest.mark.mock_only
@TELLING
@given(host=st.booleans(), absent=st.booleans())
@example(host=True, absent=True)  # the most telling data first, whatever the budget: both marks set
def test_mark_absent_is_recorded_after_the_start(contract_session: ContractSession, host: bool, absent: bool) -> None:
    """The booking starts in the future; the mock's clock is moved past its start and back."""
    mark_absent.mark_absent_rules(contract_session, host=host, absent=absent)
