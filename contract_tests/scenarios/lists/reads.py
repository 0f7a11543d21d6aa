"""The rules a run checks without writing anything, on bookings that already exist.

`--read-only` runs these (and every GET operation's conformance); a read-write run runs them too.
The bookings come from listing: the 20 latest-starting bookings the key sees, plus the profile's
`known_booking_uids`, read back. On those: filters, sort keys, statuses and pagination arithmetic
(the same list checks as the read-write rules, over a corpus found rather than made), each booking
reads back through GET one and v1 as it is listed, team lists stay in their team, and another
organization's key, a missing key and an unknown key are refused on every read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import ReadBackDiffers
from contract_tests.checks.responses import verify_list_filters, verify_pagination
from contract_tests.scenarios.lists.lists import Corpus
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession
from contract_tests.target.targets import ProfileDataMissing

__all__ = [
    "existing_corpus",
    "listed_bookings_read_back",
    "other_org_is_refused_on_reads",
    "reads_need_credentials",
    "team_lists_stay_in_scope",
]

LATEST = 20  # bookings the corpus is built from
READ_BACK = 6  # of them, read back under a thrifty budget (the staging preset)
_COMPARED = ("uid", "status", "start", "end", "eventTypeId")


def _items(reply: Reply) -> list[Mapping[str, Any]]:
    data = reply.data
    return [item for item in (data if isinstance(data, list) else []) if isinstance(item, Mapping)]


def _latest(session: ContractSession) -> list[Mapping[str, Any]]:
    query = {"take": LATEST, "sortStart": "desc"}
    listed = rules.answered(session.client.list_bookings(query), {200}, f"listing bookings with {query}")
    return [item for item in _items(listed) if isinstance(item.get("uid"), str) and item.get("start")]


def existing_corpus(session: ContractSession) -> Corpus:
    """The latest-starting bookings the key sees, as a corpus for the list rules: filters aim at
    their attendees and event types, and every query is bounded below by the earliest of their
    starts, so its whole list is about these bookings. It holds no `states`: bookings the run did not
    make may change while it reads them, and a status the API folds into another when it answers
    (the mock reads AWAITING_HOST as `pending`, which `status=unconfirmed` does not list) cannot be
    predicted from a read, so which of them a list must show is not asserted, only that everything
    it shows matches, in order, in pages that add up."""
    items = _latest(session)
    if not items:
        raise ProfileDataMissing("known_booking_uids", "bookings the key can see (the target lists none)")
    attendees = [a for item in items for a in item.get("attendees") or [] if isinstance(a, Mapping)]
    return Corpus(
        emails=sorted({str(a["email"]) for a in attendees if a.get("email")})[:5],
        names=sorted({str(a["name"]) for a in attendees if a.get("name")})[:5],
        event_type_ids=sorted({int(i["eventTypeId"]) for i in items if isinstance(i.get("eventTypeId"), int)}),
        window_start=min(str(item["start"]) for item in items),
    )


def _sample(items: Sequence[Mapping[str, Any]], size: int | None) -> list[Mapping[str, Any]]:
    """Every item, or `size` of them: one of each event type and status first (where a read that differs
    from the list would show), then the latest."""
    if size is None or len(items) <= size:
        return list(items)
    kinds: dict[tuple[Any, Any], Mapping[str, Any]] = {}
    for item in items:
        kinds.setdefault((item.get("eventTypeId"), item.get("status")), item)
    chosen = list(kinds.values())[:size]
    return chosen + [item for item in items if item not in chosen][: size - len(chosen)]


def listed_bookings_read_back(session: ContractSession) -> int:
    """Each listed (and each known) booking reads back through GET one as it is listed, and through
    v1 by its id with the same uid and start (a sample of the listed ones under the staging preset).
    Returns how many were read."""
    client = session.client
    listed = {
        str(item["uid"]): item
        for item in _sample(_latest(session), READ_BACK if session.profile.budget.thrifty else None)
    }
    uids = list(listed) + [uid for uid in session.profile.known_booking_uids if uid not in listed]
    for uid in uids:
        read = rules.answered(client.get_booking(uid), {200}, f"reading booking uid={uid}")
        booking = rules.booking_of(read)
        expected = listed.get(uid)
        if expected is not None:
            differences = [
                f"{name} {booking.get(name)!r} (listed {expected.get(name)!r})"
                for name in _COMPARED
                if booking.get(name) != expected.get(name)
            ]
            if differences:
                raise rules.failure(
                    ReadBackDiffers, read, f"booking uid={uid} reads as the list shows it", "; ".join(differences)
                )
        booking_id = booking.get("id")
        if isinstance(booking_id, int) and session.profile.api_key:
            v1 = rules.answered(client.v1_get(booking_id), {200}, f"reading booking id={booking_id} through v1")
            found = v1.body.get("booking") if isinstance(v1.body, Mapping) else None
            if isinstance(found, Mapping) and found.get("uid") not in (None, booking.get("uid")):
                raise ReadBackDiffers(
                    operation=v1.label,
                    expected=f"v1 booking id={booking_id} is booking uid={booking.get('uid')}",
                    received=f"uid {found.get('uid')!r}",
                    curl=v1.curl(),
                )
    return len(uids)


def team_lists_stay_in_scope(session: ContractSession) -> None:
    """The team list shows only the team's event types and none of the other team's bookings."""
    profile, client = session.profile, session.client
    org_id, team_id = int(profile.require("org_id")), int(profile.require("team_id"))
    allowed = set(profile.require("team_event_type_ids"))
    query = {"take": 100}
    listed = rules.answered(client.team_bookings(org_id, team_id, query), {200}, f"listing team {team_id}'s bookings")
    verify_pagination(listed.label, query, listed.body or {}, listed.curl())
    verify_list_filters(listed.label, query, listed.body or {}, listed.curl(), team=True)
    forbidden: set[str] = set()
    if profile.other_team_id is not None:
        other = rules.answered(
            client.team_bookings(org_id, int(profile.other_team_id), query), {200}, "listing the other team's bookings"
        )
        forbidden = {str(i["uid"]) for i in _items(other) if i.get("eventTypeId") not in allowed}
    rules.list_stays_in_scope(listed, allowed_event_types=allowed, forbidden_uids=forbidden, scope=f"team {team_id}")


def other_org_is_refused_on_reads(session: ContractSession) -> None:
    """Another organization's key may not read this organization's lists or v1 bookings, and its own
    list shows none of ours."""
    profile, client = session.profile, session.client
    other = profile.require("tenancy.other_org_api_key")
    org_id, team_id = int(profile.require("org_id")), int(profile.require("team_id"))
    ours = _latest(session)
    attempts = [
        (client.org_bookings(org_id, key=other), f"GET the bookings of organization {org_id}"),
        (client.team_bookings(org_id, team_id, key=other), f"GET the bookings of team {team_id}"),
    ]
    attempts += [
        (client.v1_get(int(item["id"]), key=other), f"GET /v1/bookings/{item['id']}")
        for item in ours[:3]
        if isinstance(item.get("id"), int)
    ]
    for reply, what in attempts:
        rules.other_tenant_is_refused(reply, allowed=(403, 404), what=what)
    theirs = rules.answered(client.list_bookings({"take": 250}, key=other), {200}, "the other organization's list")
    rules.list_stays_in_scope(
        theirs, forbidden_uids={str(i["uid"]) for i in ours}, scope="the other organization's bookings"
    )


def reads_need_credentials(session: ContractSession) -> None:
    """No key: 403 on the user list (PermissionsGuard), 401 on the organization lists and v1; an
    unknown key: 401 everywhere, also on GET one booking, where a key is optional."""
    profile, client = session.profile, session.client
    org_id, team_id = int(profile.require("org_id")), int(profile.require("team_id"))
    bad = f"cal_invalid_{session.run_id}"
    latest = _latest(session)
    probes: list[tuple[Reply, tuple[int, ...], str]] = [
        (client.list_bookings(key=None), (403,), "no key (PermissionsGuard)"),
        (client.list_bookings(key=bad), (401,), "an unknown key"),
        (client.org_bookings(org_id, key=None), (401,), "no key"),
        (client.org_bookings(org_id, key=bad), (401,), "an unknown key"),
        (client.team_bookings(org_id, team_id, key=None), (401,), "no key"),
        (client.team_bookings(org_id, team_id, key=bad), (401,), "an unknown key"),
        (client.v1_list(key=None), (401,), "no apiKey"),
        (client.v1_list(key=bad), (401,), "an unknown apiKey"),
    ]
    if latest:
        uid = str(latest[0]["uid"])
        probes.append((client.get_booking(uid, key=bad), (401,), "an unknown key on an optional-auth route"))
        if isinstance(latest[0].get("id"), int):
            probes.append((client.v1_get(int(latest[0]["id"]), key=None), (401,), "no apiKey"))
    for reply, allowed, credentials in probes:
        rules.auth_is_enforced(reply, allowed=allowed, credentials=credentials)
