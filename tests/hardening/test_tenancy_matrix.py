"""Every key of the fixtures against every organization and team route, and against another
organization's bookings: no read or write crosses an organization."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mock_server.domain.clock import Clock
from mock_server.state import fixtures

STORE = fixtures.load(clock=Clock())
V2 = {"cal-api-version": "2024-08-13"}
USERS = {user.id: user for user in STORE.users()}
KEYS = [(key.key, USERS[key.user_id]) for key in STORE.api_keys() if key.expires_at is None]
ORGS = [org.id for org in (STORE.organization(i) for i in (1, 2, 3)) if org is not None]
TEAMS = [(team.parent_org_id, team.id) for org_id in ORGS for team in STORE.teams_of_org(org_id)]


def _org_of_booking(booking: dict[str, Any]) -> frozenset[int]:
    """Organizations a listed (fixture) booking belongs to."""
    stored = STORE.booking(booking["uid"])
    assert stored is not None, f"{booking['uid']} is not a fixture booking"
    return STORE.context(stored).org_ids


def _may_see(user: Any, booking: dict[str, Any]) -> bool:
    """A booking of the caller's organization, of no organization, or one the caller attends; an
    organization's admins also see bookings its members attend, wherever they belong (the real
    `getBookings` unions "attendee email in the administered members' emails")."""
    orgs = _org_of_booking(booking)
    emails = {a["email"] for a in booking["attendees"]}
    if user.org_role in ("ADMIN", "OWNER"):
        members = {m.email for m in STORE.users() if m.org_id == user.org_id}
        if emails & members:
            return True
    return user.email in emails or not orgs or user.org_id in orgs


def _all_pages(http: httpx.Client, url: str, key: str) -> httpx.Response:
    return http.get(url, params={"take": 250}, headers={**V2, "Authorization": f"Bearer {key}"})


@pytest.mark.parametrize(("key", "user"), KEYS, ids=[user.username for _, user in KEYS])
def test_no_key_reads_another_organizations_bookings(http: httpx.Client, key: str, user: Any) -> None:
    own = _all_pages(http, "/v2/bookings", key)
    assert own.status_code == 200
    for booking in own.json()["data"]:
        assert _may_see(user, booking), f"{key} sees {booking['uid']} of org {_org_of_booking(booking)}"
    for org_id in ORGS:
        response = _all_pages(http, f"/v2/organizations/{org_id}/bookings", key)
        if org_id != user.org_id:
            assert response.status_code in (401, 403, 404), f"{key} read org {org_id}: {response.status_code}"
        elif response.status_code == 200:
            assert all(_may_see(user, b) for b in response.json()["data"])
    for org_id in ORGS:
        member = next(m for m in STORE.users() if m.org_id == org_id)
        response = _all_pages(http, f"/v2/organizations/{org_id}/users/{member.id}/bookings", key)
        if org_id != user.org_id:
            assert response.status_code in (401, 403, 404), (
                f"{key} read a member of org {org_id}: {response.status_code}"
            )
        elif response.status_code == 200:
            assert all(_may_see(user, b) for b in response.json()["data"])
    for team_org_id, team_id in TEAMS:
        response = _all_pages(http, f"/v2/organizations/{team_org_id}/teams/{team_id}/bookings", key)
        if team_org_id != user.org_id:
            assert response.status_code in (401, 403, 404), f"{key} read team {team_id}: {response.status_code}"
        elif response.status_code == 200:
            team_event_types = {e.id for e in STORE.event_types_of_teams({team_id})}
            assert {b["eventTypeId"] for b in response.json()["data"]} <= team_event_types


@pytest.mark.parametrize(("key", "user"), KEYS, ids=[user.username for _, user in KEYS])
def test_no_key_changes_another_organizations_bookings(http: httpx.Client, key: str, user: Any) -> None:
    foreign = [
        b
        for b in STORE.bookings()
        if user.org_id is not None
        and (ctx := STORE.context(b)).org_ids
        and user.org_id not in ctx.org_ids
        and user.email not in {a.email for a in b.attendees}
    ]
    assert foreign or user.org_id is None
    before = http.get("/_mock/state").json()
    headers = {**V2, "Authorization": f"Bearer {key}"}
    for booking in foreign[:6]:
        for action, body in (
            ("confirm", None),
            ("decline", {}),
            (
                "mark-absent",
                {"attendees": [{"email": booking.attendees[0].email, "absent": True}]}
                if booking.attendees
                else {"host": False},
            ),
        ):
            response = http.post(f"/v2/bookings/{booking.uid}/{action}", json=body, headers=headers)
            assert response.status_code in (400, 401, 403), f"{key} {action} {booking.uid}: {response.status_code}"
        for reassign in ("reassign", f"reassign/{booking.organizer_id}"):
            response = http.post(f"/v2/bookings/{booking.uid}/{reassign}", headers=headers)
            assert response.status_code in (401, 403), f"{key} {reassign} {booking.uid}: {response.status_code}"
        references = http.get(f"/v2/bookings/{booking.uid}/references", headers=headers)
        assert references.status_code in (400, 401, 403), f"{key} read references of {booking.uid}"
        report = http.post(
            f"/v2/organizations/{user.org_id}/bookings/report",
            headers=headers,
            json={"bookingUid": booking.uid, "reason": "SPAM", "reportType": "EMAIL"},
        )
        assert report.status_code in (401, 403), f"{key} reported {booking.uid}: {report.status_code}"
        v1 = http.patch(f"/v1/bookings/{booking.id}", params={"apiKey": key}, json={"title": "hijacked"})
        assert v1.status_code in (401, 403), f"{key} patched {booking.id} through v1: {v1.status_code}"
    assert http.get("/_mock/state").json() == before
