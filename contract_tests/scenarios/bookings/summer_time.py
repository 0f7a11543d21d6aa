"""Bookings the run makes across a change of summer time keep the attendee's wall-clock time.

The real input service builds the occurrences of a recurring booking by stepping the first start in the
attendee's time zone (Luxon `plus({weeks})` in `attendee.timeZone`), so a weekly series whose weeks span a
change of summer time there keeps its local time and moves by an hour in UTC.
`series_keeps_the_attendees_wall_clock` finds the first change, in one of several zones, in the series part
of the run's window, books a series two weeks before it at a start
`GET /v2/slots` offers (so the host works then) whose every occurrence the run may take (`pick_start`: an
hour earlier or later after the change, it must not land on the run's own series), and holds every
occurrence, as answered and as read by the series uid, to the attendee's wall clock: the same local time,
`interval` weeks apart in local dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from contract_tests.checks import rules
from contract_tests.checks.failures import SummerTimeIgnored
from contract_tests.scenarios.booking_page import slots_agree
from contract_tests.target.bookings import BookingSpec, create_body
from contract_tests.target.http import Reply
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import SlotAllocator

__all__ = ["ZONES", "pick_start", "planned", "series_keeps_the_attendees_wall_clock", "summer_time_change", "weekly"]

# Zones that change to or from summer time at different times of the year, north and south.
ZONES = (
    "America/New_York",
    "Europe/Berlin",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Santiago",
    "Africa/Cairo",
)
_SEARCH_FROM = timedelta(days=250)  # into the run's window: among its series, whose grid `pick_start` avoids


def summer_time_change(start: date, end: date, zones: Sequence[str] = ZONES) -> tuple[str, date] | None:
    """The first day in [start, end] on which one of `zones` changes its offset, and that zone."""
    day = start
    while day <= end:
        opens = datetime(day.year, day.month, day.day, tzinfo=UTC)
        for name in zones:
            zone = ZoneInfo(name)
            if opens.astimezone(zone).utcoffset() != (opens + timedelta(days=1)).astimezone(zone).utcoffset():
                return name, day
        day += timedelta(days=1)
    return None


def planned(slots: SlotAllocator) -> tuple[str, date | None, date]:
    """The zone whose change of summer time the series spans, the day of that change (None when the run's
    window has none: then Berlin), and the day two weeks before it."""
    after = slots.window_start.date() + _SEARCH_FROM
    found = summer_time_change(after, slots.window_end.date())
    name, change = found if found is not None else ("Europe/Berlin", None)
    return name, change, (change or after) - timedelta(weeks=2)


def weekly(start: datetime, zone: ZoneInfo, count: int) -> list[datetime]:
    """The occurrences of a weekly series from `start` on the attendee's wall clock in `zone`."""
    local = start.astimezone(zone)
    return [(local + timedelta(weeks=week)).astimezone(UTC) for week in range(count)]


def pick_start(
    slots: SlotAllocator, offered: Sequence[datetime], length: timedelta, zone: ZoneInfo, count: int
) -> datetime | None:
    """The first offered start whose `count` weekly occurrences the run may all take (`SlotAllocator.fits`):
    the series is booked outside the allocator, and after the change its occurrences move by an hour."""
    for start in offered:
        if all(slots.fits(moment, moment + length) for moment in weekly(start, zone, count)):
            return start
    return None


def _occurrences(reply: Reply) -> list[Mapping[str, Any]]:
    data = reply.data
    items = data if isinstance(data, list) else [data]
    return sorted(
        (i for i in items if isinstance(i, Mapping) and parse_instant(i.get("start"))),
        key=lambda i: str(parse_instant(i.get("start"))),
    )


def _drift(occurrences: Sequence[Mapping[str, Any]], zone: ZoneInfo, weeks: int) -> list[str]:
    starts = [parse_instant(o.get("start")) for o in occurrences]
    local = [s.astimezone(zone) for s in starts if s is not None]
    if not local:
        return ["no occurrences"]
    first = local[0]
    problems = []
    for index, moment in enumerate(local):
        wanted = first.date() + timedelta(weeks=weeks * index)
        if (moment.date(), moment.time()) != (wanted, first.time()):
            problems.append(
                f"occurrence {index + 1} at {moment.isoformat()} (expected {wanted} {first.time().isoformat()})"
            )
    return problems


def series_keeps_the_attendees_wall_clock(session: ContractSession, weeks: int = 1) -> None:
    profile = session.profile
    event_type = int(profile.require("event_types.recurring"))
    count = int(profile.event_types.recurring_occurrences or 4)
    name, change, day = planned(session.slots)
    zone = ZoneInfo(name)
    offered_any = False
    for _ in range(7):  # a day the host works
        reply, offered = slots_agree.day_slots(session, event_type, day)
        offered_any = offered_any or bool(offered)
        length = next((slot.end - slot.start for slot in offered if slot.end is not None), session.slots.step)
        start = pick_start(session.slots, [slot.start for slot in offered], length, zone, count)
        if start is not None:
            break
        day -= timedelta(days=1)
    else:
        if offered_any:  # the run's own constraints, not the server's doing
            raise ValueError(
                f"no start offered in the week before {day + timedelta(days=7)} has all {count} occurrences of "
                f"a series for an attendee in {name} inside the hosts' hours (slots.working_hours in "
                "slots.time_zones) and clear of the run's own series: the profile's hours are too narrow"
            )
        raise rules.failure(
            SummerTimeIgnored, reply, f"free slots of event type {event_type} in the week before {day}", "none"
        )
    email = session.email("summer")
    session.emails.append(email)
    body = create_body(session, BookingSpec(), event_type_id=event_type, start=start, email=email)
    body["attendee"]["timeZone"] = name
    body["recurrenceCount"] = count
    made = rules.answered(
        session.client.create_booking(body),
        {201},
        f"a weekly series from {start.isoformat()} for an attendee in {name}",
    )
    occurrences = _occurrences(made)
    series_uid = occurrences[0].get("recurringBookingUid") if occurrences else None
    views: list[tuple[str, Reply, list[Mapping[str, Any]]]] = [("the create answer", made, occurrences)]
    if isinstance(series_uid, str):
        read = rules.answered(session.client.get_booking(series_uid), {200}, f"reading series uid={series_uid}")
        views.append((f"GET /v2/bookings/{series_uid}", read, _occurrences(read)))
    for what, reply, items in views:
        problems = _drift(items, zone, weeks)
        if len(items) != count:
            problems.append(f"{len(items)} occurrences (recurrenceCount {count})")
        if problems:
            raise rules.failure(
                SummerTimeIgnored,
                reply,
                f"{what}: {count} occurrences at the attendee's local time in {name}, a week apart"
                + (f" (summer time changes there on {change})" if change is not None else ""),
                "; ".join(problems[:3]),
            )
