"""Create honours every option the event type offers (see `create_options.py`)."""

from __future__ import annotations

import pytest
from hypothesis import given

from contract_tests.scenarios.bookings import create_options
from contract_tests.target import runtime
from contract_tests.target.bookings import BookingSpec
from contract_tests.target.session import ContractSession
from contract_tests.target.strategies import booking_specs

pytestmark = pytest.mark.writes

_profile = runtime.profile()
SETTINGS = _profile.budget.rule_settings(_profile.run.seed)


@pytest.mark.parametrize("length", _profile.event_types.variable_lengths or [30])
def test_chosen_length_sets_duration_and_end(contract_session: ContractSession, length: int) -> None:
    create_options.chosen_length_is_kept(contract_session, length)


def test_a_length_the_event_type_does_not_offer_is_refused(contract_session: ContractSession) -> None:
    create_options.unoffered_length_is_refused(contract_session)


@SETTINGS
@given(spec=booking_specs(with_location=False).filter(lambda spec: bool(spec.guests or spec.metadata)))
def test_guests_metadata_and_fields_read_back(contract_session: ContractSession, spec: BookingSpec) -> None:
    create_options.options_read_back(contract_session, spec)


def test_an_occupied_slot_is_refused_and_creates_nothing(contract_session: ContractSession) -> None:
    create_options.occupied_slot_is_refused(contract_session)
