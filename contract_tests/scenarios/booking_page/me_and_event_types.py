"""`GET /v2/me`, `GET /v2/event-types` and `GET /v2/event-types/{eventTypeId}` are exactly the key's user's.

Nothing here writes. What the key's user is, is known from three sides that must agree: `/v2/me`, the
event types the key lists, and the bookings the key lists (each names its hosts by id and email):

- `me_is_the_keys_user`: `/v2/me` is the host of the bookings of the event types it owns (same id and
  email), belongs to the profile's organization, is not the other organization's key's user, and answers
  401 without a key or with an unknown one;
- `event_types_are_the_users`: every listed event type is owned by `me` and reads back by id as listed;
  every event type of a booking whose only host is `me` (team event types aside) is listed; every other
  event type the run knows of (the profile's, the bookings', an id that does not exist) is a 404
  `Event type with id {id} not found` by id; `username` lists that user's event types (`me`'s own: the
  same list; the other organization's user: theirs, none of ours), `eventSlug` exactly the one, and a
  user or slug without event types is a 404 `Event types not found`; the other organization's key lists
  none of ours; no key: 401 on the list, 403 by id (PermissionsGuard); an unknown key: 401. The bookings
  of the user's event types name them (`eventType: {id, slug}`) as the list does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import EventTypesLeak, MeIsNotTheKeysUser, NotFoundAnswerWrong, ReadBackDiffers
from contract_tests.target.http import DEFAULT_KEY, Reply
from contract_tests.target.session import ContractSession
from contract_tests.target.spec import OperationId

__all__ = [
    "EVENT_TYPES_VERSION",
    "event_types_are_the_users",
    "list_event_types",
    "me_is_the_keys_user",
    "read_event_type",
    "read_me",
]

EVENT_TYPES_VERSION = "2024-06-14"
MISSING_EVENT_TYPE = 2_000_000_000  # an id no event type has
_HEADERS = {"cal-api-version": EVENT_TYPES_VERSION}
_COMPARED = ("id", "ownerId", "slug", "title", "lengthInMinutes")


def read_me(session: ContractSession, *, key: Any = DEFAULT_KEY) -> Reply:
    return session.client.send(OperationId.ME, key=key)


def list_event_types(
    session: ContractSession, query: Mapping[str, Any] | None = None, *, key: Any = DEFAULT_KEY
) -> Reply:
    return session.client.send(OperationId.EVENT_TYPES, query=query, key=key, headers=_HEADERS)


def read_event_type(session: ContractSession, event_type_id: int, *, key: Any = DEFAULT_KEY) -> Reply:
    return session.client.send(OperationId.EVENT_TYPE, path={"eventTypeId": event_type_id}, key=key, headers=_HEADERS)


def _me(session: ContractSession, *, key: Any = DEFAULT_KEY) -> tuple[Reply, Mapping[str, Any]]:
    reply = rules.answered(read_me(session, key=key), {200}, "GET /v2/me with a valid key")
    data = reply.data if isinstance(reply.data, Mapping) else {}
    return reply, data


def _items(reply: Reply) -> list[Mapping[str, Any]]:
    data = reply.data
    return [item for item in (data if isinstance(data, list) else []) if isinstance(item, Mapping)]


def _message(reply: Reply) -> Any:
    body = reply.body if isinstance(reply.body, Mapping) else {}
    error = body.get("error")
    return error.get("message") if isinstance(error, Mapping) else None


def _team_event_types(session: ContractSession) -> set[int]:
    profile = session.profile
    found = {*profile.team_event_type_ids, *profile.other_team_event_type_ids}
    found |= {i for i in (profile.event_types.team, profile.event_types.other_team) if i is not None}
    return found


def _known_event_types(session: ContractSession, bookings: list[Mapping[str, Any]]) -> set[int]:
    """Every event type id the run knows of: the profile's and those of the bookings the key sees."""
    profile = session.profile
    counts = {"seats", "recurring_occurrences"}  # numbers, not event type ids
    found = {v for k, v in vars(profile.event_types).items() if k not in counts and isinstance(v, int)}
    found |= _team_event_types(session)
    if profile.tenancy.other_org_event_type is not None:
        found.add(profile.tenancy.other_org_event_type)
    found |= {int(b["eventTypeId"]) for b in bookings if isinstance(b.get("eventTypeId"), int)}
    return found


def _bookings(session: ContractSession) -> list[Mapping[str, Any]]:
    listed = rules.answered(session.client.list_bookings({"take": 100}), {200}, "listing the key's bookings")
    return _items(listed)


