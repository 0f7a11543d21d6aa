"""Cal.com's rate limit in the mock (mock_server/web/ratelimit.py): the real headers on every v2 answer,
and with `enforce` the real 429 past the limit, per API key and per unauthenticated IP."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mock_server import create_app
from mock_server.cli import _parser
from mock_server.domain.clock import Clock
from mock_server.web.ratelimit import THROTTLED_MESSAGE, RateLimit, RateLimitPolicy
from tests.mock_client import NOW, V2, auth

OWNER = "cal_test_acme_owner_key"
ADMIN = "cal_test_acme_admin_key"


def _client(policy: RateLimitPolicy) -> TestClient:
    return TestClient(create_app(clock=Clock(frozen_at=NOW), seed=7, rate_limit=policy), raise_server_exceptions=False)


def test_every_v2_answer_carries_the_real_headers_with_the_real_values() -> None:
    client = _client(RateLimitPolicy())
    first = client.get("/v2/bookings", headers=auth(OWNER))
    second = client.get("/v2/bookings/no-such-uid", headers=auth(OWNER))  # an error answer counts too
    assert first.status_code == 200 and second.status_code == 404
    assert first.headers["X-RateLimit-Limit-Default"] == "120"
    assert first.headers["X-RateLimit-Remaining-Default"] == "119"
    assert first.headers["X-RateLimit-Reset-Default"] == "60"
    assert second.headers["X-RateLimit-Remaining-Default"] == "118"


def test_access_tokens_have_the_higher_default_limit() -> None:
    client = _client(RateLimitPolicy())
    answer = client.get("/v2/bookings", headers=auth("not-an-api-key-token"))
    assert answer.headers["X-RateLimit-Limit-Default"] == "500"


def test_without_enforce_nothing_is_refused_past_the_limit() -> None:
    client = _client(RateLimitPolicy(api_key=2))
    answers = [client.get("/v2/bookings", headers=auth(OWNER)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200] * 4
    assert answers[-1].headers["X-RateLimit-Remaining-Default"] == "0"


def test_enforced_past_the_limit_answers_the_real_429_per_api_key() -> None:
    client = _client(RateLimitPolicy(api_key=3, enforce=True))
    statuses = [client.get("/v2/bookings", headers=auth(OWNER)).status_code for _ in range(3)]
    refused = client.get("/v2/bookings?take=1", headers=auth(OWNER))
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    body = refused.json()
    assert body["status"] == "error" and body["path"] == "/v2/bookings?take=1"
    assert body["error"] == {"code": "ThrottlerException", "message": THROTTLED_MESSAGE, "details": THROTTLED_MESSAGE}
    assert refused.headers["X-RateLimit-Remaining-Default"] == "0"
    assert refused.headers["X-RateLimit-Reset-Default"] == "60"  # the block's 60 s
    assert "Retry-After" not in refused.headers  # the real guard sends none
    # Another key has its own counter.
    assert client.get("/v2/bookings", headers=auth(ADMIN)).status_code == 200


def test_enforced_without_a_key_counts_per_ip() -> None:
    client = _client(RateLimitPolicy(ip=2, enforce=True))
    slots = "/v2/slots?eventTypeId=1001&start=2025-03-11&end=2025-03-12"
    headers = {**V2, "cal-api-version": "2024-09-04"}
    assert [client.get(slots, headers=headers).status_code for _ in range(2)] == [200, 200]
    assert client.get(slots, headers=headers).status_code == 429
    other_ip = client.get(slots, headers={**headers, "cf-connecting-ip": "203.0.113.9"})
    assert other_ip.status_code == 200
    assert other_ip.headers["X-RateLimit-Limit-Default"] == "2"


def test_the_control_api_is_not_counted() -> None:
    client = _client(RateLimitPolicy(ip=1, enforce=True))
    for _ in range(3):
        answer = client.get("/_mock/health")
        assert answer.status_code == 200 and "X-RateLimit-Limit-Default" not in answer.headers


def test_the_block_lasts_its_duration_then_a_new_window_starts() -> None:
    now = [0.0]
    limits = RateLimit(RateLimitPolicy(api_key=2), now=lambda: now[0])
    assert [limits.hit("api_key:a").blocked for _ in range(3)] == [False, False, True]
    now[0] = 30.0
    held = limits.hit("api_key:a")
    assert held.blocked and round(held.seconds_to_unblock) == 30
    now[0] = 61.0
    fresh = limits.hit("api_key:a")
    assert not fresh.blocked and fresh.total == 1 and fresh.seconds_to_expire == 60.0


def test_the_window_is_fixed_from_its_first_hit() -> None:
    now = [0.0]
    limits = RateLimit(RateLimitPolicy(api_key=5), now=lambda: now[0])
    limits.hit("api_key:a")
    now[0] = 45.0
    assert limits.hit("api_key:a").seconds_to_expire == 15.0
    now[0] = 60.0
    assert limits.hit("api_key:a").total == 1


@pytest.mark.parametrize(("argv", "enforced"), [([], False), (["--rate-limit-enforce"], True)])
def test_the_cli_option_turns_enforcement_on(argv: list[str], enforced: bool) -> None:
    assert _parser().parse_args(argv).rate_limit_enforce is enforced
