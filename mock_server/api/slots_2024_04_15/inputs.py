"""The query and body of the 2024-04-15 slots routes, turned into the services' inputs. What the spec cannot
say is checked as `GetAvailableSlotsInput_2024_04_15` and `ReserveSlotInput_2024_04_15` check it
(`packages/platform/types/slots/slots-2024-04-15/inputs/index.ts`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mock_server.api.reading import instant, range_bound, time_zones
from mock_server.domain.exceptions import InvalidRequest, ValidationPipeRefused
from mock_server.services.slots import SlotQuery

__all__ = ["AvailableRequest", "Reservation", "available_request", "reservation"]

DRY_RUN_MESSAGE = "routingFormResponseId must be 0 for dry run"
POSITIVE_MESSAGE = "routingFormResponseId must be a positive number"


@dataclass(frozen=True)
class AvailableRequest:
    query: SlotQuery
    time_zone: str | None
    range_format: bool


@dataclass(frozen=True)
class Reservation:
    event_type_id: int
    start: datetime
    end: datetime
    booking_uid: str | None


def _bound(text: str, field: str, *, end: bool) -> datetime:
    """`@IsDateString({strict: true})` of `startTime`/`endTime`."""
    return range_bound(text, field, end=end, invalid=f"{field} must be a valid ISO 8601 date string")


def available_request(params: Mapping[str, Any], viewer: str | None) -> AvailableRequest:
    """`GET /v2/slots/available`."""
    time_zone = params.get("timeZone")
    if time_zone is not None and time_zone not in time_zones():
        raise InvalidRequest("timeZone must be a valid IANA time zone")
    routing = params.get("routingFormResponseId")
    if routing is not None:
        dry_run = params.get("_isDryRun") is True
        if (dry_run and routing != 0) or (not dry_run and routing < 1):
            message = DRY_RUN_MESSAGE if dry_run else POSITIVE_MESSAGE
            raise ValidationPipeRefused(
                [
                    {
                        "property": "routingFormResponseId",
                        "value": routing,
                        "constraints": {"routingFormResponseIdValidator": message},
                        "children": [],
                    }
                ]
            )
    usernames = params.get("usernameList") or []
    query = SlotQuery(
        start=_bound(params["startTime"], "startTime", end=False),
        end=_bound(params["endTime"], "endTime", end=True),
        event_type_id=params.get("eventTypeId"),
        event_type_slug=params.get("eventTypeSlug"),
        username=usernames[0] if usernames else None,
        organization_slug=params.get("orgSlug"),
        duration=params.get("duration"),
        reschedule_uid=params.get("rescheduleUid"),
        viewer=viewer,
    )
    return AvailableRequest(query, time_zone, str(params.get("slotFormat") or "time").lower() == "range")


def reservation(body: Mapping[str, Any]) -> Reservation:
    """`POST /v2/slots/reserve`."""
    start = instant(body["slotUtcStartDate"], "slotUtcStartDate")
    end = instant(body["slotUtcEndDate"], "slotUtcEndDate")
    return Reservation(int(body["eventTypeId"]), start, end, body.get("bookingUid"))
