"""Pre-flight: an unusable target or profile stops the run at once with one message that says why."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from contract_tests.plugin.preflight import REQUEST_TIMEOUT, Check, PreflightFailed, run_checks
from contract_tests.target.targets import RunOptions, TargetProfile, Tenancy, load_profile
from mock_server import create_app, serve_in_background


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with serve_in_background(create_app(seed=3)) as url:
        yield url


@pytest.fixture
def profile(served: str) -> TargetProfile:
    return load_profile(base_url=served, environ={})  # the built-in profile: mock: true, org 1, team 11, ...


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _failure(profile: TargetProfile, base_url: str) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(PreflightFailed) as failed:
        run_checks(profile, base_url)
    return str(failed.value), time.monotonic() - started


def test_the_builtin_profile_passes_against_the_mock(profile: TargetProfile, served: str) -> None:
    seen: list[Check] = []
    run_checks(profile, served, on_check=seen.append)
    passed = [check.name for check in seen if check.ok]
    assert "API key accepted" in passed and "org_id 1 administered by the key" in passed
    assert "team_id 11 is a team of org_id 1" in passed and not [check for check in seen if check.ok is False]


def test_an_unreachable_target_stops_at_once(profile: TargetProfile) -> None:
    message, seconds = _failure(profile, f"http://127.0.0.1:{_closed_port()}")
    assert message.startswith("cannot reach http://127.0.0.1:") and "Connection refused" in message
    assert seconds < 2


def test_a_target_that_never_answers_stops_after_one_timeout(profile: TargetProfile) -> None:
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        message, seconds = _failure(profile, f"http://127.0.0.1:{silent.getsockname()[1]}")
    assert "did not answer within" in message
    assert seconds < REQUEST_TIMEOUT + 2


def test_a_wrong_key_is_one_message(profile: TargetProfile, served: str) -> None:
    message, seconds = _failure(replace(profile, api_key="cal_wrong_key_0000"), served)
    assert message.startswith("the API key was refused: GET /v2/bookings answered 401") and seconds < 2
    assert "cal_wrong_key_0000" not in message


def test_a_key_that_does_not_administer_org_id(profile: TargetProfile, served: str) -> None:
    message, _ = _failure(replace(profile, api_key="cal_test_acme_member_key"), served)
    assert message.startswith("the API key does not administer org_id 1: GET /v2/organizations/1/bookings answered 403")


def test_ids_that_do_not_exist_as_what_the_profile_says(profile: TargetProfile, served: str) -> None:
    assert _failure(replace(profile, team_id=21), served)[0].startswith("team_id 21 is not a team of org_id 1")
    message, _ = _failure(replace(profile, known_booking_uids=("no-such-booking",)), served)
    assert message.startswith("known_booking_uids: booking no-such-booking cannot be read: 404")
    wrong_tenant = replace(profile, tenancy=replace(profile.tenancy, other_org_api_key="cal_test_acme_admin_key"))
    assert "tenancy.other_org_api_key does not administer" in _failure(wrong_tenant, served)[0]
    same_org = replace(profile, tenancy=Tenancy(other_org_id=1, other_org_api_key="cal_test_globex_owner_key"))
    assert "must be another organization" in _failure(same_org, served)[0]
    seated = replace(profile, event_types=replace(profile.event_types, seats=None))
    assert "event_types.seated needs event_types.seats" in _failure(seated, served)[0]


def test_the_other_organizations_key_can_come_from_the_environment() -> None:
    profile = load_profile(run=RunOptions(), environ={"CALCOM_OTHER_ORG_API_KEY": "cal_other_from_env"})
    assert profile.tenancy.other_org_api_key == "cal_other_from_env"
    assert "cal_other_from_env" in profile.secrets()


def test_event_types_the_key_can_see_must_be_of_the_kind_the_profile_says(profile: TargetProfile, served: str) -> None:
    seen: list[Check] = []
    run_checks(profile, served, on_check=seen.append)
    assert any(check.ok and "event types are what the profile says: regular" in check.line() for check in seen)
    regular = profile.event_types.regular  # one of the key's own event types, neither seated nor recurring
    claims_seats = replace(profile, event_types=replace(profile.event_types, seated=regular, seats=3))
    message, _ = _failure(claims_seats, served)
    assert message == f"event_types.seated {regular} is not what the profile says: it has no seats"
    claims_recurrence = replace(profile, event_types=replace(profile.event_types, recurring=regular))
    assert "it is not recurring" in _failure(claims_recurrence, served)[0]
