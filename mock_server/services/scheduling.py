"""Creating and moving bookings: event-type lookup, lengths, recurrence, seats and slot conflicts.

`Scheduler` validates a whole request before it touches the store, so a refused request leaves no
partial series behind and consumes no uids from the seeded random source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from mock_server.domain.assignment import assign_hosts
from mock_server.domain.availability import works_throughout
from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import (
    BookerLimitReached,
    EventTypeNotFound,
    EventTypeNotIdentified,
    IntegrationNotOffered,
    InvalidRecurrenceCount,
    LocationTypeNotOffered,
    MissingContactMethod,
    OrganizationSlugNotFound,
    RecurrenceCountTooHigh,
    SeatNotFound,
    SeatNotInBooking,
    SeatsFull,
    SeatUidRequiredForReschedule,
    SlotUnavailable,
    TeamNotFound,
    UserNotFound,
)
from mock_server.domain.model import Attendee, Booking, BookingStatus, EventType, JsonObject, User
from mock_server.domain.rules import (
    check_booking_fields,
    check_length,
    check_may_book,
    check_not_in_past,
    check_reschedulable,
    oauth_user_email,
    phone_placeholder_email,
)
from mock_server.services.reservations import Reservations
from mock_server.state.store import BookingStore

__all__ = ["AttendeeInput", "BookingInput", "Created", "Scheduler", "location_text"]


@dataclass(frozen=True, kw_only=True)
class AttendeeInput:
    name: str
    time_zone: str
    email: str | None = None
    phone_number: str | None = None
    language: str = "en"


@dataclass(frozen=True, kw_only=True)
class BookingInput:
    """A create request, v2 or v1, already parsed from JSON.

    `recurrence_count` only matters for recurring event types: the body picks the input schema
    but the event type decides recurrence, so a count sent for a non-recurring event type is
    ignored and one booking is made; a recurring event type without a count books its
    `maxOccurrences`, and a larger count is refused.
    """

    start: datetime
    attendee: AttendeeInput
    event_type_id: int | None = None
    event_type_slug: str | None = None
    username: str | None = None
    team_slug: str | None = None
    organization_slug: str | None = None
    guests: tuple[str, ...] = ()
    location: Mapping[str, Any] | str | None = None
    """A v2 location object, a v1 location value, or None for the event type's own."""
    meeting_url: str | None = None
    metadata: JsonObject = field(default_factory=dict)
    booking_fields_responses: JsonObject = field(default_factory=dict)
    length_in_minutes: int | None = None
    recurrence_count: int | None = None
    title: str | None = None
    description: str | None = None
    rr_host_subset_ids: tuple[int, ...] = ()
    """`rrHostSubsetIds`: the round-robin hosts (fixed ones included) this booking may go to."""
    reserved_slot_uid: str | None = None
    """`reservedSlotUid`: the booker's reservation of this slot (see `reservations`)."""


@dataclass(frozen=True)
class Created:
    """What a create or reschedule made: the bookings, each one's new seat (if seated), and
    whether the API answers with a list (recurring create) or a single object."""

    bookings: tuple[Booking, ...]
    seat_uids: tuple[str | None, ...]
    many: bool = False


_INTEGRATIONS = {
    "cal-video": "integrations:daily",
    "google-meet": "integrations:google:meet",
    "zoom": "integrations:zoom",
}


# What the organizer defines for each location type of theirs: the field of the event type's location.
_ORGANIZER_FIELDS = {"address": "address", "link": "link", "phone": "phone"}


# Cal Video's meeting link: the web app's `/video/<booking uid>` (metadata.videoCallUrl on the real server).
CAL_VIDEO_URL = "https://app.cal.com/video/{uid}"


