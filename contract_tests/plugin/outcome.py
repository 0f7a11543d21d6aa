"""What a failed contract test prints: once, short, as title / expected / received / curl.

A check failure (one of `failures.py`, or a Schemathesis check, alone or in Schemathesis's
`FailureGroup`) or a request the suite refused to send is already a complete message; the frames of
the suite and the object reprs pytest adds around it only bury it. Any other exception is a bug of
the suite or the target's transport and keeps pytest's full traceback.

Long lines are cut (a 1 MiB request body is not pasted into the log).

PYTEST_DONT_REWRITE (a plugin module with no asserts, also imported by plugin.py)
"""

from __future__ import annotations

import pytest
from schemathesis.core.failures import Failure, FailureGroup

from contract_tests.checks.failures import LedgerViolation, ReadOnlyViolation
from contract_tests.target.redaction import redact

__all__ = ["MAX_LINE", "cap_lines", "pytest_exception_interact", "report_session_failure", "short_failure"]

MAX_LINE = 2000  # characters of one output line (a curl with its body, a response excerpt)


def cap_lines(text: str, limit: int = MAX_LINE) -> str:
    """Every line at most `limit` characters, saying how long the cut line was."""
    return "\n".join(
        line if len(line) <= limit else f"{line[:limit]}… [{len(line) - limit:,} more characters]"
        for line in text.splitlines()
    )


def short_failure(error: BaseException) -> str | None:
    """The text to report for `error`, or None to keep pytest's traceback."""
    if isinstance(error, FailureGroup):
        text = error.message
    elif isinstance(error, Failure):
        code = getattr(error, "code", "")
        text = f"{error.title} [{code}]\n{error.message}" if code else f"{error.title}\n{error.message}"
    elif isinstance(error, (LedgerViolation, ReadOnlyViolation)):
        text = f"The suite refused to send a request\n{error}"
    else:
        return None
    return cap_lines(redact(text.strip()))


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node: pytest.Item, call: pytest.CallInfo[object], report: pytest.TestReport) -> None:
    """Schemathesis's plugin rewrites the report of a failed test here, after the plugin's
    `pytest_runtest_makereport` made it short and redacted it: make it so again."""
    if call.excinfo is None or not isinstance(report, pytest.TestReport):
        return
    short = short_failure(call.excinfo.value)
    if short is not None:
        report.longrepr = short
    elif isinstance(report.longrepr, str):
        report.longrepr = redact(report.longrepr)


def report_session_failure(session: pytest.Session, nodeid: str, message: str) -> None:
    """Report a failure of the whole run (a --min-coverage shortfall) as one more failed test, so the
    JUnit XML, the HTML report, the terminal's summary and --lf show it like any other. Call it
    before the reporters finish (a `tryfirst` pytest_sessionfinish)."""
    path, _, name = nodeid.partition("::")
    for when, outcome, longrepr in (
        ("setup", "passed", None),
        ("call", "failed", message),
        ("teardown", "passed", None),
    ):
        report = pytest.TestReport(nodeid, (path, None, name), {}, outcome, longrepr, when, user_properties=[])  # type: ignore[arg-type]
        session.config.hook.pytest_runtest_logreport(report=report)
