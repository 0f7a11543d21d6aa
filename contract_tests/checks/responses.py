"""Response checks: properties one answer must have, given the request that produced it.

Each check is an `(answer, case) -> None` function registered with `@response_check(<operations>)`,
which makes it a Schemathesis check (so it runs on every case Schemathesis generates, conformance and
stateful, beside the built-in checks) that is called only with the parsed 2xx JSON answer of one of
its operations, for the suite's own schema. `verify_*` are shared with the scenarios.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import schemathesis

from contract_tests.checks.cases import body_of, curl_of, from_suite, operation_of, path_of
from contract_tests.checks.failures import (
    AbsenceNotRecorded,
    CancelNotApplied,
    ConfirmNotApplied,
    ContractFailure,
    CreatedBookingDiffers,
    DeclineNotApplied,
    FilterNotApplied,
    PaginationArithmeticWrong,
    ReportCountsInconsistent,
    RescheduleNotLinked,
    SortOrderBroken,
    V1UpdateNotApplied,
)
from contract_tests.target.semantics import (
    CLOCK_TOLERANCE,
    absence_differences,
    effective_sort,
    expected_pagination,
    filter_violations,
    order_violation,
    parse_instant,
    same_instant,
    v1_filter_violations,
)
from contract_tests.target.spec import OperationId

__all__ = ["RESPONSE_CHECKS", "response_check", "verify_list_filters", "verify_list_order", "verify_pagination"]

Check = Callable[[Any, Any, Any], None]  # Schemathesis's (ctx, response, case)
AnswerCheck = Callable[[Mapping[str, Any], Any], None]

RESPONSE_CHECKS: list[Check] = []
LISTS = (OperationId.LIST, OperationId.ORG_LIST, OperationId.TEAM_LIST)


def response_check(*operation_ids: OperationId) -> Callable[[AnswerCheck], Check]:
    """Register `check(answer, case)` for the successful JSON answers of these operations."""

    def register(check: AnswerCheck) -> Check:
        @functools.wraps(check)
        def run(ctx: Any, response: Any, case: Any) -> None:
            operation = operation_of(case)
            if operation is None or operation.operation_id not in operation_ids or not from_suite(case):
                return
            if not 200 <= response.status_code < 300:
                return
            try:
                answer = response.json()
            except ValueError:
                return  # content-type and schema checks report this
            if isinstance(answer, Mapping):
                check(answer, case)

        schemathesis.check(run)
        RESPONSE_CHECKS.append(run)
        return run

    return register


def _uid(item: Mapping[str, Any]) -> str:
    return f"booking uid={item.get('uid')}"


# ---------------------------------------------------------------------------------------- lists


def verify_list_filters(
    label: str, query: Mapping[str, Any], answer: Mapping[str, Any], curl: str, *, team: bool = False
) -> None:
    """Every item of a v2 list page passes every filter of `query`."""
    now = datetime.now(UTC)
    for index, item in enumerate(answer.get("data") or []):
        if not isinstance(item, Mapping):
            continue
        failed = filter_violations(item, query, now, rewrite_email=not team)
        if failed:
            raise FilterNotApplied(
                operation=label,
                expected="every listed booking matches " + ", ".join(f"{k}={v}" for k, v in sorted(query.items())),
                received=f"item {index} ({_uid(item)}) fails " + "; ".join(failed),
                curl=curl,
            )


def verify_list_order(label: str, query: Mapping[str, Any], answer: Mapping[str, Any], curl: str) -> None:
    """A v2 list page is ordered by the one sort that applies."""
    field, descending = effective_sort(query)
    items = [item for item in answer.get("data") or [] if isinstance(item, Mapping)]
    index = order_violation(items, field, descending)
    if index is not None:
        raise SortOrderBroken(
            operation=label,
            expected=f"items ordered by {field} {'descending' if descending else 'ascending'}",
            received=(
                f"item {index - 1} {field}={items[index - 1].get(field)} ({_uid(items[index - 1])}) before "
                f"item {index} {field}={items[index].get(field)} ({_uid(items[index])})"
            ),
            curl=curl,
        )


def verify_pagination(label: str, query: Mapping[str, Any], answer: Mapping[str, Any], curl: str) -> None:
    """The pagination object follows the reference arithmetic for take and skip; the page holds
    `returnedItems` items."""
    pagination = answer.get("pagination")
    take, skip = query.get("take", 100), query.get("skip", 0)
    if isinstance(take, str) and take.isdigit():
        take = int(take)
    if isinstance(skip, str) and skip.isdigit():
        skip = int(skip)
    if not isinstance(pagination, Mapping):
        return
    total = pagination.get("totalItems")
    if not isinstance(take, int) or not isinstance(skip, int) or take == 0 or not isinstance(total, (int, float)):
        return
    expected = expected_pagination(int(total), take, skip)
    wrong = {k: pagination.get(k) for k, v in expected.items() if pagination.get(k) != v}
    data = answer.get("data")
    if isinstance(data, list) and len(data) != expected["returnedItems"]:
        wrong["len(data)"] = len(data)
    if wrong:
        raise PaginationArithmeticWrong(
            operation=label,
            expected=f"for take={take} skip={skip} totalItems={total}: "
            + ", ".join(f"{k}={expected.get(k, expected['returnedItems'])}" for k in wrong),
            received=", ".join(f"{k}={v}" for k, v in wrong.items()),
            curl=curl,
        )


@response_check(*LISTS)
def list_items_match_filters(answer: Mapping[str, Any], case: Any) -> None:
    """Every item of a v2 list (user, organization, team) passes every filter of the request."""
    if isinstance(answer.get("data"), list):
        operation = operation_of(case)
        team = operation is not None and operation.operation_id == OperationId.TEAM_LIST  # no '+' for spaces
        verify_list_filters(case.operation.label, dict(case.query or {}), answer, curl_of(case), team=team)


@response_check(*LISTS)
def list_is_sorted(answer: Mapping[str, Any], case: Any) -> None:
    """A v2 list is ordered by the one sort that applies (sortStart > sortEnd > sortCreated >
    sortUpdatedAt, else start, descending for a lone past/cancelled status)."""
    if isinstance(answer.get("data"), list):
        verify_list_order(case.operation.label, dict(case.query or {}), answer, curl_of(case))


@response_check(*LISTS)
def pagination_is_consistent(answer: Mapping[str, Any], case: Any) -> None:
    """The pagination object follows the reference arithmetic for the request's take and skip."""
    if isinstance(answer.get("data"), list):
        verify_pagination(case.operation.label, dict(case.query or {}), answer, curl_of(case))


