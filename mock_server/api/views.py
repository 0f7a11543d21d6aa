"""Domain objects to the API's JSON: v2 booking outputs (every variant), v1 bookings, pagination.

Pure functions: they read users and event types through a `Directory` (the store is one) and
never change anything. Optional fields that have no value are omitted rather than sent as null,
because the output schemas are not nullable; `description` and `location` are required strings
and are sent as "" when empty.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from mock_server.domain.exceptions import ApiKeyMissing, Unauthorized
from mock_server.domain.model import Attendee, Booking, BookingStatus, EventType, User, iso_utc
from mock_server.services.organizations import ReportOutcome
from mock_server.services.scheduling import Created
from mock_server.services.v1 import V1CancelOutcome

__all__ = [
    "Directory",
    "created_output",
    "display_email",
    "pagination",
    "report_output",
    "to_v1",
    "to_v2",
    "to_v2_data",
    "v1_auth_error_body",
    "v1_cancel_output",
]

Json = dict[str, Any]


class Directory(Protocol):
    def user(self, user_id: int) -> User | None: ...

    def event_type(self, event_type_id: int) -> EventType | None: ...


def _status(status: BookingStatus) -> str:
    """Lower-case, with AWAITING_HOST sent as "pending": the schema's enum has no "awaiting_host"
    and a booking waiting for a host is, to its client, still waiting for confirmation."""
    return "pending" if status is BookingStatus.AWAITING_HOST else status.lower()


def _present(output: Json, **optional: object) -> Json:
    output.update((key, value) for key, value in optional.items() if value is not None)
    return output


_OAUTH_CLIENT_SUFFIX = re.compile(r"\+[a-zA-Z0-9]{25}")


def display_email(email: str) -> str:
    """A managed user's email without its `+<OAuth client id>` (output.service.ts `getDisplayEmail`)."""
    return _OAUTH_CLIENT_SUFFIX.sub("", email, count=1)


def _host(user: User) -> Json:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "displayEmail": display_email(user.email),
        "username": user.username,
        "timeZone": user.time_zone,
    }


def _attendee(attendee: Attendee) -> Json:
    return _present(
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


def to_v2(booking: Booking, directory: Directory, *, seat_uid: str | None = None, show_attendees: bool = True) -> Json:
    """One booking as BookingOutput, RecurringBookingOutput, Get/CreateSeatedBookingOutput or
    their recurring seated variants, chosen from the booking (series) and its event type (seats).
    `show_attendees=False` hides a seated booking's attendees (`seatsShowAttendees` off)."""
    event_type = directory.event_type(booking.event_type_id)
    seated = event_type is not None and event_type.is_seated
    # The real output lists the booking's user only; other hosts of a team booking are attendees.
    organizer = directory.user(booking.organizer_id)
    hosts = [_host(organizer)] if organizer is not None else []
    output = _present(
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
    _present(output, meetingUrl=booking.location or booking.meeting_url)
    output.update(
        location=booking.location or "",
        absentHost=booking.absent_host,
        createdAt=iso_utc(booking.created_at),
        updatedAt=iso_utc(booking.updated_at),
        metadata=dict(booking.metadata),
    )
    _present(output, rating=booking.rating, icsUid=booking.ics_uid or None)
    if seated:
        _present(output, seatUid=seat_uid)
        output["attendees"] = [_seated_attendee(a) for a in booking.attendees] if show_attendees else []
    else:
        output["attendees"] = [_attendee(a) for a in booking.attendees]
        if booking.guests:
            output["guests"] = list(booking.guests)
        output["bookingFieldsResponses"] = booking_fields_responses(booking.booking_fields_responses)
    return _present(output, recurringBookingUid=booking.recurring_booking_uid)


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


# ---------------------------------------------------------------------------------------------- v1


def to_v1(booking: Booking, directory: Directory) -> Json:
    """The v1 Booking object (status upper-case, AWAITING_HOST included)."""
    organizer = directory.user(booking.organizer_id)
    assert organizer is not None, f"booking {booking.uid} has an unknown organizer"
    responses: Json = {
        "name": booking.booking_fields_responses.get("name", booking.attendees[0].name if booking.attendees else ""),
        "email": booking.booking_fields_responses.get("email", booking.attendees[0].email if booking.attendees else ""),
        "guests": list(booking.guests),
    }
    if booking.location:
        responses["location"] = {"value": booking.location, "optionValue": ""}
    output = _present(
        {
            "id": booking.id,
            "uid": booking.uid,
            "userId": booking.organizer_id,
            "eventTypeId": booking.event_type_id,
            "title": booking.title,
            "description": booking.description,
            "startTime": iso_utc(booking.start),
            "endTime": iso_utc(booking.end),
            "attendees": [
                {
                    "id": a.id,
                    "email": a.email,
                    "name": a.name,
                    "timeZone": a.time_zone,
                    "locale": a.language,
                    "bookingId": booking.id,
                    "noShow": a.absent,
                }
                for a in booking.attendees
            ],
            "user": {key: value for key, value in _host(organizer).items() if key != "displayEmail"},
            "status": booking.status.value,
            "createdAt": iso_utc(booking.created_at),
            "updatedAt": iso_utc(booking.updated_at),
        },
        cancellationReason=booking.cancellation_reason,
        rejectionReason=booking.rejection_reason,
    )
    output["rescheduled"] = booking.rescheduled_to_uid is not None
    _present(output, fromReschedule=booking.rescheduled_from_uid, recurringEventId=booking.recurring_booking_uid)
    output.update(metadata=dict(booking.metadata), responses=responses)
    _present(output, location=booking.location or None)
    output.update(paid=False, iCalUID=booking.ics_uid, iCalSequence=booking.ical_sequence)
    _present(output, rating=booking.rating)
    output["noShowHost"] = booking.absent_host
    return output


def v1_cancel_output(outcome: V1CancelOutcome) -> Json:
    return {
        "success": outcome.success,
        "message": outcome.message,
        "onlyRemovedAttendee": outcome.only_removed_attendee,
        "bookingId": outcome.booking_id,
        "bookingUid": outcome.booking_uid,
    }


def v1_auth_error_body(error: Unauthorized) -> Json:
    """v1's 401 bodies: `{"message": …}` for a missing key, `{"error": …}` for a bad one."""
    text = error.v1_message or error.message
    return {"message": text} if isinstance(error, ApiKeyMissing) else {"error": text}
