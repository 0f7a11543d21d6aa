"""The suite changes only what it created and cleans up after itself, against a server it does not own.

Each test runs the suite's client, ledger, hooks or clean-up against a mock standing in for a staging
server (the profile says `mock: false`, so every guard for a real target is on) that holds bookings the
run did not make, a seated one among them, and compares every pre-existing booking before and after,
seats included. (`updated_at` is left out of the comparison: a seat the run took and gave back touches
it, and a real server would too.)
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from schemathesis.core.errors import HookExecutionError

from contract_tests.checks.failures import LedgerViolation
from contract_tests.generated import conformance
from contract_tests.generated.conformance import schema_for
from contract_tests.plugin import ledger_path
from contract_tests.plugin.mockproc import EmbeddedMock, free_port
from contract_tests.target import cleanup, runtime
from contract_tests.target.bookings import BookingSpec, create_body, make_booking, v1_create_body
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.spec import OperationId, documented_operations, load_spec
from contract_tests.target.strategies import booking_specs
from contract_tests.target.targets import RunOptions, load_profile
from mock_server import create_app, serve_in_background

V2 = {"cal-api-version": "2024-08-13"}
STRANGER = "stranger@elsewhere.example"
FICTIONAL = re.compile(r"\+1[2-9]\d\d55501\d\d")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGI = Callable[[Scope, Receive, Send], Awaitable[None]]


# ---------------------------------------------------------------------------------------- helpers


@pytest.fixture
def target() -> Iterator[str]:
    with serve_in_background(create_app(seed=11)) as url:
        yield url


def real_target_session(url: str, journal: Path | None = None) -> ContractSession:
    """A session as against a staging server: the profile does not say `mock: true`."""
    profile = replace(load_profile(run=RunOptions(), environ={}), mock=False, base_url=url)
    return ContractSession.open(profile, url, journal=journal)


def state(url: str) -> dict[str, dict[str, Any]]:
    """Every booking the server holds, by uid, as its control API shows it (attendees and seats too)."""
    bookings = requests.get(f"{url}/_mock/state", timeout=10).json()["bookings"]
    return {b["uid"]: {k: v for k, v in b.items() if k != "updated_at"} for b in bookings}


def assert_unchanged(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> None:
    changed = {uid: (booking, after.get(uid)) for uid, booking in before.items() if after.get(uid) != booking}
    assert not changed, f"pre-existing bookings changed: {changed}"


def strangers_seat(url: str, event_type_id: int, start: datetime) -> str:
    """Someone else takes a seat (making the seated booking) at `start`."""
    reply = requests.post(
        f"{url}/v2/bookings",
        headers=V2,
        json={
            "start": iso(start),
            "eventTypeId": event_type_id,
            "attendee": {"name": "Someone Else", "email": STRANGER, "timeZone": "UTC"},
        },
        timeout=10,
    )
    assert reply.status_code == 201, reply.text
    return str(reply.json()["data"]["uid"])


def property_examples(schema_name: str) -> dict[str, Any]:
    """The body the examples phase builds from a schema's property examples."""
    properties = load_spec()["components"]["schemas"][schema_name]["properties"]
    return {name: copy.deepcopy(p["example"]) for name, p in properties.items() if "example" in p}


def send_case(session: ContractSession, operation_id: OperationId, **parts: Any) -> requests.Response:
    """One Schemathesis case of the suite's schema, sent as the run sends it (its hooks apply)."""
    operation = schema_for(session.profile, session.base_url).find_operation_by_id(operation_id.value)
    headers, query = documented_operations()[operation_id].credentials(
        session.profile.api_key, session.profile.api_versions
    )
    case = operation.Case(headers=headers, query=query, **parts)
    with runtime.using(session):
        response: requests.Response = case.call(base_url=session.base_url)
    return response


# ------------------------------------------------- 1. only bookings the run created, seats as seats


