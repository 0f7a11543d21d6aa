"""ee/bookings/2024-08-13/controllers/e2e/seated-bookings.e2e-spec.ts, replayed against the mock.

The e2e test's user is kira (901) with her API key; its two seated event types (5 seats, 60 minutes) are
9001 (`seatsShowAttendees: true`) and 9002 (`seatsShowAttendees: false`). Its tests run in order, each
building on the last; each test here replays the steps its e2e test depends on (`Seated`), then asserts
what the e2e test asserts. The `/v2/bookings/by-seat/{seatUid}` tests are not expressible: that operation
is not in spec/openapi.yaml (tests/fidelity/README.md).
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import V2, auth, error_message

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/seated-bookings.e2e-spec.ts"
KIRA_ID = 901
KIRA = auth("cal_test_kinds_owner_key")
SEATED, SEATED_SLUG = 9001, "seated-bookings-event-type"
HIDDEN, HIDDEN_SLUG = 9002, "seated-bookings-event-type-attendees-disabled"
ATTENDEE_ONE = {"name": "Attendee One", "email": "seated-bookings-attendee1@api.com", "timeZone": "Europe/Rome"}
ATTENDEE_TWO = {"name": "Attendee Two", "email": "seated-bookings-attendee2@api.com", "timeZone": "Europe/Rome"}
ATTENDEE_THREE = {"name": "Attendee Three", "email": "seated-bookings-attendee3@api.com", "timeZone": "Europe/Rome"}

Json = dict[str, Any]


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def body(start: str, attendee: Json, language: str, user_id: str, event_type: int = SEATED) -> Json:
    return {
        "start": start,
        "eventTypeId": event_type,
        "attendee": {**attendee, "language": "it"},
        "bookingFieldsResponses": {"codingLanguage": language},
        "metadata": {"userId": user_id},
    }


FIRST = body("2030-01-08T13:00:00.000Z", ATTENDEE_ONE, "TypeScript", "100")
SECOND = body("2030-01-08T13:00:00.000Z", ATTENDEE_TWO, "Rust", "200")


def seat_of(request: Json, seat_uid: str) -> Json:
    """The attendee object the e2e test expects for the seat `request` booked."""
    attendee = request["attendee"]
    return {
        "name": attendee["name"],
        "email": attendee["email"],
        "displayEmail": attendee["email"],
        "timeZone": attendee["timeZone"],
        "language": attendee["language"],
        "absent": False,
        "seatUid": seat_uid,
        "bookingFieldsResponses": {"guests": [], "name": attendee["name"], **request["bookingFieldsResponses"]},
        "metadata": request["metadata"],
    }


def assert_seated_booking(data: Json, start: str, end: str, event_type: int = SEATED) -> None:
    """The assertions every seated create/reschedule/cancel test of the e2e file makes."""
    assert data["id"] is not None and data["uid"]
    assert data["hosts"][0]["id"] == KIRA_ID
    assert data["start"] == start
    assert data["end"] == end
    assert data["duration"] == 60
    assert data["eventTypeId"] == event_type
    assert data["eventType"] == {"id": event_type, "slug": SEATED_SLUG if event_type == SEATED else HIDDEN_SLUG}
    assert "location" in data
    assert data["absentHost"] is False


def without_seat_uid(booking: Json) -> Json:
    return {key: value for key, value in booking.items() if key != "seatUid"}


class Seated:
    """The e2e test's shared state, built as its tests build it."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.booking: Json = {}

    def post(self, request: Json, headers: dict[str, str] = V2) -> Json:
        response = self.client.post("/v2/bookings", json=request, headers=headers)
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "success"
        data: Json = response.json()["data"]
        return data

    def first(self) -> Seated:
        self.booking = self.post(FIRST)
        return self

    def second(self) -> Seated:
        self.first()
        self.booking = self.post(SECOND)
        return self

    def rescheduled(self) -> Seated:
        self.second()
        response = self.client.post(
            f"/v2/bookings/{self.booking['uid']}/reschedule",
            json={"start": "2030-01-08T15:00:00.000Z", "seatUid": self.booking["seatUid"]},
            headers=V2,
        )
        assert response.status_code == 201, response.text
        self.booking = response.json()["data"]
        return self


@e2e("should book an event type with seats for the first time")
def test_book_a_seat_for_the_first_time(client: TestClient) -> None:
    data = Seated(client).post(FIRST)
    assert data["seatUid"]
    assert data["status"] == "accepted"
    assert_seated_booking(data, FIRST["start"], "2030-01-08T14:00:00.000Z")
    assert data["attendees"] == [seat_of(FIRST, data["seatUid"])]


@e2e("should book an event type with seats for the second time")
def test_book_a_seat_for_the_second_time(client: TestClient) -> None:
    seated = Seated(client).first()
    first = seated.booking
    data = seated.post(SECOND)
    assert data["seatUid"]
    assert data["status"] == "accepted"
    assert_seated_booking(data, SECOND["start"], "2030-01-08T14:00:00.000Z")
    assert len(data["attendees"]) == 2
    by_name = {attendee["name"]: attendee for attendee in data["attendees"]}
    assert by_name[ATTENDEE_ONE["name"]] == seat_of(FIRST, first["seatUid"])
    assert by_name[ATTENDEE_TWO["name"]] == seat_of(SECOND, data["seatUid"])


