"""Domain objects to the 2024-04-15 answers: the Booking row handleNewBooking returns, `getBookingInfo`'s
booking, the list entries of `getAllUserBookings`, the cancel answer. Statuses are upper-case, as stored.

Sources: apps/api/v2/src/ee/bookings/2024-04-15/outputs/get-booking.output.ts and get-bookings.output.ts,
and the end of handleNewBooking (`{...booking, user: {...booking.user, email: null}, paymentRequired: false}`).
"""

from __future__ import annotations

from mock_server.api.shapes import Directory, Json
from mock_server.domain.model import Booking, iso_utc
from mock_server.services.legacy_bookings import LegacyCancelOutcome

__all__ = ["booking_info", "cancel_output", "created_booking", "list_entry"]


def _attendee_row(booking: Booking, index: int) -> Json:
    attendee = booking.attendees[index]
    return {
        "id": attendee.id,
        "email": attendee.email,
        "name": attendee.name,
        "timeZone": attendee.time_zone,
        "locale": attendee.language,
        "bookingId": booking.id,
        "noShow": attendee.absent,
    }


def created_booking(booking: Booking, directory: Directory, *, seat_uid: str | None = None) -> Json:
    """The Booking row with its user (email hidden), attendees, payment and references."""
    organizer = directory.user(booking.organizer_id)
    assert organizer is not None, f"booking {booking.uid} has an unknown organizer"
    return {
        "id": booking.id,
        "uid": booking.uid,
        "userId": booking.organizer_id,
        "userPrimaryEmail": organizer.email,
        "eventTypeId": booking.event_type_id,
        "title": booking.title,
        "description": booking.description or None,
        "customInputs": {},
        "responses": dict(booking.booking_fields_responses),
        "startTime": iso_utc(booking.start),
        "endTime": iso_utc(booking.end),
        "location": booking.location or None,
        "createdAt": iso_utc(booking.created_at),
        "updatedAt": iso_utc(booking.updated_at),
        "status": booking.status.value,
        "paid": False,
        "cancellationReason": booking.cancellation_reason,
        "rejectionReason": booking.rejection_reason,
        "fromReschedule": booking.rescheduled_from_uid,
        "rescheduled": None,
        "recurringEventId": booking.recurring_booking_uid,
        "smsReminderNumber": None,
        "metadata": dict(booking.metadata),
        "isRecorded": False,
        "iCalUID": booking.ics_uid,
        "iCalSequence": booking.ical_sequence,
        "creationSource": "API_V2",
        "user": {
            "email": None,
            "name": organizer.name,
            "timeZone": organizer.time_zone,
            "username": organizer.username,
        },
        "attendees": [_attendee_row(booking, i) for i in range(len(booking.attendees))],
        "payment": [],
        "references": [],
        "paymentRequired": False,
        "isDryRun": False,
        "seatReferenceUid": seat_uid,
        "videoCallUrl": booking.meeting_url,
    }


def booking_info(booking: Booking, directory: Directory) -> Json:
    """`getBookingInfo`: GetBookingOutput_2024_04_15's `data`."""
    organizer = directory.user(booking.organizer_id)
    event_type = directory.event_type(booking.event_type_id)
    return {
        "title": booking.title,
        "id": booking.id,
        "uid": booking.uid,
        "description": booking.description or None,
        "customInputs": {},
        "smsReminderNumber": None,
        "recurringEventId": booking.recurring_booking_uid,
        "startTime": iso_utc(booking.start),
        "endTime": iso_utc(booking.end),
        "location": booking.location or None,
        "status": booking.status.value,
        "metadata": dict(booking.metadata),
        "cancellationReason": booking.cancellation_reason,
        "responses": dict(booking.booking_fields_responses),
        "rejectionReason": booking.rejection_reason,
        "userPrimaryEmail": organizer.email if organizer else None,
        "user": None
        if organizer is None
        else {
            "id": organizer.id,
            "name": organizer.name,
            "email": organizer.email,
            "username": organizer.username,
            "timeZone": organizer.time_zone,
        },
        "attendees": [{"name": a.name, "email": a.email, "timeZone": a.time_zone} for a in booking.attendees],
        "eventTypeId": booking.event_type_id,
        "eventType": None if event_type is None else {"eventName": None, "slug": event_type.slug, "timeZone": None},
    }


def list_entry(booking: Booking, directory: Directory) -> Json:
    """One element of `data.bookings` (get-bookings.output.ts)."""
    organizer = directory.user(booking.organizer_id)
    event_type = directory.event_type(booking.event_type_id)
    return {
        "id": booking.id,
        "title": booking.title,
        "userPrimaryEmail": organizer.email if organizer else None,
        "description": booking.description or None,
        "customInputs": {},
        "startTime": iso_utc(booking.start),
        "endTime": iso_utc(booking.end),
        "attendees": [_attendee_row(booking, i) for i in range(len(booking.attendees))],
        "metadata": dict(booking.metadata),
        "uid": booking.uid,
        "recurringEventId": booking.recurring_booking_uid,
        "location": booking.location or None,
        "eventType": None
        if event_type is None
        else {
            "slug": event_type.slug,
            "id": event_type.id,
            "eventName": None,
            "price": 0,
            "recurringEvent": None,
            "currency": "usd",
            "metadata": {},
            "seatsShowAttendees": event_type.seats_show_attendees,
            "seatsShowAvailabilityCount": True,
            "team": None,
        },
        "status": booking.status.value,
        "paid": False,
        "payment": [],
        "references": [],
        "isRecorded": False,
        "seatsReferences": [],
        "user": None if organizer is None else {"id": organizer.id, "name": organizer.name, "email": organizer.email},
        "rescheduled": booking.rescheduled_to_uid is not None,
    }


def cancel_output(outcome: LegacyCancelOutcome) -> Json:
    return {
        "bookingId": outcome.booking_id,
        "bookingUid": outcome.booking_uid,
        "onlyRemovedAttendee": outcome.only_removed_attendee,
    }
