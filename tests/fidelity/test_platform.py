"""ee/bookings/2024-08-13/controllers/e2e/managed-user-bookings.e2e-spec.ts, replayed against the mock.

The e2e test creates an OAuth client of a platform organization, managed users through it and their event
types; none of those operations is in spec/openapi.yaml, so they are fixtures here: Platform Co (org 90,
owner pat 903), OAuth client clkindsplatf0rmc1ient0001, and its managed users alice.smith (911, the e2e
test's first), bob.smith (912, second), charlie.smith (913, third) and org.admin.smith (914, made an
organization ADMIN by the e2e test), each signing in with an access token. The event types are alice's
9020 (30 minutes), 9021 (requires confirmation), 9022 (5 seats) and bob's 9023 (requires confirmation and
authentication). A managed user's stored email carries the client id; the e2e test's "original" email is
the same without it.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import V2, auth

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/managed-user-bookings.e2e-spec.ts"
CLIENT_ID = "clkindsplatf0rmc1ient0001"
GOOGLE_MEET = "https://meet.google.com/abc-def-ghi"
FIRST_EVENT_TYPE, REQUIRES_CONFIRMATION, SEATED, REQUIRES_AUTHENTICATION = 9020, 9021, 9022, 9023

Json = dict[str, Any]


class Managed:
    def __init__(self, user_id: int, name: str, original: str, token: str) -> None:
        self.id, self.name, self.original = user_id, name, original
        local, _, domain = original.partition("@")
        self.email = f"{local}+{CLIENT_ID}@{domain}"
        self.headers = auth(token)

    def attendee(self, *, original: bool) -> Json:
        return {
            "name": self.name,
            "email": self.original if original else self.email,
            "timeZone": "Europe/Rome",
            "language": "fr",
        }


FIRST = Managed(911, "Alice Smith", "alice.smith@example.com", "kinds_access_token_alice")
SECOND = Managed(912, "Bob Smith", "bob.smith@example.com", "kinds_access_token_bob")
THIRD = Managed(913, "Charlie Smith", "charlie.smith@example.com", "kinds_access_token_charlie")
ORG_ADMIN = Managed(914, "Org Admin Smith", "org.admin.smith@example.com", "kinds_access_token_org_admin")


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def book(client: TestClient, request: Json, headers: dict[str, str] = V2) -> Json:
    response = client.post("/v2/bookings", json=request, headers=headers)
    assert response.status_code == 201, response.text
    data: Json = response.json()["data"]
    return data


def count(client: TestClient, user: Managed, query: str = "") -> int:
    response = client.get(f"/v2/bookings{query}", headers=user.headers)
    assert response.status_code == 200, response.text
    return len(response.json()["data"])


def booking(start: str, attendee: Json, guests: list[str] | None = None) -> Json:
    request: Json = {"start": start, "eventTypeId": FIRST_EVENT_TYPE, "attendee": attendee, "location": GOOGLE_MEET}
    if guests is not None:
        request["guests"] = guests
    return request


class Bookings:
    """The four bookings of the e2e file's "bookings using ..." describes, made in its order."""

    STEPS = (
        ("2030-01-08T13:00:00.000Z", SECOND, None, True),
        ("2030-01-08T14:00:00.000Z", THIRD, SECOND, True),
        ("2030-01-08T15:00:00.000Z", SECOND, None, False),
        ("2030-01-08T15:30:00.000Z", THIRD, SECOND, False),
    )

    def __init__(self, client: TestClient, steps: int = 4) -> None:
        for start, attendee, guest, original in self.STEPS[:steps]:
            guests = None if guest is None else [guest.original if original else guest.email]
            book(client, booking(start, attendee.attendee(original=original), guests))


@e2e("managed user should be booked by managed user attendee and booking shows up in both users' bookings")
def test_a_booking_by_original_email_is_the_managed_users(client: TestClient) -> None:
    # describe "bookings using original emails"
    Bookings(client, 1)
    assert (count(client, FIRST), count(client, SECOND)) == (1, 1)


@e2e(
    "managed user should be booked by managed user attendee and managed user as a guest and booking shows up in "
    "all three users' bookings"
)
def test_a_guest_by_original_email_is_the_managed_users(client: TestClient) -> None:
    # describe "bookings using original emails"
    Bookings(client, 2)
    assert (count(client, FIRST), count(client, SECOND), count(client, THIRD)) == (2, 2, 1)


@e2e("managed user should be booked by managed user attendee and booking shows up in both users' bookings")
def test_a_booking_by_oauth_email_is_the_managed_users(client: TestClient) -> None:
    # describe "bookings using OAuth client emails"
    Bookings(client, 3)
    assert (count(client, FIRST), count(client, SECOND)) == (3, 3)


@e2e(
    "managed user should be booked by managed user attendee and managed user as a guest and booking shows up in "
    "all three users' bookings"
)
def test_a_guest_by_oauth_email_is_the_managed_users(client: TestClient) -> None:
    # describe "bookings using OAuth client emails"
    Bookings(client, 4)
    assert (count(client, FIRST), count(client, SECOND), count(client, THIRD)) == (4, 4, 2)


