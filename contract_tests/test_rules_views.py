"""Every write read back through every view that shows it (see `views_agree.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.views import views_agree
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.mark.parametrize("change", sorted(views_agree.CHANGES))
def test_every_view_shows_the_change(contract_session: ContractSession, change: str) -> None:
    views_agree.CHANGES[change](contract_session)
