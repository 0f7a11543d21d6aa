"""SlotsController_2024_04_15: read the request, call the services, shape the answer. No route needs a key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from connexion import request

from mock_server.api.reading import request_body
from mock_server.api.routing import Surface
from mock_server.api.shapes import Answer
from mock_server.api.slots_2024_04_15 import inputs
from mock_server.api.slots_2024_04_15.views import available_output
from mock_server.domain.exceptions import InvalidTimeRange, InvalidTimeRange_2024_04_15
from mock_server.services.reservations import Reservations
from mock_server.services.slots import SlotService

__all__ = ["SlotsHandlers_2024_04_15"]

RESERVATION_COOKIE = "uid"  # `res.cookie("uid", uid)`; read back as `req.cookies.uid`


def _cookie() -> str | None:
    value: str | None = request.cookies.get(RESERVATION_COOKIE) or None
    return value


class SlotsHandlers_2024_04_15(Surface):
    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "SlotsController_2024_04_15_getAvailableSlots": "get_available",
        "SlotsController_2024_04_15_reserveSlot": "reserve",
        "SlotsController_2024_04_15_deleteSelectedSlot": "delete_selected",
    }

    def __init__(self, slots: SlotService, reservations: Reservations) -> None:
        self.slots = slots
        self.reservations = reservations

    async def get_available(self, **params: Any) -> Answer:
        asked = inputs.available_request(params, _cookie())
        try:
            found = self.slots.available(asked.query)
        except InvalidTimeRange:
            raise InvalidTimeRange_2024_04_15() from None
        return {
            "data": available_output(found, asked.time_zone, range_format=asked.range_format),
            "status": "success",
        }, 200

    async def reserve(self, body: Any) -> tuple[Any, int, dict[str, str]]:
        wanted = inputs.reservation(request_body(body))
        uid = self.reservations.reserve(
            event_type_id=wanted.event_type_id,
            start=wanted.start,
            end=wanted.end,
            holder=_cookie(),
            booking_uid=wanted.booking_uid,
        )
        return {"status": "success", "data": uid}, 201, {"Set-Cookie": f"{RESERVATION_COOKIE}={uid}; Path=/"}

    async def delete_selected(self, uid: str | None = None) -> Answer:
        self.reservations.release(_cookie() or uid)
        return {"status": "success"}, 200
