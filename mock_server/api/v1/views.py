"""Domain objects to v1's JSON: the Booking object (status upper-case), the cancel answer, the 401s."""

from __future__ import annotations

from mock_server.api.shapes import Directory, Json, host, present
from mock_server.domain.exceptions import ApiKeyMissing, Unauthorized
from mock_server.domain.model import Booking, iso_utc
from mock_server.services.v1 import V1CancelOutcome

__all__ = ["to_v1", "v1_auth_error_body", "v1_cancel_output"]


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
    output = present(
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
            "user": {key: value for key, value in host(organizer).items() if key != "displayEmail"},
            "status": booking.status.value,
            "createdAt": iso_utc(booking.created_at),
            "updatedAt": iso_utc(booking.updated_at),
        },
        cancellationReason=booking.cancellation_reason,
        rejectionReason=booking.rejection_reason,
    )
    output["rescheduled"] = booking.rescheduled_to_uid is not None
    present(output, fromReschedule=booking.rescheduled_from_uid, recurringEventId=booking.recurring_booking_uid)
    output.update(metadata=dict(booking.metadata), responses=responses)
    present(output, location=booking.location or None)
    output.update(paid=False, iCalUID=booking.ics_uid, iCalSequence=booking.ical_sequence)
    present(output, rating=booking.rating)
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
