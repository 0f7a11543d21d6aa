"""`calcom-contract` as a user runs it, in a subprocess from a folder outside the checkout: exit codes,
reports, the last line, the pre-flight stop and `doctor`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml

from contract_tests.target.targets import profile_from_mapping
from mock_server import create_app, serve_in_background

pytestmark = pytest.mark.selftest

SELECTION = "cancel_reads_cancelled or missing_and_unknown_keys or (conforms and cancel and not v1)"


def calcom_contract(*args: str, cwd: Path, timeout: float = 300) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CALCOM_", "PYTEST_"))}
    done = subprocess.run(
        [sys.executable, "-m", "contract_tests.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with serve_in_background(create_app(seed=11)) as url:
        yield url


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_target_or_a_wrong_key_stops_in_seconds_with_one_message(served: str, tmp_path: Path) -> None:
    for args, expected in (
        (["--base-url", f"http://127.0.0.1:{_closed_port()}"], "pre-flight: cannot reach http://127.0.0.1:"),
        (["--base-url", served, "--api-key", "cal_wrong_key_0000"], "pre-flight: the API key was refused"),
    ):
        started = time.monotonic()
        code, out, err = calcom_contract("run", *args, cwd=tmp_path)
        assert (code, out) == (2, ""), err
        assert err.count("\n") == 1 and err.startswith(f"calcom-contract: {expected}"), err
        assert "cal_wrong_key_0000" not in err
        assert time.monotonic() - started < 10


def test_usage_and_profile_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = calcom_contract("run", "--report", "pdf", cwd=tmp_path)
    assert code == 2 and "unknown --report kind(s) pdf" in err
    code, _, err = calcom_contract("run", "--target-profile", str(tmp_path / "missing.yaml"), cwd=tmp_path)
    assert code == 2 and "cannot read target profile" in err
    (tmp_path / "typo.yaml").write_text("org_idd: 1\n")
    code, _, err = calcom_contract("run", "--target-profile", str(tmp_path / "typo.yaml"), cwd=tmp_path)
    assert code == 2 and "unknown key(s)" in err
    code, _, err = calcom_contract("run", "--no-such-option", cwd=tmp_path)
    assert code == 2


def test_a_run_writes_the_reports_it_is_asked_for_and_ends_with_its_verdict(served: str, tmp_path: Path) -> None:
    code, out, err = calcom_contract(
        "run", "--base-url", served, "--max-examples", "2", "--report", "junit,html,md", "--", "-k", SELECTION,
        cwd=tmp_path,
    )  # fmt: skip
    assert code == 0, out[-3000:] + err[-2000:]
    assert err.strip().splitlines()[-1].startswith("calcom-contract: PASSED: 4 passed, 0 failed")
    junit = (tmp_path / "reports" / "junit.xml").read_text()
    assert 'name="test_operation_conforms[POST /v2/bookings/{bookingUid}/cancel]"' in junit
    assert "<html" in (tmp_path / "reports" / "report.html").read_text()[:500].lower()
    assert "Result: **PASSED**" in (tmp_path / "reports" / "contract-report.md").read_text()
    for text in (out, err, *(path.read_text() for path in (tmp_path / "reports").iterdir())):
        assert "cal_test_acme_owner_key" not in text and "cal_test_globex_owner_key" not in text

    code, out, err = calcom_contract(
        "run", "--base-url", served, "--max-examples", "2", "--report", "junit", "--min-coverage", "99",
        "--no-progress", "--", "-k", SELECTION,
        cwd=tmp_path,
    )  # fmt: skip
    assert code == 1, out[-3000:] + err[-2000:]
    last = err.strip().splitlines()[-1]
    assert last.startswith("calcom-contract: FAILED:") and "--min-coverage 99: only" in last, last
    junit = (tmp_path / "reports" / "junit.xml").read_text()
    assert '<testcase classname="contract_tests.coverage" name="min_coverage"' in junit
    assert "--min-coverage 99: only" in junit


def test_doctor_checks_a_profile_and_drafts_one(served: str, tmp_path: Path) -> None:
    code, out, _ = calcom_contract("doctor", "--base-url", served, cwd=tmp_path)
    assert code == 0 and "ok   org_id 1 administered by the key" in out, out
    draft = tmp_path / "staging.yaml"
    code, _, err = calcom_contract(
        "doctor", "--base-url", served, "--api-key", "cal_test_acme_owner_key", "--org-id", "1", "--team-id", "11",
        "--write", str(draft),
        cwd=tmp_path,
    )  # fmt: skip
    assert code == 0, err
    raw = yaml.safe_load(draft.read_text())
    assert "cal_test_acme_owner_key" not in draft.read_text()
    assert raw["event_types"] == {"regular": 1001, "requires_confirmation": 1002, "seated": 1003, "recurring": 1004,
                                  "team": 1101}  # fmt: skip
    assert raw["team_event_type_ids"] == [1101] and raw["known_booking_uids"]
    profile_from_mapping(raw, source=str(draft))
    code, out, _ = calcom_contract("doctor", "--base-url", served, "--target-profile", str(draft), cwd=tmp_path)
    assert code == 2 and "FAIL event_types.seated needs event_types.seats" in out, out


def test_read_only_runs_the_read_rules_and_they_can_fail(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--read-only checks filters, sorting, pages, tenancy and auth on existing bookings: with the
    mock's sort order reversed, the run fails on the sort rule, having made no booking."""
    from mock_server.services import listing

    original = listing._order
    monkeypatch.setattr(listing, "_order", lambda query: (original(query)[0], not original(query)[1]))
    with serve_in_background(create_app(seed=11)) as url:
        code, out, err = calcom_contract(
            "run", "--base-url", url, "--read-only", "--no-progress", "--", "-k", "reads or existing", cwd=tmp_path
        )
    assert code == 1, out[-3000:] + err[-2000:]
    assert "Bookings are not in the requested order" in out
    assert "FAILED test_rules_lists.py::test_each_sort_key_and_direction[existing-" in out
    assert "bookings created by this run: 0" in out


def test_cleanup_cancels_what_a_killed_run_left_from_its_ledger_file(served: str, tmp_path: Path) -> None:
    from dataclasses import replace

    from contract_tests.cli.main import main
    from contract_tests.target.bookings import make_booking
    from contract_tests.target.session import ContractSession
    from contract_tests.target.targets import RunOptions, load_profile

    journal = tmp_path / "reports" / "contract-ledger-killed.jsonl"
    profile = replace(load_profile(run=RunOptions(), environ={}), mock=False, base_url=served)
    made = make_booking(ContractSession.open(profile, served, journal=journal), "regular")  # then "killed"
    assert main(["cleanup", "--ledger", str(journal), "--api-key", str(profile.api_key)]) == 0
    read = requests.get(
        f"{served}/v2/bookings/{made.uid}", headers={"cal-api-version": "2024-08-13"}, timeout=10
    ).json()
    assert read["data"]["status"] == "cancelled"
    assert main(["cleanup", "--ledger", str(tmp_path / "missing.jsonl")]) == 2
