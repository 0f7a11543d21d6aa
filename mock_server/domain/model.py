"""Entities and enums of Cal.com bookings, with the transitions a booking can go through.

Entities are frozen dataclasses with slots (no per-instance `__dict__`, so a booking and its attendees
take far less memory): a transition returns a new entity and only the store makes it current. Nothing
here touches storage, the clock or a web framework; callers pass `now` in.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

JsonObject = Mapping[str, Any]


# --------------------------------------------------------------------------------------------- enums


class BookingStatus(StrEnum):
    ACCEPTED = "ACCEPTED"
    PENDING = "PENDING"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"
    AWAITING_HOST = "AWAITING_HOST"


class Role(StrEnum):
    MEMBER = "MEMBER"
    ADMIN = "ADMIN"
    OWNER = "OWNER"


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class Plan(StrEnum):
    """Platform plans, cheapest first (the order is what PlatformPlanGuard compares)."""

    FREE = "FREE"
    STARTER = "STARTER"
    ESSENTIALS = "ESSENTIALS"
    SCALE = "SCALE"
    ENTERPRISE = "ENTERPRISE"

    def at_least(self, minimum: Plan) -> bool:
        order = list(Plan)
        return order.index(self) >= order.index(minimum)


class SchedulingType(StrEnum):
    """How a team event type assigns its hosts: every host (collective) or one of them (round robin)."""

    COLLECTIVE = "COLLECTIVE"
    ROUND_ROBIN = "ROUND_ROBIN"


class ReportReason(StrEnum):
    SPAM = "SPAM"
    DONT_KNOW_PERSON = "DONT_KNOW_PERSON"
    OTHER = "OTHER"


class ReportType(StrEnum):
    EMAIL = "EMAIL"
    DOMAIN = "DOMAIN"


ADMIN_ROLES = frozenset({Role.ADMIN, Role.OWNER})
BLOCKING_STATUSES = frozenset({BookingStatus.ACCEPTED, BookingStatus.PENDING, BookingStatus.AWAITING_HOST})


# ------------------------------------------------------------------------------------------ entities


@dataclass(frozen=True, kw_only=True, slots=True)
class Organization:
    id: int
    slug: str
    name: str
    admin_api_enabled: bool = True
    plan: Plan = Plan.ESSENTIALS


@dataclass(frozen=True, kw_only=True, slots=True)
class Team:
    id: int
    slug: str
    name: str
    parent_org_id: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class User:
    id: int
    username: str
    name: str
    email: str
    time_zone: str = "UTC"
    locale: str = "en"
    org_id: int | None = None
    org_role: Role | None = None
    team_roles: Mapping[int, Role] = field(default_factory=dict)
    oauth_client_id: str | None = None
    """Set for a platform managed user: the OAuth client that created it (its email carries the id)."""
    schedule_time_zone: str | None = None
    """The time zone of the user's default schedule, where it differs from their own (Cal.com's e2e tests
    create schedules in Europe/Rome for users of any time zone); None: `time_zone`."""

    @property
    def availability_time_zone(self) -> str:
        """Where the user's working hours (Monday-Friday 09:00-17:00) are counted."""
        return self.schedule_time_zone or self.time_zone


@dataclass(frozen=True, kw_only=True, slots=True)
class ApiKey:
    key: str
    user_id: int
    expires_at: datetime | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class OAuthClient:
    """A platform OAuth client: `x-cal-client-id` + `x-cal-secret-key` act as its organization's owner."""

    id: str
    secret: str
    org_id: int
    name: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class AccessToken:
    """A managed user's OAuth access token, sent as `Authorization: Bearer <token>`."""

    token: str
    user_id: int
    expires_at: datetime | None = None
    """When it stops working (498 `ACCESS_TOKEN_IS_EXPIRED` after); None never (the fixtures' tokens)."""

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now > self.expires_at


