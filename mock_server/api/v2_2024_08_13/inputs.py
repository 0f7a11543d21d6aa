"""Request bodies and query strings of the 2024-08-13 bookings routes, already validated against the spec
by Connexion, turned into the domain's inputs. What the spec cannot say (real time zones, instants the
clock can add a meeting to, comma lists of ids) is checked here and refused as `InvalidRequest`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_server.api import dto
from mock_server.api.reading import bookable_instant, comma_ids, instant, time_zone, whole
from mock_server.domain.model import ReportReason, ReportType
from mock_server.services.listing import BookingQuery, SortOrder, parse_statuses
from mock_server.services.scheduling import AttendeeInput, BookingInput

__all__ = ["booking_input", "booking_query", "report_kind", "user_ids"]


def booking_input(body: Mapping[str, Any]) -> BookingInput:
    """`POST /v2/bookings`, any of its three bodies."""
    dto.check("CreateBookingInput", body)
    attendee = body["attendee"]
    return BookingInput(
        start=bookable_instant(body["start"], "start", naive_is_utc=True),
        attendee=AttendeeInput(
            name=attendee["name"],
            time_zone=time_zone(attendee["timeZone"], "attendee.timeZone"),
            email=attendee.get("email"),
            phone_number=attendee.get("phoneNumber"),
            language=attendee.get("language", "en"),
        ),
        event_type_id=whole(body.get("eventTypeId"), "eventTypeId"),
        event_type_slug=body.get("eventTypeSlug"),
        username=body.get("username"),
        team_slug=body.get("teamSlug"),
        organization_slug=body.get("organizationSlug"),
        guests=tuple(body.get("guests", ())),
        location=body.get("location"),
        meeting_url=body.get("meetingUrl"),
        metadata=body.get("metadata", {}),
        booking_fields_responses=body.get("bookingFieldsResponses", {}),
        length_in_minutes=whole(body.get("lengthInMinutes"), "lengthInMinutes"),
        recurrence_count=whole(body.get("recurrenceCount"), "recurrenceCount"),
        rr_host_subset_ids=tuple(body.get("rrHostSubsetIds", ())),
        reserved_slot_uid=body.get("reservedSlotUid"),
    )


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
        event_type_ids=comma_ids(params.get("eventTypeIds")),
        event_type_id=None if params.get("eventTypeId") is None else int(params["eventTypeId"]),
        teams_ids=comma_ids(params.get("teamsIds")),
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
    ids = comma_ids(params.get("userIds"))
    return None if ids is None else list(ids)


def report_kind(body: Mapping[str, Any]) -> tuple[ReportReason, ReportType]:
    return ReportReason(body["reason"]), ReportType(body["reportType"])
