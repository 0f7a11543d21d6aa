"""The bodies of `PATCH /v2/me` (UpdateManagedUserInput) and of the token refresh (RefreshTokenInput)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_server.api.reading import request_body, time_zone
from mock_server.domain.exceptions import InvalidRequest

__all__ = ["me_changes", "refresh_token"]


def me_changes(body: Any) -> Mapping[str, Any]:
    """The fields sent; the spec checks their types, here the time zone is checked against IANA's list
    (`@IsTimeZone`). Unknown properties are dropped, as the real whitelisting pipe drops them."""
    changes = dict(request_body(body))
    if "timeZone" in changes:
        changes["timeZone"] = time_zone(str(changes["timeZone"]), "timeZone")
    return changes


def refresh_token(body: Any) -> str:
    token = request_body(body).get("refreshToken")
    if not isinstance(token, str) or not token:
        raise InvalidRequest("refreshToken must be a string")
    return token
