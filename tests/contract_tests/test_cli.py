"""The suite as users run it: `pytest contract_tests --base-url ... --api-key ...` in a subprocess,
against a mock served here, with a recognisable key that must appear in no output, JUnit XML or
report. With a planted fault the run fails (exit code 1) and names the check; on the clean mock it
passes; `--min-coverage` fails a run that exercised too little."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mock_server import create_app, serve_in_background
from mock_server.services import bookings

pytestmark = pytest.mark.selftest

ROOT = Path(__file__).resolve().parents[2]
CANARY = "cal_live_CANARY7f3e9a2b5c41"
SELECTION = "cancel_reads_cancelled or missing_and_unknown_keys"


@pytest.fixture(scope="module")
def canary_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default fixtures with the org owner's key replaced by the canary."""
    text = (ROOT / "mock_server" / "fixtures" / "default.yaml").read_text()
    path = tmp_path_factory.mktemp("fixtures") / "canary.yaml"
    path.write_text(text.replace("cal_test_acme_owner_key", CANARY))
    return path


def run_suite(url: str, out: Path, *extra: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CALCOM_", "PYTEST_"))}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "contract_tests/test_rules_bookings.py",
        "contract_tests/test_rules_tenancy.py",
        "-k",
        SELECTION,
        "--base-url",
        url,
        "--api-key",
        CANARY,
        "--max-examples",
        "2",
        "-p",
        "no:cacheprovider",
        "--junitxml",
        str(out / "junit.xml"),
        "--contract-report",
        str(out / "report.md"),
        *extra,
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def assert_no_canary(output: str, out: Path) -> None:
    for name, text in (
        ("output", output),
        ("JUnit XML", (out / "junit.xml").read_text()),
        ("report", (out / "report.md").read_text()),
    ):
        assert CANARY not in text, f"the API key leaked into the {name}"


@pytest.fixture
def served(canary_fixtures: Path) -> Iterator[str]:
    with serve_in_background(create_app(fixtures=canary_fixtures, seed=5)) as url:
        yield url


def test_a_planted_fault_fails_the_run_and_the_key_is_redacted_everywhere(
    served: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def cancel(self: Any, uid: str, **kwargs: Any) -> Any:
        return self.get(uid)  # a cancel that changes nothing

    monkeypatch.setattr(bookings.BookingService, "cancel", cancel)
    code, output = run_suite(served, tmp_path)
    assert code == 1, output[-3000:]
    assert "Cancelled booking is not cancelled" in output
    assert "Bearer [REDACTED]" in output and "curl -X" in output
    assert 'failures="' in (tmp_path / "junit.xml").read_text()
    assert_no_canary(output, tmp_path)


def test_the_clean_mock_passes_and_min_coverage_can_fail_the_run(served: str, tmp_path: Path) -> None:
    code, output = run_suite(served, tmp_path)
    assert code == 0, output[-3000:]
    assert "Cal.com contract coverage" in output and "documented status codes exercised" in output
    assert_no_canary(output, tmp_path)
    code, output = run_suite(served, tmp_path, "--min-coverage", "99")
    assert code == 1 and "--min-coverage 99" in output, output[-2000:]
