"""`--budget N` and the `--staging` preset (contract_tests/plugin/budget.py): the run keeps within its
requests, runs every business rule, and says what each phase and each rule spent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contract_tests.plugin.budget import allowance
from contract_tests.plugin.requests_count import RequestCount, phase_of, rule_of
from contract_tests.target.targets import STAGING_BUDGET, Budget, RunOptions, TargetProfile
from mock_server import create_app, serve_in_background
from tests.contract_tests.test_calcom_contract import SELECTION, calcom_contract

pytestmark = pytest.mark.selftest


def test_the_staging_preset_is_small_and_has_a_default_budget() -> None:
    staging = TargetProfile(run=RunOptions(staging=True))
    assert staging.budget == Budget.staging() and staging.run.request_budget == STAGING_BUDGET == 1800
    assert not staging.budget.coverage_phase and staging.budget.rule_examples == 1
    assert TargetProfile(run=RunOptions(staging=True, budget=500)).run.request_budget == 500
    assert TargetProfile().run.request_budget is None


def test_phases_and_rules_are_named_from_the_node_ids() -> None:
    rule = "contract_tests/test_rules_lists.py::test_each_sort_key_and_direction[existing-startTime]"
    assert (phase_of(rule), rule_of(rule)) == ("rules", "test_each_sort_key_and_direction")
    assert phase_of("contract_tests/test_conformance.py::test_operation_conforms[GET /v2/me]") == "conformance"
    assert phase_of("") == "set-up"
    count = RequestCount()
    count.add({rule: 3, "": 2, "clean-up": 4})
    assert count.total == 9 and count.by_phase() == {"rules": 3, "set-up": 2, "clean-up": 4}
    assert allowance("rules", 1000) == 750 and allowance("clean-up", 1000) is None


def test_a_small_budget_skips_what_it_cannot_pay_for_and_says_so(tmp_path: Path) -> None:
    with serve_in_background(create_app(seed=11)) as url:
        code, out, err = calcom_contract(
            "run", "--base-url", url, "--budget", "60", "--no-progress", "--", "-k", SELECTION, cwd=tmp_path
        )
    assert code == 0, out[-3000:] + err[-2000:]
    shown = re.findall(r"--budget 60: the (\w+) phase may run while under (\d+) requests", out)  # the skip reasons
    assert shown and all(int(limit) == allowance(phase, 60) for phase, limit in shown), out[-2000:]


def test_a_staging_run_keeps_within_its_budget_and_runs_every_rule(tmp_path: Path) -> None:
    with serve_in_background(create_app(seed=11)) as url:
        code, out, err = calcom_contract(
            "run", "--base-url", url, "--staging", "--no-progress", "--report", "md", "--report-dir", "r", cwd=tmp_path
        )
    assert code == 0, out[-3000:] + err[-2000:]
    sent = re.search(r"requests sent: ([\d,]+) \(([^)]*)\)", out)
    assert sent is not None, out[-2000:]
    # About the budget: a test that starts under its phase's share runs to its end, and the clean-up always does.
    assert int(sent.group(1).replace(",", "")) <= STAGING_BUDGET * 1.05
    assert "rules phase may run" not in out  # no rule was skipped for the budget
    report = next((tmp_path / "r").glob("*.md")).read_text()
    assert "## Requests" in report and "`test_each_sort_key_and_direction` |" in report
