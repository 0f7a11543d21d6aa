"""The v2 use cases. Each one loads what it needs, checks the caller, applies the domain rules and
saves through the store; none of them knows about HTTP.

Organization routes (team/org lists, reports) are in `service_org`, API v1 in `service_v1`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import (
    AccessTokenInvalid,
    ApiKeyInvalid,
    BookingAccessForbidden,
    BookingNotFound,
    CancellationReasonRequired,
    ConfirmationUnauthorized,
    GuardForbidden,
    NotHostOfSeatedEvent,
    NotPartOfRecurring,
    OAuthClientNotFound,
    OAuthClientSecretInvalid,
    OAuthClientWithoutOwner,
    OAuthCredentialsIncomplete,
    SeatNotFound,
    SeatNotInBooking,
    SeriesSubsequentCancel,
    TokenExpired,
)
from mock_server.domain.model import Booking, BookingStatus, User
from mock_server.domain.rules import (
    can_manage_booking,
    check_absence_time,
    check_api_key,
    check_cancellable,
    check_confirmable,
    is_org_admin_of,
    oauth_user_email,
    platform_owner,
    require_caller,
    shows_seated_attendees,
)
from mock_server.services.listing import BookingQuery, Page, normalize_attendee_email, select, visible_uids
from mock_server.services.scheduling import BookingInput, Created, Scheduler
from mock_server.state.store import BookingStore

__all__ = ["API_KEY_PREFIX", "X_CAL_CLIENT_ID", "X_CAL_SECRET_KEY", "BookingService", "Outcome"]

API_KEY_PREFIX = "cal_"
"""Bearer tokens with this prefix are API keys; any other bearer token is an OAuth access token."""
X_CAL_CLIENT_ID = "x-cal-client-id"
X_CAL_SECRET_KEY = "x-cal-secret-key"

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
        self,
        token: str | None,
        *,
        required: bool = True,
        permissions_guard: bool = False,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> User | None:
        """The caller, as `ApiAuthStrategy` finds it: OAuth client credentials (both headers) act as
        the client's organization owner; a bearer token is an API key when it starts with `cal_`,
        else a managed user's access token. Credentials that are sent are always checked; none at
        all is refused only where auth is `required` (403 on `@Permissions` routes, else 401)."""
        if required and permissions_guard and token is None and not client_id:
            raise GuardForbidden.permissions_no_auth()
        if client_id and client_secret:
            return self._oauth_client_owner(client_id, client_secret)
        if token is not None:
            return self._bearer_user(token)
        if client_id or client_secret:
            raise OAuthCredentialsIncomplete(
                sent=X_CAL_CLIENT_ID if client_id else X_CAL_SECRET_KEY,
                missing=X_CAL_SECRET_KEY if client_id else X_CAL_CLIENT_ID,
            )
        return require_caller(None, permissions_guard=permissions_guard) if required else None

    def _bearer_user(self, token: str) -> User:
        if token.startswith(API_KEY_PREFIX):
            record = self.store.api_key(token)
            check_api_key(record, self.clock.now())
            assert record is not None
            user = self.store.user(record.user_id)
            if user is None:
                raise ApiKeyInvalid()
            return user
        access = self.store.access_token(token)
        user = self.store.user(access.user_id) if access is not None else None
        if user is None:
            raise AccessTokenInvalid()
        assert access is not None
        if access.expired(self.clock.now()):
            raise TokenExpired()
        return user

    def _oauth_client_owner(self, client_id: str, client_secret: str) -> User:
        client = self.store.oauth_client(client_id)
        if client is None:
            raise OAuthClientNotFound(client_id)
        if client.secret != client_secret:
            raise OAuthClientSecretInvalid()
        owner = platform_owner(self.store.members_of_org(client.org_id))
        if owner is None:
            raise OAuthClientWithoutOwner()
        return owner

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
            query = replace(
                query, attendee_email=self._attendee_email(normalize_attendee_email(query.attendee_email), caller)
            )
        return select(self.store, query, self.clock.now(), within=[visible_uids(self.store, caller)])

    def _attendee_email(self, email: str, caller: User) -> str:
        """`getAttendeeEmail`: a managed user filtering by a managed user's original email finds the
        bookings of its stored email (original + OAuth client id), unless a user has the original."""
        client_id = caller.oauth_client_id
        if client_id is None or client_id in email:
            return email
        stored = oauth_user_email(client_id, email)
        if self.store.user_by_email(email) is None and self.store.user_by_email(stored) is not None:
            return stored
        return email

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
        caller: User | None = None,
    ) -> Created:
        booking = self._booking(uid)
        organizer = self.store.user(booking.organizer_id)
        whole_seated = (
            seat_uid is None and caller is not None and organizer is not None and is_org_admin_of(caller, organizer)
        )
        return self.scheduler.reschedule(
            booking,
            start=start,
            rescheduled_by=rescheduled_by,
            reason=reason,
            seat_uid=seat_uid,
            rr_host_subset_ids=rr_host_subset_ids,
            whole_seated=whole_seated,
        )

    def shows_seated_attendees(self, booking: Booking, caller: User | None) -> bool:
        """Whether `caller` reads the other attendees of a seated booking (see the rule)."""
        event_type = self.store.context(booking).event_type
        return shows_seated_attendees(caller, event_type, self.scheduler.org_of(event_type))

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
            return self._cancel_seat(uid, seat_uid, reason)
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
        if context.event_type.is_seated:
            # handleCancelBooking deletes every seat and attendee of a seated booking it cancels whole.
            booking = replace(booking, attendees=())
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

    def _cancel_seat(self, uid: str, seat_uid: str, reason: str | None) -> Booking:
        """Remove one seat; removing the last one cancels the booking (the real e2e test reads the
        booking back as cancelled with no attendees)."""
        seated = self.store.booking_by_seat(seat_uid)
        if seated is None:
            raise SeatNotFound()
        if seated.uid != uid:
            raise SeatNotInBooking()
        now = self.clock.now()
        remaining = seated.without_seat(seat_uid, now)
        if not remaining.attendees:
            seat = seated.seat(seat_uid)
            remaining = remaining.cancelled(now, reason=reason, by_email=seat.email if seat else None)
        return self.store.save(remaining)

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
