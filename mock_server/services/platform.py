"""What `@calcom/atoms` ask the platform for besides bookings and slots: the OAuth client the provider is
started with, the managed user's tokens and profile, and the public event type the Booker shows.

Real sources (calcom/cal.com, apps/api/v2/src): ee/provider/provider.controller.ts,
modules/oauth-clients/controllers/oauth-flow (+ services/oauth-flow.service.ts), ee/me/me.controller.ts,
modules/atoms/services/event-types-atom.service.ts (`getPublicEventTypeForAtoms`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import (
    AtomsEventTypeNotFound,
    AtomsTeamIdRequired,
    AtomsUsernameRequired,
    OAuthCredentialsInvalid,
    ProviderClientUnknown,
)
from mock_server.domain.model import AccessToken, EventType, OAuthClient, RefreshToken, Team, User
from mock_server.state.store import BookingStore

__all__ = [
    "ACCESS_TOKEN_LIFETIME",
    "REFRESH_TOKEN_LIFETIME",
    "PlatformService",
    "PublicEvent",
    "Tokens",
]

# "Each access token is valid for 60 minutes and each refresh token for 1 year" (oauth-flow.controller.ts).
ACCESS_TOKEN_LIFETIME = timedelta(minutes=60)
REFRESH_TOKEN_LIFETIME = timedelta(days=365)


@dataclass(frozen=True, kw_only=True, slots=True)
class Tokens:
    access: AccessToken
    refresh: RefreshToken


@dataclass(frozen=True, kw_only=True, slots=True)
class PublicEvent:
    """An event type as a booking page shows it: with the users it is booked with and its team, if any."""

    event_type: EventType
    users: tuple[User, ...]
    team: Team | None
    org_slug: str | None


class PlatformService:
    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    # ------------------------------------------------------------------------------- OAuth clients

    def client(self, client_id: str) -> OAuthClient:
        """`ProviderController.getClientData`: an unknown client is a bare 401 (the provider shows
        "Invalid oAuth Client.")."""
        client = self.store.oauth_client(client_id)
        if client is None:
            raise ProviderClientUnknown()
        return client

    def refresh(self, client_id: str, secret: str, refresh_token: str) -> Tokens:
        """`OAuthFlowService.refreshToken`: the client's secret and one of its refresh tokens buy a new
        access token (60 minutes) and a new refresh token (a year); the used one stops working."""
        client = self.store.oauth_client(client_id)
        used = self.store.refresh_token(refresh_token)
        now = self.clock.now()
        if (
            client is None
            or client.secret != secret
            or used is None
            or used.client_id != client_id
            or (used.expires_at is not None and now > used.expires_at)
        ):
            raise OAuthCredentialsInvalid()
        tokens = Tokens(
            access=AccessToken(
                token=f"mock_access_{self.store.new_uuid()}",
                user_id=used.user_id,
                expires_at=now + ACCESS_TOKEN_LIFETIME,
            ),
            refresh=RefreshToken(
                token=f"mock_refresh_{self.store.new_uuid()}",
                user_id=used.user_id,
                client_id=client_id,
                expires_at=now + REFRESH_TOKEN_LIFETIME,
            ),
        )
        self.store.rotate_tokens(used, tokens.access, tokens.refresh)
        return tokens

    # ------------------------------------------------------------------------------------ profile

    def update_me(self, caller: User, changes: Mapping[str, Any]) -> User:
        """`MeService.updateMe` for the fields the mock keeps (name, email, time zone, locale); the others
        are accepted and not stored. A new time zone moves the default schedule with it
        (`updateUserSchedule(..., {timeZone})`), so the user's working hours follow."""
        fields: dict[str, Any] = {}
        for name, attribute in (("name", "name"), ("email", "email"), ("timeZone", "time_zone"), ("locale", "locale")):
            if name in changes:
                fields[attribute] = changes[name]
        if "timeZone" in changes:
            fields["schedule_time_zone"] = None
        updated = replace(caller, **fields)
        self.store.update_user(updated)
        return updated

    # --------------------------------------------------------------------------- public event type

    def public_event(
        self,
        slug: str,
        *,
        username: str | None,
        is_team_event: bool,
        team_id: int | None,
        org_id: int | None,
    ) -> PublicEvent:
        """`getPublicEventTypeForAtoms`: a team's event by `teamId`, else a user's (several usernames
        joined with `+` book the first's event), looked up lower-cased, in `orgId` when given."""
        organization = self.store.organization(org_id) if org_id is not None else None
        org_slug = organization.slug if organization is not None else None
        if is_team_event:
            if team_id is None:
                raise AtomsTeamIdRequired()
            team = self.store.team(team_id)
            event_type = self.store.event_type_of_team(team_id, slug) if team is not None else None
            if event_type is None:
                raise AtomsEventTypeNotFound(slug)
            users = tuple(u for u in (self.store.user(i) for i in event_type.assigned_user_ids) if u is not None)
            return PublicEvent(event_type=event_type, users=users, team=team, org_slug=org_slug)
        if not username:
            raise AtomsUsernameRequired()
        first = username.split("+")[0].lower()
        user = self.store.user_by_username(first, org_id=org_id) or self.store.user_by_username(first)
        event_type = self.store.event_type_of_user(user.id, slug) if user is not None else None
        if user is None or event_type is None:
            raise AtomsEventTypeNotFound(slug)
        return PublicEvent(event_type=event_type, users=(user,), team=None, org_slug=org_slug)
