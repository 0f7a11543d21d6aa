"""The query of the atoms' public event type (GetAtomPublicEventTypeQueryParams) and of the email check."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mock_server.domain.exceptions import InvalidRequest

__all__ = ["PublicEventQuery", "email_check", "public_event_query"]

# class-validator's IsEmail, loosely: one @, no spaces, a dot in the domain.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, kw_only=True, slots=True)
class PublicEventQuery:
    username: str | None
    is_team_event: bool
    team_id: int | None
    org_id: int | None


def _int(value: Any) -> int | None:
    """`@Transform(({ value }) => parseInt(value))`: leading digits count, anything else is NaN (absent)."""
    if value is None:
        return None
    found = re.match(r"\s*[-+]?\d+", str(value))
    return int(found.group()) if found else None


def public_event_query(params: Mapping[str, Any]) -> PublicEventQuery:
    """`isTeamEvent` is true only for the string "true"; `teamId` and `orgId` are parseInt'ed."""
    username = params.get("username")
    return PublicEventQuery(
        username=str(username) if username is not None else None,
        is_team_event=str(params.get("isTeamEvent")).lower() == "true",
        team_id=_int(params.get("teamId")),
        org_id=_int(params.get("orgId")) or None,
    )


def email_check(email: str | None) -> str:
    """CheckEmailVerificationRequiredParams: `email` is required and must be an email."""
    if not email or not _EMAIL.match(email):
        raise InvalidRequest("email must be an email")
    return email
