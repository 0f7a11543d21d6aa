"""What every surface's answers share: the success envelope, the host, the display email, and the
directory a view reads users and event types from."""

from __future__ import annotations

import re
from typing import Any, Protocol

from mock_server.domain.model import EventType, User

__all__ = ["Answer", "Directory", "Json", "display_email", "host", "me_output", "present", "success"]

Json = dict[str, Any]
Answer = tuple[Any, int]


class Directory(Protocol):
    def user(self, user_id: int) -> User | None: ...

    def event_type(self, event_type_id: int) -> EventType | None: ...


def success(data: Any, **extra: Any) -> Json:
    return {"status": "success", "data": data, **extra}


def present(output: Json, **optional: object) -> Json:
    output.update((key, value) for key, value in optional.items() if value is not None)
    return output


_OAUTH_CLIENT_SUFFIX = re.compile(r"\+[a-zA-Z0-9]{25}")


def display_email(email: str) -> str:
    """A managed user's email without its `+<OAuth client id>` (output.service.ts `getDisplayEmail`)."""
    return _OAUTH_CLIENT_SUFFIX.sub("", email, count=1)


def host(user: User) -> Json:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "displayEmail": display_email(user.email),
        "username": user.username,
        "timeZone": user.time_zone,
    }


def me_output(user: User) -> Json:
    """MeOutput: the profile behind the API key."""
    output: Json = {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "name": user.name,
        "avatarUrl": None,
        "bio": None,
        "timeFormat": 12,
        "defaultScheduleId": None,
        "weekStart": "Sunday",
        "timeZone": user.time_zone,
        "organizationId": user.org_id,
    }
    if user.org_id is not None:
        output["organization"] = {"id": user.org_id, "isPlatform": False}
    return output
