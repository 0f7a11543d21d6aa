"""Who a team booking goes to: collective hosts, round-robin fixed hosts plus the lucky one, subsets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mock_server.domain.assignment import assign_hosts
from mock_server.domain.exceptions import NoHostsForEventType, SlotUnavailable
from mock_server.domain.model import EventType, SchedulingType

JAN = datetime(2030, 1, 1, tzinfo=UTC)


def round_robin(**fields: object) -> EventType:
    defaults: dict[str, object] = {
        "id": 9,
        "slug": "rr",
        "title": "RR",
        "length_in_minutes": 30,
        "team_id": 5,
        "scheduling_type": SchedulingType.ROUND_ROBIN,
        "host_ids": (1, 2, 3),
    }
    return EventType(**{**defaults, **fields})  # type: ignore[arg-type]


def assign(
    event_type: EventType,
    *,
    busy: frozenset[int] = frozenset(),
    booked: dict[int, datetime] | None = None,
    subset: tuple[int, ...] | list[int] = (),
) -> tuple[int, ...]:
    return assign_hosts(
        event_type,
        is_free=lambda user_id: user_id not in busy,
        last_booked=lambda user_id: (booked or {}).get(user_id),
        subset=subset,
    )


def test_the_least_recently_booked_free_host_takes_the_booking_and_never_booked_comes_first() -> None:
    booked = {1: JAN.replace(day=5), 2: JAN.replace(day=3)}
    assert assign(round_robin(), booked=booked) == (3,)
    assert assign(round_robin(), booked={**booked, 3: JAN.replace(day=9)}) == (2,)
    assert assign(round_robin(), booked=booked, busy=frozenset({3})) == (2,)


def test_fixed_hosts_come_first_and_must_all_be_free() -> None:
    event_type = round_robin(fixed_host_ids=(3,))
    assert assign(event_type) == (3, 1)
    with pytest.raises(SlotUnavailable, match="^One of the hosts"):
        assign(event_type, busy=frozenset({3}))
    with pytest.raises(SlotUnavailable):
        assign(event_type, busy=frozenset({1, 2}))


def test_a_subset_narrows_fixed_and_rotating_hosts_only_when_enabled() -> None:
    enabled = round_robin(fixed_host_ids=(3,), rr_host_subset_enabled=True)
    assert assign(enabled, subset=[2]) == (2,)
    assert assign(enabled, subset=[3]) == (3,)
    assert assign(enabled, subset=[2, 3]) == (3, 2)
    assert assign(round_robin(fixed_host_ids=(3,)), subset=[2]) == (3, 1)


def test_collective_books_every_host_and_a_team_event_type_without_hosts_is_422() -> None:
    collective = round_robin(scheduling_type=SchedulingType.COLLECTIVE)
    assert assign(collective, busy=frozenset({2})) == (1, 2, 3)  # the scheduler refuses a busy collective host
    with pytest.raises(NoHostsForEventType, match=r"event type with id=9 belonging to team with id=5 and try"):
        assign(round_robin(host_ids=()))
