"""Recurring series, occurrence by occurrence: after each change to one occurrence or to the whole
series, every occurrence is read back, and exactly the ones the change concerns have changed.

- cancelling one occurrence cancels that one only;
- `cancelSubsequentBookings` cancels that occurrence and the later ones, the earlier stay as they were;
- cancelling the series uid cancels the remaining occurrences: those not yet started (on the mock the
  clock is moved into the series, so that the earlier ones are spared);
- confirming or declining one occurrence of a pending series accepts or rejects the whole series.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import SeriesOccurrenceWrong
from contract_tests.scenarios import steps
from contract_tests.target.bookings import Made
from contract_tests.target.http import Reply
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession

__all__ = ["SERIES_CHANGES", "occurrences_read"]

_OCCURRENCES = 4


def occurrences_read(
    session: ContractSession, made: Made, expected: Sequence[str], *, change: Reply, what: str
) -> None:
    """Every occurrence of `made`'s series reads the status at its index in `expected`."""
    wrong = []
    last: Reply = change
    for index, occurrence in enumerate(made.occurrences):
        last = steps.read(session, str(occurrence["uid"]))
        status = rules.booking_of(last).get("status")
        if status != expected[index]:
            wrong.append(f"occurrence {index} uid={occurrence['uid']} reads {status!r} (expected {expected[index]!r})")
    if wrong:
        raise rules.failure(
            SeriesOccurrenceWrong,
            last,
            f"after {what}, the {len(expected)} occurrences read {list(expected)}",
            "; ".join(wrong),
            after=change,
        )


def _series(session: ContractSession, kind: str) -> Made:
    occurrences = min(_OCCURRENCES, int(session.profile.require("event_types.recurring_occurrences")))
    made = steps.made(session, kind, recurrence_count=occurrences)
    if len(made.occurrences) != occurrences:
        raise rules.failure(
            SeriesOccurrenceWrong,
            made.reply,
            f"{occurrences} occurrences for recurrenceCount={occurrences}",
            f"{len(made.occurrences)}",
        )
    return made


def _series_uid(made: Made) -> str:
    return str(made.booking.get("recurringBookingUid"))


def _cancel_one(session: ContractSession) -> None:
    made = _series(session, "recurring")
    victim = made.occurrences[1]["uid"]
    cancel = rules.answered(
        session.client.cancel(victim, {"cancellationReason": "one occurrence"}),
        {200},
        f"cancelling occurrence {victim}",
    )
    expected = ["accepted"] * len(made.occurrences)
    expected[1] = "cancelled"
    occurrences_read(session, made, expected, change=cancel, what="cancelling occurrence 1")


def _cancel_subsequent(session: ContractSession) -> None:
    made = _series(session, "recurring")
    pivot = made.occurrences[1]["uid"]
    body = {"cancellationReason": "this one and the later ones", "cancelSubsequentBookings": True}
    cancel = rules.answered(session.client.cancel(pivot, body), {200}, f"cancelling from occurrence {pivot} on")
    expected = ["accepted"] + ["cancelled"] * (len(made.occurrences) - 1)
    occurrences_read(session, made, expected, change=cancel, what="cancelling occurrence 1 and the later ones")


def _cancel_series(session: ContractSession) -> None:
    made = _series(session, "recurring")
    series = _series_uid(made)
    cancel = rules.answered(
        session.client.cancel(series, {"cancellationReason": "the whole series"}), {200}, f"cancelling series {series}"
    )
    occurrences_read(
        session, made, ["cancelled"] * len(made.occurrences), change=cancel, what="cancelling the series uid"
    )


def _cancel_series_in_progress(session: ContractSession) -> None:
    """With the clock inside the series (mock only), cancelling the series uid spares what has started."""
    made = _series(session, "recurring")
    started = parse_instant(made.occurrences[1]["start"])
    assert started is not None
    with session.clock_past(started) as moved:
        series = _series_uid(made)
        cancel = rules.answered(
            session.client.cancel(series, {"cancellationReason": "the rest of the series"}), {200}, "a series cancel"
        )
        expected = ["accepted", "accepted"] + ["cancelled"] * (len(made.occurrences) - 2)
        occurrences_read(
            session, made, expected, change=cancel, what=f"cancelling the series uid once two occurrences began {moved}"
        )


def _pending(action: str) -> Callable[[ContractSession], None]:
    def change(session: ContractSession) -> None:
        made = _series(session, "recurring_requires_confirmation")
        occurrences_read(
            session, made, ["pending"] * len(made.occurrences), change=made.reply, what="creating a pending series"
        )
        uid = made.occurrences[-1]["uid"]
        reply = session.client.confirm(uid) if action == "confirm" else session.client.decline(uid, "not this series")
        rules.answered(reply, {200}, f"{action} of occurrence uid={uid} of a pending series")
        status = "accepted" if action == "confirm" else "rejected"
        occurrences_read(
            session, made, [status] * len(made.occurrences), change=reply, what=f"{action} of the last occurrence"
        )

    return change


SERIES_CHANGES: Mapping[str, Callable[[ContractSession], Any]] = {
    "cancel one occurrence": _cancel_one,
    "cancel subsequent occurrences": _cancel_subsequent,
    "cancel the series uid": _cancel_series,
    "cancel the series uid once it has begun": _cancel_series_in_progress,
    "confirm a pending series": _pending("confirm"),
    "decline a pending series": _pending("decline"),
}