def test_a_v1_create_that_joins_someone_elses_seated_booking_does_not_make_it_the_runs(target: str) -> None:
    session = real_target_session(target)
    seated = int(session.profile.require("event_types.seated"))
    start = session.slots.next()
    theirs = strangers_seat(target, seated, start)
    before = state(target)
    body = v1_create_body(session, BookingSpec(), event_type_id=seated, start=start, email=session.email())
    joined = session.client.v1_create(body)
    assert joined.status == 200 and joined.body["uid"] == theirs, "the v1 create should join their booking"
    booking_id = int(joined.body["id"])
    assert not session.ledger.owns_uid(theirs) and not session.ledger.owns_id(booking_id)
    writes: list[Callable[[], object]] = [
        lambda: session.client.cancel(theirs, {"cancellationReason": "mine now"}),
        lambda: session.client.confirm(theirs),
        lambda: session.client.reschedule(theirs, {"start": iso(session.slots.next())}),
        lambda: session.client.v1_update(booking_id, {"title": "mine now"}),
        lambda: session.client.v1_cancel(booking_id),
    ]
    for write in writes:
        with pytest.raises(LedgerViolation):
            write()
    assert session.clean_up() == []  # gives up the seat the v1 create took, and nothing else
    assert_unchanged(before, state(target))


def test_a_v2_seat_in_someone_elses_booking_allows_only_operations_on_that_seat(target: str) -> None:
    session = real_target_session(target)
    seated = int(session.profile.require("event_types.seated"))
    start = session.slots.next()
    theirs = strangers_seat(target, seated, start)
    before = state(target)
    their_seat = next(a["seat_uid"] for a in before[theirs]["attendees"] if a["email"] == STRANGER)
    body = create_body(session, BookingSpec(), event_type_id=seated, start=start, email=session.email())
    seat = session.client.create_booking(body)
    assert seat.status == 201 and seat.data["uid"] == theirs and seat.data["seatUid"]
    writes: list[Callable[[], object]] = [
        lambda: session.client.cancel(theirs, {"cancellationReason": "mine now"}),
        lambda: session.client.cancel(theirs, {"seatUid": their_seat}),
        lambda: session.client.confirm(theirs),
        lambda: session.client.decline(theirs, "mine now"),
        lambda: session.client.mark_absent(theirs, {"host": True}),
    ]
    for write in writes:
        with pytest.raises(LedgerViolation):
            write()
    assert session.clean_up() == []
    assert_unchanged(before, state(target))


def test_no_write_reaches_what_is_not_a_booking(target: str) -> None:
    """On a real server DELETE /v2/event-types/{id} is a route: the suite never sends it, nor any other
    undeclared method to a path that is not a booking, and its configuration does not generate them."""
    session = real_target_session(target)
    for method, operation_id, path in (
        ("DELETE", OperationId.EVENT_TYPE, {"eventTypeId": 1001}),
        ("PATCH", OperationId.ME, {}),
        ("POST", OperationId.EVENT_TYPES, {}),
    ):
        with pytest.raises(HookExecutionError) as refused:  # Schemathesis wraps what its hooks raise
            send_case(session, operation_id, method=method, path_parameters=path)
        assert isinstance(refused.value.__cause__, LedgerViolation), refused.value
        assert "not a booking" in str(refused.value.__cause__)
    settings = {entry["include-operation-id"]: entry for entry in conformance._per_operation(session.profile)}
    for operation_id in (OperationId.EVENT_TYPE, OperationId.EVENT_TYPES, OperationId.ME, OperationId.SLOTS):
        assert settings[operation_id]["phases"] == {"coverage": {"unexpected-methods": []}}
    assert "phases" not in settings.get(OperationId.GET, {})


# --------------------------------------------------------------- 2. every time inside the run's window


