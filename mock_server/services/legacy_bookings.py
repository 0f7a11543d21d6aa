"""The use cases of the 2024-04-15 bookings controller (apps/api/v2/src/ee/bookings/2024-04-15/), over the
same store and booking rules as 2024-08-13 and v1.

What differs from 2024-08-13 is the request and the answer, not the booking: the body's `responses` are
stored as sent (a split name joined), a create with `rescheduleUid` reschedules, the list pages by cursor,
and cancel has its own checks and messages (`Booking with UID=... does not exist.`). Refusals of the
booking flow are answered with handleNewBooking's raw codes (`handleBookingErrors`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from mock_server.domain.exceptions import (
    BookingAuthenticationForbidden,
    BookingAuthenticationRequired,
    BookingInPast,
    CancelById,
    LegacyAlreadyCancelled,
    LegacyBookingNotFound,
    LegacyBookingRefused,
    LegacyForbidden,
    LegacyUnauthorized,
    LengthNotAllowed,
    SlotUnavailable,
)
from mock_server.domain.model import Booking, BookingStatus, User
from mock_server.services.bookings import BookingService
from mock_server.services.listing import BookingQuery, ListStatus, Page
from mock_server.services.scheduling import BookingInput, Created

__all__ = ["NO_AVAILABLE_USERS", "LegacyBookingService", "LegacyCancelOutcome", "raw_booking_errors"]

NO_AVAILABLE_USERS = "no_available_users_found_error"
INVALID_EVENT_LENGTH = "Invalid event length"


@contextmanager
def raw_booking_errors() -> Iterator[None]:
    """`handleBookingErrors`: the booking flow's refusals as 2024-04-15 answers them (an `HttpException`
    with handleNewBooking's code or message); 401/403 rethrown as `HttpException` with their text."""
    try:
        yield
    except SlotUnavailable:
        raise LegacyBookingRefused(NO_AVAILABLE_USERS) from None
    except BookingInPast as error:
        raise LegacyBookingRefused(error.message) from None
    except LengthNotAllowed:
        raise LegacyBookingRefused(INVALID_EVENT_LENGTH) from None
    except BookingAuthenticationRequired as error:
        raise LegacyUnauthorized(error.message) from None
    except BookingAuthenticationForbidden as error:
        raise LegacyForbidden(error.message) from None


@dataclass(frozen=True)
class LegacyCancelOutcome:
    booking_id: int
    booking_uid: str
    only_removed_attendee: bool = False


class LegacyBookingService:
    """`/v2/bookings` of 2024-04-15, 2024-06-11 and 2024-06-14."""

    def __init__(self, bookings: BookingService) -> None:
        self.bookings = bookings
        self.store = bookings.store
        self.clock = bookings.clock

    def create(
        self,
        data: BookingInput,
        responses: Mapping[str, Any],
        caller: User | None,
        *,
        reschedule_uid: str | None = None,
        rescheduled_by: str | None = None,
    ) -> Created:
        """Book `data` (or, with `reschedule_uid`, move that booking to `data.start`); the new bookings keep
        `responses` as the body sent them."""
        with raw_booking_errors():
            if reschedule_uid is not None:
                created = self.bookings.reschedule(
                    reschedule_uid, start=data.start, rescheduled_by=rescheduled_by, caller=caller
                )
            else:
                # One booking, also of a recurring event type: the series is `POST /recurring`'s.
                created = self.bookings.create(data, caller, single_occurrence=True)
        kept = tuple(
            self.store.save(replace(b, booking_fields_responses=dict(responses), metadata=dict(data.metadata)))
            for b in created.bookings
        )
        return replace(created, bookings=kept)

    def create_series(
        self, items: Sequence[tuple[BookingInput, Mapping[str, Any], str | None]], caller: User | None
    ) -> list[Booking]:
        """`POST /recurring`: one booking per element, each in the series its `recurringEventId` names; the
        elements without one share one new uuid."""
        shared = self.store.new_uuid()
        made: list[Booking] = []
        for data, responses, series_uid in items:
            with raw_booking_errors():
                created = self.bookings.create(data, caller, single_occurrence=True)
            made.extend(
                self.store.save(
                    replace(
                        b,
                        booking_fields_responses=dict(responses),
                        metadata=dict(data.metadata),
                        recurring_booking_uid=series_uid or shared,
                    )
                )
                for b in created.bookings
            )
        return made

    def get(self, uid: str) -> Booking:
        booking = self.store.booking(uid)
        if booking is None:
            raise LegacyBookingNotFound(uid)
        return booking

    def list(self, caller: User, status: str | None, limit: int | None, cursor: int | None) -> Page:
        """`getAllUserBookings`: one status (upcoming by default), `limit` (10) from `cursor` (0)."""
        query = BookingQuery(statuses=(ListStatus(status or ListStatus.UPCOMING),), take=limit or 10, skip=cursor or 0)
        return self.bookings.list_bookings(caller, query)

    def cancel(
        self,
        uid: str,
        caller: User | None,
        *,
        reason: str | None = None,
        all_remaining: bool = False,
    ) -> LegacyCancelOutcome:
        """The controller's checks (a numeric uid, an unknown one, a cancelled one), then handleCancelBooking."""
        if _is_js_number(uid):
            raise CancelById()
        booking = self.store.booking(uid)
        if booking is None:
            raise LegacyBookingNotFound(uid)
        if booking.status is BookingStatus.CANCELLED:
            raise LegacyAlreadyCancelled(uid)
        now = self.clock.now()
        by_email = caller.email if caller is not None else (booking.attendees[0].email if booking.attendees else None)
        targets = [booking]
        if all_remaining and booking.recurring_booking_uid is not None:
            targets = [
                b
                for b in self.store.series(booking.recurring_booking_uid)
                if b.start >= now and b.status is not BookingStatus.CANCELLED
            ]
        self.store.save_all(b.cancelled(now, reason=reason, by_email=by_email) for b in targets)
        return LegacyCancelOutcome(booking_id=booking.id, booking_uid=booking.uid)


def _is_js_number(text: str) -> bool:
    """`!isNaN(Number(text))`: JavaScript's Number() of a string (blank is 0, hex and exponents count)."""
    stripped = text.strip()
    if not stripped:
        return True
    try:
        float(stripped)
    except ValueError:
        try:
            int(stripped, 0)
        except ValueError:
            return False
    return stripped.lower() not in ("nan", "+nan", "-nan") and "_" not in stripped
