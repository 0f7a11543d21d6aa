"""A booking page built on the mock alone, over real HTTP against `python -m mock_server` (what
`make serve` runs, on real time): list the event types, read the free slots, book one, see it
disappear, cancel, see it come back; then stop the mock and start it again with the same
`--state-file`, and find the bookings (and so the slots) as they were."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from contract_tests.plugin.mockproc import EmbeddedMock, free_port

KEY = {"Authorization": "Bearer cal_test_acme_owner_key"}
EVENT_TYPES = {"cal-api-version": "2024-06-14"}
SLOTS = {"cal-api-version": "2024-09-04"}
BOOKINGS = {"cal-api-version": "2024-08-13"}
BOOKER = {"name": "Frontend Dev", "email": "dev@example.com", "timeZone": "Europe/London"}


def _a_weekday_next_week() -> str:
    day = datetime.now(UTC).date() + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


def _free_starts(client: httpx.Client, event_type_id: int, day: str) -> list[str]:
    response = client.get("/v2/slots", params={"eventTypeId": event_type_id, "start": day, "end": day}, headers=SLOTS)
    assert response.status_code == 200, response.text
    return [slot["start"] for slot in response.json()["data"].get(day, [])]


def _book(client: httpx.Client, event_type_id: int, start: str) -> httpx.Response:
    body = {"start": start, "eventTypeId": event_type_id, "attendee": BOOKER}
    return client.post("/v2/bookings", json=body, headers=BOOKINGS)


def test_list_read_slots_book_see_it_taken_cancel_see_it_free_restart_and_find_it_all(tmp_path: Path) -> None:
    state = tmp_path / "mock-state.json"
    port = free_port()
    server = EmbeddedMock(port, seed=21, options=("--state-file", str(state)))
    with httpx.Client(base_url=server.start(), timeout=10) as mock:
        me = mock.get("/v2/me", headers=KEY).json()["data"]
        event_types = mock.get("/v2/event-types", headers={**KEY, **EVENT_TYPES}).json()["data"]
        assert all(event_type["ownerId"] == me["id"] for event_type in event_types)
        intro: dict[str, Any] = next(e for e in event_types if e["slug"] == "intro-call")

        day = _a_weekday_next_week()
        free = _free_starts(mock, intro["id"], day)
        assert len(free) >= 4, free  # 09:00 to 16:30 in London, every 30 minutes, less any seeded booking
        first, kept = free[1], free[3]

        created = _book(mock, intro["id"], first)
        assert created.status_code == 201, created.text
        cancelled_uid = created.json()["data"]["uid"]
        assert _free_starts(mock, intro["id"], day) == [start for start in free if start != first]
        assert _book(mock, intro["id"], first).status_code == 400  # what a stale page that still offers it gets

        cancelled = mock.post(
            f"/v2/bookings/{cancelled_uid}/cancel", json={"cancellationReason": "oops"}, headers=BOOKINGS
        )
        assert cancelled.status_code == 200
        assert _free_starts(mock, intro["id"], day) == free

        booked = _book(mock, intro["id"], kept)
        assert booked.status_code == 201, booked.text
        kept_uid = booked.json()["data"]["uid"]
    server.stop()  # SIGTERM: the mock writes its state file on the way out

    again = EmbeddedMock(port, seed=21, options=("--state-file", str(state)))
    with httpx.Client(base_url=again.start(), timeout=10) as mock:
        assert mock.get(f"/v2/bookings/{cancelled_uid}", headers=BOOKINGS).json()["data"]["status"] == "cancelled"
        assert mock.get(f"/v2/bookings/{kept_uid}", headers=BOOKINGS).json()["data"]["status"] == "accepted"
        assert _free_starts(mock, intro["id"], day) == [start for start in free if start != kept]
    again.stop()