def test_the_v1_patch_built_from_the_spec_examples_stays_in_the_runs_window(target: str) -> None:
    session = real_target_session(target)
    made = make_booking(session, "regular")
    before = state(target)
    example = property_examples("V1UpdateBookingInput")
    assert not session.slots.holds(parse_instant(example["startTime"]) or session.slots.window_end)
    # The example names v1 booking 1, which the run did not make: the guard points it at the run's own.
    response = send_case(session, OperationId.V1_UPDATE, path_parameters={"id": 1}, body=example)
    assert response.status_code == 200, response.text
    moved = state(target)[made.uid]
    for field in ("start", "end"):
        moment = parse_instant(moved[field])
        assert moment is not None and session.slots.holds(moment), f"{field} {moved[field]} left the run's window"
    assert_unchanged({uid: b for uid, b in before.items() if uid != made.uid}, state(target))
    assert session.clean_up() == []


def test_a_reschedule_built_from_the_spec_example_stays_in_the_runs_window(target: str) -> None:
    session = real_target_session(target)
    made = make_booking(session, "regular")
    before = state(target)
    example = load_spec()["components"]["schemas"]["RescheduleBookingInput_2024_08_13"]["example"]
    body = {"start": example["start"], "reschedulingReason": example["reschedulingReason"]}
    response = send_case(session, OperationId.RESCHEDULE, path_parameters={"bookingUid": made.uid}, body=body)
    assert response.status_code == 201, response.text
    new = state(target)[response.json()["data"]["uid"]]
    start = parse_instant(new["start"])
    assert start is not None and session.slots.holds(start), f"the reschedule moved the booking to {new['start']}"
    assert_unchanged({uid: b for uid, b in before.items() if uid != made.uid}, state(target))
    assert session.clean_up() == []


# ---------------------------------------------------------------- 3. phone numbers of fiction only


@settings(max_examples=50, database=None, suppress_health_check=list(HealthCheck))
@given(booking_specs())
def test_generated_attendees_carry_only_fictional_phone_numbers(spec: BookingSpec) -> None:
    location = spec.location
    phones = [spec.attendee.phone_number, location if isinstance(location, str) and location.startswith("+") else None]
    assert all(FICTIONAL.fullmatch(phone) for phone in phones if phone is not None), phones


@pytest.mark.parametrize("mock", [False, True], ids=["real target", "mock"])
def test_a_create_built_from_the_spec_example_sends_only_fictional_phone_numbers(target: str, mock: bool) -> None:
    session = real_target_session(target)
    session = replace(session, profile=replace(session.profile, mock=mock))
    before = state(target)
    example = load_spec()["components"]["schemas"]["CreateBookingInput_2024_08_13"]["example"]
    body = {
        "start": iso(session.slots.next()),
        "eventTypeId": session.profile.event_types.regular,
        "attendee": {**example["attendee"], "email": session.email()},
        # A plain-string location (accepted for any event type) that is a phone number: it must go out fictional.
        "location": "+37120993151",
    }
    response = send_case(session, OperationId.CREATE, body=body)
    assert response.status_code == 201, response.text
    created = state(target)[response.json()["data"]["uid"]]
    phones = [a["phone_number"] for a in created["attendees"]] + [created["location"]]
    assert all(FICTIONAL.fullmatch(str(phone)) for phone in phones), phones
    assert_unchanged(before, state(target))
    assert session.clean_up() == []


# ------------------------------------------------------------------ 4. clean-up reports the truth


def cancel_always_fails(app: ASGI) -> ASGI:
    """A server whose every cancel answers 400."""

    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith("/cancel"):
            body = b'{"status":"error","error":{"code":"BadRequestException","message":"cancel is broken"}}'
            await send(
                {"type": "http.response.start", "status": 400, "headers": [(b"content-type", b"application/json")]}
            )
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return broken


