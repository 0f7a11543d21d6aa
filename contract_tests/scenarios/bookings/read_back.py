"""Read-back: a created booking (v2, v1, a series) reads back as it was made, by uid and in the lists.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import ReadBackDiffers
from contract_tests.scenarios import steps
from contract_tests.target.bookings import AttendeeSpec, BookingSpec, Made, create_body, v1_create_body
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession

__all__ = ["created_booking_reads_back", "v1_created_booking_reads_back"]

_made = steps.made
_get = steps.read


def _listed_item(reply: Reply, uid: str, made: Made, query: Mapping[str, Any]) -> Mapping[str, Any]:
    items = reply.data if isinstance(reply.data, list) else []
    item = next((i for i in items if isinstance(i, Mapping) and i.get("uid") == uid), None)
    if item is None:
        rules.created_bookings_are_listed(reply, [], [uid], query=query)
    assert item is not None
    return item


def created_booking_reads_back(
    session: ContractSession, kind: str, spec: BookingSpec = BookingSpec(), *, recurrence_count: int | None = None
) -> Made:
    """A created booking reads back as sent through v2 get, the v2 list, v1 get and the v1 list."""
    made = _made(session, kind, spec, recurrence_count=recurrence_count)
    rules.booking_reads_back_as_created(made, made.reply, via="the create answer", booking=made.booking)
    read = _get(session, made.uid)
    rules.booking_reads_back_as_created(made, read, via="GET /v2/bookings/{bookingUid}")
    if kind == "other_org":
        return made
    query = {"bookingUid": made.uid}
    listed = rules.answered(session.client.list_bookings(query), {200}, "listing one booking by uid")
    rules.booking_reads_back_as_created(
        made, listed, via="GET /v2/bookings?bookingUid=", booking=_listed_item(listed, made.uid, made, query)
    )
    if kind == "recurring":
        _series_reads_back(session, made)
    v2 = rules.booking_of(read)
    v1 = rules.answered(session.client.v1_get(int(v2["id"])), {200}, f"reading booking id={v2['id']} through v1")
    rules.v1_booking_reads_back_as_v2(made, v2, (v1.body or {}).get("booking") or {}, v1, via="GET /v1/bookings/{id}")
    v1_query = {"attendeeEmail": [made.email]}
    v1_list = rules.answered(session.client.v1_list(v1_query), {200}, "listing v1 bookings by attendee")
    item = next((b for b in (v1_list.body or {}).get("bookings") or [] if b.get("id") == v2["id"]), None)
    if item is None:
        rules.created_bookings_are_listed(v1_list, [], [made.uid], query=v1_query)
    rules.v1_booking_reads_back_as_v2(made, v2, item or {}, v1_list, via="GET /v1/bookings?attendeeEmail=")
    return made


def v1_created_booking_reads_back(session: ContractSession, spec: BookingSpec = BookingSpec()) -> None:
    """A booking created through v1 (which answers 200 and the booking itself) reads back as sent
    through v1 get and v2 get."""
    event_type_id = int(session.profile.require("event_types.regular"))
    email, start = session.email(), session.slots.next()
    session.emails.append(email)
    spec = BookingSpec(
        attendee=AttendeeSpec(
            name=spec.attendee.name, time_zone=spec.attendee.time_zone, language=spec.attendee.language or "en"
        ),
        metadata=spec.metadata,
        guests=spec.guests,
    )
    body = v1_create_body(session, spec, event_type_id=event_type_id, start=start, email=email)
    created = rules.answered(session.client.v1_create(body), {200}, "a v1 booking in a free slot")
    uid = str((created.body or {}).get("uid"))
    read = _get(session, uid)
    made = Made(
        kind="regular",
        body=create_body(session, spec, event_type_id=event_type_id, start=start, email=email),
        reply=read,
        email=email,
    )
    rules.booking_reads_back_as_created(made, read, via="GET /v2/bookings/{bookingUid} after POST /v1/bookings")
    rules.v1_booking_reads_back_as_v2(
        made, rules.booking_of(read), created.body or {}, created, via="the v1 create answer"
    )
    v1 = rules.answered(session.client.v1_get(int((created.body or {})["id"])), {200}, "reading the v1 booking")
    rules.v1_booking_reads_back_as_v2(
        made, rules.booking_of(read), (v1.body or {}).get("booking") or {}, v1, via="GET /v1/bookings/{id}"
    )


def _series_reads_back(session: ContractSession, made: Made) -> None:
    series_uid = made.booking.get("recurringBookingUid")
    occurrences = [o["uid"] for o in made.occurrences]
    if not series_uid:
        raise ReadBackDiffers(
            operation=made.reply.label,
            expected="occurrences of a recurring booking carry recurringBookingUid",
            received=f"booking uid={made.uid} has none",
            curl=made.reply.curl(),
        )
    read = _get(session, str(series_uid))
    data = read.data if isinstance(read.data, list) else []
    read_uids = [str(o.get("uid")) for o in data if isinstance(o, Mapping)]
    if sorted(read_uids) != sorted(occurrences):
        raise ReadBackDiffers(
            operation=read.label,
            expected=f"the series uid={series_uid} reads every occurrence {occurrences}",
            received=f"occurrences {read_uids}",
            curl=read.curl(),
            caused_by=made.reply.curl(),
        )
