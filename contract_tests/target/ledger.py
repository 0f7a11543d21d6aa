"""What this run created, the guard that keeps the suite's writes on it, and its copy on disk.

Every answer the suite sees (its own client, Schemathesis's cases, the state machine's steps) goes
through `Ledger.observe`, the one place that decides what an answer means for the run: which bookings
it made and which seats it took or gave up.

A booking is the run's own (`whole`) only when its booker (first attendee) is at the run's attendee
domain, and for a seated booking every seat: a create that lands on somebody else's seated booking
(v2 answers a seat, v1 answers the whole booking) makes only a seat the run's. Every write the
suite sends names a booking by uid or numeric id; `Ledger.check_write` refuses, before anything is
sent, a write to a booking the run did not make, and a seat the run took allows only operations on
that seat.

With a `journal` file the ledger is written to disk as the run goes (one JSON line per change, never
a credential), so that `python -m contract_tests.target.cleanup --ledger FILE` can cancel what a run that
was killed left behind.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from contract_tests.checks.failures import LedgerViolation
from contract_tests.target.spec import BookingTarget, Operation, OperationId

__all__ = ["Entry", "Ledger"]


@dataclass
class Entry:
    uid: str
    booking_id: int | None = None
    whole: bool = True  # the run made the booking itself, not only a seat in it
    seat_uids: set[str] = field(default_factory=set)  # seats the run holds in it
    exists: bool = True  # False for a uid the run made up so that a write finds nothing
    length: timedelta | None = None  # from start to end, as the answer that made it said
    closed: bool = False  # a cancel or decline of the whole booking was answered 2xx (the clean-up still reads it back)

    def as_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "id": self.booking_id,
            "whole": self.whole,
            "seats": sorted(self.seat_uids),
        }


class Ledger:
    def __init__(
        self,
        *,
        domain: str = "",
        journal: Path | None = None,
        header: Mapping[str, Any] | None = None,
    ) -> None:
        self.domain = domain.lower()  # the run's attendee domain: an address here is the run's
        self._by_uid: dict[str, Entry] = {}
        self._by_id: dict[int, str] = {}
        self._series: dict[str, list[str]] = {}
        self.journal = journal
        if journal is not None:
            journal.parent.mkdir(parents=True, exist_ok=True)
            journal.write_text(json.dumps({"ledger": 1, "domain": self.domain, **(header or {})}) + "\n")

    def __len__(self) -> int:
        return sum(1 for entry in self._by_uid.values() if entry.exists)

    def entries(self) -> list[Entry]:
        """The bookings the run made or holds seats in."""
        return [entry for entry in self._by_uid.values() if entry.exists]

    def is_ours(self, email: Any) -> bool:
        """Whether an attendee address is at the run's domain (or one of its subdomains)."""
        if not self.domain or not isinstance(email, str):
            return False
        address = email.lower()
        return address.endswith("@" + self.domain) or address.endswith("." + self.domain)

    # ------------------------------------------------------------------------------------ observe

    def observe(self, operation: Operation, path: Mapping[str, Any], body: Any, status: int, answer: Any) -> None:
        """Keep the ledger in step with one answer the target gave (whoever sent the request)."""
        if not 200 <= status < 300:
            return
        for booking in operation.created_bookings(answer):
            self.record(booking)
        target = operation.target(path, body)
        if operation.operation_id == OperationId.CANCEL and target.uid and target.seat_uid:
            self._release_seat(target.uid, target.seat_uid)
        elif operation.operation_id in _CLOSING:
            uid = self._by_id.get(target.booking_id) if target.booking_id is not None else target.uid
            entry = self._by_uid.get(uid) if uid is not None else None
            if entry is not None:
                entry.closed = True

    def record(self, booking: Mapping[str, Any]) -> Entry:
        """Record one booking (or seat) an answer made."""
        uid = str(booking["uid"])
        entry = self._by_uid.get(uid)
        if entry is None:
            entry = Entry(uid=uid, whole=self._made_by_run(booking))
            self._by_uid[uid] = entry
        if isinstance(booking.get("id"), int):
            entry.booking_id = booking["id"]
            self._by_id[booking["id"]] = uid
        if isinstance(booking.get("seatUid"), str) and booking["seatUid"]:
            entry.seat_uids.add(booking["seatUid"])
        length = _length(booking)
        if length is not None and entry.length is None:
            entry.length = length
        series = booking.get("recurringBookingUid") or booking.get("recurringEventId")
        if series and entry.whole:
            members = self._series.setdefault(str(series), [])
            if uid not in members:
                members.append(uid)
        self._write(entry)
        return entry

    def invent(self, uid: str) -> None:
        """A uid no booking has, in the run's namespace: writes to it are allowed and find nothing."""
        self._by_uid[uid] = Entry(uid=uid, exists=False)

    def claim_seat(self, uid: str, seat_uid: str) -> None:
        """A seat of the run's attendee found by reading the booking (a v1 create answers none)."""
        entry = self._by_uid.get(uid)
        if entry is not None and seat_uid not in entry.seat_uids:
            entry.seat_uids.add(seat_uid)
            self._write(entry)

    def _release_seat(self, uid: str, seat_uid: str) -> None:
        entry = self._by_uid.get(uid)
        if entry is not None and seat_uid in entry.seat_uids:
            entry.seat_uids.discard(seat_uid)
            self._write(entry)

    def _made_by_run(self, booking: Mapping[str, Any]) -> bool:
        """The run made the booking: a seat answer shows no other seat and every seat is the run's; an
        answer without seats has the run's booker first (a team booking lists its other hosts after
        the booker as attendees, which are not the run's).

        A seat answer that shows no attendees proves nothing: an event type with `seatsShowAttendees:
        false` hides the others, and the seat may have joined somebody else's booking in that slot (a
        create, a reschedule into an occupied seated slot, a series). Then only the seat is the run's."""
        attendees = [a for a in booking.get("attendees") or [] if isinstance(a, Mapping)]
        seated = bool(booking.get("seatUid")) or any(a.get("seatUid") for a in attendees)
        if booking.get("seatUid") and len(attendees) > 1:
            return False
        if not self.domain:
            return True
        if seated:
            return bool(attendees) and all(self.is_ours(a.get("email")) for a in attendees)
        return not attendees or self.is_ours(attendees[0].get("email"))

    def _write(self, entry: Entry) -> None:
        if self.journal is not None and entry.exists:
            with self.journal.open("a") as f:
                f.write(json.dumps(entry.as_json()) + "\n")

    # --------------------------------------------------------------------------------------- disk

    @classmethod
    def load(cls, journal: Path) -> tuple[Ledger, dict[str, Any]]:
        """A ledger read back from a journal file, and the file's header (run, target, domain)."""
        lines = [json.loads(line) for line in journal.read_text().splitlines() if line.strip()]
        if not lines or lines[0].get("ledger") != 1:
            raise ValueError(f"{journal} is not a ledger file of the contract suite")
        header = lines[0]
        ledger = cls(domain=str(header.get("domain") or ""))
        for state in lines[1:]:
            entry = Entry(
                uid=str(state["uid"]),
                booking_id=state.get("id"),
                whole=bool(state.get("whole")),
                seat_uids=set(state.get("seats") or []),
            )
            ledger._by_uid[entry.uid] = entry  # the last line of a uid holds its latest state
            if entry.booking_id is not None:
                ledger._by_id[entry.booking_id] = entry.uid
        return ledger, header

    # -------------------------------------------------------------------------------------- query

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

    def length_of(self, target: BookingTarget) -> timedelta | None:
        """How long the booking a write names was when the run made it (its event type's length)."""
        uid = self._by_id.get(target.booking_id) if target.booking_id is not None else target.uid
        entry = self._by_uid.get(uid) if uid is not None else None
        return entry.length if entry is not None else None

    def owns_id(self, booking_id: int) -> bool:
        uid = self._by_id.get(booking_id)
        return uid is not None and self.owns_uid(uid)

    def uids(self) -> list[str]:
        """Uids of the bookings the run made (both organizations)."""
        return [e.uid for e in self._by_uid.values() if e.whole]

    def ids(self) -> list[int]:
        """v1 ids of the bookings the run made (both organizations)."""
        return [e.booking_id for e in self._by_uid.values() if e.whole and e.booking_id is not None]

    # -------------------------------------------------------------------------------------- guard

    def allows(self, target: BookingTarget) -> bool:
        if target.booking_id is not None:
            return self.owns_id(target.booking_id)
        if target.uid is None:
            return False
        return self.owns_seat(target.uid, target.seat_uid) if target.seat_uid else self.owns_uid(target.uid)

    def check_write(self, operation: str, target: BookingTarget) -> None:
        """Raise `LedgerViolation` unless the write targets something this run created."""
        if not self.allows(target):
            raise LedgerViolation(operation, target.what)


_CLOSING = frozenset({OperationId.CANCEL, OperationId.DECLINE, OperationId.V1_CANCEL})


def _length(booking: Mapping[str, Any]) -> timedelta | None:
    """`end - start` of a v2 (`start`/`end`) or v1 (`startTime`/`endTime`) booking, if it says both."""
    for start_name, end_name in (("start", "end"), ("startTime", "endTime")):
        start, end = _instant(booking.get(start_name)), _instant(booking.get(end_name))
        if start is not None and end is not None and end > start:
            return end - start
    return None


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
