"""The booking sub-resources' rules:

- a reassign (automatic, or to a named host) gives the booking the host it answers, in every view, and
  changes nothing else of the booking but its host, title and update time;
- the organization user list holds exactly the bookings that user lists as their own (same items, same
  order, same pagination), whoever asks, and a booking of the caller's is not in another member's list;
- references, calendar links and Cal Video recordings answered for a booking are that booking's: two
  bookings never share a reference, a `type` filter answers the subset of that type, the links carry the
  booking's own start and end, and every recording is of the booking's own Cal Video room.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import NotTheBookingAskedFor, OrgUserListWrong, ReassignChangedMore
from contract_tests.scenarios import steps
from contract_tests.target.bookings import BookingSpec, Made, create_body
from contract_tests.target.http import Reply
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.spec import OperationId

__all__ = ["EXTRAS", "links_are_the_bookings", "org_user_list_is_the_users_own", "reassign_changes_only_the_host"]

# What a reassign may change besides the host: the title names the host, and the update time moves.
_REASSIGN_MAY_CHANGE = frozenset({"hosts", "title", "updatedAt"})
_CAL_VIDEO = {"type": "integration", "integration": "cal-video"}


def _make(session: ContractSession, profile_key: str, spec: BookingSpec = BookingSpec()) -> Made:
    """A booking of the event type at `profile_key`, made as a booker would (skips without it)."""
    event_type_id = int(session.profile.require(profile_key))
    email = session.email()
    session.emails.append(email)
    body = create_body(session, spec, event_type_id=event_type_id, start=session.slots.next(), email=email)
    made = Made(kind=profile_key, body=body, reply=session.client.create_booking(body), email=email)
    rules.answered(made.reply, {201}, f"a booking of {profile_key} in a free slot")
    return made


def _host_id(booking: Mapping[str, Any]) -> Any:
    hosts = booking.get("hosts") or [{}]
    return hosts[0].get("id") if isinstance(hosts[0], Mapping) else None


# ------------------------------------------------------------------------------------------ reassign


def _changes(before: Mapping[str, Any], after: Mapping[str, Any], names: list[str]) -> str:
    return ", ".join(f"{k} {before.get(k)!r} -> {after.get(k)!r}" for k in names[:4])


def reassign_changes_only_the_host(session: ContractSession, *, to_user: bool) -> None:
    made = _make(session, "event_types.round_robin")
    before = rules.booking_of(steps.read(session, made.uid))
    host = _host_id(before)
    others = [h for h in session.profile.require("event_types.round_robin_host_ids") if h != host]
    client = session.client
    if to_user:
        target = others[0]
        reply = client.send(
            OperationId.REASSIGN_TO_USER,
            path={"bookingUid": made.uid, "userId": target},
            body={"reason": "contract tests: reassign to a named host"},
        )
        what = f"reassigning booking uid={made.uid} to host {target}"
    else:
        reply = client.send(OperationId.REASSIGN, path={"bookingUid": made.uid})
        what = f"reassigning booking uid={made.uid} automatically"
    rules.answered(reply, {200}, what)
    data = reply.data if isinstance(reply.data, Mapping) else {}
    new_host = (data.get("reassignedTo") or {}).get("id")
    expected_host = target if to_user else f"one of {others}"
    if data.get("bookingUid") != made.uid or new_host not in others or (to_user and new_host != target):
        raise rules.failure(
            ReassignChangedMore,
            reply,
            f"bookingUid={made.uid} reassigned from host {host} to {expected_host}",
            f"bookingUid={data.get('bookingUid')!r}, reassignedTo.id={new_host!r}",
        )
    after_reply = steps.read(session, made.uid)
    after = rules.booking_of(after_reply)
    changed = sorted(
        k for k in before.keys() | after.keys() if k not in _REASSIGN_MAY_CHANGE and before.get(k) != after.get(k)
    )
    if _host_id(after) != new_host or changed:
        raise rules.failure(
            ReassignChangedMore,
            after_reply,
            f"booking uid={made.uid} read back with host {new_host} and otherwise as before the reassign",
            f"host {_host_id(after)!r}; changed: {_changes(before, after, changed) or 'nothing else'}",
            after=reply,
        )
    listed = rules.answered(client.list_bookings({"bookingUid": made.uid}), {200}, f"listing booking uid={made.uid}")
    shown = [_host_id(b) for b in listed.data or [] if isinstance(b, Mapping)]
    v1 = rules.answered(client.v1_get(int(before["id"])), {200}, f"reading booking id={before['id']} via v1")
    v1_user = ((v1.body or {}).get("booking") or {}).get("userId")
    if shown != [new_host] or v1_user != new_host:
        raise rules.failure(
            ReassignChangedMore,
            v1 if v1_user != new_host else listed,
            f"every view shows host {new_host} after the reassign",
            f"the v2 list shows {shown}, v1 shows userId={v1_user!r}",
            after=reply,
        )


# ------------------------------------------------------------------------------ organization user list


def _me(session: ContractSession, key: str) -> int:
    reply = rules.answered(session.client.send(OperationId.ME, key=key), {200}, "reading the key's own profile")
    return int((reply.data or {})["id"])


def _same_list(session: ContractSession, org_id: int, user_id: int, key: str, query: Mapping[str, Any]) -> None:
    client = session.client
    own = rules.answered(client.list_bookings(query, key=key), {200}, f"the user's own list {dict(query)}")
    org = rules.answered(
        client.send(OperationId.ORG_USER_LIST, path={"orgId": org_id, "userId": user_id}, query=query),
        {200},
        f"the organization list of user {user_id} {dict(query)}",
    )
    own_uids = [str(b.get("uid")) for b in own.data or [] if isinstance(b, Mapping)]
    org_uids = [str(b.get("uid")) for b in org.data or [] if isinstance(b, Mapping)]
    own_page, org_page = (own.body or {}).get("pagination"), (org.body or {}).get("pagination")
    if own_uids != org_uids or own_page != org_page:
        extra = sorted(set(org_uids) - set(own_uids))[:3]
        missing = sorted(set(own_uids) - set(org_uids))[:3]
        raise rules.failure(
            OrgUserListWrong,
            org,
            f"exactly the {len(own_uids)} bookings user {user_id} lists as their own, in their order, "
            f"with pagination {own_page}",
            f"{len(org_uids)} bookings (not theirs: {extra}, missing: {missing}), pagination {org_page}",
            after=own,
        )


def org_user_list_is_the_users_own(session: ContractSession) -> None:
    org_id = int(session.profile.require("org_id"))
    member_key = str(session.profile.require("tenancy.member_api_key"))
    own_key = str(session.profile.require("api_key"))
    made = _make(session, "event_types.regular")
    member, me = _me(session, member_key), _me(session, own_key)
    for query in ({}, {"status": "upcoming", "take": 5}, {"take": 2, "skip": 1}, {"bookingUid": made.uid}):
        _same_list(session, org_id, member, member_key, query)
    _same_list(session, org_id, me, own_key, {"bookingUid": made.uid})
    theirs = session.client.send(
        OperationId.ORG_USER_LIST, path={"orgId": org_id, "userId": member}, query={"bookingUid": made.uid}
    )
    if [b.get("uid") for b in theirs.data or [] if isinstance(b, Mapping)]:
        raise rules.failure(
            OrgUserListWrong,
            theirs,
            f"booking uid={made.uid}, made with the caller's event type, not in member {member}'s list",
            "it is listed",
            after=made.reply,
        )


# ---------------------------------------------------------------------- references, links, recordings


def _references(session: ContractSession, uid: str, reference_type: str | None = None) -> Reply:
    query = {"type": reference_type} if reference_type else None
    reply = session.client.send(OperationId.REFERENCES, path={"bookingUid": uid}, query=query)
    return rules.answered(reply, {200}, f"the references of booking uid={uid}")


def _compact(instant: Any) -> str:
    moment = parse_instant(instant)
    assert moment is not None
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _wrong_links(booking: Mapping[str, Any], links: Mapping[str, str]) -> list[str]:
    start, end = _compact(booking["start"]), _compact(booking["end"])
    wanted = {
        "googleCalendar": f"dates={start}/{end}",
        "microsoftOffice": f"startdt={start[:4]}-{start[4:6]}-{start[6:11]}:{start[11:13]}:{start[13:]}",
        "ics": f"DTSTART%3A{start}",
    }
    return [f"{name} lacks {part!r}" for name, part in wanted.items() if part not in links.get(name, "")]


def links_are_the_bookings(session: ContractSession) -> None:
    first, second = (_make(session, "event_types.cal_video", BookingSpec(location=_CAL_VIDEO)) for _ in range(2))
    seen: dict[Any, str] = {}
    for made in (first, second):
        reply = _references(session, made.uid)
        references = [r for r in reply.data or [] if isinstance(r, Mapping)]
        for reference in references:
            owner = seen.setdefault(reference.get("id"), made.uid)
            if owner != made.uid:
                raise rules.failure(
                    NotTheBookingAskedFor,
                    reply,
                    f"references of booking uid={made.uid} only",
                    f"reference id={reference.get('id')} is also answered for booking uid={owner}",
                )
        for kind in sorted({str(r.get("type")) for r in references}):
            typed = _references(session, made.uid, kind)
            subset = [r for r in references if r.get("type") == kind]
            if typed.data != subset:
                raise rules.failure(
                    NotTheBookingAskedFor,
                    typed,
                    f"the {len(subset)} {kind} references of booking uid={made.uid}",
                    f"{typed.data}",
                    after=reply,
                )
        rooms = [r.get("eventUid") for r in references if r.get("type") == "daily_video"]
        if rooms:
            recordings = rules.answered(
                session.client.send(OperationId.RECORDINGS, path={"bookingUid": made.uid}),
                {200},
                f"the recordings of booking uid={made.uid}",
            )
            strays = [r.get("roomName") for r in recordings.data or [] if r.get("roomName") != rooms[-1]]
            if strays:
                raise rules.failure(
                    NotTheBookingAskedFor,
                    recordings,
                    f"recordings of the booking's Cal Video room {rooms[-1]!r}",
                    f"recordings of rooms {strays}",
                )
        links = rules.answered(
            session.client.send(OperationId.CALENDAR_LINKS, path={"bookingUid": made.uid}),
            {200},
            f"the calendar links of booking uid={made.uid}",
        )
        by_id = {str(i.get("id")): str(i.get("link")) for i in links.data or [] if isinstance(i, Mapping)}
        wrong = _wrong_links(rules.booking_of(made.reply), by_id)
        if wrong:
            raise rules.failure(
                NotTheBookingAskedFor,
                links,
                f"links for booking uid={made.uid} from {made.reply.data and rules.booking_of(made.reply)['start']}",
                "; ".join(wrong),
            )


EXTRAS: dict[str, Callable[[ContractSession], None]] = {
    "reassign to an automatically chosen host": lambda s: reassign_changes_only_the_host(s, to_user=False),
    "reassign to a named host": lambda s: reassign_changes_only_the_host(s, to_user=True),
    "organization user list is the user's own": org_user_list_is_the_users_own,
    "references, links and recordings are the booking's": links_are_the_bookings,
}
