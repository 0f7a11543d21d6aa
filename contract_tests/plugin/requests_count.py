"""One count of the run's requests, as the target saw them: every request goes through the run's pacer
(contract_tests/target/pacing.py), which counts it under the test that sent it. The terminal summary and
the Markdown report say the total, the requests of each phase and of each rule, and the time spent
waiting for the target's rate limit. A parallel run's workers send their counts to the controller."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from contract_tests.target import runtime
from contract_tests.target.pacing import Pacer

__all__ = [
    "CLEAN_UP",
    "PRE_FLIGHT",
    "SET_UP",
    "RequestCount",
    "carry_preflight",
    "phase_of",
    "request_count",
    "rule_of",
]

PRE_FLIGHT = "pre-flight"
SET_UP = "set-up"  # the session's own requests before the first test: health, reset, seed bookings
CLEAN_UP = "clean-up"
_KEY = pytest.StashKey["RequestCount"]()
_CARRIED: list[Pacer] = []  # pre-flight pacers, counted into the run's total when it is taken


class RequestCount:
    """Requests per test node id (or SET_UP / CLEAN_UP), 429s waited out and seconds waited."""

    def __init__(self) -> None:
        self.by_label: Counter[str] = Counter()
        self.throttled = 0
        self.waited = 0.0

    @property
    def total(self) -> int:
        return sum(self.by_label.values())

    def add(self, by_label: Mapping[str, int], *, throttled: int = 0, waited: float = 0.0) -> None:
        self.by_label.update({label or SET_UP: int(n) for label, n in by_label.items()})
        self.throttled += int(throttled)
        self.waited += float(waited)

    def as_output(self) -> dict[str, Any]:
        return {"by_label": dict(self.by_label), "throttled": self.throttled, "waited": self.waited}

    def by_phase(self) -> Counter[str]:
        phases: Counter[str] = Counter()
        for label, n in self.by_label.items():
            phases[phase_of(label)] += n
        return phases

    def by_rule(self) -> Counter[str]:
        rules: Counter[str] = Counter()
        for label, n in self.by_label.items():
            if phase_of(label) == "rules":
                rules[rule_of(label)] += n
        return rules

    def summary(self) -> str:
        phases = ", ".join(f"{phase} {n:,}" for phase, n in sorted(self.by_phase().items(), key=lambda kv: -kv[1]))
        waited = (
            f"; {self.throttled} answered 429 and were sent again, {self.waited:.0f} s spent waiting for the "
            "target's rate limit"
            if self.throttled or self.waited >= 1
            else ""
        )
        return f"requests sent: {self.total:,} ({phases}){waited}"

    def markdown(self) -> list[str]:
        lines = ["## Requests", "", f"{self.summary()}.", "", "| Phase or rule | Requests |", "|---|---:|"]
        for phase, n in sorted(self.by_phase().items(), key=lambda kv: -kv[1]):
            lines.append(f"| {phase} | {n} |")
            if phase == "rules":
                lines += [f"| &nbsp;&nbsp;`{rule}` | {m} |" for rule, m in sorted(self.by_rule().items())]
            elif phase == "conformance":
                tests = {label.split("::")[-1]: m for label, m in self.by_label.items() if phase_of(label) == phase}
                lines += [f"| &nbsp;&nbsp;`{test}` | {m} |" for test, m in sorted(tests.items(), key=lambda kv: -kv[1])]
        return lines


def phase_of(label: str) -> str:
    """`rules`, `conformance`, `stateful`, set-up or clean-up, from the node id that sent the request."""
    if label in ("", SET_UP, CLEAN_UP, PRE_FLIGHT):
        return label or SET_UP
    stem = Path(label.split("::", 1)[0]).stem
    if stem.startswith("test_rules"):
        return "rules"
    return stem.removeprefix("test_") or label


def rule_of(label: str) -> str:
    """The rule a node id tests: its test function without parameters."""
    return label.split("::")[-1].split("[", 1)[0]


def request_count(config: pytest.Config) -> RequestCount:
    if _KEY not in config.stash:
        config.stash[_KEY] = RequestCount()
    count = config.stash[_KEY]
    while _CARRIED:
        pacer = _CARRIED.pop()
        count.add({PRE_FLIGHT: pacer.sent}, throttled=pacer.throttled, waited=pacer.waited)
    return count


def carry_preflight(pacer: Pacer) -> None:
    """Count the pre-flight's requests (the CLI's, sent before pytest starts, or the plugin's) in the run's total."""
    _CARRIED.append(pacer)


def _pacer() -> Any:
    session = runtime.current_session()
    return session.client.limiter if session is not None else None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    pacer = _pacer()
    if pacer is not None:
        pacer.label = item.nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """Again once the fixtures are up: the first test's set-up opened the session."""
    pacer = _pacer()
    if pacer is not None:
        pacer.label = item.nodeid


def finish(config: pytest.Config, session: Any) -> None:
    """Take the session's pacer's counts, once, after its clean-up."""
    if session is None:
        return
    pacer = session.client.limiter
    request_count(config).add(pacer.by_label, throttled=pacer.throttled, waited=pacer.waited)
    pacer.by_label.clear()
    pacer.throttled, pacer.waited = 0, 0.0