@e2e("should get a booking for an event type with seats")
def test_get_a_seated_booking(client: TestClient) -> None:
    booking = Seated(client).second().booking
    response = client.get(f"/v2/bookings/{booking['uid']}", headers=V2)
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert all("seatUid" in attendee for attendee in data["attendees"])
    # "seatUid in get response resides only in each attendee object"
    assert data == without_seat_uid(booking)


@e2e("should get all seated bookings")
def test_list_the_seated_booking(client: TestClient) -> None:
    booking = Seated(client).second().booking
    response = client.get("/v2/bookings?sortCreated=asc", headers=KIRA)
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert len(data) == 1
    assert data[0] == without_seat_uid(booking)


@e2e("should book first seat on event type with seatsShowAttendees disabled")
def test_book_a_first_seat_with_attendees_hidden(client: TestClient) -> None:
    data = Seated(client).post(body("2030-01-11T13:00:00.000Z", ATTENDEE_ONE, "TypeScript", "100", HIDDEN))
    assert data["seatUid"]


@e2e("should book second seat on same event type with seatsShowAttendees disabled")
def test_book_a_second_seat_with_attendees_hidden(client: TestClient) -> None:
    seated = Seated(client)
    seated.post(body("2030-01-11T13:00:00.000Z", ATTENDEE_ONE, "TypeScript", "100", HIDDEN))
    data = seated.post(body("2030-01-11T13:00:00.000Z", ATTENDEE_THREE, "Rust", "300", HIDDEN))
    assert data["seatUid"]


@e2e("should not be able to reschedule seated booking if seatUid is not provided")
def test_rescheduling_a_seated_booking_needs_a_seat_uid(client: TestClient) -> None:
    uid = Seated(client).second().booking["uid"]
    response = client.post(f"/v2/bookings/{uid}/reschedule", json={"start": "2030-01-08T15:00:00.000Z"}, headers=V2)
    assert response.status_code == 400
    assert error_message(response) == (
        f"Booking with uid={uid} is a seated booking which means you have to provide seatUid in the request body "
        "to specify which seat specifically you want to reschedule. First, fetch the booking using "
        "https://cal.com/docs/api-reference/v2/bookings/get-a-booking and then within the attendees array you "
        "will find the seatUid of the booking you want to reschedule. Second, provide the seatUid in the request "
        "body to specify which seat specifically you want to reschedule using the reschedule endpoint "
        "https://cal.com/docs/api-reference/v2/bookings/reschedule-a-booking#option-2"
    )


@e2e("should reschedule seated booking")
def test_reschedule_one_seat(client: TestClient) -> None:
    booking = Seated(client).second().booking
    request = {"start": "2030-01-08T15:00:00.000Z", "seatUid": booking["seatUid"]}
    response = client.post(f"/v2/bookings/{booking['uid']}/reschedule", json=request, headers=V2)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["seatUid"]
    assert data["status"] == "accepted"
    assert_seated_booking(data, request["start"], "2030-01-08T16:00:00.000Z")
    moved = next(a for a in booking["attendees"] if a["seatUid"] == request["seatUid"])
    assert data["attendees"] == [
        {
            **{key: moved[key] for key in ("name", "email", "displayEmail", "timeZone", "language", "metadata")},
            "absent": False,
            "seatUid": data["seatUid"],
            "bookingFieldsResponses": {"name": moved["name"], **moved["bookingFieldsResponses"]},
        }
    ]


@e2e("should return valid seatUid for subsequent reschedules")
def test_every_reschedule_answers_a_seat_uid(client: TestClient) -> None:
    seated = Seated(client)
    booking = seated.post(
        {
            "start": "2030-01-10T10:00:00.000Z",
            "eventTypeId": SEATED,
            "attendee": {"name": "Reschedule Test", "email": "reschedule-test@api.com", "timeZone": "Europe/Rome"},
            "bookingFieldsResponses": {"codingLanguage": "Go"},
            "metadata": {"userId": "300"},
        }
    )
    assert booking["seatUid"] and booking["attendees"][0]["seatUid"]
    for hour in (11, 12, 13):
        request = {"start": f"2030-01-10T{hour}:00:00.000Z", "seatUid": booking["attendees"][0]["seatUid"]}
        response = client.post(f"/v2/bookings/{booking['uid']}/reschedule", json=request, headers=V2)
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "success"
        booking = response.json()["data"]
        assert all("seatUid" in attendee for attendee in booking["attendees"])
        assert booking["seatUid"] and booking["attendees"][0]["seatUid"]


HIDDEN_BOOKING = body("2030-01-09T14:00:00.000Z", ATTENDEE_ONE, "TypeScript", "100", HIDDEN)


