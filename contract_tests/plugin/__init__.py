"""The pytest side of the suite: options, the session fixture that brings up the target, markers,
redaction of every report, the coverage table, `--min-coverage` and the Markdown report.

Registered by the package's `pytest11` entry point (pyproject.toml), so any pytest run of an environment
where the project is installed has its options.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Generator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from contract_tests.generated import seed
from contract_tests.plugin.mockproc import EmbeddedMock, free_port
from contract_tests.plugin.outcome import report_session_failure, short_failure
from contract_tests.plugin.parallel import is_worker, worker_options
from contract_tests.plugin.report import write_markdown_report
from contract_tests.plugin.requests_count import CLEAN_UP, request_count
from contract_tests.plugin.requests_count import finish as count_requests
from contract_tests.plugin.state import RunState, run_state, start_run
from contract_tests.target.occupied import avoid_occupied
from contract_tests.target.redaction import install_log_redaction, redact, register_secrets
from contract_tests.target.session import ContractSession
from contract_tests.target.targets import ProfileError, RunOptions, TargetProfile, load_profile

__all__ = ["RunState", "ledger_path", "run_state"]

# Companion plugins: operation names in node ids; short failure reports; the pre-flight check.
pytest_plugins = [
    "contract_tests.plugin.naming",
    "contract_tests.plugin.outcome",
    "contract_tests.plugin.preflight",
    "contract_tests.plugin.parallel",
    "contract_tests.plugin.requests_count",
    "contract_tests.plugin.budget",
    "contract_tests.plugin.sigterm",
]

CONTRACT_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_RESPONSE_BUDGET_MS = 3000.0  # generous: the mock answers in milliseconds, even on a loaded CI machine
COVERAGE_NODEID = "contract_tests/coverage::min_coverage"  # how a --min-coverage shortfall is reported


# ----------------------------------------------------------------------------------------- options


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("calcom-contract", "Cal.com bookings contract tests")
    group.addoption(
        "--base-url",
        default=None,
        metavar="URL",
        help="test this server instead of starting the embedded mock (env CALCOM_BASE_URL)",
    )
    group.addoption(
        "--api-key", default=None, metavar="KEY", help="API key to act with (env CALCOM_API_KEY); never printed"
    )
    group.addoption(
        "--target-profile",
        default=None,
        metavar="FILE",
        help="YAML profile of what the target holds (env CALCOM_TARGET_PROFILE; default: the mock's)",
    )
    group.addoption(
        "--read-only",
        action="store_true",
        default=False,
        help="send GET requests only (no bookings are made or changed)",
    )
    group.addoption("--rate-limit", type=float, default=None, metavar="N", help="at most N requests per second")
    group.addoption("--request-timeout", type=float, default=10.0, metavar="S", help="seconds per request (default 10)")
    group.addoption(
        "--thorough",
        action="store_true",
        default=False,
        help="many more generated cases per operation, rule and stateful run",
    )
    group.addoption(
        "--staging",
        action="store_true",
        default=False,
        help="the staging preset: few cases, spent where findings are, within --budget (default 1400 requests)",
    )
    group.addoption(
        "--budget",
        type=int,
        default=None,
        metavar="N",
        help="send at most about N requests: each phase stops when its share is spent (the clean-up keeps its own)",
    )
    group.addoption(
        "--max-examples",
        type=int,
        default=None,
        metavar="N",
        help="cases per operation / rule / stateful run, overriding --thorough and the default",
    )
    group.addoption(
        "--min-coverage",
        type=float,
        default=None,
        metavar="PCT",
        help="fail the run if fewer than PCT%% of the documented status codes were exercised",
    )
    group.addoption("--contract-report", default=None, metavar="FILE", help="write a Markdown report of the run")
    group.addoption(
        "--contract-ledger",
        default=None,
        metavar="FILE",
        help="where to keep the bookings the run makes as it goes, for `python -m contract_tests.target.cleanup` "
        "after a run that was killed (default: reports/contract-ledger-<run>.jsonl; removed once all is cancelled)",
    )
    group.addoption(
        "--max-response-time",
        type=float,
        default=None,
        metavar="MS",
        help="fail any answer slower than MS milliseconds (default: off against a server you name, "
        f"{EMBEDDED_RESPONSE_BUDGET_MS:g} against the embedded mock)",
    )
    group.addoption("--mock-seed", type=int, default=7, metavar="N", help="seed of the embedded mock (default 7)")
    group.addoption(
        "--no-preflight",
        dest="preflight",
        action="store_false",
        default=True,
        help="do not check the target, the key and the profile's ids before the first test",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "contract: a test of the contract suite (needs a target)")
    config.addinivalue_line("markers", "writes: makes or changes bookings; skipped with --read-only")
    config.addinivalue_line("markers", "mock_only: needs the mock's control API (profile `mock: true`)")
    config.addinivalue_line("markers", "selftest: runs the suite against deliberately broken mocks")
    seed = config.getoption("hypothesis_seed", default=None)
    report = config.getoption("contract_report")
    run = RunOptions(
        read_only=config.getoption("read_only"),
        rate_limit=config.getoption("rate_limit"),
        timeout=config.getoption("request_timeout"),
        seed=int(seed) if seed is not None else None,
        thorough=config.getoption("thorough"),
        staging=config.getoption("staging"),
        budget=config.getoption("budget"),
        max_examples=config.getoption("max_examples"),
        min_coverage=config.getoption("min_coverage"),
        report=Path(report) if report else None,
    )
    run = worker_options(config, run)
    try:
        profile = load_profile(
            profile_path=config.getoption("target_profile"),
            base_url=config.getoption("base_url"),
            api_key=config.getoption("api_key"),
            run=run,
        )
    except ProfileError as error:
        raise pytest.UsageError(str(error)) from None
    register_secrets(*profile.secrets())
    install_log_redaction()
    embedded = profile.base_url is None
    budget_ms = config.getoption("max_response_time")
    if budget_ms is None and embedded:
        budget_ms = EMBEDDED_RESPONSE_BUDGET_MS
    if budget_ms is not None:
        profile = replace(profile, run=replace(profile.run, max_response_time=budget_ms / 1000))
    if embedded:
        profile = replace(profile, mock=True).with_base_url(f"http://127.0.0.1:{free_port()}")
    assert profile.base_url is not None
    start_run(config, RunState(profile=profile, base_url=profile.base_url, embedded=embedded))


# Business rules run first, on a target no generated case has touched yet: a generated PATCH or
# reschedule may leave a booking spanning years that makes its host look busy (legitimately), and
# the rules need free slots. Then conformance, then stateful sequences.
_ORDER = {"test_rules": 0, "test_conformance": 1, "test_stateful": 2}


def _order_key(item: pytest.Item) -> int:
    name = Path(str(item.path)).stem
    return next((rank for prefix, rank in _ORDER.items() if name.startswith(prefix)), 0)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    state = run_state(config)
    positions = [i for i, item in enumerate(items) if CONTRACT_DIR in Path(str(item.path)).parents]
    for position, item in zip(positions, sorted((items[i] for i in positions), key=_order_key), strict=True):
        items[position] = item
    for item in items:
        if CONTRACT_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.contract)
            label = getattr(item, "operation_label", None) or ""
            writes = item.get_closest_marker("writes") or (label and not label.startswith("GET "))
            if state.profile.run.read_only and writes:
                item.add_marker(pytest.mark.skip(reason="--read-only: this test makes or changes bookings"))
            elif not state.profile.api_key and item.get_closest_marker("writes"):
                item.add_marker(
                    pytest.mark.skip(
                        reason="the target profile has no `api_key`: pass --api-key (or set CALCOM_API_KEY) "
                        "with a key of an admin of org_id"
                    )
                )
            if not state.profile.mock and item.get_closest_marker("mock_only"):
                item.add_marker(
                    pytest.mark.skip(
                        reason="needs the mock's control API: the target profile does not say `mock: true`"
                    )
                )


# ---------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def contract_profile(pytestconfig: pytest.Config) -> TargetProfile:
    return run_state(pytestconfig).profile


def ledger_path(chosen: str | None, run_id: str, *, worker: bool) -> Path:
    """Where the run keeps its ledger: the file named, or reports/contract-ledger-<run>.jsonl. Parallel
    workers each keep their own, the run id added to the name, or they would overwrite one another's."""
    if not chosen:
        return Path("reports") / f"contract-ledger-{run_id}.jsonl"
    path = Path(chosen)
    return path.with_name(f"{path.stem}-{run_id}{path.suffix}") if worker else path


