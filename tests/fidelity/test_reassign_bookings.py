"""Cal.com's reassign-bookings e2e spec replayed against the mock on the default fixtures.

Source (calcom/cal.com): `apps/api/v2/src/ee/bookings/2024-08-13/controllers/e2e/reassign-bookings.e2e-spec.ts`
(281dac23). Its world is organization 8 (Kramerica) of `mock_server/fixtures/default.yaml`:

| e2e                                                   | fixtures                                   |
|-------------------------------------------------------|--------------------------------------------|
| teamUser1 / teamUser2 / teamUser3 (team MEMBERs)       | bania (811) / mickey (812) / jackie (813)  |
| round robin event type (teamUser1, teamUser2)          | 8101                                       |
| non-fixed event type (teamUser2, teamUser3)            | 8102                                       |
| fixed-host event type (teamUser1 fixed, 2 and 3)       | 8103                                       |
| reschedule-reason event type (teamUser1, teamUser2)    | 8104                                       |
| booking "round-robin-coding" (teamUser1 organizes)     | kramericaRoundRobin001                     |
| "fake-user" outside the team                           | nina (`cal_test_solo_key`)                  |

The e2e reads `booking.userId` and `booking.title` from its database; the replay reads them back through
`GET /v2/bookings/{uid}` (hosts[0] is the booking's user) and `GET /v1/bookings/{id}` (`userId`, `title`),
which is how a client sees them. Each test sets up what the e2e's earlier tests left behind.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.fidelity.conftest import error_message
from tests.mock_client import V2, auth

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/reassign-bookings.e2e-spec.ts"

BANIA, MICKEY, JACKIE = 811, 812, 813
USERS = {
    BANIA: {"name": "Kenny Bania", "email": "bania@kramerica.dev"},
    MICKEY: {"name": "Mickey Abbott", "email": "mickey@kramerica.dev"},
    JACKIE: {"name": "Jackie Chiles", "email": "jackie@kramerica.dev"},
}
KEYS = {BANIA: "cal_test_kramerica_member_key", MICKEY: "cal_test_kramerica_member2_key"}
PAIR, NON_FIXED, FIXED, RESCHEDULE_REASON = 8101, 8102, 8103, 8104
TEAM_NAME = "Kramerica Rounds"
ROUND_ROBIN_CODING = "kramericaRoundRobin001"
OUTSIDER = "cal_test_solo_key"
OWNER = "cal_test_kramerica_owner_key"  # estelle, the organization owner (v1 reads)
PERMISSION_ERROR = "You do not have permission to reassign this booking"


def _reassigned_to(user_id: int) -> dict[str, Any]:
    user = USERS[user_id]
    return {"id": user_id, "name": user["name"], "email": user["email"], "displayEmail": user["email"]}


def _user_id(client: TestClient, uid: str) -> int:
    """`booking.userId`, as the v2 booking shows it (its one host is the booking's user)."""
    response = client.get(f"/v2/bookings/{uid}", headers=V2)
    assert response.status_code == 200, response.text
    hosts = response.json()["data"]["hosts"]
    assert len(hosts) == 1
    return int(hosts[0]["id"])


def _title(client: TestClient, uid: str) -> str:
    booking = client.get(f"/v2/bookings/{uid}", headers=V2).json()["data"]
    v1 = client.get(f"/v1/bookings/{booking['id']}", params={"apiKey": OWNER})
    assert v1.status_code == 200, v1.text
    assert v1.json()["booking"]["title"] == booking["title"]
    return str(booking["title"])


def _reassign(client: TestClient, uid: str, key: str, user_id: int | None = None, **kwargs: Any) -> Any:
    path = f"/v2/bookings/{uid}/reassign" + (f"/{user_id}" if user_id is not None else "")
    return client.post(path, headers=auth(key), **kwargs)


def _data(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success" and body["data"] is not None
    return body["data"]  # type: ignore[no-any-return]


def _create(client: TestClient, event_type_id: int, start: str, name: str, email: str) -> str:
    body = {
        "start": start,
        "eventTypeId": event_type_id,
        "attendee": {"name": name, "email": email, "timeZone": "Europe/Rome", "language": "en"},
        "meetingUrl": "https://meet.google.com/abc-def-ghi",
    }
    response = client.post("/v2/bookings", json=body, headers=V2)
    assert response.status_code == 201, response.text
    return str(response.json()["data"]["uid"])


@pytest.mark.e2e(SOURCE, "should reassign round robin booking")
def test_should_reassign_round_robin_booking(client: TestClient) -> None:
    assert _user_id(client, ROUND_ROBIN_CODING) == BANIA
    data = _data(_reassign(client, ROUND_ROBIN_CODING, KEYS[BANIA]))
    assert data["bookingUid"] == ROUND_ROBIN_CODING
    assert data["reassignedTo"] == _reassigned_to(MICKEY)
    assert _user_id(client, ROUND_ROBIN_CODING) == MICKEY


@pytest.mark.e2e(SOURCE, "should reassign round robin booking to a specific user")
def test_should_reassign_round_robin_booking_to_a_specific_user(client: TestClient) -> None:
    _data(_reassign(client, ROUND_ROBIN_CODING, KEYS[BANIA]))  # the e2e's previous test
    assert _user_id(client, ROUND_ROBIN_CODING) == MICKEY
    # The e2e sends a whole booking body; the reassign DTO ignores what it does not declare.
    body = {
        "start": "2030-01-08T13:00:00.000Z",
        "eventTypeId": PAIR,
        "attendee": {"name": "alice", "email": "alice@gmail.com", "timeZone": "Europe/Madrid", "language": "es"},
        "meetingUrl": "https://meet.google.com/abc-def-ghi",
    }
    data = _data(_reassign(client, ROUND_ROBIN_CODING, KEYS[BANIA], BANIA, json=body))
    assert data["bookingUid"] == ROUND_ROBIN_CODING
    assert data["reassignedTo"] == _reassigned_to(BANIA)
    assert _user_id(client, ROUND_ROBIN_CODING) == BANIA


@pytest.mark.e2e(SOURCE, "should have correct title when reassigning round robin booking with non-fixed host")
def test_should_have_correct_title_when_reassigning_with_non_fixed_host(client: TestClient) -> None:
    # The e2e test books Sunday 2050-01-09; the mock's hosts work Monday to Friday, so the Monday after.
    uid = _create(client, NON_FIXED, "2050-01-10T13:00:00.000Z", "Charlie", "charlie@gmail.com")
    assert _user_id(client, uid) == MICKEY
    assert _title(client, uid) == f"Rounds non fixed between {USERS[MICKEY]['name']} and Charlie"
    data = _data(_reassign(client, uid, KEYS[MICKEY]))
    assert data["bookingUid"] == uid
    assert data["reassignedTo"]["id"] == JACKIE
    assert _user_id(client, uid) == JACKIE
    assert _title(client, uid) == f"Rounds non fixed between {USERS[JACKIE]['name']} and Charlie"


@pytest.mark.e2e(SOURCE, "should have correct title when reassigning round robin booking with fixed host")
def test_should_have_correct_title_when_reassigning_with_fixed_host(client: TestClient) -> None:
    # The e2e test books Saturday 2050-01-08; the mock's hosts work Monday to Friday, so the Tuesday after.
    uid = _create(client, FIXED, "2050-01-11T13:00:00.000Z", "Alice", "alice@gmail.com")
    assert _user_id(client, uid) == BANIA
    assert _title(client, uid) == f"Rounds fixed between {TEAM_NAME} and Alice"
    # The fixed host keeps organizing; the round-robin host among the attendees becomes teamUser3.
    data = _data(_reassign(client, uid, KEYS[BANIA], JACKIE))
    assert data["bookingUid"] == uid
    assert data["reassignedTo"]["id"] == BANIA
    assert _user_id(client, uid) == BANIA
    assert _title(client, uid) == f"Rounds fixed between {TEAM_NAME} and Alice"
    # Beyond the e2e file: the attendee row that was the round-robin host is now teamUser3's.
    emails = [a["email"] for a in client.get(f"/v2/bookings/{uid}", headers=V2).json()["data"]["attendees"]]
    assert USERS[JACKIE]["email"] in emails and USERS[MICKEY]["email"] not in emails


def _reschedule_reason_booking(client: TestClient) -> tuple[str, int]:
    uid = _create(client, RESCHEDULE_REASON, "2050-01-10T13:00:00.000Z", "David", "david@gmail.com")
    return uid, _user_id(client, uid)


@pytest.mark.e2e(
    SOURCE, "should preserve attendee name when reassigning round robin host manually with rescheduleReason required"
)
def test_should_preserve_attendee_name_when_reassigning_manually(client: TestClient) -> None:
    uid, initial = _reschedule_reason_booking(client)
    assert _title(client, uid) == f"Rounds reschedule reason between {USERS[initial]['name']} and David"
    assert "Nameless" not in _title(client, uid)
    target = MICKEY if initial == BANIA else BANIA
    data = _data(_reassign(client, uid, KEYS[BANIA], target))  # no body, as the e2e sends none
    assert data["bookingUid"] == uid and data["reassignedTo"]["id"] == target
    assert _user_id(client, uid) == target
    assert _title(client, uid) == f"Rounds reschedule reason between {USERS[target]['name']} and David"
    assert "Nameless" not in _title(client, uid)


@pytest.mark.e2e(
    SOURCE,
    "should preserve attendee name when reassigning round robin host automatically with rescheduleReason required",
)
def test_should_preserve_attendee_name_when_reassigning_automatically(client: TestClient) -> None:
    uid, initial = _reschedule_reason_booking(client)
    other = MICKEY if initial == BANIA else BANIA
    _data(_reassign(client, uid, KEYS[BANIA], other))  # the e2e's previous test
    assert _user_id(client, uid) != initial
    data = _data(_reassign(client, uid, KEYS[BANIA]))
    assert data["bookingUid"] == uid and data["reassignedTo"]["id"] == initial
    assert _user_id(client, uid) == initial
    assert _title(client, uid) == f"Rounds reschedule reason between {USERS[initial]['name']} and David"
    assert "Nameless" not in _title(client, uid)


@pytest.mark.e2e(SOURCE, "should return 403 when unauthorized user tries to reassign booking")
def test_should_return_403_when_unauthorized_user_tries_to_reassign_booking(client: TestClient) -> None:
    response = _reassign(client, ROUND_ROBIN_CODING, OUTSIDER)
    assert response.status_code == 403
    assert error_message(response) == PERMISSION_ERROR
    assert _user_id(client, ROUND_ROBIN_CODING) == BANIA


@pytest.mark.e2e(SOURCE, "should return 403 when unauthorized user tries to reassign booking to specific user")
def test_should_return_403_when_unauthorized_user_tries_to_reassign_to_specific_user(client: TestClient) -> None:
    response = _reassign(client, ROUND_ROBIN_CODING, OUTSIDER, MICKEY, json={"reason": "Testing unauthorized access"})
    assert response.status_code == 403
    assert error_message(response) == PERMISSION_ERROR
    assert _user_id(client, ROUND_ROBIN_CODING) == BANIA
