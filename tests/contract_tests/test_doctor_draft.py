"""`calcom-contract doctor` as a staging user meets it (issue 20): the draft says `mock: false` for a target
without the mock's control API and what `mock: true` would do to one with it, and doctor names every profile
key a test needs with what the run loses without it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.cli.doctor import MOCK_FALSE, MOCK_TRUE, draft_profile
from contract_tests.target.bookings import KINDS
from contract_tests.target.profile_needs import PROFILE_NEEDS, missing_keys
from contract_tests.target.targets import _HINTS, TargetProfile, load_profile
from mock_server import create_app, serve_in_background

CONTRACT_SOURCES = Path(__file__).resolve().parents[2] / "contract_tests"


class WithoutControlApi:
    """The mock as a staging server: every `/_mock` path answers 404, or (`catch_all`) 200 with an HTML page."""

    def __init__(self, app: Any, *, catch_all: bool = False) -> None:
        self.app, self.catch_all = app, catch_all

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/_mock"):
            status, body = (200, b"<html>welcome</html>") if self.catch_all else (404, b"{}")
            await send(
                {"type": "http.response.start", "status": status, "headers": [(b"content-length", b"%d" % len(body))]}
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


@pytest.fixture
def mock_url() -> Iterator[str]:
    with serve_in_background(create_app(seed=11)) as url:
        yield url


def _draft(url: str) -> str:
    profile = load_profile(base_url=url, api_key="cal_test_acme_owner_key", environ={})
    return draft_profile(profile, org_id=1, team_id=11)


@pytest.mark.parametrize("catch_all", [False, True], ids=["404", "200-everywhere"])
def test_a_target_without_the_control_api_is_drafted_mock_false_saying_so(catch_all: bool) -> None:
    with serve_in_background(WithoutControlApi(create_app(seed=11), catch_all=catch_all)) as url:
        text = _draft(url)
    assert yaml.safe_load(text)["mock"] is False
    assert "\n".join(MOCK_FALSE) + "\nmock: false" in text


def test_a_draft_with_mock_true_says_what_that_does_to_the_target(mock_url: str) -> None:
    text = _draft(mock_url)
    assert yaml.safe_load(text)["mock"] is True
    assert "\n".join(MOCK_TRUE) + "\nmock: true" in text
    assert "RESETS" in text and "MOVES ITS CLOCK" in text


def test_the_draft_names_every_key_it_leaves_out_and_what_is_lost(mock_url: str) -> None:
    text = _draft(mock_url)
    drafted = yaml.safe_load(text)
    assert "tenancy" not in drafted
    for key in (
        "tenancy.expired_api_key",
        "event_types.variable_length",
        "event_types.recurring_requires_confirmation",
    ):
        assert f"#   {key}: without it, no {PROFILE_NEEDS[key]}" in text


def test_every_key_a_test_can_require_says_what_it_is_for() -> None:
    required = set(_HINTS) | set(KINDS.values())
    for source in CONTRACT_SOURCES.rglob("*.py"):
        required |= set(re.findall(r'require\("([a-z_.]+)"\)', source.read_text()))
    required |= {"tenancy.member_api_key", "tenancy.outside_api_key"}  # key_states passes these by name
    assert sorted(required - set(PROFILE_NEEDS)) == []


def test_the_builtin_profile_leaves_nothing_out() -> None:
    profile = load_profile(environ={})
    assert [key for key, _ in missing_keys(profile) if key != "api_key"] == []
    assert missing_keys(TargetProfile())[0][0] == "api_key"
