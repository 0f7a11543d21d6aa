"""SIGTERM (what CI sends when a job times out or is cancelled) stops the run as Ctrl-C does: pytest is
interrupted before its next request (one already sent is answered and recorded first), the session
fixture's clean-up cancels what the run made, and the summary says so, with what
was left and the exact `calcom-contract cleanup` command for it. Without this, SIGTERM ended the process
at once (exit 143) with no clean-up and no hint. A second SIGTERM ends the process at once."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

import pytest

from contract_tests.target.pacing import stop_before_next_request

__all__ = ["Terminated"]


class Terminated(KeyboardInterrupt):
    """The run was sent SIGTERM."""


_previous: Any = None
_received = False


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Stop at the next request (not mid-request: see `stop_before_next_request`); a second SIGTERM ends
    the process at once."""
    global _received
    _received = True
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    stop_before_next_request(Terminated())


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    global _previous
    if threading.current_thread() is threading.main_thread() and not hasattr(config, "workerinput"):
        _previous = signal.signal(signal.SIGTERM, _on_sigterm)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _received:
        terminalreporter.write_line(
            "SIGTERM received: the run stopped early and cleaned up what it made (see the clean-up lines)",
            yellow=True,
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    global _previous
    if _previous is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _previous)
        _previous = None
