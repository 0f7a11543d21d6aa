"""ee/bookings/2024-08-13/controllers/e2e/booking-fields.e2e-spec.ts, replayed against the mock.

The two bookings the e2e test writes into its database with a split name (`{firstName, lastName}`) are
lena's (902) fixtures kindsSplitNameBooking01 (event type 9008) and kindsSplitNameSeated01 (seated 9009,
seat kinds-unique-seat-uid). Its event type with booking fields is kira's (901) 9007: the system fields as
Cal.com stores them, the required custom text field `favorite-movie`, and, beyond the e2e file, optional
fields of other types (number, select, multiselect, boolean) to check what hasRequiredBookingFieldsResponses
(bookings.service.ts) checks.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import V2, error_message

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/booking-fields.e2e-spec.ts"
WITH_FIELDS = 9007
SPLIT_NAME = {"firstName": "Oldie", "lastName": "Goldie"}
ATTENDEE = {"name": "Mr Proper", "email": "mr_proper@gmail.com", "timeZone": "Europe/Rome", "language": "it"}

Json = dict[str, Any]


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def get(client: TestClient, uid: str) -> Json:
    response = client.get(f"/v2/bookings/{uid}", headers=V2)
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    data: Json = response.json()["data"]
    assert isinstance(data, dict) and "id" in data
    return data


# The e2e file gives both tests the same title; the first reads the booking that is not seated.
@e2e("should should get a seated booking with split name responses")
def test_a_booking_with_a_split_name(client: TestClient) -> None:
    data = get(client, "kindsSplitNameBooking01")
    assert data["attendees"][0]["name"] == "Oldie Goldie"
    assert data["bookingFieldsResponses"]["name"] == SPLIT_NAME


@e2e("should should get a seated booking with split name responses")
def test_a_seat_with_a_split_name(client: TestClient) -> None:
    data = get(client, "kindsSplitNameSeated01")
    assert data["attendees"][0]["name"] == "Oldie Goldie"
    assert data["attendees"][0]["bookingFieldsResponses"]["name"] == SPLIT_NAME


def body(**responses: Any) -> Json:
    request: Json = {
        "start": "2030-01-08T13:00:00.000Z",
        "eventTypeId": WITH_FIELDS,
        "attendee": ATTENDEE,
        "location": "https://meet.google.com/abc-def-ghi",
    }
    if responses:
        request["bookingFieldsResponses"] = responses
    return request


def missing_favorite_movie() -> str:
    return (
        "Missing required booking field response: favorite-movie - it is required by the event type booking "
        f"fields, but missing in the bookingFieldsResponses. You can fetch the event type with ID {WITH_FIELDS} "
        "to see the required fields."
    )


@e2e(
    "should not be able to book an event type with custom required booking fields if they are missing in "
    "bookingFieldsResponses"
)
def test_a_required_custom_field_must_be_answered(client: TestClient) -> None:
    response = client.post("/v2/bookings", json=body(), headers=V2)
    assert response.status_code == 400
    assert error_message(response) == missing_favorite_movie()  # not asserted by the e2e test


@e2e("should be able to book an event type with custom required booking fields")
def test_an_answered_required_field_is_kept(client: TestClient) -> None:
    response = client.post("/v2/bookings", json=body(**{"favorite-movie": "lord of the rings"}), headers=V2)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, dict) and "id" in data
    assert data["bookingFieldsResponses"]["favorite-movie"] == "lord of the rings"


# Beyond the e2e file: the rest of hasRequiredBookingFieldsResponses, with its messages.

MOVIE = {"favorite-movie": "matrix"}


def refused(client: TestClient, responses: Json) -> str:
    response = client.post("/v2/bookings", json=body(**responses), headers=V2)
    assert response.status_code == 400, response.text
    message: str = error_message(response)
    return message


def test_a_null_answer_counts_as_missing(client: TestClient) -> None:
    assert refused(client, {"favorite-movie": None}) == missing_favorite_movie()


def test_system_fields_are_not_asked_for_in_the_responses(client: TestClient) -> None:
    """`title` is a required system field; system fields come from the request's own properties."""
    response = client.post("/v2/bookings", json=body(**MOVIE), headers=V2)
    assert response.status_code == 201, response.text


def test_an_answer_of_the_wrong_type_is_refused(client: TestClient) -> None:
    assert refused(client, {"favorite-movie": 42}) == (
        "Invalid type for booking field 'favorite-movie'. Expected type string (compatible with field type "
        "'text'), but received number."
    )
    assert refused(client, {**MOVIE, "years-of-experience": "ten"}) == (
        "Invalid type for booking field 'years-of-experience'. Expected type number (compatible with field type "
        "'number'), but received string."
    )
    assert refused(client, {**MOVIE, "newsletter": "yes"}) == (
        "Invalid type for booking field 'newsletter'. Expected type boolean (compatible with field type "
        "'boolean'), but received string."
    )
    assert refused(client, {**MOVIE, "topics": "testing"}) == (
        "Invalid type for booking field 'topics'. Expected type array (compatible with field type "
        "'multiselect'), but received string."
    )


def test_an_answer_outside_the_options_is_refused(client: TestClient) -> None:
    assert refused(client, {**MOVIE, "preferred-language": "Cobol"}) == (
        "Invalid option 'Cobol' for booking field 'preferred-language'. Allowed options are: TypeScript, Rust."
    )
    assert refused(client, {**MOVIE, "topics": ["testing", "cooking"]}) == (
        "One or more invalid options for booking field 'topics'. Allowed options are: testing, design."
    )


def test_valid_optional_answers_are_kept(client: TestClient) -> None:
    answers = {
        **MOVIE,
        "years-of-experience": 10,
        "preferred-language": "Rust",
        "topics": ["design"],
        "newsletter": False,
    }
    response = client.post("/v2/bookings", json=body(**answers), headers=V2)
    assert response.status_code == 201, response.text
    responses = response.json()["data"]["bookingFieldsResponses"]
    assert {key: responses[key] for key in answers} == answers
