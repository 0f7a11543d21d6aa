"""Stateful sequences through the spec's links (`schema.as_state_machine()`): create, then get,
cancel, decline, confirm, reschedule, mark-absent, report and the v1 reads of what was created, with
the built-in use-after-free and resource-availability checks and the suite's own (`stateful.py`)."""

from __future__ import annotations

import pytest

from contract_tests.generated.conformance import schema_for
from contract_tests.generated.stateful import run_workflow, workflow_for
from contract_tests.target import runtime
from contract_tests.target.session import ContractSession

pytestmark = pytest.mark.writes

_profile = runtime.profile()
BookingWorkflow = workflow_for(schema_for(_profile, _profile.base_url or "http://127.0.0.1", stateful=True))


def test_booking_workflows_keep_their_promises(contract_session: ContractSession) -> None:
    run_workflow(BookingWorkflow, _profile.budget.stateful_settings(_profile.run.seed))
