"""Who a team booking goes to: every host of a collective event type, or the fixed hosts plus one
round-robin host picked among the free ones, the least recently booked first.

The real server (`QualifiedHostsService`, `getLuckyUser`) narrows the hosts to `rrHostSubsetIds`
only on round-robin event types with `rrHostSubsetEnabled`, fixed hosts included; the organizer is
the first assigned host and the others are added to the booking as attendees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from mock_server.domain.exceptions import NoHostsForEventType, SlotUnavailable
from mock_server.domain.model import EventType

__all__ = ["assign_hosts", "least_recently_booked"]

_NEVER = datetime(1970, 1, 1, tzinfo=UTC)  # getLuckyUser's `new Date(0)` for a host never booked


def assign_hosts(
    event_type: EventType,
    *,
    is_free: Callable[[int], bool],
    last_booked: Callable[[int], datetime | None],
    subset: Sequence[int] = (),
) -> tuple[int, ...]:
    """The users a booking of `event_type` goes to, organizer first.

    `is_free(user_id)` says whether a host can take every requested slot; `last_booked(user_id)`
    when they last got an accepted booking of this event type (None: never). A busy collective host
    is not checked here: the scheduler's slot check refuses it with the real message.
    """
    if event_type.team_id is None:
        return event_type.assigned_user_ids
    if not event_type.host_ids:
        raise NoHostsForEventType(event_type.id, event_type.team_id)
    if not event_type.is_round_robin:
        return event_type.host_ids
    hosts = list(event_type.host_ids)
    if subset and event_type.rr_host_subset_enabled:
        hosts = [host for host in hosts if host in subset]
    fixed = [host for host in hosts if host in event_type.fixed_host_ids]
    rotating = [host for host in hosts if host not in event_type.fixed_host_ids]
    free_rotating = [host for host in rotating if is_free(host)]
    if not hosts or not all(is_free(host) for host in fixed) or (rotating and not free_rotating):
        raise SlotUnavailable(team_event=True)
    if not free_rotating:
        return tuple(fixed)
    return (*fixed, least_recently_booked(free_rotating, last_booked))


def least_recently_booked(hosts: Sequence[int], last_booked: Callable[[int], datetime | None]) -> int:
    """`getLuckyUser`: the host booked longest ago; `min` keeps the first of equals, so hosts never
    booked are taken in the event type's order."""
    return min(hosts, key=lambda host: last_booked(host) or _NEVER)