@e2e("should return bookings for the original email when original email is attendee only")
def test_filter_by_a_managed_attendees_original_email(client: TestClient) -> None:
    Bookings(client)
    assert count(client, FIRST, f"?attendeeEmail={THIRD.original}") == 2


@e2e("should return bookings for the oAuth email when original oAuth email is attendee only")
def test_filter_by_a_managed_attendees_oauth_email(client: TestClient) -> None:
    Bookings(client)
    assert count(client, FIRST, f"?attendeeEmail={THIRD.email.replace('+', '%2B')}") == 2


@e2e("should return bookings for the original email when original email is attendee or guest")
def test_filter_by_a_managed_guests_original_email(client: TestClient) -> None:
    Bookings(client)
    assert count(client, FIRST, f"?attendeeEmail={SECOND.original}") == 4


@e2e("should return bookings for the oAuth email when original oAuth email is attendee or guest")
def test_filter_by_a_managed_guests_oauth_email(client: TestClient) -> None:
    Bookings(client)
    assert count(client, FIRST, f"?attendeeEmail={SECOND.email.replace('+', '%2B')}") == 4


@e2e("should return displayEmail without CUID suffix for host")
def test_the_hosts_display_email_has_no_client_id(client: TestClient) -> None:
    external = {
        "name": "External Attendee",
        "email": "external-display-email-test@example.com",
        "timeZone": "Europe/Rome",
    }
    data = book(client, booking("2030-01-07T10:00:00.000Z", {**external, "language": "en"}))
    assert data["hosts"][0]["email"] == FIRST.email
    assert data["hosts"][0]["displayEmail"] == FIRST.original


@e2e("should return displayEmail without CUID suffix for attendee")
def test_the_attendees_display_email_has_no_client_id(client: TestClient) -> None:
    data = book(client, booking("2030-01-07T10:30:00.000Z", SECOND.attendee(original=False)))
    assert data["attendees"][0]["email"] == SECOND.email
    assert data["attendees"][0]["displayEmail"] == SECOND.original
    assert data["bookingFieldsResponses"]["email"] == SECOND.email
    assert data["bookingFieldsResponses"]["displayEmail"] == SECOND.original


@e2e("should return displayGuests without CUID suffix")
def test_display_guests_have_no_client_id(client: TestClient) -> None:
    external = {
        "name": "External Attendee",
        "email": "external-display-guests-test@example.com",
        "timeZone": "Europe/Rome",
    }
    data = book(client, booking("2030-01-07T11:00:00.000Z", {**external, "language": "en"}, [SECOND.email]))
    assert SECOND.email in data["bookingFieldsResponses"]["guests"]
    assert SECOND.original in data["bookingFieldsResponses"]["displayGuests"]


def pending(client: TestClient, event_type: int, start: str) -> str:
    """A PENDING booking, which the e2e test writes into its database, made through the API instead."""
    request = {"start": start, "eventTypeId": event_type, "attendee": SECOND.attendee(original=True)}
    data = book(client, request)
    assert data["status"] == "pending"
    uid: str = data["uid"]
    return uid


def status_of(client: TestClient, uid: str) -> str:
    status: str = client.get(f"/v2/bookings/{uid}", headers=V2).json()["data"]["status"]
    return status