def test_clean_up_behind_a_failing_cancel_reports_every_booking_still_open() -> None:
    with serve_in_background(cancel_always_fails(create_app(seed=11))) as url:
        session = real_target_session(url)
        before = state(url)
        made = [make_booking(session, kind) for kind in ("regular", "requires_confirmation", "regular")]
        assert all(m.reply.status == 201 for m in made)
        problems = session.clean_up()
        assert len(problems) == len(made), problems
        for m, problem in zip(made, problems, strict=True):
            assert m.uid in problem and "still reads" in problem
        after = state(url)
        assert all(after[m.uid]["status"] in ("ACCEPTED", "PENDING") for m in made)
        assert_unchanged(before, after)


def test_clean_up_counts_a_booking_it_reads_back_cancelled_as_closed(target: str) -> None:
    session = real_target_session(target)
    made = make_booking(session, "regular")
    assert session.client.cancel(made.uid, {"cancellationReason": "done early"}).status == 200
    assert session.clean_up() == []  # its cancel answers 400, and the booking reads cancelled


# ---------------------------------------------- 5. the ledger on disk, and a clean-up from it later


def test_a_killed_runs_ledger_file_lets_a_later_command_cancel_what_it_left(target: str, tmp_path: Path) -> None:
    journal = tmp_path / "reports" / "contract-ledger.jsonl"
    session = real_target_session(target, journal=journal)
    seated = int(session.profile.require("event_types.seated"))
    start = session.slots.next()
    theirs = strangers_seat(target, seated, start)
    before = state(target)
    made = [make_booking(session, kind) for kind in ("regular", "requires_confirmation")]
    seat = make_booking(session, "seated", start=start)
    assert seat.uid == theirs and not session.ledger.owns_uid(theirs)
    # The run is killed here: it never cleans up. What it made is on disk, and no credential is.
    text = journal.read_text()
    assert all(m.uid in text for m in made) and theirs in text
    assert str(session.profile.api_key) not in text
    key = str(session.profile.api_key)
    assert cleanup.main(["--ledger", str(journal), "--base-url", target, "--api-key", key]) == 0
    after = state(target)
    assert all(after[m.uid]["status"] == "CANCELLED" for m in made)
    assert_unchanged(before, after)  # their booking keeps its status and seats: only the run's seat went


def test_clean_up_holds_no_response_time_budget(target: str) -> None:
    """A slow answer fails the test that saw it, but clean-up goes on and cancels everything."""
    session = real_target_session(target)
    made = [make_booking(session, "regular") for _ in range(2)]
    session.client.profile = replace(session.profile, run=replace(session.profile.run, max_response_time=1e-9))
    assert session.clean_up() == []
    assert all(state(target)[m.uid]["status"] == "CANCELLED" for m in made)


def test_the_cleanup_command_refuses_a_file_that_is_not_a_ledger(tmp_path: Path) -> None:
    bogus = tmp_path / "ledger.jsonl"
    bogus.write_text('{"uid": "x"}\n')
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "contract_tests.target.cleanup",
            "--ledger",
            str(bogus),
            "--base-url",
            "http://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "not a ledger file" in done.stderr


# ------------------------------------------------------------- 14. a mock that fails to start


def test_an_embedded_mock_that_fails_to_start_says_how_it_exited(tmp_path: Path) -> None:
    broken = tmp_path / "fixtures.yaml"
    broken.write_text("organizations: [unclosed\n")
    mock = EmbeddedMock(free_port(), fixtures=broken)
    with pytest.raises(RuntimeError, match=r"exited with \d+; log: "):
        mock.start(timeout=60)


def test_parallel_workers_keep_their_ledgers_apart(tmp_path: Path) -> None:
    """Workers given the same --contract-ledger each write their own file: one file shared would lose the
    entries of whichever worker started first (every ledger begins by writing its header)."""
    chosen = str(tmp_path / "ledger.jsonl")
    one, two = (ledger_path(chosen, run, worker=True) for run in ("aaa111", "bbb222"))
    assert one != two and one.parent == two.parent == tmp_path
    assert ledger_path(chosen, "aaa111", worker=False) == Path(chosen)
    assert ledger_path(None, "aaa111", worker=True) == Path("reports/contract-ledger-aaa111.jsonl")
