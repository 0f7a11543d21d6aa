"""Each check of the suite, fed one passing and one failing hand-built answer; a failure must be the
check's own `Failure` subclass, with `Expected:`/`Received:` lines and a curl command."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from contract_tests.checks import failures as ct
from contract_tests.checks import responses, rules
from contract_tests.checks.cases import MARKER
from contract_tests.target.bookings import Made
from contract_tests.target.http import Reply
from contract_tests.target.semantics import parse_instant
from contract_tests.target.spec import OperationId, documented_operations

LIST = OperationId.LIST
FUTURE = datetime.now(UTC) + timedelta(days=30)
PAST = datetime.now(UTC) - timedelta(days=30)


def at(moment: datetime, minutes: int = 0) -> str:
    return (moment + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def booking(
    uid: str = "u1", *, status: str = "accepted", start: datetime = FUTURE, minutes: int = 30, **extra: Any
) -> dict[str, Any]:
    item = {
        "id": 1,
        "uid": uid,
        "title": "Intro",
        "status": status,
        "start": at(start),
        "end": at(start, minutes),
        "duration": minutes,
        "eventTypeId": 1001,
        "location": "",
        "metadata": {},
        "createdAt": at(PAST),
        "updatedAt": at(PAST),
        "attendees": [
            {"name": "Ann", "email": "ann@example.com", "timeZone": "UTC", "language": "en", "absent": False}
        ],
        "bookingFieldsResponses": {},
    }
    item.update(extra)
    return item


# ------------------------------------------------------------------------------ fake Schemathesis


@dataclass
class FakeOperation:
    operation_id: str
    raw_schema: dict[str, Any]

    @property
    def schema(self) -> Any:
        return type("Schema", (), {"raw_schema": self.raw_schema})()

    @property
    def definition(self) -> Any:
        return type("Definition", (), {"raw": {"operationId": self.operation_id}})()

    @property
    def label(self) -> str:
        return documented_operations()[OperationId(self.operation_id)].label

    @property
    def method(self) -> str:
        return documented_operations()[OperationId(self.operation_id)].method.lower()


@dataclass
class FakeCase:
    operation_id: str
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    path_parameters: dict[str, Any] = field(default_factory=dict)
    raw_schema: dict[str, Any] = field(default_factory=lambda: {MARKER: True})

    @property
    def operation(self) -> FakeOperation:
        return FakeOperation(self.operation_id, self.raw_schema)

    @property
    def method(self) -> str:
        return self.operation.method.upper()

    def as_curl_command(self) -> str:
        return f"curl -X GET 'http://mock{self.operation.label.split(' ', 1)[1]}'"


@dataclass
class FakeResponse:
    status_code: int
    payload: Any

    def json(self) -> Any:
        return self.payload


def page(items: list[dict[str, Any]], *, total: int | None = None, take: int = 100, skip: int = 0) -> dict[str, Any]:
    from contract_tests.target.semantics import expected_pagination

    return {
        "status": "success",
        "data": items,
        "pagination": expected_pagination(len(items) if total is None else total, take, skip),
    }


CASES: list[tuple[Callable[..., None], type[ct.ContractFailure], FakeCase, Any, Any]] = [
    (
        responses.list_items_match_filters,
        ct.FilterNotApplied,
        FakeCase(LIST, {"attendeeName": "Ann"}),
        page([booking()]),
        page([booking(attendees=[{"name": "Bob", "email": "b@x.io", "timeZone": "UTC", "absent": False}])]),
    ),
    (
        responses.list_items_match_filters,
        ct.FilterNotApplied,
        FakeCase(LIST, {"status": ["past"]}),
        page([booking(start=PAST)]),
        page([booking(start=FUTURE)]),
    ),
    (
        responses.list_items_match_filters,
        ct.FilterNotApplied,
        FakeCase(LIST, {"attendeeEmail": " ann@example.com "}),
        page([booking()]),
        page([booking(attendees=[])]),
    ),
    (
        responses.list_items_match_filters,
        ct.FilterNotApplied,
        FakeCase(LIST, {"eventTypeIds": "1001,1002", "eventTypeId": "7"}),
        page([booking()]),
        page([booking(eventTypeId=7)]),
    ),
    (
        responses.list_items_match_filters,
        ct.FilterNotApplied,
        FakeCase(LIST, {"afterStart": at(FUTURE)}),
        page([booking(start=FUTURE)]),
        page([booking(start=FUTURE - timedelta(minutes=1))]),
    ),
    (
        responses.list_is_sorted,
        ct.SortOrderBroken,
        FakeCase(LIST, {"sortEnd": "desc", "sortCreated": "asc"}),
        page([booking("a", start=FUTURE, minutes=90), booking("b", start=FUTURE, minutes=30)]),
        page([booking("a", start=FUTURE, minutes=30), booking("b", start=FUTURE, minutes=90)]),
    ),
    (
        responses.list_is_sorted,
        ct.SortOrderBroken,
        FakeCase(LIST, {"status": ["past"]}),
        page([booking("a", start=PAST), booking("b", start=PAST - timedelta(days=1))]),
        page([booking("a", start=PAST - timedelta(days=1)), booking("b", start=PAST)]),
    ),
    (
        responses.pagination_is_consistent,
        ct.PaginationArithmeticWrong,
        FakeCase(LIST, {"take": 2, "skip": 2}),
        page([booking("c")], total=3, take=2, skip=2),
        {
            **page([booking("c")], total=3, take=2, skip=2),
            "pagination": {**page([], total=3, take=2, skip=2)["pagination"], "hasNextPage": True},
        },
    ),
    (
        responses.pagination_is_consistent,
        ct.PaginationArithmeticWrong,
        FakeCase(LIST, {"take": 2}),
        page([booking("a"), booking("b")], total=5, take=2),
        page([booking("a")], total=5, take=2),
    ),
    (
        responses.v1_list_matches_filters,
        ct.FilterNotApplied,
        FakeCase(OperationId.V1_LIST, {"attendeeEmail": ["ann@example.com"]}),
        {"bookings": [{"id": 1, "attendees": [{"email": "ann@example.com"}]}]},
        {"bookings": [{"id": 1, "attendees": [{"email": "x@y.z"}]}]},
    ),
    (
        responses.v1_list_matches_filters,
        ct.PaginationArithmeticWrong,
        FakeCase(OperationId.V1_LIST, {"take": 1, "page": 1}),
        {"bookings": [{"id": 1}]},
        {"bookings": [{"id": 1}, {"id": 2}]},
    ),
    (
        responses.created_booking_echoes_request,
        ct.CreatedBookingDiffers,
        FakeCase(
            OperationId.CREATE,
            body={
                "start": at(FUTURE),
                "eventTypeId": 1001,
                "attendee": {"name": "Ann", "email": "ann@example.com", "timeZone": "UTC"},
            },
        ),
        {"status": "success", "data": booking()},
        {"status": "success", "data": booking(eventTypeId=1002)},
    ),
    (
        responses.cancel_answers_cancelled,
        ct.CancelNotApplied,
        FakeCase(
            OperationId.CANCEL,
            body={"cancellationReason": "r"},
            path_parameters={"bookingUid": "u1"},
        ),
        {"status": "success", "data": booking(status="cancelled", cancellationReason="r")},
        {"status": "success", "data": booking()},
    ),
    (
        responses.cancel_answers_cancelled,
        ct.CancelNotApplied,
        FakeCase(OperationId.CANCEL, body={"seatUid": "s1"}, path_parameters={"bookingUid": "u1"}),
        {"status": "success", "data": booking(attendees=[{"seatUid": "s2"}])},
        {"status": "success", "data": booking(attendees=[{"seatUid": "s1"}])},
    ),
    (
        responses.confirm_answers_accepted,
        ct.ConfirmNotApplied,
        FakeCase(OperationId.CONFIRM),
        {"status": "success", "data": booking()},
        {"status": "success", "data": booking(status="pending")},
    ),
    (
        responses.decline_answers_rejected,
        ct.DeclineNotApplied,
        FakeCase(OperationId.DECLINE),
        {"status": "success", "data": booking(status="rejected")},
        {"status": "success", "data": booking(status="pending")},
    ),
    (
        responses.reschedule_answers_linked_booking,
        ct.RescheduleNotLinked,
        FakeCase(
            OperationId.RESCHEDULE,
            body={"start": at(FUTURE)},
            path_parameters={"bookingUid": "old"},
        ),
        {"status": "success", "data": booking("new", rescheduledFromUid="old")},
        {"status": "success", "data": booking("new")},
    ),
    (
        responses.report_counts_are_consistent,
        ct.ReportCountsInconsistent,
        FakeCase(OperationId.REPORT, body={"bookingUid": "u1"}),
        {
            "status": "success",
            "data": {
                "reportedCount": 1,
                "cancelledCount": 2,
                "bookingUid": "u1",
                "message": "Booking reported and cancelled successfully",
            },
        },
        {
            "status": "success",
            "data": {
                "reportedCount": 1,
                "cancelledCount": 0,
                "bookingUid": "u1",
                "message": "Booking reported and cancelled successfully",
            },
        },
    ),
    (
        responses.mark_absent_answers_absences,
        ct.AbsenceNotRecorded,
        FakeCase(
            OperationId.MARK_ABSENT,
            body={"host": True, "attendees": [{"email": "ann@example.com", "absent": True}]},
        ),
        {
            "status": "success",
            "data": booking(absentHost=True, attendees=[{"email": "ann@example.com", "absent": True}]),
        },
        {
            "status": "success",
            "data": booking(absentHost=False, attendees=[{"email": "ann@example.com", "absent": True}]),
        },
    ),
    (
        responses.v1_update_applies_fields,
        ct.V1UpdateNotApplied,
        FakeCase(OperationId.V1_UPDATE, body={"title": "New", "startTime": at(FUTURE)}),
        {"booking": {"id": 1, "title": "New", "startTime": at(FUTURE)}},
        {"booking": {"id": 1, "title": "Old", "startTime": at(FUTURE)}},
    ),
]


@pytest.mark.parametrize(
    ("check", "failure", "case", "good", "bad"), CASES, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)]
)
def test_response_check(
    check: Callable[..., None], failure: type[ct.ContractFailure], case: FakeCase, good: Any, bad: Any
) -> None:
    status = 201 if case.operation_id == OperationId.CREATE else 200
    check(None, FakeResponse(status, good), case)
    with pytest.raises(failure) as caught:
        check(None, FakeResponse(status, bad), case)
    message = str(caught.value)
    assert message.startswith(failure.kind_title)
    assert "Expected: " in message and "Received: " in message and "curl " in message


@pytest.mark.parametrize("check", responses.RESPONSE_CHECKS, ids=lambda c: c.__name__)
def test_response_checks_ignore_errors_and_other_operations(check: Callable[..., None]) -> None:
    check(None, FakeResponse(400, {"status": "error"}), FakeCase(LIST))
    check(None, FakeResponse(200, {"status": "success", "data": booking()}), FakeCase(OperationId.V1_GET))


def test_response_checks_leave_other_schemas_alone() -> None:
    """Checks are registered globally; a case of another suite's schema is not judged."""
    check, _, case, _, bad = CASES[0]
    check(None, FakeResponse(200, bad), FakeCase(case.operation_id, case.query, raw_schema={}))


