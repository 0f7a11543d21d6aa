"""The cyclic garbage collector around the mock's long-lived state.

The state is a large, growing heap of objects that live until the next import (bookings, their
attendees, the indexes) and make no reference cycles. CPython's collector still re-scans all of it in
every full collection: at 100,000 bookings one pass takes a few hundred milliseconds, it stalls every
request in flight (it was the tail of create's latency), and loading a state triggers dozens of them.

* `loading()` pauses the collector while a state is built: everything allocated then survives, so
  collections would only scan it again and again.
* `settle()` then moves the heap into the collector's permanent generation (`gc.freeze()`), so later
  collections scan only what was allocated since, and hands the C allocator's free pages back to the
  system (glibc's `malloc_trim`): the parsed document of a load is freed by then, but glibc keeps its
  pages (a fifth of the resident memory the import of 30,000 bookings added). The serving process asks
  for it after start-up and every load (`freeze_loaded_states()`); tests, which build many short-lived
  apps, do not: a frozen object is never collected if it ends up in a cycle.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["freeze_loaded_states", "loading", "settle"]

_freeze = False  # a process-wide choice, like the collector itself


def _find_malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_malloc_trim = _find_malloc_trim()


def freeze_loaded_states() -> None:
    """From now on, freeze the heap after every state load (the serving process); collect and freeze
    what is loaded already."""
    global _freeze
    _freeze = True
    gc.collect()
    gc.freeze()
    _release_free_memory()


def settle() -> None:
    """Exempt every object alive now from later collections (when asked to). No collection first: after
    a load with the collector paused there is next to no garbage, and a pass would cost as much as the
    ones it saves."""
    if _freeze:
        gc.freeze()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            _release_free_memory()
        else:  # the request that brought the state still holds its parsed body: trim once it has ended
            loop.call_later(_TRIM_DELAY_S, _release_free_memory)


_TRIM_DELAY_S = 0.1


def _release_free_memory() -> None:
    if _malloc_trim is not None:
        _malloc_trim(0)


@contextmanager
def loading() -> Iterator[None]:
    """Build a state with the collector paused; settle the heap afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    settle()
