"""The provider's answers: the OAuth client (`clientId`, `organizationId`, `name`) and the tokens of a refresh
(KeysResponseDto: both tokens and their expiry times in epoch milliseconds)."""

from __future__ import annotations

from datetime import datetime

from mock_server.api.shapes import Json
from mock_server.domain.model import OAuthClient
from mock_server.services.platform import Tokens

__all__ = ["client_output", "keys_output"]


def client_output(client: OAuthClient) -> Json:
    return {"clientId": client.id, "organizationId": client.org_id, "name": client.name}


def _epoch_ms(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1000)


def keys_output(tokens: Tokens) -> Json:
    return {
        "accessToken": tokens.access.token,
        "accessTokenExpiresAt": _epoch_ms(tokens.access.expires_at),
        "refreshToken": tokens.refresh.token,
        "refreshTokenExpiresAt": _epoch_ms(tokens.refresh.expires_at),
    }
