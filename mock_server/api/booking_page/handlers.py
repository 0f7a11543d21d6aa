"""Event types, slots and the caller's profile: read the request, call the service, shape the answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from mock_server.api.booking_page import inputs
from mock_server.api.booking_page.views import event_type_output, slots_output
from mock_server.api.reading import required_caller
from mock_server.api.routing import Surface
from mock_server.api.shapes import Answer, me_output, success
from mock_server.services.bookings import BookingService
from mock_server.services.event_types import EventTypeService
from mock_server.services.slots import SlotService
from mock_server.state.store import BookingStore

__all__ = ["BookingPageHandlers"]


class BookingPageHandlers(Surface):
    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "EventTypesController_2024_06_14_getEventTypes": "get_event_types",
        "EventTypesController_2024_06_14_getEventTypeById": "get_event_type",
        "SlotsController_2024_09_04_getAvailableSlots": "get_slots",
        "MeController_getMe": "get_me",
    }

    def __init__(
        self, store: BookingStore, bookings: BookingService, event_types: EventTypeService, slots: SlotService
    ) -> None:
        self.store = store
        self.bookings = bookings
        self.event_types = event_types
        self.slots = slots

    async def get_event_types(
        self,
        username: str | None = None,
        eventSlug: str | None = None,
        orgSlug: str | None = None,
        orgId: int | None = None,
    ) -> Answer:
        found = self.event_types.find(
            required_caller(self.bookings), username=username, event_slug=eventSlug, org_slug=orgSlug, org_id=orgId
        )
        return success([event_type_output(event_type, self.store, listed=True) for event_type in found]), 200

    async def get_event_type(self, eventTypeId: int) -> Answer:
        event_type = self.event_types.get(required_caller(self.bookings, permissions_guard=True), eventTypeId)
        return success(event_type_output(event_type, self.store)), 200

    async def get_slots(self, **params: Any) -> Answer:
        query, time_zone, range_format = inputs.slots_request(params)
        return success(slots_output(self.slots.available(query), time_zone, range_format=range_format)), 200

    async def get_me(self) -> Answer:
        return success(me_output(required_caller(self.bookings))), 200
