"""Schemathesis hooks that aim generated cases at real state and keep them safe.

* Aim: path parameters, bodies and list filters are mixed with values the target really holds:
  bookings this run created (the ledger), the profile's event types, organization and team ids, and
  fresh slots, so that generated cases reach 2xx and state changes, not only 404s.
* Safety: every attendee and guest address becomes one at the run's own domain (a report by DOMAIN
  can then only ever match this run's bookings) and every phone number one of the fictional range;
  against anything but the mock, a generated write always names a booking of the ledger (or a uid in
  the run's namespace that does not exist), every time it sets lies in the run's own window, and a
  last guard before sending (`before_call`, which also sees the spec's examples and the coverage
  phase's cases) enforces all of it.
* Book-keeping: every exchange is counted for the coverage table, the ledger observes every answer
  (`Ledger.observe`), and the rate limit applies.

Value replacements keep a value's type, so a positive case stays positive and a negative one negative.
"""

from __future__ import annotations

import copy
import re
import zlib
from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any

import schemathesis
from hypothesis import strategies as st

from contract_tests.checks.cases import declared, from_suite, operation_of, path_of
from contract_tests.checks.failures import LedgerViolation, ReadOnlyViolation
from contract_tests.target import runtime
from contract_tests.target.semantics import parse_instant
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.spec import (
    VERSION_HEADER,
    Operation,
    OperationId,
    documented_operations,
    version_headers,
)
from contract_tests.target.strategies import TIME_ZONES, fictional_phone_number

__all__ = ["install"]

_BOOKING_KINDS = ("regular", "requires_confirmation", "seated", "recurring", "team")
_IDS = re.compile(r"[0-9]+(,[0-9]+)*")


def _operation(ctx: Any) -> Operation:
    operation = operation_of(ctx)
    assert operation is not None, "the hooks are installed on the suite's schema only"
    return operation


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_int(value: Any) -> bool:
    """Valid for `type: integer` (and `number`): replacing it with another int keeps a case's validity."""
    return isinstance(value, int) and not isinstance(value, bool)


def _choices(generated: Any, *aimed: Any) -> st.SearchStrategy[Any]:
    """The generated value or one of a FIXED set of aimed ones (fixed for the run: Hypothesis must
    see the same choices when it replays a case)."""
    options = [generated, *aimed]
    return st.sampled_from(options) if len(options) > 1 else st.just(generated)


def _from_pool(
    generated: Any,
    pool: Callable[[], Sequence[Any]],
    *,
    keep_generated: bool = True,
    fallback: Callable[[], Any] | None = None,
) -> st.SearchStrategy[Any]:
    """The generated value, or an item of `pool` (read when the case is built). The draw is an index
    whatever the pool holds, so a pool that grows during the run never makes generation flaky."""

    def pick(choice: tuple[bool, int]) -> Any:
        use_pool, index = choice
        items = pool()
        if use_pool and items:
            return items[index % len(items)]
        if not keep_generated and fallback is not None:
            return fallback()
        return generated

    return st.tuples(st.booleans() if keep_generated else st.just(True), st.integers(0, 1 << 16)).map(pick)


# ------------------------------------------------------------------------------------------- aim


def _no_id(label: str) -> Any:
    raise LedgerViolation(label, "a booking id: this run has created no booking yet")


def _pool(
    made: Sequence[Any], known: Sequence[Any], seen: Sequence[Any], *, session: ContractSession, write: bool
) -> list[Any]:
    """What a uid or id may be aimed at: the run's own bookings; on the mock, or to read, the profile's
    known ones; to read, those seen in a list too."""
    pool = list(made)
    if not write or session.profile.mock:
        pool += list(known)
    if not write:
        pool += list(seen)
    return pool


def _uid_pool(session: ContractSession, *, write: bool) -> list[str]:
    return _pool(
        session.ledger.uids(), session.profile.known_booking_uids, session.seen_uids, session=session, write=write
    )


def _id_pool(session: ContractSession, *, write: bool) -> list[int]:
    return _pool(
        session.ledger.ids(), session.profile.known_booking_ids, session.seen_ids, session=session, write=write
    )


Aim = Callable[[Any, dict[str, Any], ContractSession], st.SearchStrategy[Any]]


