"""Domain objects to the 2024-08-13 JSON: every variant of the booking output, pagination, the report.

Pure functions: they read users and event types through a `Directory` (the store is one) and
never change anything. Optional fields that have no value are omitted rather than sent as null,
because the output schemas are not nullable; `description` and `location` are required strings
and are sent as "" when empty.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from mock_server.api.shapes import Directory, Json, display_email, host, present
from mock_server.domain.model import Attendee, Booking, BookingStatus, iso_utc
from mock_server.services.organizations import ReportOutcome
from mock_server.services.scheduling import Created

__all__ = ["booking_fields_responses", "created_output", "pagination", "report_output", "to_v2", "to_v2_data"]


def _status(status: BookingStatus) -> str:
    """Lower-case, with AWAITING_HOST sent as "pending": the schema's enum has no "awaiting_host"
    and a booking waiting for a host is, to its client, still waiting for confirmation."""
    return "pending" if status is BookingStatus.AWAITING_HOST else status.lower()


def _attendee(attendee: Attendee) -> Json:
    return present(
        {
            "name": attendee.name,
            "email": attendee.email,
            "displayEmail": display_email(attendee.email),
            "timeZone": attendee.time_zone,
            "language": attendee.language,
            "absent": attendee.absent,
        },
        phoneNumber=attendee.phone_number,
    )


def _seated_attendee(attendee: Attendee) -> Json:
    """A seat: its own responses, with `guests` as the real booking flow stores them and without
    the email ("as of now email is not returned for privacy", output.service.ts)."""
    output = _attendee(attendee)
    output["seatUid"] = attendee.seat_uid or ""
    responses = {"guests": [], **attendee.booking_fields_responses}
    responses.pop("email", None)
    output["bookingFieldsResponses"] = responses
    if attendee.metadata:
        output["metadata"] = dict(attendee.metadata)
    return output


def to_v2(
    booking: Booking,
    directory: Directory,
    *,
    seat_uid: str | None = None,
    show_attendees: bool = True,
    unseated: bool = False,
) -> Json:
    """One booking as BookingOutput, RecurringBookingOutput, Get/CreateSeatedBookingOutput or
    their recurring seated variants, chosen from the booking (series) and its event type (seats).
    `show_attendees=False` hides a seated booking's attendees (`seatsShowAttendees` off);
    `unseated=True` gives the unseated outputs whatever the event type (mark-absent's `getOutputBooking`)."""
    event_type = directory.event_type(booking.event_type_id)
    seated = event_type is not None and event_type.is_seated and not unseated
    # The real output lists the booking's user only; other hosts of a team booking are attendees.
    organizer = directory.user(booking.organizer_id)
    hosts = [host(organizer)] if organizer is not None else []
    output = present(
        {
            "id": booking.id,
            "uid": booking.uid,
            "title": booking.title,
            "description": booking.description or "",
            "hosts": hosts,
            "status": _status(booking.status),
            # The real output service sends "" for a booking never cancelled (`cancellationReason || ""`);
            # its seated outputs have no cancelledByEmail.
            "cancellationReason": booking.cancellation_reason or "",
        },
        cancelledByEmail=None if seated else booking.cancelled_by_email or "",
        reschedulingReason=booking.rescheduling_reason,
        rescheduledByEmail=booking.rescheduled_by_email,
        rescheduledFromUid=booking.rescheduled_from_uid,
        rescheduledToUid=booking.rescheduled_to_uid,
    )
    output.update(
        start=iso_utc(booking.start),
        end=iso_utc(booking.end),
        duration=int(booking.duration.total_seconds() // 60),
        eventTypeId=booking.event_type_id,
        eventType={"id": booking.event_type_id, "slug": event_type.slug if event_type else ""},
    )
    # output.service.ts: `meetingUrl: location` (deprecated, always the location).
    present(output, meetingUrl=booking.location or booking.meeting_url)
    output.update(
        location=booking.location or "",
        absentHost=booking.absent_host,
        createdAt=iso_utc(booking.created_at),
        updatedAt=iso_utc(booking.updated_at),
        metadata=dict(booking.metadata),
    )
    present(output, rating=booking.rating, icsUid=booking.ics_uid or None)
    if seated:
        present(output, seatUid=seat_uid)
        output["attendees"] = [_seated_attendee(a) for a in booking.attendees] if show_attendees else []
    else:
        output["attendees"] = [_attendee(a) for a in booking.attendees]
        if booking.guests:
            output["guests"] = list(booking.guests)
        output["bookingFieldsResponses"] = booking_fields_responses(booking.booking_fields_responses)
    return present(output, recurringBookingUid=booking.recurring_booking_uid)


def booking_fields_responses(responses: Mapping[str, Any]) -> Json:
    """The stored responses with the `displayEmail` and `displayGuests` the real output service adds."""
    output = dict(responses)
    if isinstance(output.get("email"), str) and output["email"]:
        output["displayEmail"] = display_email(output["email"])
    if isinstance(output.get("guests"), list):
        output["displayGuests"] = [display_email(guest) for guest in output["guests"]]
    return output


def to_v2_data(
    outcome: Booking | Sequence[Booking], directory: Directory, *, show_attendees: bool = True
) -> Json | list[Json]:
    """The `data` of get/cancel/confirm/decline/mark-absent: one object, or an array for a series."""
    if isinstance(outcome, Booking):
        return to_v2(outcome, directory, show_attendees=show_attendees)
    return [to_v2(booking, directory, show_attendees=show_attendees) for booking in outcome]


def created_output(created: Created, directory: Directory, *, show_attendees: bool = True) -> Json | list[Json]:
    """The `data` of create and reschedule; seated outputs carry the new seat's `seatUid`."""
    outputs = [
        to_v2(b, directory, seat_uid=s, show_attendees=show_attendees)
        for b, s in zip(created.bookings, created.seat_uids, strict=True)
    ]
    return outputs if created.many else outputs[0]


def pagination(total: int, take: int, skip: int) -> Json:
    """`PaginationMetaDto`, with the real server's arithmetic (computed, not counted from data)."""
    take, skip = abs(take), abs(skip)
    start = min(max(skip, 0), total)
    total_pages = math.ceil(total / take) if take else 0
    current_page = 0 if total_pages == 0 else min(max(start // take + 1, 1), total_pages)
    return {
        "totalItems": total,
        "remainingItems": min(max(total - (start + take), 0), total),
        "returnedItems": min(max(total - start, 0), take),
        "itemsPerPage": take,
        "currentPage": current_page,
        "totalPages": total_pages,
        "hasNextPage": start + take < total,
        "hasPreviousPage": start > 0,
    }


def report_output(outcome: ReportOutcome) -> Json:
    return {
        "success": outcome.success,
        "message": outcome.message,
        "bookingUid": outcome.booking_uid,
        "reportedCount": outcome.reported_count,
        "cancelledCount": outcome.cancelled_count,
    }
