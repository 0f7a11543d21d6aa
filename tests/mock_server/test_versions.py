"""`cal-api-version` routes as on the real server (docs/versions.md), with requests sent exactly as clients
send them: no header (plain HTTP clients), `2024-06-14` with the older body to `POST /v2/bookings` (what
`@calcom/atoms` send), versions without a controller for the route (404 `Cannot <METHOD> <url>`)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.datastructures import Headers
from starlette.testclient import TestClient

from mock_server.resources import read_yaml, spec_path
from mock_server.web.versions import (
    API_VERSIONS,
    VERSIONS_EXTENSION,
    NoControllerForVersion,
    VersionTable,
    extract_version,
)
from tests.mock_client import V2

OWNER = {"Authorization": "Bearer cal_test_acme_owner_key"}
ATOMS = {"cal-api-version": "2024-06-14"}


def older_body(start: str = "2025-03-12T10:00:00.000Z", end: str | None = "2025-03-12T10:30:00.000Z") -> dict[str, Any]:
    """The body `@calcom/atoms`' useCreateBooking sends (and the 2024-04-15 e2e): `responses`, not `attendee`."""
    body: dict[str, Any] = {
        "start": start,
        "eventTypeId": 1001,
        "timeZone": "Europe/London",
        "language": "en",
        "metadata": {"timeFormat": "12", "meetingType": "organizer-phone"},
        "hashedLink": "",
        "responses": {
            "name": "tester",
            "email": "tester@example.com",
            "location": {"value": "link", "optionValue": ""},
            "notes": "test",
        },
    }
    if end is not None:
        body["end"] = end
    return body


# ------------------------------------------------------------------------------------------ extractor


@pytest.mark.parametrize(
    ("raw", "version"),
    [
        ([], "2024-04-15"),
        ([(b"cal-api-version", b"")], "2024-04-15"),
        ([(b"cal-api-version", b"2024-13-01")], "2024-04-15"),
        ([(b"cal-api-version", b"2024-08-13 ")], "2024-04-15"),  # an exact match only
        ([(b"cal-api-version", b"2024-08-13"), (b"cal-api-version", b"2024-08-13")], "2024-04-15"),
        ([(b"cal-api-version", b"2024-06-11")], "2024-06-11"),
        ([(b"cal-api-version", b"2024-09-04")], "2024-09-04"),
    ],
)
def test_the_extractor_reads_anything_unknown_as_2024_04_15(raw: list[tuple[bytes, bytes]], version: str) -> None:
    assert extract_version(Headers(raw=raw)) == version


def test_every_v2_operation_says_which_versions_reach_it() -> None:
    for document in (read_yaml(spec_path()), read_yaml(spec_path().parent / "openapi-2024-04-15.yaml")):
        for template, item in document["paths"].items():
            for method, operation in item.items():
                if template.startswith("/v2/") and isinstance(operation, dict) and "operationId" in operation:
                    versions = operation.get(VERSIONS_EXTENSION)
                    assert versions, f"{method} {template} has no {VERSIONS_EXTENSION}"
                    assert set(versions) <= set(API_VERSIONS)


def test_an_operation_of_the_main_document_is_honoured_whatever_its_version_list() -> None:
    """Part of the contract with other operations added to spec/openapi.yaml (the 2024-04-15 slots)."""
    document = {
        "paths": {
            "/v2/slots/available": {"get": {"operationId": "x", VERSIONS_EXTENSION: ["2024-04-15", "2024-08-13"]}},
            "/v2/slots": {"get": {"operationId": "y", VERSIONS_EXTENSION: ["2024-09-04"]}},
        }
    }
    table = VersionTable([("", document)])
    route = table.find("GET", "/v2/slots/available", "2024-08-13")
    assert route is not None and route.base_path == ""
    with pytest.raises(NoControllerForVersion):
        table.find("GET", "/v2/slots/available", "2024-09-04")
    with pytest.raises(NoControllerForVersion):
        table.find("GET", "/v2/slots", "2024-04-15")
    assert table.find("GET", "/v2/nothing", "2024-04-15") is None


# ---------------------------------------------------------------------------------------------- 404s


def _assert_cannot(response: Any, method: str, target: str) -> None:
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["status"] == "error"
    assert body["path"] == target
    assert body["error"]["code"] == "NotFoundException"
    assert body["error"]["message"] == f"Cannot {method} {target}"
    assert body["error"]["details"] == {"message": f"Cannot {method} {target}", "error": "Not Found", "statusCode": 404}