def _sole_host(booking: Mapping[str, Any]) -> Mapping[str, Any] | None:
    hosts = [h for h in booking.get("hosts") or [] if isinstance(h, Mapping)]
    return hosts[0] if len(hosts) == 1 else None


def _not_found(reply: Reply, message: str, what: str) -> None:
    """The real 404 for something the caller may not see: a 2xx is a leak, another answer a wrong one."""
    if reply.ok:
        raise rules.failure(EventTypesLeak, reply, f"404 {message!r} for {what}", reply.summary())
    if reply.status != 404 or _message(reply) != message:
        raise rules.failure(NotFoundAnswerWrong, reply, f"404 {message!r} for {what}", reply.summary())


# ---------------------------------------------------------------------------------------------- me


def me_is_the_keys_user(session: ContractSession) -> None:
    profile = session.profile
    reply, me = _me(session)
    problems: list[str] = []
    if profile.org_id is not None and me.get("organizationId") != profile.org_id:
        problems.append(f"organizationId {me.get('organizationId')!r}, the profile's org_id is {profile.org_id}")
    organization = me.get("organization")
    if isinstance(organization, Mapping) and organization.get("id") != me.get("organizationId"):
        problems.append(
            f"organization.id {organization.get('id')!r} beside organizationId {me.get('organizationId')!r}"
        )
    listed = list_event_types(session)
    own = {int(item["id"]) for item in _items(listed) if isinstance(item.get("id"), int)} if listed.ok else set()
    for booking in _bookings(session):
        host = _sole_host(booking)
        if host is None or booking.get("eventTypeId") not in own:
            continue
        if host.get("id") != me.get("id") or host.get("email") != me.get("email"):
            problems.append(
                f"booking uid={booking.get('uid')} of the key's own event type {booking.get('eventTypeId')} is "
                f"hosted by id {host.get('id')!r} email {host.get('email')!r}, /v2/me says id {me.get('id')!r} "
                f"email {me.get('email')!r}"
            )
            break
    other_key = profile.tenancy.other_org_api_key
    if other_key:
        _, other = _me(session, key=other_key)
        if other.get("id") == me.get("id") or other.get("email") == me.get("email"):
            problems.append(f"the other organization's key gets the same user (id {other.get('id')!r})")
        other_org = profile.tenancy.other_org_id
        if other_org is not None and other.get("organizationId") != other_org:
            problems.append(f"the other organization's user has organizationId {other.get('organizationId')!r}")
    if problems:
        raise rules.failure(
            MeIsNotTheKeysUser,
            reply,
            "/v2/me describes the key's user, as its bookings and organization do",
            "; ".join(problems),
        )
    bad = f"cal_invalid_{session.run_id}"
    rules.auth_is_enforced(read_me(session, key=None), allowed=(401,), credentials="no key (ApiAuthGuard)")
    rules.auth_is_enforced(read_me(session, key=bad), allowed=(401,), credentials="an unknown key")


# --------------------------------------------------------------------------------------- event types


def event_types_are_the_users(session: ContractSession) -> None:
    _, me = _me(session)
    listed = rules.answered(list_event_types(session), {200}, "listing the key's own event types")
    items = _items(listed)
    own = {int(item["id"]): item for item in items if isinstance(item.get("id"), int)}
    strangers = [
        f"{item.get('id')} (ownerId {item.get('ownerId')!r})" for item in items if item.get("ownerId") != me.get("id")
    ]
    if strangers:
        raise rules.failure(
            EventTypesLeak,
            listed,
            f"only event types owned by the key's user (id {me.get('id')!r})",
            ", ".join(strangers),
        )
    bookings = _bookings(session)
    teams = _team_event_types(session)
    missing = sorted(
        {
            int(b["eventTypeId"])
            for b in bookings
            if isinstance(b.get("eventTypeId"), int)
            and b["eventTypeId"] not in teams
            and (host := _sole_host(b)) is not None
            and host.get("id") == me.get("id")
        }
        - set(own)
    )
    if missing:
        raise rules.failure(
            EventTypesLeak,
            listed,
            "every event type whose bookings the key's user hosts alone (team event types aside) is listed",
            f"missing {missing}",
        )
    _bookings_name_their_event_type(listed, bookings, own)
    for event_type_id, item in own.items():
        read = read_event_type(session, event_type_id)
        rules.answered(read, {200}, f"reading the key's own event type {event_type_id}")
        data = read.data if isinstance(read.data, Mapping) else {}
        differences = [
            f"{name} {data.get(name)!r} (listed {item.get(name)!r})"
            for name in _COMPARED
            if data.get(name) != item.get(name)
        ]
        if differences:
            raise rules.failure(
                ReadBackDiffers, read, f"event type {event_type_id} reads as it is listed", "; ".join(differences)
            )
    for event_type_id in sorted((_known_event_types(session, bookings) - set(own)) | {MISSING_EVENT_TYPE}):
        _not_found(
            read_event_type(session, event_type_id),
            f"Event type with id {event_type_id} not found",
            f"event type {event_type_id}, which is not the key's user's",
        )
    _by_username(session, me, own)
    _other_keys(session, own)


