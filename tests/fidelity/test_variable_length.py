"""ee/bookings/2024-08-13/controllers/e2e/variable-length-bookings.e2e-spec.ts, replayed against the mock.

The e2e test's user is kira (901): 9005 is its "variable length event" (15 minutes, or 15, 30 or 60 as
`metadata.multipleDuration`), 9006 its "normal event" of 15 minutes.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import V2, error_message

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/variable-length-bookings.e2e-spec.ts"
VARIABLE, NORMAL = 9005, 9006
ATTENDEE = {"name": "Mr Proper", "email": "mr_proper@gmail.com", "timeZone": "Europe/Rome", "language": "it"}

Json = dict[str, Any]


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def body(event_type: int, start: str, **extra: Any) -> Json:
    return {
        "start": start,
        "eventTypeId": event_type,
        "attendee": ATTENDEE,
        "location": "https://meet.google.com/abc-def-ghi",
        "bookingFieldsResponses": {"customField": "customValue"},
        **extra,
    }


@e2e("should not be able to specify length of booking for non variable length event type")
def test_a_length_is_refused_for_an_event_type_without_options(client: TestClient) -> None:
    response = client.post(
        "/v2/bookings", json=body(NORMAL, "2030-01-08T10:00:00.000Z", lengthInMinutes=30), headers=V2
    )
    assert response.status_code == 400
    assert error_message(response) == (
        "Can't specify 'lengthInMinutes' because event type does not have multiple possible lengths. "
        "Please, remove the 'lengthInMinutes' field from the request."
    )


def booked(client: TestClient, request: Json) -> Json:
    response = client.post("/v2/bookings", json=request, headers=V2)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data: Json = response.json()["data"]
    assert isinstance(data, dict) and "id" in data
    assert data["uid"] and data["status"] == "accepted"
    return data


@e2e("should create a booking with default length")
def test_without_a_length_the_event_types_applies(client: TestClient) -> None:
    request = body(VARIABLE, "2030-01-08T10:00:00.000Z")
    data = booked(client, request)
    assert (data["start"], data["end"], data["duration"]) == (request["start"], "2030-01-08T10:15:00.000Z", 15)


@e2e("should create a booking with specified length that is not default length")
def test_a_length_among_the_options_applies(client: TestClient) -> None:
    request = body(VARIABLE, "2030-01-08T11:00:00.000Z", lengthInMinutes=30)
    data = booked(client, request)
    assert (data["start"], data["end"], data["duration"]) == (request["start"], "2030-01-08T11:30:00.000Z", 30)


# Beyond the e2e file: validateBookingLengthInMinutes (input.service.ts).


def test_a_length_outside_the_options_is_refused_with_them(client: TestClient) -> None:
    response = client.post(
        "/v2/bookings", json=body(VARIABLE, "2030-01-08T12:00:00.000Z", lengthInMinutes=45), headers=V2
    )
    assert response.status_code == 400
    assert error_message(response) == (
        "Provided 'lengthInMinutes' is not one of the possible lengths for the event type. "
        "The possible lengths are: 15, 30, 60"
    )


def test_even_the_default_length_is_refused_without_options(client: TestClient) -> None:
    response = client.post(
        "/v2/bookings", json=body(NORMAL, "2030-01-08T12:00:00.000Z", lengthInMinutes=15), headers=V2
    )
    assert response.status_code == 400


def test_a_recurring_variable_length_series_takes_the_chosen_length(client: TestClient) -> None:
    request = body(9012, "2030-01-08T12:00:00.000Z", lengthInMinutes=60, recurrenceCount=2)
    response = client.post("/v2/bookings", json=request, headers=V2)
    assert response.status_code == 201, response.text
    assert [(o["duration"], o["end"]) for o in response.json()["data"]] == [
        (60, "2030-01-08T13:00:00.000Z"),
        (60, "2030-01-15T13:00:00.000Z"),
    ]