def test_2024_09_04_has_no_bookings_controller(client: TestClient) -> None:
    headers = {"cal-api-version": "2024-09-04", **OWNER}
    _assert_cannot(client.post("/v2/bookings", json=older_body(), headers=headers), "POST", "/v2/bookings")
    _assert_cannot(client.get("/v2/bookings?take=1", headers=headers), "GET", "/v2/bookings?take=1")
    _assert_cannot(client.get("/v2/bookings/abc", headers=headers), "GET", "/v2/bookings/abc")


def test_2024_08_13_has_no_event_types_controller(client: TestClient) -> None:
    _assert_cannot(client.get("/v2/event-types", headers={**V2, **OWNER}), "GET", "/v2/event-types")
    _assert_cannot(client.get("/v2/event-types/1001", headers={**V2, **OWNER}), "GET", "/v2/event-types/1001")


def test_only_2024_09_04_has_get_slots(client: TestClient) -> None:
    target = "/v2/slots?eventTypeId=1001&start=2025-03-12&end=2025-03-13"
    _assert_cannot(client.get(target), "GET", target)
    _assert_cannot(client.get(target, headers=V2), "GET", target)
    assert client.get(target, headers={"cal-api-version": "2024-09-04"}).status_code == 200


def test_routes_only_2024_08_13_has_are_404_without_the_header(client: TestClient) -> None:
    _assert_cannot(client.post("/v2/bookings/abc/confirm", headers=OWNER), "POST", "/v2/bookings/abc/confirm")


def test_the_version_is_checked_before_credentials(client: TestClient) -> None:
    _assert_cannot(client.get("/v2/bookings", headers={"cal-api-version": "2024-09-04"}), "GET", "/v2/bookings")


def test_routes_of_every_version_answer_any_header(client: TestClient) -> None:
    for headers in ({}, {"cal-api-version": "2024-09-04"}, {"cal-api-version": "nonsense"}, V2):
        assert client.get("/v2/me", headers={**headers, **OWNER}).status_code == 200
        assert client.get("/v2/organizations/1/bookings", headers={**headers, **OWNER}).status_code == 200


def test_the_recurring_route_exists_where_2024_08_13_took_the_word_for_a_uid(client: TestClient) -> None:
    _assert_cannot(client.post("/v2/bookings/recurring", json=[], headers=V2), "POST", "/v2/bookings/recurring")
    assert client.post("/v2/bookings/recurring", json=[]).status_code == 400  # the older route, an empty array


# ------------------------------------------------------------------------------------- older controller


