"""Run after run on the same staging (issue 20): a staging keeps its data, so every value a run uses to
find its own bookings must be unique to the run. Ten earlier runs leave their (cancelled) bookings on a
target that is never reset (`mock: false`), and the next run still passes. (One earlier run is real; the
other nine are copies of its leftovers, imported through the mock's control API, to keep the test short.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import yaml

from contract_tests.target.targets import BUILTIN_PROFILE
from mock_server import create_app, serve_in_background
from mock_server.web.ratelimit import RateLimitPolicy
from tests.contract_tests.test_calcom_contract import calcom_contract

pytestmark = pytest.mark.selftest

# The tests that find the run's bookings by attendee name and email through whole lists.
SELECTION = "test_each_list_holds_exactly_what_its_filters_select or test_list_filters_sort_and_pages"


def staging_profile(tmp_path: Path) -> Path:
    """The built-in profile, as for a staging server: nothing is reset between runs."""
    profile = yaml.safe_load(BUILTIN_PROFILE.read_text())
    profile["mock"] = False
    path = tmp_path / "staging.yaml"
    path.write_text(yaml.safe_dump(profile))
    return path


def run_suite(url: str, profile: Path, cwd: Path) -> str:
    code, out, err = calcom_contract(
        "run",
        "--base-url",
        url,
        "--target-profile",
        str(profile),
        "--max-examples",
        "1",
        "--no-progress",
        "--",
        "-k",
        SELECTION,
        cwd=cwd,
    )
    assert code == 0, out[-3000:] + err[-2000:]
    assert "left uncancelled: 0" in out
    return out


def replicate_leftovers(url: str, fixtures: set[str], copies: int) -> int:
    """What the runs so far left (every booking that is not a fixture) `copies` more times, each copy with
    its own uids, seat uids and ids, through the mock's state import: the leftovers of as many more runs
    that did exactly the same (the same attendee names, the same statuses)."""
    exported = requests.get(f"{url}/_mock/state", timeout=30).json()
    left = [b for b in exported["bookings"] if b["uid"] not in fixtures]
    names = {b["uid"] for b in left} | {a["seat_uid"] for b in left for a in b["attendees"] if a.get("seat_uid")}
    next_id = max(b["id"] for b in exported["bookings"]) + 1
    next_attendee = max(a["id"] for b in exported["bookings"] for a in b["attendees"]) + 1
    for copy in range(copies):
        for booking in left:
            text = json.dumps(booking)
            for name in names:
                text = text.replace(f'"{name}"', f'"{name}r{copy}"')
            duplicate = json.loads(text)
            duplicate["id"], next_id = next_id, next_id + 1
            for attendee in duplicate["attendees"]:
                attendee["id"], next_attendee = next_attendee, next_attendee + 1
            exported["bookings"].append(duplicate)
    answer = requests.put(f"{url}/_mock/state", json=exported, timeout=60)
    assert answer.status_code in (200, 204), answer.text[:500]
    return len(left) * copies


def test_a_target_holding_ten_earlier_runs_leftovers_passes(tmp_path: Path) -> None:
    profile = staging_profile(tmp_path)
    unhurried = RateLimitPolicy(api_key=100_000, ip=100_000)  # a staging's limit would make this test take minutes
    with serve_in_background(create_app(seed=11, rate_limit=unhurried)) as url:
        fixtures = {b["uid"] for b in requests.get(f"{url}/_mock/state", timeout=30).json()["bookings"]}
        run_suite(url, profile, tmp_path)  # the first earlier run
        assert replicate_leftovers(url, fixtures, copies=9) > 9 * 8  # and nine more like it
        run_suite(url, profile, tmp_path)  # the next run passes among them
