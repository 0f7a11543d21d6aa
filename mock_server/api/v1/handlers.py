"""The v1 bookings routes: read the request, call the service, shape the answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from connexion import request

from mock_server.api.routing import Surface
from mock_server.api.shapes import Answer, Json
from mock_server.api.v1 import inputs
from mock_server.api.v1.views import to_v1, v1_cancel_output
from mock_server.domain.model import User
from mock_server.services.v1 import V1BookingService
from mock_server.state.store import BookingStore

__all__ = ["V1Handlers"]


class V1Handlers(Surface):
    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "v1_listBookings": "v1_list_bookings",
        "v1_createBooking": "v1_create_booking",
        "v1_getBooking": "v1_get_booking",
        "v1_updateBooking": "v1_update_booking",
        "v1_cancelBooking": "v1_cancel_booking",
    }

    def __init__(self, store: BookingStore, v1: V1BookingService) -> None:
        self.store = store
        self.v1 = v1

    def _v1_caller(self) -> User:
        return self.v1.authenticate(request.query_params.get("apiKey"))

    # v1 handlers name their parameters: with **kwargs Connexion would also pass the `apiKey`
    # credential and log it as an undeclared argument on every request.
    async def v1_list_bookings(
        self,
        take: int | None = None,
        page: int | None = None,
        attendeeEmail: list[str] | None = None,
        dateFrom: str | None = None,
        dateTo: str | None = None,
        status: str | None = None,
        sortBy: str | None = None,
        order: str = "asc",
    ) -> Answer:
        query = {
            "take": take,
            "page": page,
            "attendeeEmail": attendeeEmail,
            "dateFrom": dateFrom,
            "dateTo": dateTo,
            "status": status,
            "sortBy": sortBy,
            "order": order,
        }
        bookings = self.v1.list(self._v1_caller(), inputs.v1_query(query))
        return {"bookings": [to_v1(booking, self.store) for booking in bookings]}, 200

    async def v1_create_booking(self, body: Json) -> Answer:
        data, end = inputs.v1_booking_input(body)
        return to_v1(self.v1.create(self._v1_caller(), data, end=end), self.store), 200

    async def v1_get_booking(self, id: int) -> Answer:
        return {"booking": to_v1(self.v1.get(self._v1_caller(), id), self.store)}, 200

    async def v1_update_booking(self, id: int, body: Json) -> Answer:
        booking = self.v1.patch(self._v1_caller(), id, inputs.v1_patch(body))
        return {"booking": to_v1(booking, self.store)}, 200

    async def v1_cancel_booking(
        self,
        id: int,
        allRemainingBookings: bool = False,
        cancellationReason: str | None = None,
        cancelledBy: str | None = None,
    ) -> Answer:
        outcome = self.v1.cancel(
            self._v1_caller(),
            id,
            all_remaining=allRemainingBookings,
            reason=cancellationReason,
            cancelled_by=cancelledBy,
        )
        return v1_cancel_output(outcome), 200
