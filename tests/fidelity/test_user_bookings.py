"""ee/bookings/2024-08-13/controllers/e2e/user-bookings.e2e-spec.ts, replayed against the mock.

The e2e test books as one user (here uma, 801) who owns a 60-minute event type (8001), a weekly recurring
one of three occurrences (8002), one that requires confirmation (8003) and one booking in the past
(801); it runs its steps in order, each building on the last. Each test here replays the steps its e2e
test depends on (`UserBookings`), then asserts what the e2e test asserts. Bookings the e2e test writes
straight into its database are fixtures of vic (802). Between steps the clock moves a second on, as
time passes between the e2e test's requests.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import auth, error_message

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/user-bookings.e2e-spec.ts"
UMA = auth("cal_test_uma_key")
VIC = auth("cal_test_vic_key")
UMA_ID, EVENT_TYPE, RECURRING, REQUIRES_CONFIRMATION = 801, 8001, 8002, 8003
EVENT_TYPE_SLUG = "peer-coding"
PAST_BOOKING = "fidelityUmaPastBooking1"
GOOGLE_MEET = "https://meet.google.com/abc-def-ghi"
ATTENDEE = {"name": "Mr Proper", "email": "mr_proper@gmail.com", "timeZone": "Europe/Rome", "language": "it"}
RECURRING_ATTENDEE = {**ATTENDEE, "name": "Mr Proper Recurring", "email": "mr_proper_recurring@gmail.com"}

Json = dict[str, Any]


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def create_body(**overrides: Any) -> Json:
    """The body of "should create a booking"."""
    return {
        "start": "2030-01-08T13:00:00.000Z",
        "eventTypeId": EVENT_TYPE,
        "attendee": ATTENDEE,
        "location": GOOGLE_MEET,
        "bookingFieldsResponses": {"customField": "customValue"},
        "metadata": {"userId": "100"},
        "guests": ["bob@gmail.com"],
        **overrides,
    }


def recurring_body() -> Json:
    """The body of "should create a recurring booking"."""
    return {
        "start": "2030-02-04T13:00:00.000Z",
        "eventTypeId": RECURRING,
        "attendee": RECURRING_ATTENDEE,
        "location": GOOGLE_MEET,
        "metadata": {"userId": "1000"},
    }


class UserBookings:
    """The e2e test's shared state, built step by step as its tests build it."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.booking: Json = {}
        self.recurring: list[Json] = []

    def tick(self) -> None:
        self.client.put("/_mock/clock", json={"advanceSeconds": 1})

    def created(self) -> UserBookings:
        response = self.client.post("/v2/bookings", json=create_body(), headers=UMA)
        assert response.status_code == 201, response.text
        self.booking = response.json()["data"]
        self.tick()
        return self

    def with_recurring(self) -> UserBookings:
        response = self.client.post("/v2/bookings", json=recurring_body(), headers=UMA)
        assert response.status_code == 201, response.text
        self.recurring = response.json()["data"]
        self.tick()
        return self

    def list(self, query: str) -> list[Json]:
        response = self.client.get(f"/v2/bookings{query}", headers=UMA)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "success"
        return body["data"]  # type: ignore[no-any-return]

    def get(self, uid: str) -> Any:
        response = self.client.get(f"/v2/bookings/{uid}", headers=UMA)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "success"
        return response.json()["data"]

    def rescheduled_recurrence(self) -> UserBookings:
        """ "should reschedule recurrence of a recurring booking", then "should get recurring booking
        recurrences after rescheduling one", which leaves the series sorted by start."""
        body = {"start": "2035-01-09T14:00:00.000Z", "reschedulingReason": "Flying to mars again"}
        response = self.client.post(f"/v2/bookings/{self.recurring[0]['uid']}/reschedule", json=body, headers=UMA)
        assert response.status_code == 201, response.text
        self.tick()
        self.recurring = self.get(self.recurring[0]["recurringBookingUid"])
        return self


@pytest.fixture
def uma(client: TestClient) -> UserBookings:
    return UserBookings(client)


