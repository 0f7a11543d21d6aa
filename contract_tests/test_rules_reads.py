"""Rules that need no write, on bookings that already exist (see `reads.py`): they run in every mode,
and they are what `--read-only` tests beside the conformance of every GET operation. Each sort key and each
status alone are tested on these bookings too, in `test_rules_lists.py`."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract_tests.scenarios.lists import lists, reads
from contract_tests.target import runtime
from contract_tests.target.session import ContractSession
from contract_tests.target.strategies import list_queries

_profile = runtime.profile()
SETTINGS = _profile.budget.rule_settings(_profile.run.seed)


@pytest.fixture(scope="module")
def existing(contract_session: ContractSession) -> lists.Corpus:
    return reads.existing_corpus(contract_session)


@SETTINGS
@given(data=st.data(), take=st.integers(min_value=1, max_value=7), endpoint=st.sampled_from(["user", "org"]))
def test_existing_bookings_list_by_filters_sort_and_pages(
    contract_session: ContractSession, existing: lists.Corpus, data: st.DataObject, take: int, endpoint: str
) -> None:
    query: dict[str, Any] = data.draw(
        list_queries(emails=existing.emails, names=existing.names, event_type_ids=existing.event_type_ids),
        label="query",
    )
    if endpoint == "org":
        contract_session.profile.require("org_id")
    lists.list_holds_its_promises(contract_session, existing, query, take=take, endpoint=endpoint)


def test_listed_bookings_read_back_through_get_and_v1(contract_session: ContractSession) -> None:
    assert reads.listed_bookings_read_back(contract_session) > 0


def test_team_lists_stay_in_their_team(contract_session: ContractSession) -> None:
    reads.team_lists_stay_in_scope(contract_session)


def test_another_organizations_key_may_not_read(contract_session: ContractSession) -> None:
    reads.other_org_is_refused_on_reads(contract_session)


def test_reads_without_valid_credentials_are_refused(contract_session: ContractSession) -> None:
    reads.reads_need_credentials(contract_session)
