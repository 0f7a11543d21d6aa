"""Request bodies and query strings, already validated against the spec by Connexion, turned into
the domain's inputs. What the spec cannot say (real time zones, instants the clock can add a
meeting to, comma lists of ids) is checked here and refused as `InvalidRequest`.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime, time
from functools import cache
from typing import Any

from mock_server.api import dto
from mock_server.domain.clock import to_utc
from mock_server.domain.exceptions import InvalidRequest, InvalidSlotsTimeZone
from mock_server.domain.model import BookingStatus, ReportReason, ReportType
from mock_server.services.listing import BookingQuery, SortOrder, parse_statuses
from mock_server.services.scheduling import AttendeeInput, BookingInput
from mock_server.services.slots import SlotQuery
from mock_server.services.v1 import V1Patch, V1Query, V1SortBy

__all__ = [
    "LATEST_YEAR",
    "bookable_instant",
    "booking_input",
    "booking_query",
    "instant",
    "report_kind",
    "slots_request",
    "user_ids",
    "v1_booking_input",
    "v1_patch",
    "v1_query",
]

# Starts are moved and extended by the meeting length; past this year the arithmetic would overflow.
LATEST_YEAR = 9000


def instant(text: str, field: str) -> datetime:
    """An ISO-8601 instant as aware UTC. Accepts the lower-case `t`/`z` RFC 3339 allows."""
    try:
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"{field} must be a valid ISO 8601 date.") from None
    if moment.tzinfo is None:
        raise InvalidRequest(f"{field} must be a valid ISO 8601 date with a time zone (e.g. 2030-01-01T09:00:00Z).")
    try:
        return to_utc(moment)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the year 1 in UTC
        raise InvalidRequest(f"{field} must be between the years 1 and 9999 in UTC.") from None


def bookable_instant(text: str, field: str) -> datetime:
    """An instant a booking can start or end at: its arithmetic (lengths, recurrences) must not overflow."""
    moment = instant(text, field)
    if moment.year > LATEST_YEAR:
        raise InvalidRequest(f"{field} must be before the year {LATEST_YEAR}.")
    return moment


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _time_zone(name: str, field: str) -> str:
    if name not in _time_zones():
        raise InvalidRequest(f"{field} must be a valid IANA time zone, e.g. Europe/Rome.")
    return name


def booking_input(body: Mapping[str, Any]) -> BookingInput:
    """`POST /v2/bookings`, any of its three bodies."""
    dto.check("CreateBookingInput", body)
    attendee = body["attendee"]
    return BookingInput(
        start=bookable_instant(body["start"], "start"),
        attendee=AttendeeInput(
            name=attendee["name"],
            time_zone=_time_zone(attendee["timeZone"], "attendee.timeZone"),
            email=attendee.get("email"),
            phone_number=attendee.get("phoneNumber"),
            language=attendee.get("language", "en"),
        ),
        event_type_id=_whole(body.get("eventTypeId"), "eventTypeId"),
        event_type_slug=body.get("eventTypeSlug"),
        username=body.get("username"),
        team_slug=body.get("teamSlug"),
        organization_slug=body.get("organizationSlug"),
        guests=tuple(body.get("guests", ())),
        location=body.get("location"),
        meeting_url=body.get("meetingUrl"),
        metadata=body.get("metadata", {}),
        booking_fields_responses=body.get("bookingFieldsResponses", {}),
        length_in_minutes=_whole(body.get("lengthInMinutes"), "lengthInMinutes"),
        recurrence_count=_whole(body.get("recurrenceCount"), "recurrenceCount"),
        rr_host_subset_ids=tuple(body.get("rrHostSubsetIds", ())),
    )


def _whole(value: Any, field: str) -> int | None:
    """The spec types ids and counts as `number`; the real DTOs require whole numbers."""
    if value is None:
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or float(value).is_integer()):
        raise InvalidRequest(f"{field} must be an integer number")
    return int(value)


def _ids(value: str | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(int(part) for part in value.split(","))


def _order(value: str | None) -> SortOrder | None:
    return None if value is None else SortOrder(value)


def booking_query(params: Mapping[str, Any]) -> BookingQuery:
    """The query string of every v2 booking list (user, organization, team)."""
    dates = {
        name: instant(params[name], name)
        for name in (
            "afterStart",
            "beforeEnd",
            "afterCreatedAt",
            "beforeCreatedAt",
            "afterUpdatedAt",
            "beforeUpdatedAt",
        )
        if params.get(name) is not None
    }
    return BookingQuery(
        statuses=parse_statuses(params.get("status")),
        attendee_email=params.get("attendeeEmail"),
        attendee_name=params.get("attendeeName"),
        booking_uid=params.get("bookingUid"),
        event_type_ids=_ids(params.get("eventTypeIds")),
        event_type_id=None if params.get("eventTypeId") is None else int(params["eventTypeId"]),
        teams_ids=_ids(params.get("teamsIds")),
        team_id=None if params.get("teamId") is None else int(params["teamId"]),
        after_start=dates.get("afterStart"),
        before_end=dates.get("beforeEnd"),
        after_created_at=dates.get("afterCreatedAt"),
        before_created_at=dates.get("beforeCreatedAt"),
        after_updated_at=dates.get("afterUpdatedAt"),
        before_updated_at=dates.get("beforeUpdatedAt"),
        sort_start=_order(params.get("sortStart")),
        sort_end=_order(params.get("sortEnd")),
        sort_created=_order(params.get("sortCreated")),
        sort_updated_at=_order(params.get("sortUpdatedAt")),
        take=params.get("take", 100),
        skip=params.get("skip", 0),
    )


def user_ids(params: Mapping[str, Any]) -> list[int] | None:
    """`userIds` of the organization list."""
    ids = _ids(params.get("userIds"))
    return None if ids is None else list(ids)


def report_kind(body: Mapping[str, Any]) -> tuple[ReportReason, ReportType]:
    return ReportReason(body["reason"]), ReportType(body["reportType"])


def v1_booking_input(body: Mapping[str, Any]) -> tuple[BookingInput, datetime | None]:
    """`POST /v1/bookings`: the booking and the optional explicit end."""
    responses = body["responses"]
    location = responses.get("location")
    data = BookingInput(
        start=bookable_instant(body["start"], "start"),
        attendee=AttendeeInput(
            name=responses["name"],
            email=responses["email"],
            time_zone=_time_zone(body["timeZone"], "timeZone"),
            language=body["language"],
        ),
        event_type_id=body["eventTypeId"],
        guests=tuple(responses.get("guests", ())),
        location=location.get("value") if location else None,
        metadata=body["metadata"],
        title=body.get("title"),
        description=body.get("description"),
    )
    end = bookable_instant(body["end"], "end") if body.get("end") else None
    return data, end


def v1_query(params: Mapping[str, Any]) -> V1Query:
    return V1Query(
        attendee_emails=tuple(params.get("attendeeEmail") or ()),
        date_from=instant(params["dateFrom"], "dateFrom") if params.get("dateFrom") else None,
        date_to=instant(params["dateTo"], "dateTo") if params.get("dateTo") else None,
        upcoming=params.get("status") == "upcoming",
        sort_by=V1SortBy(params["sortBy"]) if params.get("sortBy") else None,
        order=SortOrder(params.get("order", "asc")),
        take=params.get("take"),
        page=params.get("page"),
    )


def v1_patch(body: Mapping[str, Any]) -> V1Patch:
    return V1Patch(
        title=body.get("title"),
        description=body.get("description"),
        start_time=bookable_instant(body["startTime"], "startTime") if "startTime" in body else None,
        end_time=bookable_instant(body["endTime"], "endTime") if "endTime" in body else None,
        status=BookingStatus(body["status"]) if "status" in body else None,
        cancelled_by=body.get("cancelledBy"),
        rescheduled_by=body.get("rescheduledBy"),
    )


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
    if time_zone is not None and time_zone not in _time_zones():
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
