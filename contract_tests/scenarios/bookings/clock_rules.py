"""Rules that need time to pass, on the mock: its clock is moved past a booking and put back.

- a report spares the matching bookings that are already past, and cancels the upcoming ones;
- `status=past` and `status=upcoming` split bookings at the server's "now", not at creation time.

Against any other target these skip, saying why (`ContractSession.require_clock`). Absences after the
start and a series cancelled once it has begun are in `scenarios.mark_absent_rules` and `series.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from contract_tests.checks import rules
from contract_tests.scenarios import steps
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession

__all__ = ["CLOCK_RULES"]


def _report_spares_the_past(session: ContractSession) -> None:
    session.require_clock()
    org_id = int(session.profile.require("org_id"))
    booker = f"booker@{session.fresh_domain()}"
    past = steps.made(session, "regular", email=booker)  # the earliest slot of the three
    reported = steps.made(session, "regular", email=booker)
    upcoming = steps.made(session, "regular", email=booker)
    ended = parse_instant(past.booking["end"])
    assert ended is not None
    with session.clock_past(ended) as moved:
        body = {"bookingUid": reported.uid, "reason": "SPAM", "reportType": "EMAIL"}
        report = rules.answered(session.client.report(org_id, body), {200}, f"a report {moved}")
        rules.report_counts_match(report, cancelled=2)
        reads = {m.uid: steps.read(session, m.uid) for m in (past, reported, upcoming)}
        rules.report_cancelled_exactly(
            reads, cancelled={reported.uid, upcoming.uid}, report=report, before={past.uid: "accepted"}
        )


def _past_and_upcoming_split_at_now(session: ContractSession) -> None:
    session.require_clock()
    email = session.email("timeline")
    earlier = steps.made(session, "regular", email=email)
    later = steps.made(session, "regular", email=email)
    ended = parse_instant(earlier.booking["end"])
    assert ended is not None
    with session.clock_past(ended) as moved:
        for status, expected in (("past", [earlier.uid]), ("upcoming", [later.uid])):
            query = {"attendeeEmail": email, "status": status}
            listed = rules.answered(session.client.list_bookings(query), {200}, f"listing {status} bookings")
            uids = [str(i.get("uid")) for i in listed.data or []]
            rules.list_is_exactly(listed, uids, expected, query=query, among=f"two bookings of {email} {moved}")


CLOCK_RULES: dict[str, Callable[[ContractSession], None]] = {
    "a report spares past bookings": _report_spares_the_past,
    "past and upcoming split at the server's now": _past_and_upcoming_split_at_now,
}
