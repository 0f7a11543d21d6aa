"""`calcom-contract doctor --write FILE`: draft a target profile from what the target lists.

The bookings the key can see tell most of what a profile needs: event types that have pending
bookings require confirmation, bookings with seats belong to seated event types, bookings of a
recurring series to recurring ones, and a team's list names the team's event types; existing
bookings of each status become `known_booking_uids`. What the lists cannot tell (how many seats, how
many occurrences at most, a second organization) is left as a commented TODO. The API key is never
written: pass it with --api-key or CALCOM_API_KEY.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import requests
import yaml

from contract_tests.plugin.preflight import REQUEST_TIMEOUT
from contract_tests.target.http import TargetReader
from contract_tests.target.profile_needs import missing_keys
from contract_tests.target.spec import OperationId
from contract_tests.target.targets import TargetProfile, profile_from_mapping

__all__ = ["MOCK_FALSE", "MOCK_TRUE", "draft_profile", "losses"]

_TAKE = 100


def _reader(profile: TargetProfile) -> TargetReader:
    assert profile.base_url is not None
    return TargetReader(profile, base_url=profile.base_url, timeout=REQUEST_TIMEOUT)


def _list(target: TargetReader, operation_id: OperationId, **path: Any) -> list[Mapping[str, Any]]:
    """Up to `_TAKE` bookings of one of the lists, with the profile's key; none when it does not answer 200."""
    reply = target.read(operation_id, path=path, query={"take": _TAKE})
    if reply.status_code != 200:
        return []
    data = reply.json().get("data")
    return [item for item in data if isinstance(item, Mapping)] if isinstance(data, list) else []


def _is_mock(target: TargetReader) -> bool:
    """This project's mock: its control API answers `/_mock/health` with its own health document (a server
    that answers 200 to every path is not the mock)."""
    try:
        reply = target.mock_health()
        health = reply.json() if reply.status_code == 200 else None
    except (requests.RequestException, ValueError):
        return False
    return isinstance(health, Mapping) and health.get("status") == "ok" and isinstance(health.get("bookings"), int)


MOCK_TRUE = [
    "# mock: true -- the target answers this project's control API (/_mock). With `mock: true` the suite",
    "# RESETS it (POST /_mock/reset: every booking goes back to the mock's fixtures) at the start of a",
    "# read-write run, MOVES ITS CLOCK (PUT /_mock/clock) for the time-dependent tests, and relaxes the",
    "# guards meant for a shared server. Set `mock: false` if others use this server.",
]
MOCK_FALSE = [
    "# mock: false -- the target does not answer this project's control API (/_mock): the suite never",
    "# resets it nor moves its clock, and every guard for a shared server is on.",
]


def _commented(text: str) -> str:
    """The YAML with what `mock` means written above it."""
    lines = []
    for line in text.splitlines():
        if line in ("mock: true", "mock: false"):
            lines += MOCK_TRUE if line.endswith("true") else MOCK_FALSE
        lines.append(line)
    return "\n".join(lines) + "\n"


def losses(profile: TargetProfile) -> list[str]:
    """One comment line per profile key left out, with what the run loses without it."""
    return [f"#   {key}: without it, no {lost}" for key, lost in missing_keys(profile)]


def _first(ids: Iterable[Any], *, besides: Iterable[Any] = ()) -> int | None:
    taken = set(besides)
    return next((i for i in ids if isinstance(i, int) and i not in taken), None)


