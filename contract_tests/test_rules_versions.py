"""`cal-api-version` routing (see `versions.py`): read-only, so these run in every mode."""

from __future__ import annotations

from contract_tests.scenarios import versions
from contract_tests.target.session import ContractSession


def test_no_header_reaches_the_2024_04_15_controller(contract_session: ContractSession) -> None:
    versions.no_header_reaches_2024_04_15(contract_session)


def test_a_version_without_a_controller_for_the_route_is_404(contract_session: ContractSession) -> None:
    versions.version_without_controller_is_404(contract_session)
