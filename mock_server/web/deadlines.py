"""One timer for every request body being read, instead of one per read.

`asyncio.timeout` around each body read arms a timer and closes it again on every request with a body;
under uvloop that is a libuv handle opened and closed per request, measured at about 3.5% of a create's
throughput (docs/benchmarks.md). `Deadlines` keeps the reads in flight on each event loop with their
deadlines, under a single timer set for the earliest: when it fires, every read past its deadline is
cancelled, as `asyncio.timeout` cancels it, and the timer is set again for the next. All reads share one
timeout, so the order they started in is the order of their deadlines.

    read = deadlines.start()
    try:
        message = await receive()
    except asyncio.CancelledError:
        if read.ran_out():      # the deadline's cancellation, taken back; any other passes through
            raise TimeoutError from None
        raise
    finally:
        read.end()
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

__all__ = ["Deadlines", "Read"]


class _Loop:
    """The reads in flight on one event loop, and its one timer."""

    def __init__(self) -> None:
        self.reads: dict[asyncio.Task[Any], float] = {}  # in the order they started: of their deadlines
        self.expired: set[asyncio.Task[Any]] = set()
        self.timer: asyncio.TimerHandle | None = None

    def add(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any], deadline: float) -> None:
        self.reads[task] = deadline
        if self.timer is None:
            self.timer = loop.call_at(deadline, self.fire, loop)

    def fire(self, loop: asyncio.AbstractEventLoop) -> None:
        self.timer = None
        now = loop.time()
        while self.reads:
            task, deadline = next(iter(self.reads.items()))
            if deadline > now:
                self.timer = loop.call_at(deadline, self.fire, loop)
                return
            del self.reads[task]
            self.expired.add(task)
            task.cancel()


class Read:
    """One read in flight: ended by `end()`; `ran_out()` tells its deadline's cancellation from another."""

    __slots__ = ("_cancelling", "_loop", "_task")

    def __init__(self, reads: _Loop, task: asyncio.Task[Any]) -> None:
        self._loop, self._task, self._cancelling = reads, task, task.cancelling()

    def ran_out(self) -> bool:
        """In `except asyncio.CancelledError`: whether the deadline cancelled the task and nothing else
        did (then the cancellation is taken back, as `asyncio.timeout` takes back its own)."""
        if self._task not in self._loop.expired:
            return False
        self._loop.expired.discard(self._task)
        return self._task.uncancel() <= self._cancelling

    def end(self) -> None:
        self._loop.reads.pop(self._task, None)
        self._loop.expired.discard(self._task)


class Deadlines:
    """Reads that must finish within `timeout` seconds of their start."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        # Per loop (a test client runs its own), forgotten with it: a pending timer holds the loop only while
        # a read is in flight.
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Loop] = weakref.WeakKeyDictionary()

    def start(self) -> Read:
        """A read by the current task, starting now."""
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None, "a read runs in a task"
        reads = self._loops.get(loop)
        if reads is None:
            reads = self._loops[loop] = _Loop()
        reads.add(loop, task, loop.time() + self.timeout)
        return Read(reads, task)
