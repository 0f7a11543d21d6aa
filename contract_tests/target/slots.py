"""Start times for the bookings the suite makes, so that no two of them ever compete for a host.

Each run picks a window of 788 days from a random day far ahead (`slots.days_ahead` + up to
`slots.spread_days`), so runs against a shared target do not meet. Single bookings take consecutive
slots `step_minutes` apart; recurring series start in a second part 200 days later, on a grid of twelve
blocks of seven weeks (below), so their weekly occurrences stay clear of each other and of the single bookings.
The workers of a parallel run share the window and take turns in it: worker `lane` of `lanes` takes every
`lanes`-th slot. A rule that books at a start of its own (one `GET /v2/slots` offers, a series across a
change of summer time) asks `fits` first: clear of every series of the grid, whichever lane takes it.

A real server books only inside its hosts' working hours (`ensureAvailableUsers`), so when the profile names
the hosts' schedule time zones (`slots.time_zones`), every start falls on a weekday (Monday to Friday) inside
`slots.working_hours` in each of them: the slots walk through those daily bands and skip the rest. Series
start at least two hours inside the band, since their weekly occurrences follow the attendee's wall clock
and summer time may move them (and the hosts' hours) by an hour each; each series of a block of seven weeks
takes its own weekday and time, so no two series meet. Without the hosts' zones, series keep to
`slots.working_hours` in UTC.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from contract_tests.target.targets import Slots

__all__ = ["SlotAllocator", "daily_band", "iso"]

_SERIES_OFFSET = timedelta(days=200)
# Weekly occurrences follow the attendee's wall clock, so a series in a zone that changes to or from summer
# time moves by an hour against one in a zone that does not (two hours against one that changes the other
# way): series start this much further apart than single bookings, or a later series runs into an earlier.
_SUMMER_TIME_DRIFT = timedelta(hours=1)  # how far a weekly occurrence moves in UTC at a change of summer time
_DAYLIGHT_SAVING_SLACK = 2 * _SUMMER_TIME_DRIFT
_SERIES_WEEKS = 12  # weekly occurrences of a series checked against others' bookings
_SERIES_BLOCK = timedelta(weeks=7)  # longer than any series the suite books (weekly, up to 6 occurrences)
# Series blocks in the window: 60 series in the mock profile's hours (one a weekday), where a parallel run of
# `make test` books 15, all in one lane, which takes every other start (the lanes share the grid).
_SERIES_BLOCKS = 12
_WINDOW = _SERIES_OFFSET + _SERIES_BLOCKS * _SERIES_BLOCK  # single bookings, then the series' blocks
_WEEKDAYS = range(5)


def iso(moment: datetime) -> str:
    """`2031-05-04T10:07:00.000Z`, the form the API answers."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _clock(text: str) -> time:
    hours, _, minutes = text.partition(":")
    return time(int(hours), int(minutes or 0))


def daily_band(day: date, zones: Sequence[str], hours: tuple[time, time]) -> tuple[datetime, datetime] | None:
    """When every zone works on `day` (a UTC date, Monday to Friday there): the intersection of each zone's
    working hours of that local date, or None."""
    if day.weekday() not in _WEEKDAYS:
        return None
    start = datetime.combine(day, time(0), UTC)
    end = start + timedelta(days=1)
    for zone in zones:
        tz = ZoneInfo(zone)
        opens, closes = datetime.combine(day, hours[0], tz), datetime.combine(day, hours[1], tz)
        start, end = max(start, opens.astimezone(UTC)), min(end, closes.astimezone(UTC))
    return (start, end) if start < end else None