@dataclass(frozen=True, kw_only=True, slots=True)
class RefreshToken:
    """A managed user's OAuth refresh token: `POST /v2/oauth/{clientId}/refresh` trades it, with the
    client's secret, for a new access token and a new refresh token (this one then stops working)."""

    token: str
    user_id: int
    client_id: str
    expires_at: datetime | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class BookingField:
    """One entry of an event type's `bookingFields`; `system` fields (name, email, location, ...)
    are answered through the request's own properties and are not checked as responses."""

    name: str
    type: str
    required: bool = False
    system: bool = False
    options: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Recurrence:
    frequency: Frequency
    interval: int = 1
    max_occurrences: int = 1

    def starts(self, first: datetime, count: int, time_zone: str = "UTC") -> list[datetime]:
        """Start instants of `count` occurrences beginning at `first`, stepped in `time_zone` (the
        attendee's, as the real input service does with Luxon) so that a series keeps its wall-clock
        time across daylight-saving changes."""
        local = first.astimezone(ZoneInfo(time_zone))
        return [_shift(local, self.frequency, self.interval * index).astimezone(first.tzinfo) for index in range(count)]


@dataclass(frozen=True, kw_only=True, slots=True)
class EventType:
    id: int
    slug: str
    title: str
    length_in_minutes: int
    owner_id: int | None = None
    team_id: int | None = None
    host_ids: tuple[int, ...] = ()
    scheduling_type: SchedulingType | None = None
    """Team event types only; `None` there reads as COLLECTIVE."""
    fixed_host_ids: tuple[int, ...] = ()
    """Round robin: hosts booked on every booking (`isFixed`); the others take turns."""
    rr_host_subset_enabled: bool = False
    requires_confirmation: bool = False
    seats_per_time_slot: int | None = None
    recurrence: Recurrence | None = None
    booking_requires_authentication: bool = False
    location: str = ""
    locations: tuple[JsonObject, ...] = ()
    """The locations a booker may pick, as API v2 shows them (`{"type": "link", "link": ...}`); without
    them, the one `location` as a link (a URL) or an address."""
    description: str = ""
    length_options: tuple[int, ...] = ()
    seats_show_attendees: bool = True
    booking_fields: tuple[BookingField, ...] = ()
    max_active_bookings_per_booker: int | None = None
    offer_reschedule_at_booker_limit: bool = False

    @property
    def offered_locations(self) -> tuple[JsonObject, ...]:
        if self.locations or not self.location:
            return self.locations
        if self.location.startswith("http"):
            return ({"type": "link", "link": self.location},)
        return ({"type": "address", "address": self.location},)

    @property
    def initial_status(self) -> BookingStatus:
        """A new booking's status: pending while the event type requires confirmation."""
        return BookingStatus.PENDING if self.requires_confirmation else BookingStatus.ACCEPTED

    @property
    def is_seated(self) -> bool:
        return bool(self.seats_per_time_slot)

    @property
    def is_round_robin(self) -> bool:
        return self.team_id is not None and self.scheduling_type is SchedulingType.ROUND_ROBIN

    @property
    def assigned_user_ids(self) -> tuple[int, ...]:
        """Who a booking of a personal or collective event type goes to: the owner, or every host
        (the first one organizes). Round robin event types pick theirs per booking."""
        if self.team_id is not None:
            return self.host_ids
        return (self.owner_id,) if self.owner_id is not None else ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Attendee:
    id: int
    name: str
    email: str
    time_zone: str
    phone_number: str | None = None
    language: str = "en"
    absent: bool = False
    seat_uid: str | None = None
    seat_created_at: datetime | None = None
    booking_fields_responses: JsonObject = field(default_factory=dict)
    metadata: JsonObject = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class Booking:
    id: int
    uid: str
    title: str
    event_type_id: int
    organizer_id: int
    host_ids: tuple[int, ...]
    status: BookingStatus
    start: datetime
    end: datetime
    attendees: tuple[Attendee, ...]
    created_at: datetime
    updated_at: datetime
    description: str = ""
    guests: tuple[str, ...] = ()
    location: str = ""
    meeting_url: str | None = None
    metadata: JsonObject = field(default_factory=dict)
    booking_fields_responses: JsonObject = field(default_factory=dict)
    recurring_booking_uid: str | None = None
    cancellation_reason: str | None = None
    cancelled_by_email: str | None = None
    rejection_reason: str | None = None
    rescheduling_reason: str | None = None
    rescheduled_by_email: str | None = None
    rescheduled_from_uid: str | None = None
    rescheduled_to_uid: str | None = None
    absent_host: bool = False
    rating: int | None = None
    ics_uid: str = ""
    ical_sequence: int = 0

    @classmethod
    def new(
        cls,
        *,
        id: int,
        uid: str,
        event_type: EventType,
        organizer: User,
        host_ids: tuple[int, ...],
        start: datetime,
        end: datetime,
        attendees: tuple[Attendee, ...],
        created_at: datetime,
        location: str,
        title: str | None = None,
        description: str | None = None,
        meeting_url: str | None = None,
        status: BookingStatus | None = None,
        ics_uid: str | None = None,
        updated_at: datetime | None = None,
        **details: Any,
    ) -> Booking:
        """A new booking of `event_type`, with what the real booking flow fills in when the input leaves
        it out: the title "<event type> between <organizer> and <booker>", the event type's description,
        the location as meeting URL when it is a link, the event type's initial status, the iCal uid."""
        booker = attendees[0].name if attendees else "guests"
        return cls(
            id=id,
            uid=uid,
            title=title or event_name(event_type.title, organizer.name, booker),
            description=description if description is not None else event_type.description,
            event_type_id=event_type.id,
            organizer_id=organizer.id,
            host_ids=host_ids,
            status=status if status is not None else event_type.initial_status,
            start=start,
            end=end,
            attendees=attendees,
            location=location,
            meeting_url=meeting_url or (location if location.startswith("http") else None),
            ics_uid=ics_uid or cls.ics_uid_for(uid),
            created_at=created_at,
            updated_at=updated_at if updated_at is not None else created_at,
            **details,
        )

    @staticmethod
    def ics_uid_for(uid: str) -> str:
        """The iCal uid of a booking created with `uid`."""
        return f"{uid}@Cal.com"

    @property
    def user_ids(self) -> frozenset[int]:
        return frozenset((self.organizer_id, *self.host_ids))

    @property
    def attendee_emails(self) -> frozenset[str]:
        return frozenset(attendee.email for attendee in self.attendees)

    @property
    def participant_emails(self) -> frozenset[str]:
        """Attendees' and guests' emails: the real booking flow stores guests as attendees, so a
        guest finds the booking among their own and by the `attendeeEmail` filter."""
        return self.attendee_emails | frozenset(self.guests)

    @property
    def seat_uids(self) -> frozenset[str]:
        return frozenset(a.seat_uid for a in self.attendees if a.seat_uid is not None)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def blocks_time(self) -> bool:
        return self.status in BLOCKING_STATUSES

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end

    def is_upcoming(self, now: datetime) -> bool:
        """`isUpcomingBooking`: still to happen and not cancelled/rejected."""
        return self.status in BLOCKING_STATUSES and self.start > now

    # Transitions return a new Booking; only the store makes it current.

    def cancelled(self, now: datetime, *, reason: str | None, by_email: str | None) -> Booking:
        return replace(
            self,
            status=BookingStatus.CANCELLED,
            cancellation_reason=reason,
            cancelled_by_email=by_email,
            updated_at=now,
        )

    def rejected(self, now: datetime, *, reason: str | None) -> Booking:
        return replace(self, status=BookingStatus.REJECTED, rejection_reason=reason, updated_at=now)

    def accepted(self, now: datetime) -> Booking:
        return replace(self, status=BookingStatus.ACCEPTED, updated_at=now)

    def with_attendee(self, attendee: Attendee, now: datetime) -> Booking:
        return replace(self, attendees=(*self.attendees, attendee), updated_at=now)

    def without_seat(self, seat_uid: str, now: datetime) -> Booking:
        kept = tuple(a for a in self.attendees if a.seat_uid != seat_uid)
        return replace(self, attendees=kept, updated_at=now)

    def seat(self, seat_uid: str) -> Attendee | None:
        return next((a for a in self.attendees if a.seat_uid == seat_uid), None)

    def reassigned(
        self,
        now: datetime,
        *,
        organizer_id: int,
        host_ids: tuple[int, ...],
        attendees: tuple[Attendee, ...],
        title: str,
    ) -> Booking:
        """The same booking with another host: organizer, hosts, co-host attendees and title change."""
        return replace(
            self, organizer_id=organizer_id, host_ids=host_ids, attendees=attendees, title=title, updated_at=now
        )

    def marked_absent(self, now: datetime, *, host: bool, attendees: Mapping[str, bool]) -> Booking:
        """Set no-shows. `host=False` never clears a host no-show; unknown emails are ignored."""
        updated = tuple(replace(a, absent=attendees[a.email]) if a.email in attendees else a for a in self.attendees)
        return replace(self, absent_host=self.absent_host or host, attendees=updated, updated_at=now)


