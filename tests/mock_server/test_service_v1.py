"""API v1 use cases over the same store: numeric ids, `take`+`page` paging, v1 cancel semantics."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mock_server.domain.exceptions import (
    ApiKeyExpired,
    ApiKeyInvalid,
    ApiKeyMissing,
    BookingIdNotFound,
    InvalidRequest,
    V1AlreadyCancelled,
    V1EventTypeNotFound,
    V1NotAuthorized,
)
from mock_server.domain.model import BookingStatus, User
from mock_server.services.listing import SortOrder
from mock_server.services.scheduling import AttendeeInput, BookingInput
from mock_server.services.v1 import V1BookingService, V1Patch, V1Query, V1SortBy
from tests.mock_server.conftest import NOW, TODAY

ANN = AttendeeInput(name="Ann Example", email="ann@example.com", time_zone="Europe/Rome")


def ids(v1: V1BookingService, user: User, **query: object) -> list[int]:
    return [b.id for b in v1.list(user, V1Query(**query))]  # type: ignore[arg-type]


def test_v1_needs_a_valid_unexpired_api_key(v1: V1BookingService) -> None:
    assert v1.authenticate("cal_test_acme_member2_key").username == "frank"
    with pytest.raises(ApiKeyMissing):
        v1.authenticate(None)
    with pytest.raises(ApiKeyInvalid):
        v1.authenticate("cal_nope")
    with pytest.raises(ApiKeyExpired):
        v1.authenticate("cal_test_acme_expired_key")


def test_a_member_lists_their_own_bookings(v1: V1BookingService, users: dict[str, User]) -> None:
    assert ids(v1, users["frank"]) == [22]


def test_an_org_admin_lists_the_members_bookings_and_may_narrow_to_one_member(
    v1: V1BookingService, users: dict[str, User]
) -> None:
    assert set(ids(v1, users["alice"])) == set(range(1, 27)) | {39, 40}
    assert ids(v1, users["alice"], user_id=106) == [22]


def test_user_id_is_ignored_for_non_admins(v1: V1BookingService, users: dict[str, User]) -> None:
    assert ids(v1, users["frank"], user_id=101) == [22]


def test_attendee_emails_filter_by_any_of_them(v1: V1BookingService, users: dict[str, User]) -> None:
    assert ids(v1, users["alice"], attendee_emails=("peter@initech.com", "samir@initech.com")) == [1, 3]


def test_date_filters_bound_start_and_end(v1: V1BookingService, users: dict[str, User]) -> None:
    window = ids(v1, users["alice"], date_from=TODAY + timedelta(days=3), date_to=TODAY + timedelta(days=4, hours=11))
    assert window == [2, 4]


def test_upcoming_replaces_the_date_filters(v1: V1BookingService, users: dict[str, User]) -> None:
    upcoming = ids(v1, users["frank"], upcoming=True, date_to=TODAY - timedelta(days=100))
    assert upcoming == [22]


def test_v1_sorts_by_created_or_updated_time(v1: V1BookingService, users: dict[str, User]) -> None:
    assert ids(v1, users["alice"], sort_by=V1SortBy.CREATED_AT, order=SortOrder.DESC)[0] == 40
    v1.cancel(users["alice"], 3)
    assert ids(v1, users["alice"], sort_by=V1SortBy.UPDATED_AT, order=SortOrder.DESC)[0] == 3


def test_v1_paginates_only_when_take_and_page_are_both_given(v1: V1BookingService, users: dict[str, User]) -> None:
    everything = ids(v1, users["alice"])
    assert ids(v1, users["alice"], take=2) == everything
    assert ids(v1, users["alice"], take=2, page=2) == everything[2:4]


def test_v1_create_makes_one_booking_with_v2_rules(v1: V1BookingService, users: dict[str, User]) -> None:
    start = TODAY + timedelta(days=22, hours=10)  # a Tuesday, inside both hosts' working hours
    booking = v1.create(users["alice"], BookingInput(start=start, attendee=ANN, event_type_id=1004))
    assert booking.recurring_booking_uid is None and booking.status is BookingStatus.ACCEPTED
    flexible = v1.create(
        users["frank"], BookingInput(start=start, attendee=ANN, event_type_id=1006), end=start + timedelta(minutes=45)
    )
    assert flexible.duration == timedelta(minutes=45)


def test_v1_create_answers_400_for_an_unknown_event_type(v1: V1BookingService, users: dict[str, User]) -> None:
    with pytest.raises(V1EventTypeNotFound):
        v1.create(users["alice"], BookingInput(start=NOW + timedelta(days=1), attendee=ANN, event_type_id=999))


def test_v1_get_needs_a_visible_existing_booking(v1: V1BookingService, users: dict[str, User]) -> None:
    assert v1.get(users["alice"], 2).uid == "awSwmVI4wxFymMjsrh5AU3"
    assert v1.get(users["bob"], 23).id == 23
    with pytest.raises(V1NotAuthorized, match="^You are not authorized$"):
        v1.get(users["frank"], 2)
    with pytest.raises(BookingIdNotFound):
        v1.get(users["alice"], 999)


def test_v1_patch_changes_only_the_given_fields(v1: V1BookingService, users: dict[str, User]) -> None:
    start = TODAY + timedelta(days=3, hours=15)
    patched = v1.patch(
        users["alice"],
        2,
        V1Patch(
            title="Renamed", start_time=start, end_time=start + timedelta(minutes=30), status=BookingStatus.PENDING
        ),
    )
    assert (patched.title, patched.start, patched.status, patched.updated_at) == (
        "Renamed",
        start,
        BookingStatus.PENDING,
        NOW,
    )
    assert patched.description == "" and patched.attendees[0].email == "michael.bolton@initech.com"


def test_v1_patch_refuses_an_end_before_the_start_and_strangers(v1: V1BookingService, users: dict[str, User]) -> None:
    with pytest.raises(InvalidRequest):
        v1.patch(users["alice"], 2, V1Patch(end_time=TODAY))
    with pytest.raises(V1NotAuthorized):
        v1.patch(users["frank"], 2, V1Patch(title="x"))


def test_v1_cancel_defaults_the_reason_and_records_the_caller(v1: V1BookingService, users: dict[str, User]) -> None:
    outcome = v1.cancel(users["alice"], 2)
    assert (outcome.success, outcome.booking_id, outcome.booking_uid, outcome.only_removed_attendee) == (
        True,
        2,
        "awSwmVI4wxFymMjsrh5AU3",
        False,
    )
    cancelled = v1.get(users["alice"], 2)
    assert (cancelled.cancellation_reason, cancelled.cancelled_by_email) == ("Not Provided", "alice@acme.com")


def test_v1_cannot_cancel_twice(v1: V1BookingService, users: dict[str, User]) -> None:
    with pytest.raises(V1AlreadyCancelled, match=r"^This booking has already been cancelled\.$"):
        v1.cancel(users["alice"], 6)


def test_v1_cancel_of_all_remaining_cancels_the_series_from_now_on(
    v1: V1BookingService, users: dict[str, User]
) -> None:
    v1.cancel(users["erin"], 13, all_remaining=True, reason="Done", cancelled_by="boss@acme.com")
    statuses = [v1.get(users["erin"], i).status for i in range(11, 17)]
    assert statuses == [BookingStatus.ACCEPTED] * 2 + [BookingStatus.CANCELLED] * 4
    assert v1.get(users["erin"], 16).cancelled_by_email == "boss@acme.com"
