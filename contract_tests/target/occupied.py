"""Other people's bookings in the run's window, so that the run never books a slot they hold.

On a shared staging somebody else may have bookings (a seated series, one attendee each) on the very slots
the run would pick; a create there would join their seated booking or be refused as a busy slot (no
finding). Before the first booking, the run lists the bookings in its window that its key can see (its
user's, and the organization's when the profile names one) and hands their times to the slot allocator,
which then skips every slot they overlap. A few list requests per run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from contract_tests.target.http import Client, Reply
from contract_tests.target.semantics import parse_instant
from contract_tests.target.slots import SlotAllocator, iso
from contract_tests.target.targets import TargetProfile

__all__ = ["PAGE", "avoid_occupied"]

PAGE = 250  # bookings per list page (the API's largest `take`)
MAX_PAGES = 8
_CLOSED = ("cancelled", "rejected")


def avoid_occupied(client: Client, slots: SlotAllocator, profile: TargetProfile, ours: Callable[[Any], bool]) -> int:
    """Tell `slots` about every open booking in its window that is not the run's (`ours(email)`); how many."""
    query = {"afterStart": iso(slots.window_start), "beforeEnd": iso(slots.window_end), "take": PAGE}
    readers: list[Callable[[dict[str, Any]], Reply]] = [client.list_bookings]
    org_id = profile.org_id
    if org_id is not None:
        readers.append(lambda q: client.org_bookings(org_id, q))
    seen: set[str] = set()
    for read in readers:
        for page in range(MAX_PAGES):
            reply = read({**query, "skip": page * PAGE})
            items = reply.data if reply.ok and isinstance(reply.data, list) else []
            for item in items:
                if isinstance(item, Mapping) and _others(item, ours) and str(item.get("uid")) not in seen:
                    start, end = parse_instant(item.get("start")), parse_instant(item.get("end"))
                    if start is not None and end is not None:
                        seen.add(str(item.get("uid")))
                        slots.avoid(start, end)
            if len(items) < PAGE:
                break
    return len(seen)


def _others(item: Mapping[str, Any], ours: Callable[[Any], bool]) -> bool:
    if str(item.get("status", "")).lower() in _CLOSED:
        return False
    attendees = [a for a in item.get("attendees") or [] if isinstance(a, Mapping)]
    return not attendees or not all(ours(a.get("email")) for a in attendees)
