"""The query of `GET /v2/slots` (2024-09-04), turned into the domain's `SlotQuery`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mock_server.api.reading import range_bound, time_zones
from mock_server.domain.exceptions import InvalidSlotsTimeZone
from mock_server.services.slots import SlotQuery

__all__ = ["slots_request"]


def _range_bound(text: str, field: str, *, end: bool) -> datetime:
    """`start`/`end` of a slots query; the 2024-09-04 pipe names the property twice in its message."""
    invalid = f"{field} property is wrong,{field} must be a valid ISO 8601 date string "
    return range_bound(text, field, end=end, invalid=invalid)


def slots_request(params: Mapping[str, Any]) -> tuple[SlotQuery, str | None, bool]:
    """`GET /v2/slots`: the query, the time zone to answer in (None: UTC), and whether slots have ends."""
    time_zone = params.get("timeZone")
    if time_zone is not None and time_zone not in time_zones():
        raise InvalidSlotsTimeZone()
    query = SlotQuery(
        start=_range_bound(params["start"], "start", end=False),
        end=_range_bound(params["end"], "end", end=True),
        event_type_id=params.get("eventTypeId"),
        event_type_slug=params.get("eventTypeSlug"),
        username=params.get("username"),
        team_slug=params.get("teamSlug"),
        organization_slug=params.get("organizationSlug"),
        duration=params.get("duration"),
        reschedule_uid=params.get("bookingUidToReschedule"),
    )
    return query, time_zone, str(params.get("format", "time")).lower() == "range"
