"""v1 over the same store, the error envelope for every kind of bad request, and the control API."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.mock_server.conftest import V2, auth

OWNER = "cal_test_acme_owner_key"


def v1_create(client: TestClient, start: str = "2025-05-05T09:00:00Z") -> dict[str, Any]:
    response = client.post(
        "/v1/bookings",
        params={"apiKey": OWNER},
        json={
            "eventTypeId": 1001,
            "start": start,
            "timeZone": "Europe/Rome",
            "language": "en",
            "metadata": {},
            "responses": {"name": "V One", "email": "v1@example.com"},
        },
    )
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def test_v1_booking_reads_back_through_v2_with_lower_case_status(client: TestClient) -> None:
    booking = v1_create(client)
    assert booking["status"] == "ACCEPTED"
    v2 = client.get(f"/v2/bookings/{booking['uid']}", headers=V2).json()["data"]
    assert (v2["id"], v2["status"], v2["attendees"][0]["email"]) == (booking["id"], "accepted", "v1@example.com")


def test_v1_cancel_ignores_a_query_parameter_it_does_not_declare(client: TestClient) -> None:
    """`_delete.ts` parses `{...req.query}` with plain `z.object`s (no `.strict()`): unknown keys are stripped,
    so the request the contract suite's ST201 flagged (`?%C3%A5%0C=`) cancels like any other."""
    booking = v1_create(client)
    cancelled = client.delete(f"/v1/bookings/{booking['id']}/cancel?apiKey={OWNER}&%C3%A5%0C=")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["bookingUid"] == booking["uid"]


def test_v1_patch_and_cancel(client: TestClient) -> None:
    booking = v1_create(client)
    patched = client.patch(f"/v1/bookings/{booking['id']}", params={"apiKey": OWNER}, json={"title": "Renamed"})
    assert patched.json()["booking"]["title"] == "Renamed"
    assert (
        client.patch(f"/v1/bookings/{booking['id']}", params={"apiKey": OWNER}, json={"colour": "red"}).status_code
        == 400
    )
    cancelled = client.delete(f"/v1/bookings/{booking['id']}/cancel", params={"apiKey": OWNER})
    assert cancelled.status_code == 200 and cancelled.json()["bookingUid"] == booking["uid"]
    again = client.delete(f"/v1/bookings/{booking['id']}/cancel", params={"apiKey": OWNER})
    assert again.status_code == 400
    assert again.json()["message"] == "This booking has already been cancelled."


def test_v1_pagination_applies_only_with_take_and_page(client: TestClient) -> None:
    everything = client.get("/v1/bookings", params={"apiKey": OWNER}).json()["bookings"]
    only_take = client.get("/v1/bookings", params={"apiKey": OWNER, "take": 2}).json()["bookings"]
    page_two = client.get("/v1/bookings", params={"apiKey": OWNER, "take": 2, "page": 2}).json()["bookings"]
    assert len(everything) > 4 and len(only_take) == len(everything)
    assert [b["id"] for b in page_two] == [b["id"] for b in everything[2:4]]


@pytest.mark.parametrize(
    ("params", "status", "body"),
    [
        ({}, 401, {"message": "No apiKey provided"}),
        ({"apiKey": "cal_wrong"}, 401, {"error": "Your API key is not valid."}),
        ({"apiKey": "cal_test_acme_expired_key"}, 401, {"error": "This API key is expired."}),
    ],
)
def test_v1_key_errors(client: TestClient, params: dict[str, str], status: int, body: dict[str, str]) -> None:
    response = client.get("/v1/bookings", params=params)
    assert (response.status_code, response.json()) == (status, body)


def test_v1_unknown_id_is_404_and_a_foreign_booking_403(client: TestClient) -> None:
    assert client.get("/v1/bookings/999999", params={"apiKey": OWNER}).status_code == 404
    booking = v1_create(client)
    foreign = client.get(f"/v1/bookings/{booking['id']}", params={"apiKey": "cal_test_globex_owner_key"})
    assert foreign.status_code == 403


def _assert_envelope(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == "error" and body["error"]["message"] and body["path"].startswith("/")


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"42", b'"text"', b"\xff\xfe\x00"])
def test_malformed_bodies_get_400_in_the_envelope(client: TestClient, content: bytes) -> None:
    response = client.post("/v2/bookings", content=content, headers={**V2, "content-type": "application/json"})
    _assert_envelope(response, 400)


def test_wrong_content_type_gets_415(client: TestClient) -> None:
    response = client.post("/v2/bookings", content=b"start=now", headers={**V2, "content-type": "text/plain"})
    _assert_envelope(response, 415)


