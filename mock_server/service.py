"""The v2 use cases. Each one loads what it needs, checks the caller, applies the domain rules and
saves through the store; none of them knows about HTTP.

Organization routes (team/org lists, reports) are in `service_org`, API v1 in `service_v1`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from .clock import Clock
from .exceptions import (
    ApiKeyInvalid,
    BookingAccessForbidden,
    BookingNotFound,
    CancellationReasonRequired,
    ConfirmationUnauthorized,
    NotHostOfSeatedEvent,
    NotPartOfRecurring,
    SeatNotFound,
    SeatNotInBooking,
    SeriesSubsequentCancel,
)
from .listing import BookingQuery, Page, normalize_attendee_email, select, visible_uids
from .model import Booking, BookingStatus, User
from .rules import (
    can_manage_booking,
    check_absence_time,
    check_api_key,
    check_cancellable,
    check_confirmable,
    require_caller,
)
from .scheduling import BookingInput, Created, Scheduler
from .store import BookingStore

__all__ = ["BookingService", "Outcome"]

Outcome = Booking | list[Booking]
"""One booking, or a whole recurring series (the API answers with an array)."""


class BookingService:
    """`/v2/bookings` and its sub-resources."""

    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.scheduler = Scheduler(store, clock)

    # ---------------------------------------------------------------------------------------- auth

    def authenticate(
        self, api_key: str | None, *, required: bool = True, permissions_guard: bool = False
    ) -> User | None:
        """The caller behind an API key. A key that is sent is always checked; a missing key is
        refused only where auth is `required` (403 on `@Permissions` routes, else 401)."""
        if api_key is None:
            return require_caller(None, permissions_guard=permissions_guard) if required else None
        record = self.store.api_key(api_key)
        check_api_key(record, self.clock.now())
        assert record is not None
        user = self.store.user(record.user_id)
        if user is None:
            raise ApiKeyInvalid()
        return user

    # ---------------------------------------------------------------------------------------- read

    def get(self, uid: str) -> Outcome:
        """By booking uid, recurrence uid, or series uid (then the whole series)."""
        booking = self.store.booking(uid)
        if booking is not None:
            return booking
        series = self.store.series(uid)
        if not series:
            raise BookingNotFound(uid)
        return series

    def list_bookings(self, caller: User, query: BookingQuery) -> Page:
        if query.attendee_email is not None:
            query = replace(query, attendee_email=normalize_attendee_email(query.attendee_email))
        return select(self.store, query, self.clock.now(), within=[visible_uids(self.store, caller)])

    # -------------------------------------------------------------------------------------- create

    def create(self, data: BookingInput, caller: User | None = None, *, single_occurrence: bool = False) -> Created:
        """`single_occurrence`: v1 books one occurrence of a recurring event type."""
        return self.scheduler.create(data, caller, single_occurrence=single_occurrence)

    def reschedule(
        self,
        uid: str,
        *,
        start: datetime,
        rescheduled_by: str | None = None,
        reason: str | None = None,
        seat_uid: str | None = None,
        rr_host_subset_ids: Sequence[int] = (),
    ) -> Created:
        booking = self._booking(uid)
        return self.scheduler.reschedule(
            booking,
            start=start,
            rescheduled_by=rescheduled_by,
            reason=reason,
            seat_uid=seat_uid,
            rr_host_subset_ids=rr_host_subset_ids,
        )

    # -------------------------------------------------------------------------------------- cancel

    def cancel(
        self,
        uid: str,
        *,
        caller: User | None = None,
        reason: str | None = None,
        cancel_subsequent: bool = False,
        seat_uid: str | None = None,
    ) -> Outcome:
        """Cancel a booking, a seat, a series' remaining occurrences, or one and those after it.

        `cancelledByEmail` records the caller's email when a valid key was sent, else the first
        attendee's (whoever holds a bare uid got it from the booking confirmation).
        """
        if seat_uid is not None:
            return self._cancel_seat(uid, seat_uid)
        store, now = self.store, self.clock.now()
        booking = store.booking(uid)
        if booking is None:
            return self._cancel_series(uid, caller, reason, cancel_subsequent)
        check_cancellable(booking)
        context = store.context(booking)
        is_host = caller is not None and caller.id in booking.user_ids
        if context.event_type.is_seated and not (caller is not None and can_manage_booking(caller, context)):
            raise NotHostOfSeatedEvent()
        if is_host and not reason:
            raise CancellationReasonRequired()
        by_email = _canceller(caller, booking)
        if not cancel_subsequent:
            return store.save(booking.cancelled(now, reason=reason, by_email=by_email))
        if booking.recurring_booking_uid is None:
            store.save(booking.cancelled(now, reason=reason, by_email=by_email))
            raise NotPartOfRecurring(uid)
        series = store.series(booking.recurring_booking_uid)
        store.save_all(
            b.cancelled(now, reason=reason, by_email=by_email)
            for b in series
            if b.start >= booking.start and b.status is not BookingStatus.CANCELLED
        )
        return store.series(booking.recurring_booking_uid)

    def _cancel_series(
        self, series_uid: str, caller: User | None, reason: str | None, cancel_subsequent: bool
    ) -> list[Booking]:
        store, now = self.store, self.clock.now()
        series = store.series(series_uid)
        if not series:
            raise BookingNotFound(series_uid, phrasing="not found")
        if cancel_subsequent:
            raise SeriesSubsequentCancel()
        check_cancellable(series[0])
        by_email = _canceller(caller, series[0])
        store.save_all(
            b.cancelled(now, reason=reason, by_email=by_email)
            for b in series
            if b.start >= now and b.status is not BookingStatus.CANCELLED
        )
        return store.series(series_uid)

    def _cancel_seat(self, uid: str, seat_uid: str) -> Booking:
        seated = self.store.booking_by_seat(seat_uid)
        if seated is None:
            raise SeatNotFound()
        if seated.uid != uid:
            raise SeatNotInBooking()
        return self.store.save(seated.without_seat(seat_uid, self.clock.now()))

    # ----------------------------------------------------------------------------- confirm/decline

    def confirm(self, uid: str, caller: User) -> Booking:
        """Accept a pending booking; for a recurrence, every pending occurrence of its series."""
        booking = self._confirmable(uid, caller)
        now = self.clock.now()
        self.store.save_all(b.accepted(now) for b in self._pending_together(booking))
        return self._booking(uid)

    def decline(self, uid: str, caller: User, reason: str | None = None) -> Booking:
        """Reject a pending booking; for a recurrence, every pending occurrence of its series."""
        booking = self._confirmable(uid, caller)
        now = self.clock.now()
        self.store.save_all(b.rejected(now, reason=reason) for b in self._pending_together(booking))
        return self._booking(uid)

    def _confirmable(self, uid: str, caller: User) -> Booking:
        booking = self._booking(uid)
        if not can_manage_booking(caller, self.store.context(booking)):
            raise ConfirmationUnauthorized(uid)
        check_confirmable(booking)
        return booking

    def _pending_together(self, booking: Booking) -> list[Booking]:
        if booking.recurring_booking_uid is None:
            return [booking]
        series = self.store.series(booking.recurring_booking_uid)
        return [b for b in series if b.uid == booking.uid or b.status is BookingStatus.PENDING]

    # --------------------------------------------------------------------------------- mark absent

    def mark_absent(
        self, uid: str, *, caller: User, host: bool = False, attendees: Mapping[str, bool] | None = None
    ) -> Booking:
        """Record no-shows. Ownership is checked only when attendees are marked, as the real
        server does; it answers 403 where the real server wraps the refusal in a 500."""
        booking = self.store.booking(uid)
        if booking is None:
            raise BookingNotFound(uid, phrasing="not found.")
        now = self.clock.now()
        check_absence_time(booking, now)
        if attendees and not can_manage_booking(caller, self.store.context(booking)):
            raise BookingAccessForbidden()
        return self.store.save(booking.marked_absent(now, host=host, attendees=attendees or {}))

    # ------------------------------------------------------------------------------------- helpers

    def _booking(self, uid: str) -> Booking:
        booking = self.store.booking(uid)
        if booking is None:
            raise BookingNotFound(uid)
        return booking


def _canceller(caller: User | None, booking: Booking) -> str | None:
    if caller is not None:
        return caller.email
    return booking.attendees[0].email if booking.attendees else None
