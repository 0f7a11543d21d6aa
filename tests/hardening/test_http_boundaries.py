"""The edges of a request: bodies nested too deep, too large or too slow, control characters in the
URL, and which errors are the client's (400) and which the mock's own (500, logged)."""

from __future__ import annotations

import json
import logging
import re
import socket
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mock_server import create_app, serve_in_background
from mock_server.api.v2_2024_08_13.handlers import BookingsHandlers
from mock_server.resources import read_yaml
from mock_server.web.app import CONTROL_SPEC_PATH, SPEC_PATH
from mock_server.web.middleware import MAX_CONTROL_BODY_BYTES, MAX_JSON_DEPTH, json_depth
from mock_server.web.prepared import raw_body_routes

V2 = {"cal-api-version": "2024-08-13"}
JSON = {"content-type": "application/json"}
KEY = "cal_test_acme_owner_key"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(seed=3), raise_server_exceptions=False) as test_client:
        yield test_client


def _operations_with_a_body() -> list[tuple[str, str]]:
    spec = yaml.safe_load(SPEC_PATH.read_text())
    found = []
    for template, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "requestBody" in operation:
                path = re.sub(r"\{(orgId|teamId|id)\}", "1", template)
                found.append((method.upper(), re.sub(r"\{[^}]+\}", "abc", path)))
    return [*found, ("PUT", "/_mock/state"), ("PUT", "/_mock/clock")]


BODY_OPERATIONS = _operations_with_a_body()
RAW_BODY_ROUTES = raw_body_routes("/_mock", read_yaml(CONTROL_SPEC_PATH))


def _nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def _error_message(response: Any) -> str:
    body = response.json()
    return str(body["message"] if "message" in body else body["error"]["message"])


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 954, 100_000])
@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS, ids=[f"{m} {p}" for m, p in BODY_OPERATIONS])
def test_json_nested_too_deep_is_a_400_in_the_envelope(client: TestClient, method: str, path: str, depth: int) -> None:
    url = f"{path}?apiKey={KEY}" if path.startswith("/v1/") else path
    headers = {**V2, **JSON, "Authorization": f"Bearer {KEY}"}
    response = client.request(method, url, content=_nested(depth), headers=headers)
    assert response.status_code == 400, response.text[:300]
    if (method, path) in RAW_BODY_ROUTES:  # decoded by the store, whose decoders bound nesting themselves
        assert _error_message(response).startswith("Invalid state: ")
    else:
        assert _error_message(response) == f"Request body is nested more than {MAX_JSON_DEPTH} levels deep"


def test_json_nested_within_the_limit_reaches_validation(client: TestClient) -> None:
    response = client.post("/v2/bookings", content=_nested(MAX_JSON_DEPTH), headers={**V2, **JSON})
    assert response.status_code == 400
    assert "nested" not in _error_message(response)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"12", 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'{"a": "[[[[{{{{"}', 1),  # brackets in strings do not count
        (b'{"a": "\\"[[[[", "b": ["\\\\"]}', 2),  # nor do escaped quotes end a string
        (b"[" * 10_000, 10_000),  # unclosed
    ],
)
def test_json_depth_counts_brackets_outside_strings(text: bytes, depth: int) -> None:
    assert json_depth(text) == depth


def test_control_characters_in_the_url_cannot_forge_access_log_lines(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    forged = "%0A2030-01-01 00:00:00,000 INFO GET /v2/bookings 200 1.0ms"
    with caplog.at_level(logging.INFO, logger="mock_server.access"):
        client.get(f"/v2/bookings/abc{forged}?attendeeName=x%0Dy%E2%80%A8z", headers=V2)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "mock_server.access"]
    assert "\n" not in line and "\r" not in line and "\u2028" not in line, line
    assert "/v2/bookings/abc\\x0a2030-01-01" in line and "attendeeName=x\\x0dy\\u2028z" in line


