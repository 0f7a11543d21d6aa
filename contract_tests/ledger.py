"""What this run created, and the guard that keeps the suite's writes on it.

Every write the suite sends (cancel, decline, confirm, reschedule, mark-absent, report, v1 update and
cancel) names a booking by uid or numeric id; `Ledger.check_write` refuses, before anything is sent,
a write to a booking this run did not create. At the end of the run `open_entries` lists what is left
to cancel. A seat taken in a seated booking someone else made is recorded as a seat only: the suite
may give the seat up but never touch the booking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .failures import LedgerViolation

__all__ = ["Entry", "Ledger"]


@dataclass
class Entry:
    uid: str
    booking_id: int | None = None
    event_type_id: int | None = None
    tenant: str = "primary"  # "primary": the profile's organization; "other": the tenancy organization
    whole: bool = True  # this run made the booking itself, not only a seat in it
    seat_uids: set[str] = field(default_factory=set)
    series_uid: str | None = None
    cancelled: bool = False
    created_by: str = ""


class Ledger:
    def __init__(self) -> None:
        self._by_uid: dict[str, Entry] = {}
        self._by_id: dict[int, str] = {}
        self._series: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._by_uid)

    def entries(self) -> list[Entry]:
        return list(self._by_uid.values())

    # ------------------------------------------------------------------------------------- record

    def record(self, booking: Mapping[str, Any], *, created_by: str = "", tenant: str = "primary") -> Entry:
        """Record one booking of a v2 create/reschedule answer or a v1 create answer."""
        uid = str(booking["uid"])
        seat_uid = booking.get("seatUid")
        attendees = booking.get("attendees") or []
        entry = self._by_uid.get(uid)
        if entry is None:
            # A seat answer with other people's seats in it joined a booking this run did not make.
            whole = not (seat_uid and len(attendees) > 1)
            entry = Entry(uid=uid, tenant=tenant, whole=whole, created_by=created_by)
            self._by_uid[uid] = entry
        if isinstance(booking.get("id"), int):
            entry.booking_id = booking["id"]
            self._by_id[booking["id"]] = uid
        entry.event_type_id = booking.get("eventTypeId", entry.event_type_id)
        if seat_uid:
            entry.seat_uids.add(str(seat_uid))
        series = booking.get("recurringBookingUid") or booking.get("recurringEventId")
        if series and entry.whole:
            entry.series_uid = str(series)
            self._series.setdefault(str(series), [])
            if uid not in self._series[str(series)]:
                self._series[str(series)].append(uid)
        entry.cancelled = False
        return entry

    def record_answer(self, data: Any, *, created_by: str = "", tenant: str = "primary") -> list[Entry]:
        """Record the `data` of a create/reschedule answer: one booking or a list of occurrences."""
        items = data if isinstance(data, list) else [data]
        return [
            self.record(item, created_by=created_by, tenant=tenant)
            for item in items
            if isinstance(item, Mapping) and "uid" in item
        ]

    def mark_cancelled(self, uid: str) -> None:
        for member in self._series.get(uid, [uid]):
            if member in self._by_uid:
                self._by_uid[member].cancelled = True

    def drop_seat(self, uid: str, seat_uid: str) -> None:
        entry = self._by_uid.get(uid)
        if entry is not None:
            entry.seat_uids.discard(seat_uid)
            if not entry.whole and not entry.seat_uids:
                entry.cancelled = True

    # -------------------------------------------------------------------------------------- query

    def entry(self, uid: str) -> Entry | None:
        return self._by_uid.get(uid)

    def owns_uid(self, uid: str) -> bool:
        entry = self._by_uid.get(uid)
        if entry is not None:
            return entry.whole
        members = self._series.get(uid)
        if not members:
            return False
        return all(self._by_uid[m].whole for m in members)

    def owns_seat(self, uid: str, seat_uid: str) -> bool:
        entry = self._by_uid.get(uid)
        return entry is not None and (entry.whole or seat_uid in entry.seat_uids)

    def owns_id(self, booking_id: int) -> bool:
        uid = self._by_id.get(booking_id)
        return uid is not None and self.owns_uid(uid)

    def uid_of(self, booking_id: int) -> str | None:
        return self._by_id.get(booking_id)

    def uids(self, *, tenant: str | None = "primary", open_only: bool = False) -> list[str]:
        return [
            e.uid
            for e in self._by_uid.values()
            if e.whole and (tenant is None or e.tenant == tenant) and not (open_only and e.cancelled)
        ]

    def ids(self, *, tenant: str | None = "primary") -> list[int]:
        return [
            e.booking_id
            for e in self._by_uid.values()
            if e.whole and e.booking_id is not None and (tenant is None or e.tenant == tenant)
        ]

    def series_uids(self) -> list[str]:
        return [s for s in self._series if self.owns_uid(s)]

    def open_entries(self) -> list[Entry]:
        """Entries still to cancel at the end of the run."""
        return [e for e in self._by_uid.values() if not e.cancelled]

    # -------------------------------------------------------------------------------------- guard

    def check_write(
        self,
        operation: str,
        *,
        uid: str | None = None,
        booking_id: int | None = None,
        seat_uid: str | None = None,
    ) -> None:
        """Raise `LedgerViolation` unless the write targets something this run created."""
        if uid is not None:
            allowed = self.owns_seat(uid, seat_uid) if seat_uid else self.owns_uid(uid)
            if not allowed:
                raise LedgerViolation(operation, f"booking uid={uid}" + (f" seat {seat_uid}" if seat_uid else ""))
        if booking_id is not None and not self.owns_id(booking_id):
            raise LedgerViolation(operation, f"booking id={booking_id}")
        if uid is None and booking_id is None:
            raise LedgerViolation(operation, "a request that names no booking")