def _aiming(aim: Aim) -> Callable[[Any, Any], st.SearchStrategy[Any]]:
    """A Schemathesis flatmap hook that aims only objects, and only while a run is active."""

    def hook(ctx: Any, value: Any) -> st.SearchStrategy[Any]:
        session = runtime.current_session()
        if session is None or not isinstance(value, dict):
            return st.just(value)
        return aim(ctx, value, session)

    # Not functools.wraps: Schemathesis reads the hook's signature, which __wrapped__ would replace.
    hook.__name__, hook.__doc__ = aim.__name__, aim.__doc__
    return hook


@_aiming
def aim_path_parameters(ctx: Any, path_parameters: dict[str, Any], session: ContractSession) -> st.SearchStrategy[Any]:
    operation = _operation(ctx)
    profile = session.profile
    strict = operation.writes and not profile.mock  # a real target: writes only to the ledger
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, value in path_parameters.items():
        if name == "bookingUid" and isinstance(value, str):
            uids = partial(_uid_pool, session, write=operation.writes)
            fields[name] = _from_pool(value, uids, keep_generated=not strict, fallback=session.missing_uid)
        elif name == "id" and _is_int(value):
            ids = partial(_id_pool, session, write=operation.writes)
            fields[name] = _from_pool(value, ids, keep_generated=not strict, fallback=partial(_no_id, operation.label))
        elif name == "orgId" and _is_int(value):
            fields[name] = _choices(value, *[i for i in (profile.org_id, profile.tenancy.other_org_id) if i])
        elif name == "teamId" and _is_int(value):
            teams = (profile.team_id, profile.other_team_id, profile.tenancy.other_org_team_id)
            fields[name] = _choices(value, *[i for i in teams if i])
        else:
            fields[name] = st.just(value)
    return st.fixed_dictionaries(fields)


def _safe_addresses(session: ContractSession, body: dict[str, Any]) -> dict[str, Any]:
    """Attendee and guest addresses at the run's domain, whatever was generated."""
    for holder in ("attendee", "responses"):
        person = body.get(holder)
        # v2's attendee.email is optional, so adding one keeps a case's validity; v1's is required,
        # so a missing one is left missing (adding it would turn a negative case positive).
        if isinstance(person, dict) and (
            isinstance(person.get("email"), str) or (holder == "attendee" and "email" not in person)
        ):
            person["email"] = session.email("generated")
            session.emails.append(person["email"])
        if isinstance(person, dict) and isinstance(person.get("guests"), list):
            person["guests"] = [session.email("guest") if isinstance(g, str) else g for g in person["guests"]]
    if isinstance(body.get("guests"), list):
        body["guests"] = [session.email("guest") if isinstance(g, str) else g for g in body["guests"]]
    return body


def _own_addresses(session: ContractSession, body: dict[str, Any]) -> None:
    """The last guard's version of `_safe_addresses`: every address not at the run's domain (a spec
    example, a coverage-phase value) becomes one that is; nothing is added, so validity is kept."""
    for holder in (body, body.get("attendee"), body.get("responses")):
        if not isinstance(holder, dict):
            continue
        if isinstance(holder.get("email"), str) and holder is not body and not session.ledger.is_ours(holder["email"]):
            holder["email"] = session.email("generated")
            session.emails.append(holder["email"])
        if isinstance(holder.get("guests"), list):
            holder["guests"] = [
                session.email("guest") if isinstance(g, str) and not session.ledger.is_ours(g) else g
                for g in holder["guests"]
            ]


_PHONE_LIKE = re.compile(r"^\s*\+?[\d\s().-]{6,}$")


def _fictional_phones(value: Any) -> Any:
    """Every string under a key that names a phone becomes a number of the fictional range (the same
    one for the same generated value, so that a replayed case sends the same request)."""
    if isinstance(value, dict):
        for key, item in value.items():
            # A plain-string `location` may be a phone number too (the real server books it as one).
            phone = "phone" in str(key).lower() or (key == "location" and _PHONE_LIKE.match(str(item)) is not None)
            if phone and isinstance(item, str):
                value[key] = fictional_phone_number(zlib.crc32(item.encode("utf-8", "replace")))
            else:
                _fictional_phones(item)
    elif isinstance(value, list):
        for item in value:
            _fictional_phones(item)
    return value


def _fresh_start(value: Any, session: ContractSession) -> Any:
    return iso(session.slots.next()) if parse_instant(value) is not None else value


