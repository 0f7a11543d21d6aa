"""The reference's rules for lists, written once as pure functions: what each filter and status
means, which sort applies, and the pagination arithmetic (calcom-api-notes.md, "GET /v2/bookings").

Statuses depend on "now", which the suite cannot read from the server; a booking that ends within
`CLOCK_TOLERANCE` of the suite's clock is not judged either way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = [
    "CLOCK_TOLERANCE",
    "effective_sort",
    "expected_pagination",
    "filter_violations",
    "normalize_attendee_email",
    "order_violation",
    "parse_instant",
    "parse_statuses",
    "status_matches",
    "v1_filter_violations",
]

CLOCK_TOLERANCE = timedelta(minutes=2)
GONE = frozenset({"cancelled", "rejected"})
SORT_FIELDS = (("sortStart", "start"), ("sortEnd", "end"), ("sortCreated", "createdAt"), ("sortUpdatedAt", "updatedAt"))
_DESCENDING_BY_DEFAULT = frozenset({"past", "cancelled"})


def parse_instant(value: Any) -> datetime | None:
    """An ISO-8601 instant as aware UTC, or None when it cannot be read (the check then abstains)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:30+01:00 is a valid instant before datetime's first UTC moment
        return None


def same_instant(a: Any, b: Any) -> bool | None:
    """Whether two times name the same instant (to the millisecond); None when either is no time."""
    left, right = parse_instant(a), parse_instant(b)
    if left is None or right is None:
        return None
    return abs((left - right).total_seconds()) < 0.001


def parse_statuses(value: Any) -> list[str]:
    """`status` as sent: a comma list (or a list of them); distinct values in order."""
    if value is None:
        return []
    raw = [value] if isinstance(value, str) else [str(v) for v in value]
    items = [item.strip() for part in raw for item in part.split(",") if item.strip()]
    return list(dict.fromkeys(items))


def normalize_attendee_email(value: str) -> str:
    """`/v2/bookings` and the org list trim the email and turn inner whitespace into `+`."""
    return "+".join(value.strip().split())


def status_matches(item: Mapping[str, Any], status: str, now: datetime) -> bool | None:
    """Whether `item` has list status `status` at `now`; None when its end is too close to `now`."""
    end = parse_instant(item.get("end"))
    state = str(item.get("status"))
    if status == "cancelled":
        return state in GONE
    if end is None:
        return None
    if abs(end - now) < CLOCK_TOLERANCE:
        return None
    live = state not in GONE
    ahead = end >= now
    recurring = bool(item.get("recurringBookingUid"))
    if status == "upcoming":
        return ahead and (state == "accepted" if recurring else live)
    if status == "recurring":
        return ahead and recurring and live
    if status == "past":
        return not ahead and live
    if status == "unconfirmed":
        return ahead and state == "pending"
    return None


def _ids(value: Any) -> set[int] | None:
    try:
        return {int(part) for part in str(value).split(",")}
    except ValueError:
        return None


def filter_violations(
    item: Mapping[str, Any], query: Mapping[str, Any], now: datetime, *, rewrite_email: bool = True
) -> list[str]:
    """The filters of `query` that `item` fails, each as `name=value (item has ...)`."""
    failed: list[str] = []
    attendees = [a for a in item.get("attendees") or [] if isinstance(a, Mapping)]

    statuses = parse_statuses(query.get("status"))
    if statuses:
        verdicts = [status_matches(item, s, now) for s in statuses]
        if None not in verdicts and not any(verdicts):
            failed.append(f"status={','.join(statuses)} (item is {item.get('status')!r}, ends {item.get('end')})")
    email = query.get("attendeeEmail")
    if isinstance(email, str):
        wanted = normalize_attendee_email(email) if rewrite_email else email
        emails = [a.get("email") for a in attendees]
        if wanted not in emails:
            failed.append(f"attendeeEmail={wanted!r} (attendees: {emails})")
    name = query.get("attendeeName")
    if isinstance(name, str):
        names = [a.get("name") for a in attendees]
        if name not in names:
            failed.append(f"attendeeName={name!r} (attendees: {names})")
    uid = query.get("bookingUid")
    if isinstance(uid, str) and item.get("uid") != uid:
        failed.append(f"bookingUid={uid!r} (item uid {item.get('uid')!r})")
    event_types = (
        _ids(query["eventTypeIds"])
        if query.get("eventTypeIds") is not None
        else (_ids(query["eventTypeId"]) if query.get("eventTypeId") is not None else None)
    )
    if event_types is not None and item.get("eventTypeId") not in event_types:
        which = "eventTypeIds" if query.get("eventTypeIds") is not None else "eventTypeId"
        failed.append(f"{which}={sorted(event_types)} (item eventTypeId {item.get('eventTypeId')})")
    for param, field, after in (
        ("afterStart", "start", True),
        ("beforeEnd", "end", False),
        ("afterCreatedAt", "createdAt", True),
        ("beforeCreatedAt", "createdAt", False),
        ("afterUpdatedAt", "updatedAt", True),
        ("beforeUpdatedAt", "updatedAt", False),
    ):
        bound, value = parse_instant(query.get(param)), parse_instant(item.get(field))
        if bound is None or value is None:
            continue
        if (value < bound) if after else (value > bound):
            failed.append(f"{param}={query[param]} (item {field} {item.get(field)})")
    return failed