@pytest.mark.parametrize("headers", [{}, ATOMS, {"cal-api-version": "2024-06-11"}, {"cal-api-version": "bogus"}])
def test_older_body_books_without_header_or_with_an_older_one(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/v2/bookings", json=older_body(), headers=headers)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["startTime"] == "2025-03-12T10:00:00.000Z"
    assert data["endTime"] == "2025-03-12T10:30:00.000Z"
    assert data["status"] == "ACCEPTED"
    assert data["userPrimaryEmail"] == "alice@acme.com"
    assert data["responses"] == older_body()["responses"]
    assert data["metadata"] == older_body()["metadata"]
    assert data["user"]["email"] is None and data["creationSource"] == "API_V2"


def test_the_newer_body_reaches_the_older_controller_without_the_header(client: TestClient) -> None:
    newer = {"start": "2025-03-12T10:00:00Z", "eventTypeId": 1001, "attendee": {"name": "A", "timeZone": "UTC"}}
    response = client.post("/v2/bookings", json=newer)
    assert response.status_code == 400
    errors = response.json()["error"]["details"]["errors"]
    assert [e["property"] for e in errors] == ["timeZone", "language", "metadata"]
    assert response.json()["error"]["message"] == "Bad Request Exception"


def test_a_taken_slot_answers_the_raw_code(client: TestClient) -> None:
    assert client.post("/v2/bookings", json=older_body(), headers=ATOMS).status_code == 201
    again = client.post("/v2/bookings", json=older_body(), headers=ATOMS)
    assert again.status_code == 400
    assert again.json()["error"] == {
        "code": "HttpException",
        "message": "no_available_users_found_error",
        "details": "no_available_users_found_error",
    }


def test_end_decides_the_length(client: TestClient) -> None:
    without_end = client.post("/v2/bookings", json=older_body(end=None))
    assert without_end.status_code == 201
    assert without_end.json()["data"]["endTime"] == "2025-03-12T10:30:00.000Z"
    odd = client.post("/v2/bookings", json=older_body("2025-03-12T11:00:00.000Z", "2025-03-12T11:45:00.000Z"))
    assert odd.status_code == 400
    assert odd.json()["error"]["message"] == "Invalid event length"


def test_a_past_start_answers_the_real_message(client: TestClient) -> None:
    past = client.post("/v2/bookings", json=older_body("2025-03-03T10:00:00.000Z", "2025-03-03T10:30:00.000Z"))
    assert past.status_code == 400
    assert past.json()["error"]["message"] == "Attempting to book a meeting in the past."


def test_a_split_name_is_stored_joined(client: TestClient) -> None:
    body = older_body()
    body["responses"]["name"] = {"firstName": "John", "lastName": "Doe"}
    response = client.post("/v2/bookings", json=body)
    assert response.status_code == 201
    assert response.json()["data"]["responses"]["name"] == "John Doe"


def test_an_event_type_that_requires_authentication(client: TestClient) -> None:
    body = {**older_body(), "eventTypeId": 1005}
    refused = client.post("/v2/bookings", json=body)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "HttpException"
    other = client.post("/v2/bookings", json=body, headers={"Authorization": "Bearer cal_test_globex_owner_key"})
    assert other.status_code == 403
    assert client.post("/v2/bookings", json=body, headers=OWNER).status_code == 201


# --------------------------------------------------------------------------------- one booking, every API


def test_a_booking_made_through_any_version_reads_back_through_every_other(client: TestClient) -> None:
    older = client.post("/v2/bookings", json=older_body(), headers=ATOMS).json()["data"]
    newer = client.post(
        "/v2/bookings",
        json={
            "start": "2025-03-12T13:00:00Z",
            "eventTypeId": 1001,
            "attendee": {"name": "Newer", "email": "newer@example.com", "timeZone": "UTC"},
        },
        headers=V2,
    ).json()["data"]
    for uid, booking_id, start in ((older["uid"], older["id"], older["startTime"]), (newer["uid"], newer["id"], None)):
        as_older = client.get(f"/v2/bookings/{uid}").json()["data"]
        as_newer = client.get(f"/v2/bookings/{uid}", headers=V2).json()["data"]
        as_v1 = client.get(f"/v1/bookings/{booking_id}?apiKey=cal_test_acme_owner_key").json()["booking"]
        assert as_older["id"] == as_newer["id"] == as_v1["id"] == booking_id
        assert as_older["startTime"] == as_newer["start"].replace("Z", "") + "Z" == as_v1["startTime"]
        if start is not None:
            assert as_older["startTime"] == start
    assert client.get(f"/v2/bookings/{older['uid']}", headers=V2).json()["data"]["attendees"][0]["email"] == (
        "tester@example.com"
    )


def test_list_pages_by_cursor(client: TestClient) -> None:
    first = client.get("/v2/bookings?filters[status]=upcoming&limit=1", headers=OWNER).json()["data"]
    assert len(first["bookings"]) == 1
    assert first["nextCursor"] == (1 if first["totalCount"] > 1 else None)
    everything = client.get("/v2/bookings?filters[status]=upcoming&limit=100", headers=OWNER).json()["data"]
    assert len(everything["bookings"]) == everything["totalCount"] and everything["nextCursor"] is None
    assert all(b["status"] in ("ACCEPTED", "PENDING", "AWAITING_HOST") for b in everything["bookings"])
    default = client.get("/v2/bookings", headers=OWNER).json()["data"]
    assert [b["uid"] for b in default["bookings"]] == [b["uid"] for b in everything["bookings"]][:10]


def test_cancel_answers_201_and_its_own_refusals(client: TestClient) -> None:
    uid = client.post("/v2/bookings", json=older_body()).json()["data"]["uid"]
    done = client.post(f"/v2/bookings/{uid}/cancel", json={"cancellationReason": "no longer needed"})
    assert done.status_code == 201
    assert done.json()["data"]["bookingUid"] == uid and done.json()["data"]["onlyRemovedAttendee"] is False
    assert client.get(f"/v2/bookings/{uid}", headers=V2).json()["data"]["status"] == "cancelled"
    again = client.post(f"/v2/bookings/{uid}/cancel", json={})
    assert again.status_code == 400 and "has been cancelled already" in again.json()["error"]["message"]
    assert client.post("/v2/bookings/42/cancel").json()["error"]["message"] == (
        "Please provide booking uid instead of booking id."
    )
    unknown = client.post("/v2/bookings/nope/cancel")
    assert unknown.status_code == 404 and unknown.json()["error"]["message"] == "Booking with UID=nope does not exist."


def test_recurring_books_every_element_in_one_series(client: TestClient) -> None:
    starts = ["2025-03-12T10:00:00.000Z", "2025-03-19T10:00:00.000Z"]
    response = client.post("/v2/bookings/recurring", json=[older_body(s, None) for s in starts])
    assert response.status_code == 201, response.text
    made = response.json()["data"]
    assert [b["startTime"] for b in made] == starts
    assert made[0]["recurringEventId"] is not None and made[0]["recurringEventId"] == made[1]["recurringEventId"]
    assert all(b["creationSource"] == "API_V2" for b in made)


def test_reschedule_through_create_with_reschedule_uid(client: TestClient) -> None:
    old = client.post("/v2/bookings", json=older_body()).json()["data"]
    moved = {**older_body("2025-03-12T14:00:00.000Z", "2025-03-12T14:30:00.000Z"), "rescheduleUid": old["uid"]}
    moved["metadata"] = {"timeFormat": "24"}
    response = client.post("/v2/bookings", json=moved)
    assert response.status_code == 201, response.text
    new = response.json()["data"]
    assert new["uid"] != old["uid"] and new["startTime"] == "2025-03-12T14:00:00.000Z"
    assert new["metadata"] == {"timeFormat": "24"} and new["fromReschedule"] == old["uid"]
    assert client.get(f"/v2/bookings/{old['uid']}").json()["data"]["status"] == "CANCELLED"


# -------------------------------------------------------------------------------------- event types


CAROL = {"Authorization": "Bearer cal_test_acme_team_admin_key"}


@pytest.mark.parametrize("headers", [{}, {"cal-api-version": "2024-04-15"}, {"cal-api-version": "2024-06-11"}])
def test_event_types_without_header_answer_the_2024_04_15_groups(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/v2/event-types", headers={**headers, **CAROL})
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    own = data["eventTypeGroups"][0]
    assert own["profile"]["name"] == "Carol Chen" and data["profiles"][0]["name"] == "Carol Chen"
    assert {e["id"] for e in own["eventTypes"]} >= {1002, 1090}
    assert all(e["userId"] == 103 and "length" in e for e in own["eventTypes"])
    assert [g["teamId"] for g in data["eventTypeGroups"][1:]] == [11]  # carol's team, with its event types
    assert 1101 in {e["id"] for e in data["eventTypeGroups"][1]["eventTypes"]}


def test_one_event_type_in_the_2024_04_15_shape(client: TestClient) -> None:
    for headers in ({}, {"cal-api-version": "2024-06-11"}):
        response = client.get("/v2/event-types/1002", headers={**headers, **CAROL})
        assert response.status_code == 200
        event_type = response.json()["data"]["eventType"]
        assert (event_type["id"], event_type["slug"], event_type["userId"], event_type["length"]) == (
            1002,
            "consultation",
            103,
            60,
        )
        assert event_type["requiresConfirmation"] is True
    missing = client.get("/v2/event-types/1000", headers=CAROL)
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "Event type with id 1000 not found"
    weekly = client.get("/v2/event-types/1090", headers=CAROL).json()["data"]["eventType"]
    assert weekly["recurringEvent"] == {"freq": 2, "count": 6, "interval": 1}


def test_2024_06_14_still_answers_its_own_event_types(client: TestClient) -> None:
    response = client.get("/v2/event-types/1002", headers={"cal-api-version": "2024-06-14", **CAROL})
    assert response.status_code == 200 and response.json()["data"]["lengthInMinutes"] == 60


def test_prefer_answers_the_documented_examples_of_the_older_document(client: TestClient) -> None:
    forced = client.get("/v2/bookings/abc", headers={"Prefer": "code=404"})
    assert forced.status_code == 404
    assert forced.json()["error"]["message"] == "Booking with UID=abc does not exist."
    refused = client.get("/v2/bookings/abc", headers={"Prefer": "code=418"})
    assert refused.status_code == 400 and "not documented for this operation" in refused.json()["error"]["message"]


def test_the_older_create_books_one_occurrence_of_a_recurring_event_type(client: TestClient) -> None:
    body = {**older_body("2025-03-12T10:00:00.000Z", None), "eventTypeId": 1004}
    response = client.post("/v2/bookings", json=body)
    assert response.status_code == 201, response.text
    made = response.json()["data"]
    assert made["recurringEventId"] is None
    listed = client.get("/v2/bookings?attendeeEmail=tester@example.com", headers={**V2, **OWNER}).json()["data"]
    assert [b["uid"] for b in listed] == [made["uid"]]
