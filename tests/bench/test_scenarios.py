"""The benchmark's requests are ones the mock answers with success: a benchmark of error answers measures
nothing (its creates once fell outside the host's working hours, and three in four were 400s)."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.testclient import TestClient

from bench.config import BENCH_HEADERS
from bench.scenarios import SCENARIOS, create_start
from mock_server import create_app
from mock_server.domain.clock import Clock

CREATE = next(s for s in SCENARIOS if s.kind == "create")
# The first creates of a run, the turn of a week, and the far end of a fast run (15,000 creates), which
# crosses a change of summer time in the host's zone.
SAMPLE = [*range(1, 30), *range(64, 80), *range(14_990, 15_001)]


def test_every_create_of_a_run_takes_a_different_slot() -> None:
    starts = [create_start(n) for n in range(1, 20_001)]
    assert len(set(starts)) == len(starts)


def test_the_mock_accepts_the_creates_the_bench_sends() -> None:
    client = TestClient(create_app(clock=Clock(frozen_at=datetime(2026, 12, 1, tzinfo=UTC)), seed=1))
    refused = []
    for n in SAMPLE:
        method, path, body = CREATE.request(n)
        answer = client.request(
            method, path, content=body, headers={**BENCH_HEADERS, "Content-Type": "application/json"}
        )
        if answer.status_code != 201:
            refused.append((n, create_start(n).isoformat(), answer.status_code, answer.text[:120]))
    assert not refused, f"{len(refused)} of {len(SAMPLE)} bench creates refused, first: {refused[:3]}"
