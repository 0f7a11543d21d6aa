"""Report rules: by EMAIL and by DOMAIN, a report cancels exactly the matching upcoming bookings of
the organization (and the reported one), the counts say so, and reporting twice is refused."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from contract_tests.scenarios.lists import report
from contract_tests.target import runtime
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes

_profile = runtime.profile()
SETTINGS = _profile.budget.rule_settings(_profile.run.seed)
# A property with an `@example` of its most telling data: under `--staging` that example is all it runs.
TELLING = _profile.budget.rule_settings(_profile.run.seed, telling_example=True)


@pytest.mark.parametrize("report_type", ["EMAIL", "DOMAIN"])
@TELLING
@given(
    accepted=st.integers(min_value=0, max_value=2),
    pending=st.integers(min_value=0, max_value=2),
    unrelated=st.integers(min_value=0, max_value=2),
    reason=st.sampled_from(["SPAM", "DONT_KNOW_PERSON", "OTHER"]),
)
# The most telling data first, whatever the budget (and all that `--staging` runs):
# matching accepted and pending bookings and an unrelated one, so that a wrong set or count shows.
@example(accepted=2, pending=1, unrelated=1, reason="SPAM")
def test_report_cancels_exactly_the_matching_bookings(
    contract_session: ContractSession, report_type: str, accepted: int, pending: int, unrelated: int, reason: str
) -> None:
    report.report_cancels_matching(
        contract_session, report_type, accepted=accepted, pending=pending, unrelated=unrelated, reason=reason
    )
