"""Lists: a corpus of bookings made for the list scenarios, and a list that keeps its promises (filters,
order, pagination).

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.responses import verify_list_filters, verify_list_order, verify_pagination
from contract_tests.scenarios import steps
from contract_tests.target.bookings import AttendeeSpec, BookingSpec, Made
from contract_tests.target.http import Reply
from contract_tests.target.semantics import filter_violations
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.targets import ProfileDataMissing

__all__ = ["Corpus", "build_corpus", "list_holds_its_promises", "whole_list"]

_made = steps.made
_get = steps.read


MAX_PAGES = 40
TILE_PAGES = 3  # a thrifty budget (the staging preset) tiles a list in at most this many pages


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
    take = _thrifty_take(session, take, len(uids))
    tiled: list[str] = []
    page = last
    for index in range(len(uids) // take + 1):
        page_query = {**query, "take": take, "skip": index * take}
        page = _list(session, endpoint, page_query)
        verify_pagination(page.label, page_query, page.body or {}, page.curl())
        tiled += [i.get("uid") for i in (page.body or {}).get("data") or []]
    rules.pages_tile_the_list(page, take=take, tiled=tiled, whole=uids)


def _thrifty_take(session: ContractSession, take: int, count: int) -> int:
    """`take`, or under a thrifty budget (the staging preset) the smallest page size that tiles `count`
    items in at most `TILE_PAGES` pages: still several pages, the last one short, without a request per
    few items of a list that holds the whole run's bookings."""
    if not session.profile.budget.thrifty:
        return take
    return max(take, count // (TILE_PAGES - 1) + 1)
