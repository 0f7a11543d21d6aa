"""JSON views: every v2 variant validates against the real output schemas; v1 and pagination shapes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import jsonschema
import pytest

from mock_server.api.v1.views import to_v1, v1_auth_error_body, v1_cancel_output
from mock_server.api.v2_2024_08_13.views import created_output, pagination, report_output, to_v2, to_v2_data
from mock_server.domain.exceptions import ApiKeyExpired, ApiKeyMissing
from mock_server.domain.model import Booking, Frequency, Recurrence
from mock_server.services.bookings import BookingService
from mock_server.services.organizations import ReportOutcome
from mock_server.services.scheduling import AttendeeInput, BookingInput, Created
from mock_server.services.v1 import V1CancelOutcome
from mock_server.state.store import BookingStore
from tests.mock_server.conftest import TODAY
from tests.reference import load_reference

ANN = AttendeeInput(name="Ann Example", email="ann@example.com", time_zone="Europe/Rome")


class Schemas:
    """The reference document's component schemas, validated with their `$ref`s left in place."""

    def __init__(self, components: dict[str, Any]) -> None:
        self._root = {"components": {"schemas": components}}

    def validate(self, instance: Any, name: str) -> None:
        schema = {**self._root, "$ref": f"#/components/schemas/{name}"}
        jsonschema.Draft7Validator(schema).validate(instance)


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    return Schemas(load_reference()["components"]["schemas"])


def booking(store: BookingStore, uid: str) -> Booking:
    found = store.booking(uid)
    assert found is not None
    return found


def assert_no_nulls(value: Any) -> None:
    assert value is not None
    if isinstance(value, dict):
        for item in value.values():
            assert_no_nulls(item)
    elif isinstance(value, list):
        for item in value:
            assert_no_nulls(item)


def schema_name(output: dict[str, Any], seated: bool) -> str:
    recurring = "recurringBookingUid" in output
    if seated:
        kind = "Create" if "seatUid" in output else "Get"
        return f"{kind}{'Recurring' if recurring else ''}SeatedBookingOutput_2024_08_13"
    return f"{'Recurring' if recurring else ''}BookingOutput_2024_08_13"


def test_every_fixture_booking_matches_its_output_schema_and_sends_no_nulls(
    store: BookingStore, schemas: Schemas
) -> None:
    for b in store.bookings():
        event_type = store.event_type(b.event_type_id)
        assert event_type is not None
        output = to_v2(b, store)
        assert_no_nulls(output)
        schemas.validate(output, schema_name(output, event_type.is_seated))


def test_created_seated_and_recurring_seated_outputs_match_their_schemas(
    store: BookingStore, service: BookingService, schemas: Schemas
) -> None:
    seated = store.event_type(1003)
    assert seated is not None
    store.add_event_type(
        replace(seated, id=9003, slug="seminar", recurrence=Recurrence(frequency=Frequency.WEEKLY, max_occurrences=2))
    )
    one = created_output(
        service.create(BookingInput(start=TODAY + timedelta(days=22, hours=9), attendee=ANN, event_type_id=1003)), store
    )
    many = created_output(
        service.create(BookingInput(start=TODAY + timedelta(days=22, hours=11), attendee=ANN, event_type_id=9003)),
        store,
    )
    assert isinstance(one, dict) and isinstance(many, list) and len(many) == 2
    schemas.validate(one, "CreateSeatedBookingOutput_2024_08_13")
    for output in many:
        schemas.validate(output, "CreateRecurringSeatedBookingOutput_2024_08_13")
        stored = to_v2(booking(store, output["uid"]), store)
        schemas.validate(stored, "GetRecurringSeatedBookingOutput_2024_08_13")


def test_pagination_matches_its_schema(schemas: Schemas) -> None:
    schemas.validate(pagination(123, 10, 10), "PaginationMetaDto")


def test_a_regular_booking_renders_the_documented_fields(store: BookingStore) -> None:
    output = to_v2(booking(store, "awSwmVI4wxFymMjsrh5AU3"), store)
    assert output["status"] == "accepted"
    assert output["start"].endswith(":00.000Z") and output["duration"] == 30
    assert output["eventType"] == {"id": 1001, "slug": "intro-call"} and output["eventTypeId"] == 1001
    assert output["hosts"] == [
        {
            "id": 101,
            "name": "Alice Anders",
            "email": "alice@acme.com",
            "displayEmail": "alice@acme.com",
            "username": "alice",
            "timeZone": "Europe/London",
        }
    ]
    assert output["attendees"][0] == {
        "name": "Michael Bolton",
        "email": "michael.bolton@initech.com",
        "displayEmail": "michael.bolton@initech.com",
        "timeZone": "America/Chicago",
        "language": "en",
        "absent": False,
    }
    assert output["bookingFieldsResponses"]["company"] == "Initech" and output["metadata"] == {"source": "website"}
    # output.service.ts: `cancellationReason || ""` and `cancelledBy || ""`.
    assert output["cancellationReason"] == output["cancelledByEmail"] == ""
    assert "rating" not in output and "recurringBookingUid" not in output


def test_awaiting_host_is_shown_as_pending(store: BookingStore) -> None:
    assert to_v2(booking(store, "POLpiuqJ1I8q3NxIst28hm"), store)["status"] == "pending"