def the_attendee(attendee: Json) -> Json:
    return {
        "name": attendee["name"],
        "email": attendee["email"],
        "displayEmail": attendee["email"],
        "timeZone": attendee["timeZone"],
        "language": attendee["language"],
        "absent": False,
    }


def assert_host_is_uma(data: Json) -> None:
    assert data["hosts"][0]["id"] == UMA_ID
    assert data["hosts"][0]["username"] == "uma"
    assert data["hosts"][0]["email"] == "uma@upton.dev"


# ------------------------------------------------------------------------------------ create bookings

INVALID_METADATA = {
    "should not be able to create a booking with metadata with more than 50 keys": {
        f"key{n}": str(n) for n in range(1, 52)
    },
    "should not be able to create a booking with metadata with a key longer than 40 characters": {
        "aaaaaaaaaabbbbbbbbbbccccccccccdddddddddde": "1"
    },
    "should not be able to create a booking with metadata with a value longer than 500 characters": {"key": "a" * 501},
}


@pytest.mark.parametrize(
    "metadata",
    [pytest.param(metadata, id=title, marks=e2e(title)) for title, metadata in INVALID_METADATA.items()],
)
def test_invalid_metadata_is_refused(client: TestClient, metadata: Json) -> None:
    body = create_body(metadata=metadata)
    del body["guests"]
    response = client.post("/v2/bookings", json=body, headers=UMA)
    assert response.status_code == 400
    # The message is the create pipe's: CreateBookingInputPipe.formatErrors over ValidateMetadata.
    assert error_message(response) == (
        "metadata property is wrong,Metadata must have at most 50 keys, each key up to 40 characters, "
        "and string values up to 500 characters. "
    )


@e2e("should create a booking")
def test_create_booking(uma: UserBookings, clock: Any) -> None:
    before = clock.now()
    response = uma.client.post("/v2/bookings", json=create_body(), headers=UMA)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "success"
    data = body["data"]
    assert isinstance(data, dict) and "id" in data and "uid" in data
    assert_host_is_uma(data)
    assert data["status"] == "accepted"
    assert data["start"] == "2030-01-08T13:00:00.000Z"
    assert data["end"] == "2030-01-08T14:00:00.000Z"
    assert data["duration"] == 60
    assert data["eventTypeId"] == EVENT_TYPE
    assert data["eventType"] == {"id": EVENT_TYPE, "slug": EVENT_TYPE_SLUG}
    assert data["attendees"][0] == the_attendee(ATTENDEE)
    assert data["location"] == GOOGLE_MEET
    assert data["meetingUrl"] == GOOGLE_MEET
    assert data["absentHost"] is False
    assert data["bookingFieldsResponses"] == {
        "name": ATTENDEE["name"],
        "email": ATTENDEE["email"],
        "displayEmail": ATTENDEE["email"],
        "customField": "customValue",
        "guests": ["bob@gmail.com"],
        "displayGuests": ["bob@gmail.com"],
        "location": {"optionValue": GOOGLE_MEET, "value": "link"},
    }
    assert data["guests"] == ["bob@gmail.com"]
    # Created and updated between the request and its answer: the mock's clock is frozen at `before`.
    assert data["createdAt"] == data["updatedAt"] == before.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert data["metadata"] == {"userId": "100"}


@e2e("should create a recurring booking")
def test_create_recurring_booking(uma: UserBookings) -> None:
    response = uma.client.post("/v2/bookings", json=recurring_body(), headers=UMA)
    assert response.status_code == 201
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, list) and len(data) == 3
    for booking, day in zip(data, (4, 11, 18), strict=True):
        assert "id" in booking and "uid" in booking
        assert booking["hosts"][0]["id"] == UMA_ID
        assert booking["status"] == "accepted"
        assert booking["start"] == f"2030-02-{day:02d}T13:00:00.000Z"
        assert booking["end"] == f"2030-02-{day:02d}T14:00:00.000Z"
        assert booking["duration"] == 60
        assert booking["eventTypeId"] == RECURRING
        assert booking["attendees"][0] == the_attendee(RECURRING_ATTENDEE)
        assert booking["location"] == GOOGLE_MEET
        assert booking["recurringBookingUid"]
        assert booking["absentHost"] is False
        assert booking["metadata"] == {"userId": "1000"}


