"""ee/bookings/2024-08-13/controllers/e2e/confirm-bookings.e2e-spec.ts, replayed against the mock.

The e2e test writes a PENDING booking of its user's event type straight into its database, then confirms
or declines it as that user (`withApiAuth`). Here the pending booking is made through the API, on kira's
(901) event type 9010 that requires confirmation, and kira's API key confirms or declines it.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import V2, auth

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/confirm-bookings.e2e-spec.ts"
KIRA = auth("cal_test_kinds_owner_key")
REQUIRES_CONFIRMATION = 9010
BOB = {"name": "Bob", "email": "bob@gmail.com", "timeZone": "Europe/Rome", "language": "it"}


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def pending(client: TestClient, start: str) -> str:
    request = {"start": start, "eventTypeId": REQUIRES_CONFIRMATION, "attendee": BOB}
    response = client.post("/v2/bookings", json=request, headers=V2)
    assert response.status_code == 201, response.text
    assert response.json()["data"]["status"] == "pending"
    uid: str = response.json()["data"]["uid"]
    return uid


def status_of(client: TestClient, uid: str) -> str:
    status: str = client.get(f"/v2/bookings/{uid}", headers=V2).json()["data"]["status"]
    return status


@e2e("should confirm a booking")
def test_confirm_a_pending_booking(client: TestClient) -> None:
    uid = pending(client, "2050-01-07T13:00:00.000Z")
    response = client.post(f"/v2/bookings/{uid}/confirm", headers=KIRA)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, dict) and "id" in data
    assert data["uid"] and data["status"] == "accepted"
    assert status_of(client, uid) == "accepted"  # dbBooking.status "ACCEPTED"


@e2e("should decline a booking")
def test_decline_a_pending_booking_without_a_body(client: TestClient) -> None:
    uid = pending(client, "2050-01-07T10:00:00.000Z")
    response = client.post(f"/v2/bookings/{uid}/decline", headers=KIRA)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    data = response.json()["data"]
    assert isinstance(data, dict) and "id" in data
    assert data["uid"] and data["status"] == "rejected"
    assert status_of(client, uid) == "rejected"  # dbBooking.status "REJECTED"
