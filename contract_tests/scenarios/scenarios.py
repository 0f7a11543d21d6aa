"""Multi-step scenarios of the business rules. Each sets up its own bookings (in fresh slots, at the
run's attendee domain), acts, reads back and runs the named checks of `rules.py`.

The test modules call them under Hypothesis with drawn inputs; the self-test calls the same
functions against deliberately broken mocks. A scenario needs only a `ContractSession`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import ReadBackDiffers
from contract_tests.checks.responses import verify_list_filters, verify_list_order, verify_pagination
from contract_tests.scenarios import steps
from contract_tests.target.bookings import AttendeeSpec, BookingSpec, Made, create_body, make_booking, v1_create_body
from contract_tests.target.http import Reply
from contract_tests.target.semantics import filter_violations, parse_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.spec import OperationId
from contract_tests.target.targets import ProfileDataMissing

__all__ = [
    "Corpus",
    "accepted_booking_refuses_confirm_and_decline",
    "build_corpus",
    "cancel_reads_cancelled",
    "created_booking_reads_back",
    "credentials_are_enforced",
    "full_seated_booking_refuses",
    "list_holds_its_promises",
    "malformed_requests_are_refused",
    "mark_absent_rules",
    "other_org_is_refused",
    "pending_booking_is_confirmed",
    "pending_booking_is_declined",
    "report_cancels_matching",
    "reschedule_links_both_ways",
    "seat_cancel_removes_one_seat",
    "seed_bookings",
    "team_list_stays_in_team",
    "v1_cancel_reads_cancelled",
    "v1_created_booking_reads_back",
    "whole_list",
]

MAX_PAGES = 40


_made = steps.made
_get = steps.read


# ----------------------------------------------------------------------------------------- seed


def seed_bookings(session: ContractSession) -> None:
    """A few bookings made at the start of the run, so that generated cases have real bookings of
    this run to aim at (and, on a real target, to be allowed to change)."""
    for kind in ("regular", "regular", "requires_confirmation", "requires_confirmation", "seated", "team"):
        try:
            make_booking(session, kind)
        except ProfileDataMissing:
            continue


# ------------------------------------------------------------------------------------- read back


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


# ----------------------------------------------------------------------------------------- cancel


def cancel_reads_cancelled(
    session: ContractSession, kind: str = "regular", spec: BookingSpec = BookingSpec(), reason: str = "Plans changed"
) -> None:
    """Cancel: reads show `cancelled` with the reason, the cancelled list has it, a second cancel is refused."""
    made = _made(session, kind, spec)
    cancel = rules.answered(
        session.client.cancel(made.uid, {"cancellationReason": reason}), {200}, f"cancelling booking uid={made.uid}"
    )
    rules.cancel_is_applied(_get(session, made.uid), uid=made.uid, reason=reason, cancel=cancel)
    query = {"bookingUid": made.uid, "status": "cancelled"}
    listed = rules.answered(session.client.list_bookings(query), {200}, "listing cancelled bookings")
    rules.created_bookings_are_listed(listed, [i.get("uid") for i in listed.data or []], [made.uid], query=query)
    second = session.client.cancel(made.uid, {"cancellationReason": reason + " again"})
    rules.second_cancel_is_refused(second, uid=made.uid, first=cancel)
    rules.cancel_is_applied(_get(session, made.uid), uid=made.uid, reason=reason, cancel=second)


def v1_cancel_reads_cancelled(
    session: ContractSession, spec: BookingSpec = BookingSpec(), reason: str = "Plans changed"
) -> None:
    """Cancel through v1: v2 reads show it with the reason; a second v1 cancel is refused."""
    made = _made(session, "regular", spec)
    booking_id = int(made.booking["id"])
    cancel = rules.answered(
        session.client.v1_cancel(booking_id, {"cancellationReason": reason}),
        {200},
        f"cancelling booking id={booking_id}",
    )
    rules.cancel_is_applied(_get(session, made.uid), uid=made.uid, reason=reason, cancel=cancel)
    second = session.client.v1_cancel(booking_id, {"cancellationReason": reason})
    rules.second_cancel_is_refused(second, uid=made.uid, first=cancel)


def seat_cancel_removes_one_seat(
    session: ContractSession, spec: BookingSpec = BookingSpec(), seats_taken: int = 2, victim: int = 0
) -> None:
    """Giving up one seat removes that seat only; the booking and the other seats stay."""
    seats = int(session.profile.require("event_types.seats"))
    seats_taken = max(2, min(seats_taken, seats))
    start = session.slots.next()
    made = [_made(session, "seated", spec, start=start) for _ in range(seats_taken)]
    uid = made[0].uid
    for other in made[1:]:
        if other.uid != uid:
            raise ReadBackDiffers(
                operation=other.reply.label,
                expected=f"a seat at {iso(start)} joins booking uid={uid}",
                received=f"a new booking uid={other.uid}",
                curl=other.reply.curl(),
                caused_by=made[0].reply.curl(),
            )
    before = _get(session, uid)
    seats_before = [a.get("seatUid") for a in rules.booking_of(before).get("attendees") or []]
    taken = made[victim % seats_taken]
    if not taken.booking.get("seatUid"):
        raise ReadBackDiffers(
            operation=taken.reply.label,
            expected=f"the seatUid of the seat just taken in booking uid={uid}",
            received="an answer without seatUid",
            curl=taken.reply.curl(),
        )
    seat = str(taken.booking["seatUid"])
    cancel = rules.answered(session.client.cancel(uid, {"seatUid": seat}), {200}, f"giving up seat {seat}")
    rules.seat_cancel_removed_one_seat(_get(session, uid), uid=uid, seat=seat, seats_before=seats_before, cancel=cancel)


def full_seated_booking_refuses(session: ContractSession, spec: BookingSpec = BookingSpec()) -> None:
    """Once every seat is taken, another seat at that time is refused with 409."""
    seats = int(session.profile.require("event_types.seats"))
    start = session.slots.next()
    made = [_made(session, "seated", spec, start=start) for _ in range(seats)]
    extra = make_booking(session, "seated", spec, start=start)
    rules.full_seated_booking_refuses_a_seat(extra.reply, uid=made[0].uid, seats=seats)


# -------------------------------------------------------------------------------- confirm/decline


def pending_booking_is_confirmed(session: ContractSession, spec: BookingSpec = BookingSpec()) -> None:
    """A pending booking becomes accepted; then confirm and decline are both refused."""
    made = _made(session, "requires_confirmation", spec)
    rules.booking_reads_back_as_created(made, made.reply, via="the create answer", booking=made.booking)
    confirm = rules.answered(session.client.confirm(made.uid), {200}, f"confirming pending booking uid={made.uid}")
    rules.pending_booking_became(_get(session, made.uid), uid=made.uid, status="accepted", action=confirm)
    again = session.client.confirm(made.uid)
    rules.accepted_booking_refuses(again, _get(session, made.uid), uid=made.uid, action="a second confirm")
    decline = session.client.decline(made.uid, "Too late")
    rules.accepted_booking_refuses(decline, _get(session, made.uid), uid=made.uid, action="decline")


def pending_booking_is_declined(
    session: ContractSession, spec: BookingSpec = BookingSpec(), reason: str | None = None
) -> None:
    """A pending booking becomes rejected."""
    made = _made(session, "requires_confirmation", spec)
    decline = rules.answered(
        session.client.decline(made.uid, reason), {200}, f"declining pending booking uid={made.uid}"
    )
    rules.pending_booking_became(_get(session, made.uid), uid=made.uid, status="rejected", action=decline)


def accepted_booking_refuses_confirm_and_decline(session: ContractSession, spec: BookingSpec = BookingSpec()) -> None:
    """A booking accepted at once refuses confirm and decline (400) and stays accepted."""
    made = _made(session, "regular", spec)
    confirm = session.client.confirm(made.uid)
    rules.accepted_booking_refuses(confirm, _get(session, made.uid), uid=made.uid, action="confirm")
    decline = session.client.decline(made.uid)
    rules.accepted_booking_refuses(decline, _get(session, made.uid), uid=made.uid, action="decline")


# ------------------------------------------------------------------------------------- reschedule


def reschedule_links_both_ways(
    session: ContractSession, kind: str = "regular", spec: BookingSpec = BookingSpec(), reason: str | None = "Conflict"
) -> None:
    """Reschedule: a new booking linked both ways; the original is cancelled and refuses changes."""
    made = _made(session, kind, spec)
    start = iso(session.slots.next())
    body: dict[str, Any] = {"start": start}
    if reason is not None:
        body["reschedulingReason"] = reason
    moved = rules.answered(session.client.reschedule(made.uid, body), {201}, f"rescheduling booking uid={made.uid}")
    new_uid = str(rules.booking_of(moved).get("uid"))
    rules.rescheduled_booking_is_linked(
        _get(session, made.uid),
        _get(session, new_uid),
        old_uid=made.uid,
        new_uid=new_uid,
        start=start,
        reschedule=moved,
    )
    again = session.client.reschedule(made.uid, {"start": iso(session.slots.next())})
    rules.original_refuses_changes(again, old_uid=made.uid, action="another reschedule", reschedule=moved)
    cancel = session.client.cancel(made.uid, {"cancellationReason": "Too late"})
    rules.original_refuses_changes(cancel, old_uid=made.uid, action="a cancel", reschedule=moved)


# ------------------------------------------------------------------------------------------ lists


@dataclass
class Corpus:
    """Bookings in several states, made once, that list properties query."""

    made: list[Made] = field(default_factory=list)
    states: dict[str, dict[str, Any]] = field(default_factory=dict)  # uid -> booking as read
    emails: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    event_type_ids: list[int] = field(default_factory=list)
    window_start: str = ""


def build_corpus(session: ContractSession) -> Corpus:
    """Accepted, pending, cancelled, rejected, confirmed, seated, recurring and team bookings, with
    two attendee names and three emails shared between them."""
    emails = [session.email("corpus") for _ in range(3)]
    names = [f"Corpus Alpha {session.run_id}", f"Corpus Beta {session.run_id}"]  # no earlier run's corpus matches
    corpus = Corpus(emails=emails, names=names, window_start=iso(session.slots.window_start))
    plan = [
        ("regular", 0, 0, None),
        ("regular", 0, 1, "cancel"),
        ("requires_confirmation", 1, 0, None),
        ("requires_confirmation", 1, 1, "decline"),
        ("requires_confirmation", 2, 0, "confirm"),
        ("seated", 2, 1, None),
        ("recurring", 2, 0, None),
        ("team", 0, 1, None),
        ("regular", 1, 1, None),
    ]
    for kind, email, name, action in plan:
        spec = BookingSpec(attendee=AttendeeSpec(name=names[name]))
        try:
            made = _made(session, kind, spec, email=emails[email], recurrence_count=2 if kind == "recurring" else None)
        except ProfileDataMissing:  # a kind the profile lacks: the corpus is smaller
            continue
        corpus.made.append(made)
        if action == "cancel":
            rules.answered(
                session.client.cancel(made.uid, {"cancellationReason": "corpus"}), {200}, "cancelling a corpus booking"
            )
        elif action == "decline":
            rules.answered(session.client.decline(made.uid), {200}, "declining a corpus booking")
        elif action == "confirm":
            rules.answered(session.client.confirm(made.uid), {200}, "confirming a corpus booking")
    for made in corpus.made:
        for occurrence in made.occurrences:
            corpus.states[occurrence["uid"]] = rules.booking_of(_get(session, occurrence["uid"]))
            event_type = occurrence.get("eventTypeId")
            if isinstance(event_type, int) and event_type not in corpus.event_type_ids:
                corpus.event_type_ids.append(event_type)
    return corpus


def whole_list(session: ContractSession, endpoint: str, query: Mapping[str, Any]) -> tuple[list[str], Reply]:
    """Every page with take=250, each page checked (filters, order, arithmetic)."""
    uids: list[str] = []
    skip, last = 0, None
    for _ in range(MAX_PAGES):
        page_query = {**query, "take": 250, "skip": skip}
        last = _list(session, endpoint, page_query)
        answer = last.body or {}
        verify_pagination(last.label, page_query, answer, last.curl())
        verify_list_filters(last.label, page_query, answer, last.curl(), team=endpoint == "team")
        verify_list_order(last.label, page_query, answer, last.curl())
        uids += [i.get("uid") for i in answer.get("data") or []]
        if not (answer.get("pagination") or {}).get("hasNextPage"):
            break
        skip += 250
    assert last is not None
    return uids, last


def _list(session: ContractSession, endpoint: str, query: Mapping[str, Any]) -> Reply:
    client, profile = session.client, session.profile
    if endpoint == "org":
        reply = client.org_bookings(int(profile.require("org_id")), query)
    elif endpoint == "team":
        reply = client.team_bookings(int(profile.require("org_id")), int(profile.require("team_id")), query)
    else:
        reply = client.list_bookings(query)
    return rules.answered(reply, {200}, f"listing bookings with {dict(query)}")


def list_holds_its_promises(
    session: ContractSession, corpus: Corpus, query: Mapping[str, Any], *, take: int, endpoint: str = "user"
) -> None:
    """For one set of filters: every item matches, the order holds, the pagination arithmetic holds,
    the corpus bookings that match are all present, and pages of `take` tile the whole list."""
    query = dict(query)
    query.setdefault("afterStart", corpus.window_start)  # only this run's bookings: safe on a shared target
    uids, last = whole_list(session, endpoint, query)
    now = datetime.now(UTC)
    expected = [uid for uid, state in corpus.states.items() if not filter_violations(state, query, now)]
    rules.created_bookings_are_listed(last, uids, expected, query=query)
    tiled: list[str] = []
    page = last
    for index in range(len(uids) // take + 1):
        page_query = {**query, "take": take, "skip": index * take}
        page = _list(session, endpoint, page_query)
        verify_pagination(page.label, page_query, page.body or {}, page.curl())
        tiled += [i.get("uid") for i in (page.body or {}).get("data") or []]
    rules.pages_tile_the_list(page, take=take, tiled=tiled, whole=uids)


# ----------------------------------------------------------------------------------------- report


def report_cancels_matching(
    session: ContractSession,
    report_type: str = "EMAIL",
    *,
    accepted: int = 1,
    pending: int = 1,
    unrelated: int = 1,
    reason: str = "SPAM",
) -> None:
    """A report cancels the reported booking and exactly the upcoming bookings of the organization
    whose attendee has the booker's email (EMAIL) or domain (DOMAIN), says so in its counts, and a
    second report is refused. Already cancelled bookings, non-matching addresses (including a domain
    that only ends like the booker's) and other organizations' bookings are left alone."""
    org_id = int(session.profile.require("org_id"))
    domain = session.fresh_domain()
    booker = f"booker@{domain}"

    def matching(i: int) -> str:
        return booker if report_type == "EMAIL" else f"colleague{i}@{domain}"

    reported = _made(session, "regular", email=booker)
    targets = [_made(session, "regular", email=matching(i)) for i in range(accepted)]
    targets += [_made(session, "requires_confirmation", email=matching(accepted + i)) for i in range(pending)]
    bystanders = []
    for i in range(unrelated):
        address = f"other{i}@{domain}" if report_type == "EMAIL" else f"colleague{i}@x{domain}"
        bystanders.append(_made(session, "regular", email=address))
    gone = _made(session, "regular", email=matching(99))
    rules.answered(
        session.client.cancel(gone.uid, {"cancellationReason": "before the report"}), {200}, "cancelling a booking"
    )
    if session.profile.tenancy.other_org_event_type:
        bystanders.append(_made(session, "other_org", email=matching(98)))
    everyone = [reported, *targets, *bystanders, gone]
    before = {m.uid: str(rules.booking_of(_get(session, m.uid)).get("status")) for m in everyone}
    body = {"bookingUid": reported.uid, "reason": reason, "reportType": report_type, "description": "contract test"}
    report = rules.answered(
        session.client.report(org_id, body), {200}, f"reporting booking uid={reported.uid} by {report_type}"
    )
    cancelled = [reported.uid, *(t.uid for t in targets)]
    rules.report_counts_match(report, cancelled=len(cancelled))
    reads = {m.uid: _get(session, m.uid) for m in everyone}
    rules.report_cancelled_exactly(reads, cancelled=set(cancelled), report=report, before=before)
    second = session.client.report(org_id, body)
    rules.second_report_is_refused(second, uid=reported.uid, first=report)


# ---------------------------------------------------------------------------------------- tenancy


def team_list_stays_in_team(session: ContractSession) -> None:
    """The team list shows the team's bookings (ours among them) and never another team's."""
    profile = session.profile
    org_id, team_id = int(profile.require("org_id")), int(profile.require("team_id"))
    allowed = profile.require("team_event_type_ids")
    mine = _made(session, "team")
    theirs = _made(session, "other_team")
    query = {"afterStart": iso(session.slots.window_start), "take": 250}
    listed = rules.answered(
        session.client.team_bookings(org_id, team_id, query), {200}, f"listing team {team_id}'s bookings"
    )
    verify_pagination(listed.label, query, listed.body or {}, listed.curl())
    verify_list_filters(listed.label, query, listed.body or {}, listed.curl(), team=True)
    rules.list_stays_in_scope(
        listed, allowed_event_types=set(allowed), forbidden_uids={theirs.uid}, scope=f"team {team_id}"
    )
    rules.created_bookings_are_listed(listed, [i.get("uid") for i in listed.data or []], [mine.uid], query=query)


def other_org_is_refused(session: ContractSession) -> None:
    """Another organization's key gets 403/404 (401 from confirm/decline's tRPC) everywhere on this
    organization's bookings, does not see them in its own lists, and changes nothing."""
    profile, client = session.profile, session.client
    other = profile.require("tenancy.other_org_api_key")
    org_id, team_id = int(profile.require("org_id")), int(profile.require("team_id"))
    made = _made(session, "regular")
    booking_id = int(made.booking["id"])
    before = _get(session, made.uid)
    attempts = [
        (client.org_bookings(org_id, key=other), (403, 404), f"GET the bookings of organization {org_id}"),
        (client.team_bookings(org_id, team_id, key=other), (403, 404), f"GET the bookings of team {team_id}"),
        (client.confirm(made.uid, key=other), (401, 403, 404), f"confirm of booking uid={made.uid}"),
        (client.decline(made.uid, "not yours", key=other), (401, 403, 404), f"decline of booking uid={made.uid}"),
        (
            client.mark_absent(
                made.uid, {"host": True, "attendees": [{"email": made.email, "absent": True}]}, key=other
            ),
            (400, 403, 404),
            f"mark-absent of booking uid={made.uid}",
        ),
        (
            client.report(org_id, {"bookingUid": made.uid, "reason": "SPAM", "reportType": "EMAIL"}, key=other),
            (403, 404),
            f"a report in organization {org_id}",
        ),
        (client.v1_get(booking_id, key=other), (403, 404), f"GET /v1/bookings/{booking_id}"),
        (
            client.v1_update(booking_id, {"title": "taken over"}, key=other),
            (403, 404),
            f"PATCH /v1/bookings/{booking_id}",
        ),
        (
            client.v1_cancel(booking_id, {"cancellationReason": "taken over"}, key=other),
            (403, 404),
            f"DELETE /v1/bookings/{booking_id}/cancel",
        ),
    ]
    other_org = profile.tenancy.other_org_id
    if other_org:
        attempts.append(
            (
                client.report(
                    int(other_org), {"bookingUid": made.uid, "reason": "SPAM", "reportType": "DOMAIN"}, key=other
                ),
                (403, 404),
                f"a report of booking uid={made.uid} in organization {other_org}",
            )
        )
    for reply, allowed, what in attempts:
        rules.other_tenant_is_refused(reply, allowed=allowed, what=what)
    listed = rules.answered(
        client.list_bookings({"bookingUid": made.uid}, key=other), {200}, "the other organization's own list"
    )
    rules.list_stays_in_scope(listed, forbidden_uids={made.uid}, scope="the other organization's bookings")
    rules.other_tenant_changed_nothing(before, _get(session, made.uid), uid=made.uid, attempts=[a[0] for a in attempts])


