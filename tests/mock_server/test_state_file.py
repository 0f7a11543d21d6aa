"""The state file: written only when the state changed, atomically, at a bounded interval; and a
restored state never has its uids handed out again."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server import create_app
from mock_server.domain.clock import Clock
from mock_server.state import fixtures
from mock_server.state.state_file import StateFile
from tests.mock_server.conftest import NOW

CREATE = {
    "start": "2031-01-06T09:00:00Z",
    "eventTypeId": 1001,
    "attendee": {"name": "A", "email": "a@b.co", "timeZone": "UTC"},
}
V2 = {"cal-api-version": "2024-08-13"}


def test_save_writes_only_a_changed_state_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = fixtures.load(clock=Clock(frozen_at=NOW), rng=random.Random(1))
    state_file = StateFile(tmp_path / "state.json", store)
    assert state_file.save() is True
    assert state_file.save() is False
    store.reset()
    assert state_file.save() is True
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
    assert json.loads((tmp_path / "state.json").read_text()) == store.export()


def test_autosave_writes_within_its_interval(tmp_path: Path) -> None:
    store = fixtures.load(clock=Clock(frozen_at=NOW), rng=random.Random(1))
    path = tmp_path / "state.json"
    state_file = StateFile(path, store, interval=0.05)

    async def run_briefly() -> None:
        task = asyncio.create_task(state_file.autosave())
        await asyncio.sleep(0.3)
        task.cancel()

    asyncio.run(run_briefly())
    assert json.loads(path.read_text()) == store.export()


def test_autosave_goes_on_after_an_unexpected_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = fixtures.load(clock=Clock(frozen_at=NOW), rng=random.Random(1))
    path = tmp_path / "state.json"
    state_file = StateFile(path, store, interval=0.05)
    export, calls = store.export, []

    def export_failing_once() -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a bug in the mock")
        return export()

    monkeypatch.setattr(store, "export", export_failing_once)

    async def run_briefly() -> None:
        task = asyncio.create_task(state_file.autosave())
        await asyncio.sleep(0.3)
        task.cancel()

    asyncio.run(run_briefly())
    assert len(calls) >= 2 and json.loads(path.read_text()) == export()


def test_a_restored_state_does_not_get_its_uids_again() -> None:
    with TestClient(create_app(seed=9, clock=Clock(frozen_at=NOW))) as client:
        first = client.post("/v2/bookings", json=CREATE, headers=V2).json()["data"]
        state = client.get("/_mock/state").json()
        client.post("/_mock/reset")  # the uid sequence starts over
        assert client.put("/_mock/state", json=state).status_code == 200
        second = client.post("/v2/bookings", json={**CREATE, "start": "2031-01-06T10:00:00Z"}, headers=V2).json()
        assert second["data"]["uid"] != first["uid"]
        assert client.get(f"/v2/bookings/{first['uid']}", headers=V2).json()["data"]["start"] == first["start"]
