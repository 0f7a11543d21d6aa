"""The shapes the atoms read: `PublicEventType` (packages/features/eventtypes/lib/getPublicEvent.ts, with the
system booking fields of getBookingFieldsWithSystemFields), the city time zones and the connected calendars.

The Booker reads many of these fields without checking them (`subsetOfUsers.length` crashes it when
absent), so every field the real answer has is sent, with the real defaults where the mock keeps no value.
"""

from __future__ import annotations

from typing import Any

from mock_server.api.reading import time_zones
from mock_server.api.shapes import Json
from mock_server.domain.availability import MINIMUM_BOOKING_NOTICE
from mock_server.domain.model import Booking, EventType, User, iso_utc
from mock_server.services.platform import PublicEvent

__all__ = ["booking_for_reschedule", "city_time_zones", "connected_calendars", "public_event_output"]

BOOKER_URL = "https://cal.com"
_DEFAULT_SOURCE = ({"label": "Default", "id": "default", "type": "default"},)


def _system_field(**field: Any) -> Json:
    return {**field, "sources": [dict(source) for source in _DEFAULT_SOURCE]}


# getBookingFieldsWithSystemFields, the internal form the Booker's form builder reads (`name`, `editable`).
_BOOKING_FIELDS: tuple[Json, ...] = (
    _system_field(type="name", name="name", editable="system", defaultLabel="your_name", required=True),
    _system_field(type="email", name="email", editable="system", defaultLabel="email_address", required=True),
    _system_field(
        type="radioInput",
        name="location",
        editable="system",
        defaultLabel="location",
        required=False,
        hideWhenJustOneOption=True,
        getOptionsAt="locations",
        optionsInputs={
            "attendeeInPerson": {"type": "address", "required": True, "placeholder": ""},
            "phone": {"type": "phone", "required": True, "placeholder": ""},
        },
    ),
    _system_field(
        type="text",
        name="title",
        editable="system-but-optional",
        defaultLabel="what_is_this_meeting_about",
        required=False,
        hidden=True,
    ),
    _system_field(
        type="textarea",
        name="notes",
        editable="system-but-optional",
        defaultLabel="additional_notes",
        defaultPlaceholder="share_additional_notes",
        required=False,
    ),
    _system_field(
        type="multiemail",
        name="guests",
        editable="system-but-optional",
        defaultLabel="additional_guests",
        required=False,
        hidden=False,
    ),
    _system_field(
        type="textarea",
        name="rescheduleReason",
        editable="system-but-optional",
        defaultLabel="reason_for_reschedule",
        defaultPlaceholder="reschedule_placeholder",
        required=False,
        views=[{"id": "reschedule", "label": "Reschedule View"}],
    ),
)


def _internal_location(event_type: EventType) -> list[Json]:
    """The event type's location as the database stores it (what getPublicEvent answers, privacy-filtered)."""
    location = event_type.location
    if not location:
        return []
    if location.startswith("integrations:"):
        return [{"type": location}]
    if location.startswith(("http://", "https://")):
        return [{"type": "link", "link": location}]
    return [{"type": "inPerson", "address": location}]


def _profile(user: User) -> Json:
    return {"username": user.username, "organizationId": user.org_id, "organization": None}


def _booker_user(user: User) -> Json:
    return {
        "name": user.name,
        "username": user.username,
        "avatarUrl": None,
        "weekStart": "Sunday",
        "brandColor": None,
        "darkBrandColor": None,
        "profile": _profile(user),
        "bookerUrl": BOOKER_URL,
    }


