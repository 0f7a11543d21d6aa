"""The pure rules: entities' transitions, auth, roles and tenancy, booking state checks, reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from mock_server.domain.exceptions import (
    ApiKeyExpired,
    ApiKeyInvalid,
    ApiKeyMissing,
    BareHttpError,
    BookingAuthenticationForbidden,
    BookingAuthenticationRequired,
    BookingNotFound,
    CancellationReasonRequired,
    ConfirmationRefused,
    DomainError,
    DomainReportRefused,
    GuardForbidden,
    HttpExceptionError,
    InvalidRequest,
    LengthNotAllowed,
    MarkAbsentTooEarly,
    ReportBookingNotFound,
    ReportNoAttendees,
    RescheduleOfCancelled,
    RescheduleOfRejected,
    RescheduleOfRescheduled,
    SlotUnavailable,
    TeamNotInOrgNotFound,
    TrpcError,
)
from mock_server.domain.model import (
    ApiKey,
    Attendee,
    Booking,
    BookingContext,
    BookingStatus,
    EventType,
    Frequency,
    Organization,
    Plan,
    Recurrence,
    ReportType,
    Role,
    Team,
    User,
    iso_utc,
)
from mock_server.domain.rules import (
    can_manage_booking,
    can_read_booking,
    check_absence_time,
    check_api_key,
    check_cancellable,
    check_confirmable,
    check_length,
    check_may_book,
    check_not_in_past,
    check_reschedulable,
    matches_reported_booker,
    phone_placeholder_email,
    report_booker,
    require_caller,
    require_org_admin,
    require_plan_and_admin_api,
    require_team_admin,
    require_team_in_org,
)

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
ACME = Organization(id=1, slug="acme", name="Acme", plan=Plan.SCALE)
SALES = Team(id=11, slug="sales", name="Sales", parent_org_id=1)
OWNER = User(id=1, username="owner", name="Owner", email="owner@acme.com", org_id=1, org_role=Role.OWNER)
ADMIN = User(id=2, username="admin", name="Admin", email="admin@acme.com", org_id=1, org_role=Role.ADMIN)
TEAM_ADMIN = User(
    id=3,
    username="lead",
    name="Lead",
    email="lead@acme.com",
    org_id=1,
    org_role=Role.MEMBER,
    team_roles={11: Role.ADMIN},
)
MEMBER = User(
    id=4,
    username="member",
    name="Member",
    email="member@acme.com",
    org_id=1,
    org_role=Role.MEMBER,
    team_roles={11: Role.MEMBER},
)
STRANGER = User(id=5, username="x", name="X", email="x@globex.com", org_id=2, org_role=Role.ADMIN)
PERSONAL = EventType(id=10, slug="intro", title="Intro", length_in_minutes=30, owner_id=4)
TEAM_EVENT = EventType(id=20, slug="demo", title="Demo", length_in_minutes=45, team_id=11, host_ids=(3, 4))
SEATED = replace(PERSONAL, id=30, seats_per_time_slot=3)


def booking(**changes: object) -> Booking:
    base = Booking(
        id=1,
        uid="uid1",
        title="Intro",
        event_type_id=10,
        organizer_id=4,
        host_ids=(4,),
        status=BookingStatus.ACCEPTED,
        start=NOW + timedelta(days=1),
        end=NOW + timedelta(days=1, minutes=30),
        attendees=(Attendee(id=1, name="Ann", email="ann@initech.com", time_zone="UTC"),),
        created_at=NOW,
        updated_at=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def context(b: Booking, event_type: EventType = PERSONAL, team: Team | None = None) -> BookingContext:
    return BookingContext(booking=b, event_type=event_type, organizer=MEMBER, team=team)


# ---------------------------------------------------------------------------------------- entities


def test_weekly_recurrence_is_spaced_by_interval_weeks() -> None:
    recurrence = Recurrence(frequency=Frequency.WEEKLY, interval=2, max_occurrences=4)
    assert recurrence.starts(NOW, 3) == [NOW, NOW + timedelta(weeks=2), NOW + timedelta(weeks=4)]


def test_daily_recurrence_is_spaced_by_days() -> None:
    recurrence = Recurrence(frequency=Frequency.DAILY, interval=1, max_occurrences=3)
    assert recurrence.starts(NOW, 2) == [NOW, NOW + timedelta(days=1)]


def test_monthly_recurrence_on_the_31st_falls_back_to_the_last_day_of_shorter_months() -> None:
    start = datetime(2025, 1, 31, 9, tzinfo=UTC)
    recurrence = Recurrence(frequency=Frequency.MONTHLY, interval=1, max_occurrences=3)
    assert [d.date().isoformat() for d in recurrence.starts(start, 3)] == ["2025-01-31", "2025-02-28", "2025-03-31"]


def test_cancelling_records_reason_canceller_and_update_time() -> None:
    later = NOW + timedelta(hours=1)
    cancelled = booking().cancelled(later, reason="Sick", by_email="ann@initech.com")
    assert (cancelled.status, cancelled.cancellation_reason, cancelled.cancelled_by_email, cancelled.updated_at) == (
        BookingStatus.CANCELLED,
        "Sick",
        "ann@initech.com",
        later,
    )


def test_marking_the_host_present_never_clears_a_host_no_show() -> None:
    absent = booking(absent_host=True).marked_absent(NOW, host=False, attendees={})
    assert absent.absent_host is True


def test_marking_attendees_absent_ignores_unknown_emails() -> None:
    marked = booking().marked_absent(NOW, host=False, attendees={"ann@initech.com": True, "who@nowhere.com": True})
    assert [a.absent for a in marked.attendees] == [True]


def test_only_accepted_pending_and_awaiting_host_bookings_block_time() -> None:
    blocking = {status for status in BookingStatus if booking(status=status).blocks_time}
    assert blocking == {BookingStatus.ACCEPTED, BookingStatus.PENDING, BookingStatus.AWAITING_HOST}


def test_dates_are_rendered_like_javascript_to_iso_string() -> None:
    assert iso_utc(datetime(2024, 9, 25, 16, 0, 0, 5000, tzinfo=UTC)) == "2024-09-25T16:00:00.005Z"


# -------------------------------------------------------------------------------------- exceptions


def test_exceptions_build_their_message_from_their_arguments() -> None:
    error = BookingNotFound("abc")
    assert error.message == str(error) == "Booking with uid=abc was not found in the database"
    assert repr(error) == "BookingNotFound('Booking with uid=abc was not found in the database')"


def test_slot_conflicts_have_a_personal_and_a_team_message() -> None:
    assert (
        SlotUnavailable(team_event=False).message == "User either already has booking at this time or is not available"
    )
    assert (
        SlotUnavailable(team_event=True).message
        == "One of the hosts either already has booking at this time or is not available"
    )


def test_rendering_markers_combine_with_the_status_classes() -> None:
    assert isinstance(ConfirmationRefused("u", BookingStatus.ACCEPTED), InvalidRequest | TrpcError)
    assert isinstance(CancellationReasonRequired(), InvalidRequest) and isinstance(
        CancellationReasonRequired(), BareHttpError
    )
    assert isinstance(ReportBookingNotFound(), HttpExceptionError)
    assert all(issubclass(cls, DomainError) for cls in (TrpcError, BareHttpError, HttpExceptionError))


def test_v1_auth_errors_carry_their_own_messages() -> None:
    assert ApiKeyMissing.v1_message == "No apiKey provided"
    assert ApiKeyInvalid.v1_message == "Your API key is not valid."
    assert ApiKeyExpired.v1_message == "This API key is expired."


# ------------------------------------------------------------------------------------------- auth


def test_an_unknown_api_key_is_not_valid() -> None:
    with pytest.raises(ApiKeyInvalid, match="^ApiAuthStrategy - api key - Your api key is not valid$"):
        check_api_key(None, NOW)


def test_an_api_key_expires_only_after_its_expiry_day() -> None:
    same_day = ApiKey(key="cal_x", user_id=1, expires_at=NOW - timedelta(hours=11))
    check_api_key(same_day, NOW)
    with pytest.raises(ApiKeyExpired, match="Your api key is expired"):
        check_api_key(replace(same_day, expires_at=NOW - timedelta(days=1)), NOW)


def test_a_missing_caller_is_401_except_behind_the_permissions_guard() -> None:
    with pytest.raises(ApiKeyMissing):
        require_caller(None)
    with pytest.raises(GuardForbidden, match="^PermissionsGuard - no authentication provided"):
        require_caller(None, permissions_guard=True)


# ---------------------------------------------------------------------------------------- access


@pytest.mark.parametrize("user", [MEMBER, OWNER, ADMIN])
def test_organizer_and_org_admins_can_manage_a_booking(user: User) -> None:
    assert can_manage_booking(user, context(booking()))


def test_a_team_admin_can_manage_the_teams_bookings_but_not_a_members_personal_ones() -> None:
    team_booking = booking(event_type_id=20, organizer_id=4, host_ids=(3, 4))
    assert can_manage_booking(TEAM_ADMIN, context(team_booking, TEAM_EVENT, SALES))
    assert not can_manage_booking(TEAM_ADMIN, context(booking()))


def test_an_admin_of_another_org_cannot_manage_a_booking() -> None:
    assert not can_manage_booking(STRANGER, context(booking()))


def test_an_attendee_can_read_but_not_manage_their_booking() -> None:
    attendee = User(id=9, username="ann", name="Ann", email="ann@initech.com")
    assert can_read_booking(attendee, context(booking()))
    assert not can_manage_booking(attendee, context(booking()))


def test_an_event_type_requiring_authentication_refuses_anonymous_bookers() -> None:
    guarded = replace(PERSONAL, booking_requires_authentication=True)
    with pytest.raises(BookingAuthenticationRequired):
        check_may_book(None, guarded, 1)


def test_an_event_type_requiring_authentication_refuses_strangers_but_admits_owner_and_org_admin() -> None:
    guarded = replace(TEAM_EVENT, booking_requires_authentication=True)
    check_may_book(TEAM_ADMIN, guarded, 1)
    check_may_book(ADMIN, guarded, 1)
    with pytest.raises(BookingAuthenticationForbidden):
        check_may_book(STRANGER, guarded, 1)


# ----------------------------------------------------------------------------------------- guards


def test_org_admin_guard_names_non_members_and_plain_members() -> None:
    require_org_admin(ADMIN, ACME)
    with pytest.raises(GuardForbidden, match=r"^RolesGuard - User is not a member of the organization with id=1\.$"):
        require_org_admin(STRANGER, ACME)
    with pytest.raises(GuardForbidden, match=r"user with id=4 does not have the minimum required role=ORG_ADMIN"):
        require_org_admin(MEMBER, ACME)


def test_team_admin_guard_lets_org_admins_through_because_org_outranks_team() -> None:
    require_team_admin(ADMIN, ACME, 12)
    require_team_admin(TEAM_ADMIN, ACME, 11)


def test_team_admin_guard_refuses_members_and_outsiders_with_the_real_messages() -> None:
    with pytest.raises(GuardForbidden, match="minimum required role=TEAM_ADMIN within organization with id=1 team"):
        require_team_admin(MEMBER, ACME, 11)
    with pytest.raises(GuardForbidden, match="is not part of the team with id=12 and/or, is not an admin"):
        require_team_admin(MEMBER, ACME, 12)
    with pytest.raises(GuardForbidden, match="User is not part of the organization with id=1"):
        require_team_admin(STRANGER, ACME, 11)


def test_a_team_must_exist_and_belong_to_the_organization() -> None:
    with pytest.raises(TeamNotInOrgNotFound, match=r"^IsTeamInOrg - Team \(99\) not found\.$"):
        require_team_in_org(None, 99, ACME)
    with pytest.raises(GuardForbidden, match="Team with id=21 is not part of the organization with id=1"):
        require_team_in_org(Team(id=21, slug="eng", name="Eng", parent_org_id=2), 21, ACME)


def test_organizations_need_the_essentials_plan_and_the_admin_api() -> None:
    require_plan_and_admin_api(ACME)
    with pytest.raises(GuardForbidden, match="Minimum plan is ESSENTIALS while the organization has STARTER"):
        require_plan_and_admin_api(replace(ACME, plan=Plan.STARTER))
    with pytest.raises(
        GuardForbidden, match="^IsAdminAPIEnabledGuard - Organization with id=1 does not have Admin API"
    ):
        require_plan_and_admin_api(replace(ACME, admin_api_enabled=False))


# ---------------------------------------------------------------------------------- booking rules


def test_cannot_book_a_meeting_in_the_past() -> None:
    with pytest.raises(InvalidRequest, match=r"^Attempting to book a meeting in the past\.$"):
        check_not_in_past(NOW - timedelta(minutes=1), NOW)


def test_booking_length_defaults_to_the_event_type_and_accepts_only_its_options() -> None:
    flexible = replace(PERSONAL, length_options=(15, 30, 45))
    assert check_length(PERSONAL, None) == 30
    assert check_length(flexible, 45) == 45
    # validateBookingLengthInMinutes refuses any lengthInMinutes without multipleDuration, even the default.
    with pytest.raises(LengthNotAllowed, match="does not have multiple possible lengths"):
        check_length(PERSONAL, 30)
    with pytest.raises(LengthNotAllowed, match="does not have multiple possible lengths"):
        check_length(PERSONAL, 60)
    with pytest.raises(LengthNotAllowed, match="The possible lengths are: 15, 30, 45"):
        check_length(flexible, 60)


def test_cannot_cancel_a_booking_twice() -> None:
    with pytest.raises(
        InvalidRequest, match="^Can't cancel booking with uid=uid1 because it has been cancelled already"
    ):
        check_cancellable(booking(status=BookingStatus.CANCELLED))


def test_a_confirmed_booking_cannot_be_confirmed_or_declined() -> None:
    with pytest.raises(ConfirmationRefused, match="^Booking already confirmed$"):
        check_confirmable(booking())


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.REJECTED])
def test_a_gone_booking_cannot_be_resurrected_by_confirm_or_decline(status: BookingStatus) -> None:
    with pytest.raises(ConfirmationRefused, match=f"is {status.lower()}"):
        check_confirmable(booking(status=status))


def test_pending_and_awaiting_host_bookings_can_be_confirmed() -> None:
    check_confirmable(booking(status=BookingStatus.PENDING))
    check_confirmable(booking(status=BookingStatus.AWAITING_HOST))


def test_rescheduling_a_cancelled_booking_explains_whether_it_was_already_rescheduled() -> None:
    with pytest.raises(RescheduleOfCancelled, match="because it has been cancelled. Please provide uid"):
        check_reschedulable(booking(status=BookingStatus.CANCELLED))
    with pytest.raises(RescheduleOfRescheduled, match="rescheduled already to booking with uid=new1. You probably"):
        check_reschedulable(booking(status=BookingStatus.CANCELLED, rescheduled_to_uid="new1"))
    with pytest.raises(RescheduleOfRejected):
        check_reschedulable(booking(status=BookingStatus.REJECTED))


def test_absence_cannot_be_marked_before_the_start_and_the_message_gives_both_times_in_utc() -> None:
    b = booking(start=datetime(2025, 3, 11, 9, tzinfo=UTC))
    with pytest.raises(MarkAbsentTooEarly) as raised:
        check_absence_time(b, NOW)
    assert raised.value.message == (
        "Bookings can only be marked as absent after their scheduled start time. "
        "Current time in UTC+0: 2025-03-10T12:00:00.000Z, Booking start time in UTC+0: 2025-03-11T09:00:00.000Z"
    )
    check_absence_time(b, b.start)


def test_phone_only_attendees_get_a_synthetic_sms_email() -> None:
    assert phone_placeholder_email("+1 (512) 555-0100") == "15125550100@sms.cal.com"


# ----------------------------------------------------------------------------------------- reports


def test_the_reported_booker_is_the_first_attendee() -> None:
    assert report_booker(context(booking()), ReportType.EMAIL) == "ann@initech.com"
    assert report_booker(context(booking()), ReportType.DOMAIN) == "@initech.com"


def test_a_booking_without_attendees_cannot_be_reported() -> None:
    with pytest.raises(ReportNoAttendees, match="^Booking has no attendees$"):
        report_booker(context(booking(attendees=())), ReportType.EMAIL)


def test_domain_reports_are_refused_for_seated_events_and_free_email_providers() -> None:
    with pytest.raises(DomainReportRefused, match="^Domain reporting is not available for seated events$"):
        report_booker(context(booking(), SEATED), ReportType.DOMAIN)
    gmail = booking(attendees=(Attendee(id=1, name="G", email="g@gmail.com", time_zone="UTC"),))
    with pytest.raises(DomainReportRefused, match="^Cannot report by domain for free email providers$"):
        report_booker(context(gmail), ReportType.DOMAIN)


def test_report_matching_is_case_sensitive_like_the_sql() -> None:
    assert matches_reported_booker("ann@initech.com", "ann@initech.com", ReportType.EMAIL)
    assert not matches_reported_booker("Ann@initech.com", "ann@initech.com", ReportType.EMAIL)
    assert matches_reported_booker("bob@initech.com", "@initech.com", ReportType.DOMAIN)
    assert not matches_reported_booker("bob@INITECH.com", "@initech.com", ReportType.DOMAIN)


def test_a_booking_belongs_to_its_team_org_and_its_organizers_org() -> None:
    globex_member = replace(MEMBER, org_id=2)
    ctx = BookingContext(booking=booking(), event_type=TEAM_EVENT, organizer=globex_member, team=SALES)
    assert ctx.org_ids == {1, 2}