def location_text(location: Mapping[str, Any] | str | None, event_type: EventType, uid: str) -> str:
    """The stored location: what the attendee gave; an integration (Cal Video as its meeting link); for
    organizer-defined types (address, link, phone) the event type's location of that type; without a
    location, the event type's first one."""
    if location is None:
        offered = event_type.offered_locations
        if not offered:
            return event_type.location
        location = offered[0]
    if isinstance(location, str):
        return location
    kind = str(location.get("type"))
    if kind == "integration" and location.get("integration") == "cal-video":
        return CAL_VIDEO_URL.format(uid=uid)
    if kind in _ORGANIZER_FIELDS:
        own = next((o for o in event_type.offered_locations if o.get("type") == kind), None)
        value = own.get(_ORGANIZER_FIELDS[kind]) if own is not None else None
    else:
        value = {
            "attendeeAddress": location.get("address"),
            "attendeeDefined": location.get("location"),
            "attendeePhone": location.get("phone"),
            "integration": _INTEGRATIONS.get(
                str(location.get("integration")), f"integrations:{location.get('integration')}"
            ),
        }.get(kind)
    return str(value) if value else event_type.location


def check_location_offered(location: Mapping[str, Any] | str | None, event_type: EventType) -> None:
    """`isBookingLocationWithEventTypeLocations`: a location object must be one of the event type's
    location types (and integrations); a plain string passes, for backwards compatibility."""
    if not isinstance(location, Mapping):
        return
    offered = event_type.offered_locations
    kinds = [str(o.get("type")) for o in offered]
    if location.get("type") not in kinds:
        raise LocationTypeNotOffered(str(location.get("type")), event_type.id, kinds)
    if location.get("type") == "integration":
        integrations = [str(o.get("integration")) for o in offered if o.get("type") == "integration"]
        if location.get("integration") not in integrations:
            raise IntegrationNotOffered(str(location.get("integration")), event_type.id, integrations)


def location_response(location: Mapping[str, Any] | str | None) -> dict[str, str] | None:
    """`transformLocation`: the `location` booking-field response, `{value, optionValue}`."""
    if location is None:
        return None
    if isinstance(location, str):
        if _URL.match(location) or location.startswith("www."):
            return {"value": "link", "optionValue": location}
        if _PHONE.match(location):
            return {"value": "phone", "optionValue": location}
        return {"value": "somewhereElse", "optionValue": location}
    kind = location.get("type")
    value, option = {
        "integration": (_INTEGRATIONS.get(str(location.get("integration")), ""), ""),
        "address": ("inPerson", ""),
        "attendeeAddress": ("attendeeInPerson", location.get("address")),
        "link": ("link", ""),
        "phone": ("userPhone", ""),
        "organizersDefaultApp": ("conferencing", ""),
        "attendeePhone": ("phone", location.get("phone")),
        "attendeeDefined": ("somewhereElse", location.get("location")),
    }.get(str(kind), ("", ""))
    return {"value": value, "optionValue": str(option or "")}


# class-validator's isURL (protocol optional) and isPhoneNumber, as transformLocation uses them.
_URL = re.compile(r"^(https?://)?([\w-]+\.)+[a-z]{2,}(:\d+)?(/\S*)?$", re.IGNORECASE)
_PHONE = re.compile(r"^\+[1-9][\d ()-]{6,18}$")


@dataclass
class _Slot:
    """One occurrence being planned: a new booking, or an existing seated booking to join."""

    start: datetime
    end: datetime
    join: Booking | None = None


