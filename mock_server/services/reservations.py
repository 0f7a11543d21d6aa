"""Reserved slots (`POST /v2/slots/reserve`, `DELETE /v2/slots/selected-slot`; SlotsService_2024_04_15).

A reservation holds a slot for `MINUTES_TO_BOOK` on the mock's clock (`NEXT_PUBLIC_MINUTES_TO_BOOK`, default 5):
the slots APIs stop offering that time to anyone but the reservation's holder, and a create that names
another, later reservation of the same slot (`reservedSlotUid`) is refused while the earlier one holds
(`createBookingWithReservedSlot`). A create that names no reservation is not blocked: "a reservation has lower
priority than the actual booking" (the Booker's README). Booking with a reservation removes it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import SlotReservedByOther, SlotsEventTypeNotFound
from mock_server.domain.model import EventType, SlotReservation
from mock_server.state.store import BookingStore

__all__ = ["MINUTES_TO_BOOK", "Reservations"]

MINUTES_TO_BOOK = timedelta(minutes=5)


class Reservations:
    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def reserve(
        self,
        *,
        event_type_id: int,
        start: datetime,
        end: datetime,
        holder: str | None = None,
        booking_uid: str | None = None,
    ) -> str:
        """The reservation's uid (the holder's, from their `uid` cookie, else a new one). A seated event type
        is reserved only in a booking with attendees and a free seat; otherwise nothing is held, and the uid
        is still answered (`SlotsService_2024_04_15.reserveSlot`)."""
        store = self.store
        event_type = store.event_type(event_type_id)
        if event_type is None:
            raise SlotsEventTypeNotFound()
        uid = holder or store.new_uuid()
        if event_type.is_seated:
            booking = store.booking(booking_uid) if booking_uid else None
            seats = event_type.seats_per_time_slot or 0
            if booking is None or not booking.attendees or len(booking.attendees) >= seats:
                return uid
        now = self.clock.now()
        store.add_reservation(
            SlotReservation(
                uid=uid,
                event_type_id=event_type.id,
                user_ids=tuple(event_type.assigned_user_ids),
                start=start,
                end=end,
                release_at=now + MINUTES_TO_BOOK,
                created_at=now,
                booking_uid=booking_uid if event_type.is_seated else None,
            )
        )
        return uid

    def release(self, uid: str | None) -> None:
        """Delete every reservation of `uid` (nothing without one)."""
        if uid:
            self.store.delete_reservations(uid)

    def hides(self, event_type: EventType, start: datetime, end: datetime, *, viewer: str | None) -> bool:
        """Whether a reservation of someone other than `viewer` holds one of the event type's hosts over
        [start, end) (`_getReservedSlotsAndCleanupExpired` is keyed by host)."""
        if event_type.is_seated:
            return False
        hosts = set(event_type.assigned_user_ids)
        return any(
            r.uid != viewer and hosts.intersection(r.user_ids) and r.start < end and start < r.end
            for r in self.store.reservations(self.clock.now())
        )

    def check_first_in_line(self, event_type: EventType, spans: Iterable[tuple[datetime, datetime]], uid: str) -> None:
        """`ensureReservedSlotIsEarliest`: the earliest reservation that holds this event type, start and end must
        be `uid`'s; otherwise 409 with the seconds until it is released."""
        now = self.clock.now()
        held = self.store.reservations(now)
        for start, end in spans:
            same = [r for r in held if r.event_type_id == event_type.id and r.start == start and r.end == end]
            if same and same[0].uid != uid:
                raise SlotReservedByOther(math.ceil((same[0].release_at - now).total_seconds()))
