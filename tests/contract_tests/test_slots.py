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