# ----------------------------------------------------------------------------- get individual booking


@e2e("should get a booking")
def test_get_booking(uma: UserBookings) -> None:
    created = uma.created().with_recurring().booking
    data = uma.get(created["uid"])
    assert isinstance(data, dict)
    for key in ("id", "uid", "status", "start", "end", "duration", "eventTypeId", "location", "absentHost"):
        assert data[key] == created[key], key
    assert_host_is_uma(data)
    assert data["attendees"][0] == created["attendees"][0]
    assert data["createdAt"] == created["createdAt"]


@e2e("should get a booking with rating")
def test_get_booking_with_rating(uma: UserBookings) -> None:
    data = uma.get(PAST_BOOKING)
    assert data["id"] == 801
    assert data["uid"] == PAST_BOOKING
    assert data["rating"] == 10


@e2e("should get a booking with icsUid")
def test_get_booking_with_ics_uid(uma: UserBookings) -> None:
    data = uma.get("fidelityVicWithIcsUid1")
    assert data["id"] == 808
    assert data["uid"] == "fidelityVicWithIcsUid1"
    assert data["icsUid"] == "ics-uid"


@e2e("should get 1 recurrence of a recurring booking")
def test_get_one_recurrence(uma: UserBookings) -> None:
    first = uma.created().with_recurring().recurring[0]
    data = uma.get(first["uid"])
    assert isinstance(data, dict) and "recurringBookingUid" in data
    for key in ("id", "uid", "status", "start", "end", "duration", "eventTypeId", "recurringBookingUid", "location"):
        assert data[key] == first[key], key
    assert_host_is_uma(data)
    assert data["attendees"][0] == first["attendees"][0]
    assert data["absentHost"] == first["absentHost"]


@e2e("should get all recurrences of the recurring bookings")
def test_get_all_recurrences(uma: UserBookings) -> None:
    recurring = uma.created().with_recurring().recurring
    data = uma.get(recurring[0]["recurringBookingUid"])
    assert isinstance(data, list) and len(data) == 3
    for got, made in zip(data, recurring, strict=True):
        for key in ("id", "uid", "status", "start", "end", "duration", "eventTypeId", "location", "absentHost"):
            assert got[key] == made[key], key
        assert got["hosts"][0]["id"] == UMA_ID
        assert got["recurringBookingUid"] == recurring[0]["recurringBookingUid"]
        assert got["attendees"][0] == made["attendees"][0]


# ------------------------------------------------------------------------------------- get bookings

COUNTS = {
    "should get all bookings": ("", 5),
    "should take bookings": ("?take=3", 3),
    "should skip bookings": ("?skip=2", 3),
    "should get upcoming bookings": ("?status=upcoming", 4),
    "should get past bookings": ("?status=past", 1),
    "should get upcoming and past bookings": ("?status=upcoming,past", 5),
    "should get recurring booking recurrences": ("?status=recurring", 3),
    "should get bookings by attendee email": ("?attendeeEmail=mr_proper@gmail.com", 1),
    "should get bookings by attendee name": ("?attendeeName=Mr Proper Recurring", 3),
    "should get bookings by eventTypeId": (f"?eventTypeId={EVENT_TYPE}", 2),
    "should get bookings by eventTypeIds": (f"?eventTypeIds={EVENT_TYPE},{RECURRING}", 5),
}


@pytest.mark.parametrize(
    ("query", "count"), [pytest.param(*case, id=title, marks=e2e(title)) for title, case in COUNTS.items()]
)
def test_list_counts(uma: UserBookings, query: str, count: int) -> None:
    uma.created().with_recurring()
    assert len(uma.list(query)) == count