def test_cancelled_and_rescheduled_fields_appear_when_set(store: BookingStore) -> None:
    old = to_v2(booking(store, "AJWemZTy0Jq32C0sAJHsBX"), store)
    assert (old["status"], old["rescheduledToUid"], old["reschedulingReason"]) == (
        "cancelled",
        "DROq3a0HviAjCNpGqmVQK7",
        "Conflict with another meeting",
    )
    rejected = to_v2(booking(store, "IEFdG0yF5NYZiEm9136kiR"), store)
    assert rejected["status"] == "rejected"


def test_description_and_location_are_empty_strings_rather_than_missing(store: BookingStore) -> None:
    bare = replace(booking(store, "awSwmVI4wxFymMjsrh5AU3"), description="", location="", meeting_url=None)
    output = to_v2(bare, store)
    assert (output["description"], output["location"]) == ("", "")
    assert "meetingUrl" not in output


def test_a_team_booking_lists_its_organizer_as_host_and_the_other_hosts_as_attendees(store: BookingStore) -> None:
    output = to_v2(booking(store, "jwHZqwVDcCv6cn3h4Kchm7"), store)
    assert [h["id"] for h in output["hosts"]] == [103]
    assert [a["email"] for a in output["attendees"]] == ["erlich@aviato.com", "dave@acme.com"]


def test_a_series_renders_as_an_array(store: BookingStore) -> None:
    data = to_v2_data(store.series("59bc8874-b6b8-49a3-9155-28899e8884ba"), store)
    assert isinstance(data, list) and {d["recurringBookingUid"] for d in data} == {
        "59bc8874-b6b8-49a3-9155-28899e8884ba"
    }


def test_a_single_created_booking_renders_as_an_object(store: BookingStore) -> None:
    b = booking(store, "awSwmVI4wxFymMjsrh5AU3")
    assert created_output(Created((b,), (None,)), store) == to_v2(b, store)


@pytest.mark.parametrize(
    ("total", "take", "skip", "expected"),
    [
        (123, 10, 10, (103, 10, 2, 13, True, True)),
        (0, 100, 0, (0, 0, 0, 0, False, False)),
        (5, 10, 0, (0, 5, 1, 1, False, False)),
        (5, 2, 4, (0, 1, 3, 3, False, True)),
        (5, 2, 40, (0, 0, 3, 3, False, True)),
    ],
)
def test_pagination_follows_the_real_arithmetic(
    total: int, take: int, skip: int, expected: tuple[int, int, int, int, bool, bool]
) -> None:
    meta = pagination(total, take, skip)
    assert (meta["totalItems"], meta["itemsPerPage"]) == (total, take)
    assert (
        meta["remainingItems"],
        meta["returnedItems"],
        meta["currentPage"],
        meta["totalPages"],
        meta["hasNextPage"],
        meta["hasPreviousPage"],
    ) == expected


def test_report_output_has_the_documented_fields() -> None:
    assert report_output(ReportOutcome(booking_uid="u", cancelled_count=3)) == {
        "success": True,
        "message": "Booking reported and cancelled successfully",
        "bookingUid": "u",
        "reportedCount": 1,
        "cancelledCount": 3,
    }


def test_a_v1_booking_has_the_v1_shape(store: BookingStore) -> None:
    output = to_v1(booking(store, "DROq3a0HviAjCNpGqmVQK7"), store)
    assert output["status"] == "ACCEPTED" and output["fromReschedule"] == "AJWemZTy0Jq32C0sAJHsBX"
    assert output["rescheduled"] is False and output["paid"] is False and output["noShowHost"] is False
    assert output["user"] == {
        "id": 101,
        "name": "Alice Anders",
        "email": "alice@acme.com",
        "username": "alice",
        "timeZone": "Europe/London",
    }
    assert output["responses"] == {
        "name": "Jian Yang",
        "email": "jian.yang@initech.com",
        "guests": [],
        "location": {"value": "https://meet.acme.com/alice", "optionValue": ""},
    }
    attendee = output["attendees"][0]
    assert set(attendee) == {"id", "email", "name", "timeZone", "locale", "bookingId", "noShow"}
    assert output["iCalUID"] == "DROq3a0HviAjCNpGqmVQK7@Cal.com" and output["iCalSequence"] == 0
    assert "cancellationReason" not in output and "recurringEventId" not in output


def test_v1_keeps_awaiting_host_and_marks_rescheduled_originals(store: BookingStore) -> None:
    assert to_v1(booking(store, "POLpiuqJ1I8q3NxIst28hm"), store)["status"] == "AWAITING_HOST"
    assert to_v1(booking(store, "AJWemZTy0Jq32C0sAJHsBX"), store)["rescheduled"] is True
    assert (
        to_v1(booking(store, "nsEhumaSnDeKimcH286d8q"), store)["recurringEventId"]
        == "59bc8874-b6b8-49a3-9155-28899e8884ba"
    )


def test_v1_cancel_and_auth_bodies() -> None:
    assert v1_cancel_output(V1CancelOutcome(booking_id=2, booking_uid="u")) == {
        "success": True,
        "message": "Booking successfully cancelled.",
        "onlyRemovedAttendee": False,
        "bookingId": 2,
        "bookingUid": "u",
    }
    assert v1_auth_error_body(ApiKeyMissing()) == {"message": "No apiKey provided"}
    assert v1_auth_error_body(ApiKeyExpired()) == {"error": "This API key is expired."}
