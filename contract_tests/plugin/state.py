"""The run's state as the plugin's modules reach it: the one `RunState` (contract_tests/target/runtime.py),
kept in the pytest config's stash as well, so every hook of a config finds the run that config started.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import pytest

from contract_tests.target import runtime
from contract_tests.target.runtime import RunState

__all__ = ["RunState", "run_state", "start_run"]

_STATE = pytest.StashKey[RunState]()


def start_run(config: pytest.Config, state: RunState) -> RunState:
    """`state` becomes the run in progress, for this config's hooks and for the suite's plain functions."""
    config.stash[_STATE] = runtime.begin(state)
    return state


def run_state(config: pytest.Config) -> RunState:
    """The run's state, for the plugin and its companion plugins (pre-flight, parallel, progress)."""
    return config.stash[_STATE]
