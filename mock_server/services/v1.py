"""API v1 use cases (`/v1/bookings…`, `?apiKey=` auth) over the same store as v2.

v1 sees a booking by its numeric id and answers with its own shapes (see `views.to_v1`); the
rules for making a booking are v2's, through the shared `Scheduler`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from mock_server.domain.exceptions import (
    ApiKeyMissing,
    BookingIdNotFound,
    EventTypeNotFound,
    InvalidRequest,
    V1AlreadyCancelled,
    V1EventTypeNotFound,
    V1NotAuthorized,
)
from mock_server.domain.model import ADMIN_ROLES, Booking, BookingStatus, User
from mock_server.domain.rules import can_manage_booking, can_read_booking
from mock_server.services.bookings import BookingService
from mock_server.services.listing import SortOrder
from mock_server.services.scheduling import BookingInput

__all__ = ["V1BookingService", "V1CancelOutcome", "V1Patch", "V1Query", "V1SortBy"]

NOT_PROVIDED = "Not Provided"


class V1SortBy(StrEnum):
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"


@dataclass(frozen=True, kw_only=True)
class V1Query:
    """`GET /bookings`. `upcoming` is `status=upcoming`; `user_id` only narrows for admins."""

    attendee_emails: tuple[str, ...] = ()
    date_from: datetime | None = None
    date_to: datetime | None = None
    upcoming: bool = False
    sort_by: V1SortBy | None = None
    order: SortOrder = SortOrder.ASC
    take: int | None = None
    page: int | None = None
    user_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class V1Patch:
    """`PATCH /bookings/{id}`: only the fields given change."""

    title: str | None = None
    description: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    status: BookingStatus | None = None
    cancelled_by: str | None = None
    rescheduled_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class V1CancelOutcome:
    booking_id: int
    booking_uid: str
    success: bool = True
    message: str = "Booking successfully cancelled."
    only_removed_attendee: bool = False


class V1BookingService:
    """`/v1/bookings` and `/v1/bookings/{id}`."""

    def __init__(self, bookings: BookingService) -> None:
        """Over the v2 service of the same store: v1 authenticates and books through it."""
        self.store = bookings.store
        self.clock = bookings.clock
        self._v2 = bookings

    def authenticate(self, api_key: str | None) -> User:
        """`?apiKey=`: required on every v1 route (the exceptions carry v1 messages too)."""
        if api_key is None:
            raise ApiKeyMissing()
        user = self._v2.authenticate(api_key)
        assert user is not None
        return user

    def list(self, caller: User, query: V1Query) -> list[Booking]:
        """The caller's bookings (an org admin's: all their members'); pagination only when both
        `take` and `page` are given."""
        store, now = self.store, self.clock.now()
        uids = self._visible(caller, query.user_id)
        if query.attendee_emails:
            by_email: set[str] = set()
            for email in query.attendee_emails:
                by_email |= store.uids_for_email(email)
            uids &= by_email
        bookings = [b for b in store.bookings(uids) if _in_window(b, query, now)]
        bookings.sort(key=lambda b: b.id, reverse=query.order is SortOrder.DESC)
        if query.sort_by is V1SortBy.CREATED_AT:
            bookings.sort(key=lambda b: b.created_at, reverse=query.order is SortOrder.DESC)
        elif query.sort_by is V1SortBy.UPDATED_AT:
            bookings.sort(key=lambda b: b.updated_at, reverse=query.order is SortOrder.DESC)
        if query.take is not None and query.page is not None:
            skip = (query.page - 1) * query.take
            bookings = bookings[skip : skip + query.take]
        return bookings

    def _visible(self, caller: User, user_id: int | None) -> set[str]:
        store = self.store
        admin_of_org = caller.org_id is not None and caller.org_role in ADMIN_ROLES
        members = store.members_of_org(caller.org_id) if admin_of_org and caller.org_id is not None else []
        if user_id is not None and any(m.id == user_id for m in members):
            return set(store.uids_for_user(user_id))
        uids = set(store.uids_for_user(caller.id)) | store.uids_for_email(caller.email)
        for member in members:
            uids |= store.uids_for_user(member.id)
        return uids

    def create(self, caller: User, data: BookingInput, *, end: datetime | None = None) -> Booking:
        """One booking (v1 books a single occurrence); `end`, if given, picks the length."""
        try:
            if end is not None:
                # v1 gives an end, not a length: one equal to the event type's own length is no choice
                # of length, so only another one must be among the event type's options.
                minutes = int((end - data.start).total_seconds() // 60)
                own = self._v2.scheduler.event_type_for(data).length_in_minutes
                data = replace(data, length_in_minutes=None if minutes == own else minutes)
            created = self._v2.create(data, caller, single_occurrence=True)
        except EventTypeNotFound:
            raise V1EventTypeNotFound(data.event_type_id or 0) from None
        return created.bookings[0]

    def get(self, caller: User, booking_id: int) -> Booking:
        booking = self._booking(booking_id)
        if not can_read_booking(caller, self.store.context(booking)):
            raise V1NotAuthorized()
        return booking

    def patch(self, caller: User, booking_id: int, patch: V1Patch) -> Booking:
        booking = self._managed(caller, booking_id)
        start = patch.start_time or booking.start
        end = patch.end_time or booking.end
        if end <= start:
            raise InvalidRequest("endTime must be after startTime")
        updated = replace(
            booking,
            title=patch.title if patch.title is not None else booking.title,
            description=patch.description if patch.description is not None else booking.description,
            start=start,
            end=end,
            status=patch.status or booking.status,
            cancelled_by_email=patch.cancelled_by or booking.cancelled_by_email,
            rescheduled_by_email=patch.rescheduled_by or booking.rescheduled_by_email,
            updated_at=self.clock.now(),
        )
        return self.store.save(updated)

    def cancel(
        self,
        caller: User,
        booking_id: int,
        *,
        all_remaining: bool = False,
        reason: str | None = None,
        cancelled_by: str | None = None,
    ) -> V1CancelOutcome:
        """`DELETE /bookings/{id}/cancel`; `allRemainingBookings` cancels the series from now on."""
        booking = self._managed(caller, booking_id)
        if booking.status is BookingStatus.CANCELLED:
            raise V1AlreadyCancelled()
        now = self.clock.now()
        targets: Sequence[Booking] = [booking]
        if all_remaining and booking.recurring_booking_uid is not None:
            series = self.store.series(booking.recurring_booking_uid)
            targets = [b for b in series if b.start >= now and b.status is not BookingStatus.CANCELLED]
        by_email = cancelled_by or caller.email
        self.store.save_all(b.cancelled(now, reason=reason or NOT_PROVIDED, by_email=by_email) for b in targets)
        return V1CancelOutcome(booking_id=booking.id, booking_uid=booking.uid)

    def _booking(self, booking_id: int) -> Booking:
        booking = self.store.booking_by_id(booking_id)
        if booking is None:
            raise BookingIdNotFound(booking_id)
        return booking

    def _managed(self, caller: User, booking_id: int) -> Booking:
        booking = self._booking(booking_id)
        if not can_manage_booking(caller, self.store.context(booking)):
            raise V1NotAuthorized()
        return booking


def _in_window(booking: Booking, query: V1Query, now: datetime) -> bool:
    """`status=upcoming` replaces the date filters with "starts from now on"."""
    if query.upcoming:
        return booking.start >= now
    return (query.date_from is None or booking.start >= query.date_from) and (
        query.date_to is None or booking.end <= query.date_to
    )
