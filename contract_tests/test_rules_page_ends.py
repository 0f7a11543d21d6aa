"""Pages end exactly where the filtered list ends, on the user, organization, team and v1 lists (see
`page_ends.py`)."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.lists import page_ends
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.fixture(scope="module")
def found(contract_session: ContractSession) -> page_ends.PageEnds:
    return page_ends.build_page_ends(contract_session)


def test_v2_pages_end_exactly_with_a_filter_on_each_list(
    contract_session: ContractSession, found: page_ends.PageEnds
) -> None:
    page_ends.pages_end_exactly(contract_session, found)


def test_v1_pages_end_exactly_with_a_filter(contract_session: ContractSession, found: page_ends.PageEnds) -> None:
    page_ends.v1_pages_end_exactly(contract_session, found)


def test_team_and_user_filters_keep_their_scope(contract_session: ContractSession, found: page_ends.PageEnds) -> None:
    page_ends.team_and_user_filters_scope(contract_session, found)
