"""The booking page's reads hold their promises (see `slots_agree.py` and `me_and_event_types.py`): the slots
agree with what the server books and answer in the asked zone and range; `/v2/me` and the event types
are exactly the key's user's, with the real not-found answers."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.booking_page import me_and_event_types, slots_agree
from contract_tests.target.session import ContractSession


@pytest.mark.writes
def test_offered_slots_are_bookable_and_bookings_take_them(contract_session: ContractSession) -> None:
    slots_agree.offered_slots_are_bookable(contract_session)


@pytest.mark.writes
def test_seated_slots_count_their_seats(contract_session: ContractSession) -> None:
    slots_agree.seats_are_counted(contract_session)


@pytest.mark.writes
def test_slots_of_each_duration_follow_bookings(contract_session: ContractSession) -> None:
    slots_agree.durations_follow_bookings(contract_session)


def test_slots_are_grouped_by_the_asked_zone_across_summer_time(contract_session: ContractSession) -> None:
    slots_agree.slots_follow_the_asked_zone(contract_session)


def test_slots_cover_the_asked_range_ends_included(contract_session: ContractSession) -> None:
    slots_agree.range_is_inclusive(contract_session)


def test_me_is_the_keys_user(contract_session: ContractSession) -> None:
    me_and_event_types.me_is_the_keys_user(contract_session)


def test_event_types_are_exactly_the_users(contract_session: ContractSession) -> None:
    me_and_event_types.event_types_are_the_users(contract_session)