@e2e("should book an event type with attendees disabled and no auth provided")
def test_booking_with_attendees_hidden_answers_none(client: TestClient) -> None:
    data = Seated(client).post(HIDDEN_BOOKING)
    assert data["seatUid"]
    assert data["status"] == "accepted"
    assert_seated_booking(data, HIDDEN_BOOKING["start"], "2030-01-09T15:00:00.000Z", HIDDEN)
    assert data["attendees"] == []


@e2e("should fetch booking and not have attendees because no auth provided")
def test_reading_with_attendees_hidden_and_no_auth_shows_none(client: TestClient) -> None:
    booking = Seated(client).post(HIDDEN_BOOKING)
    response = client.get(f"/v2/bookings/{booking['uid']}", headers=V2)
    assert response.status_code == 200
    data = response.json()["data"]
    assert len(data["hosts"]) == 1
    assert data["status"] == "accepted"
    assert_seated_booking(data, booking["start"], booking["end"], HIDDEN)
    assert data["attendees"] == []


def assert_owner_sees_the_seat(data: Json) -> None:
    assert len(data["attendees"]) == 1
    attendee = data["attendees"][0]
    assert (attendee["email"], attendee["name"], attendee["language"]) == (
        ATTENDEE_ONE["email"],
        ATTENDEE_ONE["name"],
        "it",
    )
    assert attendee["seatUid"]


# The e2e test sends the key without "Bearer ": the real strategy strips a "Bearer " prefix if there is one.
OWNER_WITHOUT_BEARER = {**V2, "Authorization": "cal_test_kinds_owner_key"}


@e2e("should book an event type with attendees disabled and owner auth provided")
def test_the_owner_booking_with_attendees_hidden_sees_them(client: TestClient) -> None:
    data = Seated(client).post(HIDDEN_BOOKING, OWNER_WITHOUT_BEARER)
    assert data["seatUid"]
    assert data["status"] == "accepted"
    assert_seated_booking(data, HIDDEN_BOOKING["start"], "2030-01-09T15:00:00.000Z", HIDDEN)
    assert_owner_sees_the_seat(data)


@e2e("should fetch booking and have attendees")
def test_the_owner_reading_with_attendees_hidden_sees_them(client: TestClient) -> None:
    booking = Seated(client).post(HIDDEN_BOOKING, OWNER_WITHOUT_BEARER)
    response = client.get(f"/v2/bookings/{booking['uid']}", headers=OWNER_WITHOUT_BEARER)
    assert response.status_code == 200
    data = response.json()["data"]
    assert len(data["hosts"]) == 1
    assert_seated_booking(data, booking["start"], booking["end"], HIDDEN)
    assert_owner_sees_the_seat(data)


@e2e("should cancel seated booking")  # describe "cancel seated booking as attendee"
def test_cancelling_the_last_seat_cancels_the_booking(client: TestClient) -> None:
    booking = Seated(client).rescheduled().booking
    response = client.post(f"/v2/bookings/{booking['uid']}/cancel", json={"seatUid": booking["seatUid"]}, headers=V2)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["status"] == "cancelled"
    assert_seated_booking(data, booking["start"], booking["end"])
    assert data["attendees"] == []


HOST_BOOKING = body("2030-01-08T14:00:00.000Z", ATTENDEE_ONE, "TypeScript", "100")


@e2e("should book an event type with seats")  # describe "cancel seated booking as host"
def test_book_a_seat_to_cancel_as_host(client: TestClient) -> None:
    data = Seated(client).post(HOST_BOOKING)
    assert data["seatUid"]
    assert data["status"] == "accepted"
    assert_seated_booking(data, HOST_BOOKING["start"], "2030-01-08T15:00:00.000Z")
    assert data["attendees"] == [seat_of(HOST_BOOKING, data["seatUid"])]


@e2e("should not be able to cancel without cancellation reason")
def test_the_host_must_give_a_reason(client: TestClient) -> None:
    booking = Seated(client).post(HOST_BOOKING)
    response = client.post(f"/v2/bookings/{booking['uid']}/cancel", headers=KIRA)
    assert response.status_code == 400
    # The real body is the bare {statusCode, message}; the mock keeps its envelope and carries that body in
    # error.details (README, deliberate differences).
    assert response.json()["error"]["message"] == "Cancellation reason is required when you are the host"
    assert response.json()["error"]["details"]["message"] == "Cancellation reason is required when you are the host"


@e2e("should cancel seated booking")  # describe "cancel seated booking as host"
def test_the_host_cancelling_removes_every_seat(client: TestClient) -> None:
    booking = Seated(client).post(HOST_BOOKING)
    reason = "I will be travelling without internet"
    response = client.post(f"/v2/bookings/{booking['uid']}/cancel", json={"cancellationReason": reason}, headers=KIRA)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["status"] == "cancelled"
    assert_seated_booking(data, booking["start"], booking["end"])
    assert data["attendees"] == []
    assert data["cancellationReason"] == reason
    # "seats.length toEqual 0": no seat of the booking is left to find.
    listed = client.get(f"/v2/bookings?bookingUid={booking['uid']}", headers=KIRA).json()["data"]
    assert listed[0]["attendees"] == []
