"""Every list filter, on data made of near misses: each list holds exactly the bookings its filters
select (see `exact_lists.py`), through the user, organization and team lists and v1."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.lists import exact_lists
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


@pytest.fixture(scope="module")
def near_misses(contract_session: ContractSession) -> exact_lists.NearMisses:
    return exact_lists.build_near_misses(contract_session)


@pytest.mark.parametrize("endpoint", ["user", "org", "team"])
def test_each_list_holds_exactly_what_its_filters_select(
    contract_session: ContractSession, near_misses: exact_lists.NearMisses, endpoint: str
) -> None:
    for query in exact_lists.near_miss_queries(near_misses):
        exact_lists.list_is_exact(contract_session, near_misses, query, endpoint)


@pytest.mark.parametrize("endpoint", ["user", "org", "team"])
def test_every_spelling_of_a_multi_value_filter_lists_the_same_set(
    contract_session: ContractSession, near_misses: exact_lists.NearMisses, endpoint: str
) -> None:
    for query in exact_lists.spelling_queries(contract_session, near_misses):
        exact_lists.list_forms_agree(contract_session, query, endpoint)


def test_v1_attendee_emails_select_their_union(
    contract_session: ContractSession, near_misses: exact_lists.NearMisses
) -> None:
    emails = near_misses.emails
    for chosen in ([emails["plain"]], [emails["case"], emails["longer"]], [emails["contains"], emails["subdomain"]]):
        exact_lists.v1_list_is_exact(contract_session, near_misses, chosen)
