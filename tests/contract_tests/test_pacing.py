"""The run's pace (contract_tests/target/pacing.py): `--rate-limit` really held, the target's own rate-limit
headers and 429s waited out instead of failing, and every request counted once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract_tests.cli.progress import estimate
from contract_tests.target.pacing import Pacer, paced_session
from contract_tests.target.session import ContractSession
from contract_tests.target.targets import RunOptions, load_profile
from mock_server import create_app, serve_in_background
from mock_server.web.ratelimit import RateLimitPolicy
from tests.contract_tests.test_calcom_contract import SELECTION, calcom_contract


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _most_in_any_second(times: list[float], width: float = 1.0) -> int:
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t < start + width) for i, start in enumerate(times)), default=0)


def test_the_rate_limit_holds_in_every_second_of_a_burst() -> None:
    fake = FakeTime()
    pacer = Pacer(5, clock=fake.clock, sleep=fake.sleep)
    sent = []
    for _ in range(40):
        pacer.before()
        sent.append(fake.now)
    assert _most_in_any_second(sent) == 5 and _most_in_any_second(sent, width=1.04) == 5
    assert pacer.sent == 40


def test_spent_headers_pause_the_run_until_the_reset_once_trusted() -> None:
    fake = FakeTime()
    pacer = Pacer(None, clock=fake.clock, sleep=fake.sleep, trust_headers=True)
    spent = {"X-RateLimit-Limit-Default": "120", "X-RateLimit-Remaining-Default": "0", "X-RateLimit-Reset-Default": "7"}
    pacer.before()
    assert pacer.after(200, spent) is None
    pacer.before()
    assert fake.sleeps == [7.0] and pacer.waited == 7.0
    left = {**spent, "X-RateLimit-Remaining-Default": "3"}
    pacer.after(200, left)
    pacer.before()
    assert fake.sleeps == [7.0]  # nothing spent: no wait


def test_an_untrusted_target_is_trusted_after_its_first_429() -> None:
    fake = FakeTime()
    pacer = Pacer(None, clock=fake.clock, sleep=fake.sleep, trust_headers=False)
    spent = {"X-RateLimit-Remaining-Default": "0", "X-RateLimit-Reset-Default": "9"}
    pacer.after(200, spent)
    pacer.before()
    assert fake.sleeps == []  # the mock reports a limit it does not enforce
    assert pacer.after(429, spent) == 9.0  # no Retry-After: the reset the headers name
    pacer.before()
    assert fake.sleeps == [9.0] and pacer.throttled == 1 and pacer.trust_headers
    assert pacer.after(429, {"Retry-After": "2"}) == 2.0


class Arrivals:
    """An ASGI wrapper noting when each request arrived (the control API's too) and what it was answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.times: list[float] = []
        self.statuses: list[int] = []
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self._lock:
            self.times.append(time.monotonic())

        async def noted(message: Message) -> None:
            if message["type"] == "http.response.start":
                with self._lock:
                    self.statuses.append(message["status"])
            await send(message)

        await self.app(scope, receive, noted)


@pytest.fixture
def enforced() -> Iterator[tuple[str, Arrivals]]:
    """The mock enforcing a small limit (20 per 3 s, blocked 3 s), so that a short run meets it."""
    policy = RateLimitPolicy(api_key=20, ip=20, window_seconds=3, block_seconds=3, enforce=True)
    arrivals = Arrivals(create_app(seed=11, rate_limit=policy))
    with serve_in_background(arrivals) as url:
        yield url, arrivals


def test_the_client_waits_out_the_limit_and_every_request_is_counted_once(enforced: tuple[str, Arrivals]) -> None:
    url, arrivals = enforced
    profile = replace(load_profile(run=RunOptions(), environ={}), mock=True, base_url=url)
    session = ContractSession.open(profile, url)
    replies = [session.client.list_bookings({"take": 1}) for _ in range(45)]
    assert {reply.status for reply in replies} == {200}  # every 429 was waited out and sent again
    assert 429 in arrivals.statuses and session.client.limiter.throttled == arrivals.statuses.count(429)
    assert session.client.limiter.sent == len(arrivals.times)  # one count, the server's


def test_a_target_trusted_from_the_start_is_never_refused(enforced: tuple[str, Arrivals]) -> None:
    url, arrivals = enforced
    pacer = Pacer(None, trust_headers=True)
    http = paced_session(pacer)
    key = {"Authorization": "Bearer cal_test_acme_owner_key", "cal-api-version": "2024-08-13"}
    answers = [http.get(f"{url}/v2/bookings?take=1", headers=key, timeout=10).status_code for _ in range(45)]
    assert set(answers) == {200} and 429 not in arrivals.statuses


def test_a_run_with_rate_limit_never_sends_more_in_any_second(tmp_path: Path) -> None:
    """Schemathesis's requests too (its cases and the extra ones its checks send), the suite's, the set-up
    and the clean-up: measured where they arrive."""
    arrivals = Arrivals(create_app(seed=11))
    with serve_in_background(arrivals) as url:
        code, out, err = calcom_contract(
            "run", "--base-url", url, "--rate-limit", "8", "--no-progress", "--", "-k", SELECTION, cwd=tmp_path
        )
    assert code == 0, out[-3000:] + err[-2000:]
    assert len(arrivals.times) > 40
    # Arrival times jitter by some milliseconds around the pace (which keeps 5% to spare).
    assert _most_in_any_second(arrivals.times, width=0.95) <= 8
    assert f"requests sent: {len(arrivals.times)}" in out


def test_a_run_against_the_enforced_limit_finishes_without_a_429_finding(
    enforced: tuple[str, Arrivals], tmp_path: Path
) -> None:
    url, arrivals = enforced
    code, out, err = calcom_contract("run", "--base-url", url, "--no-progress", "--", "-k", SELECTION, cwd=tmp_path)
    assert code == 0, out[-3000:] + err[-2000:]
    assert 429 in arrivals.statuses  # the limit was met (the mock's headers are trusted after its first 429)
    assert "429" not in out.split("Cal.com contract coverage")[-1].split("requests sent")[0]
    assert f"requests sent: {len(arrivals.times)}" in out
    assert requests is not None


def test_the_eta_under_a_rate_limit_counts_the_requests_still_to_send() -> None:
    # 10 of 100 tests done in 10 s with 120 requests sent in a burst: the tests' pace alone says 90 s,
    # but Cal.com's 120 a minute (0.5 s a request) says 1,080 requests take 540 s.
    assert estimate(10, 10, 100, 120) == 90
    assert estimate(10, 10, 100, 120, pace=0.5) == 540
    assert estimate(10, 10, 100, 120, pace=0.5, budget=1200) == 540
    assert estimate(10, 10, 100, 120, pace=0.5, budget=300) == 90  # the budget leaves 180 requests: 90 s
    assert estimate(1, 1, 100, 5) is None  # too early to tell


def test_the_target_pace_comes_from_its_limit_header_once_trusted() -> None:
    pacer = Pacer(None, trust_headers=False)
    pacer.after(200, {"X-RateLimit-Limit-Default": "120", "X-RateLimit-Remaining-Default": "100"})
    assert pacer.advertised == 120 and pacer.seconds_per_request() == 0.0
    pacer.trust_headers = True
    assert pacer.seconds_per_request() == 0.5
    assert Pacer(2).seconds_per_request() == pytest.approx(0.525)


def test_a_run_that_trusts_the_headers_from_the_start_never_meets_the_limit(
    enforced: tuple[str, Arrivals], tmp_path: Path
) -> None:
    """As on a real staging (`mock: false`: the headers are trusted from the first answer): the server, which
    counts every request of the key in its windows, never has to refuse one, so the run never went past its
    limit in any window; and nothing about a 429 is reported."""
    from contract_tests.target.targets import BUILTIN_PROFILE

    profile = tmp_path / "staging.yaml"
    profile.write_text(BUILTIN_PROFILE.read_text().replace("\nmock: true", "\nmock: false"))
    url, arrivals = enforced
    code, out, err = calcom_contract(
        "run", "--base-url", url, "--target-profile", str(profile), "--no-progress", "--", "-k", SELECTION, cwd=tmp_path
    )
    assert code == 0, out[-3000:] + err[-2000:]
    assert len(arrivals.times) > 40 and 429 not in arrivals.statuses
    assert "0 answered 429 and were sent again" in out and f"requests sent: {len(arrivals.times)}" in out
