"""`GET /v2/bookings` and the organization lists: scope, every filter, status semantics, sorting,
paging, and the org routes' guards; plus reporting an org booking."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mock_server.domain.exceptions import (
    AlreadyReported,
    DomainReportRefused,
    GuardForbidden,
    InvalidStatusFilter,
    ReportBookingNotFound,
    ReportBookingOutsideOrg,
    StatusEmpty,
    TeamNotInOrgNotFound,
    UserIdsOutsideOrg,
)
from mock_server.domain.model import BookingStatus, ReportReason, ReportType, User
from mock_server.services.bookings import BookingService
from mock_server.services.listing import BookingQuery, ListStatus, SortOrder, normalize_attendee_email, parse_statuses
from mock_server.services.organizations import OrgService, ReportOutcome
from mock_server.services.scheduling import AttendeeInput, BookingInput
from mock_server.state.store import BookingStore
from tests.mock_server.conftest import NOW, TODAY

ACME_IDS = set(range(1, 27)) | {45}  # 45: Acme Rotations' round-robin booking


def ids(service: BookingService, user: User, **query: object) -> list[int]:
    page = service.list_bookings(user, BookingQuery(**query))  # type: ignore[arg-type]
    return [b.id for b in page.items]


def statuses(*names: str) -> tuple[ListStatus, ...]:
    return tuple(ListStatus(name) for name in names)


# ------------------------------------------------------------------------------------------ scope


def test_a_member_sees_the_bookings_they_organize(service: BookingService, users: dict[str, User]) -> None:
    assert ids(service, users["frank"]) == [22]


def test_an_org_owner_sees_the_org_and_what_they_attend_elsewhere(
    service: BookingService, users: dict[str, User]
) -> None:
    assert set(ids(service, users["alice"])) == ACME_IDS | {39, 40}


def test_a_team_admin_sees_their_teams_and_its_members_bookings(
    service: BookingService, users: dict[str, User]
) -> None:
    assert set(ids(service, users["carol"])) == {4, 5, 7, 9, 10, 17, 18, 23, 24, 26}


def test_an_org_admin_never_sees_another_orgs_bookings(service: BookingService, users: dict[str, User]) -> None:
    assert not set(ids(service, users["grace"])) & ACME_IDS
    assert set(ids(service, users["grace"])) == set(range(27, 39))


# ---------------------------------------------------------------------------------------- statuses


def test_status_parsing_accepts_comma_lists_and_refuses_empty_or_unknown_values() -> None:
    assert parse_statuses("upcoming,past") == statuses("upcoming", "past")
    assert parse_statuses(["upcoming", "past,upcoming"]) == statuses("upcoming", "past")
    assert parse_statuses(None) == ()
    with pytest.raises(StatusEmpty, match=r"^status cannot be empty\.$"):
        parse_statuses("")
    with pytest.raises(InvalidStatusFilter, match="^Invalid status. Allowed are upcoming, recurring, past"):
        parse_statuses("upcoming,later")


def test_upcoming_includes_in_progress_pending_and_awaiting_host_but_only_accepted_recurrences(
    service: BookingService, users: dict[str, User]
) -> None:
    upcoming = ids(service, users["alice"], statuses=statuses("upcoming"))
    assert upcoming[0] == 8
    assert {4, 24, 26, 13, 14, 15, 16} <= set(upcoming)
    assert not {6, 7, 19, 1, 5} & set(upcoming)


def test_recurring_lists_live_future_occurrences(service: BookingService, users: dict[str, User]) -> None:
    assert ids(service, users["alice"], statuses=statuses("recurring")) == [13, 14, 15, 16]


def test_past_lists_ended_live_bookings_latest_first(service: BookingService, users: dict[str, User]) -> None:
    assert ids(service, users["alice"], statuses=statuses("past")) == [5, 18, 12, 1, 11, 21]


def test_cancelled_lists_cancelled_and_rejected_latest_first(service: BookingService, users: dict[str, User]) -> None:
    assert ids(service, users["alice"], statuses=statuses("cancelled")) == [19, 6, 7]


def test_unconfirmed_lists_future_pending_bookings(service: BookingService, users: dict[str, User]) -> None:
    assert ids(service, users["alice"], statuses=statuses("unconfirmed")) == [4, 26]


def test_several_statuses_are_ored_and_sorted_by_start_ascending(
    service: BookingService, users: dict[str, User]
) -> None:
    assert ids(service, users["alice"], statuses=statuses("unconfirmed", "cancelled")) == [4, 26, 7, 6, 19]


def test_a_pending_recurrence_is_unconfirmed_and_recurring_but_not_upcoming(
    service: BookingService, users: dict[str, User]
) -> None:
    nina = users["nina"]
    assert ids(service, nina, statuses=statuses("unconfirmed")) == [41, 42, 43, 44]
    assert ids(service, nina, statuses=statuses("recurring")) == [41, 42, 43, 44]
    assert ids(service, nina, statuses=statuses("upcoming")) == [40]


def test_status_follows_the_clock(service: BookingService, users: dict[str, User]) -> None:
    service.clock.advance(timedelta(days=4))
    assert 2 in ids(service, users["alice"], statuses=statuses("past"))


# ----------------------------------------------------------------------------------------- filters


def test_attendee_email_is_an_exact_match(service: BookingService, users: dict[str, User]) -> None:
    assert ids(service, users["alice"], attendee_email="peter@initech.com") == [1]
    assert ids(service, users["grace"], attendee_email="peter@initech.com") == [28]
    assert ids(service, users["alice"], attendee_email="PETER@initech.com") == []


def test_attendee_email_whitespace_becomes_a_plus(service: BookingService, users: dict[str, User]) -> None:
    assert normalize_attendee_email("  ann smith@x.com ") == "ann+smith@x.com"


def test_attendee_name_and_booking_uid_are_exact_matches(service: BookingService, users: dict[str, User]) -> None:
    alice = users["alice"]
    assert ids(service, alice, attendee_name="Bill Lumbergh") == [11, 12, 13, 14, 15, 16]
    assert ids(service, alice, booking_uid="awSwmVI4wxFymMjsrh5AU3") == [2]
    assert ids(service, alice, booking_uid="fIQFNYgF48OPYeh4gSs2MN") == []


def test_event_type_ids_take_precedence_over_event_type_id(service: BookingService, users: dict[str, User]) -> None:
    alice = users["alice"]
    assert ids(service, alice, event_type_ids=(1003,), event_type_id=1006) == [9, 10]
    assert ids(service, alice, event_type_id=1006) == [22]


def test_teams_ids_take_precedence_over_team_id(service: BookingService, users: dict[str, User]) -> None:
    alice = users["alice"]
    assert ids(service, alice, teams_ids=(11,), team_id=12) == [17]
    assert ids(service, alice, team_id=12) == [18, 26, 24]


def test_start_and_end_bounds_are_inclusive(service: BookingService, users: dict[str, User]) -> None:
    start = TODAY + timedelta(days=3, hours=14)
    window = ids(service, users["alice"], after_start=start, before_end=start + timedelta(minutes=30))
    assert window == [2]


def test_created_and_updated_ranges_filter(service: BookingService, users: dict[str, User]) -> None:
    created_2 = TODAY - timedelta(days=30) + timedelta(hours=2)
    assert ids(
        service, users["alice"], after_created_at=created_2, before_created_at=created_2 + timedelta(hours=1)
    ) == [2, 3]
    service.cancel("9IczWQJrXJyA9N8mtI9XZU", reason="x")
    assert ids(service, users["alice"], after_updated_at=NOW) == [3]
    assert 3 not in ids(service, users["alice"], before_updated_at=NOW - timedelta(seconds=1))


# ---------------------------------------------------------------------------------- sort and page


def test_only_the_first_sort_parameter_applies(service: BookingService, users: dict[str, User]) -> None:
    alice = users["alice"]
    by_start = ids(service, alice, sort_start=SortOrder.DESC, sort_created=SortOrder.ASC)
    assert by_start[0] == 16
    assert ids(service, alice, sort_created=SortOrder.DESC, sort_updated_at=SortOrder.ASC)[0] == 40
    assert ids(service, alice, sort_end=SortOrder.ASC, sort_created=SortOrder.DESC)[0] == 21


def test_updated_at_sorts_recent_changes_first(service: BookingService, users: dict[str, User]) -> None:
    service.cancel("9IczWQJrXJyA9N8mtI9XZU", reason="x")
    assert ids(service, users["alice"], sort_updated_at=SortOrder.DESC)[0] == 3


def test_take_and_skip_page_through_the_total(service: BookingService, users: dict[str, User]) -> None:
    alice = users["alice"]
    everything = ids(service, alice)
    page = service.list_bookings(alice, BookingQuery(take=5, skip=5))
    assert page.total == len(everything) and [b.id for b in page.items] == everything[5:10]
    assert service.list_bookings(alice, BookingQuery(take=5, skip=500)).items == []


def test_the_default_page_size_is_100(service: BookingService, users: dict[str, User]) -> None:
    assert BookingQuery().take == 100


# --------------------------------------------------------------------------------- team/org lists


def team_ids(org_service: OrgService, user: User, org_id: int, team_id: int) -> list[int]:
    return [b.id for b in org_service.list_team_bookings(user, org_id, team_id, BookingQuery()).items]


def test_a_team_admin_lists_the_teams_bookings(org_service: OrgService, users: dict[str, User]) -> None:
    assert team_ids(org_service, users["carol"], 1, 11) == [17]


def test_an_org_admin_lists_any_team_of_the_org(org_service: OrgService, users: dict[str, User]) -> None:
    assert team_ids(org_service, users["bob"], 1, 12) == [18, 26, 24]


def test_team_list_guards_refuse_in_the_real_order(org_service: OrgService, users: dict[str, User]) -> None:
    with pytest.raises(GuardForbidden, match="IsOrgGuard - provided organization id=99"):
        team_ids(org_service, users["alice"], 99, 11)
    with pytest.raises(GuardForbidden, match="minimum required role=TEAM_ADMIN"):
        team_ids(org_service, users["dave"], 1, 11)
    with pytest.raises(GuardForbidden, match="User is not part of the organization with id=1"):
        team_ids(org_service, users["grace"], 1, 11)
    with pytest.raises(GuardForbidden, match="Team with id=21 is not part of the organization with id=1"):
        team_ids(org_service, users["alice"], 1, 21)
    with pytest.raises(TeamNotInOrgNotFound):
        team_ids(org_service, users["alice"], 1, 99)


def test_an_org_without_the_admin_api_refuses_its_routes(org_service: OrgService, users: dict[str, User]) -> None:
    with pytest.raises(GuardForbidden, match="^IsAdminAPIEnabledGuard - Organization with id=3"):
        org_service.list_org_bookings(users["mallory"], 3, BookingQuery())


def test_org_bookings_are_for_org_admins_only(org_service: OrgService, users: dict[str, User]) -> None:
    with pytest.raises(GuardForbidden, match="minimum required role=ORG_ADMIN"):
        org_service.list_org_bookings(users["frank"], 1, BookingQuery())
    with pytest.raises(GuardForbidden, match="not a member of the organization with id=1"):
        org_service.list_org_bookings(users["grace"], 1, BookingQuery())


def test_org_bookings_narrow_to_user_ids_inside_the_org(org_service: OrgService, users: dict[str, User]) -> None:
    page = org_service.list_org_bookings(users["alice"], 1, BookingQuery(), user_ids=[103])
    assert [b.id for b in page.items] == [5, 17, 4, 7]
    with pytest.raises(UserIdsOutsideOrg):
        org_service.list_org_bookings(users["alice"], 1, BookingQuery(), user_ids=[103, 201])


# ------------------------------------------------------------------------------------------ report


def report(org_service: OrgService, user: User, uid: str, kind: ReportType, org_id: int = 1) -> ReportOutcome:
    return org_service.report(user, org_id, booking_uid=uid, reason=ReportReason.SPAM, report_type=kind)


def test_reporting_by_email_cancels_the_upcoming_reported_booking(
    org_service: OrgService, store: BookingStore, users: dict[str, User]
) -> None:
    outcome = report(org_service, users["alice"], "awSwmVI4wxFymMjsrh5AU3", ReportType.EMAIL)
    assert (outcome.reported_count, outcome.cancelled_count) == (1, 1)
    assert outcome.message == "Booking reported and cancelled successfully"
    booking = store.booking("awSwmVI4wxFymMjsrh5AU3")
    assert booking is not None and (booking.status, booking.cancelled_by_email) == (
        BookingStatus.CANCELLED,
        "alice@acme.com",
    )
    saved = store.report_for("awSwmVI4wxFymMjsrh5AU3")
    assert saved is not None and (saved.booker_email, saved.cancelled, saved.reporter_user_id) == (
        "michael.bolton@initech.com",
        True,
        101,
    )


def test_a_booking_can_be_reported_once(org_service: OrgService, users: dict[str, User]) -> None:
    report(org_service, users["alice"], "awSwmVI4wxFymMjsrh5AU3", ReportType.EMAIL)
    with pytest.raises(AlreadyReported, match="^This booking has already been reported$"):
        report(org_service, users["bob"], "awSwmVI4wxFymMjsrh5AU3", ReportType.DOMAIN)


def test_reporting_a_past_booking_cancels_nothing_outside_the_org(
    org_service: OrgService, store: BookingStore, users: dict[str, User]
) -> None:
    outcome = report(org_service, users["alice"], "9vwL4ryBmVWrnRPzGEotZc", ReportType.EMAIL)
    assert (outcome.cancelled_count, outcome.message) == (0, "Booking reported successfully")
    globex_peter = store.booking("fIQFNYgF48OPYeh4gSs2MN")
    assert globex_peter is not None and globex_peter.status is BookingStatus.ACCEPTED
    saved = store.report_for("9vwL4ryBmVWrnRPzGEotZc")
    assert saved is not None and saved.cancelled is False


def test_reporting_a_domain_cancels_every_upcoming_org_booking_from_it(
    org_service: OrgService, store: BookingStore, users: dict[str, User]
) -> None:
    outcome = report(org_service, users["bob"], "awSwmVI4wxFymMjsrh5AU3", ReportType.DOMAIN)
    cancelled = {b.id for b in store.bookings() if b.cancelled_by_email == "bob@acme.com"}
    assert cancelled == {2, 3, 13, 14, 15, 16, 20, 24}
    assert outcome.cancelled_count == 8
    saved = store.report_for("awSwmVI4wxFymMjsrh5AU3")
    assert saved is not None and saved.booker_email == "@initech.com"
    assert all(b.status is not BookingStatus.CANCELLED for b in store.bookings() if b.id in (28, 29, 32))


def test_domain_reports_refuse_free_email_and_seated_bookings(org_service: OrgService, users: dict[str, User]) -> None:
    with pytest.raises(DomainReportRefused, match="free email providers"):
        report(org_service, users["alice"], "Y25XtoSzGJ4UNUYzmgb8dI", ReportType.DOMAIN)
    with pytest.raises(DomainReportRefused, match="seated events"):
        report(org_service, users["alice"], "TYnL6GynjVNELdbv2IGtnB", ReportType.DOMAIN)


def test_a_report_must_name_an_existing_booking_of_the_org(org_service: OrgService, users: dict[str, User]) -> None:
    with pytest.raises(ReportBookingNotFound, match="^Booking not found$"):
        report(org_service, users["alice"], "nope", ReportType.EMAIL)
    with pytest.raises(ReportBookingOutsideOrg, match="^Booking does not belong to this organization$"):
        report(org_service, users["alice"], "fIQFNYgF48OPYeh4gSs2MN", ReportType.EMAIL)


def test_only_org_admins_of_an_org_with_the_admin_api_may_report(
    org_service: OrgService, users: dict[str, User]
) -> None:
    with pytest.raises(GuardForbidden):
        report(org_service, users["frank"], "awSwmVI4wxFymMjsrh5AU3", ReportType.EMAIL)
    with pytest.raises(GuardForbidden, match="IsAdminAPIEnabledGuard"):
        report(org_service, users["mallory"], "ofSeJPOxT9ZrW9S0TqQK5O", ReportType.EMAIL, org_id=3)


def test_reporting_a_seated_booking_removes_only_the_reporters_seat(
    org_service: OrgService, service: BookingService, store: BookingStore, users: dict[str, User]
) -> None:
    workshop = store.booking("F9Sa5mL54BUf7WOy6UYuCe")
    assert workshop is not None
    bob = AttendeeInput(name="Bob Porter", email="bob@acme.com", time_zone="UTC")
    service.create(BookingInput(start=workshop.start, attendee=bob, event_type_id=1003))
    outcome = report(org_service, users["bob"], workshop.uid, ReportType.EMAIL)
    after = store.booking(workshop.uid)
    assert outcome.cancelled_count == 1
    assert after is not None and after.status is BookingStatus.ACCEPTED
    assert [a.email for a in after.attendees] == ["jared@piedpiper.com"]
