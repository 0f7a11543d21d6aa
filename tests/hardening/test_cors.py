"""CORS: any origin may call the bookings API by default, but the control API (which returns every
API key and accepts a whole new state) answers only its own origin and origins allowed by name."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server import create_app

EVIL = "http://evil.example"
FRONTEND = "http://localhost:3000"
V2 = {"cal-api-version": "2024-08-13"}
OWNER = {**V2, "Authorization": "Bearer cal_test_acme_owner_key"}


def _client(origins: Sequence[str] = ("*",)) -> TestClient:
    return TestClient(create_app(seed=2, cors_origins=origins), raise_server_exceptions=False)


def _preflight(client: TestClient, path: str, origin: str, method: str = "PUT") -> httpx.Response:
    response: httpx.Response = client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type",
        },
    )
    return response


def test_the_bookings_api_answers_any_origin_by_default() -> None:
    with _client() as client:
        preflight = client.options("/v2/bookings", headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
        assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] in ("*", EVIL)
        listed = client.get("/v2/bookings", headers={**OWNER, "Origin": EVIL})
        assert listed.status_code == 200 and listed.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("origins", [("*",), (), (FRONTEND,)], ids=["any origin", "no CORS", "one origin"])
def test_another_origin_cannot_read_or_change_the_control_state(origins: Sequence[str]) -> None:
    with _client(origins) as client:
        created = client.post(
            "/v2/bookings",
            json={
                "start": "2031-01-06T09:00:00Z",
                "eventTypeId": 1001,
                "attendee": {"name": "A", "email": "a@b.co", "timeZone": "UTC"},
            },
            headers=V2,
        )
        assert created.status_code == 201, created.text
        before = client.get("/_mock/state").json()
        read = client.get("/_mock/state", headers={"Origin": EVIL})
        assert read.status_code == 403 and "cal_test_" not in read.text
        assert read.json()["error"]["message"].endswith(f"start the mock with --cors-origin {EVIL} to allow it")
        assert client.post("/_mock/reset", headers={"Origin": EVIL}).status_code == 403
        assert client.put("/_mock/state", json=before, headers={"Origin": EVIL}).status_code == 403
        assert client.get("/_mock/state").json() == before  # the reset did not run


def test_a_page_of_another_origin_reads_the_403_that_names_the_flag() -> None:
    """The preflight passes (the bookings API answers any origin), so the browser sends the request, and
    the refusal carries CORS headers: the page reads which flag to use instead of a bare CORS error."""
    with _client(("*",)) as client:
        preflight = _preflight(client, "/_mock/state", EVIL)
        assert preflight.status_code == 200, preflight.text
        refused = client.put("/_mock/state", json={}, headers={"Origin": EVIL})
    assert refused.status_code == 403 and refused.headers["access-control-allow-origin"] in ("*", EVIL)
    assert f"--cors-origin {EVIL}" in refused.json()["error"]["message"]


def test_without_cors_a_control_preflight_is_refused_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with _client(()) as client, caplog.at_level(logging.WARNING, logger="mock_server"):
        preflight = _preflight(client, "/_mock/state", EVIL)
    assert preflight.status_code == 403 and "access-control-allow-origin" not in preflight.headers
    assert "CORS preflight refused" in caplog.text and f"origin {EVIL}, method PUT" in caplog.text


def test_the_control_api_answers_its_own_origin_and_origins_allowed_by_name() -> None:
    with _client((FRONTEND,)) as client:
        assert client.get("/_mock/state", headers={"Origin": "http://testserver"}).status_code == 200
        preflight = _preflight(client, "/_mock/state", FRONTEND)
        assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == FRONTEND
        read = client.get("/_mock/health", headers={"Origin": FRONTEND})
        assert read.status_code == 200 and read.headers["access-control-allow-origin"] == FRONTEND


def test_a_refused_api_preflight_is_logged_as_such(caplog: pytest.LogCaptureFixture) -> None:
    with _client((FRONTEND,)) as client, caplog.at_level(logging.WARNING, logger="mock_server"):
        preflight = _preflight(client, "/v2/bookings", EVIL, method="POST")
    assert preflight.status_code == 400
    assert f"CORS preflight refused (Disallowed CORS origin): origin {EVIL}, method POST" in caplog.text
