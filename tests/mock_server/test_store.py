"""The store: indexes stay correct on every save, reset/export/import, reproducible identities."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mock_server.domain.exceptions import InvalidRequest
from mock_server.domain.model import Attendee, Booking, BookingStatus
from mock_server.state.store import BookingStore

PETER = "peter@initech.com"


def first(store: BookingStore, uid: str) -> Booking:
    booking = store.booking(uid)
    assert booking is not None
    return booking


def test_bookings_are_found_by_uid_and_by_id(store: BookingStore) -> None:
    booking = first(store, "awSwmVI4wxFymMjsrh5AU3")
    assert store.booking_by_id(booking.id) == booking
    assert store.booking("nope") is None and store.booking_by_id(999_999) is None


def test_indexes_follow_a_changed_attendee_email(store: BookingStore) -> None:
    booking = first(store, "awSwmVI4wxFymMjsrh5AU3")
    moved = replace(booking, attendees=(replace(booking.attendees[0], email="new@initech.com"),))
    store.save(moved)
    assert booking.uid not in store.uids_for_email("michael.bolton@initech.com")
    assert booking.uid in store.uids_for_email("new@initech.com")


def test_indexes_follow_a_changed_start_time(store: BookingStore) -> None:
    booking = first(store, "TYnL6GynjVNELdbv2IGtnB")
    later = booking.start + timedelta(days=1)
    store.save(replace(booking, start=later, end=later + timedelta(hours=1)))
    assert store.bookings_at(booking.event_type_id, booking.start) == []
    assert [b.uid for b in store.bookings_at(booking.event_type_id, later)] == [booking.uid]


def test_user_index_covers_organizers_and_hosts(store: BookingStore) -> None:
    team_booking = first(store, "jwHZqwVDcCv6cn3h4Kchm7")
    assert team_booking.uid in store.uids_for_user(103)
    assert team_booking.uid in store.uids_for_user(104)


def test_a_series_lists_its_occurrences_in_creation_order(store: BookingStore) -> None:
    series = store.series("59bc8874-b6b8-49a3-9155-28899e8884ba")
    assert [b.id for b in series] == [11, 12, 13, 14, 15, 16]
    assert store.series("unknown") == []


def test_seats_are_indexed_and_forgotten_when_removed(store: BookingStore) -> None:
    seat = "976f1e24-c82d-4f4a-bcfb-b3d14d3b93c9"
    booking = first(store, "TYnL6GynjVNELdbv2IGtnB")
    assert store.booking_by_seat(seat) == booking
    store.save(booking.without_seat(seat, booking.updated_at))
    assert store.booking_by_seat(seat) is None


def test_a_new_booking_cannot_reuse_an_existing_id(store: BookingStore) -> None:
    booking = first(store, "awSwmVI4wxFymMjsrh5AU3")
    with pytest.raises(InvalidRequest, match="already used"):
        store.save(replace(booking, uid="another"))


def test_identities_continue_after_the_loaded_data(store: BookingStore) -> None:
    highest = max(b.id for b in store.bookings())
    assert store.next_booking_id() == highest + 1
    assert store.next_booking_id() == highest + 2
    attendee_id = store.next_attendee_id()
    assert attendee_id > max(a.id for b in store.bookings() for a in b.attendees)


def test_uids_look_like_cal_com_uids_and_seat_uids_like_uuid4() -> None:
    store = BookingStore(random.Random(1))
    assert re.fullmatch(r"[0-9A-Za-z]{22}", store.new_uid())
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", store.new_uuid())


def test_the_same_seed_gives_the_same_uids() -> None:
    one, two = BookingStore(random.Random(42)), BookingStore(random.Random(42))
    assert [one.new_uid(), one.new_uuid()] == [two.new_uid(), two.new_uuid()]


@pytest.mark.parametrize("seed", [1, 7, 42, 2026])
def test_a_seed_gives_the_uids_it_always_gave(seed: int) -> None:
    """`--seed N` promises reproducible uids: the same ones as 22 draws of `random.choice` from base62, the
    way uids were first drawn, so a user's script that names one keeps finding it."""
    store, reference = BookingStore(random.Random(seed)), random.Random(seed)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    for _ in range(50):
        assert store.new_uid() == "".join(reference.choice(alphabet) for _ in range(22))


def test_reset_returns_to_the_loaded_fixtures_and_uid_sequence(store: BookingStore) -> None:
    before = store.export()
    first_uid = store.new_uid()
    booking = first(store, "awSwmVI4wxFymMjsrh5AU3")
    store.save(booking.cancelled(booking.updated_at, reason="x", by_email=None))
    store.reset()
    assert store.export() == before
    assert store.new_uid() == first_uid
    assert first(store, booking.uid).status is BookingStatus.ACCEPTED


