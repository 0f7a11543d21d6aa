"""`GET /v2/slots` agrees with what the server books, and answers in the asked zone and range.

The slots a booking page shows are a promise about the create: a slot offered is one a create at that
start accepts, and a time that a create refuses is not offered. Each rule reads the slots of one day,
changes the bookings on it, and reads them again:

- `offered_slots_are_bookable`: booking offered slots takes exactly those away (and a second booking
  there is refused); cancelling one gives it back; a reschedule gives the old time back and takes the
  new one; `bookingUidToReschedule` offers the booking's own time as free;
- `seats_are_counted`: a seated slot counts its seats (`seatsBooked`, `seatsRemaining`, `seatsTotal`,
  `bookingUid`), disappears when full and comes back when a seat is given up;
- `durations_follow_bookings`: with `duration`, each slot lasts that long, and a booking of one length
  takes away, at every length, exactly the slots that overlap it;
- `slots_follow_the_asked_zone`: around a change of summer time, every slot is listed under the date it
  has in `timeZone`, with that zone's offset at that instant, and the zone changes only how the slots
  are written, not which instants are offered;
- `range_is_inclusive`: a slot starting at `start` and one ending at `end` are offered, and a date `end`
  covers its whole day.

The days these rules book on lie 8 to 60 days ahead, before the run's own window (which starts at least
`slots.days_ahead` days ahead), so the rules' bookings never meet the other rules' or their lists
(`afterStart` the window); a worker of a parallel run takes every `lanes`-th day. Everything made is in
the ledger and cancelled at the end of the run.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from contract_tests.checks import rules
from contract_tests.checks.failures import (
    OfferedSlotRefused,
    SeatsMiscounted,
    SlotDurationWrong,
    SlotRangeWrong,
    SlotsDisagreeWithBookings,
    SlotsInWrongZone,
)
from contract_tests.target.bookings import KINDS, BookingSpec, Made, create_body, make_booking
from contract_tests.target.http import Reply
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.spec import OperationId

__all__ = [
    "SLOTS_VERSION",
    "Offered",
    "day_slots",
    "durations_follow_bookings",
    "fresh_day",
    "offered",
    "offered_slots_are_bookable",
    "range_is_inclusive",
    "read_slots",
    "seats_are_counted",
    "slots_follow_the_asked_zone",
]

SLOTS_VERSION = "2024-09-04"
LEAD = timedelta(days=8)  # the rules' days start this far ahead: past any notice, before the run's window
_SEARCH_DAYS = 14  # weekdays with slots are found within this many tries
_ZONES = ("Pacific/Auckland", "America/New_York")  # a date line apart; both change to and from summer time
_day_counters: dict[str, itertools.count[int]] = {}  # run id -> the next of the rules' days


@dataclass(frozen=True)
class Offered:
    """One slot as answered: the date key it is listed under, its start as written, and its instants."""

    day: str
    text: str
    start: datetime
    end: datetime | None
    item: Mapping[str, Any]


def read_slots(session: ContractSession, event_type_id: int, start: str, end: str, **extra: Any) -> Reply:
    """`GET /v2/slots` (no credentials, as a booking page asks), which must answer 200."""
    query = {"eventTypeId": event_type_id, "start": start, "end": end, **extra}
    reply = session.client.send(OperationId.SLOTS, query=query, key=None, headers={"cal-api-version": SLOTS_VERSION})
    return rules.answered(reply, {200}, f"the slots of event type {event_type_id} with {query}")


def offered(reply: Reply) -> list[Offered]:
    """Every slot of an answer, in the order answered."""
    found: list[Offered] = []
    data = reply.data if isinstance(reply.data, Mapping) else {}
    for day, items in data.items():
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, Mapping):
                continue
            start = parse_instant(item.get("start"))
            if start is not None:
                found.append(Offered(str(day), str(item["start"]), start, parse_instant(item.get("end")), item))
    return found


def _instants(slots: Iterable[Offered]) -> set[datetime]:
    return {slot.start for slot in slots}


def _show(moments: Iterable[datetime]) -> str:
    listed = sorted(moments)
    return "[" + ", ".join(iso(m) for m in listed[:8]) + (", …" if len(listed) > 8 else "") + "]"


def fresh_day(session: ContractSession, event_type_id: int, minimum: int = 3) -> tuple[date, list[Offered]]:
    """A day (UTC) of the rules' own, on which `event_type_id` offers at least `minimum` slots, and those slots."""
    counter = _day_counters.setdefault(session.run_id, itertools.count())
    lanes, lane = max(session.profile.run.lanes, 1), session.profile.run.lane
    today = datetime.now(UTC).date()
    reply: Reply | None = None
    for _ in range(_SEARCH_DAYS):
        day = today + LEAD + timedelta(days=next(counter) * lanes + lane)
        reply, slots = day_slots(session, event_type_id, day)
        if len(slots) >= minimum:
            return day, slots
    assert reply is not None
    raise rules.failure(
        SlotsDisagreeWithBookings,
        reply,
        f"at least {minimum} free slots of event type {event_type_id} on some weekday within {_SEARCH_DAYS} days",
        "none such: a booking page could book nothing",
    )


