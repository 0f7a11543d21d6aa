"""The product as a new user gets it: build the wheel, install it into a fresh virtual environment
outside the checkout, and from a folder outside the checkout start `calcom-mock` and run
`calcom-contract run` against it, checking the exit codes, the last line and the reports.

This is what the README's first three commands do; it needs the package index (pip installs the
wheel's dependencies into the new environment)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env() -> dict[str, str]:
    """The caller's environment without anything that would point back into the checkout."""
    drop = ("CALCOM_", "PYTEST_", "PYTHONPATH", "VIRTUAL_ENV")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("installed")
    assert ROOT not in work.parents
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(ROOT)],
        check=True,
        timeout=600,
        env=_env(),
    )
    (wheel,) = dist.glob("calcom_bookings_contract-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(work / "v")], check=True, timeout=120, env=_env())
    subprocess.run(
        [str(work / "v" / "bin" / "pip"), "install", "--quiet", str(wheel)], check=True, timeout=900, env=_env()
    )
    return work / "v"


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("another-project")


@pytest.fixture(scope="module")
def mock_url(venv: Path, elsewhere: Path) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (elsewhere / "mock.log").open("w")
    process = subprocess.Popen(
        [str(venv / "bin" / "calcom-mock"), "--port", str(port), "--log-level", "warning"],
        cwd=elsewhere,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, (elsewhere / "mock.log").read_text()
            try:
                if requests.get(f"{url}/_mock/health", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            pytest.fail(f"calcom-mock did not start: {(elsewhere / 'mock.log').read_text()}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "calcom-contract"), *args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=900
    )


def test_the_installed_package_is_used_not_the_checkout(venv: Path, elsewhere: Path) -> None:
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import contract_tests, mock_server.resources as r; "
         "print(contract_tests.__file__); print(r.spec_path())"],
        cwd=elsewhere, env=_env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    for line in done.stdout.splitlines():
        assert Path(line).is_relative_to(venv) and Path(line).exists(), line


def test_the_suite_passes_against_the_installed_mock_with_reports(venv: Path, elsewhere: Path, mock_url: str) -> None:
    done = _run(venv, elsewhere, "run", "--base-url", mock_url, "--max-examples", "3", "--report", "junit,html,md")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert done.stderr.strip().splitlines()[-1].startswith("calcom-contract: PASSED:"), done.stderr[-2000:]
    reports = elsewhere / "reports"
    cases = ElementTree.parse(reports / "junit.xml").getroot().iter("testcase")
    names = [f"{case.get('classname')}::{case.get('name')}" for case in cases]
    assert len(names) > 40 and len(set(names)) == len(names), names
    assert "test_conformance::test_operation_conforms[POST /v2/bookings]" in names
    assert "Result: **PASSED**" in (reports / "contract-report.md").read_text()
    assert (reports / "report.html").stat().st_size > 10_000


def test_the_plugin_is_there_for_plain_pytest_from_any_folder(venv: Path, elsewhere: Path) -> None:
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pytest", "--pyargs", "contract_tests", "--co", "-q", "-p",
         "no:cacheprovider"],
        cwd=elsewhere, env=_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "test_conformance.py::test_operation_conforms[GET /v1/bookings]" in done.stdout


def test_an_unreachable_target_exits_2_at_once(venv: Path, elsewhere: Path) -> None:
    started = time.monotonic()
    done = _run(venv, elsewhere, "run", "--base-url", f"http://127.0.0.1:{_free_port()}")
    assert done.returncode == 2 and "pre-flight: cannot reach" in done.stderr, done.stderr
    assert time.monotonic() - started < 10
