"""maxActiveBookingsPerBooker, as the real server enforces it; no e2e spec of apps/api/v2 covers it, so these
follow its source: packages/features/bookings/lib/handleNewBooking/checkActiveBookingsLimitForBooker.ts
(what counts) and apps/api/v2/src/ee/bookings/2024-08-13/services/errors.service.ts (the messages).

kira's (901) event types 9013 and 9014 allow one active booking per booker; 9014 also offers to
reschedule the existing one.
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.fidelity.conftest import V2, auth, error_message

LIMIT = "Attendee with this email can't book because the maximum number of active bookings has been reached."
BOOKER = {"name": "Repeat Booker", "email": "repeat.booker@example.com", "timeZone": "Europe/Rome"}


def create(client: TestClient, event_type: int, start: str, **attendee: Any) -> Any:
    return client.post(
        "/v2/bookings", json={"start": start, "eventTypeId": event_type, "attendee": {**BOOKER, **attendee}}, headers=V2
    )


def test_a_second_active_booking_is_refused(client: TestClient) -> None:
    assert create(client, 9013, "2030-01-08T10:00:00Z").status_code == 201
    refused = create(client, 9013, "2030-01-09T10:00:00Z")
    assert refused.status_code == 400
    assert error_message(refused) == LIMIT


def test_other_bookers_and_other_event_types_do_not_count(client: TestClient) -> None:
    assert create(client, 9013, "2030-01-08T10:00:00Z").status_code == 201
    assert create(client, 9013, "2030-01-09T10:00:00Z", email="someone.else@example.com").status_code == 201
    assert create(client, 9006, "2030-01-09T11:00:00Z").status_code == 201


def test_a_cancelled_booking_no_longer_counts(client: TestClient) -> None:
    uid = create(client, 9013, "2030-01-08T10:00:00Z").json()["data"]["uid"]
    cancelled = client.post(f"/v2/bookings/{uid}/cancel", json={"cancellationReason": "x"}, headers=V2)
    assert cancelled.status_code == 200, cancelled.text
    assert create(client, 9013, "2030-01-09T10:00:00Z").status_code == 201


def test_the_offer_names_the_booking_to_reschedule(client: TestClient) -> None:
    uid = create(client, 9014, "2030-01-08T10:00:00Z").json()["data"]["uid"]
    refused = create(client, 9014, "2030-01-09T10:00:00Z")
    assert refused.status_code == 400
    assert error_message(refused) == (
        f"{LIMIT} You can reschedule your existing booking ({uid}) to a new timeslot instead."
    )
    # Rescheduling that booking is allowed: it is a move, not a new active booking.
    moved = client.post(
        f"/v2/bookings/{uid}/reschedule",
        json={"start": "2030-01-09T10:00:00Z"},
        headers=auth("cal_test_kinds_owner_key"),
    )
    assert moved.status_code == 201, moved.text
