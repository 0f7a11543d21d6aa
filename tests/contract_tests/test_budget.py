"""`--budget N` and the `--staging` preset (contract_tests/plugin/budget.py): the run keeps within its
requests, runs every business rule, and says what each phase and each rule spent."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import Phase

from contract_tests.plugin.budget import allowance
from contract_tests.plugin.requests_count import RequestCount, phase_of, rule_of
from contract_tests.scenarios.lists import exact_lists, lists, page_ends, reads
from contract_tests.target.targets import STAGING_BUDGET, Budget, RunOptions, TargetProfile
from mock_server import create_app, serve_in_background
from tests.contract_tests.test_calcom_contract import SELECTION, calcom_contract

pytestmark = pytest.mark.selftest


def test_the_staging_preset_is_small_and_has_a_default_budget() -> None:
    staging = TargetProfile(run=RunOptions(staging=True))
    assert staging.budget == Budget.staging() and staging.run.request_budget == STAGING_BUDGET == 1400
    assert not staging.budget.coverage_phase and staging.budget.rule_examples == 1 and staging.budget.thrifty
    assert not Budget.quick().thrifty and not Budget.thorough().thrifty
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
    assert allowance("rules", 1000) == 680 and allowance("clean-up", 1000) is None


def _session(*, staging: bool) -> Any:
    return SimpleNamespace(profile=TargetProfile(run=RunOptions(staging=staging)))


def test_a_thrifty_budget_runs_a_telling_example_alone_and_every_other_rule_as_before() -> None:
    staging, quick = Budget.staging(), Budget.quick()
    assert staging.rule_settings(telling_example=True).phases == (Phase.explicit,)
    assert Phase.generate in staging.rule_settings().phases  # a rule without an example still gets its case
    assert Phase.generate in quick.rule_settings(telling_example=True).phases


def test_thrift_tiles_in_few_pages_and_keeps_the_page_edges() -> None:
    thrifty, full = _session(staging=True), _session(staging=False)
    assert lists._thrifty_take(full, 4, 65) == 4
    take = lists._thrifty_take(thrifty, 4, 65)
    assert 65 // take + 1 <= lists.TILE_PAGES and 65 // take >= 1  # several pages, no more than the cap
    assert page_ends._skips(full, 5, 4) == [0, 1, 2, 3, 4, 5]
    assert page_ends._skips(thrifty, 5, 4) == [0, 1, 4, 5]  # first, second, last item and past the end
    assert page_ends._skips(full, 5, 2, pages=True) == [0, 2, 4, 6, 8, 10]
    assert page_ends._skips(thrifty, 5, 2, pages=True) == [0, 2, 4, 6]  # pages 1, 2, the last, one past it


def test_thrift_reads_back_one_booking_of_each_kind_first() -> None:
    items = [{"uid": str(i), "eventTypeId": i % 2, "status": "accepted" if i < 8 else "cancelled"} for i in range(12)]
    assert reads._sample(items, None) == items
    sample = reads._sample(items, 4)
    assert len(sample) == 4 and {(i["eventTypeId"], i["status"]) for i in sample} == {
        (0, "accepted"),
        (1, "accepted"),
        (0, "cancelled"),
        (1, "cancelled"),
    }


def test_thrift_tries_each_spelling_of_a_multi_value_filter_once() -> None:
    found = exact_lists.NearMisses(
        emails={role: f"{role}@x.example.com" for role in ("plain", "case", "contains", "longer", "subdomain")},
        names={role: role for role in ("short", "long", "case")},
        event_types={"regular": 1, "team": 2, "requires_confirmation": 3},
    )
    every = exact_lists.spelling_queries(_session(staging=False), found)
    assert every and all(exact_lists.multi_value_forms(query) for query in every)
    thrifty = exact_lists.spelling_queries(_session(staging=True), found)
    assert thrifty == [every[0], next(q for q in every if "eventTypeIds" in q)]


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
    assert int(sent.group(1).replace(",", "")) <= STAGING_BUDGET
    assert "phase may run" not in out  # no rule, conformance case or stateful run was skipped for the budget
    report = next((tmp_path / "r").glob("*.md")).read_text()
    assert "## Requests" in report and "`test_each_sort_key_and_direction` |" in report
