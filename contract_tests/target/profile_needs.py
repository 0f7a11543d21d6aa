"""What the run loses without each profile key: the one list `calcom-contract doctor` shows, so that a
profile it calls ready does not leave tests skipping for keys nobody named. Every key a test can ask for
(`TargetProfile.require`, `bookings.KINDS`) is here; tests/contract_tests/test_doctor_draft.py holds the
list complete against the source."""

from __future__ import annotations

from typing import Any

from contract_tests.target.targets import TargetProfile

__all__ = ["PROFILE_NEEDS", "missing_keys"]

PROFILE_NEEDS: dict[str, str] = {
    "api_key": "every test that makes or changes bookings, and the authenticated reads",
    "org_id": "the organization and team lists, the report, tenancy and most key-state tests",
    "team_id": "the team list and the team-scoping tests",
    "team_event_type_ids": "the check that the team list holds only its team's bookings",
    "other_team_id": "the test that a team admin cannot see another team's bookings",
    "event_types.regular": "nearly every write test (the plain bookings most rules are checked on)",
    "event_types.requires_confirmation": "confirm and decline, and the pending/unconfirmed list statuses",
    "event_types.seated": "the seat tests (a seat taken, a seat cancelled, a full slot refused)",
    "event_types.seats": "the full-seated-slot test (how many seats to fill)",
    "event_types.recurring": "the recurring-series tests and the `recurring` list status",
    "event_types.recurring_occurrences": "the series-length test",
    "event_types.recurring_requires_confirmation": "confirming and declining a whole pending series",
    "event_types.variable_length": "the chosen-length tests (lengthInMinutes sets duration and end)",
    "event_types.variable_lengths": "the test that a length the event type does not offer is refused",
    "event_types.team": "the team booking in the corpus and the team-list tests",
    "event_types.other_team": "the cross-team booking the team-scoping tests need",
    "event_types.round_robin": "the reassign rules (a round-robin booking given to another host)",
    "event_types.round_robin_host_ids": "the reassign rules (which hosts a reassign may choose)",
    "event_types.cal_video": "the rule that references and recordings belong to the booking (Cal Video rooms)",
    "tenancy.other_org_api_key": "every cross-organization test (another organization's key reads and writes nothing)",
    "tenancy.other_org_id": "the cross-organization list tests",
    "tenancy.other_org_team_id": "the cross-organization team-list test",
    "tenancy.other_org_event_type": "the other organization's booking the tenancy tests try to reach",
    "tenancy.member_api_key": "the tests of a plain member's key (refused on admin routes, sees only its own)",
    "tenancy.expired_api_key": "the test that an expired key is refused",
    "tenancy.outside_api_key": "the tests of a key of a user outside any organization",
    "known_booking_uids": "the reads of existing bookings (read-only runs test nothing else)",
}


def _value(profile: TargetProfile, dotted: str) -> Any:
    value: Any = profile
    for part in dotted.split("."):
        value = getattr(value, part, None)
    return value


def missing_keys(profile: TargetProfile) -> list[tuple[str, str]]:
    """The keys `profile` leaves empty, with what the run loses without each."""
    return [(key, lost) for key, lost in PROFILE_NEEDS.items() if _value(profile, key) in (None, (), [], "")]
