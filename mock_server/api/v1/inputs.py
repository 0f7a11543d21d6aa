"""Bodies and query strings of the v1 routes, turned into the domain's inputs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mock_server.api.reading import bookable_instant, instant, time_zone
from mock_server.domain.model import BookingStatus
from mock_server.services.listing import SortOrder
from mock_server.services.scheduling import AttendeeInput, BookingInput
from mock_server.services.v1 import V1Patch, V1Query, V1SortBy

__all__ = ["v1_booking_input", "v1_patch", "v1_query"]


def v1_booking_input(body: Mapping[str, Any]) -> tuple[BookingInput, datetime | None]:
    """`POST /v1/bookings`: the booking and the optional explicit end."""
    responses = body["responses"]
    location = responses.get("location")
    data = BookingInput(
        start=bookable_instant(body["start"], "start"),
        attendee=AttendeeInput(
            name=responses["name"],
            email=responses["email"],
            time_zone=time_zone(body["timeZone"], "timeZone"),
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