def _bookings_name_their_event_type(
    listed: Reply, bookings: list[Mapping[str, Any]], own: Mapping[int, Mapping[str, Any]]
) -> None:
    """A booking's `eventType` is `{id, slug}` of the event type it was booked on."""
    for booking in bookings:
        item = own.get(booking.get("eventTypeId"))  # type: ignore[arg-type]
        named = booking.get("eventType")
        if item is None or not isinstance(named, Mapping):
            continue
        if (named.get("id"), named.get("slug")) != (item.get("id"), item.get("slug")):
            raise rules.failure(
                ReadBackDiffers,
                listed,
                f"booking uid={booking.get('uid')} names its event type as "
                f"{{id: {item.get('id')}, slug: {item.get('slug')!r}}}, as GET /v2/event-types lists it",
                f"eventType {dict(named)}",
            )


def _by_username(session: ContractSession, me: Mapping[str, Any], own: Mapping[int, Mapping[str, Any]]) -> None:
    username = me.get("username")
    if not isinstance(username, str) or not own:
        return
    same = rules.answered(list_event_types(session, {"username": username}), {200}, f"the event types of {username}")
    ids = {item.get("id") for item in _items(same)}
    if ids != set(own):
        raise rules.failure(
            EventTypesLeak,
            same,
            f"username={username} (the key's user): the same event types {sorted(own)}",
            f"{sorted(map(str, ids))}",
        )
    first = own[min(own)]
    one = list_event_types(session, {"username": username, "eventSlug": first.get("slug")})
    rules.answered(one, {200}, f"the event type {first.get('slug')} of {username}")
    if [item.get("id") for item in _items(one)] != [first.get("id")]:
        raise rules.failure(
            EventTypesLeak,
            one,
            f"username={username}&eventSlug={first.get('slug')}: exactly event type {first.get('id')}",
            f"{[item.get('id') for item in _items(one)]}",
        )
    nobody = f"ct-{session.run_id}-nobody"
    for query, what in (
        ({"username": username, "eventSlug": f"ct-{session.run_id}-no-such-slug"}, "a slug the user has not"),
        ({"username": nobody}, "a username nobody has"),
    ):
        _not_found(list_event_types(session, query), "Event types not found", f"{what} ({query})")


def _other_keys(session: ContractSession, own: Mapping[int, Mapping[str, Any]]) -> None:
    profile = session.profile
    other_key = profile.tenancy.other_org_api_key
    if other_key:
        _, other = _me(session, key=other_key)
        theirs = list_event_types(session, key=other_key)
        leaked = sorted(set(own) & {item.get("id") for item in _items(theirs)})
        if leaked:
            raise rules.failure(
                EventTypesLeak, theirs, "the other organization's key lists none of our event types", f"{leaked}"
            )
        username = other.get("username")
        if isinstance(username, str) and theirs.ok:
            by_name = list_event_types(session, {"username": username})
            seen = [(item.get("id"), item.get("ownerId")) for item in _items(by_name)]
            expected = sorted((item.get("id"), item.get("ownerId")) for item in _items(theirs))
            if sorted(seen) != expected:
                raise rules.failure(
                    EventTypesLeak,
                    by_name,
                    f"username={username} (the other organization's user): their event types {expected}",
                    f"{seen}",
                )
    bad = f"cal_invalid_{session.run_id}"
    some = min(own) if own else MISSING_EVENT_TYPE
    for reply, allowed, credentials in (
        (list_event_types(session, key=None), (401,), "no key on the list (ApiAuthGuard)"),
        (list_event_types(session, key=bad), (401,), "an unknown key on the list"),
        (read_event_type(session, some, key=None), (403,), "no key by id (PermissionsGuard)"),
        (read_event_type(session, some, key=bad), (401,), "an unknown key by id"),
    ):
        rules.auth_is_enforced(reply, allowed=allowed, credentials=credentials)
