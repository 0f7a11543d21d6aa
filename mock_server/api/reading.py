"""What every surface reads from a request the same way: the credentials of its headers, a body that
came without a Content-Type, instants, time zones and whole numbers. What the spec cannot say is
checked here and refused as `InvalidRequest`."""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime, time
from functools import cache
from typing import Any

from connexion.context import scope

from mock_server.domain.clock import to_utc
from mock_server.domain.exceptions import InvalidRequest
from mock_server.domain.model import User
from mock_server.services.bookings import X_CAL_CLIENT_ID, X_CAL_SECRET_KEY, BookingService

__all__ = [
    "LATEST_YEAR",
    "bearer_token",
    "bookable_instant",
    "comma_ids",
    "header",
    "instant",
    "optional_caller",
    "range_bound",
    "request_body",
    "required_caller",
    "time_zone",
    "time_zones",
    "whole",
]

_CLIENT_ID, _SECRET_KEY = X_CAL_CLIENT_ID.encode(), X_CAL_SECRET_KEY.encode()  # lower-case, as ASGI names headers

# Starts are moved and extended by the meeting length; past this year the arithmetic would overflow.
LATEST_YEAR = 9000


def header(name: bytes) -> str | None:
    """The request's header `name` (lower-case, as ASGI gives names), read from the ASGI scope: what
    `connexion.request.headers` answers, without a request object built on every access."""
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")  # type: ignore[no-any-return]
    return None


def bearer_token() -> str | None:
    """The credential of `Authorization`. Anything but `Bearer <key>` is checked as a key, so it fails."""
    header_value = header(b"authorization")
    if header_value is None:
        return None
    scheme, _, token = header_value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else header_value


def request_body(body: Any) -> Mapping[str, Any]:
    """Bodies whose schema has a default arrive as raw bytes when sent without a Content-Type."""
    if isinstance(body, bytes):
        return json.loads(body or b"{}")  # type: ignore[no-any-return]
    return body or {}


def optional_caller(
    bookings: BookingService, *, required: bool = False, permissions_guard: bool = False
) -> User | None:
    """The user the request's credentials name (a key, an access token, or an OAuth client's pair), if any;
    credentials that are sent must be valid."""
    return bookings.authenticate(
        bearer_token(),
        required=required,
        permissions_guard=permissions_guard,
        client_id=header(_CLIENT_ID),
        client_secret=header(_SECRET_KEY),
    )


def required_caller(bookings: BookingService, *, permissions_guard: bool = False) -> User:
    found = optional_caller(bookings, required=True, permissions_guard=permissions_guard)
    assert found is not None
    return found


def instant(text: str, field: str, *, naive_is_utc: bool = False) -> datetime:
    """An ISO-8601 instant as aware UTC. Accepts the lower-case `t`/`z` RFC 3339 allows. Without an offset
    it is refused, unless `naive_is_utc`: the 2024-08-13 services read a booking's start with
    `DateTime.fromISO(start, { zone: "utc" })`, so `2030-08-13T12:00:00` is 12:00 UTC there."""
    try:
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"{field} must be a valid ISO 8601 date.") from None
    if moment.tzinfo is None and naive_is_utc:
        moment = moment.replace(tzinfo=UTC)
    if moment.tzinfo is None:
        raise InvalidRequest(f"{field} must be a valid ISO 8601 date with a time zone (e.g. 2030-01-01T09:00:00Z).")
    try:
        return to_utc(moment)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the year 1 in UTC
        raise InvalidRequest(f"{field} must be between the years 1 and 9999 in UTC.") from None


def bookable_instant(text: str, field: str, *, naive_is_utc: bool = False) -> datetime:
    """An instant a booking can start or end at: its arithmetic (lengths, recurrences) must not overflow."""
    moment = instant(text, field, naive_is_utc=naive_is_utc)
    if moment.year > LATEST_YEAR:
        raise InvalidRequest(f"{field} must be before the year {LATEST_YEAR}.")
    return moment


def range_bound(text: str, field: str, *, end: bool, invalid: str) -> datetime:
    """A bound of a slots range (`@IsDateString`, both slots APIs): a date, or a date-time read as UTC when it
    has no zone; a bound at midnight as `end` is that whole day, to 23:59:59 (the services' adjustEndTime).
    `invalid` is the message of a bound that is no date, which each version words its own way."""
    try:
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(invalid) from None
    moment = to_utc(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))
    if moment.year > LATEST_YEAR:
        raise InvalidRequest(f"{field} must be before the year {LATEST_YEAR}.")
    if end and moment.time() == time(0):
        moment = moment.replace(hour=23, minute=59, second=59)
    return moment


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone(name: str, field: str) -> str:
    if name not in time_zones():
        raise InvalidRequest(f"{field} must be a valid IANA time zone, e.g. Europe/Rome.")
    return name


def whole(value: Any, field: str) -> int | None:
    """The spec types ids and counts as `number`; the real DTOs require whole numbers."""
    if value is None:
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or float(value).is_integer()):
        raise InvalidRequest(f"{field} must be an integer number")
    return int(value)


def comma_ids(value: str | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(int(part) for part in value.split(","))
