"""The JSON of the booking sub-resources: the reassigned host, references, calendar links, recordings.

Shapes are the real output services' (calcom/cal.com apps/api/v2/src/ee/bookings/2024-08-13/services/
`output.service.ts` `getOutputReassignedBooking`, `getOutputBookingReferences`; `cal-video.service.ts`).
"""

from __future__ import annotations

from mock_server.api.shapes import Directory, Json, display_email, present
from mock_server.domain.calendar_links import CalendarLink
from mock_server.domain.model import Booking, BookingReference, CalVideoRecording

__all__ = ["calendar_link_output", "reassigned_output", "recording_output", "reference_output"]


def reassigned_output(booking: Booking, directory: Directory) -> Json:
    """`{bookingUid, reassignedTo}`: the booking's user (its organizer) after the reassignment."""
    organizer = directory.user(booking.organizer_id)
    return {
        "bookingUid": booking.uid,
        "reassignedTo": {
            "id": organizer.id if organizer else 0,
            "name": organizer.name if organizer else "unknown",
            "email": organizer.email if organizer else "unknown",
            "displayEmail": display_email(organizer.email) if organizer else "unknown",
        },
    }


def reference_output(reference: BookingReference) -> Json:
    return {
        "type": reference.type,
        "eventUid": reference.uid,
        "id": reference.id,
        "destinationCalendarId": reference.external_calendar_id,
    }


def calendar_link_output(link: CalendarLink) -> Json:
    return {"label": link.label, "id": link.id, "link": link.link}


def recording_output(recording: CalVideoRecording) -> Json:
    """One recording, Daily.co's fields in camel case; when its access link failed, `downloadLink` is
    null and `error` says why, and when Daily.co gave none, `downloadLink` is left out."""
    output = present(
        {
            "id": recording.id,
            "roomName": recording.room_name,
            "startTs": recording.start_ts,
            "status": recording.status,
            "duration": recording.duration,
            "shareToken": recording.share_token,
        },
        maxParticipants=recording.max_participants,
        downloadLink=recording.download_link,
    )
    if recording.error is not None:
        output["downloadLink"] = None
        output["error"] = recording.error
    return output
