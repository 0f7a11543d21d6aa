"""The booking sub-resources of the 2024-08-13 controller (reassign, references, calendar links,
recordings, transcripts) and the organization routes that go with them (a team booking's references,
an organization user's bookings): read the request, call the service, shape the answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from mock_server.api.reading import request_body, required_caller
from mock_server.api.routing import Surface
from mock_server.api.shapes import Answer, success
from mock_server.api.v2_2024_08_13 import inputs
from mock_server.api.v2_2024_08_13.extras_views import (
    calendar_link_output,
    reassigned_output,
    recording_output,
    reference_output,
)
from mock_server.api.v2_2024_08_13.views import pagination, to_v2
from mock_server.services.booking_extras import BookingExtrasService
from mock_server.services.bookings import BookingService
from mock_server.services.organizations import OrgService
from mock_server.state.store import BookingStore

__all__ = ["BookingExtrasHandlers"]


class BookingExtrasHandlers(Surface):
    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "BookingsController_2024_08_13_reassignBooking": "reassign",
        "BookingsController_2024_08_13_reassignBookingToUser": "reassign_to_user",
        "BookingsController_2024_08_13_getBookingReferences": "references",
        "BookingsController_2024_08_13_getCalendarLinks": "calendar_links",
        "BookingsController_2024_08_13_getBookingRecordings": "recordings",
        "BookingsController_2024_08_13_getBookingTranscripts": "transcripts",
        "OrganizationsTeamsBookingsController_getBookingReferences": "team_references",
        "OrganizationsUsersBookingsController_getOrganizationUserBookings": "org_user_bookings",
    }

    def __init__(
        self, store: BookingStore, bookings: BookingService, extras: BookingExtrasService, orgs: OrgService
    ) -> None:
        self.store = store
        self.bookings = bookings
        self.extras = extras
        self.orgs = orgs

    async def reassign(self, bookingUid: str) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        return success(reassigned_output(self.extras.reassign(bookingUid, caller), self.store)), 200

    async def reassign_to_user(self, bookingUid: str, userId: int, body: Any = None) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        request_body(body)  # `reason` only feeds the real server's emails and audit log
        booking = self.extras.reassign_to(bookingUid, userId, caller)
        return success(reassigned_output(booking, self.store)), 200

    async def references(self, bookingUid: str, **query: Any) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        found = self.extras.references(bookingUid, caller, query.get("type"))
        return success([reference_output(r) for r in found]), 200

    async def calendar_links(self, bookingUid: str) -> Answer:
        required_caller(self.bookings, permissions_guard=True)
        return success([calendar_link_output(link) for link in self.extras.calendar_links(bookingUid)]), 200

    async def recordings(self, bookingUid: str) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        return success([recording_output(r) for r in self.extras.recordings(bookingUid, caller)]), 200

    async def transcripts(self, bookingUid: str) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        return success(self.extras.transcripts(bookingUid, caller)), 200

    async def team_references(self, orgId: int, teamId: int, bookingUid: str, **query: Any) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        found = self.orgs.team_booking_references(caller, orgId, teamId, bookingUid, query.get("type"))
        return success([reference_output(r) for r in found]), 200

    async def org_user_bookings(self, orgId: int, userId: int, **query: Any) -> Answer:
        caller = required_caller(self.bookings)
        page = self.orgs.list_user_bookings(caller, orgId, userId, inputs.booking_query(query))
        items = [to_v2(booking, self.store) for booking in page.items]
        return success(items, pagination=pagination(page.total, query.get("take", 100), query.get("skip", 0))), 200