def test_every_response_check_has_a_passing_and_a_failing_case() -> None:
    assert {c.__name__ for c in responses.RESPONSE_CHECKS} == {case[0].__name__ for case in CASES}


# ---------------------------------------------------------------------------------- rule checks


def reply(operation_id: OperationId, status: int, body: Any, request_body: Any = None) -> Reply:
    operation = documented_operations()[operation_id]
    return Reply(
        operation=operation,
        method=operation.method,
        url="http://mock" + operation.path,
        request_headers={},
        request_body=request_body,
        status=status,
        headers={},
        body=body,
        text=json.dumps(body),
    )


def got(data: Any, status: int = 200) -> Reply:
    return reply(OperationId.GET, status, {"status": "success", "data": data})


SENT = {
    "start": at(FUTURE),
    "eventTypeId": 1001,
    "attendee": {"name": "Ann", "email": "ann@example.com", "timeZone": "UTC"},
    "metadata": {"k": "v"},
}
MADE = Made(
    kind="regular",
    body=SENT,
    reply=reply(OperationId.CREATE, 201, {"status": "success", "data": booking(metadata={"k": "v"})}),
    email="ann@example.com",
)
V1 = {
    "id": 1,
    "uid": "u1",
    "eventTypeId": 1001,
    "title": "Intro",
    "startTime": at(FUTURE),
    "endTime": at(FUTURE, 30),
    "status": "ACCEPTED",
    "attendees": [{"email": "ann@example.com", "name": "Ann", "timeZone": "UTC"}],
    "metadata": {"k": "v"},
}
ACT = reply(OperationId.CANCEL, 200, {})
REPORT = reply(
    OperationId.REPORT,
    200,
    {"status": "success", "data": {"reportedCount": 1, "cancelledCount": 2}},
)

