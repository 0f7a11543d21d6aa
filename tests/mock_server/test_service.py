"""v2 use cases over the default fixtures, with the clock frozen at 2025-03-10T12:00Z."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import (
    ApiKeyExpired,
    ApiKeyInvalid,
    ApiKeyMissing,
    BookingAccessForbidden,
    BookingAlreadyCancelled,
    BookingAuthenticationForbidden,
    BookingAuthenticationRequired,
    BookingInPast,
    BookingNotFound,
    CancellationReasonRequired,
    ConfirmationRefused,
    ConfirmationUnauthorized,
    EventTypeNotFound,
    EventTypeNotIdentified,
    GuardForbidden,
    LengthNotAllowed,
    MarkAbsentTooEarly,
    MissingContactMethod,
    NotHostOfSeatedEvent,
    NotPartOfRecurring,
    OrganizationSlugNotFound,
    RecurrenceCountTooHigh,
    RescheduleOfCancelled,
    RescheduleOfRescheduled,
    SeatNotFound,
    SeatNotInBooking,
    SeatsFull,
    SeatUidRequiredForReschedule,
    SeriesSubsequentCancel,
    SlotUnavailable,
    TeamNotFound,
    UserNotFound,
)
from mock_server.domain.model import Booking, BookingStatus, User
from mock_server.services.bookings import BookingService
from mock_server.services.scheduling import AttendeeInput, BookingInput
from mock_server.state import fixtures
from mock_server.state.store import BookingStore
from tests.mock_server.conftest import NOW, TODAY

ANN = AttendeeInput(name="Ann Example", email="ann@example.com", time_zone="Europe/Rome")
WEEKLY_SYNC_SERIES = "59bc8874-b6b8-49a3-9155-28899e8884ba"
MENTORING_SERIES = "a595cdab-abe7-4609-b39a-2ca76d3bb082"
FULL_WORKSHOP, ONE_SEAT_WORKSHOP = "TYnL6GynjVNELdbv2IGtnB", "F9Sa5mL54BUf7WOy6UYuCe"
UPCOMING_INTRO, PENDING_CONSULTATION, CANCELLED_INTRO = (
    "awSwmVI4wxFymMjsrh5AU3",
    "cex0st0ZUu52bY4k8MxNCN",
    "9zNhSUfGo0SBEQSNkFdTls",
)


def at(days: int, hours: int = 0, minutes: int = 0) -> datetime:
    return TODAY + timedelta(days=days, hours=hours, minutes=minutes)


def request(event_type_id: int | None = 1001, start: datetime | None = None, **changes: object) -> BookingInput:
    base = BookingInput(start=start or at(24, 10), attendee=ANN, event_type_id=event_type_id)
    return replace(base, **changes)  # type: ignore[arg-type]


def get_one(service: BookingService, uid: str) -> Booking:
    result = service.get(uid)
    assert isinstance(result, Booking)
    return result


# -------------------------------------------------------------------------------------------- auth


def test_an_api_key_resolves_to_its_user(service: BookingService) -> None:
    user = service.authenticate("cal_test_acme_owner_key")
    assert user is not None and user.username == "alice"


def test_unknown_and_expired_keys_are_refused(service: BookingService) -> None:
    with pytest.raises(ApiKeyInvalid):
        service.authenticate("cal_nope")
    with pytest.raises(ApiKeyExpired):
        service.authenticate("cal_test_acme_expired_key")


def test_a_missing_key_is_refused_only_where_auth_is_required(service: BookingService) -> None:
    assert service.authenticate(None, required=False) is None
    with pytest.raises(ApiKeyMissing):
        service.authenticate(None)
    with pytest.raises(GuardForbidden):
        service.authenticate(None, permissions_guard=True)


def test_a_key_sent_to_an_optional_route_is_still_checked(service: BookingService) -> None:
    with pytest.raises(ApiKeyInvalid):
        service.authenticate("cal_nope", required=False)


# ------------------------------------------------------------------------------------------ create


def test_creating_a_booking_accepts_it_and_fills_what_the_server_derives(service: BookingService) -> None:
    created = service.create(request(guests=("g@example.com",), metadata={"k": "v"}))
    (booking,) = created.bookings
    assert not created.many and created.seat_uids == (None,)
    assert booking.status is BookingStatus.ACCEPTED
    assert (booking.start, booking.end) == (at(24, 10), at(24, 10, 30))
    assert booking.title == "Intro call between Alice Anders and Ann Example"
    assert (booking.organizer_id, booking.host_ids, booking.event_type_id) == (101, (101,), 1001)
    assert booking.location == booking.meeting_url == "https://meet.acme.com/alice"
    assert booking.ics_uid == f"{booking.uid}@Cal.com" and booking.created_at == NOW
    assert booking.booking_fields_responses == {
        "name": "Ann Example",
        "email": "ann@example.com",
        "guests": ["g@example.com"],
    }
    assert get_one(service, booking.uid) == booking


def test_an_event_type_requiring_confirmation_creates_a_pending_booking(service: BookingService) -> None:
    (booking,) = service.create(request(1002)).bookings
    assert booking.status is BookingStatus.PENDING


def test_an_event_type_can_be_named_by_slug_and_username_or_team_slug(service: BookingService) -> None:
    (personal,) = service.create(request(None, event_type_slug="intro-call", username="alice")).bookings
    (team,) = service.create(
        request(None, event_type_slug="sales-demo", team_slug="sales", organization_slug="acme", start=at(21, 10))
    ).bookings
    assert personal.event_type_id == 1001
    assert (team.event_type_id, team.host_ids, team.organizer_id) == (1101, (103, 104), 103)


def test_an_unidentified_event_type_is_a_bad_request(service: BookingService) -> None:
    with pytest.raises(EventTypeNotIdentified, match="^Either eventTypeId or eventTypeSlug"):
        service.create(request(None, event_type_slug="intro-call"))


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"event_type_id": 999}, EventTypeNotFound, "^Event type with id 999 not found.$"),
        (
            {"event_type_slug": "nope", "username": "alice"},
            EventTypeNotFound,
            "^Event type with slug nope belonging to user alice not found.$",
        ),
        (
            {"event_type_slug": "nope", "team_slug": "sales", "organization_slug": "acme"},
            EventTypeNotFound,
            "^Event type with slug nope belonging to team sales within organization acme not found.$",
        ),
        ({"event_type_slug": "intro-call", "username": "zed"}, UserNotFound, "^User with username zed not found$"),
        ({"event_type_slug": "x", "team_slug": "zed"}, TeamNotFound, "^Team with slug zed not found$"),
        ({"event_type_slug": "x", "username": "alice", "organization_slug": "zed"}, OrganizationSlugNotFound, "zed"),
    ],
)
def test_unknown_event_types_users_teams_and_orgs_are_not_found(
    service: BookingService, changes: dict[str, object], error: type[Exception], message: str
) -> None:
    data = replace(request(None), **changes)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        service.create(data)


def test_a_username_outside_the_named_organization_is_not_found(service: BookingService) -> None:
    with pytest.raises(UserNotFound):
        service.create(request(None, event_type_slug="intro-call", username="alice", organization_slug="globex"))


def test_an_attendee_needs_an_email_or_a_phone_number(service: BookingService) -> None:
    with pytest.raises(MissingContactMethod):
        service.create(request(attendee=AttendeeInput(name="No Contact", time_zone="UTC")))
    phone_only = AttendeeInput(name="Phone", time_zone="UTC", phone_number="+15125550199")
    (booking,) = service.create(request(attendee=phone_only)).bookings
    assert booking.attendees[0].email == "15125550199@sms.cal.com"
    assert booking.attendees[0].phone_number == "+15125550199"


def test_cannot_book_in_the_past(service: BookingService) -> None:
    with pytest.raises(BookingInPast):
        service.create(request(start=NOW - timedelta(minutes=1)))


def test_cannot_book_a_host_who_already_has_an_overlapping_booking(service: BookingService) -> None:
    with pytest.raises(SlotUnavailable, match="^User either already has booking"):
        service.create(request(start=at(3, 14, 15)))


def test_a_cancelled_booking_frees_its_slot(service: BookingService) -> None:
    (booking,) = service.create(request(start=at(7, 9))).bookings
    assert booking.status is BookingStatus.ACCEPTED


def test_a_team_event_is_refused_when_any_host_is_busy(service: BookingService) -> None:
    with pytest.raises(SlotUnavailable, match="^One of the hosts"):
        service.create(request(1101, start=at(8, 16)))


def test_a_length_option_may_be_picked_but_nothing_else(service: BookingService) -> None:
    (booking,) = service.create(request(1006, length_in_minutes=45)).bookings
    assert booking.duration == timedelta(minutes=45)
    with pytest.raises(LengthNotAllowed):
        service.create(request(1001, length_in_minutes=45, start=at(21, 10)))


def test_a_recurring_event_type_books_the_requested_number_of_weekly_occurrences(service: BookingService) -> None:
    created = service.create(request(1004, start=at(30, 9), recurrence_count=3))
    starts = [b.start for b in created.bookings]
    assert created.many and starts == [at(30, 9), at(37, 9), at(44, 9)]
    (series_uid,) = {b.recurring_booking_uid for b in created.bookings}
    assert series_uid is not None
    assert service.get(series_uid) == list(created.bookings)


def test_a_recurrence_count_defaults_to_max_occurrences_and_may_not_exceed_it(service: BookingService) -> None:
    assert len(service.create(request(1004, start=at(30, 9))).bookings) == 6
    # transformInputCreateRecurringBooking refuses a count above the event type's (it used to be capped).
    with pytest.raises(RecurrenceCountTooHigh, match="^Provided recurrence count is higher than"):
        service.create(request(1004, start=at(30, 10), recurrence_count=50))


def test_a_recurrence_count_on_a_non_recurring_event_type_books_one_plain_booking(service: BookingService) -> None:
    created = service.create(request(1001, recurrence_count=3))
    assert not created.many
    assert [b.recurring_booking_uid for b in created.bookings] == [None]


def test_a_series_with_one_conflicting_occurrence_books_nothing(service: BookingService, store: BookingStore) -> None:
    count = len(list(store.bookings()))
    with pytest.raises(SlotUnavailable):
        service.create(request(1004, start=at(-6, 9) + timedelta(weeks=2)))
    assert len(list(store.bookings())) == count


def test_a_refused_request_consumes_no_uids(clock: Clock) -> None:
    one = BookingService(fixtures.load(clock=clock, rng=random.Random(3)), clock)
    two = BookingService(fixtures.load(clock=clock, rng=random.Random(3)), clock)
    with pytest.raises(SlotUnavailable):
        one.create(request(start=at(3, 14)))
    assert one.create(request()).bookings[0].uid == two.create(request()).bookings[0].uid


def test_a_seated_booking_at_the_same_start_is_joined_with_a_new_seat(service: BookingService) -> None:
    created = service.create(request(1003, start=at(15, 16)))
    (booking,) = created.bookings
    (seat_uid,) = created.seat_uids
    assert booking.uid == ONE_SEAT_WORKSHOP and len(booking.attendees) == 2
    assert seat_uid is not None and booking.attendees[-1].seat_uid == seat_uid
    assert booking.attendees[-1].seat_created_at == NOW


def test_a_seated_slot_without_a_booking_gets_a_new_one(service: BookingService) -> None:
    created = service.create(request(1003, start=at(22, 13)))
    assert created.bookings[0].uid != ONE_SEAT_WORKSHOP and created.seat_uids[0] is not None


def test_a_full_seated_booking_is_a_conflict(service: BookingService) -> None:
    with pytest.raises(SeatsFull, match="^No more seats left at this seated booking.$"):
        service.create(request(1003, start=at(8, 16)))


def test_an_event_type_requiring_authentication_checks_the_booker(
    service: BookingService, users: dict[str, User]
) -> None:
    with pytest.raises(BookingAuthenticationRequired):
        service.create(request(1005))
    with pytest.raises(BookingAuthenticationForbidden):
        service.create(request(1005), users["carol"])
    service.create(request(1005), users["alice"])
    service.create(request(1005, start=at(21, 10)), users["bob"])


# --------------------------------------------------------------------------------------------- get


def test_a_recurrence_is_found_by_its_own_uid_and_the_series_by_the_series_uid(service: BookingService) -> None:
    occurrence = get_one(service, "nsEhumaSnDeKimcH286d8q")
    assert occurrence.recurring_booking_uid == WEEKLY_SYNC_SERIES
    series = service.get(WEEKLY_SYNC_SERIES)
    assert isinstance(series, list) and [b.id for b in series] == [11, 12, 13, 14, 15, 16]


def test_an_unknown_uid_is_not_found(service: BookingService) -> None:
    with pytest.raises(BookingNotFound, match="^Booking with uid=nope was not found in the database$"):
        service.get("nope")


# ------------------------------------------------------------------------------------------ cancel


def test_cancelling_records_the_reason_and_the_first_attendee_when_anonymous(service: BookingService) -> None:
    result = service.cancel(UPCOMING_INTRO, reason="Travel")
    assert isinstance(result, Booking)
    assert (result.status, result.cancellation_reason, result.cancelled_by_email, result.updated_at) == (
        BookingStatus.CANCELLED,
        "Travel",
        "michael.bolton@initech.com",
        NOW,
    )


def test_cancelling_with_a_key_records_the_callers_email(service: BookingService, users: dict[str, User]) -> None:
    result = service.cancel(UPCOMING_INTRO, caller=users["bob"])
    assert isinstance(result, Booking) and result.cancelled_by_email == "bob@acme.com"


def test_a_host_must_give_a_cancellation_reason(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(CancellationReasonRequired):
        service.cancel(UPCOMING_INTRO, caller=users["alice"])
    service.cancel(UPCOMING_INTRO, caller=users["alice"], reason="Conflict")


def test_cannot_cancel_a_booking_twice(service: BookingService) -> None:
    with pytest.raises(BookingAlreadyCancelled):
        service.cancel(CANCELLED_INTRO)


def test_cancelling_an_unknown_uid_is_not_found(service: BookingService) -> None:
    with pytest.raises(BookingNotFound, match="^Booking with uid=nope not found$"):
        service.cancel("nope")


def test_cancelling_a_series_cancels_the_remaining_occurrences_and_answers_the_whole_series(
    service: BookingService,
) -> None:
    result = service.cancel(WEEKLY_SYNC_SERIES, reason="Project over")
    assert isinstance(result, list) and len(result) == 6
    assert [b.status for b in result] == [BookingStatus.ACCEPTED] * 2 + [BookingStatus.CANCELLED] * 4


def test_a_series_whose_first_occurrence_is_cancelled_counts_as_cancelled(service: BookingService) -> None:
    service.cancel("D9zqcewFq8eb7X1BGeWHZf", reason="x")
    with pytest.raises(BookingAlreadyCancelled):
        service.cancel(WEEKLY_SYNC_SERIES)


def test_cancel_subsequent_is_refused_with_a_series_uid(service: BookingService) -> None:
    with pytest.raises(SeriesSubsequentCancel):
        service.cancel(WEEKLY_SYNC_SERIES, cancel_subsequent=True)


def test_cancel_subsequent_cancels_an_occurrence_and_those_after_it(service: BookingService) -> None:
    result = service.cancel("8ND1Ld96kUUkS1VnUVprbb", cancel_subsequent=True)
    assert isinstance(result, list)
    assert [b.status is BookingStatus.CANCELLED for b in result] == [False, False, False, True, True, True]


def test_cancel_subsequent_on_a_plain_booking_cancels_it_then_complains(service: BookingService) -> None:
    with pytest.raises(NotPartOfRecurring, match=f"^Booking with bookingUid={UPCOMING_INTRO} is not part"):
        service.cancel(UPCOMING_INTRO, cancel_subsequent=True)
    assert get_one(service, UPCOMING_INTRO).status is BookingStatus.CANCELLED


def test_cancelling_a_seat_removes_only_that_attendee(service: BookingService) -> None:
    result = service.cancel(FULL_WORKSHOP, seat_uid="cfb45e65-c632-4878-9cc5-211049dc80b9")
    assert isinstance(result, Booking)
    assert result.status is BookingStatus.ACCEPTED
    assert [a.name for a in result.attendees] == ["Nelson Bighetti", "Richard Hendricks"]


def test_an_unknown_or_foreign_seat_is_refused(service: BookingService) -> None:
    with pytest.raises(SeatNotFound):
        service.cancel(FULL_WORKSHOP, seat_uid="00000000-0000-4000-8000-000000000000")
    with pytest.raises(SeatNotInBooking):
        service.cancel(ONE_SEAT_WORKSHOP, seat_uid="cfb45e65-c632-4878-9cc5-211049dc80b9")


def test_only_a_host_may_cancel_a_whole_seated_booking(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(NotHostOfSeatedEvent):
        service.cancel(FULL_WORKSHOP, reason="x")
    with pytest.raises(NotHostOfSeatedEvent):
        service.cancel(FULL_WORKSHOP, caller=users["grace"], reason="x")
    result = service.cancel(FULL_WORKSHOP, caller=users["dave"], reason="Room flooded")
    assert isinstance(result, Booking) and result.status is BookingStatus.CANCELLED


# --------------------------------------------------------------------------------- confirm/decline


def test_the_owner_confirms_a_pending_booking(service: BookingService, users: dict[str, User]) -> None:
    assert service.confirm(PENDING_CONSULTATION, users["carol"]).status is BookingStatus.ACCEPTED


def test_the_owner_declines_a_pending_booking_with_a_reason(service: BookingService, users: dict[str, User]) -> None:
    declined = service.decline(PENDING_CONSULTATION, users["carol"], "Fully booked")
    assert (declined.status, declined.rejection_reason) == (BookingStatus.REJECTED, "Fully booked")


def test_a_stranger_cannot_confirm(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(ConfirmationUnauthorized):
        service.confirm(PENDING_CONSULTATION, users["grace"])


def test_an_accepted_booking_cannot_be_declined(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(ConfirmationRefused, match="^Booking already confirmed$"):
        service.decline(UPCOMING_INTRO, users["alice"])


def test_a_cancelled_booking_cannot_be_confirmed(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(ConfirmationRefused):
        service.confirm(CANCELLED_INTRO, users["alice"])


@pytest.mark.parametrize(("username", "allowed"), [("erin", True), ("dave", True), ("bob", True), ("carol", False)])
def test_team_owners_hosts_and_org_admins_may_confirm_a_team_booking(
    service: BookingService, users: dict[str, User], username: str, allowed: bool
) -> None:
    if allowed:
        assert service.confirm("GihF12yz24ICyQQ05TEVrV", users[username]).status is BookingStatus.ACCEPTED
    else:
        with pytest.raises(ConfirmationUnauthorized):
            service.confirm("GihF12yz24ICyQQ05TEVrV", users[username])


def test_declining_a_recurrence_rejects_every_pending_occurrence(
    service: BookingService, users: dict[str, User]
) -> None:
    service.decline("b7QvCCVpKpPRMAb3KeFf65", users["nina"], "No time")
    series = service.get(MENTORING_SERIES)
    assert isinstance(series, list) and {b.status for b in series} == {BookingStatus.REJECTED}


def test_confirming_a_recurrence_confirms_the_pending_series(service: BookingService, users: dict[str, User]) -> None:
    service.confirm("62LC1Ui7OgpJnWZwJPjm2w", users["nina"])
    series = service.get(MENTORING_SERIES)
    assert isinstance(series, list) and {b.status for b in series} == {BookingStatus.ACCEPTED}


def test_confirming_an_unknown_uid_is_not_found(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(BookingNotFound):
        service.confirm("nope", users["alice"])


# -------------------------------------------------------------------------------------- reschedule


def test_rescheduling_makes_a_new_booking_and_cancels_the_old_one(service: BookingService) -> None:
    created = service.reschedule(
        UPCOMING_INTRO, start=at(21, 10), reason="Dentist", rescheduled_by="michael.bolton@initech.com"
    )
    (new,) = created.bookings
    old = get_one(service, UPCOMING_INTRO)
    assert new.uid != old.uid and (new.start, new.end) == (at(21, 10), at(21, 10, 30))
    assert (new.rescheduled_from_uid, new.rescheduling_reason, new.rescheduled_by_email) == (
        UPCOMING_INTRO,
        "Dentist",
        "michael.bolton@initech.com",
    )
    assert (old.status, old.rescheduled_to_uid) == (BookingStatus.CANCELLED, new.uid)
    assert [a.email for a in new.attendees] == [a.email for a in old.attendees]


def test_a_rescheduled_booking_points_to_its_replacement(service: BookingService) -> None:
    (new,) = service.reschedule(UPCOMING_INTRO, start=at(21, 10)).bookings
    with pytest.raises(RescheduleOfRescheduled, match=f"You probably want to reschedule {new.uid} instead"):
        service.reschedule(UPCOMING_INTRO, start=at(22, 10))


def test_a_cancelled_booking_cannot_be_rescheduled(service: BookingService) -> None:
    with pytest.raises(RescheduleOfCancelled):
        service.reschedule(CANCELLED_INTRO, start=at(22, 10))


def test_rescheduling_an_unknown_uid_is_not_found(service: BookingService) -> None:
    with pytest.raises(BookingNotFound):
        service.reschedule("nope", start=at(22, 10))


def test_rescheduling_checks_conflicts_but_not_against_the_booking_being_moved(service: BookingService) -> None:
    with pytest.raises(SlotUnavailable):
        service.reschedule("9IczWQJrXJyA9N8mtI9XZU", start=at(3, 14))
    (moved,) = service.reschedule(UPCOMING_INTRO, start=at(3, 14, 15)).bookings
    assert moved.start == at(3, 14, 15)


def test_a_reschedule_needs_confirmation_again_unless_the_owner_does_it(service: BookingService) -> None:
    (by_attendee,) = service.reschedule(
        PENDING_CONSULTATION, start=at(22, 10), rescheduled_by="joanna@chotchkies.com"
    ).bookings
    assert by_attendee.status is BookingStatus.PENDING
    (by_owner,) = service.reschedule(by_attendee.uid, start=at(23, 10), rescheduled_by="carol@acme.com").bookings
    assert by_owner.status is BookingStatus.ACCEPTED


def test_a_seated_booking_is_rescheduled_one_seat_at_a_time(service: BookingService) -> None:
    with pytest.raises(SeatUidRequiredForReschedule):
        service.reschedule(FULL_WORKSHOP, start=at(22, 13))
    seat = "976f1e24-c82d-4f4a-bcfb-b3d14d3b93c9"
    created = service.reschedule(FULL_WORKSHOP, start=at(22, 13), seat_uid=seat)
    assert created.seat_uids == (seat,) and created.bookings[0].attendees[0].seat_uid == seat
    assert len(get_one(service, FULL_WORKSHOP).attendees) == 2


def test_moving_the_last_seat_cancels_the_emptied_booking(service: BookingService) -> None:
    (new,) = service.reschedule(
        ONE_SEAT_WORKSHOP, start=at(22, 13), seat_uid="948ba7fa-c01d-40ca-bdd2-5cef4548fa8f"
    ).bookings
    old = get_one(service, ONE_SEAT_WORKSHOP)
    assert (old.status, old.rescheduled_to_uid) == (BookingStatus.CANCELLED, new.uid)


def test_a_rescheduled_recurrence_stays_in_its_series(service: BookingService) -> None:
    (new,) = service.reschedule("8ND1Ld96kUUkS1VnUVprbb", start=at(9, 11)).bookings
    assert new.recurring_booking_uid == WEEKLY_SYNC_SERIES


# ------------------------------------------------------------------------------------ mark absent


def test_absence_cannot_be_marked_before_the_booking_starts(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(MarkAbsentTooEarly):
        service.mark_absent(UPCOMING_INTRO, caller=users["alice"], host=True)


def test_the_host_flag_alone_needs_no_ownership(service: BookingService, users: dict[str, User]) -> None:
    marked = service.mark_absent("9vwL4ryBmVWrnRPzGEotZc", caller=users["grace"], host=True)
    assert marked.absent_host


def test_marking_attendees_requires_access_to_the_booking(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(BookingAccessForbidden, match="^You are not allowed to access this booking$"):
        service.mark_absent("9vwL4ryBmVWrnRPzGEotZc", caller=users["grace"], attendees={"peter@initech.com": True})
    marked = service.mark_absent("9vwL4ryBmVWrnRPzGEotZc", caller=users["alice"], attendees={"peter@initech.com": True})
    assert marked.attendees[0].absent and not marked.absent_host


def test_an_in_progress_booking_can_be_marked(service: BookingService, users: dict[str, User]) -> None:
    marked = service.mark_absent("GMymbzTjfUQbj4r9zKl6wu", caller=users["alice"], attendees={"drew@hooli.com": True})
    assert marked.attendees[0].absent


def test_marking_an_unknown_uid_is_not_found(service: BookingService, users: dict[str, User]) -> None:
    with pytest.raises(BookingNotFound, match=r"^Booking with uid=nope not found\.$"):
        service.mark_absent("nope", caller=users["alice"], host=True)
