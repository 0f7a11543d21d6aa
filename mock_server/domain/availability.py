"""When a host can be booked: working hours, minimum notice and the slot grid, as pure functions.

The create and reschedule checks (`works_throughout`, `earliest_start`, through `Scheduler.check_free` and
`rules.check_not_in_past`) and the slots the slots APIs offer (`working_hours`, `slot_starts`, then the same
`Scheduler` checks per slot) read the same facts here, so a listed slot can be booked and a time outside the
hours or the notice is neither listed nor booked.

The mock has no schedules, so every user works Cal.com's default schedule (`DEFAULT_SCHEDULE` in
packages/lib/availability.ts: Monday to Friday, 09:00-17:00) in their own time zone, and every event
type has the database defaults for notice (`minimumBookingNotice` 120 minutes), buffers (0) and
slot interval (null: the event's length). Which of these slots is free is decided by the same
checks that a create runs (`Scheduler`), so a slot that is listed can be booked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "MINIMUM_BOOKING_NOTICE",
    "RANGE_LIMIT",
    "WORKING_DAYS",
    "WORKING_HOURS",
    "Interval",
    "common_working_hours",
    "earliest_start",
    "slot_starts",
    "working_hours",
    "works_throughout",
]

Interval = tuple[datetime, datetime]

WORKING_DAYS = frozenset(range(5))  # Monday..Friday, as datetime.weekday() counts them
WORKING_HOURS = (time(9, 0), time(17, 0))
MINIMUM_BOOKING_NOTICE = timedelta(minutes=120)
# The real server clamps a slots query's `end` to a year from today; the mock clamps it to a year after
# the range's first bookable instant, which bounds the work the same way (see the README's differences).
RANGE_LIMIT = timedelta(days=366)


def working_hours(time_zone: str, start: datetime, end: datetime) -> list[Interval]:
    """The working-hour intervals (aware, in `time_zone`) of every local day that touches [start, end]."""
    zone = ZoneInfo(time_zone)
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    opens, closes = WORKING_HOURS
    intervals: list[Interval] = []
    while day <= last:
        if day.weekday() in WORKING_DAYS:
            intervals.append((datetime.combine(day, opens, zone), datetime.combine(day, closes, zone)))
        day += timedelta(days=1)
    return intervals


def works_throughout(time_zone: str, start: datetime, end: datetime) -> bool:
    """`hasDateRangeForBooking`: [start, end] lies inside one working window of a host in `time_zone`. There is
    no grid here: the real create accepts any start inside the hours (`ensureAvailableUsers`). The working
    hours open and close on one local day, so the only window that can hold [start, end] is that of the
    local day `start` falls on (the same answer as searching `working_hours`, without building its days)."""
    zone = ZoneInfo(time_zone)
    day = start.astimezone(zone).date()
    if day.weekday() not in WORKING_DAYS:
        return False
    opens, closes = WORKING_HOURS
    return datetime.combine(day, opens, zone) <= start and end <= datetime.combine(day, closes, zone)


def earliest_start(now: datetime) -> datetime:
    """The first instant the minimum booking notice lets a booking start at (`isOutOfBounds`)."""
    return now + MINIMUM_BOOKING_NOTICE


def _intersect(left: Sequence[Interval], right: Sequence[Interval]) -> list[Interval]:
    """Both lists sorted and free of overlaps; the instants both cover."""
    found: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start, end = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if start < end:
            found.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return found


def common_working_hours(hours: Iterable[Sequence[Interval]]) -> list[Interval]:
    """When every host works (each host's `working_hours`): a collective event needs all of them at once."""
    common: list[Interval] | None = None
    for host_hours in hours:
        common = list(host_hours) if common is None else _intersect(common, host_hours)
    return common or []


def slot_starts(
    windows: Iterable[Interval], length: timedelta, *, start: datetime, end: datetime
) -> Iterator[datetime]:
    """Starts on each window's grid (from its opening, every `length`) whose slot fits in both the
    window and [start, end]."""
    for opens, closes in windows:
        moment = opens
        while moment + length <= closes:
            if moment >= start and moment + length <= end:
                yield moment
            moment += length
