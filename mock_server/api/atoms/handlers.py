"""The atoms' own routes (apps/api/v2/src/modules/atoms) and the two reads the Booker makes besides them
(`GET /v2/timezones`, `GET /v2/calendars`): read the request, call the service, shape the answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from mock_server.api.atoms import inputs
from mock_server.api.atoms.views import (
    booking_for_reschedule,
    city_time_zones,
    connected_calendars,
    public_event_output,
)
from mock_server.api.reading import required_caller
from mock_server.api.routing import Surface
from mock_server.api.shapes import Answer, success
from mock_server.domain.exceptions import LegacyBookingNotFound
from mock_server.services.bookings import BookingService
from mock_server.services.platform import PlatformService
from mock_server.state.store import BookingStore

__all__ = ["AtomsHandlers"]


class AtomsHandlers(Surface):
    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "AtomsEventTypesController_getPublicEventType": "get_public_event_type",
        "AtomsVerificationController_checkEmailVerificationRequired": "check_email_verification",
        "TimezonesController_getTimeZones": "get_time_zones",
        "CalendarsController_getCalendars": "get_calendars",
        "BookingsController_2024_04_15_getBookingForReschedule": "get_booking_for_reschedule",
    }

    def __init__(self, store: BookingStore, bookings: BookingService, platform: PlatformService) -> None:
        self.store = store
        self.bookings = bookings
        self.platform = platform

    async def get_public_event_type(self, eventSlug: str, **params: Any) -> Answer:
        """No guard: the Booker asks before it knows who is signed in."""
        query = inputs.public_event_query(params)
        event = self.platform.public_event(
            eventSlug,
            username=query.username,
            is_team_event=query.is_team_event,
            team_id=query.team_id,
            org_id=query.org_id,
        )
        return success(public_event_output(event)), 200

    async def check_email_verification(self, email: str | None = None, userSessionEmail: str | None = None) -> Answer:
        """`checkEmailVerificationRequired`: true only for a blacklisted email or a user who requires
        verification; the mock has neither, so every valid email needs no code."""
        inputs.email_check(email)
        return success(False), 200

    async def get_time_zones(self) -> Answer:
        return success(city_time_zones()), 200

    async def get_calendars(self) -> Answer:
        required_caller(self.bookings)
        return success(connected_calendars()), 200

    async def get_booking_for_reschedule(self, bookingUid: str) -> Answer:
        """`BookingsController_2024_04_15.getBookingForReschedule` (no guard): the Booker asks for it
        when it is given `rescheduleUid`. Not a route of the atoms module, but no other surface has it."""
        booking = self.store.booking(bookingUid)
        if booking is None:
            raise LegacyBookingNotFound(bookingUid)
        organizer = self.store.user(booking.organizer_id)
        return success(booking_for_reschedule(booking, organizer, self.store.event_type(booking.event_type_id))), 200
