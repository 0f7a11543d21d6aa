"""State documents for PUT /_mock/state: cancel targets and the scale data, cloned from the fixtures."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.config import ATTENDEE_POOL, CANCEL_TEMPLATE_EVENT_TYPE, SCALE_PREFIX
from bench.net import http_call
from bench.scenarios import cancel_uid


def clone_bookings(
    base: dict[str, Any],
    count: int,
    *,
    templates: list[dict[str, Any]],
    uid: Callable[[int], str],
    start_of: Callable[[int], datetime],
    status_of: Callable[[int], str],
    email_of: Callable[[int], str],
) -> Iterator[dict[str, Any]]:
    """`count` copies of `templates` (round robin) with new ids, uids, times, attendees and statuses."""
    next_id = max(b["id"] for b in base["bookings"]) + 1
    next_attendee = max(a["id"] for b in base["bookings"] for a in b["attendees"]) + 1
    for i in range(1, count + 1):
        template = templates[i % len(templates)]
        length = datetime.fromisoformat(template["end"]) - datetime.fromisoformat(template["start"])
        start = start_of(i)
        email = email_of(i)
        name = email.split("@")[0].replace(".", " ").title()
        status = status_of(i)
        stamp = _iso(start - timedelta(days=14))
        attendee = {
            **template["attendees"][0],
            "id": next_attendee,
            "name": name,
            "email": email,
            "time_zone": "UTC",
            "phone_number": None,
            "absent": False,
        }
        next_attendee += 1
        booking_uid = uid(i)
        yield {
            **template,
            "id": next_id + i - 1,
            "uid": booking_uid,
            "status": status,
            "start": _iso(start),
            "end": _iso(start + length),
            "attendees": [attendee],
            "guests": [],
            "created_at": stamp,
            "updated_at": stamp,
            "booking_fields_responses": {"name": name, "email": email},
            "cancellation_reason": "Bench cancellation" if status == "CANCELLED" else None,
            "cancelled_by_email": email if status == "CANCELLED" else None,
            "rejection_reason": "Bench rejection" if status == "REJECTED" else None,
            "ics_uid": f"{booking_uid}@Cal.com",
            "ical_sequence": 0,
        }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def plain_templates(base: dict[str, Any], event_type_ids: set[int]) -> list[dict[str, Any]]:
    """Fixture bookings fit for copying: one attendee, no seat, not in a series, not rescheduled."""
    found = [
        b
        for b in base["bookings"]
        if b["event_type_id"] in event_type_ids
        and len(b["attendees"]) == 1
        and not b["attendees"][0]["seat_uid"]
        and b["recurring_booking_uid"] is None
        and b["rescheduled_from_uid"] is None
        and b["rescheduled_to_uid"] is None
    ]
    if not found:
        raise RuntimeError(f"no fixture booking of event types {sorted(event_type_ids)} to copy")
    return found


def cancel_targets_document(base: dict[str, Any], count: int) -> bytes:
    """The fixtures plus `count` accepted bookings of Alice's intro call, uids bench000..., far ahead."""
    templates = plain_templates(base, {CANCEL_TEMPLATE_EVENT_TYPE})
    first = datetime(2050, 1, 3, 9, tzinfo=UTC)
    extra = clone_bookings(
        base,
        count,
        templates=templates,
        uid=cancel_uid,
        start_of=lambda i: first + timedelta(minutes=30 * i),
        status_of=lambda i: "ACCEPTED",
        email_of=lambda i: f"cancel{i}@example.com",
    )
    return json.dumps({**base, "bookings": [*base["bookings"], *extra]}).encode()


def org_event_types(base: dict[str, Any], org_id: int) -> set[int]:
    users = {u["id"] for u in base["users"] if u["org_id"] == org_id}
    teams = {t["id"] for t in base["teams"] if t["parent_org_id"] == org_id}
    return {
        e["id"]
        for e in base["eventTypes"]
        if (e["owner_id"] in users or e["team_id"] in teams) and not e["seats_per_time_slot"] and not e["recurrence"]
    }


SCALE_STATUSES = ["ACCEPTED"] * 6 + ["PENDING"] * 2 + ["CANCELLED", "REJECTED"]


def scale_document(base: dict[str, Any], count: int, now: datetime) -> bytes:
    """The fixtures plus `count` Acme bookings (in the org admin's list scope), starts spread over two
    years around now, attendees from a pool of ATTENDEE_POOL emails, mixed statuses."""
    templates = plain_templates(base, org_event_types(base, 1))
    rng = random.Random(count)
    anchor = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=365)
    quarter_hours = 2 * 365 * 24 * 4
    extra = clone_bookings(
        base,
        count,
        templates=templates,
        uid=lambda i: f"{SCALE_PREFIX}{i:017d}",
        start_of=lambda i: anchor + timedelta(minutes=15 * rng.randrange(quarter_hours)),
        status_of=lambda i: SCALE_STATUSES[rng.randrange(len(SCALE_STATUSES))],
        email_of=lambda i: f"attendee{i % ATTENDEE_POOL}@example.com",
    )
    return json.dumps({**base, "bookings": [*base["bookings"], *extra]}).encode()


def import_state(port: int, document: bytes) -> float:
    """PUT /_mock/state; seconds it took."""
    started = time.perf_counter()
    status, data = http_call(port, "PUT", "/_mock/state", document, {"Content-Type": "application/json"}, timeout=600)
    if status != 200:
        raise RuntimeError(f"PUT /_mock/state answered {status}: {data[:300]!r}")
    return time.perf_counter() - started
