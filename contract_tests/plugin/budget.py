"""`--budget N` (and `--staging`, whose default is 1,400): the run sends about N requests at most.

The phases run in order (rules, conformance, stateful) and each may start a test only while the run's
requests so far are under its cumulative share of the budget; what one phase leaves unspent the next may
use. The last share is kept for the clean-up, which always runs to the end. A test that would start past its
phase's share is skipped, saying so. The shares put the requests where findings are: the business rules
(which catch most planted faults) first and most, Schemathesis's conformance cases next, the stateful
sequences last.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests.plugin.requests_count import phase_of, request_count
from contract_tests.target import runtime

__all__ = ["SHARES", "allowance", "spent"]

# Cumulative shares of the budget: a phase may start a test while the run has sent less than this.
SHARES = {"rules": 0.68, "conformance": 0.82, "stateful": 0.84}  # the rest: the clean-up
CONTRACT_DIR = Path(__file__).resolve().parent.parent


def allowance(phase: str, budget: int) -> int | None:
    share = SHARES.get(phase)
    return None if share is None else int(share * budget)


def spent(config: pytest.Config) -> int:
    """Requests sent so far: the pre-flight's and the session's (counted per test, not yet merged)."""
    session = runtime.current_session()
    return request_count(config).total + (session.client.limiter.sent if session is not None else 0)


@pytest.hookimpl(trylast=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    from contract_tests.plugin import run_state

    if CONTRACT_DIR not in Path(str(item.path)).parents:
        return
    budget = run_state(item.config).profile.run.request_budget
    if budget is None:
        return
    phase = phase_of(item.nodeid)
    limit = allowance(phase, budget)
    used = spent(item.config)
    if limit is not None and used >= limit:
        pytest.skip(f"--budget {budget}: the {phase} phase may run while under {limit} requests; {used} are spent")
