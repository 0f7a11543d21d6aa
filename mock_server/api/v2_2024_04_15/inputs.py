"""The 2024-04-15 create body turned into the domain's input.

The real controller books `req.body`, not the validated DTO: unknown properties are kept and `responses` is
stored as sent. A name given as `{firstName, lastName}` is stored joined ("John Doe", as the e2e reads it).
The location response (`{value, optionValue}`) picks the event type's location of that type, or is the
location itself (`getLocationValueForDB`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mock_server.api import pipes
from mock_server.api.reading import bookable_instant
from mock_server.domain.exceptions import LegacyBookingRefused
from mock_server.services.scheduling import AttendeeInput, BookingInput

__all__ = ["CREATE_DTO", "LegacyCreate", "create_input", "joined_name"]

CREATE_DTO = "CreateBookingInput_2024_04_15"

# responses.location.value -> the event type's location type it names.
_ORGANIZER_TYPES = {"link": "link", "inPerson": "address", "userPhone": "phone"}
_INTEGRATIONS = {
    "integrations:daily": "cal-video",
    "integrations:google:meet": "google-meet",
    "integrations:zoom": "zoom",
}


@dataclass(frozen=True)
class LegacyCreate:
    data: BookingInput
    responses: dict[str, Any]
    reschedule_uid: str | None
    rescheduled_by: str | None


def joined_name(name: Any) -> str:
    if isinstance(name, Mapping):
        return " ".join(str(part) for part in (name.get("firstName"), name.get("lastName")) if part).strip()
    return str(name)


def _location(value: Mapping[str, Any] | None) -> Mapping[str, Any] | str | None:
    if not value:
        return None
    kind, option = str(value.get("value", "")), str(value.get("optionValue", ""))
    if kind in _ORGANIZER_TYPES:
        return {"type": _ORGANIZER_TYPES[kind]}
    if kind in _INTEGRATIONS:
        return {"type": "integration", "integration": _INTEGRATIONS[kind]}
    return option or kind or None


def create_input(
    body: Mapping[str, Any], *, own_length: int | None = None, offered_types: frozenset[str] = frozenset()
) -> LegacyCreate:
    """`POST /v2/bookings` (2024-04-15): the pipe's checks the schema cannot make (time zones), then the input.
    `own_length`: the event type's length (an `end` that makes it is no choice of length); `offered_types`:
    the location types the event type offers (another organizer type stays a plain string)."""
    pipes.check(CREATE_DTO, body)
    responses = dict(body["responses"])
    responses["name"] = joined_name(responses.get("name"))
    start = bookable_instant(body["start"], "start")
    location = _location(responses.get("location"))
    if isinstance(location, Mapping) and location.get("type") not in offered_types | {"integration"}:
        location = str(responses["location"].get("value"))
    data = BookingInput(
        start=start,
        attendee=AttendeeInput(
            name=responses["name"],
            email=str(responses.get("email") or "") or None,
            time_zone=body["timeZone"],
            language=body["language"],
        ),
        event_type_id=int(body["eventTypeId"]),
        guests=tuple(responses.get("guests") or ()),
        location=location,
        metadata=dict(body["metadata"]),
        length_in_minutes=_length(start, body.get("end"), own_length),
    )
    return LegacyCreate(data, responses, body.get("rescheduleUid"), body.get("rescheduledBy"))


def _length(start: datetime, end: Any, own_length: int | None) -> int | None:
    """The length `end` makes, None without one or when it is the event type's own; the scheduler refuses
    another length the event type does not offer (`validateEventLength`: `Invalid event length`)."""
    if not end:
        return None
    minutes = (bookable_instant(str(end), "end") - start).total_seconds() / 60
    if minutes <= 0 or not minutes.is_integer():
        raise LegacyBookingRefused("Invalid event length")
    return None if int(minutes) == own_length else int(minutes)
