"""The control API (`control.yaml`, mounted under `/_mock`): a surface of the mock's own."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, ClassVar

from connexion import request

from mock_server.api.reading import LATEST_YEAR, instant
from mock_server.api.routing import Surface
from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import InvalidRequest
from mock_server.domain.model import iso_utc
from mock_server.state.store import BookingStore

__all__ = ["ControlApi"]

Answer = tuple[dict[str, Any], int]


class ControlApi(Surface):
    """`/_mock`: health, reset, the state and the clock."""

    OPERATIONS: ClassVar[Mapping[str, str]] = {
        name: name for name in ("health", "reset", "export_state", "import_state", "get_clock", "set_clock")
    }

    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def _health(self) -> dict[str, Any]:
        return {"status": "ok", "bookings": len(self.store.all_uids())}

    async def health(self) -> Answer:
        return self._health(), 200

    async def reset(self, keepClock: bool = False) -> Answer:
        self.store.reset()
        if not keepClock:
            self.clock.restore()
        return self._health(), 200

    async def export_state(self) -> Answer:
        return self.store.export(), 200

    async def import_state(self) -> Answer:
        # `x-raw-body` in control.yaml: the bytes go to the store's decoder as they came.
        self.store.import_json(await request.body())
        return self._health(), 200

    def _clock(self) -> dict[str, Any]:
        return {"now": iso_utc(self.clock.now()), "frozen": self.clock.frozen}

    async def get_clock(self) -> Answer:
        return self._clock(), 200

    async def set_clock(self, body: dict[str, Any]) -> Answer:
        if body.get("realTime"):
            if set(body) != {"realTime"}:
                raise InvalidRequest("realTime cannot be combined with now, frozen or advanceSeconds")
            self.clock.real_time()
            return self._clock(), 200
        # Work out the new instant first: an overflow then refuses the change before anything moved.
        target = instant(body["now"], "now") if "now" in body else self.clock.now()
        advance = body.get("advanceSeconds", 0)
        if not math.isfinite(advance):
            raise InvalidRequest("advanceSeconds must be a finite number")
        out_of_range = InvalidRequest(f"the clock must stay between the years 1900 and {LATEST_YEAR}")
        try:
            target += timedelta(seconds=advance)
        except OverflowError:
            raise out_of_range from None
        if not 1900 <= target.year <= LATEST_YEAR:
            # A running clock must be able to tick on, and every answer adds meeting lengths to it.
            raise out_of_range
        if body.get("frozen", self.clock.frozen):
            self.clock.freeze(target)
        else:
            self.clock.unfreeze()
            self.clock.advance(target - self.clock.now())
        return self._clock(), 200