def _kinds(bookings: list[Mapping[str, Any]], team_ids: set[int]) -> dict[str, Any]:
    def event_types(predicate: Any) -> list[int]:
        found = (b.get("eventTypeId") for b in bookings if predicate(b))
        return list(dict.fromkeys(i for i in found if isinstance(i, int)))

    pending = event_types(lambda b: b.get("status") == "pending")
    seated = event_types(lambda b: any("seatUid" in a for a in b.get("attendees") or []))
    recurring = event_types(lambda b: b.get("recurringBookingUid"))
    special = set(pending) | set(seated) | set(recurring) | team_ids
    kinds: dict[str, Any] = {
        "regular": _first(event_types(lambda b: b.get("status") == "accepted"), besides=special),
        "requires_confirmation": _first(pending, besides=set(seated) | set(recurring)),
        "seated": _first(seated),
        "recurring": _first(recurring, besides=set(seated)),
        "team": _first(team_ids),
    }
    return kinds


def _known(bookings: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One booking of each status, up to eight."""
    seen: dict[str, Mapping[str, Any]] = {}
    for booking in bookings:
        seen.setdefault(str(booking.get("status")), booking)
    return list(seen.values())[:8]


def draft_profile(profile: TargetProfile, *, org_id: int | None, team_id: int | None) -> str:
    """The draft as YAML text, with comments and TODOs. It is checked by parsing it as a profile."""
    target = _reader(profile)
    mine = _list(target, OperationId.LIST)
    org_id = org_id if org_id is not None else profile.org_id
    team_id = team_id if team_id is not None else profile.team_id
    org = _list(target, OperationId.ORG_LIST, orgId=org_id) if org_id is not None else []
    team = _list(target, OperationId.TEAM_LIST, orgId=org_id, teamId=team_id) if team_id is not None else []
    team_event_types = sorted({b["eventTypeId"] for b in team if isinstance(b.get("eventTypeId"), int)})
    bookings = list({b.get("uid"): b for b in [*mine, *org]}.values())
    kinds = _kinds(bookings, set(team_event_types))
    known = _known(bookings)
    raw: dict[str, Any] = {
        "name": "drafted",
        "mock": _is_mock(target),
        "org_id": org_id,
        "team_id": team_id,
        "team_event_type_ids": team_event_types,
        "event_types": {k: v for k, v in kinds.items() if v is not None},
        "known_booking_uids": [b["uid"] for b in known if isinstance(b.get("uid"), str)],
        "known_booking_ids": [b["id"] for b in known if isinstance(b.get("id"), int)],
    }
    raw = {k: v for k, v in raw.items() if v not in (None, [], {})}
    drafted = profile_from_mapping(raw, source="doctor")  # a draft the suite would refuse is a bug here
    header = [
        f"# Drafted by `calcom-contract doctor` from what {profile.base_url} lists",
        f"# ({len(bookings)} bookings seen, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC).",
        "# Check every id and fill in the TODOs.",
        "# The API key is not written here: pass --api-key or set CALCOM_API_KEY (an admin of org_id).",
        "# The keys are explained in docs/contract-tests.md (`The target profile`).",
    ]
    todo = ["", "# TODO what the lists cannot tell:"]
    if kinds["seated"] is not None:
        todo.append(f"#   event_types.seats: the seatsPerTimeSlot of event type {kinds['seated']}")
    if kinds["recurring"] is not None:
        todo.append(f"#   event_types.recurring_occurrences: the maxOccurrences of event type {kinds['recurring']}")
    missing = [name for name, value in kinds.items() if value is None]
    if missing:
        todo.append(f"#   event_types with no booking to learn from: {', '.join(missing)}")
    if org_id is None:
        todo.append("#   org_id: the organization the key administers (or rerun with --org-id)")
    todo += [
        "#   other_team_id and other_team_event_type_ids: another team of org_id",
        "#   tenancy: another organization (other_org_id, other_org_team_id, other_org_event_type);",
        "#            its key in CALCOM_OTHER_ORG_API_KEY rather than here",
        "",
        "# What the run loses while these keys are missing (their tests are skipped, saying which key):",
        *losses(replace(drafted, api_key=profile.api_key)),
    ]
    return "\n".join(header) + "\n" + _commented(yaml.safe_dump(raw, sort_keys=False)) + "\n".join(todo) + "\n"
