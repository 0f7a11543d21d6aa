"""Organization routes: team and org booking lists, and reporting an org booking.

Guards run in the real controllers' order (IsOrg, Roles, IsTeamInOrg/IsUserInOrg, PlatformPlan,
IsAdminAPIEnabled), so the first refusal a client sees is the real server's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import (
    AlreadyReported,
    BookingUidNotFound,
    GuardForbidden,
    ReportBookingNotFound,
    ReportBookingOutsideOrg,
    UserNotInOrg,
)
from mock_server.domain.model import (
    Booking,
    BookingReference,
    BookingReport,
    Organization,
    Plan,
    ReportReason,
    ReportType,
    User,
)
from mock_server.domain.rules import (
    matches_reported_booker,
    report_booker,
    require_org_admin,
    require_plan_and_admin_api,
    require_team_admin,
    require_team_in_org,
)
from mock_server.services.booking_extras import references_of
from mock_server.services.listing import BookingQuery, Page, normalize_attendee_email, scope_uids, select, visible_uids
from mock_server.state.store import BookingStore

__all__ = ["OrgService", "ReportOutcome"]


@dataclass(frozen=True, kw_only=True)
class ReportOutcome:
    booking_uid: str
    cancelled_count: int
    reported_count: int = 1  # hard-coded by the real server: one report row, whatever was matched
    success: bool = True

    @property
    def message(self) -> str:
        if self.cancelled_count > 0:
            return "Booking reported and cancelled successfully"
        return "Booking reported successfully"


class OrgService:
    """`/v2/organizations/{orgId}/…` booking routes."""

    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    # -------------------------------------------------------------------------------------- lists

    def list_team_bookings(self, caller: User, org_id: int, team_id: int, query: BookingQuery) -> Page:
        """A team's bookings, for its admins and the org's admins (`attendeeEmail` is not rewritten here)."""
        org = self._organization(org_id)
        require_team_admin(caller, org, team_id)
        require_team_in_org(self.store.team(team_id), team_id, org)
        require_plan_and_admin_api(org)
        query = replace(query, teams_ids=None, team_id=team_id)
        return select(self.store, query, self.clock.now(), within=[visible_uids(self.store, caller)])

    def list_org_bookings(
        self, caller: User, org_id: int, query: BookingQuery, user_ids: Sequence[int] | None = None
    ) -> Page:
        """The org admin's view; `userIds` replaces it with the bookings those members organize, host
        or attend (see `listing.scope_uids`)."""
        self._admin_route(caller, org_id)
        within = [scope_uids(self.store, caller, user_ids)]
        return select(self.store, _normalized(query), self.clock.now(), within=within)

    def list_user_bookings(self, caller: User, org_id: int, user_id: int, query: BookingQuery) -> Page:
        """`OrganizationsUsersBookingsController`: an org admin runs the user list as a member of the
        organization would see it (`getBookings(query, {orgId, id, email})` of that member)."""
        org = self._organization(org_id)
        require_org_admin(caller, org)
        member = self.store.user(user_id)
        if member is None or member.org_id != org.id:
            raise UserNotInOrg(user_id, org.id)
        require_plan_and_admin_api(org)
        return select(self.store, _normalized(query), self.clock.now(), within=[visible_uids(self.store, member)])

    def team_booking_references(
        self, caller: User, org_id: int, team_id: int, uid: str, reference_type: str | None
    ) -> list[BookingReference]:
        """`getBookingReferences` of the org team controller: team admins of a SCALE organization. The
        real service reads any booking's references; the mock answers only the team's bookings."""
        org = self._organization(org_id)
        require_team_admin(caller, org, team_id)
        require_team_in_org(self.store.team(team_id), team_id, org)
        require_plan_and_admin_api(org, Plan.SCALE)
        booking = self.store.booking(uid)
        if booking is None or self.store.context(booking).event_type.team_id != team_id:
            raise BookingUidNotFound(uid)
        return references_of(self.store, booking, reference_type)

    # ------------------------------------------------------------------------------------- report

    def report(
        self,
        caller: User,
        org_id: int,
        *,
        booking_uid: str,
        reason: ReportReason,
        report_type: ReportType,
        description: str | None = None,
    ) -> ReportOutcome:
        """Report a booking and silently cancel it (if upcoming) and every upcoming, unreported org
        booking by the same booker email or domain."""
        org = self._admin_route(caller, org_id)
        store, now = self.store, self.clock.now()
        booking = store.booking(booking_uid)
        if booking is None:
            raise ReportBookingNotFound()
        context = store.context(booking)
        if org.id not in context.org_ids:
            raise ReportBookingOutsideOrg()
        booker = report_booker(context, report_type)
        if store.report_for(booking.uid) is not None:
            raise AlreadyReported()

        candidates = self._org_candidates(org, booker, report_type)
        targets = [b for b in candidates if b.uid != booking.uid and self._reportable(b, org, booker, report_type)]
        cancelled_self = booking.is_upcoming(now)
        if cancelled_self:
            targets.insert(0, booking)
        for target in targets:
            store.save(self._silently_cancelled(target, caller))
        store.add_report(
            BookingReport(
                id=store.next_report_id(),
                booking_uid=booking.uid,
                org_id=org.id,
                reporter_user_id=caller.id,
                reason=reason,
                report_type=report_type,
                booker_email=booker,
                description=description,
                cancelled=cancelled_self,
                created_at=now,
            )
        )
        return ReportOutcome(booking_uid=booking.uid, cancelled_count=len(targets))

    def _org_candidates(self, org: Organization, booker: str, report_type: ReportType) -> list[Booking]:
        store = self.store
        if report_type is ReportType.EMAIL:
            return list(store.bookings(store.uids_for_email(booker)))
        uids: set[str] = set()
        for member in store.members_of_org(org.id):
            uids |= store.uids_for_user(member.id)
        for event_type in store.event_types_of_teams({team.id for team in store.teams_of_org(org.id)}):
            uids |= store.uids_for_event_type(event_type.id)
        return list(store.bookings(uids))

    def _reportable(self, booking: Booking, org: Organization, booker: str, report_type: ReportType) -> bool:
        """`findUpcomingUnreportedOrgBookings`."""
        return (
            booking.is_upcoming(self.clock.now())
            and self.store.report_for(booking.uid) is None
            and any(matches_reported_booker(email, booker, report_type) for email in booking.attendee_emails)
            and org.id in self.store.context(booking).org_ids
        )

    def _silently_cancelled(self, booking: Booking, reporter: User) -> Booking:
        """Cancelled by the reporter with no reason; on a seated booking only the reporter's own
        seat goes, if they hold one, as the real server passes that seat's uid."""
        now = self.clock.now()
        seat = next((a for a in booking.attendees if a.seat_uid and a.email == reporter.email), None)
        if seat is not None and seat.seat_uid is not None:
            return booking.without_seat(seat.seat_uid, now)
        return booking.cancelled(now, reason=None, by_email=reporter.email)

    # ------------------------------------------------------------------------------------- guards

    def _organization(self, org_id: int) -> Organization:
        org = self.store.organization(org_id)
        if org is None:
            raise GuardForbidden.org_not_found(org_id)
        return org

    def _admin_route(self, caller: User, org_id: int) -> Organization:
        org = self._organization(org_id)
        require_org_admin(caller, org)
        require_plan_and_admin_api(org)
        return org


def _normalized(query: BookingQuery) -> BookingQuery:
    if query.attendee_email is None:
        return query
    return replace(query, attendee_email=normalize_attendee_email(query.attendee_email))
