"""ee/bookings/2024-04-15/controllers/managed-user-bookings.e2e-spec.ts, replayed against the mock.

The e2e test makes three managed users of an OAuth client and a 30-minute event type of the first one
(operations that are not in the spec): here the fixtures of tests/fidelity/test_platform.py, alice.smith (911),
bob.smith (912), charlie.smith (913) and alice's 30-minute event type 9020. It books with the 2024-04-15 body,
without `cal-api-version`, by the managed users' original emails and by their stored ones (with the client
id), and counts each user's list (`GET /v2/bookings`, upcoming by default) with their access tokens. Like the
e2e test's fresh users, these have no upcoming booking to start with; each replay starts from a clean mock, so
its counts are the e2e test's increments from 0.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

SOURCE = "ee/bookings/2024-04-15/controllers/managed-user-bookings.e2e-spec.ts"
CLIENT_ID = "clkindsplatf0rmc1ient0001"
EVENT_TYPE = 9020


class Managed:
    def __init__(self, name: str, original: str, token: str) -> None:
        self.name, self.original = name, original
        local, _, domain = original.partition("@")
        self.email = f"{local}+{CLIENT_ID}@{domain}"
        self.headers = {"Authorization": f"Bearer {token}"}

    def count(self, client: TestClient) -> int:
        response = client.get("/v2/bookings", headers=self.headers)
        assert response.status_code == 200, response.text
        return len(response.json()["data"]["bookings"])


FIRST = Managed("Alice Smith", "alice.smith@example.com", "kinds_access_token_alice")
SECOND = Managed("Bob Smith", "bob.smith@example.com", "kinds_access_token_bob")
THIRD = Managed("Charlie Smith", "charlie.smith@example.com", "kinds_access_token_charlie")


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def book(client: TestClient, start: str, end: str, booker: Managed, guests: list[str], *, original: bool) -> None:
    body: dict[str, Any] = {
        "start": start,
        "end": end,
        "eventTypeId": EVENT_TYPE,
        "timeZone": "Europe/London",
        "language": "en",
        "metadata": {},
        "hashedLink": "",
        "responses": {
            "name": booker.name,
            "email": booker.original if original else booker.email,
            "location": {"value": "attendeeInPerson", "optionValue": "rome"},
            "notes": "test",
            "guests": guests,
        },
    }
    response = client.post("/v2/bookings", json=body)
    assert response.status_code == 201, response.text


def _booked_by_second(client: TestClient, start: str, end: str, *, original: bool) -> None:
    before = {user: user.count(client) for user in (FIRST, SECOND)}
    assert set(before.values()) == {0}
    book(client, start, end, SECOND, [], original=original)
    assert FIRST.count(client) == before[FIRST] + 1
    assert SECOND.count(client) == before[SECOND] + 1


def _booked_by_third_with_second_as_guest(client: TestClient, start: str, end: str, *, original: bool) -> None:
    before = {user: user.count(client) for user in (FIRST, SECOND, THIRD)}
    assert set(before.values()) == {0}
    guest = SECOND.original if original else SECOND.email
    book(client, start, end, THIRD, [guest], original=original)
    assert FIRST.count(client) == before[FIRST] + 1
    assert SECOND.count(client) == before[SECOND] + 1
    assert THIRD.count(client) == before[THIRD] + 1


@e2e("managed user should be booked by managed user attendee and booking shows up in both users' bookings")
@pytest.mark.parametrize("original", [True, False], ids=["original emails", "OAuth client emails"])
def test_booked_by_a_managed_user(client: TestClient, original: bool) -> None:
    start, end = (
        ("2040-05-21T09:30:00.000Z", "2040-05-21T10:00:00.000Z")
        if original
        else (
            "2040-05-21T12:00:00.000Z",
            "2040-05-21T12:30:00.000Z",
        )
    )
    _booked_by_second(client, start, end, original=original)


@e2e(
    "managed user should be booked by managed user attendee and managed user as a guest and booking shows up in all "
    "three users' bookings"
)
@pytest.mark.parametrize("original", [True, False], ids=["original emails", "OAuth client emails"])
def test_booked_with_a_managed_user_as_guest(client: TestClient, original: bool) -> None:
    start, end = (
        ("2040-05-21T10:30:00.000Z", "2040-05-21T11:00:00.000Z")
        if original
        else (
            "2040-05-21T13:00:00.000Z",
            "2040-05-21T13:30:00.000Z",
        )
    )
    _booked_by_third_with_second_as_guest(client, start, end, original=original)