# (title, query built from the recurring series, expected count)
RANGES = {
    "should get bookings by after specified start time": (lambda r: f"?afterStart={r[1]['start']}", 2),
    "should get bookings by before specified end time": (lambda r: f"?beforeEnd={r[0]['end']}", 3),
    "should get bookings after specified update time": (lambda r: f"?afterUpdatedAt={r[1]['updatedAt']}", 2),
    "should get bookings before specified update time": (lambda r: f"?beforeUpdatedAt={r[0]['updatedAt']}", 3),
    "should get bookings in update range": (
        lambda r: f"?afterUpdatedAt={r[0]['updatedAt']}&beforeUpdatedAt={r[2]['updatedAt']}",
        3,
    ),
    "should get bookings after specified createdAt time": (lambda r: f"?afterCreatedAt={r[1]['createdAt']}", 2),
    "should get bookings before specified createdAt time": (lambda r: f"?beforeCreatedAt={r[0]['createdAt']}", 3),
    "should get bookings in createdAt range": (
        lambda r: f"?afterCreatedAt={r[0]['createdAt']}&beforeCreatedAt={r[1]['createdAt']}",
        2,
    ),
}


@pytest.mark.parametrize(
    ("query", "count"), [pytest.param(*case, id=title, marks=e2e(title)) for title, case in RANGES.items()]
)
def test_list_ranges(uma: UserBookings, query: Any, count: int) -> None:
    recurring = uma.created().with_recurring().recurring
    assert len(uma.list(query(recurring))) == count


SORTS = {
    "should sort bookings by start in descending order": ("sortStart=desc", "start", "new first"),
    "should sort bookings by start in ascending order": ("sortStart=asc", "start", "past first"),
    "should sort bookings by end in descending order": ("sortEnd=desc", "start", "new first"),
    "should sort bookings by end in ascending order": ("sortEnd=asc", "start", "past first"),
    "should sort bookings by created in descending order": ("sortCreated=desc", "start", "new first"),
    "should sort bookings by created in ascending order": ("sortCreated=asc", "start", "past first"),
    "should sort bookings by updated in descending order": ("sortUpdatedAt=desc", "updatedAt", "new first"),
    "should sort bookings by updated in ascending order": ("sortUpdatedAt=asc", "updatedAt", "past first"),
}


@pytest.mark.parametrize(
    ("sort", "key", "order"), [pytest.param(*case, id=title, marks=e2e(title)) for title, case in SORTS.items()]
)
def test_list_sorted(uma: UserBookings, sort: str, key: str, order: str) -> None:
    created = uma.created().with_recurring().booking
    past = uma.get(PAST_BOOKING)
    data = uma.list(f"?eventTypeId={EVENT_TYPE}&{sort}")
    expected = [created[key], past[key]] if order == "new first" else [past[key], created[key]]
    assert [booking[key] for booking in data] == expected


# -------------------------------------------------------------------------------- rescheduling bookings


@e2e("should not be able to reschedule cancelled booking")
def test_cannot_reschedule_cancelled(client: TestClient) -> None:
    body = {"start": "2040-01-09T14:00:00.000Z", "reschedulingReason": "Flying to mars that day"}
    response = client.post("/v2/bookings/fidelityVicCancelled001/reschedule", json=body, headers=VIC)
    assert response.status_code == 400
    assert error_message(response) == (
        "Can't reschedule booking with uid=fidelityVicCancelled001 because it has been cancelled. "
        "Please provide uid of a booking that is not cancelled."
    )


@e2e("should not be able to reschedule rescheduled booking")
def test_cannot_reschedule_rescheduled(client: TestClient) -> None:
    body = {"start": "2040-01-09T14:00:00.000Z", "reschedulingReason": "Flying to mars that day"}
    response = client.post("/v2/bookings/fidelityVicRescheduled1/reschedule", json=body, headers=VIC)
    assert response.status_code == 400
    assert error_message(response) == (
        "Can't reschedule booking with uid=fidelityVicRescheduled1 because it has been cancelled and rescheduled "
        "already to booking with uid=fidelityVicNewBooking01. You probably want to reschedule "
        "fidelityVicNewBooking01 instead by passing it within the request URL."
    )


@e2e("should reschedule recurrence of a recurring booking")
def test_reschedule_recurrence(uma: UserBookings) -> None:
    first = uma.created().with_recurring().recurring[0]
    body = {"start": "2035-01-09T14:00:00.000Z", "reschedulingReason": "Flying to mars again"}
    response = uma.client.post(f"/v2/bookings/{first['uid']}/reschedule", json=body, headers=UMA)
    assert response.status_code == 201
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["id"] and data["uid"]
    assert_host_is_uma(data)
    assert data["status"] == first["status"]
    assert data["start"] == body["start"]
    assert data["end"] == "2035-01-09T15:00:00.000Z"
    for key in ("duration", "recurringBookingUid", "eventTypeId", "location", "absentHost", "metadata"):
        assert data[key] == first[key], key
    assert data["attendees"][0] == first["attendees"][0]
    assert uma.get(first["uid"])["status"] == "cancelled"


