"""Rules that need time to pass (see `clock_rules.py`); they skip, saying why, on a real server."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.bookings import clock_rules
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.mark.parametrize("rule", list(clock_rules.CLOCK_RULES))
def test_time_dependent_rule_holds(contract_session: ContractSession, rule: str) -> None:
    clock_rules.CLOCK_RULES[rule](contract_session)