@pytest.fixture(scope="session")
def contract_session(pytestconfig: pytest.Config) -> Iterator[ContractSession]:
    """The target, up and (when it is the mock) reset; everything the run made is cancelled after."""
    state = run_state(pytestconfig)
    profile = state.profile
    if state.embedded:
        port = int(state.base_url.rsplit(":", 1)[1])
        mock = EmbeddedMock(port, seed=pytestconfig.getoption("mock_seed"))
        mock.start()
        state.mock = mock
    run_id = secrets.token_hex(3)
    journal = None
    if not profile.run.read_only:
        journal = ledger_path(pytestconfig.getoption("contract_ledger"), run_id, worker=is_worker(pytestconfig))
    session = ContractSession.open(profile, state.base_url, recorder=state.recorder, run_id=run_id, journal=journal)
    if profile.mock:
        try:
            health = session.client.control("GET", "/health")
        except Exception as error:
            pytest.exit(
                f"the target profile says `mock: true` but {state.base_url}/_mock/health failed: {redact(error)}", 2
            )
        if health.status_code != 200:
            pytest.exit(
                f"the target profile says `mock: true` but {state.base_url}/_mock/health "
                f"answered {health.status_code}; "
                "pass --target-profile for a real server",
                2,
            )
        if not profile.run.read_only and (state.embedded or profile.run.lanes == 1):
            session.client.control("POST", "/reset")  # a shared mock is reset once, by the controller
    if profile.run.read_only:
        if profile.api_key:
            session.discover()
    else:
        if not profile.mock and profile.api_key:  # a shared target: keep off other people's bookings
            avoid_occupied(session.client, session.slots, profile, session.ledger.is_ours)
        seed.seed_bookings(session)
    state.session = session  # kept after the run too: the summary and the report count what it made
    try:
        yield session
    finally:
        session.client.limiter.label = CLEAN_UP
        if not profile.run.read_only:
            state.cleanup_problems = session.clean_up()
            if journal is not None and not state.cleanup_problems:
                journal.unlink(missing_ok=True)  # nothing left for a later clean-up
        count_requests(pytestconfig, session)
        if state.mock is not None:
            state.mock.stop()


