"""What `@calcom/atoms` call besides bookings and slots (docs/atoms.md), over HTTP: the provider's client and
token checks, the refresh, `PATCH /v2/me`, the public event type, the email check, time zones, calendars and
the 2024-04-15 booking-for-reschedule. Every answer is checked against the spec by the conforming client;
the clock is frozen on Monday 2025-03-10 12:00 UTC."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server import create_app
from mock_server.domain.clock import Clock

CLIENT = "clkindsplatf0rmc1ient0001"
SECRET = "kinds-platform-secret"
ALICE = {"Authorization": "Bearer kinds_access_token_alice"}
EXPIRED = {"Authorization": "Bearer kinds_access_token_alice_expired"}
ATOMS = {"cal-api-version": "2024-06-14"}  # what CalProvider sends on every request
SENT_BY_ATOMS = ("authorization", "cal-api-version", "content-type", "x-cal-client-id", "x-cal-platform-embed")
SLUG = "managed-user-bookings-first-managed-user-event-type"


def _error(response: Any) -> tuple[int, str, str]:
    body = response.json()
    assert body["status"] == "error", body
    return response.status_code, body["error"]["code"], body["error"]["message"]


# ------------------------------------------------------------------------------------ the provider


def test_the_provider_finds_the_fixture_client_and_refuses_any_other(client: TestClient) -> None:
    found = client.get(f"/v2/provider/{CLIENT}")
    assert found.status_code == 200
    assert found.json() == {
        "status": "success",
        "data": {"clientId": CLIENT, "organizationId": 90, "name": "Platform Co app"},
    }
    assert _error(client.get("/v2/provider/clunknownclient000000000001")) == (
        401,
        "UnauthorizedException",
        "Unauthorized",
    )


def test_the_access_token_check_passes_a_valid_token_or_the_secret(client: TestClient) -> None:
    assert client.get(f"/v2/provider/{CLIENT}/access-token", headers={**ATOMS, **ALICE}).json() == {"status": "success"}
    assert client.get(f"/v2/provider/{CLIENT}/access-token", headers={"x-cal-secret-key": SECRET}).status_code == 200
    assert client.get(f"/v2/provider/{CLIENT}/access-token", headers={"x-cal-secret-key": "wrong"}).status_code == 401


def test_an_unknown_token_is_401_and_an_expired_one_498(client: TestClient) -> None:
    unknown = client.get(f"/v2/provider/{CLIENT}/access-token", headers={"Authorization": "Bearer nope"})
    assert _error(unknown) == (401, "UnauthorizedException", "ApiAuthStrategy - access token - Invalid Access Token.")
    assert client.get(f"/v2/provider/{CLIENT}/access-token").status_code == 401
    for path in (f"/v2/provider/{CLIENT}/access-token", "/v2/me", "/v2/calendars"):
        expired = client.get(path, headers={**ATOMS, **EXPIRED})
        assert _error(expired) == (498, "TokenExpiredException", "ACCESS_TOKEN_IS_EXPIRED"), path
        assert expired.json()["error"]["details"] == "ACCESS_TOKEN_IS_EXPIRED"


def test_a_refresh_trades_the_refresh_token_for_a_new_pair_that_expires_in_an_hour(
    client: TestClient, clock: Clock
) -> None:
    refreshed = client.post(
        f"/v2/oauth/{CLIENT}/refresh",
        headers={"x-cal-secret-key": SECRET},
        json={"refreshToken": "kinds_refresh_token_alice"},
    )
    assert refreshed.status_code == 200, refreshed.text
    keys = refreshed.json()["data"]
    now_ms = int(clock.now().timestamp() * 1000)
    assert keys["accessTokenExpiresAt"] == now_ms + 60 * 60 * 1000
    assert keys["refreshTokenExpiresAt"] == now_ms + 365 * 24 * 60 * 60 * 1000
    fresh = {"Authorization": f"Bearer {keys['accessToken']}"}
    assert client.get("/v2/me", headers=fresh).json()["data"]["username"] == "alice-smith"

    again = client.post(
        f"/v2/oauth/{CLIENT}/refresh",
        headers={"x-cal-secret-key": SECRET},
        json={"refreshToken": "kinds_refresh_token_alice"},
    )
    assert _error(again) == (400, "BadRequestException", "Invalid OAuthClient credentials.")
    chained = client.post(
        f"/v2/oauth/{CLIENT}/refresh", headers={"x-cal-secret-key": SECRET}, json={"refreshToken": keys["refreshToken"]}
    )
    assert chained.status_code == 200

    clock.advance(timedelta(minutes=61))
    assert _error(client.get("/v2/me", headers=fresh))[0] == 498


def test_a_refresh_needs_the_clients_secret(client: TestClient) -> None:
    body = {"refreshToken": "kinds_refresh_token_alice"}
    assert client.post(f"/v2/oauth/{CLIENT}/refresh", json=body).status_code == 401
    assert (
        client.post(f"/v2/oauth/{CLIENT}/refresh", headers={"x-cal-secret-key": "wrong"}, json=body).status_code == 401
    )
    missing = client.post(f"/v2/oauth/{CLIENT}/refresh", headers={"x-cal-secret-key": SECRET}, json={})
    assert missing.status_code == 400


# ------------------------------------------------------------------------------------- PATCH /v2/me


def test_patch_me_changes_the_time_zone_the_provider_sends(client: TestClient) -> None:
    changed = client.patch("/v2/me", headers={**ATOMS, **ALICE}, json={"timeZone": "America/New_York"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["data"]["timeZone"] == "America/New_York"
    assert client.get("/v2/me", headers=ALICE).json()["data"]["timeZone"] == "America/New_York"


def test_a_new_time_zone_moves_the_default_schedule_with_it(client: TestClient) -> None:
    """newman works in a Europe/Rome schedule though he lives in New York; MeService moves the schedule too."""
    newman = {"Authorization": "Bearer cal_test_newman_key"}
    assert client.patch("/v2/me", headers=newman, json={"timeZone": "Asia/Tokyo"}).status_code == 200
    slots = client.get(
        "/v2/slots/available",
        params={
            "usernameList[]": "newman",
            "eventTypeId": _newman_event_type(client),
            "startTime": "2025-03-12T00:00:00Z",
            "endTime": "2025-03-12T23:59:59Z",
            "timeZone": "UTC",
        },
    )
    assert slots.status_code == 200, slots.text
    times = [slot["time"] for day in slots.json()["data"]["slots"].values() for slot in day]
    assert times[0] == "2025-03-12T00:00:00.000Z"  # 09:00 in Tokyo, not 08:00 UTC (09:00 in Rome)


def _newman_event_type(client: TestClient) -> int:
    found = client.get(
        "/v2/event-types",
        params={"username": "newman"},
        headers={"cal-api-version": "2024-06-14", "Authorization": "Bearer cal_test_newman_key"},
    )
    assert found.status_code == 200, found.text
    return int(found.json()["data"][0]["id"])


def test_patch_me_refuses_a_zone_that_is_none_and_a_caller_without_credentials(client: TestClient) -> None:
    bad = client.patch("/v2/me", headers=ALICE, json={"timeZone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert "timeZone" in bad.json()["error"]["message"]
    assert client.patch("/v2/me", json={"timeZone": "UTC"}).status_code == 403


# --------------------------------------------------------------------------------- the Booker's reads


def test_the_public_event_type_has_what_the_booker_reads(client: TestClient) -> None:
    found = client.get(f"/v2/atoms/event-types/{SLUG}/public", params={"username": "alice-smith", "orgId": "90"})
    assert found.status_code == 200, found.text
    event = found.json()["data"]
    assert (event["id"], event["length"], event["title"]) == (
        9020,
        30,
        "Managed user bookings first managed user event type",
    )
    assert [user["username"] for user in event["subsetOfUsers"]] == ["alice-smith"]
    assert [field["name"] for field in event["bookingFields"]][:2] == ["name", "email"]
    assert event["entity"]["orgSlug"] == "platformco"
    # Usernames are matched lower-cased; several joined with "+" book the first's event.
    assert (
        client.get(f"/v2/atoms/event-types/{SLUG}/public", params={"username": "Alice-Smith+bob-smith"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"username": "alice-smith", "slug": "nope"}, 404, "Event type with slug nope not found"),
        ({}, 400, "username is required for non-team events, please provide a valid username"),
        ({"isTeamEvent": "true"}, 400, "teamId is required for team events, please provide a valid teamId"),
    ],
)
def test_the_public_event_type_refuses_as_the_real_service(
    client: TestClient, query: dict[str, str], status: int, message: str
) -> None:
    slug = query.pop("slug", SLUG)
    refused = client.get(f"/v2/atoms/event-types/{slug}/public", params=query)
    assert _error(refused)[0::2] == (status, message)


def test_the_email_check_answers_false_for_a_valid_email_and_400_without_one(client: TestClient) -> None:
    assert client.get("/v2/atoms/verification/email/check", params={"email": "bob@example.com"}).json() == {
        "status": "success",
        "data": False,
    }
    assert client.get("/v2/atoms/verification/email/check").status_code == 400
    assert client.get("/v2/atoms/verification/email/check", params={"email": "not-an-email"}).status_code == 400


def test_time_zones_and_calendars(client: TestClient) -> None:
    zones = client.get("/v2/timezones", headers=ATOMS).json()["data"]
    assert {"city": "Rome", "timezone": "Europe/Rome", "pop": 0} in zones
    calendars = client.get("/v2/calendars", headers={**ATOMS, **ALICE})
    assert calendars.json()["data"] == {"connectedCalendars": [], "destinationCalendar": None}
    assert client.get("/v2/calendars").status_code == 401


def test_the_booking_for_reschedule_answers_the_older_versions_only(client: TestClient) -> None:
    uid = "awSwmVI4wxFymMjsrh5AU3"  # the fixtures' booking to read and cancel
    for headers in ({}, ATOMS, {"cal-api-version": "2024-04-15"}):
        found = client.get(f"/v2/bookings/{uid}/reschedule", headers=headers)
        assert found.status_code == 200, found.text
        assert found.json()["data"]["uid"] == uid
    assert client.get(f"/v2/bookings/{uid}/reschedule", headers={"cal-api-version": "2024-08-13"}).status_code == 404
    missing = client.get("/v2/bookings/nope/reschedule", headers=ATOMS)
    assert _error(missing) == (404, "NotFoundException", "Booking with UID=nope does not exist.")


def test_a_cross_origin_preflight_allows_the_headers_the_atoms_send(client: TestClient) -> None:
    preflight = client.options(
        "/v2/slots/reserve",
        headers={
            "Origin": "http://127.0.0.1:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": ",".join(SENT_BY_ATOMS),
        },
    )
    assert preflight.status_code == 200
    allowed = preflight.headers["access-control-allow-headers"].lower()
    for header in SENT_BY_ATOMS:
        assert header in allowed


# ------------------------------------------------------------------------------ Prefer: 500 and 429
# Answers no operation documents (any operation can get them from the real server), so the plain client.


@pytest.fixture
def plain(clock: Clock) -> TestClient:
    return TestClient(create_app(clock=clock, seed=7))


def test_prefer_500_answers_the_real_internal_error_on_any_operation(plain: TestClient) -> None:
    client = plain
    forced = client.get("/v2/me", headers={**ALICE, "Prefer": "code=500"})
    assert _error(forced) == (500, "InternalServerErrorException", "Internal server error")


@pytest.mark.parametrize(
    ("headers", "limit"),
    [
        ({"Authorization": "Bearer cal_test_acme_owner_key"}, "120"),
        (ALICE, "500"),
        ({"x-cal-client-id": CLIENT}, "500"),
        ({}, "120"),
    ],
)
def test_prefer_429_answers_the_throttler_with_its_headers(
    plain: TestClient, headers: dict[str, str], limit: str
) -> None:
    client = plain
    forced = client.get(f"/v2/provider/{CLIENT}", headers={**headers, "Prefer": "code=429"})
    assert _error(forced) == (
        429,
        "ThrottlerException",
        "CustomThrottlerGuard - Too many requests. Please try again later.",
    )
    assert forced.headers["X-RateLimit-Limit-Default"] == limit
    assert forced.headers["X-RateLimit-Remaining-Default"] == "0"
    assert forced.headers["X-RateLimit-Reset-Default"] == "60"
