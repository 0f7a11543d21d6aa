"""The control API's reset and clock: reset means reset (state and clock), and real time is one call away."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from starlette.testclient import TestClient

from tests.mock_server.conftest import NOW


def _now(client: TestClient) -> datetime:
    return datetime.fromisoformat(client.get("/_mock/clock").json()["now"])


def test_reset_returns_the_clock_to_its_start_up_setting(client: TestClient) -> None:
    client.put("/_mock/clock", json={"now": "2031-01-01T00:00:00Z", "frozen": False})
    assert client.post("/_mock/reset").status_code == 200
    assert client.get("/_mock/clock").json() == {"now": "2025-03-10T12:00:00.000Z", "frozen": True}
    assert _now(client) == NOW


def test_reset_with_keep_clock_leaves_the_clock_alone(client: TestClient) -> None:
    client.put("/_mock/clock", json={"now": "2031-01-01T00:00:00Z", "frozen": True})
    assert client.post("/_mock/reset", params={"keepClock": "true"}).status_code == 200
    assert client.get("/_mock/clock").json() == {"now": "2031-01-01T00:00:00.000Z", "frozen": True}


def test_real_time_is_one_call_away(client: TestClient) -> None:
    client.put("/_mock/clock", json={"advanceSeconds": 86_400})
    answer = client.put("/_mock/clock", json={"realTime": True})
    assert answer.status_code == 200 and answer.json()["frozen"] is False
    assert abs(_now(client) - datetime.now(UTC)) < timedelta(seconds=5)


def test_real_time_does_not_combine_with_other_changes(client: TestClient) -> None:
    answer = client.put("/_mock/clock", json={"realTime": True, "advanceSeconds": 60})
    assert answer.status_code == 400 and "realTime cannot be combined" in answer.json()["error"]["message"]
    assert _now(client) == NOW
