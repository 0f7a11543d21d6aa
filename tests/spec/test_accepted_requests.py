"""Every request a test sees accepted must be valid under the spec (tests/spec_conformance.py): the
fidelity tests replay the real server's own e2e requests, so a spec stricter than the real server would
make the contract suite expect refusals the real server never makes."""

from __future__ import annotations

import httpx
import pytest

from tests.spec_conformance import SpecConformanceError, check_response

CREATED = {"status": "success", "data": {}}


def accepted(body: object) -> httpx.Response:
    request = httpx.Request("POST", "http://mock/v2/bookings", json=body, headers={"cal-api-version": "2024-08-13"})
    return httpx.Response(201, json=CREATED, request=request)


def test_an_accepted_request_the_spec_calls_invalid_is_a_false_alarm_waiting_to_happen() -> None:
    with pytest.raises(SpecConformanceError, match="the spec calls its body invalid"):
        check_response(accepted({"start": 12, "attendee": "nobody"}))


def test_an_accepted_request_valid_under_the_spec_passes_that_check() -> None:
    body = {
        "start": "2030-08-13T09:00:00Z",
        "eventTypeId": 1001,
        "attendee": {"name": "A", "email": "a@example.com", "timeZone": "UTC"},
        "location": "https://meet.google.com/abc-def-ghi",
    }
    with pytest.raises(SpecConformanceError) as raised:  # CREATED is no booking: only the answer is wrong
        check_response(accepted(body))
    assert "the spec calls its body invalid" not in str(raised.value)