@e2e("should allow org admin managed user to confirm booking using access token")
def test_an_org_admin_confirms_a_managed_users_booking(client: TestClient) -> None:
    uid = pending(client, REQUIRES_CONFIRMATION, "2030-01-09T13:00:00.000Z")
    response = client.post(f"/v2/bookings/{uid}/confirm", headers=ORG_ADMIN.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    assert (response.json()["data"]["status"], response.json()["data"]["uid"]) == ("accepted", uid)
    assert status_of(client, uid) == "accepted"


@e2e("should allow org admin managed user to reject booking using access token")
def test_an_org_admin_declines_a_managed_users_booking(client: TestClient) -> None:
    uid = pending(client, REQUIRES_CONFIRMATION, "2030-01-09T15:00:00.000Z")
    response = client.post(f"/v2/bookings/{uid}/decline", headers=ORG_ADMIN.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    assert (response.json()["data"]["status"], response.json()["data"]["uid"]) == ("rejected", uid)
    assert status_of(client, uid) == "rejected"


@e2e("should return unauthorized when org admin tries to confirm regular user's booking")
def test_an_org_admin_may_not_confirm_an_outsiders_booking(client: TestClient) -> None:
    uid = pending(client, 9010, "2030-01-09T14:00:00.000Z")  # kira (901) is no member of Platform Co
    response = client.post(f"/v2/bookings/{uid}/confirm", headers=ORG_ADMIN.headers)
    assert response.status_code == 401


def seated_booking(client: TestClient) -> str:
    uid = ""
    for attendee in (SECOND, THIRD):
        request = {
            "start": "2030-01-10T10:00:00.000Z",
            "eventTypeId": SEATED,
            "attendee": attendee.attendee(original=False),
        }
        response = client.post("/v2/bookings", json=request, headers=V2)
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "success"
        data = response.json()["data"]
        assert len(data["attendees"]) > 0
        uid = uid or data["uid"]
    return uid


@e2e("should create a seated booking with multiple attendees")
def test_two_seats_of_a_managed_users_seated_event_type(client: TestClient) -> None:
    assert seated_booking(client)


NEW_START = "2030-01-10T11:00:00.000Z"


def rescheduled_by_org_admin(client: TestClient) -> Json:
    uid = seated_booking(client)
    response = client.post(f"/v2/bookings/{uid}/reschedule", json={"start": NEW_START}, headers=ORG_ADMIN.headers)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "success"
    data: Json = response.json()["data"]
    return data


@e2e("should allow org admin to reschedule all seats in a seated booking for a managed user")
def test_an_org_admin_moves_every_seat(client: TestClient) -> None:
    data = rescheduled_by_org_admin(client)
    assert data["start"] == NEW_START
    # Beyond the e2e test: both seats moved with it (moveSeatedBookingToNewTimeSlot keeps the booking).
    assert sorted(a["email"] for a in data["attendees"]) == sorted([SECOND.email, THIRD.email])


@e2e("should allow org admin to cancel all seats in a seated booking for a managed user")
def test_an_org_admin_cancels_every_seat(client: TestClient) -> None:
    uid = rescheduled_by_org_admin(client)["uid"]
    request = {"cancellationReason": "Org admin cancelled the booking"}
    response = client.post(f"/v2/bookings/{uid}/cancel", json=request, headers=ORG_ADMIN.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    assert (response.json()["data"]["status"], response.json()["data"]["uid"]) == ("cancelled", uid)
    assert status_of(client, uid) == "cancelled"


AUTHENTICATED = {
    "start": "2030-01-09T15:00:00.000Z",
    "eventTypeId": REQUIRES_AUTHENTICATION,
    "attendee": {"email": "external@example.com", "name": "External Attendee", "timeZone": "Europe/Rome"},
}


@e2e("can't be booked without credentials")
def test_booking_that_requires_authentication_without_credentials(client: TestClient) -> None:
    assert client.post("/v2/bookings", json=AUTHENTICATED, headers=V2).status_code == 401


@e2e("can't be booked with managed user credentials who is not admin and not event type owner")
def test_booking_that_requires_authentication_as_another_member(client: TestClient) -> None:
    assert client.post("/v2/bookings", json=AUTHENTICATED, headers=FIRST.headers).status_code == 403


@e2e("can be booked with managed user credentials who is event type owner")
def test_booking_that_requires_authentication_as_its_owner(client: TestClient) -> None:
    book(client, AUTHENTICATED, SECOND.headers)


@e2e("can be booked with managed user credentials who is admin")
def test_booking_that_requires_authentication_as_an_org_admin(client: TestClient) -> None:
    book(client, AUTHENTICATED, ORG_ADMIN.headers)


# Beyond the e2e file: the OAuth client credentials the spec declares (ApiAuthStrategy).

CLIENT = {**V2, "x-cal-client-id": CLIENT_ID, "x-cal-secret-key": "kinds-platform-secret"}


def test_client_credentials_act_as_the_platform_owner(client: TestClient) -> None:
    Bookings(client, 1)
    response = client.get("/v2/bookings", headers=CLIENT)
    assert response.status_code == 200, response.text
    # pat (903) owns Platform Co, so, as an org admin, reads its members' bookings.
    assert len(response.json()["data"]) == 1


def test_wrong_client_credentials_are_refused_with_the_real_messages(client: TestClient) -> None:
    wrong_secret = client.get("/v2/bookings", headers={**CLIENT, "x-cal-secret-key": "nope"})
    assert wrong_secret.status_code == 401
    assert wrong_secret.json()["error"]["message"] == "ApiAuthStrategy - oAuth client - Invalid client secret"
    unknown = client.get("/v2/bookings", headers={**CLIENT, "x-cal-client-id": "unknown"})
    assert unknown.status_code == 401
    assert unknown.json()["error"]["message"] == "ApiAuthStrategy - oAuth client - Client with ID unknown not found"
    only_id = client.get("/v2/bookings", headers={**V2, "x-cal-client-id": CLIENT_ID})
    assert only_id.status_code == 401
    assert only_id.json()["error"]["message"] == (
        "ApiAuthStrategy - Only 'x-cal-client-id' header provided. Please also provide 'x-cal-secret-key' header "
        "or Auth bearer token as 'Authentication' header"
    )


def test_an_unknown_access_token_is_refused(client: TestClient) -> None:
    response = client.get("/v2/bookings", headers=auth("not-a-token"))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "ApiAuthStrategy - access token - Invalid Access Token."
