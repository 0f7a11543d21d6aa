"""The run in progress, in one place: `RunState` holds its profile, target, session, coverage and outcome.

The pytest plugin starts the run (`begin`) before test modules are collected and keeps the same object in
the pytest config's stash; Schemathesis hooks and checks are plain functions called deep inside
generation and find it here. Nothing else is module-level state in the suite.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from contract_tests.target.coverage import CoverageRecorder
from contract_tests.target.session import ContractSession
from contract_tests.target.targets import RunOptions, TargetProfile, load_profile

__all__ = ["RunState", "begin", "current", "current_session", "profile", "using"]


class Stoppable(Protocol):
    """A target the run started itself (the embedded mock)."""

    def stop(self) -> None: ...


@dataclass
class RunState:
    profile: TargetProfile
    base_url: str
    embedded: bool
    recorder: CoverageRecorder = field(default_factory=CoverageRecorder)
    mock: Stoppable | None = None
    session: ContractSession | None = None
    started: float = field(default_factory=time.monotonic)
    failures: list[tuple[str, str]] = field(default_factory=list)
    cleanup_problems: list[str] = field(default_factory=list)
    coverage_failed: str | None = None
    worker_bookings: int = 0  # on the controller of a parallel run: bookings the workers made
    worker_runs: list[str] = field(default_factory=list)  # ... and their run ids

    @property
    def ran(self) -> bool:
        """This process ran the suite, or (controller) heard from a worker that did."""
        return self.session is not None or bool(self.worker_runs)

    @property
    def bookings_made(self) -> int:
        return (len(self.session.ledger) if self.session is not None else 0) + self.worker_bookings

    @property
    def runs(self) -> str:
        ids = [self.session.run_id] if self.session is not None else self.worker_runs
        return f"run {ids[0]}" if len(ids) == 1 else f"{len(ids)} workers (runs {', '.join(sorted(ids))})"


_run: RunState | None = None
_default_profile: TargetProfile | None = None


def begin(state: RunState) -> RunState:
    """Make `state` the run in progress (the pytest plugin does, before test modules are collected)."""
    global _run
    _run = state
    return state


def current() -> RunState | None:
    return _run


def profile() -> TargetProfile:
    """The run's profile; outside pytest, the built-in profile with default options."""
    global _default_profile
    if _run is not None:
        return _run.profile
    if _default_profile is None:
        _default_profile = load_profile(run=RunOptions(), environ={})
    return _default_profile


def current_session() -> ContractSession | None:
    return _run.session if _run is not None else None


@contextmanager
def using(session: ContractSession) -> Iterator[ContractSession]:
    """Make `session` the run's session for the duration of the block (the self-test uses this)."""
    global _run
    outer = _run
    run = outer or RunState(profile=session.profile, base_url=session.base_url, embedded=False)
    previous, run.session, _run = run.session, session, run
    try:
        yield session
    finally:
        run.session, _run = previous, outer
