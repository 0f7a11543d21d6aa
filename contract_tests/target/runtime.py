"""The run in progress: the profile chosen at start-up and, once the target is up, the session.

Schemathesis hooks and checks are plain functions called deep inside generation; they find the run's
state here. Nothing else is module-level state in the suite.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from contract_tests.target.session import ContractSession
from contract_tests.target.targets import RunOptions, TargetProfile, load_profile

__all__ = ["activate", "configure", "current_session", "profile", "using"]

_profile: TargetProfile | None = None
_session: ContractSession | None = None


def configure(value: TargetProfile) -> None:
    """Set the run's profile (the pytest plugin does, before test modules are collected)."""
    global _profile
    _profile = value


def profile() -> TargetProfile:
    """The run's profile; outside pytest, the built-in profile with default options."""
    global _profile
    if _profile is None:
        _profile = load_profile(run=RunOptions(), environ={})
    return _profile


def activate(session: ContractSession | None) -> None:
    global _session
    _session = session


def current_session() -> ContractSession | None:
    return _session


@contextmanager
def using(session: ContractSession) -> Iterator[ContractSession]:
    """Make `session` current for the duration of the block (the self-test uses this)."""
    previous = _session
    activate(session)
    try:
        yield session
    finally:
        activate(previous)