# ------------------------------------------------------------------------------------------- auth


def credentials_are_enforced(session: ContractSession) -> None:
    """No key: 403 on PermissionsGuard routes (list, confirm, decline, mark-absent), 401 elsewhere;
    an unknown key: 401 everywhere, also where auth is optional."""
    client, profile = session.client, session.profile
    bad = f"cal_invalid_{session.run_id}"
    made = _made(session, "requires_confirmation")
    org_id, team_id = int(profile.require("org_id")), int(profile.require("team_id"))
    probes: list[tuple[Reply, tuple[int, ...], str]] = [
        (client.list_bookings(key=None), (403,), "no key (PermissionsGuard)"),
        (client.list_bookings(key=bad), (401,), "an unknown key"),
        (client.confirm(made.uid, key=None), (403,), "no key (PermissionsGuard)"),
        (client.confirm(made.uid, key=bad), (401,), "an unknown key"),
        (client.decline(made.uid, key=None), (403,), "no key (PermissionsGuard)"),
        (client.decline(made.uid, key=bad), (401,), "an unknown key"),
        (client.mark_absent(made.uid, {"host": True}, key=None), (403,), "no key (PermissionsGuard)"),
        (client.mark_absent(made.uid, {"host": True}, key=bad), (401,), "an unknown key"),
        (client.org_bookings(org_id, key=None), (401,), "no key"),
        (client.org_bookings(org_id, key=bad), (401,), "an unknown key"),
        (client.team_bookings(org_id, team_id, key=None), (401,), "no key"),
        (
            client.report(org_id, {"bookingUid": made.uid, "reason": "SPAM", "reportType": "EMAIL"}, key=None),
            (401,),
            "no key",
        ),
        (client.get_booking(made.uid, key=bad), (401,), "an unknown key on an optional-auth route"),
        (
            client.cancel(made.uid, {"cancellationReason": "x"}, key=bad),
            (401,),
            "an unknown key on an optional-auth route",
        ),
        (
            client.reschedule(made.uid, {"start": iso(session.slots.next())}, key=bad),
            (401,),
            "an unknown key on an optional-auth route",
        ),
        (
            client.send(
                OperationId.CREATE,
                key=bad,
                body={
                    "start": iso(session.slots.next()),
                    "eventTypeId": made.booking["eventTypeId"],
                    "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
                },
            ),
            (401,),
            "an unknown key on an optional-auth route",
        ),
        (client.v1_list(key=None), (401,), "no apiKey"),
        (client.v1_list(key=bad), (401,), "an unknown apiKey"),
        (client.v1_get(int(made.booking["id"]), key=None), (401,), "no apiKey"),
    ]
    private = profile.event_types.requires_authentication
    if private:
        body = {
            "start": iso(session.slots.next()),
            "eventTypeId": private,
            "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
        }
        probes.append((client.create_booking(body), (401,), "no key, for an event type that requires authentication"))
        if profile.tenancy.other_org_api_key:
            probes.append(
                (
                    client.create_booking(body, key=profile.tenancy.other_org_api_key),
                    (403,),
                    "another organization's key, for an event type that requires authentication",
                )
            )
    for reply, allowed, credentials in probes:
        rules.credentials_are_enforced(reply, allowed=allowed, credentials=credentials)
    rules.refused_requests_changed_nothing(
        _get(session, made.uid), uid=made.uid, status="pending", attempts=[p[0] for p in probes[2:8]]
    )


