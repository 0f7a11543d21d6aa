"""Reporting a booking: the organization's report cancels the matching upcoming bookings.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from contract_tests.checks import rules
from contract_tests.scenarios import steps
from contract_tests.target.session import ContractSession

__all__ = ["report_cancels_matching"]

_made = steps.made
_get = steps.read


def report_cancels_matching(
    session: ContractSession,
    report_type: str = "EMAIL",
    *,
    accepted: int = 1,
    pending: int = 1,
    unrelated: int = 1,
    reason: str = "SPAM",
) -> None:
    """A report cancels the reported booking and exactly the upcoming bookings of the organization
    whose attendee has the booker's email (EMAIL) or domain (DOMAIN), says so in its counts, and a
    second report is refused. Already cancelled bookings, non-matching addresses (including a domain
    that only ends like the booker's) and other organizations' bookings are left alone."""
    org_id = int(session.profile.require("org_id"))
    domain = session.fresh_domain()
    booker = f"booker@{domain}"

    def matching(i: int) -> str:
        return booker if report_type == "EMAIL" else f"colleague{i}@{domain}"

    reported = _made(session, "regular", email=booker)
    targets = [_made(session, "regular", email=matching(i)) for i in range(accepted)]
    targets += [_made(session, "requires_confirmation", email=matching(accepted + i)) for i in range(pending)]
    bystanders = []
    for i in range(unrelated):
        address = f"other{i}@{domain}" if report_type == "EMAIL" else f"colleague{i}@x{domain}"
        bystanders.append(_made(session, "regular", email=address))
    gone = _made(session, "regular", email=matching(99))
    rules.answered(
        session.client.cancel(gone.uid, {"cancellationReason": "before the report"}), {200}, "cancelling a booking"
    )
    if session.profile.tenancy.other_org_event_type:
        bystanders.append(_made(session, "other_org", email=matching(98)))
    everyone = [reported, *targets, *bystanders, gone]
    before = {m.uid: str(rules.booking_of(_get(session, m.uid)).get("status")) for m in everyone}
    body = {"bookingUid": reported.uid, "reason": reason, "reportType": report_type, "description": "contract test"}
    report = rules.answered(
        session.client.report(org_id, body), {200}, f"reporting booking uid={reported.uid} by {report_type}"
    )
    cancelled = [reported.uid, *(t.uid for t in targets)]
    rules.report_counts_match(report, cancelled=len(cancelled))
    reads = {m.uid: _get(session, m.uid) for m in everyone}
    rules.report_cancelled_exactly(reads, cancelled=set(cancelled), report=report, before=before)
    second = session.client.report(org_id, body)
    rules.second_report_is_refused(second, uid=reported.uid, first=report)
