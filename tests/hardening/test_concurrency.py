"""Several threads of mixed writes and reads against one live mock for a bounded time: no 5xx, no
lost or doubled bookings, and no host booked twice at one time."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx

V2 = {"cal-api-version": "2024-08-13"}
OWNER = {**V2, "Authorization": "Bearer cal_test_acme_owner_key"}
THREADS = 4
SECONDS = 3.0
# Few slots on purpose: threads race for the same host's time.
SLOTS = [datetime(2031, 3, 3, 9) + timedelta(hours=h) for h in range(12)]


@dataclass
class Tally:
    created: set[str] = field(default_factory=set)
    rescheduled_to: set[str] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)


def _worker(base_url: str, seed: int, tally: Tally, stop: float) -> None:
    rng = random.Random(seed)
    mine: list[str] = []
    with httpx.Client(base_url=base_url, timeout=10) as http:
        while time.monotonic() < stop:
            action = rng.choice(["create", "create", "cancel", "reschedule", "list", "report"])
            slot = rng.choice(SLOTS).isoformat() + "Z"
            email = f"t{seed}-{rng.randrange(5)}@concurrency.example"
            if action == "create" or not mine:
                response = http.post(
                    "/v2/bookings",
                    headers=V2,
                    json={
                        "start": slot,
                        "eventTypeId": 1001,
                        "attendee": {"name": "T", "email": email, "timeZone": "UTC"},
                    },
                )
                if response.status_code == 201:
                    mine.append(response.json()["data"]["uid"])
                    tally.created.add(mine[-1])
            elif action == "cancel":
                response = http.post(f"/v2/bookings/{rng.choice(mine)}/cancel", json={}, headers=V2)
            elif action == "reschedule":
                response = http.post(f"/v2/bookings/{rng.choice(mine)}/reschedule", json={"start": slot}, headers=V2)
                if response.status_code == 201:
                    mine.append(response.json()["data"]["uid"])
                    tally.rescheduled_to.add(mine[-1])
            elif action == "list":
                response = http.get("/v2/bookings", params={"attendeeEmail": email}, headers=OWNER)
            else:
                response = http.post(
                    "/v2/organizations/1/bookings/report",
                    headers=OWNER,
                    json={"bookingUid": rng.choice(mine), "reason": "SPAM", "reportType": "EMAIL"},
                )
            tally.statuses[response.status_code] += 1
            if response.status_code >= 500:
                tally.server_errors.append(f"{action}: {response.status_code} {response.text[:200]}")


def test_mixed_concurrent_traffic_keeps_the_store_consistent(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as http:
        http.post("/_mock/reset")
        baseline = len(http.get("/_mock/state").json()["bookings"])
    tallies = [Tally() for _ in range(THREADS)]
    stop = time.monotonic() + SECONDS
    threads = [threading.Thread(target=_worker, args=(base_url, i, tallies[i], stop)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 30)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"

    server_errors = [e for t in tallies for e in t.server_errors]
    assert not server_errors, server_errors
    total = sum((t.statuses for t in tallies), Counter())
    assert total[201] > 10 and total[400] > 0, f"too little happened to mean anything: {dict(total)}"

    with httpx.Client(base_url=base_url) as http:
        state = http.get("/_mock/state").json()
    bookings = state["bookings"]
    uids = [b["uid"] for b in bookings]
    made = set().union(*(t.created | t.rescheduled_to for t in tallies))
    assert len(uids) == len(set(uids)), "a uid appears twice"
    assert len(bookings) == baseline + len(made), "bookings were lost or doubled"
    assert made <= set(uids), "a booking answered 201 is missing from the store"

    taken: dict[tuple[int, str], str] = {}
    for booking in bookings:
        if booking["status"] == "ACCEPTED" and booking["event_type_id"] == 1001:
            for host in booking["host_ids"]:
                slot = (host, booking["start"])
                assert slot not in taken, (
                    f"host {host} accepted twice at {booking['start']}: {taken[slot]}, {booking['uid']}"
                )
                taken[slot] = booking["uid"]
