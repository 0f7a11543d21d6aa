"""Reassign, the organization user list, references, calendar links and recordings (see `booking_extras.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios import booking_extras
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.mark.parametrize("rule", list(booking_extras.EXTRAS))
def test_booking_sub_resources_keep_their_promises(contract_session: ContractSession, rule: str) -> None:
    booking_extras.EXTRAS[rule](contract_session)