RULES: list[tuple[str, type[ct.ContractFailure], Callable[[], object], Callable[[], object]]] = [
    (
        "answered",
        ct.ValidRequestRefused,
        lambda: rules.answered(got({}), {200}, "x"),
        lambda: rules.answered(got({}, 400), {200}, "x"),
    ),
    (
        "booking_reads_back_as_created",
        ct.ReadBackDiffers,
        lambda: rules.booking_reads_back_as_created(MADE, got(booking(metadata={"k": "v"})), via="get"),
        lambda: rules.booking_reads_back_as_created(MADE, got(booking(metadata={})), via="get"),
    ),
    (
        "v1_booking_reads_back_as_v2",
        ct.ReadBackDiffers,
        lambda: rules.v1_booking_reads_back_as_v2(MADE, booking(), V1, got({}), via="v1"),
        lambda: rules.v1_booking_reads_back_as_v2(
            MADE, booking(), {**V1, "startTime": at(FUTURE, 60)}, got({}), via="v1"
        ),
    ),
    (
        "cancel_is_applied",
        ct.CancelNotApplied,
        lambda: rules.cancel_is_applied(
            got(booking(status="cancelled", cancellationReason="r")), uid="u1", reason="r", cancel=ACT
        ),
        lambda: rules.cancel_is_applied(got(booking(status="cancelled")), uid="u1", reason="r", cancel=ACT),
    ),
    (
        "second_cancel_is_refused",
        ct.SecondCancelAccepted,
        lambda: rules.second_cancel_is_refused(got({}, 400), uid="u1", first=ACT),
        lambda: rules.second_cancel_is_refused(got({}), uid="u1", first=ACT),
    ),
    (
        "seat_cancel_removed_one_seat",
        ct.SeatCancelWrong,
        lambda: rules.seat_cancel_removed_one_seat(
            got(booking(attendees=[{"seatUid": "b"}])), uid="u1", seat="a", seats_before=["a", "b"], cancel=ACT
        ),
        lambda: rules.seat_cancel_removed_one_seat(
            got(booking(attendees=[])), uid="u1", seat="a", seats_before=["a", "b"], cancel=ACT
        ),
    ),
    (
        "full_seated_booking_refuses_a_seat",
        ct.SeatsOverbooked,
        lambda: rules.full_seated_booking_refuses_a_seat(got({}, 409), uid="u1", seats=3),
        lambda: rules.full_seated_booking_refuses_a_seat(got({}, 201), uid="u1", seats=3),
    ),
    (
        "pending_booking_became",
        ct.ConfirmNotApplied,
        lambda: rules.pending_booking_became(got(booking()), uid="u1", status="accepted", action=ACT),
        lambda: rules.pending_booking_became(got(booking(status="pending")), uid="u1", status="accepted", action=ACT),
    ),
    (
        "pending_booking_became (decline)",
        ct.DeclineNotApplied,
        lambda: rules.pending_booking_became(got(booking(status="rejected")), uid="u1", status="rejected", action=ACT),
        lambda: rules.pending_booking_became(got(booking()), uid="u1", status="rejected", action=ACT),
    ),
    (
        "accepted_booking_refuses",
        ct.AcceptedBookingNotRefused,
        lambda: rules.accepted_booking_refuses(got({}, 400), got(booking()), uid="u1", action="confirm"),
        lambda: rules.accepted_booking_refuses(
            got({}, 400), got(booking(status="rejected")), uid="u1", action="decline"
        ),
    ),
    (
        "rescheduled_booking_is_linked",
        ct.RescheduleNotLinked,
        lambda: rules.rescheduled_booking_is_linked(
            got(booking("old", status="cancelled", rescheduledToUid="new")),
            got(booking("new", rescheduledFromUid="old")),
            old_uid="old",
            new_uid="new",
            start=at(FUTURE),
            reschedule=ACT,
        ),
        lambda: rules.rescheduled_booking_is_linked(
            got(booking("old", status="cancelled")),
            got(booking("new", rescheduledFromUid="old")),
            old_uid="old",
            new_uid="new",
            start=at(FUTURE),
            reschedule=ACT,
        ),
    ),
    (
        "rescheduled_booking_is_linked (original)",
        ct.OriginalNotCancelled,
        lambda: rules.original_refuses_changes(got({}, 400), old_uid="old", action="cancel", reschedule=ACT),
        lambda: rules.rescheduled_booking_is_linked(
            got(booking("old", rescheduledToUid="new")),
            got(booking("new", rescheduledFromUid="old")),
            old_uid="old",
            new_uid="new",
            start=at(FUTURE),
            reschedule=ACT,
        ),
    ),
    (
        "created_bookings_are_listed",
        ct.CreatedBookingMissing,
        lambda: rules.created_bookings_are_listed(got([]), ["a", "b"], ["a"], query={}),
        lambda: rules.created_bookings_are_listed(got([]), ["b"], ["a"], query={}),
    ),
    (
        "pages_tile_the_list",
        ct.PagesDoNotTile,
        lambda: rules.pages_tile_the_list(got([]), take=2, tiled=["a", "b", "c"], whole=["a", "b", "c"]),
        lambda: rules.pages_tile_the_list(got([]), take=2, tiled=["a", "b", "b"], whole=["a", "b", "c"]),
    ),
    (
        "list_stays_in_scope",
        ct.TenancyLeak,
        lambda: rules.list_stays_in_scope(got([booking()]), allowed_event_types={1001}, scope="team 11"),
        lambda: rules.list_stays_in_scope(
            got([booking(eventTypeId=1102)]), allowed_event_types={1001}, scope="team 11"
        ),
    ),
    (
        "report_counts_match",
        ct.ReportCountsInconsistent,
        lambda: rules.report_counts_match(REPORT, cancelled=2),
        lambda: rules.report_counts_match(REPORT, cancelled=3),
    ),
    (
        "report_cancelled_exactly",
        ct.ReportCancelledWrongSet,
        lambda: rules.report_cancelled_exactly(
            {"a": got(booking("a", status="cancelled")), "b": got(booking("b"))},
            cancelled={"a"},
            report=REPORT,
            before={"a": "accepted", "b": "accepted"},
        ),
        lambda: rules.report_cancelled_exactly(
            {"a": got(booking("a", status="cancelled")), "b": got(booking("b", status="cancelled"))},
            cancelled={"a"},
            report=REPORT,
            before={"a": "accepted", "b": "accepted"},
        ),
    ),
    (
        "second_report_is_refused",
        ct.SecondReportAccepted,
        lambda: rules.second_report_is_refused(got({}, 400), uid="u1", first=REPORT),
        lambda: rules.second_report_is_refused(got({}), uid="u1", first=REPORT),
    ),
    (
        "other_tenant_is_refused",
        ct.CrossTenantAccess,
        lambda: rules.other_tenant_is_refused(got({}, 403), what="x"),
        lambda: rules.other_tenant_is_refused(got({}, 200), what="x"),
    ),
    (
        "other_tenant_changed_nothing",
        ct.CrossTenantChange,
        lambda: rules.other_tenant_changed_nothing(got(booking()), got(booking()), uid="u1", attempts=[ACT]),
        lambda: rules.other_tenant_changed_nothing(
            got(booking()), got(booking(status="cancelled")), uid="u1", attempts=[ACT]
        ),
    ),
    (
        "credentials_are_enforced",
        ct.AuthNotEnforced,
        lambda: rules.credentials_are_enforced(got({}, 401), allowed={401}, credentials="no key"),
        lambda: rules.credentials_are_enforced(got({}, 200), allowed={401}, credentials="no key"),
    ),
    (
        "refused_requests_changed_nothing",
        ct.AuthNotEnforced,
        lambda: rules.refused_requests_changed_nothing(
            got(booking(status="pending")), uid="u1", status="pending", attempts=[ACT]
        ),
        lambda: rules.refused_requests_changed_nothing(got(booking()), uid="u1", status="pending", attempts=[ACT]),
    ),
    (
        "error_status_is",
        ct.WrongErrorStatus,
        lambda: rules.error_status_is(got({}, 413), expected={413}, what="big"),
        lambda: rules.error_status_is(got({}, 400), expected={413}, what="big"),
    ),
    (
        "absence_before_start_is_refused",
        ct.AbsenceBeforeStartAccepted,
        lambda: rules.absence_before_start_is_refused(got({}, 400), got(booking()), uid="u1", before=got(booking())),
        lambda: rules.absence_before_start_is_refused(
            got({}, 200), got(booking(absentHost=True)), uid="u1", before=got(booking())
        ),
    ),
    (
        "absences_are_recorded",
        ct.AbsenceNotRecorded,
        lambda: rules.absences_are_recorded(got(booking(absentHost=True)), uid="u1", host=True, attendees={}, mark=ACT),
        lambda: rules.absences_are_recorded(
            got(booking(absentHost=False)), uid="u1", host=True, attendees={}, mark=ACT
        ),
    ),
]