@response_check(OperationId.V1_LIST)
def v1_list_matches_filters(answer: Mapping[str, Any], case: Any) -> None:
    """Every v1 booking listed passes attendeeEmail, dateFrom/dateTo or status=upcoming, the list is
    ordered by sortBy/order when given, and take+page bound the page."""
    if not isinstance(answer.get("bookings"), list):
        return
    query = dict(case.query or {})
    items = [item for item in answer["bookings"] if isinstance(item, Mapping)]
    now = datetime.now(UTC)
    for index, item in enumerate(items):
        failed = v1_filter_violations(item, query, now)
        if failed:
            raise FilterNotApplied(
                operation=case.operation.label,
                expected="every listed booking matches " + ", ".join(f"{k}={v}" for k, v in sorted(query.items())),
                received=f"item {index} (booking id={item.get('id')}) fails " + "; ".join(failed),
                curl=curl_of(case),
            )
    if query.get("sortBy") in ("createdAt", "updatedAt"):
        descending = query.get("order") == "desc"
        misplaced = order_violation(items, str(query["sortBy"]), descending)
        if misplaced is not None:
            raise SortOrderBroken(
                operation=case.operation.label,
                expected=f"bookings ordered by {query['sortBy']} {'descending' if descending else 'ascending'}",
                received=f"item {misplaced} (booking id={items[misplaced].get('id')}) is out of order",
                curl=curl_of(case),
            )
    take, page = query.get("take"), query.get("page")
    if isinstance(take, int) and isinstance(page, int) and take > 0 and len(items) > take:
        raise PaginationArithmeticWrong(
            operation=case.operation.label,
            expected=f"at most take={take} bookings when take and page are given",
            received=f"{len(items)} bookings",
            curl=curl_of(case),
        )


# ------------------------------------------------------------------------------------- changes


