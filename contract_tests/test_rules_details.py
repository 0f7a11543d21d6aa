"""Reschedule and no-show details read back the same through GET one and the user's, organization's and
team's lists (see `details_everywhere.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.views import details_everywhere
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


def test_reschedule_details_read_back_through_every_view(contract_session: ContractSession) -> None:
    details_everywhere.reschedule_details_everywhere(contract_session)


def test_absences_read_back_through_every_view(contract_session: ContractSession) -> None:
    details_everywhere.absences_everywhere(contract_session)


def test_each_change_moves_updated_at(contract_session: ContractSession) -> None:
    details_everywhere.updated_at_moves(contract_session)