def _keep_in_window(session: ContractSession, operation: Operation, body: dict[str, Any]) -> None:
    """Every time a write sets lies in the run's own window: otherwise its starts move to a fresh slot
    and its ends follow (a PATCH spanning years would make a real host look busy to every booker)."""
    starts, ends = operation.time_fields
    times = {name: parse_instant(body.get(name)) for name in (*starts, *ends)}
    given = {name: moment for name, moment in times.items() if moment is not None}
    if all(session.slots.holds(moment) for moment in given.values()):
        return
    start = next((given[name] for name in starts if name in given), None)
    end = next((given[name] for name in ends if name in given), None)
    length = end - start if start is not None and end is not None else None
    if length is None or not timedelta(0) < length <= session.slots.step:
        length = timedelta(minutes=30)
    slot = session.slots.next()
    for name in given:
        body[name] = iso(slot) if name in starts else iso(slot + length)


def _plain_cancel(body: dict[str, Any]) -> bool:
    """A schema-valid CancelBookingInput (so that replacing it keeps the case positive)."""
    return (
        set(body) <= {"cancellationReason", "cancelSubsequentBookings"}
        and isinstance(body.get("cancellationReason", ""), str)
        and isinstance(body.get("cancelSubsequentBookings", False), bool)
    )


@_aiming
def aim_body(ctx: Any, body: dict[str, Any], session: ContractSession) -> st.SearchStrategy[Any]:
    operation = _operation(ctx)
    operation_id = operation.operation_id
    profile = session.profile
    if operation.makes_new_booking:
        generated = _fictional_phones(_safe_addresses(session, copy.deepcopy(body)))
        aimed = []
        ids = [getattr(profile.event_types, kind) for kind in _BOOKING_KINDS]
        for event_type_id in [i for i in ids if i]:
            candidate = _fictional_phones(_safe_addresses(session, copy.deepcopy(body)))
            if ("eventTypeId" not in candidate and operation_id == OperationId.CREATE) or _is_int(
                candidate.get("eventTypeId")
            ):
                candidate["eventTypeId"] = event_type_id
            candidate["start"] = _fresh_start(candidate.get("start"), session)
            if parse_instant(candidate.get("end")) is not None:
                candidate.pop("end")  # v1: let the event type decide the length
            if _is_number(candidate.get("lengthInMinutes")):
                candidate.pop("lengthInMinutes")  # optional; event types allow only their own lengths
            for holder in (candidate, candidate.get("attendee")):
                if isinstance(holder, dict) and isinstance(holder.get("timeZone"), str):
                    holder["timeZone"] = TIME_ZONES[len(holder["timeZone"]) % len(TIME_ZONES)]
            aimed.append(candidate)
        if not profile.mock and aimed:
            return st.sampled_from(aimed)  # a real target: only the profile's event types are booked
        return _choices(generated, *aimed)
    if operation_id == OperationId.CANCEL and _plain_cancel(body):
        # A host cancelling without a reason is refused: give most valid cancels one, so they succeed.
        reason = body.get("cancellationReason") or "Changed plans"
        return _choices(body, {"cancellationReason": reason}, {"cancellationReason": reason})
    if operation_id == OperationId.RESCHEDULE and "start" in body:
        moved = {**body, "start": _fresh_start(body["start"], session)}
        return st.just(moved) if not profile.mock else _choices(body, moved)
    if operation_id == OperationId.V1_UPDATE and not profile.mock:
        # A real target: a booking of this run may be moved, but only to a free slot of the run's window.
        moved = dict(body)
        _keep_in_window(session, operation, moved)
        return st.just(moved)
    if operation_id == OperationId.REPORT and isinstance(body.get("bookingUid"), str):
        uids = partial(_uid_pool, session, write=True)
        chosen = _from_pool(body["bookingUid"], uids, keep_generated=profile.mock, fallback=session.missing_uid)
        return chosen.map(lambda uid: {**body, "bookingUid": uid})
    return st.just(body)


@_aiming
def aim_query(ctx: Any, query: dict[str, Any], session: ContractSession) -> st.SearchStrategy[Any]:
    profile = session.profile
    if _operation(ctx).operation_id == OperationId.TEAM_LIST:
        ids = list(profile.team_event_type_ids)
    else:
        ids = [i for i in (getattr(profile.event_types, kind) for kind in _BOOKING_KINDS) if i]
    # Only add a filter or replace a valid one: a negative case must stay negative.
    aimed = []
    if ids and ("eventTypeIds" not in query or _IDS.fullmatch(str(query["eventTypeIds"]))):
        aimed.append({**query, "eventTypeIds": ",".join(map(str, ids))})
    replaceable = isinstance(query.get("attendeeEmail", ""), str)
    by_email = _from_pool(None, lambda: session.emails[-10:]).map(
        lambda email: {**query, "attendeeEmail": email} if email and replaceable else query
    )
    return st.one_of(_choices(query, *aimed), by_email)