@response_check(OperationId.CREATE, OperationId.V1_CREATE)
def created_booking_echoes_request(answer: Mapping[str, Any], case: Any) -> None:
    """A successful create answers the event type, start and attendee that were sent (v2 and v1),
    and for a plain booking the metadata and guests too."""
    body = case.body if isinstance(case.body, Mapping) else None
    operation = operation_of(case)
    if body is None or operation is None:
        return
    items = operation.created_bookings(answer)
    v1 = operation.operation_id == OperationId.V1_CREATE
    attendee = body.get("responses") if v1 else body.get("attendee")
    attendee = attendee if isinstance(attendee, Mapping) else {}
    problems: list[str] = []
    if not items:
        problems.append("no booking in the answer")
    starts = [item.get("startTime" if v1 else "start") for item in items]
    if items and not any(same_instant(body.get("start"), s) in (True, None) for s in starts):
        problems.append(f"start {body.get('start')} not among answered starts {starts}")
    for item in items:
        if "eventTypeId" in body and item.get("eventTypeId") != body["eventTypeId"]:
            problems.append(f"eventTypeId {item.get('eventTypeId')} instead of {body['eventTypeId']}")
        people = [a for a in item.get("attendees") or [] if isinstance(a, Mapping)]
        wanted = {k: attendee[k] for k in ("name", "email") if isinstance(attendee.get(k), str)}
        if wanted and not any(all(p.get(k) == v for k, v in wanted.items()) for p in people):
            problems.append(f"no attendee {wanted} among {[{k: p.get(k) for k in wanted} for p in people]}")
        seated = "seatUid" in item
        if (
            not v1
            and not seated
            and isinstance(body.get("metadata"), Mapping)
            and item.get("metadata") != body["metadata"]
        ):
            problems.append(f"metadata {item.get('metadata')} instead of {body['metadata']}")
        if not v1 and not seated and body.get("guests") and item.get("guests") != body["guests"]:
            problems.append(f"guests {item.get('guests')} instead of {body['guests']}")
    if problems:
        raise CreatedBookingDiffers(
            operation=case.operation.label,
            expected="the created booking carries the fields sent",
            received="; ".join(problems[:5]),
            curl=curl_of(case),
        )


@response_check(OperationId.CANCEL)
def cancel_answers_cancelled(answer: Mapping[str, Any], case: Any) -> None:
    """A successful cancel answers the booking cancelled with the reason sent; a seat cancel answers
    the booking without that seat; a series cancel answers the occurrences still to come cancelled."""
    body = body_of(case)
    data, uid = answer.get("data"), path_of(case).get("bookingUid")
    problem = None
    if isinstance(data, Mapping):
        seat = body.get("seatUid")
        if seat:
            seats = [a.get("seatUid") for a in data.get("attendees") or [] if isinstance(a, Mapping)]
            if seat in seats:
                problem = f"seat {seat} still among the seats {seats}"
        elif data.get("status") != "cancelled":
            problem = f"status {data.get('status')!r}"
        elif "cancellationReason" in body and data.get("cancellationReason") != body["cancellationReason"]:
            problem = f"cancellationReason {data.get('cancellationReason')!r} instead of {body['cancellationReason']!r}"
    elif isinstance(data, list):
        items = [i for i in data if isinstance(i, Mapping)]
        own = next((i for i in items if i.get("uid") == uid), None)
        since = parse_instant(own.get("start")) if own else datetime.now(UTC) + CLOCK_TOLERANCE
        left = [
            i.get("uid")
            for i in items
            if since is not None
            and (start := parse_instant(i.get("start"))) is not None
            and start >= since
            and i.get("status") != "cancelled"
        ]
        if left:
            problem = f"occurrences still not cancelled: {left}"
    if problem:
        raise CancelNotApplied(
            operation=case.operation.label,
            expected="the answer shows the cancellation (status 'cancelled' and the reason, or the seat gone)",
            received=f"booking uid={uid}: {problem}",
            curl=curl_of(case),
        )


def _answers_status(answer: Mapping[str, Any], case: Any, status: str, failure: type[ContractFailure]) -> None:
    data = answer.get("data")
    if isinstance(data, Mapping) and data.get("status") != status:
        raise failure(
            operation=case.operation.label,
            expected=f"the answer shows the booking {status}",
            received=f"booking uid={data.get('uid')} has status {data.get('status')!r}",
            curl=curl_of(case),
        )


@response_check(OperationId.CONFIRM)
def confirm_answers_accepted(answer: Mapping[str, Any], case: Any) -> None:
    """A successful confirm answers the booking accepted."""
    _answers_status(answer, case, "accepted", ConfirmNotApplied)


@response_check(OperationId.DECLINE)
def decline_answers_rejected(answer: Mapping[str, Any], case: Any) -> None:
    """A successful decline answers the booking rejected."""
    _answers_status(answer, case, "rejected", DeclineNotApplied)


