"""Pages end exactly where the filtered list ends, on each of the three v2 lists and on v1.

A few bookings share one attendee address no other booking has; the lists filtered by it are short and
known, so every page can be asked at its edges: `take` one below, at and one above the count, `skip`
from 0 to the count. On the user, organization and team lists each page is the slice of the whole
(filtered) list it names, its pagination the reference arithmetic for that slice; the whole list holds
exactly the bookings of that address that the list's scope holds (the team list: its team's event
types only). On v1, `take` with `page` (from 1) gives the same slices of the v1 list filtered by
`attendeeEmail`, and a page past the end is empty. On the same bookings, `teamId`, `teamsIds` and
`userIds` keep exactly the team's, and the key's user's, bookings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import ListNotExact, PagesDoNotTile
from contract_tests.checks.responses import verify_pagination
from contract_tests.scenarios import steps
from contract_tests.target.bookings import Made
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.spec import OperationId
from contract_tests.target.targets import ProfileDataMissing

__all__ = [
    "PageEnds",
    "build_page_ends",
    "pages_end_exactly",
    "team_and_user_filters_scope",
    "v1_pages_end_exactly",
]

_KINDS = ("regular", "team", "regular", "team", "regular")


class PageEnds:
    """Bookings of one fresh attendee address, by kind."""

    def __init__(self, email: str, made: Sequence[Made]) -> None:
        self.email = email
        self.made = list(made)

    def uids(self, kinds: Sequence[str] | None = None) -> set[str]:
        return {m.uid for m in self.made if kinds is None or m.kind in kinds}


def build_page_ends(session: ContractSession) -> PageEnds:
    email = session.email("pages")
    made: list[Made] = []
    for kind in _KINDS:
        try:
            made.append(steps.made(session, kind, email=email))
        except ProfileDataMissing:
            continue
    return PageEnds(email, made)


def _uids(reply: Reply, key: str = "data") -> list[str]:
    body = reply.body if isinstance(reply.body, Mapping) else {}
    items = body.get(key) if key != "data" else reply.data
    return [str(i.get("uid")) for i in items or [] if isinstance(i, Mapping)]


def _lists(session: ContractSession, found: PageEnds) -> list[tuple[str, Any, set[str] | None]]:
    """(name, send(query), the uids it must hold exactly, or None where only ours are known to be in it)."""
    profile, client = session.profile, session.client
    lists: list[tuple[str, Any, set[str] | None]] = [("the user's list", lambda q: client.list_bookings(q), None)]
    if profile.org_id is not None:
        org_id = int(profile.org_id)
        lists.append(("the organization's list", lambda q: client.org_bookings(org_id, q), found.uids()))
        if profile.team_id is not None:
            team_id = int(profile.team_id)
            lists.append(("the team's list", lambda q: client.team_bookings(org_id, team_id, q), found.uids(("team",))))
    return lists


def _skips(session: ContractSession, count: int, take: int, *, pages: bool = False) -> list[int]:
    """The skips to ask for a list of `count`: every one from 0 to the count (with `pages`, v1's: every
    multiple of `take` up to the count's, the first page past the end included). Under a thrifty budget
    (the staging preset) only the edges: the first two pages, the last and the first past the end."""
    if pages:
        every = [index * take for index in range(count + 1)]
        edges = {0, take, (count - 1) // take * take if count else 0, -(-count // take) * take}
    else:
        every = list(range(count + 1))
        edges = {0, 1, max(count - 1, 0), count}
    if not session.profile.budget.thrifty:
        return every
    return sorted(edges)


def pages_end_exactly(session: ContractSession, found: PageEnds | None = None) -> None:
    found = found or build_page_ends(session)
    base = {"attendeeEmail": found.email, "afterStart": iso(session.slots.window_start), "sortStart": "asc"}
    for name, send, exactly in _lists(session, found):
        whole_reply = rules.answered(send({**base, "take": 250}), {200}, f"{name} of {found.email}")
        whole = _uids(whole_reply)
        expected = exactly if exactly is not None else set(whole) | found.uids(("regular",))
        if set(whole) != expected or len(whole) != len(set(whole)):
            raise rules.failure(
                ListNotExact,
                whole_reply,
                f"{name} filtered by attendeeEmail={found.email}: exactly {sorted(expected)}",
                f"{whole}",
            )
        count = len(whole)
        for take in sorted({max(count - 1, 1), max(count, 1), count + 1}):
            for skip in _skips(session, count, take):
                query = {**base, "take": take, "skip": skip}
                page = rules.answered(send(query), {200}, f"{name} with {query}")
                verify_pagination(page.label, query, page.body or {}, page.curl())
                if _uids(page) != whole[skip : skip + take]:
                    raise rules.failure(
                        PagesDoNotTile,
                        page,
                        f"{name} with take={take} skip={skip}: items {skip} to {skip + take - 1} of the whole "
                        f"filtered list {whole}",
                        f"{_uids(page)}",
                        after=whole_reply,
                    )


def v1_pages_end_exactly(session: ContractSession, found: PageEnds | None = None) -> None:
    found = found or build_page_ends(session)
    client = session.client
    base = {"attendeeEmail": [found.email]}
    whole_reply = rules.answered(client.v1_list(base), {200}, f"the v1 list of {found.email}")
    whole = _uids(whole_reply, "bookings")
    if not found.uids(("regular",)) <= set(whole) <= found.uids() or len(whole) != len(set(whole)):
        raise rules.failure(
            ListNotExact,
            whole_reply,
            f"the v1 list filtered by attendeeEmail={found.email}: the run's bookings of that address, "
            f"the key's own {sorted(found.uids(('regular',)))} among them",
            f"{whole}",
        )
    count = len(whole)
    for take in sorted({max(count - 1, 1), count, count + 1}):
        for skip in _skips(session, count, take, pages=True):
            page_number = skip // take + 1
            query = {**base, "take": take, "page": page_number}
            page = rules.answered(client.v1_list(query), {200}, f"the v1 list with {query}")
            if _uids(page, "bookings") != whole[skip : skip + take]:
                raise rules.failure(
                    PagesDoNotTile,
                    page,
                    f"v1 take={take} page={page_number} (pages count from 1): items {skip} to {skip + take - 1} "
                    f"of the whole filtered list {whole}",
                    f"{_uids(page, 'bookings')}",
                    after=whole_reply,
                )


def team_and_user_filters_scope(session: ContractSession, found: PageEnds | None = None) -> None:
    """`teamId` and `teamsIds` (user and organization lists) keep only bookings of that team's event types;
    `userIds` (organization list) keeps only bookings those users organize, host or attend: among the
    bookings of one fresh address, exactly the team's, and exactly the key's user's."""
    found = found or build_page_ends(session)
    profile, client = session.profile, session.client
    org_id, team_id = int(profile.require("org_id")), int(profile.require("team_id"))
    base: dict[str, Any] = {"attendeeEmail": found.email, "afterStart": iso(session.slots.window_start), "take": 250}
    teams = found.uids(("team",))
    probes: list[tuple[Reply, set[str], str]] = [
        (client.list_bookings({**base, "teamId": team_id}), teams, f"the user's list with teamId={team_id}"),
        (client.org_bookings(org_id, {**base, "teamId": team_id}), teams, f"the organization's list, teamId={team_id}"),
    ]
    if profile.other_team_id is not None:
        both = f"{team_id},{int(profile.other_team_id)}"
        probes.append(
            (
                client.org_bookings(org_id, {**base, "teamsIds": both}),
                teams,
                f"the organization's list, teamsIds={both}",
            )
        )
        other = int(profile.other_team_id)
        probes.append((client.org_bookings(org_id, {**base, "teamsIds": str(other)}), set(), f"teamsIds={other}"))
    me = client.send(OperationId.ME)
    me_id = me.data.get("id") if isinstance(me.data, Mapping) else None
    if isinstance(me_id, int):
        probes.append(
            (
                client.org_bookings(org_id, {**base, "userIds": str(me_id)}),
                found.uids(("regular",)),
                f"the organization's list with userIds={me_id} (the key's user, host of the regular bookings)",
            )
        )
    for reply, expected, what in probes:
        rules.answered(reply, {200}, what)
        seen = _uids(reply)
        if set(seen) != expected:
            raise rules.failure(
                ListNotExact,
                reply,
                f"{what}, among the bookings of {found.email}: exactly {sorted(expected)}",
                f"{seen}",
            )
