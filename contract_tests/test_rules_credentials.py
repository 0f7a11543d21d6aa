"""Every accepted form of the key is the same user, and the forms near it are refused (see `credentials.py`)."""

from __future__ import annotations

from contract_tests.scenarios.access import credentials
from contract_tests.target.session import ContractSession


def test_credential_forms_are_read_as_the_real_server_reads_them(contract_session: ContractSession) -> None:
    credentials.credential_forms_are_read_as_the_real_server_reads_them(contract_session)
