"""Who a booking goes to after a reassignment, as `roundRobinReassignment` (automatic) and
`roundRobinManualReassignment` (to a named user) decide it in calcom/cal.com
`packages/features/ee/round-robin/`.

The event type's hosts are its team hosts; a personal event type counts its owner as its one
round-robin host (the real code falls back to `eventType.users`); a collective event type's hosts
are all fixed, as Cal.com stores them. The booking's round-robin host is the first rotating host who
organizes it or attends it. If that host organizes it (or there is none), the organizer changes and
the title is made again; otherwise (a fixed host organizes) the round-robin host's attendee row
becomes the new host's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from mock_server.domain.assignment import least_recently_booked
from mock_server.domain.exceptions import InvalidRoundRobinHost, NoOtherHostAvailable, ReassignToFixedHost
from mock_server.domain.model import Attendee, Booking, EventType, User, event_name

__all__ = ["Reassignment", "attendee_name", "automatic", "manual"]


@dataclass(frozen=True, kw_only=True)
class Reassignment:
    """The new host and what the booking looks like with them."""

    host_id: int
    organizer_id: int
    host_ids: tuple[int, ...]
    attendees: tuple[Attendee, ...]
    title: str

    def apply(self, booking: Booking, now: datetime) -> Booking:
        return booking.reassigned(
            now, organizer_id=self.organizer_id, host_ids=self.host_ids, attendees=self.attendees, title=self.title
        )


def _hosts(event_type: EventType) -> list[tuple[int, bool]]:
    """(user id, is fixed) for every host, in the event type's order."""
    if event_type.team_id is None:
        return [(event_type.owner_id, False)] if event_type.owner_id is not None else []
    if not event_type.is_round_robin:
        return [(host, True) for host in event_type.host_ids]
    return [(host, host in event_type.fixed_host_ids) for host in event_type.host_ids]


def _previous_rr_host(booking: Booking, hosts: list[tuple[int, bool]], user: Callable[[int], User]) -> int | None:
    emails = booking.attendee_emails
    for host_id, fixed in hosts:
        if not fixed and (host_id == booking.organizer_id or user(host_id).email in emails):
            return host_id
    return None


def attendee_name(booking: Booking) -> str:
    """`parseName(responses.name)`: a plain name, or "first last"; "Nameless" without one."""
    name = booking.booking_fields_responses.get("name")
    if isinstance(name, Mapping):
        return f"{name.get('firstName', '')} {name.get('lastName') or ''}".strip() or "Nameless"
    return name if isinstance(name, str) and name else "Nameless"


def _title(event_type: EventType, organizer: User, booking: Booking, team_name: str | None) -> str:
    """`getEventName` without a custom event name: "<event type> between <host> and <attendee>", the team's
    name for the host when more than one host is in the booking (as the booking was titled when made)."""
    host = team_name if team_name and len(booking.host_ids) > 1 else organizer.name or "Nameless"
    return event_name(event_type.title, host, attendee_name(booking))


def _swap(
    booking: Booking,
    event_type: EventType,
    *,
    previous: int | None,
    new: User,
    organizer_changes: bool,
    user: Callable[[int], User],
    team_name: str | None,
) -> Reassignment:
    if organizer_changes:
        host_ids = (new.id, *(h for h in booking.host_ids[1:] if h != new.id))
        return Reassignment(
            host_id=new.id,
            organizer_id=new.id,
            host_ids=host_ids,
            attendees=booking.attendees,
            title=_title(event_type, new, booking, team_name),
        )
    if previous is None:
        return Reassignment(
            host_id=booking.organizer_id,
            organizer_id=booking.organizer_id,
            host_ids=booking.host_ids,
            attendees=booking.attendees,
            title=booking.title,
        )
    old_email = user(previous).email
    attendees = tuple(
        replace(a, name=new.name, email=new.email, time_zone=new.time_zone, language=new.locale)
        if a.email == old_email
        else a
        for a in booking.attendees
    )
    host_ids = tuple(new.id if h == previous else h for h in booking.host_ids)
    return Reassignment(
        host_id=booking.organizer_id,
        organizer_id=booking.organizer_id,
        host_ids=host_ids,
        attendees=attendees,
        title=booking.title,
    )


def automatic(
    booking: Booking,
    event_type: EventType,
    *,
    user: Callable[[int], User],
    is_free: Callable[[int], bool],
    last_booked: Callable[[int], datetime | None],
    team_name: str | None = None,
) -> Reassignment:
    """`roundRobinReassignment`: the least recently booked free host who is not in the booking yet."""
    hosts = _hosts(event_type)
    previous = _previous_rr_host(booking, hosts, user)
    in_booking = booking.attendee_emails | {user(booking.organizer_id).email}
    candidates = [host_id for host_id, _ in hosts if user(host_id).email not in in_booking]
    available = [host_id for host_id in candidates if is_free(host_id)]
    if not available:
        raise NoOtherHostAvailable()
    lucky = user(least_recently_booked(available, last_booked))
    organizer_changes = previous is None or booking.organizer_id == previous
    return _swap(
        booking,
        event_type,
        previous=previous,
        new=lucky,
        organizer_changes=organizer_changes,
        user=user,
        team_name=team_name,
    )


def manual(
    booking: Booking,
    event_type: EventType,
    new: User,
    *,
    user: Callable[[int], User],
    team_name: str | None = None,
) -> Reassignment:
    """`roundRobinManualReassignment`: `new` must be a round-robin host of the event type; there is
    no availability check. With a fixed host the organizer stays and only the round-robin host changes."""
    hosts = _hosts(event_type)
    fixed_of = dict(hosts)
    if new.id not in fixed_of:
        raise InvalidRoundRobinHost(new.id)
    if fixed_of[new.id]:
        raise ReassignToFixedHost(new.id)
    has_fixed = any(fixed for _, fixed in hosts)
    organizer_changes = not has_fixed and booking.organizer_id != new.id
    rotating_emails = {user(h).email for h, fixed in hosts if not fixed}
    current = next((a.email for a in booking.attendees if a.email in rotating_emails), None)
    previous = next((h for h, fixed in hosts if not fixed and user(h).email == current), None)
    return _swap(
        booking,
        event_type,
        previous=previous,
        new=new,
        organizer_changes=organizer_changes,
        user=user,
        team_name=team_name,
    )