def day_slots(session: ContractSession, event_type_id: int, day: date, **extra: Any) -> tuple[Reply, list[Offered]]:
    """The slots of one UTC day, read from a range that ends the day after (its end's handling is
    `range_is_inclusive`'s to check, not every rule's)."""
    after = (day + timedelta(days=1)).isoformat()
    reply = read_slots(session, event_type_id, day.isoformat(), after, format="range", **extra)
    return reply, [slot for slot in offered(reply) if slot.start.date() == day]


def _event_type(session: ContractSession, kind: str) -> int:
    return int(session.profile.require(KINDS[kind]))


def _book(session: ContractSession, kind: str, slot: datetime, *, length: int | None = None) -> Made:
    """A booking of `kind` at an offered start, which the create must accept."""
    if length is None:
        made = make_booking(session, kind, start=slot)
    else:
        email = session.email()
        session.emails.append(email)
        body = create_body(session, BookingSpec(), event_type_id=_event_type(session, kind), start=slot, email=email)
        body["lengthInMinutes"] = length
        made = Made(kind=kind, body=body, reply=session.client.create_booking(body), email=email)
    if made.reply.status != 201:
        raise rules.failure(
            OfferedSlotRefused,
            made.reply,
            f"201 for a {kind} booking at {iso(slot)}, a start GET /v2/slots offered",
            made.reply.summary(),
        )
    return made


def _expect_slots(
    reply: Reply, seen: Iterable[datetime], expected: Iterable[datetime], what: str, *, after: Reply | None = None
) -> None:
    seen, expected = set(seen), set(expected)
    if seen != expected:
        extra, missing = seen - expected, expected - seen
        raise rules.failure(
            SlotsDisagreeWithBookings,
            reply,
            f"{what}: the slots {_show(expected)}",
            f"also offered {_show(extra)}; missing {_show(missing)}",
            after=after,
        )


# ------------------------------------------------------------------------------ booked and given back


