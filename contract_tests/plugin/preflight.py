"""Pre-flight: before any test, is the target usable with this profile?

The target answers, the key is accepted and administers `org_id`, the profile's teams, the other
organization and its key, and the bookings it names exist as what the profile says they are. A run
against an unreachable URL or with a wrong key then stops at once with one message (exit code 2)
instead of failing every test. Event types are checked where the API shows them:
`GET /v2/event-types/{id}` shows only the key's own, so those are checked against their kind
(seated, requires confirmation, recurring, regular); the others only for consistency.

`calcom-contract doctor` prints every check; the pytest plugin runs them at the start of a session
against any target other than the embedded mock (`--no-preflight` turns that off).

PYTEST_DONT_REWRITE (a plugin module, also imported by cli.py)
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from contract_tests.plugin.requests_count import carry_preflight
from contract_tests.plugin.state import run_state
from contract_tests.target.http import TargetReader
from contract_tests.target.pacing import Pacer
from contract_tests.target.redaction import redact
from contract_tests.target.spec import OperationId, documented_operations
from contract_tests.target.targets import TargetProfile

__all__ = ["EXIT_PREFLIGHT", "REQUEST_TIMEOUT", "Check", "PreflightFailed", "problems", "run_checks"]

REQUEST_TIMEOUT = 3.0  # seconds per request: an unreachable target is known in well under 10 s
DEADLINE = 8.0  # seconds for every check together
MAX_KNOWN_BOOKINGS = 10  # of each kind (uids, ids) read back
EXIT_PREFLIGHT = 2  # the exit code of a run that cannot start: usage, profile or target


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not checked (the profile names nothing to check, or no key)
    detail: str = ""

    def line(self) -> str:
        mark = {True: "ok  ", False: "FAIL", None: "-   "}[self.ok]
        return redact(f"{mark} {self.name}" + (f": {self.detail}" if self.detail else ""))


class PreflightFailed(Exception):
    """The target cannot be tested with this profile; the message says why and what to change."""


class _Target:
    """The pre-flight's view of the target: the one reader of the suite (`http.TargetReader`), with a short
    timeout per request and an overall deadline."""

    def __init__(self, profile: TargetProfile, base_url: str, pacer: Pacer | None = None) -> None:
        self.profile = profile
        self.reader = TargetReader(profile, base_url=base_url, limiter=pacer, timeout=REQUEST_TIMEOUT)
        self.base_url = self.reader.base_url
        self.deadline = time.monotonic() + DEADLINE

    def get(
        self, operation_id: OperationId, *, key: str | None, path: Mapping[str, Any] | None = None, take: bool = False
    ) -> requests.Response:
        """One read of `operation_id` with `key` (none: no credentials); `take` asks a list for one item."""
        if time.monotonic() > self.deadline:
            raise PreflightFailed(f"the target answers too slowly: the checks took over {DEADLINE:.0f} s")
        return self.reader.read(operation_id, path=path, query={"take": 1} if take else None, key=key)


def _route(operation_id: OperationId, path: Mapping[str, Any] | None = None) -> str:
    """`GET /v2/organizations/1/bookings`: the request named in a message."""
    operation = documented_operations()[operation_id]
    return f"{operation.method} {operation.route(path)}"


def _said(response: requests.Response) -> str:
    """`<status> <the API's error message>`, short."""
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} {response.text[:120]!r}"
    message: Any = None
    if isinstance(body, Mapping):
        error = body.get("error")
        message = error.get("message") if isinstance(error, Mapping) else body.get("message")
    return f"{response.status_code} {message!r}" if message else str(response.status_code)


def _reach(target: _Target) -> Iterator[Check]:
    profile = target.profile
    try:
        reply = target.get(OperationId.LIST, key=profile.api_key, take=True)
    except requests.Timeout:
        raise PreflightFailed(
            f"{target.base_url} did not answer within {REQUEST_TIMEOUT:.0f} s: is the URL right and the server up?"
        ) from None
    except requests.RequestException as error:
        found = re.search(r"\[Errno [^\]]*\] [^'\")]*", str(error))
        reason = found.group(0) if found else type(error).__name__
        raise PreflightFailed(
            f"cannot reach {target.base_url}: {reason}; is the URL right and the server up?"
        ) from None
    listed = f"{target.base_url}{documented_operations()[OperationId.LIST].path}"
    if reply.status_code == 404:
        raise PreflightFailed(
            f"{listed} answered 404: the base URL must be the API's root (e.g. https://api.cal.com, without /v2)"
        )
    if reply.status_code >= 500:
        raise PreflightFailed(f"{listed} answered {_said(reply)}: the target is not healthy")
    if "json" not in reply.headers.get("content-type", ""):
        raise PreflightFailed(
            f"{listed} answered {reply.status_code} with "
            f"{reply.headers.get('content-type') or 'no content type'}, not JSON: is this the Cal.com API?"
        )
    yield Check("target reachable", True, target.base_url)
    if not profile.api_key:
        yield Check("API key", None, "none given: tests that need one are skipped (--api-key or CALCOM_API_KEY)")
    elif reply.status_code == 401:
        raise PreflightFailed(f"the API key was refused: {_route(OperationId.LIST)} answered {_said(reply)}")
    elif reply.status_code != 200:
        raise PreflightFailed(f"the API key may not list bookings: {_route(OperationId.LIST)} answered {_said(reply)}")
    else:
        yield Check("API key accepted", True)


def _organization(target: _Target) -> Iterator[Check]:
    profile, key = target.profile, target.profile.api_key
    if profile.org_id is None or not key:
        yield Check("org_id administered by the key", None, "no org_id or no key in the profile")
        return
    org = {"orgId": profile.org_id}
    _lists(target, OperationId.ORG_LIST, org, key, f"the API key does not administer org_id {profile.org_id}")
    yield Check(f"org_id {profile.org_id} administered by the key", True)
    for name, team in (("team_id", profile.team_id), ("other_team_id", profile.other_team_id)):
        if team is None:
            continue
        path = {**org, "teamId": team}
        _lists(target, OperationId.TEAM_LIST, path, key, f"{name} {team} is not a team of org_id {profile.org_id}")
        yield Check(f"{name} {team} is a team of org_id {profile.org_id}", True)


def _lists(target: _Target, operation_id: OperationId, path: Mapping[str, Any], key: str, otherwise: str) -> None:
    """The list answers 200 with `key`, or the run stops saying `otherwise` and what came back."""
    reply = target.get(operation_id, path=path, key=key, take=True)
    if reply.status_code != 200:
        raise PreflightFailed(f"{otherwise}: {_route(operation_id, path)} answered {_said(reply)}")


def _tenancy(target: _Target) -> Iterator[Check]:
    profile, tenancy = target.profile, target.profile.tenancy
    if tenancy.other_org_id is None or not tenancy.other_org_api_key:
        yield Check("tenancy", None, "no other organization (tenancy.other_org_id and other_org_api_key)")
        return
    if tenancy.other_org_id == profile.org_id:
        raise PreflightFailed(f"tenancy.other_org_id {tenancy.other_org_id} must be another organization than org_id")
    org = {"orgId": tenancy.other_org_id}
    reply = target.get(OperationId.ORG_LIST, path=org, key=tenancy.other_org_api_key, take=True)
    if reply.status_code != 200:
        raise PreflightFailed(
            f"tenancy.other_org_api_key does not administer tenancy.other_org_id {tenancy.other_org_id}: "
            f"{_route(OperationId.ORG_LIST, org)} answered {_said(reply)} "
            "(the key can also come from CALCOM_OTHER_ORG_API_KEY)"
        )
    yield Check(f"tenancy.other_org_id {tenancy.other_org_id} administered by other_org_api_key", True)
    team = tenancy.other_org_team_id
    if team is not None:
        path = {**org, "teamId": team}
        reply = target.get(OperationId.TEAM_LIST, path=path, key=tenancy.other_org_api_key, take=True)
        if reply.status_code != 200:
            raise PreflightFailed(
                f"tenancy.other_org_team_id {team}: {_route(OperationId.TEAM_LIST, path)} answered {_said(reply)}"
            )
        yield Check(f"tenancy.other_org_team_id {team} is a team of the other organization", True)


def _known_bookings(target: _Target) -> Iterator[Check]:
    profile, key = target.profile, target.profile.api_key
    if not key:
        return
    for uid in profile.known_booking_uids[:MAX_KNOWN_BOOKINGS]:
        reply = target.get(OperationId.GET, path={"bookingUid": uid}, key=key)
        if reply.status_code != 200:
            raise PreflightFailed(f"known_booking_uids: booking {uid} cannot be read: {_said(reply)}")
    for booking_id in profile.known_booking_ids[:MAX_KNOWN_BOOKINGS]:
        reply = target.get(OperationId.V1_GET, path={"id": booking_id}, key=key)
        if reply.status_code != 200:
            raise PreflightFailed(f"known_booking_ids: booking {booking_id} cannot be read through v1: {_said(reply)}")
    count = min(len(profile.known_booking_uids), MAX_KNOWN_BOOKINGS) + min(
        len(profile.known_booking_ids), MAX_KNOWN_BOOKINGS
    )
    if count:
        yield Check("known bookings readable", True, f"{count} read back")


def _mock(target: _Target) -> Iterator[Check]:
    if not target.profile.mock:
        return
    try:
        reply = target.reader.mock_health()
    except requests.RequestException as error:
        raise PreflightFailed(f"the profile says `mock: true` but /_mock/health failed: {error}") from None
    if reply.status_code != 200:
        raise PreflightFailed(
            f"the profile says `mock: true` but /_mock/health answered {reply.status_code}: "
            "pass --target-profile with `mock: false` for a real server"
        )
    yield Check("the mock's control API answers (mock: true)", True)


def _event_types(target: _Target) -> Iterator[Check]:
    """What the profile says about event types must at least agree with itself."""
    profile, kinds = target.profile, target.profile.event_types
    if kinds.team is not None and profile.team_event_type_ids and kinds.team not in profile.team_event_type_ids:
        raise PreflightFailed(f"event_types.team {kinds.team} is not in team_event_type_ids")
    if (
        kinds.other_team is not None
        and profile.other_team_event_type_ids
        and kinds.other_team not in profile.other_team_event_type_ids
    ):
        raise PreflightFailed(f"event_types.other_team {kinds.other_team} is not in other_team_event_type_ids")
    if kinds.seated is not None and (kinds.seats is None or kinds.seats < 2):
        raise PreflightFailed("event_types.seated needs event_types.seats: its seatsPerTimeSlot, at least 2")
    if kinds.recurring is not None and (kinds.recurring_occurrences is None or kinds.recurring_occurrences < 2):
        raise PreflightFailed("event_types.recurring needs event_types.recurring_occurrences: its maxOccurrences")
    named = {
        name: value
        for name, value in vars(kinds).items()
        if isinstance(value, int) and name not in ("seats", "recurring_occurrences")
    }
    verified = [name for name, event_type in named.items() if _kind_holds(target, name, event_type)]
    if verified:
        yield Check("event types are what the profile says", True, ", ".join(verified))
    unseen = sorted(set(named) - set(verified))
    if unseen:
        yield Check(
            "event types",
            None,
            f"not verified ({documented_operations()[OperationId.EVENT_TYPE].label} shows only the key's own): "
            f"{', '.join(unseen)}",
        )


def _enabled(setting: Any) -> bool | None:
    """Whether an event type setting (`seats`, `confirmationPolicy`, `recurrence`) is on; None when
    the answer does not say."""
    if setting is None:
        return False
    if isinstance(setting, Mapping):
        return setting.get("disabled") is not True
    return None


def _kind_holds(target: _Target, name: str, event_type: int) -> bool:
    """True when the target shows `event_type` and it is of kind `name`; False when it does not show
    it; raises `PreflightFailed` when it shows another kind."""
    key = target.profile.api_key
    if not key:
        return False
    reply = target.get(OperationId.EVENT_TYPE, path={"eventTypeId": event_type}, key=key)
    data = (
        reply.json().get("data")
        if reply.status_code == 200 and "json" in reply.headers.get("content-type", "")
        else None
    )
    if not isinstance(data, Mapping):
        return False
    seats, confirm, recurrence = (_enabled(data.get(k)) for k in ("seats", "confirmationPolicy", "recurrence"))
    private = data.get("bookingRequiresAuthentication")
    checks = {
        "regular": "it has seats, confirmation or recurrence" if True in (seats, confirm, recurrence) else "",
        "seated": "it has no seats" if seats is False else "",
        "requires_confirmation": "it does not require confirmation" if confirm is False else "",
        "recurring": "it is not recurring" if recurrence is False else "",
        "recurring_requires_confirmation": "it is not recurring or does not require confirmation"
        if False in (recurrence, confirm)
        else "",
        "requires_authentication": "it does not require authentication" if private is False else "",
    }
    if name not in checks:
        return False  # a kind the event type's settings do not show (team, other_team, ...)
    wrong = checks[name]
    per_slot = (data.get("seats") or {}).get("seatsPerTimeSlot") if isinstance(data.get("seats"), Mapping) else None
    expected = target.profile.event_types.seats
    if name == "seated" and not wrong and per_slot is not None and expected is not None and per_slot != expected:
        wrong = f"its seatsPerTimeSlot is {per_slot}, event_types.seats says {expected}"
    if wrong:
        raise PreflightFailed(f"event_types.{name} {event_type} is not what the profile says: {wrong}")
    return True


_STEPS: tuple[Callable[[_Target], Iterator[Check]], ...] = (
    _reach,
    _mock,
    _organization,
    _tenancy,
    _known_bookings,
    _event_types,
)


def run_checks(
    profile: TargetProfile,
    base_url: str,
    *,
    on_check: Callable[[Check], None] | None = None,
    pacer: Pacer | None = None,
) -> float:
    """Run every check in order, calling `on_check` with each result; raise `PreflightFailed` at the
    first problem. Returns the seconds taken. `pacer` paces and counts the requests."""
    started = time.monotonic()
    target = _Target(profile, base_url, pacer)
    for step in _STEPS:
        for check in step(target):
            if on_check is not None:
                on_check(check)
    return time.monotonic() - started


def problems(profile: TargetProfile, base_url: str, pacer: Pacer | None = None) -> str | None:
    """The first problem as one message, or None when the target is usable."""
    try:
        run_checks(profile, base_url, pacer=pacer)
    except PreflightFailed as failed:
        return redact(str(failed))
    return None


# ------------------------------------------------------------------------------------ pytest hook


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Check the target once, before any test (on the xdist controller, not in every worker)."""
    config = session.config
    if hasattr(config, "workerinput") or config.option.collectonly or not config.getoption("preflight"):
        return
    state = run_state(config)
    if state.embedded:
        return
    pacer = Pacer(state.profile.run.rate_limit, trust_headers=not state.profile.mock)
    problem = problems(state.profile, state.base_url, pacer)
    carry_preflight(pacer)
    if problem is not None:
        pytest.exit(f"pre-flight: {problem}", returncode=EXIT_PREFLIGHT)
