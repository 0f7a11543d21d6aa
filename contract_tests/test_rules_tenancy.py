"""Tenancy and credentials: a team list never shows another team's bookings; another organization's
key is refused and changes nothing; missing and unknown keys are refused as the real guards do;
malformed requests get their documented statuses."""

from __future__ import annotations

import pytest

from contract_tests.scenarios.access import auth, malformed, tenancy
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes


def test_team_list_never_shows_another_teams_bookings(contract_session: ContractSession) -> None:
    tenancy.team_list_stays_in_team(contract_session)


def test_another_organizations_key_is_refused_and_changes_nothing(contract_session: ContractSession) -> None:
    tenancy.other_org_is_refused(contract_session)


def test_missing_and_unknown_keys_are_refused(contract_session: ContractSession) -> None:
    auth.missing_and_unknown_keys_are_refused(contract_session)


def test_malformed_requests_get_documented_statuses(contract_session: ContractSession) -> None:
    malformed.malformed_requests_are_refused(contract_session)