@pytest.mark.parametrize(
    ("method", "path", "uid"),
    [
        ("GET", "/v2/bookings/ab%0Acd", "ab\ncd"),
        ("GET", "/v2/bookings/abcd%0A", "abcd\n"),
        ("POST", "/v2/bookings/ab%0Acd/cancel", "ab\ncd"),
    ],
)
def test_uid_with_a_line_feed_is_not_found(client: TestClient, method: str, path: str, uid: str) -> None:
    response = client.request(method, path, headers={**V2, **JSON}, content=b"{}" if method == "POST" else None)
    assert response.status_code == 404, response.text
    assert f"uid={uid} " in _error_message(response)


def test_a_bug_in_the_mock_is_a_logged_500_not_the_clients_fault(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("a bug in the mock")

    monkeypatch.setattr(BookingsHandlers, "get_booking", broken)
    with TestClient(create_app(seed=3), raise_server_exceptions=False) as client:
        with caplog.at_level(logging.ERROR, logger="mock_server"):
            response = client.get("/v2/bookings/abc", headers=V2)
    assert response.status_code == 500, response.text
    assert response.json()["error"]["message"] == "Internal server error"
    assert "unhandled error on GET /v2/bookings/abc" in caplog.text and "a bug in the mock" in caplog.text


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("/v1/bookings/" + "1" * 5000 + f"?apiKey={KEY}", None),
        ("/v2/bookings", b'{"eventTypeId": ' + b"1" * 5000 + b"}"),
    ],
    ids=["path id", "body number"],
)
def test_a_number_python_cannot_parse_is_the_clients_400(
    client: TestClient, caplog: pytest.LogCaptureFixture, path: str, content: bytes | None
) -> None:
    with caplog.at_level(logging.ERROR, logger="mock_server"):
        response = client.request("POST" if content else "GET", path, content=content, headers={**V2, **JSON})
    assert response.status_code == 400, response.text[:300]
    assert _error_message(response) == "A number in the request is too long or malformed"
    assert "unhandled error" not in caplog.text


def _fixture_state_sizes() -> tuple[int, float]:
    """The size of an export without its bookings, and the mean size of one booking in it."""
    with TestClient(create_app(seed=3)) as client:
        state = client.get("/_mock/state").json()
    sizes = [len(json.dumps(booking)) + 2 for booking in state["bookings"]]
    return len(json.dumps({**state, "bookings": []})), sum(sizes) / len(sizes)


def test_control_body_limit_fits_100000_bookings_and_little_more() -> None:
    rest, per_booking = _fixture_state_sizes()
    state_of_100000 = rest + 100_000 * per_booking
    assert state_of_100000 <= MAX_CONTROL_BODY_BYTES <= 1.25 * state_of_100000, (state_of_100000, per_booking)


def test_control_body_over_the_limit_is_a_413_before_it_is_read(client: TestClient) -> None:
    headers = {**JSON, "content-length": str(MAX_CONTROL_BODY_BYTES + 1)}
    response = client.put("/_mock/state", content=b"{}", headers=headers)
    assert response.status_code == 413, response.text
    assert response.headers["connection"] == "close"
    assert _error_message(response) == f"Request body is larger than {MAX_CONTROL_BODY_BYTES} bytes"


def test_control_body_streamed_over_a_limit_is_a_413() -> None:
    small = create_app(seed=3, max_control_body_bytes=1000)
    with TestClient(small, raise_server_exceptions=False) as client:
        response = client.put("/_mock/state", content=b'{"x": "' + b"a" * 2000 + b'"}', headers=JSON)
        assert response.status_code == 413, response.text
        assert client.get("/_mock/health").status_code == 200


def _raw_exchange(base_url: str, request: bytes, *, wait: float) -> tuple[bytes, bool, float]:
    """Send `request`, read until the server closes or `wait` passes; (bytes read, closed, seconds)."""
    host, port = base_url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(request)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            return received, False, time.monotonic() - started
    return received, True, time.monotonic() - started