@response_check(OperationId.RESCHEDULE)
def reschedule_answers_linked_booking(answer: Mapping[str, Any], case: Any) -> None:
    """A successful reschedule answers a new booking at the new start that names the original. A seated
    booking moved whole (no `seatUid`: an organization admin's `ownerRescheduleSeatedBooking`) is the
    exception: it moves in place, same uid (`moveSeatedBookingToNewTimeSlot` updates the row), or its seats
    join the booking already at the new time (`combineTwoSeatedBookings`); neither names the original. Its
    answer is the seated output, with `seatUid` "" (`booking.seatReferenceUid || ""`)."""
    body = body_of(case)
    data, uid = answer.get("data"), path_of(case).get("bookingUid")
    if not isinstance(data, Mapping):
        return
    problems = []
    if same_instant(data.get("start"), body.get("start")) is False:
        problems.append(f"start {data.get('start')} instead of {body.get('start')}")
    seated_move = "seatUid" in data
    if not body.get("seatUid") and not seated_move:
        if data.get("uid") == uid:
            problems.append("the same uid as the original")
        if data.get("rescheduledFromUid") != uid:
            problems.append(f"rescheduledFromUid {data.get('rescheduledFromUid')!r} instead of {uid!r}")
    if problems:
        raise RescheduleNotLinked(
            operation=case.operation.label,
            expected=f"a new booking at {body.get('start')} with rescheduledFromUid={uid}",
            received="; ".join(problems),
            curl=curl_of(case),
        )


@response_check(OperationId.REPORT)
def report_counts_are_consistent(answer: Mapping[str, Any], case: Any) -> None:
    """A report answers reportedCount 1, the reported uid, and a message that agrees with cancelledCount."""
    body = body_of(case)
    data = answer.get("data")
    if not isinstance(data, Mapping):
        return
    cancelled = data.get("cancelledCount")
    message = (
        "Booking reported and cancelled successfully"
        if isinstance(cancelled, (int, float)) and cancelled > 0
        else "Booking reported successfully"
    )
    problems = []
    if data.get("reportedCount") != 1:
        problems.append(f"reportedCount {data.get('reportedCount')}")
    if data.get("bookingUid") != body.get("bookingUid"):
        problems.append(f"bookingUid {data.get('bookingUid')!r} instead of {body.get('bookingUid')!r}")
    if data.get("message") != message:
        problems.append(f"message {data.get('message')!r} with cancelledCount {cancelled}")
    if problems:
        raise ReportCountsInconsistent(
            operation=case.operation.label,
            expected=f"reportedCount 1, bookingUid {body.get('bookingUid')!r}, message {message!r}",
            received="; ".join(problems),
            curl=curl_of(case),
        )


@response_check(OperationId.MARK_ABSENT)
def mark_absent_answers_absences(answer: Mapping[str, Any], case: Any) -> None:
    """A successful mark-absent answers the host and attendee absences that were sent."""
    body = body_of(case)
    data = answer.get("data")
    if not isinstance(data, Mapping):
        return
    wanted = {a["email"]: a["absent"] for a in body.get("attendees") or [] if isinstance(a, Mapping) and "email" in a}
    problems = absence_differences(data, host=body.get("host") is True, attendees=wanted)
    if problems:
        raise AbsenceNotRecorded(
            operation=case.operation.label,
            expected=f"absences as sent: host={body.get('host')}, attendees={wanted}",
            received="; ".join(problems),
            curl=curl_of(case),
        )


@response_check(OperationId.V1_UPDATE)
def v1_update_applies_fields(answer: Mapping[str, Any], case: Any) -> None:
    """A successful v1 PATCH answers the booking with the title, description, status and times sent."""
    body = body_of(case)
    booking = answer.get("booking")
    if not isinstance(booking, Mapping):
        return
    problems = [
        f"{field} {booking.get(field)!r} instead of {body[field]!r}"
        for field in ("title", "description", "status")
        if field in body and booking.get(field) != body[field]
    ]
    problems += [
        f"{field} {booking.get(field)} instead of {body[field]}"
        for field in ("startTime", "endTime")
        if field in body and same_instant(booking.get(field), body[field]) is False
    ]
    if problems:
        raise V1UpdateNotApplied(
            operation=case.operation.label,
            expected="the booking with the fields sent",
            received=f"booking id={booking.get('id')}: " + "; ".join(problems),
            curl=curl_of(case),
        )
