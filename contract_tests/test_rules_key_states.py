"""Credentials in every state, route by route (see `key_states.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.access import key_states
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.mark.parametrize("state", list(key_states.KEY_STATES))
def test_each_key_is_refused_or_scoped_as_the_real_guards_do(contract_session: ContractSession, state: str) -> None:
    key_states.KEY_STATES[state](contract_session)