@pytest.mark.parametrize(("name", "failure", "passing", "failing"), RULES, ids=[r[0] for r in RULES])
def test_rule_check(
    name: str, failure: type[ct.ContractFailure], passing: Callable[[], None], failing: Callable[[], None]
) -> None:
    passing()
    with pytest.raises(failure) as caught:
        failing()
    message = str(caught.value)
    assert message.startswith(failure.kind_title)
    assert "Expected: " in message and "Received: " in message and "Reproduce with:\n    curl " in message


def test_every_failure_class_has_its_own_code_and_title() -> None:
    classes = [
        c
        for c in vars(ct).values()
        if isinstance(c, type) and issubclass(c, ct.ContractFailure) and c is not ct.ContractFailure
    ]
    assert len({c.code for c in classes}) == len(classes)
    assert len({c.kind_title for c in classes}) == len(classes)


# ------------------------------------------------------------------------------- stateful checks


def test_a_change_after_a_cancel_fails_and_a_refused_one_passes() -> None:
    from contract_tests.scenarios.stateful import StateModel

    model = StateModel()
    cancel = FakeCase(
        OperationId.CANCEL,
        body={"cancellationReason": "r"},
        path_parameters={"bookingUid": "u1"},
    )
    model.observe(FakeResponse(200, {"status": "success", "data": booking(status="cancelled")}), cancel)
    confirm = FakeCase(OperationId.CONFIRM, path_parameters={"bookingUid": "u1"})
    model.cancelled_booking_refuses_changes(None, FakeResponse(400, {}), confirm)
    with pytest.raises(ct.ChangeAfterCancelAccepted, match="After:"):
        model.cancelled_booking_refuses_changes(
            None, FakeResponse(200, {"status": "success", "data": booking()}), confirm
        )


