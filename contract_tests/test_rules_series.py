"""Recurring series, occurrence by occurrence (see `series.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.bookings import series
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.mark.parametrize("change", list(series.SERIES_CHANGES))
def test_each_occurrence_reads_what_the_change_did(contract_session: ContractSession, change: str) -> None:
    series.SERIES_CHANGES[change](contract_session)
