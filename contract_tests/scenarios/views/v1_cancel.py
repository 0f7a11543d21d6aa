"""`DELETE /v1/bookings/{id}/cancel` with its options.

- `allRemainingBookings=true` on one occurrence of a recurring series cancels every occurrence that has
  not begun (v1's handleCancelBooking selects the series' bookings from now on, not from that occurrence
  on); without it, that occurrence alone;
- `cancelledBy` is read back as the booking's `cancelledByEmail` (v2) and the reason as
  `cancellationReason` (v1 and v2).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import SeriesOccurrenceWrong, ViewsDisagree
from contract_tests.scenarios import steps
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession

__all__ = ["v1_cancel_all_remaining", "v1_cancel_names_who_cancelled"]


def _statuses(session: ContractSession, uids: list[str]) -> dict[str, Any]:
    return {uid: rules.booking_of(steps.read(session, uid)).get("status") for uid in uids}


def v1_cancel_all_remaining(session: ContractSession, all_remaining: bool = True) -> None:
    made = steps.made(session, "recurring", recurrence_count=3)
    uids = [str(o["uid"]) for o in made.occurrences]
    target = made.occurrences[1]
    query: dict[str, Any] = {"cancellationReason": "v1 series cancel"}
    if all_remaining:
        query["allRemainingBookings"] = True
    cancel = rules.answered(session.client.v1_cancel(int(target["id"]), query), {200}, "a v1 cancel of occurrence 2")
    expected = {uid: "cancelled" if all_remaining or uid == target["uid"] else "accepted" for uid in uids}
    seen = _statuses(session, uids)
    if seen != expected:
        raise rules.failure(
            SeriesOccurrenceWrong,
            cancel,
            f"v1 cancel of occurrence 2 of 3 {'with' if all_remaining else 'without'} allRemainingBookings "
            "(every occurrence not yet begun, or that one alone): "
            + ", ".join(f"{u} {s}" for u, s in expected.items()),
            ", ".join(f"{u} {s}" for u, s in seen.items()),
            after=made.reply,
        )


def v1_cancel_names_who_cancelled(session: ContractSession) -> None:
    made = steps.made(session, "regular")
    booking_id = int(made.booking["id"])
    by, reason = session.email("canceller"), f"cancelled through v1 by {session.run_id}"
    cancel = rules.answered(
        session.client.v1_cancel(booking_id, {"cancellationReason": reason, "cancelledBy": by}), {200}, "a v1 cancel"
    )
    v2 = rules.booking_of(steps.read(session, made.uid))
    v1_read: Reply = rules.answered(session.client.v1_get(booking_id), {200}, "reading it through v1")
    v1 = (v1_read.body or {}).get("booking") if isinstance(v1_read.body, Mapping) else {}
    v1 = v1 if isinstance(v1, Mapping) else {}
    problems = [
        f"{view} {name} {value!r} (sent {wanted!r})"
        for view, name, value, wanted in (
            ("v2", "cancelledByEmail", v2.get("cancelledByEmail"), by),
            ("v2", "cancellationReason", v2.get("cancellationReason"), reason),
            ("v1", "cancellationReason", v1.get("cancellationReason"), reason),
        )
        if value != wanted
    ]
    if problems:
        raise rules.failure(
            ViewsDisagree,
            v1_read,
            "the v1 cancel's cancelledBy and reason read back",
            "; ".join(problems),
            after=cancel,
        )
