"""v1 cancel's options: `allRemainingBookings` and `cancelledBy` (see `v1_cancel.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.views import v1_cancel
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.mark.parametrize("all_remaining", [True, False])
def test_v1_cancel_of_one_occurrence(contract_session: ContractSession, all_remaining: bool) -> None:
    v1_cancel.v1_cancel_all_remaining(contract_session, all_remaining)


def test_v1_cancel_records_who_cancelled_and_why(contract_session: ContractSession) -> None:
    v1_cancel.v1_cancel_names_who_cancelled(contract_session)