@dataclass(frozen=True, kw_only=True, slots=True)
class BookingReference:
    """Where a booking lives outside Cal.com: a calendar event (`google_calendar`, `office365_calendar`)
    or a video room (`daily_video` is Cal Video, whose `meeting_id` names the Daily.co room)."""

    id: int
    booking_uid: str
    type: str
    uid: str
    meeting_id: str | None = None
    meeting_url: str | None = None
    external_calendar_id: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class CalVideoRecording:
    """One recording of a Cal Video (Daily.co) room, as Daily's `GET /recordings?room_name=` lists it;
    `download_link` is what `GET /recordings/{id}/access-link` gives, or None with `error` if it failed."""

    id: str
    room_name: str
    start_ts: int
    status: str
    duration: int
    share_token: str
    max_participants: int | None = None
    download_link: str | None = None
    error: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class CalVideoTranscript:
    """One transcript of a Cal Video room and its access link (Daily's `GET /transcript/{id}/access-link`)."""

    id: str
    room_name: str
    link: str


@dataclass(frozen=True, kw_only=True, slots=True)
class BookingReport:
    id: int
    booking_uid: str
    org_id: int
    reporter_user_id: int
    reason: ReportReason
    report_type: ReportType
    booker_email: str
    cancelled: bool
    created_at: datetime
    description: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class SlotReservation:
    """A reserved slot (`selectedSlots`, one row per host there): `uid` is the reserver's, held until
    `release_at`; `booking_uid` names the seated booking a seat is reserved in."""

    uid: str
    event_type_id: int
    user_ids: tuple[int, ...]
    start: datetime
    end: datetime
    release_at: datetime
    created_at: datetime
    booking_uid: str | None = None

    def holds(self, now: datetime) -> bool:
        return self.release_at > now


