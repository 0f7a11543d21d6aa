"""`ProviderController` (apps/api/v2/src/ee/provider), `OAuthFlowController.refreshTokens`
(modules/oauth-clients/controllers/oauth-flow) and `MeController.updateMe` (ee/me)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from mock_server.api.provider import inputs
from mock_server.api.provider.views import client_output, keys_output
from mock_server.api.reading import bearer_token, header, required_caller
from mock_server.api.routing import Surface
from mock_server.api.shapes import Answer, me_output
from mock_server.services.bookings import X_CAL_SECRET_KEY, BookingService
from mock_server.services.platform import PlatformService

__all__ = ["ProviderHandlers"]


class ProviderHandlers(Surface):
    OPERATIONS: ClassVar[Mapping[str, str]] = {
        "ProviderController_verifyClientId": "verify_client_id",
        "ProviderController_verifyAccessToken": "verify_access_token",
        "OAuthFlowController_refreshTokens": "refresh_tokens",
        "MeController_updateMe": "update_me",
    }

    def __init__(self, bookings: BookingService, platform: PlatformService) -> None:
        self.bookings = bookings
        self.platform = platform

    async def verify_client_id(self, clientId: str) -> Answer:
        """No guard: `useOAuthClient` asks before it sends any credentials."""
        return {"status": "success", "data": client_output(self.platform.client(clientId))}, 200

    async def verify_access_token(self, clientId: str) -> Answer:
        """`ApiAuthGuard`, with the path's client id standing for `x-cal-client-id`: a valid bearer token
        (401 unknown, 498 expired) or the client's secret. Answers no data."""
        self._guard(clientId)
        return {"status": "success"}, 200

    async def refresh_tokens(self, clientId: str, body: Any = None) -> Answer:
        """`ApiAuthGuard` first (the path's client with its secret, 401s of the guard), then the service:
        a secret or refresh token that does not match is `Invalid OAuthClient credentials.` (400)."""
        secret = self._guard(clientId)
        tokens = self.platform.refresh(clientId, secret or "", inputs.refresh_token(body))
        return {"status": "success", "data": keys_output(tokens)}, 200

    async def update_me(self, body: Any = None) -> Answer:
        caller = required_caller(self.bookings, permissions_guard=True)
        updated = self.platform.update_me(caller, inputs.me_changes(body))
        return {"status": "success", "data": me_output(updated)}, 200

    def _guard(self, client_id: str) -> str | None:
        """`ApiAuthGuard` on a `:clientId` route: the path's id stands for `x-cal-client-id`."""
        secret = header(X_CAL_SECRET_KEY.encode())
        self.bookings.authenticate(
            bearer_token(), required=True, client_id=client_id if secret else None, client_secret=secret
        )
        return secret
