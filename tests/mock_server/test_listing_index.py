"""The list's indexes and its per-candidate scope test answer as a plain scan does: over random states (the
fixtures plus random bookings), callers and filters, `select` equals filtering every booking of the store
one by one against the caller's whole scope, sorted and paged the same way."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_server.domain.clock import Clock
from mock_server.domain.model import Booking, BookingStatus
from mock_server.services import listing
from mock_server.services.listing import BookingQuery, ListStatus, SortOrder, select, visible_uids
from mock_server.state import fixtures
from mock_server.state.store import BookingStore
from tests.mock_server.conftest import NOW

STORE = fixtures.load(clock=Clock(frozen_at=NOW), rng=random.Random(7))
STATE = STORE.export()
BOOKINGS = sorted(STORE.bookings(), key=lambda b: b.id)
USERS = sorted(u.id for u in STORE.users())
EMAILS = [*sorted({email for b in BOOKINGS for email in b.participant_emails}), "nobody@example.com"]
EVENT_TYPES = sorted({b.event_type_id for b in BOOKINGS})
TEAMS = sorted({e.team_id for e in (STORE.event_type(i) for i in EVENT_TYPES) if e and e.team_id})
INSTANTS = st.integers(-60, 60).map(lambda days: NOW + timedelta(days=days))


@st.composite
def states(draw: st.DrawFn) -> BookingStore:
    """The fixtures, with some bookings copied to new uids, moved, given other statuses, attendees and guests
    (anyone's email: a member of one organization attending another's booking, a host as a guest...)."""
    store = BookingStore(random.Random(7))
    store.import_(STATE)
    next_id = max(b.id for b in BOOKINGS) + 1
    for n, template in enumerate(draw(st.lists(st.sampled_from(BOOKINGS), max_size=30))):
        if template.recurring_booking_uid is not None or any(a.seat_uid for a in template.attendees):
            continue
        shift = timedelta(hours=draw(st.integers(-24 * 40, 24 * 40)))
        store.save(
            replace(
                template,
                id=next_id + n,
                uid=f"indexProbe{n:012d}",
                start=template.start + shift,
                end=template.end + shift,
                status=draw(st.sampled_from(list(BookingStatus))),
                attendees=(replace(template.attendees[0], email=draw(st.sampled_from(EMAILS))),),
                guests=tuple(draw(st.lists(st.sampled_from(EMAILS), max_size=2, unique=True))),
            )
        )
    return store


def rarely(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """A filter given in about one query of four, so that most lists hold something."""
    return st.one_of(st.none(), st.none(), st.none(), values)


def often(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """An indexed filter, given in about one query of two: several of them meet in one list."""
    return st.none() | values


queries = st.builds(
    BookingQuery,
    statuses=st.one_of(st.just(()), st.lists(st.sampled_from(list(ListStatus)), max_size=2, unique=True).map(tuple)),
    attendee_email=often(st.sampled_from(EMAILS)),
    booking_uid=often(st.sampled_from([*(b.uid for b in BOOKINGS), "noSuchBookingUid"])),
    event_type_ids=often(st.lists(st.sampled_from(EVENT_TYPES), min_size=1, max_size=3).map(tuple)),
    teams_ids=often(st.lists(st.sampled_from(TEAMS), min_size=1, max_size=2).map(tuple)),
    after_start=rarely(INSTANTS),
    before_end=rarely(INSTANTS),
    sort_start=rarely(st.sampled_from(list(SortOrder))),
    sort_created=rarely(st.sampled_from(list(SortOrder))),
    take=st.integers(1, 30),
    skip=st.integers(0, 20),
)


def _scanned(store: BookingStore, query: BookingQuery, user_id: int) -> tuple[list[int], int]:
    """The list by brute force: every booking tested against every filter and the materialised scope."""
    user = store.user(user_id)
    assert user is not None
    scope = set(visible_uids(store, user))  # iterating builds the whole scope from the indexes
    keep = listing._predicate(query, NOW)
    team_event_types = {e.id for e in store.event_types_of_teams(set(query.teams_ids or ()))}

    def wanted(b: Booking) -> bool:
        return (
            b.uid in scope
            and keep(b)
            and (query.booking_uid is None or b.uid == query.booking_uid)
            and (query.attendee_email is None or query.attendee_email in b.participant_emails)
            and (query.event_type_ids is None or b.event_type_id in query.event_type_ids)
            and (not team_event_types or b.event_type_id in team_event_types)
        )

    found = [b for b in store.bookings() if wanted(b)]
    key, reverse = listing._order(query)
    found.sort(key=lambda b: b.id)
    found.sort(key=key, reverse=reverse)
    return [b.id for b in found[query.skip : query.skip + query.take]], len(found)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(store=states(), query=queries, user_id=st.sampled_from(USERS))
def test_the_indexed_list_is_the_scanned_list(store: BookingStore, query: BookingQuery, user_id: int) -> None:
    user = store.user(user_id)
    assert user is not None
    page = select(store, query, NOW, within=[visible_uids(store, user)])
    assert ([b.id for b in page.items], page.total) == _scanned(store, query, user_id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(store=states())
def test_the_scope_tested_per_booking_is_the_scope_built_from_the_indexes(store: BookingStore) -> None:
    """`VisibleUids.holds` (what a narrowed list tests per candidate) against its `materialized()` set
    (what an unfiltered list walks), for every user and every booking."""
    differ = []
    for user in store.users():
        built = listing.VisibleUids(store, user).materialized()
        tested = listing.VisibleUids(store, user)
        differ += [(user.id, b.uid) for b in store.bookings() if tested.holds(b) != (b.uid in built)]
    assert not differ, f"{len(differ)} (user, booking) pairs where the two disagree, first: {differ[:3]}"