def test_a_v1_cancel_counts_for_the_v2_uid_of_the_created_booking() -> None:
    from contract_tests.scenarios.stateful import StateModel

    model = StateModel()
    create = FakeCase(OperationId.CREATE, body={})
    model.observe(FakeResponse(201, {"status": "success", "data": booking("u9", id=9)}), create)
    model.observe(FakeResponse(200, {"success": True}), FakeCase(OperationId.V1_CANCEL, path_parameters={"id": 9}))
    reschedule = FakeCase(
        OperationId.RESCHEDULE,
        body={"start": at(FUTURE)},
        path_parameters={"bookingUid": "u9"},
    )
    with pytest.raises(ct.ChangeAfterCancelAccepted):
        model.cancelled_booking_refuses_changes(None, FakeResponse(201, {}), reschedule)


def test_a_created_booking_that_reads_404_fails() -> None:
    from contract_tests.scenarios.stateful import StateModel

    model = StateModel()
    model.observe(
        FakeResponse(201, {"status": "success", "data": booking("u1")}),
        FakeCase(OperationId.CREATE, body={}),
    )
    get = FakeCase(OperationId.GET, path_parameters={"bookingUid": "u1"})
    model.created_booking_stays_available(None, FakeResponse(200, {}), get)
    with pytest.raises(ct.CreatedBookingUnavailable):
        model.created_booking_stays_available(None, FakeResponse(404, {}), get)


