"""The live progress display of `calcom-contract run`: which phase, which operation, requests sent,
failures so far, and an ETA (from the rate limit when there is one).

On a terminal it is one line on stderr, redrawn a few times a second; elsewhere (a CI log) it is a
line at each change of phase and at most one every few seconds otherwise. pytest's own per-test
letters are hidden while it shows; pytest's failure reports and summary are unchanged.

PYTEST_DONT_REWRITE (a plugin object, registered by cli.py)
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pytest

from contract_tests.plugin.state import run_state

__all__ = ["Progress", "RunTally", "estimate", "phase_of"]

_PHASES = {"test_rules": "business rules", "test_conformance": "conformance", "test_stateful": "stateful"}


def phase_of(nodeid: str) -> str:
    module = Path(nodeid.split("::", 1)[0]).stem
    return next((phase for prefix, phase in _PHASES.items() if module.startswith(prefix)), module)


def _what(nodeid: str) -> str:
    """The operation of a conformance test, else the test's name."""
    name = nodeid.split("::")[-1]
    if name.startswith("test_operation_conforms[") and name.endswith("]"):
        return name[len("test_operation_conforms[") : -1]
    return name


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


@dataclass
class RunTally:
    """What the run did, for the progress line and the command's last line."""

    total: int = 0
    done: int = 0
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    phase: str = "starting"
    current: str = ""
    started: float = field(default_factory=time.monotonic)
    coverage_failed: str | None = None

    def summary(self) -> str:
        return (
            f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped "
            f"in {_duration(time.monotonic() - self.started)}"
        )


class Progress:
    """A pytest plugin object; `tally` stays readable after the run."""

    def __init__(self, *, stream: TextIO | None = None, live: bool = True, rate_limit: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = live
        self.tty = self.stream.isatty()
        self.rate_limit = rate_limit
        self.tally = RunTally()
        self.config: pytest.Config | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._last_line = 0.0
        self._last_phase = ""
        self._ticker: threading.Thread | None = None
        self.tests_started = time.monotonic()

    # ------------------------------------------------------------------------------------ hooks

    def pytest_configure(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if session.items:
            self._start_counting(len(session.items))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        """A parallel run: the controller collects nothing itself; every worker reports the same ids."""
        if not self.tally.total:
            self._start_counting(len(ids))

    def _start_counting(self, total: int) -> None:
        self.tally.total = total
        self.tests_started = time.monotonic()
        if self.live and self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="calcom-contract-progress", daemon=True)
            self._ticker.start()

    def pytest_runtest_logstart(self, nodeid: str, location: tuple[str, int | None, str]) -> None:
        with self._lock:
            self.tally.phase, self.tally.current = phase_of(nodeid), _what(nodeid)
        self._show()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        with self._lock:
            if report.failed:
                self.tally.failed += 1
            elif report.skipped and report.when in ("setup", "call"):
                self.tally.skipped += 1
            elif report.passed and report.when == "call":
                self.tally.passed += 1
            if report.when == "teardown":
                self.tally.done += 1

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
        """Hide pytest's per-test letters while the progress line shows (the counts stay)."""
        if not self.live or config.get_verbosity() > 0:
            return None
        if report.when == "call" and report.outcome in ("passed", "failed"):
            return report.outcome, "", report.outcome.upper()
        if report.skipped and report.when == "setup":
            return "skipped", "", "SKIPPED"
        return None

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        if self.live and self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()
        self.tally.coverage_failed = run_state(session.config).coverage_failed

    # ---------------------------------------------------------------------------------- display

    def _requests(self) -> int | None:
        if self.config is None or hasattr(self.config, "workerinput"):
            return None
        state = run_state(self.config)
        return sum(row.calls for row in state.recorder.rows()) if state.session is not None else None

    def line(self) -> str:
        tally = self.tally
        elapsed = time.monotonic() - self.tests_started
        requests = self._requests()
        parts = [
            f"[{tally.done}/{tally.total}] {tally.phase}: {tally.current}",
            f"{requests:,} requests" if requests is not None else "",
            f"{tally.failed} failed",
        ]
        eta = self._eta(elapsed, requests)
        if eta is not None:
            parts.append(f"ETA {_duration(eta)}")
        return "  ".join(part for part in parts if part)

    def _eta(self, elapsed: float, requests: int | None) -> float | None:
        from contract_tests.plugin import run_state

        pace, budget = (1 / self.rate_limit if self.rate_limit else 0.0), None
        if self.config is not None and not hasattr(self.config, "workerinput"):
            state = run_state(self.config)
            budget = state.profile.run.request_budget
            if state.session is not None:
                pace = max(pace, state.session.client.limiter.seconds_per_request())
        tally = self.tally
        return estimate(elapsed, tally.done, tally.total, requests, pace=pace, budget=budget)

    def _show(self, *, tick: bool = False) -> None:
        if not self.live:
            return
        now = time.monotonic()
        with self._lock:
            if self.tty:
                self.stream.write("\r\033[K" + self.line()[:200])
            else:
                changed = self.tally.phase != self._last_phase
                if not changed and now - self._last_line < (15.0 if tick else 3.0):
                    return
                self._last_phase, self._last_line = self.tally.phase, now
                self.stream.write(self.line() + "\n")
            self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(0.5 if self.tty else 5.0):
            self._show(tick=True)

    def __repr__(self) -> str:
        return f"Progress({self.tally!r})"


EARLY = 0.05  # no ETA before this share of the tests is done (the set-up and the first tests mislead)


def estimate(
    elapsed: float, done: int, total: int, requests: int | None, *, pace: float = 0.0, budget: int | None = None
) -> float | None:
    """Seconds left: the time the tests took so far, per test; at least the requests still to send at the
    slowest pace the target allows (`pace` seconds a request: --rate-limit, or the target's own limit),
    and with a request budget at most what is left of it."""
    if not done or done >= total or done < max(2, EARLY * total):
        return None
    remaining = total - done
    seconds = elapsed / done * remaining
    if requests and pace:
        to_send = requests / done * remaining
        if budget is not None:
            to_send = min(to_send, max(0, budget - requests))
        seconds = max(seconds, to_send * pace)
    return seconds
