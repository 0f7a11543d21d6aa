"""Lists held to exactly the bookings their filters select, on data made to tell exact semantics from
near misses.

The run makes a few bookings whose attendees differ from one another only slightly: emails that differ
only in case, that contain one another or share a suffix, a domain that only ends like another; names
that are prefixes of one another or differ only in case. Every query below names at least one of these
run-unique emails or names, so the expected set can be computed exactly from the bookings as read, even on
a shared server: a list must hold every one of them that matches (each value of a multi-value filter
contributing) and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from contract_tests.checks import rules
from contract_tests.scenarios import steps
from contract_tests.scenarios.lists.lists import whole_list
from contract_tests.target.bookings import AttendeeSpec, BookingSpec
from contract_tests.target.semantics import filter_violations, v1_filter_violations
from contract_tests.target.session import ContractSession
from contract_tests.target.targets import ProfileDataMissing

__all__ = [
    "MULTI_VALUE_FILTERS",
    "NearMisses",
    "build_near_misses",
    "list_forms_agree",
    "list_is_exact",
    "multi_value_forms",
    "near_miss_queries",
    "spelling_queries",
    "v1_list_is_exact",
]

# The v2 filters that take several values; the real server (qs, then the DTO's transforms) reads the comma
# form, repeated keys and `name[]=` as the same set (docs/real-server/slots-and-availability.md).
MULTI_VALUE_FILTERS = ("status", "eventTypeIds", "teamsIds", "userIds")


@dataclass
class NearMisses:
    """The run's near-miss bookings: uid -> the booking as read (every occurrence), and their attendees."""

    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # uid -> id, for v1
    emails: dict[str, str] = field(default_factory=dict)  # role -> address
    names: dict[str, str] = field(default_factory=dict)  # role -> name
    event_types: dict[str, int] = field(default_factory=dict)  # kind -> id


def build_near_misses(session: ContractSession) -> NearMisses:
    tag = f"nm{session.run_id}x{session.unique()}"  # the run's id: an earlier run's near misses never match
    domain = f"{tag}.{session.domain}"  # a subdomain of the run's: every address below is the run's own
    emails = {
        "plain": f"pat@{domain}",
        "case": f"PAT@{domain}",  # the same address but for case
        "contains": f"xpat@{domain}",  # contains "plain", ends like it
        "longer": f"pats@{domain}",  # "plain"'s local part is a prefix of it
        "subdomain": f"pat@x{domain}",  # a domain that only ends like "plain"'s
    }
    names = {"short": f"Pat {tag}", "long": f"Pat {tag}son", "case": f"pat {tag.upper()}"}
    plan = [  # kind, email, name, what happens to it afterwards
        ("regular", "plain", "short", None),
        ("regular", "case", "short", None),
        ("regular", "contains", "long", None),
        ("requires_confirmation", "longer", "short", None),
        ("regular", "subdomain", "case", "cancel"),
        ("team", "plain", "long", None),
        ("requires_confirmation", "plain", "short", "decline"),
        ("regular", "longer", "long", "cancel"),
    ]
    found = NearMisses(emails=emails, names=names)
    for kind, email, name, then in plan:
        try:
            booking = steps.made(
                session, kind, BookingSpec(attendee=AttendeeSpec(name=names[name])), email=emails[email]
            )
        except ProfileDataMissing:
            continue
        found.event_types[kind] = int(booking.booking["eventTypeId"])
        if then == "cancel":
            rules.answered(session.client.cancel(booking.uid, {"cancellationReason": "near miss"}), {200}, "a cancel")
        elif then == "decline":
            rules.answered(session.client.decline(booking.uid), {200}, "a decline")
        state = rules.booking_of(steps.read(session, booking.uid))
        found.states[booking.uid] = state
        if isinstance(state.get("id"), int):
            found.ids[booking.uid] = state["id"]
    return found


def near_miss_queries(found: NearMisses) -> list[dict[str, Any]]:
    """Queries where a near miss would show: each email and name alone, pairs of filters that each admit
    bookings alone but not together, and multi-value filters whose every value must contribute."""
    emails, names, kinds = found.emails, found.names, found.event_types
    queries: list[dict[str, Any]] = [{"attendeeEmail": email} for email in emails.values()]
    queries += [{"attendeeName": name} for name in names.values()]
    queries += [
        {"attendeeEmail": emails["case"], "attendeeName": names["long"]},  # each alone admits a booking
        {"attendeeEmail": emails["contains"], "attendeeName": names["short"]},
        {"attendeeEmail": emails["plain"], "status": "upcoming,cancelled"},
        {"attendeeEmail": emails["plain"], "status": "unconfirmed,cancelled"},
        {"attendeeName": names["short"], "status": "upcoming,unconfirmed"},
        {"attendeeName": names["long"], "status": "cancelled,upcoming"},
    ]
    if "regular" in kinds and "team" in kinds:
        regular, team = kinds["regular"], kinds["team"]
        queries += [
            {"attendeeEmail": emails["plain"], "eventTypeIds": f"{regular},{team}"},
            {"attendeeEmail": emails["plain"], "eventTypeId": team},
            {"attendeeName": names["long"], "eventTypeIds": f"{team},{regular}"},
            {"attendeeName": names["short"], "eventTypeIds": str(regular), "status": "upcoming"},
        ]
    if "requires_confirmation" in kinds:
        queries.append({"attendeeName": names["short"], "eventTypeIds": f"{kinds['requires_confirmation']}"})
    return queries