def test_repeated_failures_of_one_rule_collapse_whatever_case_showed_them() -> None:
    first = ct.FilterNotApplied(operation="GET /v2/bookings", expected="a", received="item 0", curl="curl one")
    again = ct.FilterNotApplied(operation="GET /v2/bookings", expected="a", received="item 3", curl="curl two")
    other = ct.SortOrderBroken(operation="GET /v2/bookings", expected="a", received="item 0", curl="curl one")
    assert first == again and len({first, again, other}) == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2031-05-04T10:07:00.000Z", datetime(2031, 5, 4, 10, 7, tzinfo=UTC)),
        ("2031-05-04t10:07:00z", datetime(2031, 5, 4, 10, 7, tzinfo=UTC)),
        ("0001-01-01T00:30:00+01:00", None),  # before datetime's first UTC moment: abstain, do not crash
        ("9999-12-31T23:30:00-01:00", None),  # after its last
        ("2031-05-04T10:07:00", None),  # no offset
        (17, None),
    ],
)
def test_parse_instant_reads_what_it_can_and_abstains_otherwise(value: object, expected: datetime | None) -> None:
    assert parse_instant(value) == expected


def test_a_seated_booking_moved_whole_keeps_its_uid() -> None:
    """`moveSeatedBookingToNewTimeSlot` updates the seated booking in place (same uid, no rescheduledFromUid),
    and its answer is the seated output with `seatUid` "": the linked-booking rule must not demand a new uid
    there, while still demanding the new start; a plain booking answered the same way still fails."""
    check = responses.reschedule_answers_linked_booking
    case = FakeCase(OperationId.RESCHEDULE, body={"start": at(FUTURE)}, path_parameters={"bookingUid": "old"})
    check(None, FakeResponse(201, {"status": "success", "data": booking("old", seatUid="")}), case)
    with pytest.raises(ct.RescheduleNotLinked):
        moved = booking("old", seatUid="", start=FUTURE + timedelta(minutes=30))
        check(None, FakeResponse(201, {"status": "success", "data": moved}), case)
    with pytest.raises(ct.RescheduleNotLinked):
        check(None, FakeResponse(201, {"status": "success", "data": booking("old")}), case)


def test_undeclared_query_parameters_are_no_negative_data_where_the_server_ignores_them() -> None:
    """v1 cancel and v2 reads ignore query parameters they do not declare (zod strips them; the ValidationPipe
    whitelists): Schemathesis must not send one as a schema violation there (ST201 on v1 cancel), but still
    may where the pipe forbids them (`GET /v2/slots`) and on bodies."""
    from contract_tests.scenarios.conformance import _per_operation
    from contract_tests.target.targets import load_profile

    settings = {s["include-operation-id"]: s for s in _per_operation(load_profile(environ={}))}
    for ignoring in (OperationId.V1_CANCEL, OperationId.LIST, OperationId.V1_LIST, OperationId.SLOTS_AVAILABLE):
        assert settings[ignoring]["generation"]["allow-extra-parameters"] is False, ignoring
    for strict in (OperationId.SLOTS, OperationId.CREATE, OperationId.CANCEL):
        assert "generation" not in settings.get(strict, {}), strict
