"""The 2024-04-15 slots answers (`SlotsOutputService_2024_04_15.getOutputSlots`): slots by date, each `{time}`
or, with `slotFormat=range`, `{startTime, endTime}`, in UTC (`...000Z`) or converted to `timeZone`
(`DateTime.fromISO(time).setZone(tz).toISO()`); seated slots with a booking add `attendees` and `bookingUid`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from mock_server.api.shapes import Json
from mock_server.domain.model import iso_utc
from mock_server.services.slots import FreeSlot, Slots

__all__ = ["available_output"]


def _instant(moment: datetime, time_zone: str | None) -> str:
    if time_zone is None or time_zone in ("UTC", "Etc/UTC"):
        return iso_utc(moment)
    return moment.astimezone(ZoneInfo(time_zone)).isoformat(timespec="milliseconds")


def _slot(slot: FreeSlot, time_zone: str | None, *, range_format: bool) -> Json:
    output: Json = (
        {"startTime": _instant(slot.start, time_zone), "endTime": _instant(slot.end, time_zone)}
        if range_format
        else {"time": _instant(slot.start, time_zone)}
    )
    if slot.seats is not None and slot.seats.booking_uid is not None:
        output.update(attendees=slot.seats.booked, bookingUid=slot.seats.booking_uid)
    return output


def available_output(slots: Slots, time_zone: str | None, *, range_format: bool) -> Json:
    """`{slots: {"YYYY-MM-DD": [...]}}`, dates in `time_zone` (UTC by default), starts in order."""
    zone = ZoneInfo(time_zone or "UTC")
    days: dict[str, list[Json]] = {}
    for slot in slots.slots:
        days.setdefault(slot.start.astimezone(zone).date().isoformat(), []).append(
            _slot(slot, time_zone, range_format=range_format)
        )
    return {"slots": days}