def malformed_requests_are_refused(session: ContractSession) -> None:
    """Malformed requests get the documented error statuses."""
    client = session.client
    json_body, text_body = {"Content-Type": "application/json"}, {"Content-Type": "text/plain"}
    create = OperationId.CREATE
    probes: list[tuple[Reply, tuple[int, ...], str]] = [
        (
            client.send(create, raw=b"{not json", headers=json_body, key=None),
            (400,),
            "a body that is not JSON",
        ),
        (
            client.send(create, raw=b"start=2030", headers=text_body, key=None),
            (415,),
            "a text/plain body",
        ),
        (
            client.send(
                create,
                raw=b'{"pad": "' + b"x" * (1024 * 1024 + 16) + b'"}',
                headers=json_body,
                key=None,
            ),
            (413,),
            "a body over 1 MiB",
        ),
        (client.get_booking(session.missing_uid()), (404,), "a uid no booking has"),
        (client.cancel(session.missing_uid(), {"cancellationReason": "x"}), (404,), "cancelling a uid no booking has"),
        (client.list_bookings({"status": "someday"}), (400,), "an unknown status filter"),
        (client.list_bookings({"take": 0}), (400,), "take=0"),
        (
            client.create_booking(
                {
                    "start": iso(session.slots.next()),
                    "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
                }
            ),
            (400, 404),
            "a create that names no event type",
        ),
        (
            client.create_booking(
                {
                    "start": iso(datetime.now(UTC) - timedelta(days=1)),
                    "eventTypeId": int(session.profile.require("event_types.regular")),
                    "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
                }
            ),
            (400,),
            "a start in the past",
        ),
    ]
    probes += _oversized_bodies(session)
    unknown = 2_000_000_000 + session.unique()
    probes += [
        (
            client.create_booking(
                {
                    "start": iso(session.slots.next()),
                    "eventTypeId": unknown,
                    "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
                }
            ),
            (404,),
            "an unknown event type",
        ),
        (client.v1_get(unknown), (403, 404), "an unknown v1 booking id"),
    ]
    for reply, expected, what in probes:
        rules.error_status_is(reply, expected=expected, what=what)


