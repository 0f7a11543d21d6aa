"""Reassign, the organization user list, references, calendar links and recordings (see `extras.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.bookings import extras
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.mark.parametrize("rule", list(extras.EXTRAS))
def test_booking_sub_resources_keep_their_promises(contract_session: ContractSession, rule: str) -> None:
    extras.EXTRAS[rule](contract_session)
