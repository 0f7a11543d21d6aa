"""The query of `GET /v2/slots` (2024-09-04), turned into the domain's `SlotQuery`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

from mock_server.api.reading import LATEST_YEAR, time_zones
from mock_server.domain.clock import to_utc
from mock_server.domain.exceptions import InvalidRequest, InvalidSlotsTimeZone
from mock_server.services.slots import SlotQuery

__all__ = ["slots_request"]


def _range_bound(text: str, field: str, *, end: bool) -> datetime:
    """`start`/`end` of a slots query (IsDateString): a date, or a date-time read as UTC when it has no
    zone. A bound at midnight is the whole day: `start` 00:00:00, `end` 23:59:59 (adjustEndTime)."""
    try:
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"{field} property is wrong,{field} must be a valid ISO 8601 date string ") from None
    moment = to_utc(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))
    if moment.year > LATEST_YEAR:
        raise InvalidRequest(f"{field} must be before the year {LATEST_YEAR}.")
    if end and moment.time() == time(0):
        moment = moment.replace(hour=23, minute=59, second=59)
    return moment


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
