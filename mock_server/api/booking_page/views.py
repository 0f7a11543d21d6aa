"""The shapes of the reads a booking page needs: event types (EventTypeOutput_2024_06_14), free
slots (SlotsOutput_2024_09_04 / RangeSlotsOutput_2024_09_04) and the caller's profile (MeOutput).

Settings the mock does not model are sent with the real database defaults (no buffers, 120
minutes of notice, no price), so a client can read every field it would read from Cal.com.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from mock_server.domain.availability import MINIMUM_BOOKING_NOTICE
from mock_server.domain.model import EventType, User, iso_utc
from mock_server.services.slots import FreeSlot, Slots
from mock_server.state.store import BookingStore

__all__ = ["event_type_output", "slots_output"]

Json = dict[str, Any]

_INTEGRATIONS = {
    "integrations:daily": "cal-video",
    "integrations:google:meet": "google-meet",
    "integrations:zoom": "zoom",
}

# The system booking fields every event type has unless customised (getBookingFieldsWithSystemFields),
# as the 2024-06-14 output shows them.
_BOOKING_FIELDS: tuple[Json, ...] = (
    {"isDefault": True, "type": "name", "slug": "name", "required": True, "disableOnPrefill": False},
    {"isDefault": True, "type": "email", "slug": "email", "required": True, "hidden": False, "disableOnPrefill": False},
    {
        "isDefault": True,
        "type": "phone",
        "slug": "attendeePhoneNumber",
        "required": False,
        "hidden": True,
        "disableOnPrefill": False,
    },
    {"isDefault": True, "type": "text", "slug": "title", "required": True, "hidden": True, "disableOnPrefill": False},
    {
        "isDefault": True,
        "type": "textarea",
        "slug": "notes",
        "required": False,
        "hidden": False,
        "disableOnPrefill": False,
    },
    {
        "isDefault": True,
        "type": "multiemail",
        "slug": "guests",
        "required": False,
        "hidden": False,
        "disableOnPrefill": False,
    },
    {
        "isDefault": True,
        "type": "textarea",
        "slug": "rescheduleReason",
        "required": False,
        "hidden": False,
        "disableOnPrefill": False,
    },
)


def _location(location: str) -> Json:
    """transformLocationsInternalToApi for the one location a mock event type stores."""
    if location in _INTEGRATIONS:
        return {"type": "integration", "integration": _INTEGRATIONS[location]}
    if location.startswith(("http://", "https://")):
        return {"type": "link", "link": location, "public": True}
    return {"type": "address", "address": location, "public": True}


def _user(user: User) -> Json:
    return {
        "id": user.id,
        "name": user.name,
        "username": user.username,
        "avatarUrl": None,
        "weekStart": "Sunday",
        "brandColor": None,
        "darkBrandColor": None,
        "metadata": {},
    }


def event_type_output(event_type: EventType, store: BookingStore, *, listed: bool = False) -> Json:
    """EventTypeOutput_2024_06_14 of a personal event type; a `listed` one shows no hidden booking field,
    as the list route filters them out."""
    owner = store.user(event_type.owner_id) if event_type.owner_id is not None else None
    seats = event_type.seats_per_time_slot
    recurrence = event_type.recurrence
    output: Json = {
        "id": event_type.id,
        "ownerId": event_type.owner_id,
        "lengthInMinutes": event_type.length_in_minutes,
        "title": event_type.title,
        "slug": event_type.slug,
        "description": event_type.description,
        "locations": [_location(event_type.location)] if event_type.location else [],
        "bookingFields": [dict(field) for field in _BOOKING_FIELDS if not (listed and field.get("hidden"))],
        "disableGuests": False,
        "slotInterval": None,
        "minimumBookingNotice": int(MINIMUM_BOOKING_NOTICE.total_seconds() // 60),
        "beforeEventBuffer": 0,
        "afterEventBuffer": 0,
        "recurrence": {
            "frequency": recurrence.frequency.value,
            "interval": recurrence.interval,
            "occurrences": recurrence.max_occurrences,
        }
        if recurrence is not None
        else None,
        "metadata": {},
        "price": 0,
        "currency": "usd",
        "lockTimeZoneToggleOnBookingPage": False,
        "seatsPerTimeSlot": seats,
        "forwardParamsSuccessRedirect": True,
        "successRedirectUrl": None,
        "isInstantEvent": False,
        "seatsShowAvailabilityCount": True if seats else None,
        "scheduleId": None,
        "confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": False}
        if event_type.requires_confirmation
        else {"disabled": True},
        "seats": {"seatsPerTimeSlot": seats, "showAttendeeInfo": False, "showAvailabilityCount": True}
        if seats
        else {"disabled": True},
        "hidden": False,
        "bookingRequiresAuthentication": event_type.booking_requires_authentication,
        "users": [_user(owner)] if owner is not None else [],
    }
    if event_type.length_options:
        output["lengthInMinutesOptions"] = list(event_type.length_options)
    return output


def _instant(moment: Any, time_zone: str | None) -> str:
    """Luxon's `toISO()`: `...Z` in UTC, else the local time with its offset."""
    if time_zone is None or time_zone in ("UTC", "Etc/UTC"):
        return iso_utc(moment)
    return str(moment.astimezone(ZoneInfo(time_zone)).isoformat(timespec="milliseconds"))


def _slot(slot: FreeSlot, time_zone: str | None, *, with_end: bool) -> Json:
    output: Json = {"start": _instant(slot.start, time_zone)}
    if with_end:
        output["end"] = _instant(slot.end, time_zone)
    if slot.seats is not None:
        output.update(
            seatsBooked=slot.seats.booked,
            seatsRemaining=slot.seats.total - slot.seats.booked,
            seatsTotal=slot.seats.total,
        )
        if slot.seats.booking_uid is not None:
            output["bookingUid"] = slot.seats.booking_uid
    return output


def slots_output(slots: Slots, time_zone: str | None, *, range_format: bool) -> dict[str, list[Json]]:
    """Free slots by local date ("YYYY-MM-DD" in `time_zone`, UTC by default), in start order."""
    zone = ZoneInfo(time_zone or "UTC")
    days: dict[str, list[Json]] = {}
    for slot in slots.slots:
        day = slot.start.astimezone(zone).date().isoformat()
        days.setdefault(day, []).append(_slot(slot, time_zone, with_end=range_format))
    return days