@e2e("should get recurring booking recurrences after rescheduling one")
def test_recurrences_after_rescheduling_one(uma: UserBookings) -> None:
    series = uma.created().with_recurring().rescheduled_recurrence().recurring
    assert isinstance(series, list) and len(series) == 4
    assert any(booking["status"] == "cancelled" for booking in series)
    assert any(booking["start"] == "2035-01-09T14:00:00.000Z" for booking in series)


# ------------------------------------------------------------------------------------------ mark absent


def _after_the_series(uma: UserBookings) -> list[Json]:
    series = uma.created().with_recurring().rescheduled_recurrence().recurring
    uma.client.put("/_mock/clock", json={"now": "2035-01-09T15:00:00Z", "frozen": True})
    return series


@e2e("should mark host absent")
def test_mark_host_absent(uma: UserBookings) -> None:
    booking = _after_the_series(uma)[1]
    response = uma.client.post(f"/v2/bookings/{booking['uid']}/mark-absent", json={"host": True}, headers=UMA)
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["absentHost"] is True
    assert_host_is_uma(data)
    for key in ("id", "uid", "status", "start", "end", "duration", "eventTypeId", "location"):
        assert data[key] == booking[key], key
    assert data["attendees"][0] == booking["attendees"][0]


@e2e("should mark attendee absent")
def test_mark_attendee_absent(uma: UserBookings) -> None:
    booking = _after_the_series(uma)[2]
    body = {"attendees": [{"email": "mr_proper_recurring@gmail.com", "absent": True}]}
    response = uma.client.post(f"/v2/bookings/{booking['uid']}/mark-absent", json=body, headers=UMA)
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert_host_is_uma(data)
    for key in ("id", "uid", "status", "start", "end", "duration", "eventTypeId", "absentHost", "location"):
        assert data[key] == booking[key], key
    assert data["attendees"][0]["absent"] is True


# ------------------------------------------------------------------------------------- cancel bookings

CLIENT_ID = {"x-cal-client-id": "fidelity-oauth-client"}


@e2e("should cancel booking")
def test_cancel_booking(client: TestClient) -> None:
    create = create_body(start="2030-01-08T15:00:00.000Z", attendee={**ATTENDEE, "name": "Mr Proper Cancel"})
    del create["guests"]
    created = client.post("/v2/bookings", json=create, headers={**UMA, **CLIENT_ID})
    assert created.status_code == 201
    booking = created.json()["data"]
    assert booking["status"] == "accepted"
    body = {"cancellationReason": "Going on a vacation"}
    response = client.post(f"/v2/bookings/{booking['uid']}/cancel", json=body, headers={**UMA, **CLIENT_ID})
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert data["id"] and data["uid"]
    assert_host_is_uma(data)
    assert data["status"] == "cancelled"
    assert data["cancellationReason"] == "Going on a vacation"
    for key in ("start", "end", "duration", "eventTypeId", "location", "absentHost"):
        assert data[key] == booking[key], key
    assert data["attendees"][0] == booking["attendees"][0]
    assert client.get(f"/v2/bookings/{booking['uid']}", headers=UMA).json()["data"]["status"] == "cancelled"


@e2e("should cancel recurring booking")
def test_cancel_recurring_booking(client: TestClient) -> None:
    create = {
        **recurring_body(),
        "attendee": {**RECURRING_ATTENDEE, "name": "Mr Proper Recurring Cancel"},
        "bookingFieldsResponses": {"customField": "customValue"},
        "metadata": {"userId": "100"},
    }
    created = client.post("/v2/bookings", json=create, headers={**UMA, **CLIENT_ID})
    assert created.status_code == 201
    series = created.json()["data"]
    assert isinstance(series, list)
    body = {"cancellationReason": "Going on a vacation"}
    response = client.post(
        f"/v2/bookings/{series[1]['recurringBookingUid']}/cancel", json=body, headers={**UMA, **CLIENT_ID}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, list) and len(data) == 3
    assert [booking["status"] for booking in data] == ["cancelled"] * 3