# ------------------------------------------------------------------------------------- reporting


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[Any]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Redact every report before any reporter (terminal, JUnit, the Markdown report) sees it."""
    report = yield
    short = short_failure(call.excinfo.value) if call.excinfo is not None and report.failed else None
    if short is not None and CONTRACT_DIR in Path(str(item.path)).parents:
        report.longrepr = short  # one short message instead of the suite's frames and reprs
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, reason)
        path, line, reason = report.longrepr
        report.longrepr = (redact(path), line, redact(reason))
    elif report.longrepr is not None:
        text = str(report.longrepr)
        cleaned = redact(text)
        if cleaned != text:  # keep pytest's own rendering unless there is something to hide
            report.longrepr = cleaned
    report.sections = [(title, redact(content)) for title, content in report.sections]
    report.user_properties = [(name, redact(value)) for name, value in report.user_properties]
    if report.failed and CONTRACT_DIR in Path(str(item.path)).parents:
        state = run_state(item.config)
        state.failures.append((item.nodeid, redact(str(report.longrepr))))
    return report


def pytest_runtest_setup(item: pytest.Item) -> None:
    if CONTRACT_DIR in Path(str(item.path)).parents:
        state = run_state(item.config)
        item.user_properties.append(("target", redact(state.base_url)))
        item.user_properties.append(("target_profile", state.profile.name))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = run_state(session.config)
    if not state.ran or is_worker(session.config):
        return
    threshold = state.profile.run.min_coverage
    percent = state.recorder.status_percent()
    if threshold is not None and percent < threshold:
        state.coverage_failed = (
            f"--min-coverage {threshold:g}: only {percent:.1f}% of the documented status codes were exercised"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        report_session_failure(session, COVERAGE_NODEID, state.coverage_failed)
    if state.profile.run.report is not None:
        write_markdown_report(
            state.profile.run.report,
            profile=state.profile,
            base_url=state.base_url,
            recorder=state.recorder,
            failures=state.failures,
            seconds=time.monotonic() - state.started,
            ledger_size=state.bookings_made,
            cleanup_problems=state.cleanup_problems,
            coverage_failed=state.coverage_failed,
            requests=request_count(session.config).markdown(),
        )


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = run_state(config)
    if not state.ran or is_worker(config):
        return
    write = terminalreporter.write_line
    terminalreporter.section("Cal.com contract coverage")
    seed = state.profile.run.seed
    write(
        redact(
            f"target: {'the embedded mock' if state.embedded else state.base_url} "
            f"({'one per worker' if state.embedded and state.worker_runs else state.profile.source}), "
            f"profile: {state.profile.name}, {state.runs}, "
            f"seed: {seed if seed is not None else 'fixed (pass --hypothesis-seed N to vary)'}"
        )
    )
    for line in state.recorder.table().splitlines():
        write(redact(line))
    write(request_count(config).summary())
    write(f"bookings created by this run: {state.bookings_made}; left uncancelled: {len(state.cleanup_problems)}")
    for problem in state.cleanup_problems:
        write(redact(f"  clean-up: {problem}"), yellow=True)
    journal = state.session.ledger.journal if state.session is not None else None
    if state.cleanup_problems and journal is not None:
        write(f"  ledger kept in {os.fspath(journal)}: calcom-contract cleanup --ledger {os.fspath(journal)}")
    elif state.cleanup_problems:
        write("  each worker's ledger is kept under reports/: calcom-contract cleanup --ledger FILE")
    if state.coverage_failed:
        write(state.coverage_failed, red=True, bold=True)
    if state.profile.run.report is not None:
        write(f"report: {os.fspath(state.profile.run.report)}")