class Scheduler:
    """The booking-making rules shared by v2 create, v2 reschedule and v1 create."""

    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._reservations = Reservations(store, clock)

    # ---------------------------------------------------------------------------------- create

    def create(self, data: BookingInput, caller: User | None, *, single_occurrence: bool = False) -> Created:
        """Book `data`; `single_occurrence` books one plain booking even for a recurring event type
        (API v1 without `recurringEventId`)."""
        event_type = self.event_type_for(data)
        data = self._with_platform_emails(data, event_type)
        contact_email = _contact_email(data.attendee)
        store = self._store
        check_may_book(caller, event_type, self.org_of(event_type))
        check_booking_fields(event_type, data.booking_fields_responses, data.attendee.phone_number)
        check_location_offered(data.location, event_type)
        length = check_length(event_type, data.length_in_minutes)
        starts = [data.start] if single_occurrence else self._starts(event_type, data)
        now = self._clock.now()
        check_not_in_past(data.start, now)
        self._check_booker_limit(event_type, contact_email, now)
        spans = [(start, start + timedelta(minutes=length)) for start in starts]
        if data.reserved_slot_uid:
            self._reservations.check_first_in_line(event_type, spans, data.reserved_slot_uid)
        host_ids = self._assign(event_type, spans, data.rr_host_subset_ids)
        slots = [self._plan(event_type, start, end, host_ids) for start, end in spans]
        recurring = event_type.recurrence is not None and not single_occurrence

        organizer = self._user(host_ids[0])
        joined_series = next(
            (s.join.recurring_booking_uid for s in slots if s.join and s.join.recurring_booking_uid), None
        )
        series_uid = (joined_series or store.new_uuid()) if recurring else None
        responses = _responses(data, contact_email)
        bookings: list[Booking] = []
        seat_uids: list[str | None] = []
        for index, slot in enumerate(slots):
            # Occurrences are created one after another, so each has its own creation instant.
            created_at = now + timedelta(milliseconds=index)
            seat_uid = store.new_uuid() if event_type.is_seated else None
            attendee = Attendee(
                id=store.next_attendee_id(),
                name=data.attendee.name,
                email=contact_email,
                time_zone=data.attendee.time_zone,
                phone_number=data.attendee.phone_number,
                language=data.attendee.language,
                seat_uid=seat_uid,
                seat_created_at=created_at if seat_uid else None,
                booking_fields_responses=responses if seat_uid else {},
                metadata=data.metadata if seat_uid else {},
            )
            if slot.join is not None:
                booking = slot.join.with_attendee(attendee, created_at)
            else:
                uid = store.new_uid()
                # input.service.ts: `inputBooking.location || inputBooking.meetingUrl`.
                location = location_text(data.location or data.meeting_url, event_type, uid)
                attendees = (attendee, *self._store.co_host_attendees(host_ids[0], host_ids))
                booking = Booking(
                    id=store.next_booking_id(),
                    uid=uid,
                    title=data.title or f"{event_type.title} between {organizer.name} and {data.attendee.name}",
                    description=data.description if data.description is not None else event_type.description,
                    event_type_id=event_type.id,
                    organizer_id=organizer.id,
                    host_ids=host_ids,
                    status=BookingStatus.PENDING if event_type.requires_confirmation else BookingStatus.ACCEPTED,
                    start=slot.start,
                    end=slot.end,
                    attendees=attendees,
                    guests=data.guests,
                    location=location,
                    meeting_url=data.meeting_url or (location if location.startswith("http") else None),
                    metadata=data.metadata,
                    booking_fields_responses=responses,
                    recurring_booking_uid=series_uid,
                    ics_uid=f"{uid}@Cal.com",
                    created_at=created_at,
                    updated_at=created_at,
                )
            bookings.append(store.save(booking))
            seat_uids.append(seat_uid)
        self._reservations.release(data.reserved_slot_uid)
        return Created(tuple(bookings), tuple(seat_uids), many=recurring)

    def event_type_for(self, data: BookingInput) -> EventType:
        """`getBookedEventType`: by id, by slug + username, or by slug + team slug."""
        store = self._store
        event_type: EventType | None
        if data.event_type_id is not None:
            event_type = store.event_type(data.event_type_id)
        elif data.event_type_slug and (data.username or data.team_slug):
            org_id = self._org_id(data.organization_slug)
            if data.username:
                user = store.user_by_username(data.username, org_id=org_id)
                if user is None:
                    raise UserNotFound(data.username)
                event_type = store.event_type_of_user(user.id, data.event_type_slug)
            else:
                assert data.team_slug is not None
                team = store.team_by_slug(data.team_slug, org_id=org_id)
                if team is None:
                    raise TeamNotFound(data.team_slug)
                event_type = store.event_type_of_team(team.id, data.event_type_slug)
        else:
            raise EventTypeNotIdentified()
        if event_type is None:
            raise EventTypeNotFound(
                event_type_id=data.event_type_id,
                slug=data.event_type_slug,
                username=data.username,
                team_slug=data.team_slug,
                organization_slug=data.organization_slug,
            )
        return event_type

    def _assign(
        self,
        event_type: EventType,
        spans: Sequence[tuple[datetime, datetime]],
        subset: Sequence[int],
        *,
        ignore: frozenset[str] = frozenset(),
    ) -> tuple[int, ...]:
        """The hosts a booking over `spans` goes to (see `assignment`), organizer first."""
        store = self._store

        def is_free(user_id: int) -> bool:
            return all(self.host_free(user_id, start, end, ignore=ignore) for start, end in spans)

        def last_booked(user_id: int) -> datetime | None:
            user = self._user(user_id)
            booked = [
                b.created_at
                for b in store.bookings(store.uids_for_event_type(event_type.id))
                if b.status is BookingStatus.ACCEPTED and (b.organizer_id == user_id or user.email in b.attendee_emails)
            ]
            return max(booked, default=None)

        return assign_hosts(event_type, is_free=is_free, last_booked=last_booked, subset=subset)

    def _check_booker_limit(self, event_type: EventType, email: str, now: datetime) -> None:
        """`checkActiveBookingsLimitForBooker`: count the booker's accepted bookings of this event
        type that start from now on; with the reschedule offer, name the earliest of the latest ones."""
        limit = event_type.max_active_bookings_per_booker
        if not limit:
            return
        store = self._store
        uids = store.uids_for_event_type(event_type.id) & store.uids_for_email(email)
        active = sorted(
            (b for b in store.bookings(uids) if b.status is BookingStatus.ACCEPTED and b.start >= now),
            key=lambda b: b.start,
            reverse=True,
        )[:limit]
        if len(active) >= limit:
            raise BookerLimitReached(active[-1].uid if event_type.offer_reschedule_at_booker_limit else None)

    def _with_platform_emails(self, data: BookingInput, event_type: EventType) -> BookingInput:
        """`getPlatformAttendeeEmail`: for a managed user's event type, an attendee or guest email
        given without the OAuth client id becomes the managed user's email when one exists."""
        owner = self._store.user(event_type.owner_id) if event_type.owner_id is not None else None
        client_id = owner.oauth_client_id if owner is not None else None
        if client_id is None:
            return data

        def managed(email: str) -> str:
            if client_id in email:
                return email
            stored = oauth_user_email(client_id, email)
            return stored if self._store.user_by_email(stored) is not None else email

        attendee = data.attendee
        if attendee.email:
            attendee = replace(attendee, email=managed(attendee.email))
        return replace(data, attendee=attendee, guests=tuple(map(managed, data.guests)))

    def org_of(self, event_type: EventType) -> int | None:
        """The organization an event type belongs to: its team's, else its owner's."""
        store = self._store
        team = store.team(event_type.team_id) if event_type.team_id is not None else None
        if team is not None:
            return team.parent_org_id
        owner = store.user(event_type.owner_id) if event_type.owner_id is not None else None
        return owner.org_id if owner is not None else None

    def _org_id(self, organization_slug: str | None) -> int | None:
        if organization_slug is None:
            return None
        organization = self._store.organization_by_slug(organization_slug)
        if organization is None:
            raise OrganizationSlugNotFound(organization_slug)
        return organization.id

    def _starts(self, event_type: EventType, data: BookingInput) -> list[datetime]:
        recurrence = event_type.recurrence
        if recurrence is None:
            return [data.start]
        count = data.recurrence_count if data.recurrence_count is not None else recurrence.max_occurrences
        if count < 1:
            raise InvalidRecurrenceCount(count)
        if count > recurrence.max_occurrences:
            raise RecurrenceCountTooHigh()
        return recurrence.starts(data.start, count, data.attendee.time_zone)

    def _plan(self, event_type: EventType, start: datetime, end: datetime, host_ids: Sequence[int]) -> _Slot:
        join = self.open_seated_booking(event_type, start) if event_type.is_seated else None
        ignore = {join.uid} if join is not None else set()
        team_event = event_type.team_id is not None
        self.check_free(host_ids, start, end, team_event=team_event, ignore=ignore, joining=join is not None)
        return _Slot(start, end, join)

    def open_seated_booking(
        self, event_type: EventType, start: datetime, *, exclude: str | None = None
    ) -> Booking | None:
        """The live booking a new seat at `start` joins, or None; full -> `SeatsFull`."""
        live = [b for b in self._store.bookings_at(event_type.id, start) if b.blocks_time and b.uid != exclude]
        if not live:
            return None
        booking = min(live, key=lambda b: b.id)
        if len(booking.attendees) >= (event_type.seats_per_time_slot or 0):
            raise SeatsFull()
        return booking

    def check_free(
        self,
        host_ids: Iterable[int],
        start: datetime,
        end: datetime,
        *,
        team_event: bool,
        ignore: set[str],
        joining: bool = False,
    ) -> None:
        """Every host must be available (`ensureAvailableUsers`): [start, end] inside their working hours and no
        live booking of theirs overlapping it; otherwise `no_available_users_found_error`. `joining`: a seat of
        a live seated booking at that start is taken, whose time the hosts already gave (inferred: the seated
        booking is not busy time, and its existence is the hosts' availability)."""
        for host_id in host_ids:
            if not self.host_free(host_id, start, end, ignore=ignore, joining=joining):
                raise SlotUnavailable(team_event=team_event)

    def host_free(
        self, host_id: int, start: datetime, end: datetime, *, ignore: Iterable[str] = (), joining: bool = False
    ) -> bool:
        """One host's availability: what both the create and the slots lists ask of every host."""
        if not joining and not works_throughout(self._user(host_id).availability_time_zone, start, end):
            return False
        return not any(
            booking.uid not in ignore and booking.blocks_time
            for booking in self._store.bookings_of_user_overlapping(host_id, start, end)
        )

    def _user(self, user_id: int) -> User:
        user = self._store.user(user_id)
        assert user is not None, f"event type references unknown user {user_id}"
        return user

    # ------------------------------------------------------------------------------ reschedule

    def reschedule(
        self,
        old: Booking,
        *,
        start: datetime,
        rescheduled_by: str | None,
        reason: str | None,
        seat_uid: str | None,
        rr_host_subset_ids: Sequence[int] = (),
        whole_seated: bool = False,
    ) -> Created:
        """Move a booking (or one seat of it) to `start`; the old booking is cancelled and linked.
        `whole_seated` lets an organization admin of the organizer move a seated booking with all
        its seats (`isIndividualSeatOrOrgAdminReschedule`); anyone else must name a seat."""
        store = self._store
        event_type = store.context(old).event_type
        if event_type.is_seated and seat_uid is None and not whole_seated:
            raise SeatUidRequiredForReschedule(old.uid)
        check_reschedulable(old)
        now = self._clock.now()
        check_not_in_past(start, now)
        end = start + old.duration
        team_event = event_type.team_id is not None
        status = self._rescheduled_status(old, event_type, rescheduled_by)
        if event_type.is_seated and seat_uid is not None:
            return self._reschedule_seat(old, event_type, seat_uid, start, end, status, now)
        if event_type.is_seated:
            return self._move_seated_booking(old, event_type, start, end, reason, rescheduled_by, now)
        host_ids, attendees = old.host_ids, old.attendees
        if event_type.is_round_robin:
            # A round-robin booking is assigned again, as a new booking would be.
            host_ids = self._assign(event_type, [(start, end)], rr_host_subset_ids, ignore=frozenset({old.uid}))
            co_hosts = {user.email for user in map(self._user, old.host_ids[1:])}
            attendees = tuple(a for a in old.attendees if a.email not in co_hosts)
        self.check_free(host_ids, start, end, team_event=team_event, ignore={old.uid})
        uid = store.new_uid()
        attendees = tuple(replace(a, id=store.next_attendee_id(), absent=False) for a in attendees)
        if event_type.is_round_robin:  # the co-hosts taken off above join again, whoever they now are
            attendees += self._store.co_host_attendees(host_ids[0], host_ids)
        new = replace(
            old,
            id=store.next_booking_id(),
            uid=uid,
            status=status,
            start=start,
            end=end,
            organizer_id=host_ids[0],
            host_ids=host_ids,
            attendees=attendees,
            created_at=now,
            updated_at=now,
            cancellation_reason=None,
            cancelled_by_email=None,
            rejection_reason=None,
            rescheduling_reason=reason,
            rescheduled_by_email=rescheduled_by,
            rescheduled_from_uid=old.uid,
            rescheduled_to_uid=None,
            absent_host=False,
            ical_sequence=old.ical_sequence + 1,
        )
        store.save(new)
        store.save(self._moved_away(old, uid, reason, rescheduled_by, now))
        return Created((new,), (None,))

    def _reschedule_seat(
        self,
        old: Booking,
        event_type: EventType,
        seat_uid: str,
        start: datetime,
        end: datetime,
        status: BookingStatus,
        now: datetime,
    ) -> Created:
        store = self._store
        seat = old.seat(seat_uid)
        if seat is None:
            raise SeatNotInBooking() if store.booking_by_seat(seat_uid) else SeatNotFound()
        join = self.open_seated_booking(event_type, start, exclude=old.uid)
        ignore = {old.uid} | ({join.uid} if join else set())
        team_event = event_type.team_id is not None
        self.check_free(old.host_ids, start, end, team_event=team_event, ignore=ignore, joining=join is not None)
        remaining = old.without_seat(seat_uid, now)
        store.save(remaining)
        if join is not None:
            new = store.save(join.with_attendee(replace(seat, absent=False), now))
        else:
            uid = store.new_uid()
            new = store.save(
                replace(
                    old,
                    id=store.next_booking_id(),
                    uid=uid,
                    status=status,
                    start=start,
                    end=end,
                    attendees=(replace(seat, absent=False),),
                    created_at=now,
                    updated_at=now,
                    rescheduled_from_uid=old.uid,
                    rescheduled_to_uid=None,
                    ics_uid=f"{uid}@Cal.com",
                )
            )
        if not remaining.attendees:
            store.save(self._moved_away(remaining, new.uid, None, None, now))
        return Created((new,), (seat_uid,))

    def _move_seated_booking(
        self,
        old: Booking,
        event_type: EventType,
        start: datetime,
        end: datetime,
        reason: str | None,
        rescheduled_by: str | None,
        now: datetime,
    ) -> Created:
        """`ownerRescheduleSeatedBooking`: with no booking at the new time the booking itself moves
        (same uid; the reason lands in `cancellationReason`, as `moveSeatedBookingToNewTimeSlot`
        writes it); otherwise its seats join the booking there and it is cancelled
        (`combineTwoSeatedBookings`). The answer carries `seatUid: ""`, as the real one does."""
        store = self._store
        join = self.open_seated_booking(event_type, start, exclude=old.uid)
        if join is None:
            self.check_free(old.host_ids, start, end, team_event=event_type.team_id is not None, ignore={old.uid})
            moved = store.save(replace(old, start=start, end=end, cancellation_reason=reason, updated_at=now))
            return Created((moved,), ("",))
        if len(join.attendees) + len(old.attendees) > (event_type.seats_per_time_slot or 0):
            raise SeatsFull()
        merged = store.save(replace(join, attendees=(*join.attendees, *old.attendees), updated_at=now))
        store.save(self._moved_away(replace(old, attendees=()), merged.uid, reason, rescheduled_by, now))
        return Created((merged,), ("",))

    def _rescheduled_status(self, old: Booking, event_type: EventType, rescheduled_by: str | None) -> BookingStatus:
        """Auto-confirmed when the event type's owner (for team event types: the booking's
        organizer) reschedules; otherwise the event type's confirmation rule applies again."""
        owner = self._user(event_type.owner_id if event_type.owner_id is not None else old.organizer_id)
        if rescheduled_by is not None and rescheduled_by == owner.email:
            return BookingStatus.ACCEPTED
        return BookingStatus.PENDING if event_type.requires_confirmation else BookingStatus.ACCEPTED

    @staticmethod
    def _moved_away(old: Booking, new_uid: str, reason: str | None, by: str | None, now: datetime) -> Booking:
        return replace(
            old,
            status=BookingStatus.CANCELLED,
            rescheduled_to_uid=new_uid,
            rescheduling_reason=reason,
            rescheduled_by_email=by,
            updated_at=now,
        )


def _contact_email(attendee: AttendeeInput) -> str:
    if attendee.email:
        return attendee.email
    if attendee.phone_number:
        return phone_placeholder_email(attendee.phone_number)
    raise MissingContactMethod()


def _responses(data: BookingInput, email: str) -> dict[str, Any]:
    """`transformInputCreateBooking`'s responses: the custom booking fields, then the standard ones over them."""
    responses: dict[str, Any] = {**data.booking_fields_responses, "name": data.attendee.name, "email": email}
    if data.attendee.phone_number:
        responses["attendeePhoneNumber"] = data.attendee.phone_number
    if data.guests:
        responses["guests"] = list(data.guests)
    location = location_response(data.location if data.location is not None else data.meeting_url)
    if location is not None:
        responses["location"] = location
    return responses