def spelling_queries(session: ContractSession, found: NearMisses) -> list[dict[str, Any]]:
    """The near-miss queries with a multi-value filter, whose other spellings `list_forms_agree` tries; under a
    thrifty budget (the staging preset) the first of each set of multi-value filters only: a spelling the
    server drops or misreads shows on any query that uses it."""
    queries = [query for query in near_miss_queries(found) if multi_value_forms(query)]
    if not session.profile.budget.thrifty:
        return queries
    firsts: dict[tuple[str, ...], dict[str, Any]] = {}
    for query in queries:
        firsts.setdefault(tuple(name for name in MULTI_VALUE_FILTERS if name in query), query)
    return list(firsts.values())


def list_is_exact(
    session: ContractSession, found: NearMisses, query: Mapping[str, Any], endpoint: str = "user"
) -> None:
    """The whole list for `query` (every page) holds exactly the near-miss bookings it selects."""
    uids, last = whole_list(session, endpoint, query)
    now = datetime.now(UTC)
    team = endpoint == "team"
    expected = [
        uid for uid, state in found.states.items() if not filter_violations(state, query, now, rewrite_email=not team)
    ]
    if team:
        team_types = set(session.profile.team_event_type_ids)
        expected = [uid for uid in expected if found.states[uid].get("eventTypeId") in team_types]
    rules.list_is_exactly(last, uids, expected, query=query, among=f"this run's near-miss bookings ({endpoint} list)")


def v1_list_is_exact(session: ContractSession, found: NearMisses, emails: list[str]) -> None:
    """`GET /v1/bookings?attendeeEmail=a&attendeeEmail=b` holds exactly the bookings with any of them."""
    query = {"attendeeEmail": emails}
    listed = rules.answered(session.client.v1_list(query), {200}, f"listing v1 bookings for {emails}")
    by_id: dict[Any, str] = {booking_id: uid for uid, booking_id in found.ids.items()}
    items = [b for b in (listed.body or {}).get("bookings") or [] if isinstance(b, Mapping)]
    received = [by_id.get(b.get("id"), f"id={b.get('id')}") for b in items]
    now = datetime.now(UTC)
    expected = [
        uid
        for uid, state in found.states.items()
        if not v1_filter_violations({"attendees": state.get("attendees")}, query, now)
    ]
    rules.list_is_exactly(listed, received, expected, query=query, among="this run's near-miss bookings (v1 list)")


def multi_value_forms(query: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The other spellings of each comma-separated multi-value filter of `query`: repeated keys (what
    `requests` and `urlencode(doseq=True)` send) and `name[]=` (axios)."""
    forms: list[tuple[str, dict[str, Any]]] = []
    for name in MULTI_VALUE_FILTERS:
        value = query.get(name)
        if not isinstance(value, str) or "," not in value:
            continue
        rest = {key: item for key, item in query.items() if key != name}
        values = value.split(",")
        forms += [("repeated keys", {**rest, name: values}), ("name[]=", {**rest, f"{name}[]": values})]
    return forms


def list_forms_agree(session: ContractSession, query: Mapping[str, Any], endpoint: str = "user") -> None:
    """Every spelling of a multi-value filter lists exactly what its comma form lists (a query without a
    multi-value filter has no other spelling: nothing to send)."""
    forms = multi_value_forms(query)
    if not forms:
        return
    comma = _one_page(session, endpoint, query)
    expected = [str(item.get("uid")) for item in (comma.body or {}).get("data") or [] if isinstance(item, Mapping)]
    for how, form in forms:
        listed = _one_page(session, endpoint, form)
        received = [str(i.get("uid")) for i in (listed.body or {}).get("data") or [] if isinstance(i, Mapping)]
        rules.list_is_exactly(
            listed, received, expected, query=form, among=f"the comma form's list ({how}, {endpoint} list)"
        )


def _one_page(session: ContractSession, endpoint: str, query: Mapping[str, Any]) -> Any:
    client, profile = session.client, session.profile
    page = {**query, "take": 250}
    if endpoint == "org":
        reply = client.org_bookings(int(profile.require("org_id")), page)
    elif endpoint == "team":
        reply = client.team_bookings(int(profile.require("org_id")), int(profile.require("team_id")), page)
    else:
        reply = client.list_bookings(page)
    return rules.answered(reply, {200}, f"listing bookings ({endpoint}) for {dict(query)}")
