"""List rules as Hypothesis properties over filters, sort keys and page sizes: every item matches
every filter, the bookings of this run that match are present, the order holds for each sort key and
direction, pages of take/skip tile the whole list, and the pagination object obeys the reference's
arithmetic. The lists are narrowed to this run's window (`afterStart`), so they are stable even on a
shared target; `test_conformance.py` checks the same properties on lists of the seeded data."""

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
def corpus(contract_session: ContractSession) -> lists.Corpus:
    return lists.build_corpus(contract_session)


@pytest.fixture(scope="module", params=[pytest.param("made", marks=pytest.mark.writes), "existing"])
def any_corpus(request: pytest.FixtureRequest, contract_session: ContractSession) -> lists.Corpus:
    """The run's own corpus, or the bookings that already exist (which a read-only run tests too)."""
    if request.param == "made":
        made: lists.Corpus = request.getfixturevalue("corpus")
        return made
    return reads.existing_corpus(contract_session)


@st.composite
def queries(draw: st.DrawFn, corpus: lists.Corpus) -> dict[str, Any]:
    query = draw(list_queries(emails=corpus.emails, names=corpus.names, event_type_ids=corpus.event_type_ids))
    states = list(corpus.states.values())
    if states and draw(st.integers(0, 3)) == 0:
        query["afterStart"] = draw(st.sampled_from(states))["start"]  # an inclusive bound on a real start
    if states and draw(st.integers(0, 3)) == 0:
        query["beforeEnd"] = draw(st.sampled_from(states))["end"]
    return query


@pytest.mark.writes
@SETTINGS
@given(data=st.data(), take=st.integers(min_value=1, max_value=7), endpoint=st.sampled_from(["user", "org"]))
def test_list_filters_sort_and_pages(
    contract_session: ContractSession, corpus: lists.Corpus, data: st.DataObject, take: int, endpoint: str
) -> None:
    query = data.draw(queries(corpus), label="query")
    lists.list_holds_its_promises(contract_session, corpus, query, take=take, endpoint=endpoint)


@pytest.mark.parametrize("key", ["sortStart", "sortEnd", "sortCreated", "sortUpdatedAt"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_each_sort_key_and_direction(
    contract_session: ContractSession, any_corpus: lists.Corpus, key: str, direction: str
) -> None:
    lists.list_holds_its_promises(contract_session, any_corpus, {key: direction}, take=4)


@pytest.mark.parametrize("status", ["upcoming", "recurring", "past", "cancelled", "unconfirmed"])
def test_each_status_alone_and_its_default_order(
    contract_session: ContractSession, any_corpus: lists.Corpus, status: str
) -> None:
    lists.list_holds_its_promises(contract_session, any_corpus, {"status": status}, take=3)
