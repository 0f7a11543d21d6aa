"""Business-rule checks: small named functions over the replies a scenario collected.

Each takes what was sent or expected and the reply that shows the outcome, and raises its own
`ContractFailure` subclass: `Expected:` / `Received:`, the booking concerned, the step that set it up
(`After:`) and a curl line for the observing request (`Reproduce with:`). Guards return early.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from contract_tests.checks.failures import (
    AbsenceBeforeStartAccepted,
    AbsenceNotRecorded,
    AcceptedBookingNotRefused,
    AuthNotEnforced,
    CancelNotApplied,
    ConfirmNotApplied,
    ContractFailure,
    CreatedBookingMissing,
    CrossTenantAccess,
    CrossTenantChange,
    DeclineNotApplied,
    ListNotExact,
    OriginalNotCancelled,
    PagesDoNotTile,
    ReadBackDiffers,
    ReportCancelledWrongSet,
    ReportCountsInconsistent,
    RescheduleNotLinked,
    ReservedSlotOffered,
    SeatCancelWrong,
    SeatsOverbooked,
    SecondCancelAccepted,
    SecondReportAccepted,
    TenancyLeak,
    ValidRequestRefused,
    WrongErrorStatus,
)
from contract_tests.target.bookings import Made
from contract_tests.target.http import Reply
from contract_tests.target.semantics import absence_differences, parse_instant, same_instant

FailureT = TypeVar("FailureT", bound=ContractFailure)

__all__ = [
    "absence_before_start_is_refused",
    "absences_are_recorded",
    "accepted_booking_refuses",
    "answered",
    "booking_of",
    "booking_reads_back_as_created",
    "cancel_is_applied",
    "created_bookings_are_listed",
    "credentials_are_enforced",
    "error_status_is",
    "failure",
    "full_seated_booking_refuses_a_seat",
    "list_is_exactly",
    "list_stays_in_scope",
    "original_refuses_changes",
    "other_tenant_changed_nothing",
    "other_tenant_is_refused",
    "pages_tile_the_list",
    "pending_booking_became",
    "refused_requests_changed_nothing",
    "report_cancelled_exactly",
    "report_counts_match",
    "rescheduled_booking_is_linked",
    "seat_cancel_removed_one_seat",
    "second_cancel_is_refused",
    "second_report_is_refused",
    "v1_booking_reads_back_as_v2",
]

_FIELDS_KEPT = ("uid", "id", "title", "status", "start", "end", "eventTypeId", "location", "metadata")


def failure(
    kind: type[FailureT],
    reply: Reply,
    expected: str,
    received: str,
    *,
    after: Reply | None = None,
    context: Sequence[str] = (),
) -> FailureT:
    """A `kind` failure observed in `reply`, after the step `after` (for `After:`), with its curl."""
    return kind(
        operation=reply.label,
        expected=expected,
        received=received,
        curl=reply.curl(),
        caused_by=after.curl() if after is not None else None,
        context=context,
    )


def answered(reply: Reply, statuses: Collection[int], what: str) -> Reply:
    """A step the suite built to succeed did succeed (else `ValidRequestRefused`)."""
    if reply.status not in statuses:
        raise failure(ValidRequestRefused, reply, f"{'/'.join(map(str, sorted(statuses)))} for {what}", reply.summary())
    return reply


def booking_of(reply: Reply) -> dict[str, Any]:
    data = reply.data
    if isinstance(data, list):
        return data[0] if data and isinstance(data[0], dict) else {}
    return data if isinstance(data, dict) else {}


# ------------------------------------------------------------------------------------ read back


def _expected_location(body: Mapping[str, Any]) -> str | None:
    location = body.get("location")
    if isinstance(location, str):
        return location
    if not isinstance(location, Mapping):
        return None
    key = {"attendeeDefined": "location", "attendeeAddress": "address", "attendeePhone": "phone"}.get(
        str(location.get("type"))
    )
    return str(location[key]) if key else None


def _differences(made: Made, booking: Mapping[str, Any]) -> list[str]:
    """What `booking` (as read) says differently from what `made` sent."""
    body = made.body
    sent = body["attendee"]
    diffs: list[str] = []
    if booking.get("eventTypeId") != body["eventTypeId"]:
        diffs.append(f"eventTypeId {booking.get('eventTypeId')} (sent {body['eventTypeId']})")
    start, end = parse_instant(booking.get("start")), parse_instant(booking.get("end"))
    if not same_instant(booking.get("start"), body["start"]):
        diffs.append(f"start {booking.get('start')} (sent {body['start']})")
    if start is None or end is None or end <= start:
        diffs.append(f"end {booking.get('end')} not after start {booking.get('start')}")
    elif booking.get("duration") != round((end - start).total_seconds() / 60):
        diffs.append(f"duration {booking.get('duration')} for {booking.get('start')}..{booking.get('end')}")
    expected_status = "pending" if made.kind == "requires_confirmation" else "accepted"
    if booking.get("status") != expected_status:
        diffs.append(f"status {booking.get('status')!r} (a new {made.kind} booking is {expected_status!r})")
    people = [a for a in booking.get("attendees") or [] if isinstance(a, Mapping)]
    mine = next((a for a in people if a.get("email") == made.email), None)
    if mine is None:
        diffs.append(f"no attendee {made.email} among {[a.get('email') for a in people]}")
    else:
        for field, wanted in (
            ("name", sent["name"]),
            ("timeZone", sent["timeZone"]),
            ("language", sent.get("language", "en")),
            ("phoneNumber", sent.get("phoneNumber")),
        ):
            if wanted is not None and mine.get(field) != wanted:
                diffs.append(f"attendee {field} {mine.get(field)!r} (sent {wanted!r})")
    seated = made.kind == "seated"
    holder: Mapping[str, Any] = (mine or {}) if seated else booking
    if body.get("metadata") and dict(holder.get("metadata") or {}) != body["metadata"]:
        diffs.append(f"metadata {holder.get('metadata')} (sent {body['metadata']})")
    answers = holder.get("bookingFieldsResponses") or {}
    missing = {k: v for k, v in (body.get("bookingFieldsResponses") or {}).items() if answers.get(k) != v}
    if missing:
        diffs.append(f"bookingFieldsResponses {answers} (sent {body['bookingFieldsResponses']})")
    if not seated and list(booking.get("guests") or []) != list(body.get("guests") or []):
        diffs.append(f"guests {booking.get('guests')} (sent {body.get('guests')})")
    location = _expected_location(body)
    if location is not None and booking.get("location") != location:
        diffs.append(f"location {booking.get('location')!r} (sent {location!r})")
    return diffs


def _reads_back(made: Made, read: Reply, diffs: Sequence[str], how: str) -> None:
    if diffs:
        raise failure(ReadBackDiffers, read, f"booking uid={made.uid} {how}", "; ".join(diffs[:6]), after=made.reply)


def booking_reads_back_as_created(
    made: Made, read: Reply, *, via: str, booking: Mapping[str, Any] | None = None
) -> None:
    """The booking, read through `via`, carries every field the create sent."""
    booking = booking if booking is not None else booking_of(read)
    diffs = _differences(made, booking)
    created = made.booking
    for field in _FIELDS_KEPT:
        if field in created and created.get(field) != booking.get(field):
            diffs.append(f"{field} {booking.get(field)!r} where the create answered {created.get(field)!r}")
    _reads_back(made, read, diffs, f"read through {via} as created")


def v1_booking_reads_back_as_v2(
    made: Made, v2: Mapping[str, Any], v1: Mapping[str, Any], read: Reply, *, via: str
) -> None:
    """API v1 shows the same booking as v2: id, uid, times, event type, status, title, attendee."""
    diffs = []
    for v1_field, v2_field in (("id", "id"), ("uid", "uid"), ("eventTypeId", "eventTypeId"), ("title", "title")):
        if v1.get(v1_field) != v2.get(v2_field):
            diffs.append(f"{v1_field} {v1.get(v1_field)!r} (v2: {v2.get(v2_field)!r})")
    for v1_field, v2_field in (("startTime", "start"), ("endTime", "end")):
        if not same_instant(v1.get(v1_field), v2.get(v2_field)):
            diffs.append(f"{v1_field} {v1.get(v1_field)} (v2 {v2_field}: {v2.get(v2_field)})")
    v1_status, v2_status = str(v1.get("status")), str(v2.get("status"))
    if v1_status.lower() != v2_status and not (v1_status == "AWAITING_HOST" and v2_status == "pending"):
        diffs.append(f"status {v1_status!r} (v2: {v2_status!r})")
    people = {
        (a.get("email"), a.get("name"), a.get("timeZone")) for a in v1.get("attendees") or [] if isinstance(a, Mapping)
    }
    sent = made.body["attendee"]
    if (made.email, sent["name"], sent["timeZone"]) not in people:
        diffs.append(
            f"no attendee {made.email} / {sent['name']!r} / {sent['timeZone']} among {sorted(people, key=str)}"
        )
    if made.kind != "seated" and made.body.get("metadata") and v1.get("metadata") != made.body["metadata"]:
        diffs.append(f"metadata {v1.get('metadata')} (sent {made.body['metadata']})")
    _reads_back(made, read, diffs, f"read through {via} as created (and as v2 shows it)")


# --------------------------------------------------------------------------------------- cancel


def cancel_is_applied(read: Reply, *, uid: str, reason: str | None, cancel: Reply) -> None:
    booking = booking_of(read)
    problems = []
    if booking.get("status") != "cancelled":
        problems.append(f"status {booking.get('status')!r}")
    if reason is not None and booking.get("cancellationReason") != reason:
        problems.append(f"cancellationReason {booking.get('cancellationReason')!r}")
    if problems:
        raise failure(
            CancelNotApplied,
            read,
            f"booking uid={uid} reads status 'cancelled' with cancellationReason {reason!r}",
            ", ".join(problems),
            after=cancel,
        )


def second_cancel_is_refused(second: Reply, *, uid: str, first: Reply) -> None:
    if second.status != 400:
        raise failure(
            SecondCancelAccepted, second, f"400 for a second cancel of booking uid={uid}", second.summary(), after=first
        )


def seat_cancel_removed_one_seat(
    read: Reply, *, uid: str, seat: str, seats_before: Collection[str], cancel: Reply
) -> None:
    booking = booking_of(read)
    seats_after = {a.get("seatUid") for a in booking.get("attendees") or [] if isinstance(a, Mapping)}
    expected = set(seats_before) - {seat}
    if seats_after != expected or booking.get("status") == "cancelled":
        raise failure(
            SeatCancelWrong,
            read,
            f"booking uid={uid} stays booked, with seats {sorted(expected)}",
            f"status {booking.get('status')!r}, seats {sorted(s for s in seats_after if s)}",
            after=cancel,
        )


def full_seated_booking_refuses_a_seat(reply: Reply, *, uid: str, seats: int) -> None:
    if reply.status != 409:
        raise failure(
            SeatsOverbooked, reply, f"409 for seat {seats + 1} of booking uid={uid} ({seats} seats)", reply.summary()
        )


# ------------------------------------------------------------------------------ confirm/decline


def pending_booking_became(read: Reply, *, uid: str, status: str, action: Reply) -> None:
    booking = booking_of(read)
    if booking.get("status") != status:
        kind = ConfirmNotApplied if status == "accepted" else DeclineNotApplied
        raise failure(
            kind, read, f"booking uid={uid} reads {status!r}", f"status {booking.get('status')!r}", after=action
        )


def accepted_booking_refuses(reply: Reply, read: Reply, *, uid: str, action: str) -> None:
    """Confirm or decline of an accepted booking answers 400 and leaves it accepted."""
    status = booking_of(read).get("status")
    if reply.status != 400 or status != "accepted":
        raise failure(
            AcceptedBookingNotRefused,
            reply,
            f"400 for {action} of accepted booking uid={uid}, which stays accepted",
            f"{reply.summary()}; afterwards status {status!r}",
            context=[f"Read afterwards: {read.curl()}"],
        )


# ------------------------------------------------------------------------------------ reschedule


def rescheduled_booking_is_linked(
    old_read: Reply, new_read: Reply, *, old_uid: str, new_uid: str, start: str, reschedule: Reply
) -> None:
    old, new = booking_of(old_read), booking_of(new_read)
    if new.get("rescheduledFromUid") != old_uid or not same_instant(new.get("start"), start):
        raise failure(
            RescheduleNotLinked,
            new_read,
            f"new booking uid={new_uid} at {start} with rescheduledFromUid={old_uid}",
            f"rescheduledFromUid {new.get('rescheduledFromUid')!r}, start {new.get('start')}",
            after=reschedule,
        )
    if old.get("rescheduledToUid") != new_uid:
        raise failure(
            RescheduleNotLinked,
            old_read,
            f"original booking uid={old_uid} with rescheduledToUid={new_uid}",
            f"rescheduledToUid {old.get('rescheduledToUid')!r}",
            after=reschedule,
        )
    if old.get("status") != "cancelled":
        raise failure(
            OriginalNotCancelled,
            old_read,
            f"original booking uid={old_uid} reads 'cancelled'",
            f"status {old.get('status')!r}",
            after=reschedule,
        )


def original_refuses_changes(reply: Reply, *, old_uid: str, action: str, reschedule: Reply) -> None:
    if reply.status != 400:
        raise failure(
            OriginalNotCancelled,
            reply,
            f"400 for {action} of booking uid={old_uid}, which was rescheduled away",
            reply.summary(),
            after=reschedule,
        )


# ------------------------------------------------------------------------------------------ lists


def created_bookings_are_listed(
    listed: Reply, uids: Iterable[str], expected: Iterable[str], *, query: Mapping[str, Any]
) -> None:
    """Bookings of this run that match every filter appear in the (whole, paged) list."""
    present = set(uids)
    missing = [uid for uid in expected if uid not in present]
    if missing:
        raise failure(
            CreatedBookingMissing,
            listed,
            f"the bookings of this run that match {dict(query)} are listed",
            f"missing: {', '.join('uid=' + m for m in missing)}",
        )


def list_is_exactly(
    listed: Reply, received: Iterable[str], expected: Iterable[str], *, query: Mapping[str, Any], among: str
) -> None:
    """A list holds exactly the bookings of `among` that its filters select: none missing (every value of a
    multi-value filter contributes), none extra (a near miss admitted)."""
    got, wanted = list(dict.fromkeys(received)), list(dict.fromkeys(expected))
    missing = [uid for uid in wanted if uid not in got]
    extra = [uid for uid in got if uid not in wanted]
    if missing or extra:
        parts = [
            f"missing {', '.join('uid=' + m for m in missing)}" if missing else "",
            f"not selected by the filters {', '.join('uid=' + e for e in extra)}" if extra else "",
        ]
        raise failure(
            ListNotExact,
            listed,
            f"exactly {len(wanted)} booking(s) of {among} for {dict(query)}",
            f"{len(got)} listed; " + "; ".join(p for p in parts if p),
        )


def pages_tile_the_list(page: Reply, *, take: int, tiled: Sequence[str], whole: Sequence[str]) -> None:
    """Pages of `take` with skip 0, take, 2*take... concatenate to the whole list: same order, no
    duplicates, no gaps."""
    if list(tiled) == list(whole):
        return
    duplicates = sorted({uid for uid in tiled if list(tiled).count(uid) > 1})
    gaps = [uid for uid in whole if uid not in tiled]
    extra = [uid for uid in tiled if uid not in whole]
    detail = []
    if duplicates:
        detail.append(f"duplicates {duplicates[:5]}")
    if gaps:
        detail.append(f"missing {gaps[:5]}")
    if extra:
        detail.append(f"not in the whole list {extra[:5]}")
    if not detail:
        first = next(i for i, (a, b) in enumerate(zip(tiled, whole, strict=False)) if a != b)
        detail.append(f"order differs first at position {first}: {tiled[first]} vs {whole[first]}")
    raise failure(
        PagesDoNotTile,
        page,
        f"pages of take={take} tile the {len(whole)} bookings of the whole list",
        f"{len(tiled)} bookings over the pages: " + "; ".join(detail),
    )


def list_stays_in_scope(
    listed: Reply,
    *,
    allowed_event_types: Collection[int] | None = None,
    forbidden_uids: Collection[str] = (),
    scope: str,
) -> None:
    """A list shows nothing outside its scope (other teams' event types, other tenants' bookings)."""
    items = listed.data if isinstance(listed.data, list) else []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        if allowed_event_types is not None and item.get("eventTypeId") not in allowed_event_types:
            raise failure(
                TenancyLeak,
                listed,
                f"only bookings of {scope} (event types {sorted(allowed_event_types)})",
                f"booking uid={item.get('uid')} of event type {item.get('eventTypeId')}",
            )
        if item.get("uid") in forbidden_uids:
            raise failure(
                TenancyLeak, listed, f"no booking outside {scope}", f"booking uid={item.get('uid')} is listed"
            )


# ----------------------------------------------------------------------------------------- report


def report_counts_match(reply: Reply, *, cancelled: int) -> None:
    data = reply.data if isinstance(reply.data, Mapping) else {}
    if data.get("cancelledCount") != cancelled or data.get("reportedCount") != 1:
        raise failure(
            ReportCountsInconsistent,
            reply,
            f"reportedCount 1 and cancelledCount {cancelled}",
            f"reportedCount {data.get('reportedCount')}, cancelledCount {data.get('cancelledCount')}",
        )


def report_cancelled_exactly(
    reads: Mapping[str, Reply], *, cancelled: Collection[str], report: Reply, before: Mapping[str, str]
) -> None:
    """After a report, exactly the `cancelled` uids read 'cancelled'; the others keep their status."""
    wrong = []
    for uid, read in reads.items():
        status = booking_of(read).get("status")
        expected = "cancelled" if uid in cancelled else before[uid]
        if status != expected:
            wrong.append((uid, expected, status, read))
    if wrong:
        uid, expected, status, read = wrong[0]
        raise failure(
            ReportCancelledWrongSet,
            read,
            f"the report cancels exactly {len(cancelled)} booking(s) {sorted(cancelled)}; "
            f"booking uid={uid} reads {expected!r}",
            f"{len(wrong)} booking(s) wrong, first: uid={uid} reads {status!r}",
            after=report,
            context=[f"Also wrong: uid={u} expected {e!r} read {s!r}" for u, e, s, _ in wrong[1:4]],
        )


def second_report_is_refused(second: Reply, *, uid: str, first: Reply) -> None:
    if second.status != 400:
        raise failure(
            SecondReportAccepted, second, f"400 for a second report of booking uid={uid}", second.summary(), after=first
        )


# ---------------------------------------------------------------------------------- tenancy, auth


def other_tenant_is_refused(reply: Reply, *, allowed: Collection[int] = (403, 404), what: str) -> None:
    if reply.status not in allowed:
        raise failure(
            CrossTenantAccess,
            reply,
            f"{'/'.join(map(str, sorted(allowed)))} for {what} with another organization's key",
            reply.summary(),
        )


def other_tenant_changed_nothing(before: Reply, after: Reply, *, uid: str, attempts: Sequence[Reply]) -> None:
    old, new = booking_of(before), booking_of(after)
    changed = [
        f
        for f in ("status", "title", "start", "end", "absentHost", "attendees", "cancellationReason")
        if old.get(f) != new.get(f)
    ]
    if changed:
        raise failure(
            CrossTenantChange,
            after,
            f"booking uid={uid} unchanged after refused requests of another organization",
            "changed: " + ", ".join(f"{f} {old.get(f)!r} -> {new.get(f)!r}" for f in changed),
            context=["Attempts:"] + [f"    {r.curl()}  -> {r.status}" for r in attempts],
        )


def credentials_are_enforced(reply: Reply, *, allowed: Collection[int], credentials: str) -> None:
    if reply.status not in allowed:
        raise failure(
            AuthNotEnforced, reply, f"{'/'.join(map(str, sorted(allowed)))} with {credentials}", reply.summary()
        )


def refused_requests_changed_nothing(read: Reply, *, uid: str, status: str, attempts: Sequence[Reply]) -> None:
    """After requests without valid credentials were refused, the booking keeps its status."""
    if booking_of(read).get("status") != status:
        raise failure(
            AuthNotEnforced,
            read,
            f"booking uid={uid} still {status!r} after requests without valid credentials",
            f"status {booking_of(read).get('status')!r}",
            context=["Attempts:"] + [f"    {r.curl()}  -> {r.status}" for r in attempts],
        )


def error_status_is(reply: Reply, *, expected: Collection[int], what: str) -> None:
    if reply.status not in expected:
        raise failure(WrongErrorStatus, reply, f"{'/'.join(map(str, sorted(expected)))} for {what}", reply.summary())


# ----------------------------------------------------------------------------------- mark absent


def absence_before_start_is_refused(reply: Reply, read: Reply, *, uid: str, before: Reply) -> None:
    if reply.status != 400 or booking_of(read).get("absentHost") != booking_of(before).get("absentHost"):
        raise failure(
            AbsenceBeforeStartAccepted,
            reply,
            f"400 for marking absences of booking uid={uid} before it starts",
            f"{reply.summary()}; absentHost afterwards {booking_of(read).get('absentHost')!r}",
        )


def absences_are_recorded(read: Reply, *, uid: str, host: bool, attendees: Mapping[str, bool], mark: Reply) -> None:
    booking = booking_of(read)
    problems = absence_differences(booking, host=host, attendees=attendees)
    if problems:
        raise failure(
            AbsenceNotRecorded,
            read,
            f"booking uid={uid} reads absentHost={host or booking.get('absentHost')} and attendees {dict(attendees)}",
            "; ".join(problems),
            after=mark,
        )


def reserved_slot_hidden(listed: Reply, offered: Iterable[str], *, start: str, held: bool, reservation: str) -> None:
    """While another booker's reservation holds a slot it is not offered (`_getReservedSlotsAndCleanupExpired`);
    once released it is offered again."""
    present = any(same_instant(time, start) for time in offered)
    if present == held:
        expected = f"{start} {'not offered while' if held else 'offered again once'} reservation {reservation} "
        expected += "holds it" if held else "is released"
        raise failure(ReservedSlotOffered, listed, expected, "offered" if present else "not offered")
