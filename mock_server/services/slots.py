"""`GET /v2/slots`: the free slots of an event type in a range (SlotsService_2024_09_04).

An event type is named by id, by slug + username, or by slug + team slug (with an optional
organization slug), like the real `SlotsInputService_2024_09_04`. Free means what a create would
accept at that start: every host works then (see `availability`), none of them has a live booking
that overlaps, and a seated event type still has a seat there. Booking a slot removes it; cancelling
the booking brings it back, because both read the same store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mock_server.domain.assignment import assign_hosts
from mock_server.domain.availability import (
    RANGE_LIMIT,
    common_working_hours,
    earliest_start,
    slot_starts,
    working_hours,
)
from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import (
    InvalidTimeRange,
    NoHostsForEventType,
    SeatsFull,
    SlotsEventTypeNotFound,
    SlotsEventTypeNotIdentified,
    SlotsOrganizationNotFound,
    SlotUnavailable,
    TeamNotFound,
    UserNotFound,
)
from mock_server.domain.model import EventType
from mock_server.services.reservations import Reservations
from mock_server.services.scheduling import Scheduler
from mock_server.state.store import BookingStore

__all__ = ["FreeSlot", "SeatCount", "SlotQuery", "SlotService", "Slots"]


@dataclass(frozen=True, kw_only=True)
class SlotQuery:
    """The query, parsed: `start`/`end` already widened to whole days where only dates were given."""

    start: datetime
    end: datetime
    event_type_id: int | None = None
    event_type_slug: str | None = None
    username: str | None = None
    team_slug: str | None = None
    organization_slug: str | None = None
    duration: int | None = None
    reschedule_uid: str | None = None
    viewer: str | None = None
    """The asker's reservation uid (the `uid` cookie): their own reservations do not hide slots from them."""


@dataclass(frozen=True)
class SeatCount:
    booked: int
    total: int
    booking_uid: str | None


@dataclass(frozen=True)
class FreeSlot:
    start: datetime
    end: datetime
    seats: SeatCount | None = None


@dataclass(frozen=True)
class Slots:
    event_type: EventType
    slots: tuple[FreeSlot, ...]


class SlotService:
    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.scheduler = Scheduler(store, clock)
        self.reservations = Reservations(store, clock)

    def available(self, query: SlotQuery) -> Slots:
        event_type = self._event_type(query)
        if query.start > query.end:
            raise InvalidTimeRange()
        first = max(query.start, earliest_start(self.clock.now()))
        last = min(query.end, first + RANGE_LIMIT)
        if first >= last:
            return Slots(event_type, ())
        length = timedelta(minutes=self._length(event_type, query.duration))
        hosts = [user for user in map(self.store.user, event_type.host_ids or event_type.assigned_user_ids) if user]
        hours = {host.id: working_hours(host.availability_time_zone, first, last) for host in hosts}
        # Every host attends a personal or collective booking, so they must all work then; a round-robin
        # booking goes to the fixed hosts and any one of the others, so any host's hours may hold a slot.
        if event_type.is_round_robin:
            windows = sorted(window for host_hours in hours.values() for window in host_hours)
        else:
            windows = common_working_hours(hours.values())
        starts = sorted(set(slot_starts(windows, length, start=first, end=last)))
        free = (
            self._free(event_type, start.astimezone(UTC), length, query.reschedule_uid, query.viewer)
            for start in starts
        )
        return Slots(event_type, tuple(slot for slot in free if slot is not None))

    def _free(
        self,
        event_type: EventType,
        start: datetime,
        length: timedelta,
        reschedule_uid: str | None,
        viewer: str | None = None,
    ) -> FreeSlot | None:
        """The slot if a create at `start` would be accepted (the booking being rescheduled aside):
        the checks are the create's own (`Scheduler`, `assign_hosts`)."""
        end = start + length
        if self.reservations.hides(event_type, start, end, viewer=viewer):
            return None
        ignore = {reschedule_uid} if reschedule_uid else set()
        scheduler = self.scheduler
        try:
            join = (
                scheduler.open_seated_booking(event_type, start, exclude=reschedule_uid)
                if event_type.is_seated
                else None
            )
            if join is not None:
                ignore.add(join.uid)
            if event_type.is_round_robin:

                def available(host_id: int) -> bool:
                    return scheduler.host_free(host_id, start, end, ignore=ignore)

                assign_hosts(event_type, is_free=available, last_booked=lambda _: None)
            else:
                scheduler.check_free(
                    event_type.assigned_user_ids,
                    start,
                    end,
                    team_event=event_type.team_id is not None,
                    ignore=ignore,
                    joining=join is not None,
                )
        except (SeatsFull, SlotUnavailable, NoHostsForEventType):
            return None
        if not event_type.seats_per_time_slot:
            return FreeSlot(start, end)
        booked = len(join.attendees) if join is not None else 0
        return FreeSlot(start, end, SeatCount(booked, event_type.seats_per_time_slot, join.uid if join else None))

    @staticmethod
    def _length(event_type: EventType, duration: int | None) -> int:
        """A requested duration counts only where the event type offers it; otherwise its length."""
        if duration is not None and duration in event_type.length_options:
            return duration
        return event_type.length_in_minutes

    def _event_type(self, query: SlotQuery) -> EventType:
        store = self.store
        event_type: EventType | None
        if query.event_type_id is not None:
            event_type = store.event_type(query.event_type_id)
        elif query.event_type_slug is not None and query.username is not None:
            org_id = self._org_id(query.organization_slug)
            user = store.user_by_username(query.username, org_id=org_id)
            if user is None:
                raise UserNotFound(query.username)
            event_type = store.event_type_of_user(user.id, query.event_type_slug)
        elif query.event_type_slug is not None and query.team_slug is not None:
            team = store.team_by_slug(query.team_slug, org_id=self._org_id(query.organization_slug))
            if team is None:
                raise TeamNotFound(query.team_slug)
            event_type = store.event_type_of_team(team.id, query.event_type_slug)
        else:
            raise SlotsEventTypeNotIdentified()
        if event_type is None:
            raise SlotsEventTypeNotFound()
        return event_type

    def _org_id(self, organization_slug: str | None) -> int | None:
        if organization_slug is None:
            return None
        organization = self.store.organization_by_slug(organization_slug)
        if organization is None:
            raise SlotsOrganizationNotFound(organization_slug)
        return organization.id