def effective_sort(query: Mapping[str, Any]) -> tuple[str, bool]:
    """(item field, descending) of the one sort that applies: the first sort key given by precedence,
    else start, descending when the only status is past or cancelled."""
    for param, field in SORT_FIELDS:
        if query.get(param) in ("asc", "desc"):
            return field, query[param] == "desc"
    statuses = parse_statuses(query.get("status"))
    return "start", len(statuses) == 1 and statuses[0] in _DESCENDING_BY_DEFAULT


def order_violation(items: Sequence[Mapping[str, Any]], field: str, descending: bool) -> int | None:
    """Index of the first item out of order (ties allowed), or None."""
    values = [parse_instant(item.get(field)) for item in items]
    for index in range(1, len(values)):
        before, here = values[index - 1], values[index]
        if before is None or here is None:
            continue
        if (here > before) if descending else (here < before):
            return index
    return None


def expected_pagination(total: int, take: int, skip: int) -> dict[str, Any]:
    """`apps/api/v2/src/lib/pagination/pagination.ts`, as the reference notes give it."""
    take, skip = abs(take), abs(skip)
    s = min(max(skip, 0), total)
    total_pages = math.ceil(total / take) if take else 0
    return {
        "totalItems": total,
        "remainingItems": min(max(total - (s + take), 0), total),
        "returnedItems": min(max(total - s, 0), take),
        "itemsPerPage": take,
        "currentPage": 0 if total_pages == 0 else min(max(s // take + 1, 1), total_pages),
        "totalPages": total_pages,
        "hasNextPage": s + take < total,
        "hasPreviousPage": s > 0,
    }


def v1_filter_violations(item: Mapping[str, Any], query: Mapping[str, Any], now: datetime) -> list[str]:
    """The v1 list filters `item` fails: attendeeEmail (any of), dateFrom/dateTo, status=upcoming."""
    failed: list[str] = []
    emails = query.get("attendeeEmail")
    if emails:
        wanted = [emails] if isinstance(emails, str) else list(emails)
        have = [a.get("email") for a in item.get("attendees") or [] if isinstance(a, Mapping)]
        if not set(wanted) & set(have):
            failed.append(f"attendeeEmail={wanted} (attendees: {have})")
    if query.get("status") == "upcoming":
        end = parse_instant(item.get("endTime"))
        if end is not None and end < now - CLOCK_TOLERANCE:
            failed.append(f"status=upcoming (item ended {item.get('endTime')})")
        return failed  # `upcoming` overrides the date filters
    start, end = parse_instant(item.get("startTime")), parse_instant(item.get("endTime"))
    date_from, date_to = parse_instant(query.get("dateFrom")), parse_instant(query.get("dateTo"))
    if date_from is not None and start is not None and start < date_from:
        failed.append(f"dateFrom={query['dateFrom']} (item startTime {item.get('startTime')})")
    if date_to is not None and end is not None and end > date_to:
        failed.append(f"dateTo={query['dateTo']} (item endTime {item.get('endTime')})")
    return failed


def absence_differences(booking: Mapping[str, Any], *, host: bool, attendees: Mapping[str, bool]) -> list[str]:
    """How a booking's absences differ from those marked (host absent when `host`; attendees by email)."""
    problems = []
    if host and booking.get("absentHost") is not True:
        problems.append(f"absentHost {booking.get('absentHost')!r}")
    for attendee in booking.get("attendees") or []:
        if (
            isinstance(attendee, Mapping)
            and attendee.get("email") in attendees
            and attendee.get("absent") != attendees[attendee["email"]]
        ):
            problems.append(f"attendee {attendee['email']} absent={attendee.get('absent')!r}")
    return problems