def public_event_output(event: PublicEvent) -> Json:
    event_type = event.event_type
    first = event.users[0] if event.users else None
    recurrence = event_type.recurrence
    seats = event_type.seats_per_time_slot
    return {
        "id": event_type.id,
        "title": event_type.title,
        "slug": event_type.slug,
        "length": event_type.length_in_minutes,
        "description": event_type.description,
        "eventName": None,
        "isInstantEvent": False,
        "schedulingType": event_type.scheduling_type.value if event_type.scheduling_type is not None else None,
        "locations": _internal_location(event_type),
        "customInputs": [],
        "disableGuests": False,
        "metadata": {"multipleDuration": list(event_type.length_options)} if event_type.length_options else {},
        "lockTimeZoneToggleOnBookingPage": False,
        "requiresConfirmation": event_type.requires_confirmation,
        "requiresBookerEmailVerification": False,
        "recurringEvent": {
            "freq": _RRULE_FREQ[recurrence.frequency.value],
            "count": recurrence.max_occurrences,
            "interval": recurrence.interval,
        }
        if recurrence is not None
        else None,
        "price": 0,
        "currency": "usd",
        "seatsPerTimeSlot": seats,
        "seatsShowAvailabilityCount": True if seats else None,
        "seatsShowAttendees": event_type.seats_show_attendees if seats else None,
        "minimumBookingNotice": int(MINIMUM_BOOKING_NOTICE.total_seconds() // 60),
        "bookingFields": [dict(field) for field in _BOOKING_FIELDS],
        "team": {
            "id": event.team.id,
            "slug": event.team.slug,
            "name": event.team.name,
            "parentId": event.team.parent_org_id,
        }
        if event.team is not None
        else None,
        "successRedirectUrl": None,
        "forwardParamsSuccessRedirect": True,
        "workflows": [],
        "hosts": [{"user": _booker_user(user)} for user in event.users] if event.team is not None else [],
        "owner": {
            "id": first.id,
            "username": first.username,
            "name": first.name,
            "weekStart": "Sunday",
            "avatarUrl": None,
            "brandColor": None,
            "darkBrandColor": None,
            "theme": None,
            "metadata": {},
            "organization": None,
            "defaultScheduleId": None,
        }
        if first is not None and event.team is None
        else None,
        "schedule": {"id": None, "timeZone": first.time_zone if first is not None else "UTC"},
        "hidden": False,
        "assignAllTeamMembers": False,
        "bookerLayouts": None,
        "profile": {
            "username": event.team.slug if event.team is not None else first.username if first else None,
            "name": event.team.name if event.team is not None else first.name if first else None,
            "weekStart": "Sunday",
            "image": "",
            "brandColor": None,
            "darkBrandColor": None,
            "theme": None,
            "bookerLayouts": None,
        },
        "users": [{**_booker_user(user), "organizationId": user.org_id} for user in event.users],
        "entity": {
            "fromRedirectOfNonOrgLink": True,
            "considerUnpublished": False,
            "orgSlug": event.org_slug,
            "teamSlug": event.team.slug if event.team is not None else None,
            "name": event.team.name if event.team is not None else None,
        },
        "isDynamic": False,
        "subsetOfUsers": [_booker_user(user) for user in event.users],
        "subsetOfHosts": [],
        "restrictionScheduleId": None,
        "useBookerTimezone": False,
        "disableCancelling": False,
        "disableRescheduling": False,
        "allowReschedulingCancelledBookings": False,
        "interfaceLanguage": None,
        "showInstantEventConnectNowModal": False,
    }


# rrule's Frequency numbers, as `recurringEvent.freq` stores them.
_RRULE_FREQ = {"yearly": 0, "monthly": 1, "weekly": 2, "daily": 3}


def city_time_zones() -> list[Json]:
    """`cityTimezonesHandler` answers the city-timezones package's cities with their populations; the mock
    has no population data and answers one city per IANA zone (its last part), population 0."""
    zones = sorted(zone for zone in time_zones() if "/" in zone and not zone.startswith(("Etc/", "SystemV/")))
    return [{"city": zone.rsplit("/", 1)[1].replace("_", " "), "timezone": zone, "pop": 0} for zone in zones]


def connected_calendars() -> Json:
    """`GET /v2/calendars` of a user with no calendar connected: the mock keeps no calendars."""
    return {"connectedCalendars": [], "destinationCalendar": None}


def booking_for_reschedule(booking: Booking, organizer: User | None, event_type: EventType | None) -> Json:
    """`getBookingForReschedule`: what the Booker prefills a reschedule with (the atoms' type
    `AtomBookingForReschedule`)."""
    return {
        "id": booking.id,
        "uid": booking.uid,
        "title": booking.title,
        "startTime": iso_utc(booking.start),
        "endTime": iso_utc(booking.end),
        "description": booking.description,
        "responses": dict(booking.booking_fields_responses),
        "location": booking.location,
        "eventTypeId": booking.event_type_id,
        "status": booking.status.value.upper(),
        "userId": booking.organizer_id,
        "eventType": {
            "disableRescheduling": False,
            "disableReschedulingScope": None,
            "minimumRescheduleNotice": None,
            "slug": event_type.slug if event_type is not None else None,
        },
        "attendees": [{"email": a.email, "name": a.name, "timeZone": a.time_zone} for a in booking.attendees],
        "user": {"id": organizer.id, "username": organizer.username, "email": organizer.email, "name": organizer.name}
        if organizer is not None
        else None,
    }
