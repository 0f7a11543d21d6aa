"""The 2024-08-13 bookings controller and the organization bookings controllers: read the request, call
the service, shape the answer.

Handlers are `async` so that each runs to completion on the event loop: operations never interleave,
which keeps the store consistent without locks. Rules live in the services; shapes in `views`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from mock_server.api.reading import bookable_instant, optional_caller, request_body, required_caller
from mock_server.api.routing import Surface
from mock_server.api.shapes import Answer, Json, success
from mock_server.api.v2_2024_08_13 import inputs
from mock_server.api.v2_2024_08_13.views import created_output, pagination, report_output, to_v2, to_v2_data
from mock_server.domain.model import Booking, User
from mock_server.services.bookings import BookingService
from mock_server.services.listing import Page
from mock_server.services.organizations import OrgService
from mock_server.state.store import BookingStore

__all__ = ["BookingsHandlers"]


class BookingsHandlers(Surface):
    """`/v2/bookings` (2024-08-13) and the organization and team booking lists and report."""

    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "BookingsController_2024_08_13_createBooking": "create_booking",
        "BookingsController_2024_08_13_getBookings": "get_bookings",
        "BookingsController_2024_08_13_getBooking": "get_booking",
        "BookingsController_2024_08_13_cancelBooking": "cancel_booking",
        "BookingsController_2024_08_13_rescheduleBooking": "reschedule_booking",
        "BookingsController_2024_08_13_confirmBooking": "confirm_booking",
        "BookingsController_2024_08_13_declineBooking": "decline_booking",
        "BookingsController_2024_08_13_markNoShow": "mark_absent",
        "OrganizationsBookingsController_getAllOrgTeamBookings": "get_org_bookings",
        "OrganizationsTeamsBookingsController_getAllOrgTeamBookings": "get_team_bookings",
        "OrganizationsBookingsController_reportOrgBooking": "report_booking",
    }

    def __init__(self, store: BookingStore, bookings: BookingService, orgs: OrgService) -> None:
        self.store = store
        self.bookings = bookings
        self.orgs = orgs

    def _page(self, page: Page, query: Mapping[str, Any]) -> Json:
        items = [to_v2(booking, self.store) for booking in page.items]
        return success(items, pagination=pagination(page.total, query.get("take", 100), query.get("skip", 0)))

    async def create_booking(self, body: Json) -> Answer:
        caller = optional_caller(self.bookings)
        created = self.bookings.create(inputs.booking_input(body), caller)
        shown = self.bookings.shows_seated_attendees(created.bookings[0], caller)
        return success(created_output(created, self.store, show_attendees=shown)), 201

    async def get_bookings(self, **query: Any) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        return self._page(self.bookings.list_bookings(caller, inputs.booking_query(query)), query), 200

    async def get_booking(self, bookingUid: str) -> Answer:
        caller = optional_caller(self.bookings)
        outcome = self.bookings.get(bookingUid)
        return success(self._data(outcome, caller)), 200

    def _data(self, outcome: Booking | list[Booking], caller: User | None) -> Json | list[Json]:
        """One booking or a series, seated attendees shown as `caller` may see them."""
        first = outcome if isinstance(outcome, Booking) else outcome[0]
        shown = self.bookings.shows_seated_attendees(first, caller)
        return to_v2_data(outcome, self.store, show_attendees=shown)

    async def cancel_booking(self, bookingUid: str, body: Any = None) -> Answer:
        body = request_body(body)
        caller = optional_caller(self.bookings)
        outcome = self.bookings.cancel(
            bookingUid,
            caller=caller,
            reason=body.get("cancellationReason"),
            cancel_subsequent=bool(body.get("cancelSubsequentBookings")),
            seat_uid=body.get("seatUid"),
        )
        return success(self._data(outcome, caller)), 200

    async def reschedule_booking(self, bookingUid: str, body: Json) -> Answer:
        caller = optional_caller(self.bookings)
        created = self.bookings.reschedule(
            bookingUid,
            start=bookable_instant(body["start"], "start", naive_is_utc=True),
            rescheduled_by=body.get("rescheduledBy"),
            reason=body.get("reschedulingReason"),
            seat_uid=body.get("seatUid"),
            rr_host_subset_ids=body.get("rrHostSubsetIds", ()),
            caller=caller,
        )
        shown = self.bookings.shows_seated_attendees(created.bookings[0], caller)
        return success(created_output(created, self.store, show_attendees=shown)), 201

    async def confirm_booking(self, bookingUid: str) -> Answer:
        booking = self.bookings.confirm(bookingUid, required_caller(self.bookings, permissions_guard=True))
        return success(to_v2(booking, self.store)), 200

    async def decline_booking(self, bookingUid: str, body: Any = None) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        booking = self.bookings.decline(bookingUid, caller, request_body(body).get("reason"))
        return success(to_v2(booking, self.store)), 200

    async def mark_absent(self, bookingUid: str, body: Json) -> Answer:
        booking = self.bookings.mark_absent(
            bookingUid,
            caller=required_caller(self.bookings, permissions_guard=True),
            host=body.get("host") is True,
            attendees={a["email"]: a["absent"] for a in body.get("attendees", [])},
        )
        # bookings.service.ts `markAbsent`: getOutputRecurringBooking or getOutputBooking, seated or not.
        return success(to_v2(booking, self.store, unseated=True)), 200

    async def get_org_bookings(self, orgId: int, **query: Any) -> Answer:
        caller = required_caller(self.bookings)
        page = self.orgs.list_org_bookings(caller, orgId, inputs.booking_query(query), user_ids=inputs.user_ids(query))
        return self._page(page, query), 200

    async def get_team_bookings(self, orgId: int, teamId: int, **query: Any) -> Answer:
        page = self.orgs.list_team_bookings(required_caller(self.bookings), orgId, teamId, inputs.booking_query(query))
        return self._page(page, query), 200

    async def report_booking(self, orgId: int, body: Json) -> Answer:
        reason, report_type = inputs.report_kind(body)
        outcome = self.orgs.report(
            required_caller(self.bookings),
            orgId,
            booking_uid=body["bookingUid"],
            reason=reason,
            report_type=report_type,
            description=body.get("description"),
        )
        return success(report_output(outcome)), 200