def test_oversized_body_gets_413(client: TestClient) -> None:
    body = json.dumps({"padding": "x" * (1024 * 1024 + 1)})
    response = client.post("/v2/bookings", content=body, headers={**V2, "content-type": "application/json"})
    _assert_envelope(response, 413)


def test_undeclared_method_gets_405_with_allow(client: TestClient) -> None:
    response = client.put("/v2/bookings/abc", headers=V2)
    _assert_envelope(response, 405)
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}


def test_unknown_route_gets_404_in_the_envelope(client: TestClient) -> None:
    _assert_envelope(client.get("/v2/nothing-here", headers=V2), 404)


def test_missing_or_older_api_version_reaches_the_2024_04_15_controller(client: TestClient) -> None:
    # As on the real server: no header, or an older one, is routed, never refused (tests/mock_server/test_versions.py).
    for headers in ({}, {"cal-api-version": "2024-04-15"}):
        response = client.get("/v2/bookings/abc", headers=headers)
        _assert_envelope(response, 404)
        assert response.json()["error"]["message"] == "Booking with UID=abc does not exist."


@pytest.mark.parametrize("start", ["2025-13-01T00:00:00Z", "9999-12-31T23:59:59Z", "2025-05-01t09:00:00z"])
def test_odd_dates_never_break_the_server(client: TestClient, start: str) -> None:
    response = client.post(
        "/v2/bookings",
        headers=V2,
        json={
            "start": start,
            "eventTypeId": 1001,
            "attendee": {"name": "Odd", "email": "odd@example.com", "timeZone": "UTC"},
        },
    )
    assert response.status_code in (201, 400), response.text


def test_bad_time_zone_is_400(client: TestClient) -> None:
    response = client.post(
        "/v2/bookings",
        headers=V2,
        json={
            "start": "2025-05-01T09:00:00Z",
            "eventTypeId": 1001,
            "attendee": {"name": "Tz", "email": "tz@example.com", "timeZone": "Mars/Olympus"},
        },
    )
    _assert_envelope(response, 400)


def test_prefer_header_forces_a_documented_error(client: TestClient) -> None:
    response = client.get("/v2/bookings", headers={**auth(OWNER), "Prefer": "code=403"})
    _assert_envelope(response, 403)
    undocumented = client.get("/v2/bookings", headers={**auth(OWNER), "Prefer": "code=418"})
    _assert_envelope(undocumented, 400)
    assert "documented: 200, 400, 401, 403" in undocumented.json()["error"]["message"]


def test_prefer_header_leaves_unknown_routes_and_the_control_api_alone(client: TestClient) -> None:
    assert client.get("/v2/nothing-here", headers={**V2, "Prefer": "code=404"}).status_code == 404
    assert client.get("/_mock/health", headers={"Prefer": "code=500"}).status_code == 200


def test_access_log_never_shows_an_api_key(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="mock_server.access"):
        assert client.get(f"/v1/bookings?api%4Bey={OWNER}").status_code == 200  # decoded: apiKey
        client.get("/v1/bookings", params={"apiKey": OWNER, "take": 1, "page": 1})
    assert "GET /v1/bookings?apiKey=[redacted]" in caplog.text
    assert OWNER not in caplog.text


def test_cors_preflight_is_answered(client: TestClient) -> None:
    response = client.options(
        "/v2/bookings", headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "http://localhost:3000")


def test_reset_restores_the_fixtures(client: TestClient) -> None:
    before = client.get("/_mock/health").json()["bookings"]
    v1_create(client)
    assert client.get("/_mock/health").json()["bookings"] == before + 1
    assert client.post("/_mock/reset").json()["bookings"] == before


def test_state_exports_and_imports(client: TestClient) -> None:
    state = client.get("/_mock/state").json()
    v1_create(client)
    assert client.put("/_mock/state", json=state).status_code == 200
    assert client.get("/_mock/health").json()["bookings"] == len(state["bookings"])
    bad = client.put("/_mock/state", json={"bookings": "nope"})
    assert bad.status_code == 400
    assert client.get("/_mock/health").json()["bookings"] == len(state["bookings"])


def test_clock_can_be_set_frozen_and_advanced(client: TestClient) -> None:
    frozen = client.put("/_mock/clock", json={"now": "2031-01-01T00:00:00Z", "frozen": True}).json()
    assert frozen == {"now": "2031-01-01T00:00:00.000Z", "frozen": True}
    advanced = client.put("/_mock/clock", json={"advanceSeconds": 3600}).json()
    assert advanced["now"] == "2031-01-01T01:00:00.000Z"
    assert client.get("/_mock/clock").json() == advanced