# ------------------------------------------------------------------------ who cancelled and rescheduled


@e2e("should return who cancelled a booking")
def test_who_cancelled(uma: UserBookings) -> None:
    data = uma.get("fidelityVicCancelledBy1")
    assert data["uid"] == "fidelityVicCancelledBy1"
    assert data["cancelledByEmail"] == "user-bookings-canceller@canceller.com"


@e2e("should return who rescheduled a booking")
def test_who_rescheduled(uma: UserBookings) -> None:
    data = uma.get("fidelityVicRescheduledB")
    assert data["uid"] == "fidelityVicRescheduledB"
    assert data["rescheduledByEmail"] == "user-bookings-rescheduler@rescheduler.com"


@e2e("should return who rescheduled the booking, in the new booking")
def test_who_rescheduled_in_the_new_booking(uma: UserBookings) -> None:
    # The e2e test asserts the new booking reads back (its other assertion compares a value with itself).
    assert uma.get("fidelityVicNewBooking01")["uid"] == "fidelityVicNewBooking01"


# ------------------------------------------------------------------- book by username and event type slug


@e2e("should not create a booking by if neither event type id nor username and event type slug provided")
def test_create_without_event_type(client: TestClient) -> None:
    body = create_body(start="2036-01-08T15:00:00.000Z")
    del body["eventTypeId"]
    response = client.post("/v2/bookings", json=body, headers=UMA)
    assert response.status_code == 400
    assert "Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be provided" in (
        error_message(response)
    )


@e2e("should create a booking by username and event type slug")
def test_create_by_username_and_slug(client: TestClient) -> None:
    body = create_body(start="2036-01-08T15:00:00.000Z", eventTypeSlug=EVENT_TYPE_SLUG, username="uma")
    del body["eventTypeId"]
    response = client.post("/v2/bookings", json=body, headers=UMA)
    assert response.status_code == 201
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert_host_is_uma(data)
    assert data["status"] == "accepted"
    assert data["start"] == body["start"]
    assert data["end"] == "2036-01-08T16:00:00.000Z"
    assert data["duration"] == 60
    assert data["eventTypeId"] == EVENT_TYPE
    assert data["eventType"] == {"id": EVENT_TYPE, "slug": EVENT_TYPE_SLUG}
    assert data["attendees"][0] == the_attendee(ATTENDEE)
    assert data["location"] == data["meetingUrl"] == GOOGLE_MEET
    assert data["absentHost"] is False
    assert data["bookingFieldsResponses"] == {
        "name": ATTENDEE["name"],
        "email": ATTENDEE["email"],
        "displayEmail": ATTENDEE["email"],
        "customField": "customValue",
        "guests": ["bob@gmail.com"],
        "displayGuests": ["bob@gmail.com"],
        "location": {"optionValue": GOOGLE_MEET, "value": "link"},
    }
    assert data["guests"] == ["bob@gmail.com"]
    assert data["metadata"] == {"userId": "100"}


# ----------------------------------------------------------------------------------- booking location

ANY_LOCATION = 8004  # vic's event type with every location but Google Meet (the e2e test creates it)
LOCATIONS = {
    "can book with address location": ({"type": "address"}, "123 Main St"),
    "can book with link location": ({"type": "link"}, "https://cal.com/join/123456"),
    # The e2e file has two tests of this title; the second books the phone location.
    "can book with link location (phone)": ({"type": "phone"}, "+37121999999"),
    "can book with attendeeAddress location": (
        {"type": "attendeeAddress", "address": "123 Example St, City, Valhalla"},
        "123 Example St, City, Valhalla",
    ),
    "can book with attendeeDefined location": ({"type": "attendeeDefined", "location": "namek 100"}, "namek 100"),
}


