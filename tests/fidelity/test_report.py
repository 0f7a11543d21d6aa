"""Reporting an organization booking, `POST /v2/organizations/{orgId}/bookings/report`.

No e2e spec of calcom/cal.com covers this route. Its behaviour is pinned by the unit test of the service
behind the controller, `apps/api/v2/src/modules/organizations/bookings/services/
organizations-bookings-report.service.test.ts` (b12b1f07): each test below replays over HTTP, on the
default fixtures (Acme, organization 1, as its owner alice), what one of its cases asserts about the
answer or the stored report. These are not e2e translations, so they carry no `e2e` mark. Cases that only
check which collaborator was called with what (`validateOrgBooking`, `findUpcomingUnreportedOrgBookings`
arguments) have no HTTP-visible effect beyond what these tests check.
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.mock_client import V2, auth

OWNER = auth("cal_test_acme_owner_key")  # alice, owner of organization 1
UPCOMING = "awSwmVI4wxFymMjsrh5AU3"  # booking 2: michael.bolton@initech.com, upcoming, event type 1001
PAST = "9vwL4ryBmVWrnRPzGEotZc"  # booking 1: peter@initech.com, ten days ago


def _report(client: TestClient, uid: str, **extra: Any) -> Any:
    body = {"bookingUid": uid, "reason": "SPAM", "reportType": "EMAIL", **extra}
    return client.post("/v2/organizations/1/bookings/report", json=body, headers=OWNER)


def _status(client: TestClient, uid: str) -> str:
    return str(client.get(f"/v2/bookings/{uid}", headers=V2).json()["data"]["status"])


def _stored_report(client: TestClient, uid: str) -> dict[str, Any]:
    reports = client.get("/_mock/state").json()["reports"]
    (report,) = [r for r in reports if r["booking_uid"] == uid]
    return report  # type: ignore[no-any-return]


def _book(client: TestClient, day: int, email: str) -> str:
    body = {
        "start": f"2030-01-{day:02d}T10:00:00Z",
        "eventTypeId": 1001,
        "attendee": {"name": "Michael Bolton", "email": email, "timeZone": "America/Chicago"},
    }
    response = client.post("/v2/bookings", json=body, headers=V2)
    assert response.status_code == 201, response.text
    return str(response.json()["data"]["uid"])


def test_an_upcoming_reported_booking_is_cancelled_and_the_answer_says_so(client: TestClient) -> None:
    # "should cancel the reported booking when it is upcoming" and
    # "should return success with cancelled message when bookings were cancelled"
    response = _report(client, UPCOMING)
    assert response.status_code == 200
    assert response.json()["data"] == {
        "success": True,
        "message": "Booking reported and cancelled successfully",
        "bookingUid": UPCOMING,
        "reportedCount": 1,
        "cancelledCount": 1,
    }
    assert _status(client, UPCOMING) == "cancelled"


def test_upcoming_org_bookings_of_the_same_booker_are_cancelled_with_it_and_counted_once(client: TestClient) -> None:
    # "should cancel additional org bookings along with the reported one" and
    # "should not include the original booking uid in additional uids"
    others = [_book(client, day, "michael.bolton@initech.com") for day in (8, 9)]
    response = _report(client, UPCOMING)
    assert response.status_code == 200 and response.json()["data"]["success"] is True
    assert response.json()["data"]["cancelledCount"] == 3
    assert {_status(client, uid) for uid in (UPCOMING, *others)} == {"cancelled"}


def test_a_past_reported_booking_is_not_cancelled_and_the_answer_says_reported_only(client: TestClient) -> None:
    # "should not cancel past bookings" and
    # "should return success without cancelled message when no bookings were cancelled"
    response = _report(client, PAST)
    assert response.status_code == 200
    assert response.json()["data"] == {
        "success": True,
        "message": "Booking reported successfully",
        "bookingUid": PAST,
        "reportedCount": 1,
        "cancelledCount": 0,
    }
    assert _status(client, PAST) == "accepted"


def test_the_report_records_the_booker_the_reporter_and_that_it_cancelled(client: TestClient) -> None:
    # "should create a report with correct params"
    _report(client, UPCOMING)
    report = _stored_report(client, UPCOMING)
    assert (report["booker_email"], report["reporter_user_id"], report["reason"]) == (
        "michael.bolton@initech.com",
        101,
        "SPAM",
    )
    assert report["description"] is None and report["cancelled"] is True and report["org_id"] == 1


def test_the_report_keeps_its_description(client: TestClient) -> None:
    # "should pass description to createReport when provided"
    _report(client, UPCOMING, description="Very spammy")
    assert _stored_report(client, UPCOMING)["description"] == "Very spammy"


def test_a_domain_report_records_the_domain_as_booker(client: TestClient) -> None:
    # "should use domain as bookerEmail for DOMAIN report type"
    assert _report(client, UPCOMING, reportType="DOMAIN").status_code == 200
    assert _stored_report(client, UPCOMING)["booker_email"] == "@initech.com"


def test_a_report_that_cancelled_nothing_is_recorded_as_not_cancelled(client: TestClient) -> None:
    # "should set cancelled to false when booking was not cancelled"
    _report(client, PAST)
    assert _stored_report(client, PAST)["cancelled"] is False


def test_a_booking_is_reported_once(client: TestClient) -> None:
    # "should throw when booking already has a report"
    assert _report(client, PAST).status_code == 200
    again = _report(client, PAST)
    assert again.status_code == 400
    assert again.json()["error"]["message"] == "This booking has already been reported"
