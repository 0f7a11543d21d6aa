"""One timer bounds every body read in flight (mock_server/web/deadlines.py), as a timer per read would."""

from __future__ import annotations

import asyncio

import pytest

from mock_server.web.deadlines import Deadlines


async def _read(deadlines: Deadlines, arrives_after: float | None) -> tuple[str, float]:
    """A read whose data arrives after `arrives_after` seconds (None: never); how it ended, and when."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    read = deadlines.start()
    try:
        await asyncio.sleep(3600 if arrives_after is None else arrives_after)
        outcome = "read"
    except asyncio.CancelledError:
        if not read.ran_out():
            raise
        outcome = "timed out"
    finally:
        read.end()
    return outcome, loop.time() - started


def test_each_stalled_read_times_out_at_its_own_deadline_and_the_others_finish() -> None:
    async def main() -> list[tuple[str, float]]:
        deadlines = Deadlines(0.3)
        reads = []
        for arrives_after in (None, 0.05, None):  # started 0.05 s apart: stalled, quick, stalled
            reads.append(asyncio.create_task(_read(deadlines, arrives_after)))
            await asyncio.sleep(0.05)
        async with asyncio.timeout(2):  # a read nothing times out fails the test instead of hanging it
            return list(await asyncio.gather(*reads))

    results = asyncio.run(main())
    assert [outcome for outcome, _ in results] == ["timed out", "read", "timed out"]
    for outcome, seconds in results:
        if outcome == "timed out":  # never before its own deadline (the second is 0.1 s after the first's)
            assert 0.29 <= seconds < 1, results


def test_a_read_that_ends_leaves_no_deadline_behind() -> None:
    async def main() -> tuple[str, float]:
        deadlines = Deadlines(0.1)
        outcome, seconds = await _read(deadlines, 0.01)
        assert outcome == "read" and seconds < 0.06
        await asyncio.sleep(0.15)  # past the first read's deadline: its timer finds nothing to cancel
        return await _read(deadlines, 0.05)

    assert asyncio.run(main())[0] == "read"


def test_a_cancellation_from_elsewhere_passes_through() -> None:
    async def main() -> None:
        deadlines = Deadlines(10)
        task = asyncio.create_task(_read(deadlines, None))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())


def test_every_event_loop_keeps_its_own_deadlines() -> None:
    deadlines = Deadlines(0.05)

    async def bounded() -> tuple[str, float]:
        async with asyncio.timeout(2):
            return await _read(deadlines, None)

    for _ in range(3):  # a test client runs each of its requests' loops apart; a closed loop's timer is gone
        assert asyncio.run(bounded())[0] == "timed out"
