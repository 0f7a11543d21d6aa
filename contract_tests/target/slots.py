"""Start times for the bookings the suite makes, so that no two of them ever compete for a host.

Each run picks a window of 400 days from a random day far ahead (`slots.days_ahead` + up to
`slots.spread_days`), so runs against a shared target do not meet. Single bookings take consecutive
slots `step_minutes` apart; recurring series start in a second window 200 days later, one step and two
hours apart (summer time moves occurrences by an hour), so their weekly occurrences stay clear of each
other and of the single bookings. The workers of a
parallel run share the window and take turns in it: worker `lane` of `lanes` takes every `lanes`-th
slot.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from contract_tests.target.targets import Slots

__all__ = ["SlotAllocator", "iso"]

_SERIES_OFFSET = timedelta(days=200)
# Weekly occurrences follow the attendee's wall clock, so a series in a zone that changes to or from summer
# time moves by an hour against one in a zone that does not (two hours against one that changes the other
# way): series start this much further apart than single bookings, or a later series runs into an earlier.
_DAYLIGHT_SAVING_SLACK = timedelta(hours=2)
_SERIES_WEEKS = 12  # weekly occurrences of a series checked against others' bookings
_WINDOW = 2 * _SERIES_OFFSET  # single bookings, then series whose weekly occurrences run on for months


def iso(moment: datetime) -> str:
    """`2031-05-04T10:07:00.000Z`, the form the API answers."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


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
        self._singles = 0
        self._series = 0
        self._lane, self._lanes = lane, max(lanes, 1)
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
            start = self.window_start + (self._singles * self._lanes + self._lane) * self.step
            self._singles += 1
            if self._free(start):
                return start

    def next_series(self) -> datetime:
        """The first start of a recurring series."""
        spacing = self.step + _DAYLIGHT_SAVING_SLACK
        while True:
            start = self.window_start + _SERIES_OFFSET + (self._series * self._lanes + self._lane) * spacing
            self._series += 1
            if self._free(start, occurrences=_SERIES_WEEKS):
                return start
