from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mock_server.domain.clock import Clock, to_utc

INSTANT = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def test_a_real_clock_reports_aware_utc_time() -> None:
    now = Clock().now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_frozen_clock_does_not_move() -> None:
    clock = Clock(frozen_at=INSTANT)
    assert clock.frozen
    assert clock.now() == clock.now() == INSTANT


def test_a_clock_can_run_shifted_by_an_offset() -> None:
    clock = Clock(offset=timedelta(days=2), source=lambda: INSTANT)
    assert clock.now() == INSTANT + timedelta(days=2)


def test_advancing_moves_a_frozen_clock_and_a_running_one() -> None:
    frozen = Clock(frozen_at=INSTANT)
    frozen.advance(timedelta(hours=1))
    running = Clock(source=lambda: INSTANT)
    running.advance(timedelta(hours=1))
    assert frozen.now() == running.now() == INSTANT + timedelta(hours=1)


def test_unfreezing_resumes_the_source_time() -> None:
    clock = Clock(frozen_at=INSTANT, source=lambda: INSTANT + timedelta(days=1))
    clock.unfreeze()
    assert clock.now() == INSTANT + timedelta(days=1)


def test_now_is_truncated_to_milliseconds_and_converted_to_utc() -> None:
    paris = timezone(timedelta(hours=1))
    clock = Clock(frozen_at=datetime(2025, 3, 10, 13, 0, 0, 123456, tzinfo=paris))
    assert clock.now() == datetime(2025, 3, 10, 12, 0, 0, 123000, tzinfo=UTC)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_utc(datetime(2025, 3, 10, 12, 0))


def test_restore_returns_to_how_the_clock_was_made() -> None:
    frozen = Clock(frozen_at=INSTANT)
    frozen.unfreeze()
    frozen.advance(timedelta(days=3))
    frozen.restore()
    assert frozen.frozen and frozen.now() == INSTANT
    running = Clock(offset=timedelta(hours=1))
    running.freeze(INSTANT)
    running.restore()
    assert not running.frozen and abs(running.now() - datetime.now(UTC) - timedelta(hours=1)) < timedelta(seconds=5)


def test_real_time_drops_the_freeze_and_the_offset() -> None:
    clock = Clock(frozen_at=INSTANT, offset=timedelta(days=400))
    clock.real_time()
    assert not clock.frozen and abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