def install(schema: Any) -> Any:
    """Register the aiming hooks on one schema (they then apply to its operations only)."""
    schema.hook("flatmap_path_parameters")(aim_path_parameters)
    schema.hook("flatmap_body")(aim_body)
    lists = [operation_id for operation_id in OperationId if documented_operations()[operation_id].is_list]
    schema.hook("flatmap_query").apply_to(operation_id=lists)(aim_query)
    return schema


# ------------------------------------------------------------------------------- safety, records


def _session_of(case: Any) -> ContractSession | None:
    """The run's session when `case` comes from the suite's schema, else None (other schemas in the
    same process are left alone)."""
    return runtime.current_session() if from_suite(case) else None


def _retarget(session: ContractSession, case: Any) -> None:
    """Against a real target, point a write that names a booking this run did not create (an example
    from the spec, a link from a listed booking) at one it did, or at a uid that does not exist."""
    ledger = session.ledger
    path = path_of(case)
    body = case.body if isinstance(case.body, dict) else {}
    index = session.unique()
    # Any value that is not an owned uid/id is replaced, whatever its type: a list ["uid"] would be
    # serialized as that uid. (Schemathesis revalidates a case a before_call hook edits.)
    if "bookingUid" in path and not (isinstance(path["bookingUid"], str) and ledger.owns_uid(path["bookingUid"])):
        uids = ledger.uids()
        path["bookingUid"] = uids[index % len(uids)] if uids else session.missing_uid()
    if "id" in path and not (_is_int(path["id"]) and ledger.owns_id(int(path["id"]))):
        ids = ledger.ids()
        if ids:
            path["id"] = ids[index % len(ids)]
    if isinstance(body.get("bookingUid"), str) and not ledger.owns_uid(body["bookingUid"]):
        uids = ledger.uids()
        body["bookingUid"] = uids[index % len(uids)] if uids else session.missing_uid()


def _send_version(session: ContractSession, case: Any) -> None:
    """The `cal-api-version` that reaches the case's operation, in every phase (the per-operation headers
    of the configuration do not reach the stateful phase): without it the real server answers from another
    controller (docs/versions.md)."""
    operation_id = case.operation.definition.raw.get("operationId")
    version = version_headers(session.profile.api_versions).get(str(operation_id))
    if version is not None:
        case.headers = {**(case.headers or {}), VERSION_HEADER: version}


@schemathesis.hook
def before_call(ctx: Any, case: Any, kwargs: Any) -> None:
    """Rate limit, read-only, contact details, the run's window and the ledger guard, for the suite's
    own cases, whichever phase built them."""
    session = _session_of(case)
    if session is None:
        return
    _send_version(session, case)
    session.client.limiter.wait()
    method = str(case.method).upper()
    if method in ("GET", "HEAD", "OPTIONS"):
        return
    if session.profile.run.read_only:
        raise ReadOnlyViolation(f"{method} {case.operation.path}")
    if isinstance(case.body, dict):
        _fictional_phones(case.body)
    operation = operation_of(case)
    if session.profile.mock or operation is None:
        return
    if isinstance(case.body, dict):
        _own_addresses(session, case.body)
        _keep_in_window(session, operation, case.body)
    if (operation.makes_new_booking and declared(case)) or operation.holds_slots:
        return
    _retarget(session, case)
    target = operation.target(path_of(case), case.body)
    if target.uid is None and target.booking_id is None:
        if operation.about_bookings:
            return  # nothing named: an undeclared method on a booking collection, answered 405
        # An event type or the user: on a real server such a method may well exist (DELETE /v2/event-types/{id}).
        raise LedgerViolation(f"{method} {case.operation.path}", "something that is not a booking")
    session.ledger.check_write(f"{method} {case.operation.path}", target)


@schemathesis.hook
def after_call(ctx: Any, case: Any, response: Any) -> None:
    """Count the exchange for coverage and let the ledger observe what generated cases did."""
    session = _session_of(case)
    operation = operation_of(case)
    if session is None or operation is None or not declared(case):
        return
    session.recorder.record(operation.operation_id, response.status_code)
    try:
        answer = response.json()
    except ValueError:
        return
    session.ledger.observe(operation, path_of(case), case.body, response.status_code, answer)