@dataclass(frozen=True, kw_only=True, slots=True)
class BookingContext:
    """A booking with the entities its permission and tenancy rules need."""

    booking: Booking
    event_type: EventType
    organizer: User
    team: Team | None = None

    @property
    def org_ids(self) -> frozenset[int]:
        """The organizations a booking belongs to: its event type's team's org, or its organizer's."""
        ids: set[int] = set()
        if self.team is not None:
            ids.add(self.team.parent_org_id if self.team.parent_org_id is not None else self.team.id)
        if self.organizer.org_id is not None:
            ids.add(self.organizer.org_id)
        return frozenset(ids)


# ------------------------------------------------------------------------------------- time helpers


def _shift(moment: datetime, frequency: Frequency, steps: int) -> datetime:
    if frequency is Frequency.DAILY:
        return moment + timedelta(days=steps)
    if frequency is Frequency.WEEKLY:
        return moment + timedelta(weeks=steps)
    months = moment.month - 1 + steps
    year, month = moment.year + months // 12, months % 12 + 1
    # A booking on the 31st recurs on the last day of shorter months.
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def event_name(event_type_title: str, host: str, attendee: str) -> str:
    """`getEventName` without a custom event name (`event_between_users`): a booking's default title."""
    return f"{event_type_title} between {host} and {attendee}"


def iso_utc(moment: datetime) -> str:
    """`2024-09-25T16:00:00.000Z`: JavaScript's `Date.toISOString()` and Luxon's UTC `toISO()`."""
    # isoformat pads the year to four digits on every platform; strftime("%Y") does not.
    return moment.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
