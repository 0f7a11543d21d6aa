"""The run's slots: no two bookings the run makes ever compete for a host, whatever the window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from contract_tests.scenarios.bookings import summer_time
from contract_tests.target.slots import SlotAllocator
from contract_tests.target.targets import Slots

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC")  # summer time early, late, reversed, never


def occurrences(start: datetime, zone: str, count: int = 6) -> list[datetime]:
    """Weekly occurrences on the attendee's wall clock, as the real server computes them."""
    local = start.astimezone(ZoneInfo(zone))
    return [(local + timedelta(weeks=n)).astimezone(UTC) for n in range(count)]


@pytest.mark.parametrize("days_ahead", range(0, 365, 9))
def test_consecutive_series_in_any_zones_never_overlap(days_ahead: int) -> None:
    slots = SlotAllocator(Slots(days_ahead=days_ahead, spread_days=1), now=datetime(2030, 1, 1, tzinfo=UTC))
    length = timedelta(minutes=slots.step.total_seconds() // 60)  # the longest event type a run may use
    starts = [slots.next_series() for _ in range(len(ZONES))]
    for (first, zone_a), (second, zone_b) in pairwise(zip(starts, ZONES, strict=True)):
        for a in occurrences(first, zone_a):
            for b in occurrences(second, zone_b):
                assert a + length <= b or b + length <= a, f"{zone_a} {a} meets {zone_b} {b}"


HOST_ZONES = ("Europe/London", "Europe/Berlin", "Europe/Paris")  # the mock profile's hosts


def _works(moment: datetime, length: timedelta, zone: str) -> bool:
    local_start, local_end = moment.astimezone(ZoneInfo(zone)), (moment + length).astimezone(ZoneInfo(zone))
    return (
        local_start.weekday() < 5
        and local_start.date() == local_end.date()
        and (9, 0) <= (local_start.hour, local_start.minute)
        and (local_end.hour, local_end.minute) <= (17, 0)
    )


@pytest.mark.parametrize("days_ahead", range(0, 365, 23))
def test_with_host_zones_every_start_falls_in_every_hosts_working_hours(days_ahead: int) -> None:
    """A real server refuses a create outside its hosts' hours: single starts, and every weekly occurrence of
    a series (in any attendee zone), fall on weekdays 09:00-17:00 in each host's zone, and never meet."""
    profile = Slots(days_ahead=days_ahead, spread_days=1, time_zones=HOST_ZONES)
    slots = SlotAllocator(profile, now=datetime(2030, 1, 1, tzinfo=UTC))
    length = slots.step
    singles = [slots.next() for _ in range(60)]
    assert singles == sorted(singles) and all(a + length <= b for a, b in pairwise(singles))
    for start in singles:
        assert all(_works(start, length, zone) for zone in HOST_ZONES), start
    series = [slots.next_series() for _ in range(24)]
    booked: list[tuple[datetime, datetime]] = []
    for start, attendee_zone in zip(series, ZONES * 6, strict=True):
        for occurrence in occurrences(start, attendee_zone):
            assert all(_works(occurrence, timedelta(hours=1), zone) for zone in HOST_ZONES), (start, occurrence)
            booked.append((occurrence, occurrence + length))
    booked.sort()
    assert all(a[1] <= b[0] for a, b in pairwise(booked))


def test_without_host_zones_the_slots_are_as_before() -> None:
    slots = SlotAllocator(Slots(days_ahead=0, spread_days=1), now=datetime(2030, 1, 1, tzinfo=UTC))
    assert [slots.next() for _ in range(3)] == [slots.window_start + n * slots.step for n in range(3)]


def _offered(day: date, zone: str = "Europe/Paris", minutes: int = 30) -> list[datetime]:
    """The slots a host in `zone` offers on a weekday, 09:00-17:00 there, as the mock's 30-minute event type."""
    opens = datetime.combine(day, time(9), ZoneInfo(zone))
    return [] if day.weekday() > 4 else [opens + timedelta(minutes=m) for m in range(0, 8 * 60, minutes)]


@pytest.mark.parametrize("days_ahead", range(0, 600, 5))
def test_the_summer_time_series_meets_no_series_of_the_run(days_ahead: int) -> None:
    """The summer-time rule books its series outside the allocator, two weeks before a change of summer time
    in the attendee's zone: none of its occurrences (on that zone's wall clock, an hour apart in UTC after the
    change) meets an occurrence of a series either lane of a parallel run hands out, in any attendee zone, or
    leaves the hosts' hours. (A clone's CI met one: a series at 12:00 UTC for a New York attendee moved to 11:00,
    onto the run's own series of that Friday, and the create was refused as a double booking.)"""
    profile = Slots(days_ahead=days_ahead, spread_days=1, time_zones=HOST_ZONES)
    lanes = [SlotAllocator(profile, now=datetime(2026, 12, 1, tzinfo=UTC), lane=n, lanes=2) for n in range(2)]
    name, _, day = summer_time.planned(lanes[0])
    for _ in range(7):
        start = summer_time.pick_start(lanes[0], _offered(day), timedelta(minutes=30), ZoneInfo(name), 6)
        if start is not None:
            break
        day -= timedelta(days=1)
    assert start is not None, day
    ours, length = occurrences(start, name), timedelta(minutes=30)
    for occurrence in ours:
        assert all(_works(occurrence, length, zone) for zone in HOST_ZONES), (start, occurrence)
    for lane in lanes:
        for series in (lane.next_series() for _ in range(15)):
            for attendee_zone in ZONES:
                for theirs in occurrences(series, attendee_zone):
                    clear = (o + length <= theirs or theirs + lane.step <= o for o in ours)
                    assert all(clear), f"{name} series from {start} meets {attendee_zone} series from {series}"


def test_every_series_lies_in_the_window_that_others_bookings_are_read_in() -> None:
    """Others' bookings are read over the run's window (occupied.py), so every occurrence of every series the
    run books lies in it; a run that wants more series than the window holds is told so, not sent past it.
    (`make test` books 15 series in one lane of two, which takes every other start of the grid.)"""
    slots = SlotAllocator(Slots(time_zones=HOST_ZONES), now=datetime(2027, 3, 1, tzinfo=UTC), lane=1, lanes=2)
    for start in [slots.next_series() for _ in range(30)]:
        for zone in ZONES:
            assert all(slots.holds(o) and slots.holds(o + slots.step) for o in occurrences(start, zone)), start
    with pytest.raises(ValueError, match="more series than its window holds"):
        slots.next_series()
