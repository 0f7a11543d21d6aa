"""The 2024-04-15 bookings controller (`BookingsController_2024_04_15`, answering 2024-04-15, 2024-06-11
and 2024-06-14): read the request, call the service, shape the answer. Every POST answers 201."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from mock_server.api import pipes
from mock_server.api.reading import optional_caller, request_body, required_caller
from mock_server.api.routing import Surface
from mock_server.api.shapes import Answer, Json, success
from mock_server.api.v2_2024_04_15.event_type_views import event_type_for_atom, event_types_by_viewer
from mock_server.api.v2_2024_04_15.inputs import CREATE_DTO, LegacyCreate, create_input
from mock_server.api.v2_2024_04_15.views import booking_info, cancel_output, created_booking, list_entry
from mock_server.services.bookings import BookingService
from mock_server.services.event_types import EventTypeService
from mock_server.services.legacy_bookings import LegacyBookingService
from mock_server.state.store import BookingStore

__all__ = ["LegacyBookingsHandlers", "LegacyEventTypesHandlers"]


class LegacyBookingsHandlers(Surface):
    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "BookingsController_2024_04_15_createBooking": "create_booking",
        "BookingsController_2024_04_15_createRecurringBooking": "create_recurring_booking",
        "BookingsController_2024_04_15_getBookings": "get_bookings",
        "BookingsController_2024_04_15_getBooking": "get_booking",
        "BookingsController_2024_04_15_cancelBooking": "cancel_booking",
    }

    def __init__(self, store: BookingStore, bookings: BookingService) -> None:
        self.store = store
        self.bookings = bookings
        self.legacy = LegacyBookingService(bookings)

    def _input(self, body: Mapping[str, Any]) -> LegacyCreate:
        event_type = (
            self.store.event_type(int(body["eventTypeId"])) if isinstance(body.get("eventTypeId"), int) else None
        )
        if event_type is None:
            return create_input(body)
        offered = frozenset(str(o.get("type")) for o in event_type.offered_locations)
        return create_input(body, own_length=event_type.length_in_minutes, offered_types=offered)

    async def create_booking(self, body: Json) -> Answer:
        request = self._input(body)
        caller = optional_caller(self.bookings)
        created = self.legacy.create(
            request.data,
            request.responses,
            caller,
            reschedule_uid=request.reschedule_uid,
            rescheduled_by=request.rescheduled_by,
        )
        return success(created_booking(created.bookings[0], self.store, seat_uid=created.seat_uids[0])), 201

    async def create_recurring_booking(self, body: list[Json]) -> Answer:
        for element in body:
            pipes.check(CREATE_DTO, element)
        items = [(r.data, r.responses, _series_uid(e)) for r, e in zip(map(self._input, body), body, strict=True)]
        made = self.legacy.create_series(items, optional_caller(self.bookings))
        return success([created_booking(b, self.store) for b in made]), 201

    async def get_bookings(self, filters: Mapping[str, Any] | None = None, **query: Any) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        limit, cursor = query.get("limit"), query.get("cursor")
        page = self.legacy.list(caller, (filters or {}).get("status"), limit, cursor)
        taken, skipped = limit or 10, cursor or 0
        next_cursor = skipped + taken if page.total > skipped + taken else None
        data = {
            "bookings": [list_entry(b, self.store) for b in page.items],
            "recurringInfo": [],
            "totalCount": page.total,
            "nextCursor": next_cursor,
        }
        return success(data), 200

    async def get_booking(self, bookingUid: str) -> Answer:
        return success(booking_info(self.legacy.get(bookingUid), self.store)), 200

    async def cancel_booking(self, bookingUid: str, body: Any = None) -> Answer:
        body = request_body(body)
        outcome = self.legacy.cancel(
            bookingUid,
            optional_caller(self.bookings),
            reason=body.get("cancellationReason"),
            all_remaining=body.get("allRemainingBookings") is True,
        )
        return success(cancel_output(outcome)), 201


class LegacyEventTypesHandlers(Surface):
    """`EventTypesController_2024_04_15` (2024-04-15, 2024-06-11): the caller's event types, and one of them."""

    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "EventTypesController_2024_04_15_getEventTypes": "get_event_types",
        "EventTypesController_2024_04_15_getEventType": "get_event_type",
    }

    def __init__(self, store: BookingStore, bookings: BookingService, event_types: EventTypeService) -> None:
        self.store = store
        self.bookings = bookings
        self.event_types = event_types

    async def get_event_types(self) -> Answer:
        caller = required_caller(self.bookings)
        teams = [team for team_id in sorted(caller.team_roles) if (team := self.store.team(team_id)) is not None]
        groups = [(team, self.store.event_types_of_teams({team.id})) for team in teams]
        return success(event_types_by_viewer(caller, self.store.event_types_of_user(caller.id), groups)), 200

    async def get_event_type(self, eventTypeId: int) -> Answer:
        event_type = self.event_types.get(required_caller(self.bookings, permissions_guard=True), eventTypeId)
        return success(event_type_for_atom(event_type)), 200


def _series_uid(element: Mapping[str, Any]) -> str | None:
    value = element.get("recurringEventId")
    return value if isinstance(value, str) and value else None
