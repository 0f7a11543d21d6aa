"""Reschedule and no-show details read back the same through every view of a booking.

`views_agree.py` holds each change to v2 get, the user's list, v1 get and v1 list. The organization's and
the team's lists are views too, and the details a reschedule carries (`reschedulingReason`,
`rescheduledByEmail`, both links) and those a mark-absent sets (`absentHost`, each attendee's `absent`)
are what a dashboard reads from them:

- `reschedule_details_everywhere`: a team booking rescheduled with a reason by an address: the original
  and the new booking read, through GET one, the user's, the organization's and the team's lists (by
  `bookingUid`), the reason and the address sent (the real output takes `rescheduledByEmail` of a new
  booking from the booking it replaced) and the links both ways;
- `absences_everywhere`: after mark-absent (on the mock, its clock moved past the start and back), the
  host's and the attendee's absence read the same through those four views;
- `updated_at_moves`: each change moves `updatedAt` forward, `createdAt` stays.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import ViewsDisagree
from contract_tests.scenarios import steps
from contract_tests.target.http import Reply
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso

__all__ = ["absences_everywhere", "reschedule_details_everywhere", "updated_at_moves"]


def _views(session: ContractSession, uid: str) -> list[tuple[str, Reply, Mapping[str, Any] | None]]:
    """(view, reply, the booking as that view shows it, or None when it does not list it)."""
    profile, client = session.profile, session.client
    query = {"bookingUid": uid}
    replies: list[tuple[str, Reply]] = [
        ("GET /v2/bookings/{bookingUid}", client.get_booking(uid, key=profile.api_key)),
        ("the user's list", client.list_bookings(query)),
    ]
    if profile.org_id is not None:
        org_id = int(profile.org_id)
        replies.append(("the organization's list", client.org_bookings(org_id, query)))
        if profile.team_id is not None:
            replies.append(("the team's list", client.team_bookings(org_id, int(profile.team_id), query)))
    found: list[tuple[str, Reply, Mapping[str, Any] | None]] = []
    for view, reply in replies:
        rules.answered(reply, {200}, f"reading booking uid={uid} through {view}")
        data = reply.data
        items = data if isinstance(data, list) else [data]
        found.append((view, reply, next((i for i in items if isinstance(i, Mapping) and i.get("uid") == uid), None)))
    return found


def _attendee_absences(booking: Mapping[str, Any]) -> dict[Any, Any]:
    return {a.get("email"): a.get("absent") for a in booking.get("attendees") or [] if isinstance(a, Mapping)}


def _check(
    session: ContractSession, uid: str, wanted: Mapping[str, Any], *, change: Reply, what: str, attendees: Any = None
) -> None:
    for view, reply, booking in _views(session, uid):
        if booking is None:
            raise rules.failure(
                ViewsDisagree, reply, f"{view} lists booking uid={uid} ({what})", reply.summary(), after=change
            )
        diffs = [f"{k} {booking.get(k)!r} (expected {v!r})" for k, v in wanted.items() if booking.get(k) != v]
        if attendees is not None:
            shown = _attendee_absences(booking)
            diffs += [
                f"attendee {e} absent {shown.get(e)!r} (expected {v!r})"
                for e, v in attendees.items()
                if shown.get(e) != v
            ]
        if diffs:
            raise rules.failure(
                ViewsDisagree,
                reply,
                f"{view} shows booking uid={uid} as {what} left it",
                "; ".join(diffs),
                after=change,
            )


def reschedule_details_everywhere(session: ContractSession, kind: str = "team") -> None:
    made = steps.made(session, kind)
    reason, by = f"moved by the contract tests {session.run_id}", session.email("rescheduler")
    start = iso(session.slots.next())
    body = {"start": start, "reschedulingReason": reason, "rescheduledBy": by}
    moved = rules.answered(session.client.reschedule(made.uid, body), {201}, f"a reschedule of a {kind} booking")
    new_uid = str(rules.booking_of(moved).get("uid"))
    details = {"reschedulingReason": reason, "rescheduledByEmail": by}
    _check(
        session,
        made.uid,
        {**details, "status": "cancelled", "rescheduledToUid": new_uid},
        change=moved,
        what="a reschedule (the original)",
    )
    _check(
        session,
        new_uid,
        {**details, "status": "accepted", "rescheduledFromUid": made.uid},
        change=moved,
        what="a reschedule (the new booking)",
    )


def absences_everywhere(session: ContractSession, kind: str = "team") -> None:
    session.require_clock()
    made = steps.made(session, kind)
    start = parse_instant(made.booking["start"])
    assert start is not None
    body: dict[str, Any] = {"host": True, "attendees": [{"email": made.email, "absent": True}]}
    with session.clock_past(start) as clock:
        mark = rules.answered(session.client.mark_absent(made.uid, body), {200}, "marking absences")
        _check(
            session,
            made.uid,
            {"absentHost": True},
            change=mark,
            what=f"marking the host and {made.email} absent {clock}",
            attendees={made.email: True},
        )


def updated_at_moves(session: ContractSession) -> None:
    """Every change moves `updatedAt` forward and leaves `createdAt` where it was (Prisma `@updatedAt`):
    a v1 PATCH, then a cancel, each read back through GET one."""
    made = steps.made(session, "regular")
    before = rules.booking_of(steps.read(session, made.uid))
    created = before.get("createdAt")
    changes: list[Callable[[], Reply]] = [
        lambda: session.client.v1_update(int(before["id"]), {"title": f"Moved on {session.run_id}"}),
        lambda: session.client.cancel(made.uid, {"cancellationReason": "updatedAt moves"}),
    ]
    for change in changes:
        time.sleep(0.01)  # past the millisecond of the last change
        reply = rules.answered(change(), {200}, "a change of the booking")
        after = rules.booking_of(steps.read(session, made.uid))
        then, now = parse_instant(before.get("updatedAt")), parse_instant(after.get("updatedAt"))
        if now is None or (then is not None and now <= then) or after.get("createdAt") != created:
            raise rules.failure(
                ViewsDisagree,
                reply,
                f"booking uid={made.uid}: updatedAt later than {before.get('updatedAt')} after {reply.label}, "
                f"createdAt still {created}",
                f"updatedAt {after.get('updatedAt')}, createdAt {after.get('createdAt')}",
                after=reply,
            )
        before = after