def test_reset_without_a_baseline_empties_the_store() -> None:
    store = BookingStore()
    store.reset()
    assert list(store.bookings()) == []


def test_export_then_import_round_trips_the_whole_state(store: BookingStore) -> None:
    state = store.export()
    other = BookingStore()
    other.import_(state)
    assert other.export() == state
    assert other.series("59bc8874-b6b8-49a3-9155-28899e8884ba") == store.series("59bc8874-b6b8-49a3-9155-28899e8884ba")
    assert other.uids_for_email(PETER) == store.uids_for_email(PETER)


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda s: s.update(version=2), "version 1"),
        (lambda s: s.update(bookings="many"), r"\$\.bookings: expected a list"),
        (lambda s: s["bookings"][0].update(id="one"), r"\$\.bookings\[0\]\.id: expected an integer"),
        (lambda s: s["bookings"][0].update(status="LOST"), r"\$\.bookings\[0\]\.status: expected one of"),
        (lambda s: s["bookings"][0].update(start="yesterday"), r"\$\.bookings\[0\]\.start: expected an ISO-8601"),
        (lambda s: s["bookings"][0].update(colour="red"), "only the fields of Booking"),
        (lambda s: s["bookings"][0].pop("uid"), r"\$\.bookings\[0\]\.uid: expected a value"),
        (lambda s: s["bookings"][0].update(event_type_id=424242), "unknown event type 424242"),
        (lambda s: s["users"][0].update(team_roles={"x": "ADMIN"}), "integer keys"),
    ],
)
def test_importing_garbage_is_refused_and_keeps_the_current_state(
    store: BookingStore, mangle: Callable[[dict[str, Any]], object], message: str
) -> None:
    state = store.export()
    mangle(state)
    before = store.export()
    with pytest.raises(InvalidRequest, match=message):
        store.import_(state)
    assert store.export() == before


def test_importing_a_non_object_is_refused() -> None:
    with pytest.raises(InvalidRequest):
        BookingStore().import_([])  # type: ignore[arg-type]


def test_a_booking_context_resolves_event_type_team_and_organizer(store: BookingStore) -> None:
    ctx = store.context(first(store, "jwHZqwVDcCv6cn3h4Kchm7"))
    assert ctx.team is not None
    assert (ctx.event_type.id, ctx.team.id, ctx.organizer.id, ctx.org_ids) == (1101, 11, 103, frozenset({1}))


def test_attendee_and_booking_ids_continue_after_saved_bookings() -> None:
    store = BookingStore()
    at = datetime(2025, 1, 1, tzinfo=UTC)
    attendee = Attendee(id=41, name="A", email="a@x.com", time_zone="UTC")
    store.save(
        Booking(
            id=7,
            uid="u",
            title="t",
            event_type_id=1,
            organizer_id=1,
            host_ids=(1,),
            status=BookingStatus.ACCEPTED,
            start=at,
            end=at + timedelta(hours=1),
            attendees=(attendee,),
            created_at=at,
            updated_at=at,
        )
    )
    assert store.next_attendee_id() == 42
    assert store.next_booking_id() == 8


def test_a_loaded_state_has_the_indexes_saving_each_booking_builds(store: BookingStore) -> None:
    loaded = BookingStore()
    loaded.import_(store.export())
    saved = BookingStore()
    saved.import_({**store.export(), "bookings": [], "reports": [], "bookingReferences": []})
    for booking in store.bookings():
        saved.save(booking)
    bookings = list(store.bookings())
    emails = {email for b in bookings for email in b.participant_emails}
    users = {user_id for b in bookings for user_id in b.user_ids}
    for email in emails:
        assert loaded.uids_for_email(email) == saved.uids_for_email(email)
    for user_id in users:
        assert loaded.uids_for_user(user_id) == saved.uids_for_user(user_id)
        far = datetime(1900, 1, 1, tzinfo=UTC), datetime(2900, 1, 1, tzinfo=UTC)
        assert [b.uid for b in loaded.bookings_of_user_overlapping(user_id, *far)] == [
            b.uid for b in saved.bookings_of_user_overlapping(user_id, *far)
        ]
    for b in bookings:
        assert loaded.uids_for_event_type(b.event_type_id) == saved.uids_for_event_type(b.event_type_id)
        assert loaded.bookings_at(b.event_type_id, b.start) == saved.bookings_at(b.event_type_id, b.start)
        assert loaded.booking_by_id(b.id) == b
        if b.recurring_booking_uid is not None:
            assert loaded.series(b.recurring_booking_uid) == saved.series(b.recurring_booking_uid)
        for seat_uid in b.seat_uids:
            assert loaded.booking_by_seat(seat_uid) == b
    assert (loaded.next_booking_id(), loaded.next_attendee_id()) == (saved.next_booking_id(), saved.next_attendee_id())
