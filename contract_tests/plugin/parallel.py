"""Parallel runs with pytest-xdist (`-n N`, or `calcom-contract run --workers N`).

Each worker is a whole run of its own: its own session, ledger (and ledger file), attendee namespace
(`ct<run>.<attendee_domain>`) and clean-up; with the embedded mock, its own mock. Against a shared
target the workers share one window of slots and take turns in it (worker i of n books every n-th
slot, see slots.py), and `--rate-limit` is shared out between them. When a worker finishes it sends
what the controller needs for the one merged report: its calls per operation and status, the
bookings it made, what it could not clean up, its failures. The controller then prints the coverage
table, applies `--min-coverage` and writes the Markdown report as for a single process.

PYTEST_DONT_REWRITE (a plugin module, also imported by plugin.py)
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pytest

from contract_tests.plugin.requests_count import request_count
from contract_tests.plugin.state import run_state
from contract_tests.target.http import TargetReader
from contract_tests.target.targets import RunOptions

__all__ = ["WORKER_OUTPUT", "is_worker", "worker_options"]

WORKER_OUTPUT = "calcom_contract"
_WINDOW_SEED = random.randrange(1 << 32)  # chosen once, on the controller


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def worker_options(config: pytest.Config, run: RunOptions) -> RunOptions:
    """This process's share of the run: its lane, the shared window, its part of the rate limit."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return run
    lanes = int(workerinput.get("workercount", 1))
    lane = int(str(workerinput.get("workerid", "gw0")).removeprefix("gw"))
    seed = workerinput.get("calcom_window_seed")
    return replace(
        run,
        lane=lane,
        lanes=lanes,
        window_seed=int(seed) if seed is not None else None,
        rate_limit=run.rate_limit / lanes if run.rate_limit else None,
        budget=run.request_budget // lanes if run.request_budget else None,
    )


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Controller: every worker gets the same window seed."""
    node.workerinput["calcom_window_seed"] = _WINDOW_SEED


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Controller of a parallel run on a mock the user started: reset it once, before the workers
    start (a worker resetting it would wipe the others' bookings)."""
    config = session.config
    if is_worker(config) or not config.pluginmanager.hasplugin("dsession") or config.option.collectonly:
        return
    state = run_state(config)
    if state.profile.mock and not state.embedded and not state.profile.run.read_only:
        TargetReader(state.profile, base_url=state.base_url).control("POST", "/reset").raise_for_status()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Worker: send what the merged report needs (after the session fixture's clean-up)."""
    config = session.config
    if not is_worker(config):
        return
    state = run_state(config)
    config.workeroutput[WORKER_OUTPUT] = {  # type: ignore[attr-defined]
        "calls": state.recorder.counts(),
        "bookings": len(state.session.ledger) if state.session is not None else 0,
        "cleanup_problems": list(state.cleanup_problems),
        "failures": [list(failure) for failure in state.failures],
        "run_id": state.session.run_id if state.session is not None else None,
        "requests": request_count(config).as_output(),
    }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """Controller: merge a finished worker into the run's state."""
    output = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT)
    if output is None:
        return
    state = run_state(node.config)
    state.recorder.merge(output["calls"])
    request_count(node.config).add(**output.get("requests", {"by_label": {}}))
    state.worker_bookings += int(output["bookings"])
    state.cleanup_problems += list(output["cleanup_problems"])
    state.failures += [(str(nodeid), str(text)) for nodeid, text in output["failures"]]
    if output["run_id"]:
        state.worker_runs.append(str(output["run_id"]))
