"""The bundled seed data: stable ids and keys, every kind of event type and booking, times that
follow the clock, and clear errors for a broken file."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

import pytest

from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import ApiKeyExpired
from mock_server.domain.model import BookingStatus, Role
from mock_server.domain.rules import check_api_key
from mock_server.state import fixtures
from mock_server.state.store import BookingStore
from tests.mock_server.conftest import NOW, TODAY

KEYS = {
    "cal_test_acme_owner_key": (101, 1, Role.OWNER),
    "cal_test_acme_admin_key": (102, 1, Role.ADMIN),
    "cal_test_acme_team_admin_key": (103, 1, Role.MEMBER),
    "cal_test_acme_member_key": (104, 1, Role.MEMBER),
    "cal_test_acme_team_owner_key": (105, 1, Role.MEMBER),
    "cal_test_acme_member2_key": (106, 1, Role.MEMBER),
    "cal_test_globex_owner_key": (201, 2, Role.OWNER),
    "cal_test_globex_admin_key": (202, 2, Role.ADMIN),
    "cal_test_globex_team_admin_key": (203, 2, Role.MEMBER),
    "cal_test_globex_member_key": (204, 2, Role.MEMBER),
    "cal_test_umbrella_owner_key": (301, 3, Role.OWNER),
    "cal_test_solo_key": (401, None, None),
}


def test_the_default_fixtures_hold_the_documented_keys_and_roles(store: BookingStore) -> None:
    for key, (user_id, org_id, role) in KEYS.items():
        api_key = store.api_key(key)
        assert api_key is not None and api_key.user_id == user_id
        check_api_key(api_key, NOW)
        user = store.user(user_id)
        assert user is not None and (user.org_id, user.org_role) == (org_id, role)


def test_one_fixture_key_is_expired(store: BookingStore) -> None:
    expired = store.api_key("cal_test_acme_expired_key")
    assert expired is not None and expired.user_id == 106
    with pytest.raises(ApiKeyExpired):
        check_api_key(expired, NOW)


def test_team_roles_cover_admin_owner_and_member(store: BookingStore) -> None:
    roles = {(u.id, team, role) for u in store.users() for team, role in u.team_roles.items()}
    assert {(103, 11, Role.ADMIN), (105, 12, Role.OWNER), (104, 11, Role.MEMBER), (203, 21, Role.ADMIN)} <= roles


def test_two_organizations_have_the_admin_api_and_one_does_not(store: BookingStore) -> None:
    flags = {org_id: store.organization(org_id) for org_id in (1, 2, 3)}
    assert {i: o.admin_api_enabled for i, o in flags.items() if o} == {1: True, 2: True, 3: False}
    # Acme also has Rotations (13), a round-robin team the Swagger UI examples reassign within.
    assert {t.id for t in store.teams_of_org(1)} == {11, 12, 13} and {t.id for t in store.teams_of_org(2)} == {21, 22}


def test_each_organization_has_every_kind_of_event_type(store: BookingStore) -> None:
    for ids in ((1001, 1002, 1003, 1004, 1101), (2001, 2002, 2003, 2004, 2101)):
        regular, confirm, seated, recurring, team = (store.event_type(i) for i in ids)
        assert regular and not (regular.requires_confirmation or regular.is_seated or regular.recurrence)
        assert confirm and confirm.requires_confirmation
        assert seated and seated.seats_per_time_slot == 3
        assert recurring and recurring.recurrence and recurring.recurrence.max_occurrences == 6
        assert team and team.team_id is not None and len(team.host_ids) == 2


def test_booking_times_are_offsets_from_the_clock(store: BookingStore) -> None:
    upcoming = store.booking("awSwmVI4wxFymMjsrh5AU3")
    in_progress = store.booking("GMymbzTjfUQbj4r9zKl6wu")
    assert upcoming is not None and upcoming.start == TODAY + timedelta(days=3, hours=14)
    assert in_progress is not None and in_progress.start < NOW < in_progress.end


def test_fixtures_loaded_later_are_still_upcoming() -> None:
    later = Clock(frozen_at=NOW + timedelta(days=400))
    booking = fixtures.load(clock=later).booking("awSwmVI4wxFymMjsrh5AU3")
    assert booking is not None and booking.start > later.now()


def test_the_fixtures_cover_every_booking_state(store: BookingStore) -> None:
    assert {b.status for b in store.bookings()} == set(BookingStatus)
    assert len(store.series("59bc8874-b6b8-49a3-9155-28899e8884ba")) == 6
    seated = store.booking("TYnL6GynjVNELdbv2IGtnB")
    assert seated is not None and len(seated.seat_uids) == 3
    assert len([b for b in store.bookings() if any(a.email.endswith("@initech.com") for a in b.attendees)]) > 10


def test_no_host_is_double_booked_in_the_fixtures(store: BookingStore) -> None:
    for user in store.users():
        live = [b for b in store.bookings(store.uids_for_user(user.id)) if b.blocks_time]
        for a, b in combinations(live, 2):
            assert not a.overlaps(b.start, b.end), (user.username, a.id, b.id)


def test_loading_marks_the_baseline_for_reset() -> None:
    store = fixtures.load(clock=Clock(frozen_at=NOW), rng=random.Random(5))
    state = store.export()
    store.reset()
    assert store.export() == state


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just a list", "expected a mapping"),
        ("organizations: [{slug: x, name: X}]", r"organizations\[0\]: missing 'id'"),
        ("organizations: [{id: 1, slug: x, name: X, plan: GOLD}]", "not a valid Plan"),
        (
            "bookings: [{id: 1, uid: u, eventTypeId: 9, status: ACCEPTED, start: {days: 1}, attendees: []}]",
            "unknown eventTypeId 9",
        ),
        ("teams: oops", "teams: expected a list"),
        ("users: [{id: one, username: u, name: U, email: u@x.com}]", r"users\[0\]\.id: expected int"),
    ],
)
def test_a_broken_fixture_file_names_the_bad_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(fixtures.FixtureError, match=message):
        fixtures.load(path, clock=Clock(frozen_at=datetime(2025, 1, 1, tzinfo=UTC)))


@pytest.mark.parametrize("start_day", range(7))
def test_workdays_count_weekdays_from_any_day_the_mock_starts_on(start_day: int) -> None:
    """A fixture booking given in `workdays` stays on a weekday (inside Monday-to-Friday working hours)
    whatever the day of the week the mock starts on."""
    from mock_server.state.fixtures import _instant

    today = datetime(2026, 11, 30, tzinfo=UTC) + timedelta(days=start_day)  # 2026-11-30 is a Monday
    for workdays in range(1, 15):
        moment = _instant({"workdays": workdays, "hours": 15}, today, today)
        assert moment.weekday() < 5, (today, workdays, moment)
        assert (moment - today).days >= workdays
