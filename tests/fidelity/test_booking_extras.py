"""Cal.com's calendar-links and booking-access-auth e2e specs replayed against the mock on the default fixtures.

Sources (calcom/cal.com, `apps/api/v2/src/ee/bookings/2024-08-13/controllers/e2e/`):
- LINKS: `calendar-links.e2e-spec.ts` (03670679). Its booking (a past Cal Video booking of a user's own
  60-minute event type, attendee John Doe) is uma's `fidelityUmaPastBooking1`; the e2e authenticates as its
  user, so the replay sends uma's key.
- ACCESS: `booking-access-auth.e2e-spec.ts` (4d94096d). Its owner and booking with a `daily_video` reference are
  Alice (`cal_test_acme_owner_key`) and `kd3DA7rLCEvGxlDNRCWXur`; its unauthorized user, a user of no
  organization, is nina (`cal_test_solo_key`). The e2e stubs the Daily.co calls with `[]`; the mock answers
  the room's seeded recordings and transcripts, and the e2e asserts only the status.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.mock_client import auth

LINKS_SOURCE = "ee/bookings/2024-08-13/controllers/e2e/calendar-links.e2e-spec.ts"
ACCESS_SOURCE = "ee/bookings/2024-08-13/controllers/e2e/booking-access-auth.e2e-spec.ts"

UMA = "cal_test_uma_key"
UMA_BOOKING = "fidelityUmaPastBooking1"
OWNER, UNAUTHORIZED = "cal_test_acme_owner_key", "cal_test_solo_key"
RECORDED = "kd3DA7rLCEvGxlDNRCWXur"


@pytest.mark.e2e(LINKS_SOURCE, "should get calendar links for a booking")
def test_should_get_calendar_links_for_a_booking(client: TestClient) -> None:
    response = client.get(f"/v2/bookings/{UMA_BOOKING}/calendar-links", headers=auth(UMA))
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    links = {item["id"]: item["link"] for item in response.json()["data"]}
    assert links["googleCalendar"].startswith("https://calendar.google.com/")
    assert links["microsoftOffice"].startswith("https://outlook.office.com/")
    assert links["microsoftOutlook"].startswith("https://outlook.live.com/")
    assert links["ics"].startswith("data:text/calendar,")


@pytest.mark.e2e(LINKS_SOURCE, "should return 404 for non-existent booking")
def test_should_return_404_for_non_existent_booking(client: TestClient) -> None:
    response = client.get("/v2/bookings/non-existent-uid/calendar-links", headers=auth(UMA))
    assert response.status_code == 404


@pytest.mark.e2e(ACCESS_SOURCE, "should allow booking organizer to access recordings")
def test_should_allow_booking_organizer_to_access_recordings(client: TestClient) -> None:
    response = client.get(f"/v2/bookings/{RECORDED}/recordings", headers=auth(OWNER))
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"


@pytest.mark.e2e(ACCESS_SOURCE, "should return 403 when unauthorized user tries to access recordings")
def test_should_return_403_when_unauthorized_user_tries_to_access_recordings(client: TestClient) -> None:
    assert client.get(f"/v2/bookings/{RECORDED}/recordings", headers=auth(UNAUTHORIZED)).status_code == 403


@pytest.mark.e2e(ACCESS_SOURCE, "should allow booking organizer to access transcripts")
def test_should_allow_booking_organizer_to_access_transcripts(client: TestClient) -> None:
    response = client.get(f"/v2/bookings/{RECORDED}/transcripts", headers=auth(OWNER))
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"


@pytest.mark.e2e(ACCESS_SOURCE, "should return 403 when unauthorized user tries to access transcripts")
def test_should_return_403_when_unauthorized_user_tries_to_access_transcripts(client: TestClient) -> None:
    assert client.get(f"/v2/bookings/{RECORDED}/transcripts", headers=auth(UNAUTHORIZED)).status_code == 403
