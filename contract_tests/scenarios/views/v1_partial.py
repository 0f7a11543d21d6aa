"""A v1 PATCH changes the fields it sends and only those.

`PATCH /v1/bookings/{id}` takes any subset of `title`, `description`, `startTime`/`endTime` and `status`.
`v1_patch_is_partial` sends them one part at a time to a booking the run made and, after each, reads the
booking through v1 and v2: what was sent reads back, everything sent before it stays as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import V1UpdateNotApplied
from contract_tests.scenarios import steps
from contract_tests.target.http import Reply
from contract_tests.target.semantics import same_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso

__all__ = ["v1_patch_is_partial"]

_INSTANTS = {"startTime": "start", "endTime": "end"}


def _differences(v1: Mapping[str, Any], v2: Mapping[str, Any], expected: Mapping[str, Any]) -> list[str]:
    problems = []
    for name, value in expected.items():
        if name in _INSTANTS:
            for view, seen in (("v1", v1.get(name)), ("v2", v2.get(_INSTANTS[name]))):
                if not same_instant(seen, value):
                    problems.append(f"{view} {name} {seen!r} (expected {value!r})")
        else:
            for view, seen in (("v1", v1.get(name)), ("v2", v2.get(name))):
                if seen != value:
                    problems.append(f"{view} {name} {seen!r} (expected {value!r})")
    return problems


def v1_patch_is_partial(session: ContractSession) -> None:
    made = steps.made(session, "regular")
    booking_id = int(made.booking["id"])
    new_start = session.slots.next()
    run = session.run_id
    parts: list[dict[str, Any]] = [
        {"title": f"Partial {run} one", "description": f"first description {run}"},
        {"title": f"Partial {run} two"},
        {"description": f"second description {run}"},
        {"startTime": iso(new_start), "endTime": iso(new_start + timedelta(minutes=30))},
    ]
    expected: dict[str, Any] = {"startTime": made.booking["start"], "endTime": made.booking["end"]}
    for part in parts:
        patch: Reply = rules.answered(
            session.client.v1_update(booking_id, part), {200}, f"a v1 PATCH of {sorted(part)}"
        )
        expected.update(part)
        v1_read = rules.answered(
            session.client.v1_get(booking_id), {200}, f"reading booking id={booking_id} through v1"
        )
        v1 = (v1_read.body or {}).get("booking") or {}
        v2 = rules.booking_of(steps.read(session, made.uid))
        problems = _differences(v1, v2, expected)
        if problems:
            raise rules.failure(
                V1UpdateNotApplied,
                v1_read,
                f"after a v1 PATCH of {sorted(part)} only: what it sent, and everything sent before unchanged",
                "; ".join(problems),
                after=patch,
            )