class SlotAllocator:
    def __init__(
        self,
        slots: Slots,
        *,
        now: datetime | None = None,
        rng: random.Random | None = None,
        lane: int = 0,
        lanes: int = 1,
    ) -> None:
        now = now or datetime.now(UTC)
        rng = rng or random.Random()
        day = (now + timedelta(days=slots.days_ahead + rng.randrange(max(slots.spread_days, 1)))).date()
        self.window_start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        self.step = timedelta(minutes=slots.step_minutes)
        self._zones = tuple(slots.time_zones)
        opens, closes = (*slots.working_hours, "09:00", "17:00")[:2]
        self._hours = (_clock(opens), _clock(closes))
        self._singles = 0
        self._series = 0
        self._lane, self._lanes = lane, max(lanes, 1)
        self._single_starts = self._banded(self.window_start, slack=timedelta(0))
        self._single_taken: list[datetime] = []
        self._busy: list[tuple[datetime, datetime]] = []  # other people's bookings in the window

    def avoid(self, start: datetime, end: datetime) -> None:
        """Someone else's booking: no slot handed out from now on overlaps it (see occupied.py)."""
        self._busy.append((start, end))

    def _free(self, start: datetime, occurrences: int = 1) -> bool:
        """No booking of somebody else overlaps `start` (or its weekly occurrences) for one step."""
        for week in range(occurrences):
            begin = start + timedelta(weeks=week)
            if any(begin < end and other < begin + self.step for other, end in self._busy):
                return False
        return True

    @property
    def window_end(self) -> datetime:
        return self.window_start + _WINDOW

    def holds(self, moment: datetime) -> bool:
        """Whether `moment` lies in the run's own window."""
        return self.window_start <= moment <= self.window_end

    def next(self) -> datetime:
        """A start no other booking of this run, nor any booking of others it knows of, overlaps."""
        while True:
            start = self.upcoming()
            self._singles += 1
            if self._free(start):
                return start

    def upcoming(self) -> datetime:
        """The start `next()` considers first: the run's own next single start, others' bookings aside."""
        index = self._singles * self._lanes + self._lane
        if not self._zones:
            return self.window_start + index * self.step
        while len(self._single_taken) <= index:
            self._single_taken.append(next(self._single_starts))
        return self._single_taken[index]

    def next_series(self) -> datetime:
        """The first start of a recurring series that meets no booking of others it knows of."""
        grid = self._series_grid
        while True:
            index = self._series * self._lanes + self._lane
            self._series += 1
            if index >= len(grid):
                raise ValueError(
                    f"the run asks for more series than its window holds ({len(grid)} starts in "
                    f"{_SERIES_BLOCKS} blocks of seven weeks, shared by {self._lanes} lane(s))"
                )
            if self._free(grid[index], occurrences=_SERIES_WEEKS):
                return grid[index]

    def fits(self, start: datetime, end: datetime) -> bool:
        """Whether a booking the run makes at a start of its own choosing (one a booking page offers) may
        take [start, end): past the single bookings, inside every host's hours that day (when the profile
        names their zones), clear of others' bookings the run knows of, and of every weekly occurrence of
        every series that any lane hands out, or may, each moved by summer time either way."""
        if start < self.window_start + _SERIES_OFFSET or not self._free(start):
            return False
        if self._zones:
            band = daily_band(start.date(), self._zones, self._hours)
            if band is None or not band[0] <= start < end <= band[1]:
                return False
        weeks = range(_SERIES_BLOCK // timedelta(weeks=1))
        return not any(
            theirs - _SUMMER_TIME_DRIFT < end and start < theirs + self.step + _SUMMER_TIME_DRIFT
            for first in self._series_grid
            if first < end
            for theirs in (first + timedelta(weeks=week) for week in weeks)
        )

    @cached_property
    def _series_grid(self) -> list[datetime]:
        """Every start a series may take, in order: a block of seven weeks holds one series per (first-week
        weekday, time in its band), so the weekly occurrences of one meet no other, whose first weeks and
        times differ. Without the hosts' zones, the band is the working hours in UTC."""
        grid: list[datetime] = []
        for block in range(_SERIES_BLOCKS):
            block_start = self.window_start + _SERIES_OFFSET + block * _SERIES_BLOCK
            per_block = self._series_starts(block_start, self.step + _DAYLIGHT_SAVING_SLACK)
            if not per_block:
                raise ValueError("the profile's slots.time_zones share no working hours wide enough for a series")
            grid.extend(per_block)
        return grid

    def _series_starts(self, block_start: datetime, spacing: timedelta) -> list[datetime]:
        starts: list[datetime] = []
        for offset in range(7):
            band = daily_band((block_start + timedelta(days=offset)).date(), self._zones or ("UTC",), self._hours)
            if band is None:
                continue
            moment, last = band[0] + _DAYLIGHT_SAVING_SLACK, band[1] - _DAYLIGHT_SAVING_SLACK - self.step
            while moment <= last:
                starts.append(moment)
                moment += spacing
        return starts

    def _banded(self, start: datetime, *, slack: timedelta) -> Iterator[datetime]:
        """Starts `step` apart inside each day's band, day after day from `start`."""
        day = start.date()
        while True:
            band = daily_band(day, self._zones, self._hours)
            if band is not None:
                moment = band[0] + slack
                while moment + self.step <= band[1] - slack:
                    yield moment
                    moment += self.step
            day += timedelta(days=1)
