"""Conformance of every operation, driven by the spec with Schemathesis.

Built-in checks (response schemas, status codes, content types, headers, negative data rejection,
ignored auth, unsupported methods, ...) plus the suite's response checks (`checks.py`) run on every
generated case. Hooks (`hooks.py`) aim the cases at bookings this run created, the profile's event
types, organizations and teams, so that they reach real state.
"""

from __future__ import annotations

from typing import Any

from contract_tests.generated.conformance import schema_for
from contract_tests.target import runtime
from contract_tests.target.session import ContractSession

_profile = runtime.profile()
schema = schema_for(_profile, _profile.base_url or "http://127.0.0.1")


@schema.parametrize()  # type: ignore[untyped-decorator]  # Schemathesis types parametrize() as an untyped callable
def test_operation_conforms(case: Any, contract_session: ContractSession) -> None:
    case.call_and_validate(
        base_url=contract_session.base_url, session=contract_session.client.generated, timeout=_profile.run.timeout
    )
