"""Every kind of bad input gets a 4xx in the API's own error envelope, and changes no state."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

V2 = {"cal-api-version": "2024-08-13"}
KEY = {"Authorization": "Bearer cal_test_acme_owner_key"}
JSON = {"content-type": "application/json"}
VALID_CREATE = (
    '{"start": "2031-01-06T09:00:00Z", "eventTypeId": 1001, '
    '"attendee": {"name": "A", "email": "a@b.co", "timeZone": "UTC"}}'
)

BAD_REQUESTS: list[tuple[str, str, dict[str, Any]]] = [
    ("malformed JSON", "POST /v2/bookings", {"content": b'{"start": ', "headers": {**V2, **JSON}}),
    ("JSON array for an object", "POST /v2/bookings", {"content": b"[]", "headers": {**V2, **JSON}}),
    ("JSON scalar for an object", "POST /v2/bookings", {"content": b"12", "headers": {**V2, **JSON}}),
    ("JSON null body", "POST /v2/bookings", {"content": b"null", "headers": {**V2, **JSON}}),
    ("empty body", "POST /v2/bookings", {"content": b"", "headers": {**V2, **JSON}}),
    ("no content type", "POST /v2/bookings", {"content": VALID_CREATE.encode(), "headers": V2}),
    (
        "wrong content type",
        "POST /v2/bookings",
        {"content": VALID_CREATE.encode(), "headers": {**V2, "content-type": "text/csv"}},
    ),
    (
        "form content type",
        "POST /v2/bookings/abc/cancel",
        {"content": b"a=1", "headers": {**V2, "content-type": "application/x-www-form-urlencoded"}},
    ),
    ("non-UTF-8 bytes", "POST /v2/bookings", {"content": b'{"start": "\xff\xfe"}', "headers": {**V2, **JSON}}),
    (
        "body over 1 MiB",
        "POST /v2/bookings",
        {"content": b'{"x": "' + b"a" * (1024 * 1024) + b'"}', "headers": {**V2, **JSON}},
    ),
    (
        "lower-case t and z in a list filter",
        "GET /v2/bookings?afterStart=2031-01-01t00:00:00z&take=0",
        {"headers": {**V2, **KEY}},
    ),
    ("date far past year 9999", "GET /v2/bookings?afterStart=99999-01-01T00:00:00Z", {"headers": {**V2, **KEY}}),
    (
        "year 9999 start",
        "POST /v2/bookings",
        {"content": VALID_CREATE.replace("2031-01-06", "9999-12-31").encode(), "headers": {**V2, **JSON}},
    ),
    (
        "year 0001 start",
        "POST /v2/bookings",
        {"content": VALID_CREATE.replace("2031-01-06", "0001-01-01").encode(), "headers": {**V2, **JSON}},
    ),
    (
        "very long string",
        "POST /v2/bookings",
        {
            "content": VALID_CREATE.replace('"A"', '"' + "n" * 200_000 + '"').replace("1001", "999999").encode(),
            "headers": {**V2, **JSON},
        },
    ),
    ("very long query value", "GET /v2/bookings?attendeeEmail=" + "e" * 20_000 + "&take=0", {"headers": {**V2, **KEY}}),
    ("encoded slash in a uid", "GET /v2/bookings/abc%2F..%2Fcancel", {"headers": V2}),
    ("dot segments in a uid", "POST /v2/bookings/..%2E/cancel", {"content": b"{}", "headers": {**V2, **JSON}}),
    ("non-numeric org id", "GET /v2/organizations/acme/bookings", {"headers": {**V2, **KEY}}),
    ("negative take", "GET /v2/bookings?take=-5", {"headers": {**V2, **KEY}}),
    ("fractional take", "GET /v2/bookings?take=2.5", {"headers": {**V2, **KEY}}),
    (
        "unknown body field on cancel",
        "POST /v2/bookings/9vwL4ryBmVWrnRPzGEotZc/cancel",
        {"content": b'{"refund": true}', "headers": {**V2, **JSON}},
    ),
    (
        "wrong type in body",
        "POST /v2/bookings",
        {"content": VALID_CREATE.replace("1001", '"1001"').encode(), "headers": {**V2, **JSON}},
    ),
    (
        "fractional event type id",
        "POST /v2/bookings",
        {"content": VALID_CREATE.replace("1001", "1001.5").encode(), "headers": {**V2, **JSON}},
    ),
    ("undeclared method", "DELETE /v2/bookings", {"headers": V2}),
    ("v1 garbage id", "GET /v1/bookings/1e9999?apiKey=cal_test_acme_owner_key", {}),
    (
        "v1 body with wrong types",
        "POST /v1/bookings?apiKey=cal_test_acme_owner_key",
        {"content": b'{"eventTypeId": "x"}', "headers": JSON},
    ),
    ("5,000-digit id in the query", "GET /v2/bookings?eventTypeId=" + "1" * 5000, {"headers": {**V2, **KEY}}),
    ("5,000-digit id in the path", "GET /v1/bookings/" + "1" * 5000 + "?apiKey=cal_test_acme_owner_key", {}),
    (
        "5,000-digit number in a body",
        "POST /v2/bookings",
        {"content": VALID_CREATE.replace("1001", "1" * 5000).encode(), "headers": {**V2, **JSON}},
    ),
    (
        "400-digit number where an integer is expected",
        "POST /v2/bookings",
        {"content": VALID_CREATE.replace("1001", "1" * 400).encode(), "headers": {**V2, **JSON}},
    ),
    (
        "start before the year 1 in UTC",
        "POST /v2/bookings",
        {
            "content": VALID_CREATE.replace("2031-01-06T09:00:00Z", "0001-01-01T00:30:00+01:00").encode(),
            "headers": {**V2, **JSON},
        },
    ),
    (
        "streamed body over the limit",
        "POST /v2/bookings",
        {"content": iter([b'{"x": "', b"a" * (2 * 1024 * 1024), b'"}']), "headers": {**V2, **JSON}},
    ),
    ("control API garbage state", "PUT /_mock/state", {"content": b'{"bookings": [1, 2]}', "headers": JSON}),
    (
        "control API clock overflow",
        "PUT /_mock/clock",
        {"content": b'{"now": "9999-12-31T23:59:59Z", "advanceSeconds": 315576000}', "headers": JSON},
    ),
    (
        "control API clock left running at year 9999",
        "PUT /_mock/clock",
        {"content": b'{"now": "9999-12-31T23:59:59Z", "frozen": false}', "headers": JSON},
    ),
    ("control API clock advanced by NaN", "PUT /_mock/clock", {"content": b'{"advanceSeconds": NaN}', "headers": JSON}),
]


def _state(http: httpx.Client) -> Any:
    return http.get("/_mock/state").json()


@pytest.mark.parametrize(("name", "target", "kwargs"), BAD_REQUESTS, ids=[r[0] for r in BAD_REQUESTS])
def test_bad_input_gets_a_4xx_envelope_and_leaves_state_unchanged(
    http: httpx.Client, name: str, target: str, kwargs: dict[str, Any]
) -> None:
    before, clock_before = _state(http), http.get("/_mock/clock").json()
    method, url = target.split(" ", 1)
    response = http.request(method, url, **kwargs)
    assert 400 <= response.status_code < 500, f"{name}: {response.status_code} {response.text[:300]}"
    body = response.json()
    if url.startswith("/v1/"):
        assert body.get("message") or body.get("error"), body
    else:
        assert body["status"] == "error" and body["error"]["code"] and body["error"]["message"], body
    assert _state(http) == before, f"{name} changed the state"
    clock_after = http.get("/_mock/clock")
    assert clock_after.status_code == 200 and clock_after.json()["frozen"] == clock_before["frozen"]
    assert clock_after.json()["now"][:13] == clock_before["now"][:13], f"{name} moved the clock"