def _book_any_location(client: TestClient, location: Json) -> Any:
    body = {
        "start": "2040-01-09T13:00:00.000Z",
        "eventTypeId": ANY_LOCATION,
        "attendee": ATTENDEE,
        "location": location,
    }
    return client.post("/v2/bookings", json=body, headers=UMA)


@e2e("can book with cal video location")
def test_book_cal_video(client: TestClient) -> None:
    response = _book_any_location(client, {"type": "integration", "integration": "cal-video"})
    assert response.status_code == 201
    data = response.json()["data"]
    assert "id" in data
    assert data["location"].startswith("http") or data["location"] == "integrations:daily"


@pytest.mark.parametrize(
    ("location", "stored"),
    [pytest.param(*case, id=title, marks=e2e(title.removesuffix(" (phone)"))) for title, case in LOCATIONS.items()],
)
def test_book_location(client: TestClient, location: Json, stored: str) -> None:
    response = _book_any_location(client, location)
    assert response.status_code == 201
    assert "id" in response.json()["data"]
    assert response.json()["data"]["location"] == stored


@e2e("can't book with not location that is not in event type")
def test_location_not_offered(client: TestClient) -> None:
    response = _book_any_location(client, {"type": "integration", "integration": "google-meet"})
    assert response.status_code == 400


@e2e("can't book with invalid location type")
def test_invalid_location_type(client: TestClient) -> None:
    response = _book_any_location(client, {"type": "blablabala"})
    assert response.status_code == 400


# ----------------------------------------------------------------------- cancelled and null reasons


@e2e("should not be able to cancel alraedy cancelled booking")
def test_cannot_cancel_cancelled(client: TestClient) -> None:
    body = {"cancellationReason": "Going on a vacation"}
    response = client.post("/v2/bookings/fidelityVicCancelled001/cancel", json=body, headers={**VIC, **CLIENT_ID})
    assert response.status_code == 400
    assert error_message(response) == (
        "Can't cancel booking with uid=fidelityVicCancelled001 because it has been cancelled already. "
        "Please provide uid of a booking that is not cancelled."
    )


@e2e("should return cancellation reason and cancelled by if null in database")
def test_null_reasons_read_as_empty(uma: UserBookings) -> None:
    data = uma.get("fidelityVicNoReasons01")
    assert data["id"]
    assert data["cancellationReason"] == ""
    assert data["cancelledByEmail"] == ""


# ------------------------------------------------------------ event type with max bookings count per booker

LIMIT = "Attendee with this email can't book because the maximum number of active bookings has been reached."


def _book_limited(client: TestClient, event_type: int, start: str, name: str) -> Any:
    attendee = {"name": name, "email": f"{name}@gmail.com", "timeZone": "Europe/Rome", "language": "it"}
    return client.post(
        "/v2/bookings", json={"start": start, "eventTypeId": event_type, "attendee": attendee}, headers=UMA
    )


@e2e("should not allow booking more than maximumActiveBookings per attendee")
def test_max_active_bookings_per_booker(client: TestClient) -> None:
    # kira's 9013 allows one active booking per booker (the e2e test creates such an event type).
    first = _book_limited(client, 9013, "2040-01-13T10:00:00.000Z", "alice")
    assert first.status_code == 201 and first.json()["data"]["id"]
    second = _book_limited(client, 9013, "2040-01-13T10:00:00.000Z", "alice")
    assert second.status_code == 400
    assert error_message(second) == LIMIT
    other = _book_limited(client, 9013, "2040-01-13T12:00:00.000Z", "bob")
    assert other.status_code == 201 and other.json()["data"]["id"]


@e2e("should not allow booking more than maximumActiveBookings per attendee and offer rescheduling")
def test_max_active_bookings_per_booker_offers_rescheduling(client: TestClient) -> None:
    # kira's 9014 also offers to reschedule the existing booking.
    first = _book_limited(client, 9014, "2040-01-13T14:00:00.000Z", "charlie")
    assert first.status_code == 201
    second = _book_limited(client, 9014, "2040-01-13T14:00:00.000Z", "charlie")
    assert second.status_code == 400
    assert error_message(second) == (
        f"{LIMIT} You can reschedule your existing booking ({first.json()['data']['uid']}) to a new timeslot instead."
    )
