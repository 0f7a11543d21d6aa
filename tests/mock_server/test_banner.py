"""The banner `make serve` prints names each key's event types (id, kind, owner) and the state the
mock runs in (clock, seed, delay)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from mock_server.cli import banner, state_origin
from mock_server.domain.clock import Clock
from mock_server.state import fixtures

URL = "http://127.0.0.1:5555"


def _lines(clock: Clock, *, seed: int | None = None, delay_ms: int = 0) -> list[str]:
    store = fixtures.load(clock=clock, rng=random.Random(1))
    return banner(store, URL, clock=clock, seed=seed, delay_ms=delay_ms).splitlines()


def test_each_key_is_followed_by_the_event_types_its_user_owns() -> None:
    lines = _lines(Clock())
    alice = next(i for i, line in enumerate(lines) if line.startswith("    cal_test_acme_owner_key"))
    assert lines[alice + 1].split() == ["1001", "intro-call:", "30", "min"]
    assert lines[alice + 2].strip() == "1005 private-briefing: 30 min, requires authentication"
    nina = next(i for i, line in enumerate(lines) if line.startswith("    cal_test_solo_key"))
    assert lines[nina + 2].strip() == (
        "4002 mentoring: 60 min, requires confirmation, recurring (every 2 weeks, up to 4)"
    )
    text = "\n".join(lines)
    assert "1003 workshop: 60 min, seated (3 seats)" in text
    assert "1006 flexible-chat: 15/30/45 min" in text
    assert "1101 sales-demo: 45 min, collective; team 11 Acme Sales; hosts carol, dave" in text
    assert (
        "7202 exports-round-robin: 60 min, round robin; team 72 Vandelay Exports; hosts george, kramer (fixed)" in text
    )
    assert "7102 imports-collective-without-hosts: 60 min, collective; team 71 Vandelay Imports; no hosts" in text


def test_the_state_the_mock_runs_in_is_shown() -> None:
    frozen = _lines(Clock(frozen_at=datetime(2030, 1, 7, 9, tzinfo=UTC)), seed=7, delay_ms=300)
    assert "  Clock: frozen at 2030-01-07T09:00:00.000Z; seed: 7; delay: 300 ms" in frozen
    running = next(line for line in _lines(Clock()) if line.startswith("  Clock:"))
    assert running.startswith("  Clock: real time (now ") and running.endswith("seed: none (random uids); delay: none")


def test_the_banner_says_which_key_swagger_ui_is_authorized_with_and_ends_with_a_curl() -> None:
    lines = _lines(Clock())
    assert f"  Swagger UI:  {URL}/ui/ (authorized as cal_test_acme_owner_key; {URL}/ leads there)" in lines
    assert lines[-1].strip().startswith("curl ")


def test_the_banner_says_where_the_bookings_came_from_and_where_they_are_kept() -> None:
    """After a --state-file restart the banner names the file it loaded, not "seeded"."""
    state = Path("/tmp/mock-state.json")
    loaded = state_origin("fixtures.yaml", state, loaded=True)
    assert loaded == f"loaded from the state file {state}; saved to {state} every 5 s and on exit"
    assert state_origin("fixtures.yaml", state, loaded=False).startswith("seeded from fixtures.yaml; saved to ")
    assert "nothing is saved" in state_origin("fixtures.yaml", None, loaded=False)
    store = fixtures.load(clock=Clock(), rng=random.Random(1))
    lines = banner(store, URL, clock=Clock(), origin=loaded).splitlines()
    assert f"  {len(store.all_uids())} bookings, {loaded}." in lines
