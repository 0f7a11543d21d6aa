"""Readable results: conformance tests named by their operation, failures printed short, curl lines
with large bodies cut."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from schemathesis.core.failures import FailureGroup

from contract_tests.checks.failures import CancelNotApplied, LedgerViolation
from contract_tests.generated.conformance import NOT_GENERATED
from contract_tests.plugin.outcome import MAX_LINE, cap_lines, short_failure
from contract_tests.target.http import curl_command
from contract_tests.target.redaction import register_secrets
from contract_tests.target.spec import documented_operations

ROOT = Path(__file__).resolve().parents[2]


def test_each_conformance_test_has_its_own_node_id_naming_the_operation() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", "contract_tests/test_conformance.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    ids = [line for line in done.stdout.splitlines() if "::test_operation_conforms" in line]
    operations = len(documented_operations()) - len(NOT_GENERATED)  # PATCH /v2/me gets no generated cases
    assert len(ids) == operations and len(set(ids)) == operations, done.stdout[-2000:]
    assert "contract_tests/test_conformance.py::test_operation_conforms[POST /v2/bookings]" in ids


def test_a_contract_failure_prints_title_expected_received_and_curl_only() -> None:
    failure = CancelNotApplied(
        operation="POST /v2/bookings/{bookingUid}/cancel",
        expected="status 'cancelled'",
        received="status 'accepted'",
        curl="curl -X GET http://x/v2/bookings/abc",
    )
    text = short_failure(failure)
    assert text is not None
    assert text.splitlines() == [
        "Cancelled booking is not cancelled [CT105]",
        "Expected: status 'cancelled'",
        "Received: status 'accepted'",
        "Reproduce with:",
        "    curl -X GET http://x/v2/bookings/abc",
    ]


def test_a_schemathesis_group_prints_its_message_and_other_errors_keep_the_traceback() -> None:
    failure = CancelNotApplied(operation="op", expected="a", received="b")
    group = FailureGroup(
        [failure], "Schemathesis found 1 distinct failure\n\n- CT105 Cancelled booking is not cancelled"
    )
    assert short_failure(group) == group.message
    assert short_failure(KeyError("bug in the suite")) is None
    refused = short_failure(LedgerViolation("cancel", "booking uid=x"))
    assert refused is not None and "this run did not create it" in refused


def test_secrets_are_redacted_from_short_failures() -> None:
    register_secrets("cal_live_outcome_secret_123")
    failure = CancelNotApplied(operation="op", expected="a", received="key cal_live_outcome_secret_123")
    text = short_failure(failure)
    assert text is not None and "cal_live_outcome_secret_123" not in text


def test_long_lines_and_curl_bodies_are_cut() -> None:
    capped = cap_lines("x" * (MAX_LINE + 500) + "\nshort")
    first, second = capped.splitlines()
    assert first.endswith("… [500 more characters]") and len(first) < MAX_LINE + 40 and second == "short"
    line = curl_command("POST", "http://x/v2/bookings", {}, body={"title": "a" * 1_048_576})
    assert len(line) < 1200 and "characters in all]" in line
