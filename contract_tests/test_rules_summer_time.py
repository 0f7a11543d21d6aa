"""A weekly series across a change of summer time keeps the attendee's wall-clock time (see `summer_time.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.bookings import summer_time
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


def test_a_series_across_summer_time_keeps_the_attendees_wall_clock(contract_session: ContractSession) -> None:
    summer_time.series_keeps_the_attendees_wall_clock(contract_session)
