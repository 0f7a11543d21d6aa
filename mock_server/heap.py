"""The cyclic garbage collector around the mock's long-lived state.

The state is a large, growing heap of objects that live until the next import (bookings, their
attendees, the indexes) and make no reference cycles. CPython's collector still re-scans all of it in
every full collection: at 100,000 bookings one pass takes a few hundred milliseconds, it stalls every
request in flight (it was the tail of create's latency), and loading a state triggers dozens of them.

* `loading()` pauses the collector while a state is built: everything allocated then survives, so
  collections would only scan it again and again.
* `settle()` then moves the heap into the collector's permanent generation (`gc.freeze()`), so later
  collections scan only what was allocated since. The serving process asks for it after start-up and
  every load (`freeze_loaded_states()`); tests, which build many short-lived apps, do not: a frozen
  object is never collected if it ends up in a cycle.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["freeze_loaded_states", "loading", "settle"]

_freeze = False  # a process-wide choice, like the collector itself


def freeze_loaded_states() -> None:
    """From now on, freeze the heap after every state load (the serving process); collect and freeze
    what is loaded already."""
    global _freeze
    _freeze = True
    gc.collect()
    gc.freeze()


def settle() -> None:
    """Exempt every object alive now from later collections (when asked to). No collection first: after
    a load with the collector paused there is next to no garbage, and a pass would cost as much as the
    ones it saves."""
    if _freeze:
        gc.freeze()


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
