"""A reserved slot is not offered to others while its reservation holds (scenarios/reservations.py)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios import reservations
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


def test_a_reserved_slot_is_not_offered_to_others(contract_session: ContractSession) -> None:
    reservations.reserved_slot_is_hidden_from_others(contract_session)
