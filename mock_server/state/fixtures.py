"""Seed data: a YAML file of organizations, teams, users, keys, event types and bookings whose
times are offsets from the clock, so the fixtures stay "upcoming" and "past" whenever loaded.

See `fixtures/default.yaml` for the format and the table of stable ids and API keys.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from mock_server.domain.clock import Clock
from mock_server.domain.model import (
    AccessToken,
    ApiKey,
    Attendee,
    Booking,
    BookingField,
    BookingReference,
    BookingStatus,
    CalVideoRecording,
    CalVideoTranscript,
    EventType,
    Frequency,
    OAuthClient,
    Organization,
    Plan,
    Recurrence,
    RefreshToken,
    Role,
    SchedulingType,
    Team,
    User,
)
from mock_server.resources import read_yaml
from mock_server.state.store import BookingStore

__all__ = ["DEFAULT_FIXTURES", "FixtureError", "load", "populate"]

DEFAULT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "default.yaml"

T = TypeVar("T")
_REQUIRED: Any = object()


class FixtureError(ValueError):
    """The fixture file does not describe a valid state; the message names the bad entry."""


def load(path: Path | str | None = None, *, clock: Clock, rng: random.Random | None = None) -> BookingStore:
    """A store holding the fixtures at `path` (default: the bundled ones), marked as its baseline
    so that `reset()` comes back to exactly this state and uid sequence."""
    source = Path(path) if path is not None else DEFAULT_FIXTURES
    data = read_yaml(source)
    if not isinstance(data, dict):
        raise FixtureError(f"{source}: expected a mapping at the top level")
    store = BookingStore(rng)
    populate(store, data, clock.now())
    store.mark_baseline()
    return store


def populate(store: BookingStore, data: Mapping[str, Any], now: datetime) -> None:
    """Add every entity described by `data` (the YAML's structure) to `store`, times relative to `now`."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    for i, raw in enumerate(_list(data, "organizations")):
        path = f"organizations[{i}]"
        store.add_organization(
            Organization(
                id=_get(raw, "id", int, path),
                slug=_get(raw, "slug", str, path),
                name=_get(raw, "name", str, path),
                admin_api_enabled=_get(raw, "adminApiEnabled", bool, path, True),
                plan=_enum(Plan, _get(raw, "plan", str, path, Plan.ESSENTIALS.value), path),
            )
        )
    for i, raw in enumerate(_list(data, "teams")):
        path = f"teams[{i}]"
        store.add_team(
            Team(
                id=_get(raw, "id", int, path),
                slug=_get(raw, "slug", str, path),
                name=_get(raw, "name", str, path),
                parent_org_id=_get(raw, "orgId", int, path, None),
            )
        )
    for i, raw in enumerate(_list(data, "oAuthClients")):
        path = f"oAuthClients[{i}]"
        store.add_oauth_client(
            OAuthClient(
                id=_get(raw, "id", str, path),
                secret=_get(raw, "secret", str, path),
                org_id=_get(raw, "orgId", int, path),
                name=_get(raw, "name", str, path, ""),
            )
        )
    for i, raw in enumerate(_list(data, "users")):
        _add_user(store, raw, f"users[{i}]", today)
    for i, raw in enumerate(_list(data, "eventTypes")):
        store.add_event_type(_event_type(raw, f"eventTypes[{i}]"))
    for i, raw in enumerate(_list(data, "bookings")):
        store.save(_booking(store, raw, f"bookings[{i}]", today, now))
    _add_cal_video_and_references(store, data)


def _add_cal_video_and_references(store: BookingStore, data: Mapping[str, Any]) -> None:
    """Booking references (calendar events, video rooms) and what Daily.co holds for Cal Video rooms."""
    for i, raw in enumerate(_list(data, "bookingReferences")):
        path = f"bookingReferences[{i}]"
        uid = _get(raw, "bookingUid", str, path)
        if store.booking(uid) is None:
            raise FixtureError(f"{path}: unknown bookingUid {uid!r}")
        store.add_reference(
            BookingReference(
                id=_get(raw, "id", int, path),
                booking_uid=uid,
                type=_get(raw, "type", str, path),
                uid=_get(raw, "uid", str, path),
                meeting_id=_get(raw, "meetingId", str, path, None),
                meeting_url=_get(raw, "meetingUrl", str, path, None),
                external_calendar_id=_get(raw, "externalCalendarId", str, path, None),
            )
        )
    for i, raw in enumerate(_list(data, "calVideoRecordings")):
        path = f"calVideoRecordings[{i}]"
        store.add_recording(
            CalVideoRecording(
                id=_get(raw, "id", str, path),
                room_name=_get(raw, "roomName", str, path),
                start_ts=_get(raw, "startTs", int, path),
                status=_get(raw, "status", str, path),
                duration=_get(raw, "duration", int, path),
                share_token=_get(raw, "shareToken", str, path),
                max_participants=_get(raw, "maxParticipants", int, path, None),
                download_link=_get(raw, "downloadLink", str, path, None),
                error=_get(raw, "error", str, path, None),
            )
        )
    for i, raw in enumerate(_list(data, "calVideoTranscripts")):
        path = f"calVideoTranscripts[{i}]"
        store.add_transcript(
            CalVideoTranscript(
                id=_get(raw, "id", str, path),
                room_name=_get(raw, "roomName", str, path),
                link=_get(raw, "link", str, path),
            )
        )


def _add_user(store: BookingStore, raw: Mapping[str, Any], path: str, today: datetime) -> None:
    user = User(
        id=_get(raw, "id", int, path),
        username=_get(raw, "username", str, path),
        name=_get(raw, "name", str, path),
        email=_get(raw, "email", str, path),
        time_zone=_get(raw, "timeZone", str, path, "UTC"),
        locale=_get(raw, "locale", str, path, "en"),
        org_id=_get(raw, "orgId", int, path, None),
        org_role=_enum(Role, raw["orgRole"], path) if raw.get("orgRole") else None,
        team_roles={int(team): _enum(Role, role, path) for team, role in _get(raw, "teams", dict, path, {}).items()},
        oauth_client_id=_get(raw, "oAuthClientId", str, path, None),
        schedule_time_zone=_get(raw, "scheduleTimeZone", str, path, None),
    )
    if user.oauth_client_id is not None and store.oauth_client(user.oauth_client_id) is None:
        raise FixtureError(f"{path}: unknown oAuthClientId {user.oauth_client_id!r}")
    store.add_user(user)
    for token in _get(raw, "accessTokens", list, path, []):
        store.add_access_token(AccessToken(token=str(token), user_id=user.id))
    for expired in _get(raw, "expiredAccessTokens", list, path, []):
        expires_at = _instant(_get(expired, "expiresAt", dict, path), today, today)
        store.add_access_token(
            AccessToken(token=_get(expired, "token", str, path), user_id=user.id, expires_at=expires_at)
        )
    for token in _get(raw, "refreshTokens", list, path, []):
        if user.oauth_client_id is None:
            raise FixtureError(f"{path}: refreshTokens of a user without oAuthClientId")
        store.add_refresh_token(RefreshToken(token=str(token), user_id=user.id, client_id=user.oauth_client_id))
    for key in _get(raw, "apiKeys", list, path, []):
        store.add_api_key(ApiKey(key=str(key), user_id=user.id))
    for expired in _get(raw, "expiredApiKeys", list, path, []):
        expires_at = _instant(_get(expired, "expiresAt", dict, path), today, today)
        store.add_api_key(ApiKey(key=_get(expired, "key", str, path), user_id=user.id, expires_at=expires_at))


def _event_type(raw: Mapping[str, Any], path: str) -> EventType:
    recurrence = raw.get("recurrence")
    return EventType(
        id=_get(raw, "id", int, path),
        slug=_get(raw, "slug", str, path),
        title=_get(raw, "title", str, path),
        length_in_minutes=_get(raw, "lengthInMinutes", int, path),
        owner_id=_get(raw, "ownerId", int, path, None),
        team_id=_get(raw, "teamId", int, path, None),
        host_ids=tuple(_get(raw, "hostIds", list, path, [])),
        scheduling_type=_enum(SchedulingType, raw["schedulingType"], path) if raw.get("schedulingType") else None,
        fixed_host_ids=tuple(_get(raw, "fixedHostIds", list, path, [])),
        rr_host_subset_enabled=_get(raw, "rrHostSubsetEnabled", bool, path, False),
        requires_confirmation=_get(raw, "requiresConfirmation", bool, path, False),
        seats_per_time_slot=_get(raw, "seatsPerTimeSlot", int, path, None),
        recurrence=Recurrence(
            frequency=_enum(Frequency, _get(recurrence, "frequency", str, path), path),
            interval=_get(recurrence, "interval", int, path, 1),
            max_occurrences=_get(recurrence, "maxOccurrences", int, path),
        )
        if isinstance(recurrence, dict)
        else None,
        booking_requires_authentication=_get(raw, "bookingRequiresAuthentication", bool, path, False),
        location=_get(raw, "location", str, path, ""),
        locations=tuple(_get(raw, "locations", list, path, [])),
        description=_get(raw, "description", str, path, ""),
        length_options=tuple(_get(raw, "lengthOptions", list, path, [])),
        seats_show_attendees=_get(raw, "seatsShowAttendees", bool, path, True),
        max_active_bookings_per_booker=_get(raw, "maxActiveBookingsPerBooker", int, path, None),
        offer_reschedule_at_booker_limit=_get(raw, "maxActiveBookingPerBookerOfferReschedule", bool, path, False),
        booking_fields=tuple(
            _booking_field(field, f"{path}.bookingFields[{j}]")
            for j, field in enumerate(_get(raw, "bookingFields", list, path, []))
        ),
    )


def _booking_field(raw: Mapping[str, Any], path: str) -> BookingField:
    """A booking field in the real `bookingFields` shape: `editable` "system..." marks system fields,
    `options` are `{value, label}` objects (or plain values)."""
    options = _get(raw, "options", list, path, [])
    return BookingField(
        name=_get(raw, "name", str, path),
        type=_get(raw, "type", str, path),
        required=_get(raw, "required", bool, path, False),
        system=_get(raw, "editable", str, path, "user").startswith("system"),
        options=tuple(str(o["value"]) if isinstance(o, dict) else str(o) for o in options),
    )


def _booking(store: BookingStore, raw: Mapping[str, Any], path: str, today: datetime, now: datetime) -> Booking:
    booking_id = _get(raw, "id", int, path)
    event_type = store.event_type(_get(raw, "eventTypeId", int, path))
    if event_type is None:
        raise FixtureError(f"{path}: unknown eventTypeId {raw['eventTypeId']}")
    host_ids = event_type.assigned_user_ids
    organizer_id = _get(raw, "organizerId", int, path, host_ids[0] if host_ids else None)
    organizer = store.user(organizer_id) if organizer_id is not None else None
    if organizer is None:
        raise FixtureError(f"{path}: no organizer")
    if event_type.is_round_robin:
        host_ids = (organizer.id,)
    start = _instant(_get(raw, "start", dict, path), today, now)
    end = start + timedelta(minutes=_get(raw, "lengthInMinutes", int, path, event_type.length_in_minutes))
    created = raw.get("createdAt")
    created_at = (
        _instant(_get(raw, "createdAt", dict, path), today, now)
        if created is not None
        else today - timedelta(days=30) + timedelta(hours=booking_id)
    )
    status = _enum(BookingStatus, _get(raw, "status", str, path), path)
    attendees = tuple(
        _attendee(store, a, f"{path}.attendees[{j}]", created_at)
        for j, a in enumerate(_get(raw, "attendees", list, path))
    )
    attendees += store.co_host_attendees(organizer.id, host_ids)
    uid = _get(raw, "uid", str, path)
    location = _get(raw, "location", str, path, event_type.location)
    guests = _get(raw, "guests", list, path, [])
    responses: dict[str, Any] = {"name": attendees[0].name, "email": attendees[0].email} if attendees else {}
    if guests:
        responses["guests"] = guests
    return Booking.new(
        id=booking_id,
        uid=uid,
        event_type=event_type,
        organizer=organizer,
        host_ids=host_ids,
        start=start,
        end=end,
        attendees=attendees,
        created_at=created_at,
        location=location,
        title=_get(raw, "title", str, path, None),
        description=_get(raw, "description", str, path, None),
        status=status,
        ics_uid=_get(raw, "icsUid", str, path, None),
        guests=tuple(guests),
        metadata=_get(raw, "metadata", dict, path, {}),
        booking_fields_responses={**responses, **_get(raw, "bookingFieldsResponses", dict, path, {})},
        recurring_booking_uid=_get(raw, "recurringBookingUid", str, path, None),
        cancellation_reason=_get(raw, "cancellationReason", str, path, None),
        cancelled_by_email=_get(raw, "cancelledByEmail", str, path, None),
        rejection_reason=_get(raw, "rejectionReason", str, path, None),
        rescheduling_reason=_get(raw, "reschedulingReason", str, path, None),
        rescheduled_by_email=_get(raw, "rescheduledByEmail", str, path, None),
        rescheduled_from_uid=_get(raw, "rescheduledFromUid", str, path, None),
        rescheduled_to_uid=_get(raw, "rescheduledToUid", str, path, None),
        absent_host=_get(raw, "absentHost", bool, path, False),
        rating=_get(raw, "rating", int, path, None),
        # Anything that changed state after booking was last touched a day after creation.
        updated_at=created_at
        if status in (BookingStatus.ACCEPTED, BookingStatus.PENDING)
        else created_at + timedelta(days=1),
    )


def _attendee(store: BookingStore, raw: Mapping[str, Any], path: str, created_at: datetime) -> Attendee:
    seat_uid = _get(raw, "seatUid", str, path, None)
    name, email = _get(raw, "name", str, path), _get(raw, "email", str, path)
    return Attendee(
        id=store.next_attendee_id(),
        name=name,
        email=email,
        time_zone=_get(raw, "timeZone", str, path, "UTC"),
        phone_number=_get(raw, "phoneNumber", str, path, None),
        language=_get(raw, "language", str, path, "en"),
        absent=_get(raw, "absent", bool, path, False),
        seat_uid=seat_uid,
        seat_created_at=created_at if seat_uid else None,
        booking_fields_responses={"name": name, "email": email, **_get(raw, "bookingFieldsResponses", dict, path, {})}
        if seat_uid
        else {},
    )


def _instant(offset: Mapping[str, Any], today: datetime, now: datetime) -> datetime:
    """`{days, hours, minutes}` after today 00:00 UTC, or after the current minute with `from: now`.
    `workdays: N` counts N weekdays on from today instead of days, for a booking that must fall inside its
    hosts' working hours (Monday to Friday) whatever day the mock starts on."""
    base = now.replace(second=0, microsecond=0) if offset.get("from") == "now" else today
    day = base + timedelta(days=offset.get("days", 0))
    for _ in range(offset.get("workdays", 0)):
        day += timedelta(days=3 if day.weekday() == 4 else 2 if day.weekday() == 5 else 1)
    return day + timedelta(hours=offset.get("hours", 0), minutes=offset.get("minutes", 0))


def _list(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise FixtureError(f"{key}: expected a list of mappings")
    return items


def _get(raw: Mapping[str, Any], key: str, kind: type[T], path: str, default: Any = _REQUIRED) -> T:
    if key not in raw or raw[key] is None:
        if default is _REQUIRED:
            raise FixtureError(f"{path}: missing {key!r}")
        return default  # type: ignore[no-any-return]
    value = raw[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise FixtureError(f"{path}.{key}: expected {kind.__name__}, got {value!r}")
    return value


def _enum(kind: type[T], value: object, path: str) -> T:
    try:
        return kind(value)  # type: ignore[call-arg]
    except ValueError:
        raise FixtureError(f"{path}: {value!r} is not a valid {kind.__name__}") from None
