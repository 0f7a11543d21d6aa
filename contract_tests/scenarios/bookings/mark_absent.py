"""Marking absences: refused before the start and changing nothing; recorded once the booking has started.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from typing import Any

from contract_tests.checks import rules
from contract_tests.scenarios import steps
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession

__all__ = ["mark_absent_rules"]

_made = steps.made
_get = steps.read


def mark_absent_rules(
    session: ContractSession, *, host: bool = True, absent: bool = True, use_clock: bool = True
) -> None:
    """Before the start, marking absences is refused and changes nothing; once the booking has started
    (the mock's clock is moved there and back), the absences sent are recorded."""
    made = _made(session, "regular")
    body: dict[str, Any] = {"host": host, "attendees": [{"email": made.email, "absent": absent}]}
    before = _get(session, made.uid)
    early = session.client.mark_absent(made.uid, body)
    rules.absence_before_start_is_refused(early, _get(session, made.uid), uid=made.uid, before=before)
    if not use_clock or not session.profile.mock:
        return
    start = parse_instant(made.booking["start"])
    assert start is not None
    with session.clock_past(start):
        mark = rules.answered(
            session.client.mark_absent(made.uid, body), {200}, f"marking absences of started booking uid={made.uid}"
        )
        rules.absences_are_recorded(
            _get(session, made.uid), uid=made.uid, host=host, attendees={made.email: absent}, mark=mark
        )
