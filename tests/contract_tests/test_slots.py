"""The run's slots: no two bookings the run makes ever compete for a host, whatever the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

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
