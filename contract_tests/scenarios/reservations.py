"""Reserved slots (the 2024-04-15 slots controller): a slot another booker reserved is not offered while the
reservation holds, and is offered again once it is released.

The scenario finds a slot the regular event type offers (`GET /v2/slots/available?slotFormat=range`), reserves
exactly it (`POST /v2/slots/reserve`), reads the slots again as someone else (no `uid` cookie), releases it
(`DELETE /v2/slots/selected-slot?uid=`) and reads once more. A reservation changes no booking and lapses by
itself after five minutes, so this runs against any target.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from contract_tests.checks import rules
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession
from contract_tests.target.spec import OperationId

__all__ = ["reserved_slot_is_hidden_from_others"]


def _offered(session: ContractSession, event_type: int, day: str) -> tuple[Reply, list[Mapping[str, Any]]]:
    session.client.session.cookies.clear()  # another booker: no reservation cookie
    query = {"eventTypeId": event_type, "startTime": day, "endTime": day, "slotFormat": "range"}
    reply = rules.answered(
        session.client.send(OperationId.SLOTS_AVAILABLE, query=query, key=None),
        {200},
        f"reading the 2024-04-15 slots of event type {event_type} on {day}",
    )
    slots = ((reply.body or {}).get("data") or {}).get("slots") or {}
    return reply, [slot for day_slots in slots.values() for slot in day_slots if isinstance(slot, Mapping)]


def reserved_slot_is_hidden_from_others(session: ContractSession) -> None:
    event_type = int(session.profile.require("event_types.regular"))
    start = session.slots.next()
    day = start.date().isoformat()
    _, offered = _offered(session, event_type, day)
    if not offered:  # a day the hosts do not work: the next weekday's slots
        day = (start + timedelta(days=3 if start.weekday() == 4 else 1)).date().isoformat()
        _, offered = _offered(session, event_type, day)
    chosen = offered[len(offered) // 2]
    body = {"eventTypeId": event_type, "slotUtcStartDate": chosen["startTime"], "slotUtcEndDate": chosen["endTime"]}
    reserved = rules.answered(
        session.client.send(OperationId.SLOTS_RESERVE, body=body, key=None), {201}, f"reserving {chosen}"
    )
    uid = str((reserved.body or {}).get("data"))
    try:
        listed, after = _offered(session, event_type, day)
        times = [str(slot.get("startTime")) for slot in after]
        rules.reserved_slot_hidden(listed, times, start=str(chosen["startTime"]), held=True, reservation=uid)
    finally:
        session.client.send(OperationId.SLOTS_RELEASE, query={"uid": uid}, key=None)
        session.client.session.cookies.clear()
    listed, again = _offered(session, event_type, day)
    times = [str(slot.get("startTime")) for slot in again]
    rules.reserved_slot_hidden(listed, times, start=str(chosen["startTime"]), held=False, reservation=uid)
