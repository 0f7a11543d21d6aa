"""The suite's plumbing: redaction, the ledger guard, profiles, the client, the list semantics and
the coverage table."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from contract_tests.checks.failures import LedgerViolation, ReadOnlyViolation
from contract_tests.target.coverage import CoverageRecorder
from contract_tests.target.http import Client, curl_command
from contract_tests.target.ledger import Ledger
from contract_tests.target.redaction import REDACTED, Redactor, install_log_redaction, redact, register_secrets
from contract_tests.target.semantics import effective_sort, expected_pagination, parse_statuses, status_matches
from contract_tests.target.spec import BookingTarget, OperationId, documented_operations
from contract_tests.target.targets import BUILTIN_PROFILE, ProfileDataMissing, ProfileError, RunOptions, load_profile

SECRET = "cal_live_0123456789abcdef"


# ------------------------------------------------------------------------------------- redaction


def test_redactor_replaces_the_secret_and_its_url_encoded_forms() -> None:
    redactor = Redactor(["cal_live_a+b/c"])
    text = "Bearer cal_live_a+b/c ?apiKey=cal_live_a%2Bb%2Fc&x=cal_live_a%2Bb/c"
    assert "cal_live_a" not in redactor(text).replace(REDACTED, "")


def test_redactor_ignores_tiny_secrets_that_would_blank_out_words() -> None:
    assert Redactor(["abc"])("abc def") == "abc def"


def test_log_records_are_redacted_whichever_logger_emits_them(caplog: pytest.LogCaptureFixture) -> None:
    register_secrets(SECRET)
    install_log_redaction()
    with caplog.at_level(logging.INFO):
        logging.getLogger("some.library").info("sending key %s", SECRET)
    assert SECRET not in caplog.text and REDACTED in caplog.text


def test_curl_commands_are_redacted() -> None:
    register_secrets(SECRET)
    line = curl_command("GET", f"http://x/v1/bookings?apiKey={SECRET}", {"Authorization": f"Bearer {SECRET}"})
    assert SECRET not in line and line.count(REDACTED) == 2
    assert redact(f"x {SECRET} y") == f"x {REDACTED} y"


# ---------------------------------------------------------------------------------------- ledger


def test_ledger_refuses_writes_to_bookings_the_run_did_not_create() -> None:
    ledger = Ledger()
    ledger.record({"uid": "mine", "id": 7, "eventTypeId": 1001, "attendees": [{}]})
    ledger.check_write("cancel", BookingTarget(uid="mine"))
    ledger.check_write("v1 cancel", BookingTarget(booking_id=7))
    with pytest.raises(LedgerViolation, match="uid=theirs"):
        ledger.check_write("cancel", BookingTarget(uid="theirs"))
    with pytest.raises(LedgerViolation, match="id=8"):
        ledger.check_write("v1 cancel", BookingTarget(booking_id=8))
    with pytest.raises(LedgerViolation):
        ledger.check_write("report", BookingTarget())


def test_a_team_booking_is_the_runs_when_its_booker_is_though_its_co_hosts_are_attendees() -> None:
    ledger = Ledger(domain="run.example.com")
    booker, co_host = {"email": "a@run.example.com"}, {"email": "dave@acme.com"}
    ledger.record({"uid": "collective", "attendees": [booker, co_host]})
    ledger.check_write("cancel", BookingTarget(uid="collective"))
    ledger.record({"uid": "theirs", "attendees": [co_host, booker]})
    with pytest.raises(LedgerViolation):
        ledger.check_write("cancel", BookingTarget(uid="theirs"))
    ledger.record({"uid": "seated", "attendees": [{**booker, "seatUid": "s1"}, {**co_host, "seatUid": "s2"}]})
    with pytest.raises(LedgerViolation):
        ledger.check_write("cancel", BookingTarget(uid="seated"))


def test_a_seat_in_someone_elses_booking_allows_only_giving_that_seat_up() -> None:
    ledger = Ledger()
    ledger.record({"uid": "shared", "seatUid": "s-mine", "attendees": [{"seatUid": "s-other"}, {"seatUid": "s-mine"}]})
    ledger.check_write("cancel seat", BookingTarget(uid="shared", seat_uid="s-mine"))
    with pytest.raises(LedgerViolation):
        ledger.check_write("cancel", BookingTarget(uid="shared"))
    with pytest.raises(LedgerViolation):
        ledger.check_write("cancel seat", BookingTarget(uid="shared", seat_uid="s-other"))


def test_a_booking_somebody_else_made_stays_theirs_when_the_run_joins_it() -> None:
    ledger = Ledger(domain="ct1.example.com")
    ours, stranger = {"email": "a.1@ct1.example.com"}, {"email": "x@y.org"}
    ledger.record({"id": 4, "uid": "joined", "attendees": [stranger, ours]})  # a v1 create that joined it
    ledger.record({"uid": "seat", "seatUid": "s1", "attendees": [stranger, ours]})  # a v2 seat in it
    assert not ledger.owns_uid("joined") and not ledger.owns_id(4) and not ledger.owns_uid("seat")
    assert ledger.owns_seat("seat", "s1") and not ledger.owns_seat("joined", "s1")


def test_ledger_owns_a_series_when_it_made_every_occurrence() -> None:
    ledger = Ledger()
    create = documented_operations()[OperationId.CREATE]
    occurrences = [{"uid": "o1", "recurringBookingUid": "series"}, {"uid": "o2", "recurringBookingUid": "series"}]
    ledger.observe(create, {}, {}, 201, {"status": "success", "data": occurrences})
    assert ledger.owns_uid("series") and ledger.uids() == ["o1", "o2"]
    assert not ledger.owns_uid("another-series")


def _client(**run: object) -> Client:
    profile = load_profile(run=RunOptions(**run), environ={})  # type: ignore[arg-type]
    return Client(profile, base_url="http://127.0.0.1:9", ledger=Ledger())  # port 9: nothing may be sent


def test_the_client_refuses_a_foreign_write_before_sending_anything() -> None:
    client = _client()
    with pytest.raises(LedgerViolation):
        client.cancel("someone-elses-booking", {"cancellationReason": "x"})
    with pytest.raises(LedgerViolation):
        client.v1_update(1, {"title": "x"})
    with pytest.raises(LedgerViolation):
        client.report(1, {"bookingUid": "someone-elses-booking", "reason": "SPAM", "reportType": "DOMAIN"})


def test_read_only_refuses_every_write_even_a_create() -> None:
    with pytest.raises(ReadOnlyViolation):
        _client(read_only=True).create_booking({"start": "2030-01-01T00:00:00Z"})


# -------------------------------------------------------------------------------------- profiles


def test_options_beat_the_environment_which_beats_the_profile_file() -> None:
    env = {"CALCOM_BASE_URL": "http://env:1/", "CALCOM_API_KEY": "cal_env"}
    profile = load_profile(environ=env)
    assert (profile.base_url, profile.api_key) == ("http://env:1", "cal_env")
    profile = load_profile(base_url="http://opt:2", api_key="cal_opt", environ=env)
    assert (profile.base_url, profile.api_key) == ("http://opt:2", "cal_opt")
    assert load_profile(environ={}).api_key == "cal_test_acme_owner_key"  # the built-in profile's


def test_the_key_never_appears_in_the_profile_repr() -> None:
    profile = load_profile(api_key=SECRET, environ={})
    assert SECRET not in repr(profile)


def test_unknown_profile_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "staging.yaml"
    path.write_text("org_id: 5\nevent_types: {regular: 1, seatd: 2}\n")
    with pytest.raises(ProfileError, match="seatd"):
        load_profile(profile_path=path, environ={})


def test_missing_profile_data_skips_with_the_key_to_add(tmp_path: Path) -> None:
    path = tmp_path / "staging.yaml"
    path.write_text("name: staging\norg_id: 5\n")
    profile = load_profile(profile_path=path, environ={})
    assert profile.require("org_id") == 5
    with pytest.raises(ProfileDataMissing, match=r"`event_types.seated`.*seatsPerTimeSlot"):
        profile.require("event_types.seated")


def test_the_built_in_profile_matches_the_mock_fixtures() -> None:
    import yaml

    fixtures = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "mock_server" / "fixtures" / "default.yaml").read_text()
    )
    profile = load_profile(profile_path=BUILTIN_PROFILE, environ={})
    event_types = {e["id"]: e for e in fixtures["eventTypes"]}
    assert event_types[profile.event_types.seated]["seatsPerTimeSlot"] == profile.event_types.seats
    assert event_types[profile.event_types.requires_confirmation].get("requiresConfirmation")
    assert event_types[profile.event_types.recurring].get("recurrence")
    assert event_types[profile.event_types.team]["teamId"] == profile.team_id
    uids = {b["uid"] for b in fixtures["bookings"]} | {b.get("recurringBookingUid") for b in fixtures["bookings"]}
    assert set(profile.known_booking_uids) <= uids


# ------------------------------------------------------------------------------------- semantics


@pytest.mark.parametrize(
    ("total", "take", "skip", "expected"),
    [
        (0, 10, 0, {"currentPage": 0, "totalPages": 0, "returnedItems": 0, "hasNextPage": False}),
        (
            23,
            10,
            0,
            {"currentPage": 1, "totalPages": 3, "returnedItems": 10, "remainingItems": 13, "hasNextPage": True},
        ),
        (
            23,
            10,
            20,
            {"currentPage": 3, "returnedItems": 3, "remainingItems": 0, "hasNextPage": False, "hasPreviousPage": True},
        ),
        (23, 10, 50, {"currentPage": 3, "returnedItems": 0, "remainingItems": 0, "hasPreviousPage": True}),
        (5, 2, 3, {"currentPage": 2, "returnedItems": 2, "remainingItems": 0, "hasNextPage": False}),
    ],
)
def test_pagination_arithmetic_follows_the_reference(
    total: int, take: int, skip: int, expected: dict[str, object]
) -> None:
    result = expected_pagination(total, take, skip)
    assert {k: result[k] for k in expected} == expected


def test_only_the_first_sort_key_by_precedence_applies_and_lone_past_sorts_descending() -> None:
    assert effective_sort({"sortUpdatedAt": "asc", "sortEnd": "desc"}) == ("end", True)
    assert effective_sort({"status": "past"}) == ("start", True)
    assert effective_sort({"status": "past,upcoming"}) == ("start", False)
    assert parse_statuses(["past,past", " cancelled"]) == ["past", "cancelled"]


def test_statuses_near_now_are_not_judged() -> None:
    now = datetime.now(UTC)
    ending = {"status": "accepted", "end": (now + timedelta(seconds=30)).isoformat()}
    assert status_matches(ending, "past", now) is None
    recurring_pending = {"status": "pending", "end": (now + timedelta(days=1)).isoformat(), "recurringBookingUid": "s"}
    assert status_matches(recurring_pending, "upcoming", now) is False
    assert status_matches(recurring_pending, "unconfirmed", now) is True


def test_coverage_counts_documented_and_undocumented_statuses() -> None:
    recorder = CoverageRecorder()
    recorder.record(OperationId.V1_GET, 200)
    recorder.record(OperationId.V1_GET, 418)
    row = next(r for r in recorder.rows() if r.operation.operation_id == OperationId.V1_GET)
    assert row.exercised == {200} and 418 in row.undocumented and row.calls == 2
    assert "+200" in recorder.table() and 0 < recorder.status_percent() < 10


# ----------------------------------------------------------------------------------------- hooks


def _fake_ctx(operation_id: str) -> object:
    definition = type("Definition", (), {"raw": {"operationId": operation_id}})()
    return type("Ctx", (), {"operation": type("Operation", (), {"definition": definition})()})()


def test_generated_creates_against_a_real_target_book_only_profile_event_types_at_the_run_domain() -> None:
    from dataclasses import replace

    from hypothesis import HealthCheck, given, settings

    from contract_tests.generated import hooks
    from contract_tests.target import runtime
    from contract_tests.target.session import ContractSession

    profile = replace(load_profile(environ={}), mock=False)
    session = ContractSession.open(profile, "http://127.0.0.1:9")
    body = {
        "start": "2031-01-01T10:00:00Z",
        "eventTypeId": 123,
        "guests": ["boss@realcustomer.com"],
        "attendee": {"name": "X", "timeZone": "Mars/Base", "email": "someone@realcustomer.com"},
    }
    allowed = {
        profile.event_types.regular,
        profile.event_types.requires_confirmation,
        profile.event_types.seated,
        profile.event_types.recurring,
        profile.event_types.team,
    }

    with runtime.using(session):
        strategy = hooks.aim_body(_fake_ctx(OperationId.CREATE), body)

        @settings(max_examples=25, database=None, suppress_health_check=list(HealthCheck))
        @given(strategy)
        def check(aimed: dict[str, Any]) -> None:
            assert aimed["eventTypeId"] in allowed
            assert aimed["attendee"]["email"].endswith("@" + session.domain)
            assert all(str(g).endswith("@" + session.domain) for g in aimed["guests"])

        check()


def test_a_generated_write_to_a_foreign_booking_is_pointed_at_the_ledger_on_a_real_target() -> None:
    from dataclasses import replace

    from contract_tests.generated import hooks
    from contract_tests.target.session import ContractSession

    session = ContractSession.open(replace(load_profile(environ={}), mock=False), "http://127.0.0.1:9")
    session.ledger.record({"uid": "mine", "id": 5, "attendees": [{"email": session.email()}]})
    case: Any = type(
        "Case", (), {"path_parameters": {"bookingUid": "9aQ2x7LmT4bR8cVn1pWz3k"}, "body": {"bookingUid": "theirs"}}
    )()
    hooks._retarget(session, case)
    assert case.path_parameters["bookingUid"] == "mine" and case.body["bookingUid"] == "mine"
    v1: Any = type("Case", (), {"path_parameters": {"id": 789}, "body": None})()
    hooks._retarget(session, v1)
    assert v1.path_parameters["id"] == 5