def test_a_stalled_body_gets_a_408_and_the_connection_is_closed() -> None:
    with serve_in_background(create_app(seed=3, body_timeout=0.5)) as url:
        stalled = (
            b"POST /v2/bookings HTTP/1.1\r\nHost: mock\r\ncal-api-version: 2024-08-13\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n" + b'{"start": "20'
        )
        received, closed, seconds = _raw_exchange(url, stalled, wait=10)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 "), received[:300]
    assert closed and seconds < 5, (closed, seconds)
    assert json.loads(body)["error"]["message"] == "The request body did not arrive within 0.5 seconds"


# Every instant a request can carry, as (method, path, body template or None for a query): %s is the instant.
INSTANT_FIELDS = [
    ("POST", "/v2/bookings", '{"start": "%s", "eventTypeId": 1001, "attendee": {"name": "A", "timeZone": "UTC"}}'),
    ("POST", "/v2/bookings/9vwL4ryBmVWrnRPzGEotZc/reschedule", '{"start": "%s"}'),
    ("GET", "/v2/bookings?afterStart=%s", None),
    ("GET", "/v2/bookings?beforeEnd=%s", None),
    ("GET", "/v2/bookings?afterUpdatedAt=%s", None),
    ("GET", "/v2/organizations/1/bookings?beforeCreatedAt=%s", None),
    ("PATCH", f"/v1/bookings/1?apiKey={KEY}", '{"startTime": "%s", "endTime": "%s"}'),
    ("PUT", "/_mock/clock", '{"now": "%s"}'),
]
EXTREME_INSTANTS = st.builds(
    lambda moment, minutes: (
        moment.isoformat() + ("Z" if minutes == 0 else f"{minutes // 60:+03d}:{abs(minutes) % 60:02d}")
    ),
    st.one_of(  # the first and the last day of the range, where an offset crosses it, and anything between
        st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 1, 23, 59, 59)),
        st.datetimes(min_value=datetime(9999, 12, 31), max_value=datetime(9999, 12, 31, 23, 59, 59)),
        st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    ),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(INSTANT_FIELDS), moment=EXTREME_INSTANTS)
def test_no_instant_from_year_1_to_9999_is_a_500(
    client: TestClient, field: tuple[str, str, str | None], moment: str
) -> None:
    method, path, template = field
    headers = {**V2, **JSON, "Authorization": f"Bearer {KEY}"}
    if template is None:
        response = client.request(method, path % quote(moment), headers=headers)
    else:
        response = client.request(method, path, content=template.replace("%s", moment).encode(), headers=headers)
    client.post("/_mock/reset")
    assert response.status_code < 500, f"{method} {path} with {moment}: {response.text[:300]}"


RAW_REQUESTS = [
    ("raw invalid UTF-8 in the path", b"/v2/bookings/ab\xffcd", 400),
    ("raw UTF-8 in the path", b"/v2/bookings/caf\xc3\xa9", 400),
    ("raw invalid UTF-8 in the query", b"/v2/bookings?attendeeName=\xff\xfe", 400),
    ("URL of 64 KiB", b"/v2/bookings?attendeeName=" + b"a" * 65_536, 414),
    ("v1 URL of 64 KiB", b"/v1/bookings/" + b"1" * 65_536 + f"?apiKey={KEY}".encode(), 414),
]


@pytest.mark.parametrize(("name", "target", "status"), RAW_REQUESTS, ids=[r[0] for r in RAW_REQUESTS])
def test_requests_the_http_parser_refuses_get_the_json_envelope(name: str, target: bytes, status: int) -> None:
    with serve_in_background(create_app(seed=3)) as url:
        request = b"GET " + target + b" HTTP/1.1\r\nHost: mock\r\ncal-api-version: 2024-08-13\r\n\r\n"
        received, closed, _ = _raw_exchange(url, request, wait=10)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status), received[:300]
    assert b"content-type: application/json" in head.lower() and closed
    document = json.loads(body)
    if target.startswith(b"/v1/"):
        assert document["message"].startswith("The URL is ") and KEY not in document["url"]
    else:
        assert document["status"] == "error" and document["error"]["message"], document