def _oversized_bodies(session: ContractSession) -> list[tuple[Reply, tuple[int, ...], str]]:
    """Every operation with a body refuses one over 1 MiB with 413 (before looking at the booking)."""
    client = session.client
    made = _made(session, "regular")
    pad = {"pad": "x" * (1024 * 1024 + 16)}
    missing = session.missing_uid()
    sends: list[tuple[OperationId, dict[str, Any]]] = [
        (OperationId.RESCHEDULE, {"bookingUid": missing}),
        (OperationId.CANCEL, {"bookingUid": missing}),
        (OperationId.MARK_ABSENT, {"bookingUid": missing}),
        (OperationId.DECLINE, {"bookingUid": missing}),
        (OperationId.REPORT, {"orgId": session.profile.org_id or 1}),
        (OperationId.V1_CREATE, {}),
        (OperationId.V1_UPDATE, {"id": int(made.booking["id"])}),
    ]
    probes: list[tuple[Reply, tuple[int, ...], str]] = []
    for operation_id, path in sends:
        if operation_id == OperationId.REPORT:
            body: dict[str, Any] = {
                "bookingUid": made.uid,
                "reason": "SPAM",
                "reportType": "EMAIL",
                "description": pad["pad"],
            }
        else:
            body = pad
        reply = client.send(operation_id, path=path, body=body)
        probes.append((reply, (413,), f"a body over 1 MiB to {reply.label}"))
    return probes


# ------------------------------------------------------------------------------------ mark absent


def mark_absent_rules(
    session: ContractSession, *, host: bool = True, absent: bool = True, use_clock: bool = True
) -> None:
    """Before the start, marking absences is refused and changes nothing; once the booking has started
    (the mock's clock is moved there and back), the absences sent are recorded."""
    made = _made(session, "regular")
    body: dict[str, Any] = {"host": host, "attendees": [{"email": made.email, "absent": absent}]}
    before = _get(session, made.uid)
    early = session.client.mark_absent(made.uid, body)
    rules.absence_before_start_is_refused(early, _get(session, made.uid), uid=made.uid, before=before)
    if not use_clock or not session.profile.mock:
        return
    start = parse_instant(made.booking["start"])
    assert start is not None
    with session.clock_past(start):
        mark = rules.answered(
            session.client.mark_absent(made.uid, body), {200}, f"marking absences of started booking uid={made.uid}"
        )
        rules.absences_are_recorded(
            _get(session, made.uid), uid=made.uid, host=host, attendees={made.email: absent}, mark=mark
        )
