"""Listing bookings: the query, its status semantics, one sort key, and index-first selection.

`select` intersects index sets (attendee email, event types, teams, uid) before it looks at a single
booking, and tests the caller's scope on those candidates only, so a filtered list over 100,000 bookings
touches only the candidates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from mock_server.domain.exceptions import (
    EventTypeIdsNotFound,
    InvalidStatusFilter,
    StatusEmpty,
    UserIdsNotFound,
    UserIdsOutsideOrg,
)
from mock_server.domain.model import ADMIN_ROLES, Booking, BookingStatus, User
from mock_server.state.store import BookingStore

__all__ = [
    "BookingQuery",
    "ListStatus",
    "Page",
    "SortOrder",
    "VisibleUids",
    "matches_status",
    "normalize_attendee_email",
    "parse_statuses",
    "scope_uids",
    "select",
    "visible_uids",
]

_GONE = frozenset({BookingStatus.CANCELLED, BookingStatus.REJECTED})


class ListStatus(StrEnum):
    UPCOMING = "upcoming"
    RECURRING = "recurring"
    PAST = "past"
    CANCELLED = "cancelled"
    UNCONFIRMED = "unconfirmed"


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True, kw_only=True)
class BookingQuery:
    """Every filter of `GET /v2/bookings`; `None` means "not given"."""

    statuses: tuple[ListStatus, ...] = ()
    attendee_email: str | None = None
    attendee_name: str | None = None
    booking_uid: str | None = None
    event_type_ids: tuple[int, ...] | None = None
    event_type_id: int | None = None
    teams_ids: tuple[int, ...] | None = None
    team_id: int | None = None
    after_start: datetime | None = None
    before_end: datetime | None = None
    after_created_at: datetime | None = None
    before_created_at: datetime | None = None
    after_updated_at: datetime | None = None
    before_updated_at: datetime | None = None
    sort_start: SortOrder | None = None
    sort_end: SortOrder | None = None
    sort_created: SortOrder | None = None
    sort_updated_at: SortOrder | None = None
    take: int = 100
    skip: int = 0

    @property
    def effective_event_type_ids(self) -> tuple[int, ...] | None:
        """`eventTypeIds` wins; `eventTypeId` is used only when it is absent."""
        if self.event_type_ids is not None:
            return self.event_type_ids
        return (self.event_type_id,) if self.event_type_id is not None else None

    @property
    def effective_team_ids(self) -> tuple[int, ...] | None:
        """`teamsIds` wins; `teamId` is used only when it is absent."""
        if self.teams_ids is not None:
            return self.teams_ids
        return (self.team_id,) if self.team_id is not None else None


@dataclass(frozen=True)
class Page:
    items: list[Booking]
    total: int


def parse_statuses(values: str | Sequence[str] | None) -> tuple[ListStatus, ...]:
    """The `status` parameter: comma lists, possibly repeated; empty and unknown values are refused."""
    if values is None:
        return ()
    raw = [values] if isinstance(values, str) else list(values)
    items = [item.strip() for value in raw for item in value.split(",")]
    if not items or all(item == "" for item in items):
        raise StatusEmpty()
    allowed = {status.value for status in ListStatus}
    if any(item not in allowed for item in items):
        raise InvalidStatusFilter()
    return tuple(dict.fromkeys(ListStatus(item) for item in items))


def normalize_attendee_email(raw: str) -> str:
    """`/v2/bookings` trims the email and turns inner whitespace into `+` (a decoded `+`)."""
    return re.sub(r"\s+", "+", raw.strip())


def matches_status(booking: Booking, status: ListStatus, now: datetime) -> bool:
    """`addStatusesQueryFilters`, relative to `now`."""
    recurring = booking.recurring_booking_uid is not None
    live = booking.status not in _GONE
    if status is ListStatus.UPCOMING:
        if recurring:
            return booking.end >= now and booking.status is BookingStatus.ACCEPTED
        return booking.end >= now and live
    if status is ListStatus.RECURRING:
        return booking.end >= now and recurring and live
    if status is ListStatus.PAST:
        return booking.end <= now and live
    if status is ListStatus.CANCELLED:
        return not live
    return booking.end >= now and booking.status is BookingStatus.PENDING


def select(
    store: BookingStore,
    query: BookingQuery,
    now: datetime,
    *,
    within: Iterable[AbstractSet[str]] = (),
) -> Page:
    """Bookings in every `within` set that pass every filter of `query`, sorted, one page of them."""
    candidates, scopes = _candidates(store, query, list(within))
    predicate = _predicate(query, now)
    if scopes:  # each candidate fetched once, the scope tested on the booking itself
        matching = [b for b in store.bookings(candidates) if predicate(b) and all(s.holds(b) for s in scopes)]
    else:
        matching = [b for b in store.bookings(candidates) if predicate(b)]
    key, reverse = _order(query)
    matching.sort(key=lambda b: b.id)
    matching.sort(key=key, reverse=reverse)
    end = query.skip + query.take
    return Page(items=matching[query.skip : end], total=len(matching))


def _candidates(
    store: BookingStore, query: BookingQuery, within: list[AbstractSet[str]]
) -> tuple[AbstractSet[str], list[VisibleUids]]:
    """The index sets of the filters (the real query trims the uid, email and name it compares) and the
    concrete `within` sets, intersected smallest first, and the callers' scopes (`VisibleUids`) left to
    test on those few candidates: a scope is enumerated only when nothing else narrows the list."""
    scopes = [s for s in within if isinstance(s, VisibleUids)]
    sets = [s for s in within if not isinstance(s, VisibleUids)]
    if query.booking_uid is not None:
        sets.append({query.booking_uid.strip()} & store.all_uids())
    if query.attendee_email is not None:
        sets.append(store.uids_for_email(query.attendee_email.strip()))
    event_type_ids = query.effective_event_type_ids
    if event_type_ids is not None:
        existing = [i for i in event_type_ids if store.event_type(i) is not None]
        if not existing:
            raise EventTypeIdsNotFound()
        sets.append(_union(store.uids_for_event_type(i) for i in existing))
    team_ids = query.effective_team_ids
    if team_ids is not None:
        # A team without event types filters nothing: the real query skips an empty id list.
        team_event_types = store.event_types_of_teams(set(team_ids))
        if team_event_types:
            sets.append(_union(store.uids_for_event_type(e.id) for e in team_event_types))
    if not sets:
        if not scopes:
            return store.all_uids(), []
        sets, scopes = [scopes[0].materialized()], scopes[1:]
    sets.sort(key=len)
    smallest, *others = sets
    return set(smallest).intersection(*others), scopes


def _union(sets: Iterable[AbstractSet[str]]) -> set[str]:
    result: set[str] = set()
    for uids in sets:
        result |= uids
    return result


def _predicate(query: BookingQuery, now: datetime) -> Callable[[Booking], bool]:
    """Every filter of `query` that is given, as one test; filters not given cost nothing per booking."""
    checks: list[Callable[[Booking], bool]] = []
    if query.statuses:
        statuses = query.statuses
        checks.append(lambda b: any(matches_status(b, s, now) for s in statuses))
    if query.attendee_name is not None:
        name = query.attendee_name.strip()
        checks.append(lambda b: any(a.name == name for a in b.attendees))
    for given, test in (
        (query.after_start, lambda b, at: b.start >= at),
        (query.before_end, lambda b, at: b.end <= at),
        (query.after_created_at, lambda b, at: b.created_at >= at),
        (query.before_created_at, lambda b, at: b.created_at <= at),
        (query.after_updated_at, lambda b, at: b.updated_at >= at),
        (query.before_updated_at, lambda b, at: b.updated_at <= at),
    ):
        if given is not None:
            checks.append(functools.partial(_bound, test, given))
    if len(checks) == 1:
        return checks[0]
    return lambda b: all(check(b) for check in checks)


def _bound(test: Callable[[Booking, datetime], bool], at: datetime, booking: Booking) -> bool:
    return test(booking, at)


_SORT_KEYS: tuple[tuple[str, Callable[[Booking], Any]], ...] = (
    ("sort_start", lambda b: b.start),
    ("sort_end", lambda b: b.end),
    ("sort_created", lambda b: b.created_at),
    ("sort_updated_at", lambda b: b.updated_at),
)
_DESCENDING_BY_DEFAULT = frozenset({ListStatus.PAST, ListStatus.CANCELLED})


def _order(query: BookingQuery) -> tuple[Callable[[Booking], Any], bool]:
    """`getOrderBy`: the first sort parameter given wins; otherwise start, by the lone status."""
    for attribute, key in _SORT_KEYS:
        order = getattr(query, attribute)
        if order is not None:
            return key, order is SortOrder.DESC
    descending = len(query.statuses) == 1 and query.statuses[0] in _DESCENDING_BY_DEFAULT
    return _SORT_KEYS[0][1], descending


def visible_uids(store: BookingStore, user: User) -> AbstractSet[str]:
    """What a booking list lets `user` see (`getBookings`' union): bookings they organize, host or
    attend, and, as an admin or owner of teams or of their organization, those teams' event types'
    bookings and every booking organized or attended by a member of those teams or that organization,
    wherever it belongs (a member attending another organization's booking brings it in)."""
    return VisibleUids(store, user)


class VisibleUids(AbstractSet[str]):
    """`visible_uids` as a set that answers `uid in scope` from the booking itself, without building
    the set: an org admin's scope is every booking of the organization, and building it for each list
    cost more than the rest of the list at 100,000 bookings. Iterating or sizing it builds it once,
    from the store's indexes."""

    def __init__(self, store: BookingStore, user: User) -> None:
        self._store = store
        self._own = (store.uids_for_user(user.id), store.uids_for_email(user.email))
        admin_team_ids = {team_id for team_id, role in user.team_roles.items() if role in ADMIN_ROLES}
        self._team_event_types = frozenset(e.id for e in store.event_types_of_teams(admin_team_ids))
        self._members = _administered_members(store, user, admin_team_ids)
        self._member_ids = frozenset(m.id for m in self._members)
        self._member_emails = frozenset(m.email for m in self._members)
        self._built: set[str] | None = None

    def __contains__(self, uid: object) -> bool:
        if self._built is not None:
            return uid in self._built
        booking = self._store.booking(uid) if isinstance(uid, str) else None
        return booking is not None and self.holds(booking)

    def holds(self, booking: Booking) -> bool:
        """`booking.uid in self`, tested on the booking at hand."""
        uid = booking.uid
        if self._built is not None:
            return uid in self._built
        own_uids, own_email_uids = self._own
        if uid in own_uids or uid in own_email_uids:
            return True
        # `booking.user_ids` and `participant_emails` would build sets per candidate: test in place. Guests
        # count as attendees, as the real booking flow stores them (and as the email index holds them).
        member_ids, member_emails = self._member_ids, self._member_emails
        return (
            booking.event_type_id in self._team_event_types
            or booking.organizer_id in member_ids
            or not member_ids.isdisjoint(booking.host_ids)
            or any(attendee.email in member_emails for attendee in booking.attendees)
            or not member_emails.isdisjoint(booking.guests)
        )

    def materialized(self) -> set[str]:
        """The whole scope, from the store's indexes."""
        if self._built is None:
            store = self._store
            uids = set(self._own[0]) | self._own[1]
            for event_type_id in self._team_event_types:
                uids |= store.uids_for_event_type(event_type_id)
            for member in self._members:
                uids |= store.uids_for_user(member.id) | store.uids_for_email(member.email)
            self._built = uids
        return self._built

    def __iter__(self) -> Iterator[str]:
        return iter(self.materialized())

    def __len__(self) -> int:
        return len(self.materialized())


def scope_uids(store: BookingStore, user: User, user_ids: Sequence[int] | None) -> AbstractSet[str]:
    """The organization list's scope: the caller's, or with `userIds` only bookings those users
    organize, host or attend. The ids must be the caller's alone or members the caller administers;
    ids of which none exists are a 400 first."""
    if not user_ids:
        return visible_uids(store, user)
    named = [u for u in map(store.user, user_ids) if u is not None]
    if not named:
        raise UserIdsNotFound()
    admin_team_ids = {team_id for team_id, role in user.team_roles.items() if role in ADMIN_ROLES}
    allowed = {member.id for member in _administered_members(store, user, admin_team_ids)}
    if not set(user_ids) <= allowed and list(user_ids) != [user.id]:
        raise UserIdsOutsideOrg()
    uids: set[str] = set()
    for named_user in named:
        uids |= store.uids_for_user(named_user.id) | store.uids_for_email(named_user.email)
    return uids


def _administered_members(store: BookingStore, user: User, admin_team_ids: AbstractSet[int]) -> list[User]:
    """Members of the teams and the organization where `user` is an admin or owner."""
    members: dict[int, User] = {}
    if user.org_id is not None and user.org_role in ADMIN_ROLES:
        members.update((m.id, m) for m in store.members_of_org(user.org_id))
    for team_id in admin_team_ids:
        members.update((m.id, m) for m in store.members_of_team(team_id))
    return list(members.values())
