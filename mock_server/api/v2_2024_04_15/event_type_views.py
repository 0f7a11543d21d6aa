"""Event types as the 2024-04-15 controller answers them (reached without `cal-api-version`, or with
2024-04-15 or 2024-06-11): the database row (`EventTypeOutput` of
apps/api/v2/src/ee/event-types/event-types_2024_04_15/outputs/event-type.output.ts), in the groups of
`getEventTypesByViewer` for the list and inside `getUserEventTypeForAtom`'s answer for one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mock_server.api.shapes import Json
from mock_server.domain.availability import MINIMUM_BOOKING_NOTICE
from mock_server.domain.model import EventType, Frequency, Team, User

__all__ = ["event_type_for_atom", "event_type_row", "event_types_by_viewer"]

# The database's location types for the API v2 ones.
_LOCATION_TYPES = {"address": "inPerson", "phone": "userPhone", "link": "link"}
_INTEGRATIONS = {
    "cal-video": "integrations:daily",
    "google-meet": "integrations:google:meet",
    "zoom": "integrations:zoom",
}
# rrule's frequencies, as `recurringEvent.freq` stores them.
_FREQUENCIES = {Frequency.MONTHLY: 1, Frequency.WEEKLY: 2, Frequency.DAILY: 3}


def _location(location: Mapping[str, object]) -> Json:
    kind = str(location.get("type"))
    if kind == "integration":
        return {"type": _INTEGRATIONS.get(str(location.get("integration")), str(location.get("integration")))}
    out: Json = {"type": _LOCATION_TYPES.get(kind, kind)}
    out.update((k, v) for k, v in location.items() if k != "type")
    return out


def event_type_row(event_type: EventType) -> Json:
    recurrence = event_type.recurrence
    scheduling = event_type.scheduling_type
    return {
        "id": event_type.id,
        "length": event_type.length_in_minutes,
        "slug": event_type.slug,
        "title": event_type.title,
        "description": event_type.description or None,
        "hidden": False,
        "locations": [_location(location) for location in event_type.offered_locations],
        "position": 0,
        "offsetStart": 0,
        "userId": event_type.owner_id,
        "profileId": None,
        "teamId": event_type.team_id,
        "eventName": None,
        "parentId": None,
        "bookingFields": [],
        "timeZone": None,
        "periodType": "UNLIMITED",
        "periodStartDate": None,
        "periodEndDate": None,
        "periodDays": None,
        "periodCountCalendarDays": None,
        "lockTimeZoneToggleOnBookingPage": False,
        "requiresConfirmation": event_type.requires_confirmation,
        "requiresBookerEmailVerification": False,
        "recurringEvent": None
        if recurrence is None
        else {
            "freq": _FREQUENCIES[recurrence.frequency],
            "count": recurrence.max_occurrences,
            "interval": recurrence.interval,
        },
        "disableGuests": False,
        "hideCalendarNotes": False,
        "minimumBookingNotice": int(MINIMUM_BOOKING_NOTICE.total_seconds() // 60),
        "beforeEventBuffer": 0,
        "afterEventBuffer": 0,
        "seatsPerTimeSlot": event_type.seats_per_time_slot,
        "onlyShowFirstAvailableSlot": False,
        "seatsShowAttendees": event_type.seats_show_attendees,
        "seatsShowAvailabilityCount": True,
        "schedulingType": None if scheduling is None else scheduling.value.upper(),
        "scheduleId": None,
        "price": 0,
        "currency": "usd",
        "slotInterval": None,
        "metadata": {},
        "successRedirectUrl": None,
        "bookingLimits": {},
        "durationLimits": {},
        "isInstantEvent": False,
        "assignAllTeamMembers": False,
        "useEventTypeDestinationCalendarEmail": False,
        "secondaryEmailId": None,
    }


def event_type_for_atom(event_type: EventType) -> Json:
    """`getUserEventTypeForAtom`: the event type with what the atom shows beside it."""
    return {
        "eventType": event_type_row(event_type),
        "locationOptions": [],
        "destinationCalendar": None,
        "team": None,
        "teamMembers": [],
        "currentUserMembership": None,
        "isUserOrganizationAdmin": False,
    }


def _profile(slug: str | None, name: str, team_id: int | None) -> Json:
    return {"slug": slug, "name": name, "image": "", "teamId": team_id, "membershipRole": None}


def event_types_by_viewer(
    user: User, own: Sequence[EventType], teams: Sequence[tuple[Team, Sequence[EventType]]]
) -> Json:
    """`getEventTypesByViewer`: the user's group first, then one per team, and their profiles."""
    groups: list[Json] = [
        {
            "teamId": None,
            "parentId": None,
            "membershipRole": None,
            "profile": _profile(user.username, user.name, None),
            "metadata": {"membershipCount": 1, "readOnly": False},
            "eventTypes": [event_type_row(e) for e in own],
        }
    ]
    groups += [
        {
            "teamId": team.id,
            "parentId": team.parent_org_id,
            "membershipRole": str(user.team_roles.get(team.id, "MEMBER")),
            "profile": _profile(team.slug, team.name, team.id),
            "metadata": {"membershipCount": 0, "readOnly": False},
            "eventTypes": [event_type_row(e) for e in event_types],
        }
        for team, event_types in teams
    ]
    return {"eventTypeGroups": groups, "profiles": [group["profile"] for group in groups]}
