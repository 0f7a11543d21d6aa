"""A v1 PATCH changes the fields it sends and only those (see `v1_partial.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.views import v1_partial
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


def test_a_v1_patch_changes_only_what_it_sends(contract_session: ContractSession) -> None:
    v1_partial.v1_patch_is_partial(contract_session)