def offered_slots_are_bookable(session: ContractSession, kind: str = "regular") -> None:
    event_type = _event_type(session, kind)
    day, before = fresh_day(session, event_type, minimum=4)
    starts = sorted(_instants(before))
    first, middle, last = starts[0], starts[len(starts) // 2], starts[-1]
    free = [s for s in starts if s not in (first, middle, last)]
    made = {moment: _book(session, kind, moment) for moment in (first, middle, last)}
    taken = set(made)
    reply, now = day_slots(session, event_type, day)
    _expect_slots(reply, _instants(now), set(starts) - taken, f"after booking {_show(taken)}", after=made[last].reply)

    again = make_booking(session, kind, start=first)
    reply, now = day_slots(session, event_type, day)
    if again.reply.status < 400:
        raise rules.failure(
            SlotsDisagreeWithBookings,
            again.reply,
            f"a second {kind} booking at {iso(first)}, booked and no longer offered, is refused",
            again.reply.summary(),
            after=made[first].reply,
        )
    _expect_slots(reply, _instants(now), set(starts) - taken, "after a refused second booking", after=again.reply)

    cancel = session.client.cancel(made[middle].uid, {"cancellationReason": "slots come back"})
    rules.answered(cancel, {200}, f"cancelling booking uid={made[middle].uid}")
    taken.discard(middle)
    reply, now = day_slots(session, event_type, day)
    _expect_slots(
        reply, _instants(now), set(starts) - taken, f"after cancelling the booking at {iso(middle)}", after=cancel
    )

    if free:
        target = free[0]
        moved = session.client.reschedule(made[last].uid, {"start": iso(target)})
        rules.answered(moved, {201}, f"rescheduling booking uid={made[last].uid} to {iso(target)}, an offered slot")
        taken = (taken - {last}) | {target}
        reply, now = day_slots(session, event_type, day)
        _expect_slots(
            reply, _instants(now), set(starts) - taken, f"after rescheduling {iso(last)} to {iso(target)}", after=moved
        )

    reply, now = day_slots(session, event_type, day, bookingUidToReschedule=made[first].uid)
    _expect_slots(
        reply,
        _instants(now),
        (set(starts) - taken) | {first},
        f"with bookingUidToReschedule={made[first].uid} (booked at {iso(first)}, whose own time counts as free)",
    )


# -------------------------------------------------------------------------------------------- seats


def _seat_counts(slot: Offered | None) -> tuple[Any, ...]:
    if slot is None:
        return ("not offered",)
    item = slot.item
    return (item.get("seatsBooked"), item.get("seatsRemaining"), item.get("seatsTotal"), item.get("bookingUid"))


def seats_are_counted(session: ContractSession) -> None:
    event_type = _event_type(session, "seated")
    seats = int(session.profile.require("event_types.seats"))
    day, before = fresh_day(session, event_type, minimum=2)
    slot = before[0].start

    def check(booked: int, uid: str | None, after: Reply, what: str) -> None:
        reply, now = day_slots(session, event_type, day)
        found = next((s for s in now if s.start == slot), None)
        expected: tuple[Any, ...] = (booked, seats - booked, seats, uid) if booked < seats else ("not offered",)
        if _seat_counts(found) != expected:
            raise rules.failure(
                SeatsMiscounted,
                reply,
                f"{what}: the slot at {iso(slot)} "
                + (
                    f"with seatsBooked {booked}, seatsRemaining {seats - booked}, seatsTotal {seats}, bookingUid {uid}"
                    if booked < seats
                    else "no longer offered (every seat taken)"
                ),
                f"(seatsBooked, seatsRemaining, seatsTotal, bookingUid) = {_seat_counts(found)}",
                after=after,
            )

    check_fresh = _seat_counts(next((s for s in before if s.start == slot), None))
    if check_fresh[:3] != (0, seats, seats):
        raise rules.failure(
            SeatsMiscounted,
            day_slots(session, event_type, day)[0],
            f"a seated slot nobody booked: seatsBooked 0, seatsRemaining {seats}, seatsTotal {seats}",
            f"{check_fresh}",
        )
    taken: list[Made] = []
    for booked in range(1, seats + 1):
        made = _book(session, "seated", slot)
        taken.append(made)
        check(booked, taken[0].uid, made.reply, f"after {booked} of {seats} seats booked")
    seat = taken[-1].booking.get("seatUid")
    if not isinstance(seat, str):
        return  # the seat-cancel rule (scenarios.seat_cancel_removes_one_seat) holds the seatUid itself
    cancel = session.client.cancel(taken[-1].uid, {"seatUid": seat})
    rules.answered(cancel, {200}, f"giving up seat {seat}")
    check(seats - 1, taken[0].uid, cancel, "after one seat of a full slot was given up")


# ---------------------------------------------------------------------------------------- durations


def durations_follow_bookings(session: ContractSession) -> None:
    event_type = _event_type(session, "variable_length")
    lengths = sorted(int(n) for n in session.profile.require("event_types.variable_lengths"))
    longest = lengths[-1]
    day, _ = fresh_day(session, event_type, minimum=3)
    before: dict[int, list[Offered]] = {}
    for length in lengths:
        reply, slots = day_slots(session, event_type, day, duration=length)
        wrong = [s for s in slots if s.end is None or s.end - s.start != timedelta(minutes=length)]
        if not slots or wrong:
            raise rules.failure(
                SlotDurationWrong,
                reply,
                f"slots of {length} minutes with duration={length} and format=range (end = start + {length} min)",
                f"{len(slots)} slots; " + ", ".join(f"{s.text} to {s.item.get('end')}" for s in wrong[:3]),
            )
        before[length] = slots
    grid = sorted(_instants(before[longest]))
    start = grid[1] if len(grid) > 1 else grid[0]
    end = start + timedelta(minutes=longest)
    made = _book(session, "variable_length", start, length=longest)
    for length in lengths:
        reply, slots = day_slots(session, event_type, day, duration=length)
        expected = {
            s.start for s in before[length] if not (s.start < end and start < s.start + timedelta(minutes=length))
        }
        _expect_slots(
            reply,
            _instants(slots),
            expected,
            f"duration={length} after a {longest}-minute booking from {iso(start)} to {iso(end)} "
            "(every slot that overlaps it gone, every other kept)",
            after=made.reply,
        )


# ---------------------------------------------------------------------------------------- time zones


def _next_change(zone: ZoneInfo, after: date) -> date:
    """The first day on or after `after` at whose end `zone` has another offset than at its start."""
    day = after
    for _ in range(400):
        opens = datetime(day.year, day.month, day.day, tzinfo=UTC)
        if opens.astimezone(zone).utcoffset() != (opens + timedelta(days=1)).astimezone(zone).utcoffset():
            return day
        day += timedelta(days=1)
    return after


def _zone_problems(slots: Sequence[Offered], zone: ZoneInfo) -> list[str]:
    problems: list[str] = []
    for slot in slots:
        written = datetime.fromisoformat(slot.text.upper().replace("Z", "+00:00"))
        local = slot.start.astimezone(zone)
        if written.utcoffset() != local.utcoffset():
            problems.append(f"{slot.text}: offset {written.utcoffset()}, the zone's then is {local.utcoffset()}")
        if slot.day != local.date().isoformat():
            problems.append(f"{slot.text} under {slot.day}: its date there is {local.date().isoformat()}")
    starts = [slot.start for slot in slots]
    if starts != sorted(starts) or [s.day for s in slots] != sorted(s.day for s in slots):
        problems.append("dates or slots out of order")
    return problems


def slots_follow_the_asked_zone(session: ContractSession, zones: Sequence[str] = _ZONES) -> None:
    event_type = _event_type(session, "regular")
    for name in zones:
        zone = ZoneInfo(name)
        change = _next_change(zone, datetime.now(UTC).date() + LEAD)
        start, end = (change - timedelta(days=4)).isoformat(), (change + timedelta(days=4)).isoformat()
        in_utc = read_slots(session, event_type, start, end)
        in_zone = read_slots(session, event_type, start, end, timeZone=name)
        utc_slots, zone_slots = offered(in_utc), offered(in_zone)
        problems = _zone_problems(utc_slots, ZoneInfo("UTC"))
        if problems:
            raise rules.failure(
                SlotsInWrongZone,
                in_utc,
                "slots without timeZone listed by their UTC date, in UTC",
                "; ".join(problems[:4]),
            )
        problems = _zone_problems(zone_slots, zone)
        if _instants(utc_slots) != _instants(zone_slots):
            problems.append(
                f"other instants than without timeZone: {_show(_instants(zone_slots) ^ _instants(utc_slots))}"
            )
        if problems:
            raise rules.failure(
                SlotsInWrongZone,
                in_zone,
                f"slots from {start} to {end} (summer time changes in {name} on {change.isoformat()}) listed by "
                f"their date in {name}, with {name}'s offset at each instant, the same instants as in UTC",
                "; ".join(problems[:4]),
            )


# -------------------------------------------------------------------------------------------- range


def range_is_inclusive(session: ContractSession) -> None:
    event_type = _event_type(session, "regular")
    day, _ = fresh_day(session, event_type, minimum=2)
    wide = read_slots(
        session,
        event_type,
        (day - timedelta(days=1)).isoformat(),
        (day + timedelta(days=1)).isoformat(),
        format="range",
    )
    on_day = sorted((s for s in offered(wide) if s.start.date() == day), key=lambda s: s.start)
    if len(on_day) < 2:
        return
    first, last = on_day[0], on_day[-1]
    last_end = last.end or last.start
    probes = [
        (day.isoformat(), day.isoformat(), set(_instants(on_day)), f"start and end the date {day} (its whole day)"),
        (iso(first.start), iso(last_end), set(_instants(on_day)), "start at the first slot, end at the last's end"),
    ]
    for start, end, expected, what in probes:
        reply = read_slots(session, event_type, start, end)
        seen = {s.start for s in offered(reply) if s.start.date() == day}
        if seen != expected:
            raise rules.failure(
                SlotRangeWrong,
                reply,
                f"{what}: the slots {_show(expected)} (as a wider range lists them)",
                f"also offered {_show(seen - expected)}; missing {_show(expected - seen)}",
                after=wide,
            )
