"""What the real server's pipes, DTOs and output service decide, beyond what its e2e tests assert.

Sources (calcom/cal.com): packages/platform/types/bookings/2024-08-13/inputs/create-booking.input.ts,
create-booking-input.pipe.ts and cancel-booking-input.pipe.ts (validateSync with whitelist and
forbidNonWhitelisted, then `formatErrors`), validators/validate-metadata.ts;
apps/api/v2/src/ee/bookings/2024-08-13/services/input.service.ts (`isBookingLocationWithEventTypeLocations`,
`transformLocation`) and output.service.ts; apps/api/v2/src/app.ts's global ValidationPipe (whitelist, no
forbidNonWhitelisted), which drops unknown query parameters. See docs/real-server/bookings.md.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from mock_server.api import dto
from mock_server.web.app import SPEC_PATH
from tests.fidelity.conftest import auth, error_message

UMA = auth("cal_test_uma_key")
ACME_OWNER = auth("cal_test_acme_owner_key")
ATTENDEE = {"name": "Mr Proper", "email": "mr_proper@gmail.com", "timeZone": "Europe/Rome"}


def booking(**fields: Any) -> dict[str, Any]:
    return {"start": "2030-01-08T13:00:00.000Z", "eventTypeId": 8001, "attendee": ATTENDEE, **fields}


# ------------------------------------------------------------------------------------------ cancel


@pytest.mark.parametrize("body", [None, {}], ids=["no body", "empty body"])
def test_cancel_without_a_body_cancels(client: TestClient, body: Any) -> None:
    response = client.post("/v2/bookings/fidelityVicNoReasons01/cancel", json=body, headers=UMA)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["status"] == "cancelled"
    assert data["cancellationReason"] == ""


def test_cancel_with_an_unknown_field_names_it(client: TestClient) -> None:
    response = client.post("/v2/bookings/fidelityVicNoReasons01/cancel", json={"why": "x"}, headers=UMA)
    assert response.status_code == 400
    assert error_message(response) == "why property is wrong,property why should not exist "


# ------------------------------------------------------------------------------------ query strings


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/v2/bookings", UMA),
        ("/v2/organizations/1/bookings", ACME_OWNER),
        ("/v2/organizations/1/teams/11/bookings", ACME_OWNER),
    ],
)
def test_unknown_query_parameters_are_dropped(client: TestClient, path: str, key: dict[str, str]) -> None:
    plain = client.get(path, headers=key)
    extra = client.get(path, params={"teamIds": "11", "someFilter": "x"}, headers=key)
    assert plain.status_code == extra.status_code == 200
    assert extra.json()["data"] == plain.json()["data"]


def test_known_query_parameters_are_still_checked(client: TestClient) -> None:
    assert client.get("/v2/bookings", params={"take": 0}, headers=UMA).status_code == 400


# ---------------------------------------------------------------------------------- create messages


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            booking(attendee={**ATTENDEE, "timeZone": "Mars/Olympus"}),
            "attendee property is wrong, timeZone property is wrong,timeZone must be a valid IANA time zone ",
        ),
        (
            booking(attendee={**ATTENDEE, "email": "not-an-email"}),
            "attendee property is wrong, email property is wrong,Invalid email format ",
        ),
        (
            booking(attendee={"name": "No Contact", "timeZone": "UTC"}),
            "attendee property is wrong, attendee email or phone property is wrong,"
            "Attendee must have at least one contact method (email or phone number) ",
        ),
        (booking(colour="blue"), "colour property is wrong,property colour should not exist "),
        (booking(start="tomorrow"), "start property is wrong,start must be a valid ISO 8601 date string "),
        (
            booking(metadata={"count": 3}),
            "metadata property is wrong,Metadata must have at most 50 keys, each key up to 40 characters, "
            "and string values up to 500 characters. ",
        ),
        (
            booking(lengthInMinutes=0),
            "lengthInMinutes property is wrong,lengthInMinutes must not be less than 1 ",
        ),
    ],
    ids=["time zone", "email", "no contact", "unknown field", "start", "metadata value", "length"],
)
def test_create_refusals_name_the_property(client: TestClient, body: dict[str, Any], message: str) -> None:
    response = client.post("/v2/bookings", json=body, headers=UMA)
    assert response.status_code == 400
    assert error_message(response) == message
    assert response.json()["error"]["details"] == {"message": message, "error": "Bad Request", "statusCode": 400}


@pytest.mark.parametrize(
    ("location", "message"),
    [
        (
            {"type": "integration", "integration": "google-meet"},
            "Booking location with integration google-meet not valid for event type with id=8004. The event type "
            "has following integrations: cal-video, and only these integrations are allowed for booking location.",
        ),
        (
            {"type": "organizersDefaultApp"},
            "Booking location with type organizersDefaultApp not valid for event type with id=8004. The event type "
            "has following location types: integration, address, link, phone, attendeeAddress, attendeePhone, "
            "attendeeDefined, and only these types are allowed for booking location.",
        ),
    ],
)
def test_a_location_the_event_type_does_not_offer_is_refused(
    client: TestClient, location: dict[str, Any], message: str
) -> None:
    response = client.post("/v2/bookings", json=booking(eventTypeId=8004, location=location), headers=UMA)
    assert response.status_code == 400
    assert error_message(response) == message


@pytest.mark.parametrize(
    ("location", "response"),
    [
        (
            "https://meet.google.com/abc-def-ghi",
            {"value": "link", "optionValue": "https://meet.google.com/abc-def-ghi"},
        ),
        ("+37120993151", {"value": "phone", "optionValue": "+37120993151"}),
        ("Cafe on the corner", {"value": "somewhereElse", "optionValue": "Cafe on the corner"}),
    ],
)
def test_a_string_location_is_kept_and_answered_as_a_booking_field(
    client: TestClient, location: str, response: dict[str, str]
) -> None:
    created = client.post("/v2/bookings", json=booking(location=location), headers=UMA)
    assert created.status_code == 201
    data = created.json()["data"]
    assert data["location"] == location
    assert data["bookingFieldsResponses"]["location"] == response


def test_display_emails_drop_the_platform_suffix(client: TestClient) -> None:
    email = "managed+abcdefghijklmnopqrstuvwxy@example.com"
    created = client.post("/v2/bookings", json=booking(attendee={**ATTENDEE, "email": email}), headers=UMA)
    data = created.json()["data"]
    assert data["attendees"][0]["displayEmail"] == "managed@example.com"
    assert data["bookingFieldsResponses"]["displayEmail"] == "managed@example.com"


def test_the_dto_languages_are_the_spec_languages() -> None:
    spec = yaml.safe_load(SPEC_PATH.read_text())
    assert sorted(dto.LANGUAGES) == sorted(spec["components"]["schemas"]["Language"]["enum"])


def test_explain_formats_like_the_real_pipe() -> None:
    assert dto.explain("CreateBookingInput", None) == "Body is required"
    assert dto.explain("CreateBookingInput", "text") == "Body should be an object"
    assert dto.explain("CancelBookingInput", {}) is None
    assert dto.explain("CancelBookingInput", {"seatUid": 5}) == "seatUid property is wrong,seatUid must be a string "


def test_the_dto_knows_every_property_of_the_spec_bodies() -> None:
    """The DTOs of mock_server/dto.py name the same properties as the spec's request bodies."""
    spec = yaml.safe_load(SPEC_PATH.read_text())
    schemas = spec["components"]["schemas"]
    for schema, name in [
        ("CreateBookingInput_2024_08_13", "CreateBookingInput"),
        ("CancelBookingInput_2024_08_13", "CancelBookingInput"),
        ("RescheduleBookingInput_2024_08_13", "RescheduleBookingInput"),
    ]:
        body = dict.fromkeys(schemas[schema]["properties"], None)
        assert {p.name for p in dto.BODY_DTOS[name](body).props} == set(body), schema
