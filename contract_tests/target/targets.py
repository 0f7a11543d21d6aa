"""What the suite tests: the target server, what it holds, and how hard to test it.

A `TargetProfile` is frozen and built once per run from, in order of precedence, the command line,
the environment (`CALCOM_BASE_URL`, `CALCOM_API_KEY`, `CALCOM_OTHER_ORG_API_KEY`,
`CALCOM_TARGET_PROFILE`) and a YAML profile file (the built-in `profiles/mock-default.yaml` when none
is given). Checks and scenarios read the profile; they never read pytest options.
"""

from __future__ import annotations

import os
import unittest
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, settings

__all__ = [
    "BUILTIN_PROFILE",
    "STAGING_BUDGET",
    "ApiVersions",
    "Budget",
    "EventTypes",
    "ProfileDataMissing",
    "ProfileError",
    "RunOptions",
    "Slots",
    "TargetProfile",
    "Tenancy",
    "load_profile",
]

BUILTIN_PROFILE = Path(__file__).resolve().parent.parent / "profiles" / "mock-default.yaml"


# Requests of a `--staging` run: under twelve minutes at Cal.com's 120 requests per minute per API key. A staging
# run against the mock sends about 1,360 (rules ~880, conformance ~180, stateful ~16, clean-up ~275: two requests
# for each of the ~140 bookings the rules make, a cancel and the read-back that proves it); see
# docs/contract-tests.md for why not 1,200.
STAGING_BUDGET = 1400


class ProfileError(ValueError):
    """The profile file cannot be used (unknown key, wrong type, missing file)."""


class ProfileDataMissing(unittest.SkipTest):
    """A test needs data the profile does not hold; pytest reports it as a skip with this reason."""

    def __init__(self, key: str, hint: str) -> None:
        self.key = key
        super().__init__(f"the target profile has no `{key}`: add {hint} to your --target-profile file")


@dataclass(frozen=True, kw_only=True)
class EventTypes:
    regular: int | None = None
    requires_confirmation: int | None = None
    seated: int | None = None
    seats: int | None = None
    recurring: int | None = None
    recurring_occurrences: int | None = None
    recurring_requires_confirmation: int | None = None  # recurring, and its bookings start pending
    team: int | None = None
    other_team: int | None = None
    requires_authentication: int | None = None  # bookingRequiresAuthentication: only its org's admins may book
    variable_length: int | None = None  # an event type that offers several lengths ...
    variable_lengths: tuple[int, ...] = ()  # ... and the lengths in minutes it offers
    round_robin: int | None = None  # a round-robin team event type of org_id without fixed hosts ...
    round_robin_host_ids: tuple[int, ...] = ()  # ... and the user ids of its (two or more) hosts
    cal_video: int | None = None  # an event type of api_key's user that offers Cal Video


@dataclass(frozen=True, kw_only=True)
class Tenancy:
    other_org_api_key: str | None = field(default=None, repr=False)
    other_org_id: int | None = None
    other_org_team_id: int | None = None
    other_org_event_type: int | None = None
    member_api_key: str | None = field(default=None, repr=False)  # a plain member of org_id, no team role
    expired_api_key: str | None = field(default=None, repr=False)  # a key of org_id's that has expired
    outside_api_key: str | None = field(default=None, repr=False)  # a user of no organization


@dataclass(frozen=True, kw_only=True)
class ApiVersions:
    default: str = "2024-08-13"
    cancel: str = "2026-02-25"


@dataclass(frozen=True, kw_only=True)
class Slots:
    days_ahead: int = 60  # the run's window starts at least this many days from now
    spread_days: int = 600  # ... plus a random number of days below this
    step_minutes: int = 67  # between two bookings of the run; longer than any event type used
    # The schedule time zones of the hosts of the event types the suite books: starts fall on weekdays inside
    # `working_hours` in every one of them (a real server refuses a create outside its hosts' hours). Empty:
    # any time of any day.
    time_zones: tuple[str, ...] = ()
    working_hours: tuple[str, ...] = ("09:00", "17:00")


@dataclass(frozen=True, kw_only=True)
class Budget:
    """How many cases each kind of test runs. `quick` is the default, `thorough` is `--thorough`."""

    conformance_examples: int
    rule_examples: int
    stateful_scenarios: int
    stateful_steps: int
    shrink: bool = False  # shrinking replays scenarios against a server whose state moved on
    # Schemathesis's coverage phase (every boundary and negative variant of every parameter: over 1,000
    # requests for POST /v2/bookings alone) and its undeclared-method probes: left out by the staging preset.
    coverage_phase: bool = True
    # The staging preset's thrift: requests go where findings are. A rule with an explicit example of its most
    # telling data runs only that example (no generated case on top); list rules tile a list in a few pages,
    # probe page ends at their edges, read back a sample of one booking of each kind and try each spelling of a
    # multi-value filter once (each scenario says what it spares).
    thrifty: bool = False

    @classmethod
    def quick(cls) -> Budget:
        return cls(conformance_examples=8, rule_examples=6, stateful_scenarios=20, stateful_steps=6)

    @classmethod
    def staging(cls) -> Budget:
        """`--staging`: a run that fits Cal.com's rate limit (see `STAGING_BUDGET`): every rule on its
        explicit examples and one generated case, conformance cases sparingly, a short stateful phase."""
        return cls(
            conformance_examples=2,
            rule_examples=1,
            stateful_scenarios=4,
            stateful_steps=4,
            coverage_phase=False,
            thrifty=True,
        )

    @classmethod
    def thorough(cls) -> Budget:
        return cls(conformance_examples=100, rule_examples=50, stateful_scenarios=150, stateful_steps=10, shrink=True)

    def _phases(self) -> tuple[Phase, ...]:
        return (Phase.explicit, Phase.reuse, Phase.generate, Phase.target) + ((Phase.shrink,) if self.shrink else ())

    def rule_settings(self, seed: int | None = None, *, telling_example: bool = False) -> settings:
        """Hypothesis settings of every business-rule property (one place, as the profile says).
        `telling_example`: the property carries an `@example` of its most telling data, which is all a
        thrifty budget runs of it."""
        explicit_only = telling_example and self.thrifty
        return settings(
            max_examples=self.rule_examples,
            phases=(Phase.explicit,) if explicit_only else self._phases(),
            deadline=None,
            database=None,
            derandomize=seed is None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
            report_multiple_bugs=False,
            print_blob=False,
        )

    def stateful_settings(self, seed: int | None = None) -> settings:
        return settings(
            max_examples=self.stateful_scenarios,
            stateful_step_count=self.stateful_steps,
            phases=(Phase.explicit, Phase.generate),  # a stateful replay meets a different server state
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
            print_blob=False,
        )


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """How to run, as opposed to what the target holds."""

    read_only: bool = False
    rate_limit: float | None = None  # requests per second, None: unlimited
    timeout: float = 10.0
    seed: int | None = None
    thorough: bool = False
    max_examples: int | None = None
    min_coverage: float | None = None  # percent of documented (operation, status) pairs
    report: Path | None = None
    # Parallel runs (pytest-xdist): this worker's lane of `lanes`, and the seed all workers share to
    # pick the run's window, so that their slots interleave and never meet (see slots.py).
    lane: int = 0
    lanes: int = 1
    window_seed: int | None = None
    max_response_time: float | None = None  # seconds an answer may take; None: no budget
    staging: bool = False  # the staging preset: Budget.staging() and, unless `budget` says, STAGING_BUDGET requests
    budget: int | None = None  # requests the run may send (see contract_tests/plugin/budget.py); None: no cap

    @property
    def request_budget(self) -> int | None:
        return self.budget if self.budget is not None else (STAGING_BUDGET if self.staging else None)


@dataclass(frozen=True, kw_only=True)
class TargetProfile:
    name: str = "unnamed"
    source: str = "built-in"
    base_url: str | None = None  # None: start the embedded mock
    api_key: str | None = field(default=None, repr=False)
    mock: bool = False
    org_id: int | None = None
    team_id: int | None = None
    team_event_type_ids: tuple[int, ...] = ()
    other_team_id: int | None = None
    other_team_event_type_ids: tuple[int, ...] = ()
    event_types: EventTypes = EventTypes()
    tenancy: Tenancy = Tenancy()
    api_versions: ApiVersions = ApiVersions()
    attendee_domain: str = "example.com"
    slots: Slots = Slots()
    known_booking_uids: tuple[str, ...] = ()
    known_booking_ids: tuple[int, ...] = ()
    run: RunOptions = RunOptions()

    @property
    def budget(self) -> Budget:
        budget = Budget.thorough() if self.run.thorough else Budget.staging() if self.run.staging else Budget.quick()
        if self.run.max_examples is not None:
            n = self.run.max_examples
            budget = replace(budget, conformance_examples=n, rule_examples=n, stateful_scenarios=n)
        return budget

    def secrets(self) -> list[str]:
        """Every credential the profile holds, for redaction."""
        tenancy = self.tenancy
        keys = (self.api_key, tenancy.other_org_api_key, tenancy.member_api_key, tenancy.expired_api_key)
        return [key for key in (*keys, tenancy.outside_api_key) if key]

    def require(self, dotted: str) -> Any:
        """The value at `dotted` (e.g. `event_types.seated`), or skip the test naming the key to add."""
        value: Any = self
        for part in dotted.split("."):
            value = getattr(value, part)
        if value is None or value == ():
            raise ProfileDataMissing(dotted, _HINTS.get(dotted, f"`{dotted}`"))
        return value

    def with_base_url(self, base_url: str) -> TargetProfile:
        return replace(self, base_url=base_url.rstrip("/"))


_HINTS = {
    "api_key": "`api_key: cal_...` (or pass --api-key / set CALCOM_API_KEY)",
    "org_id": "`org_id: <id of the organization the api_key administers>`",
    "team_id": "`team_id: <id of a team of org_id>`",
    "team_event_type_ids": "`team_event_type_ids: [<every event type id of team_id>]`",
    "other_team_id": "`other_team_id: <id of another team of org_id>`",
    "event_types.regular": "`event_types: {regular: <id of a plain event type of org_id>}`",
    "event_types.requires_confirmation": (
        "`event_types: {requires_confirmation: <id of an event type that requires confirmation>}`"
    ),
    "event_types.seated": "`event_types: {seated: <id of a seated event type>, seats: <its seatsPerTimeSlot>}`",
    "event_types.seats": "`event_types: {seats: <seatsPerTimeSlot of the seated event type>}`",
    "event_types.recurring": "`event_types: {recurring: <id of a recurring event type>, recurring_occurrences: <n>}`",
    "event_types.team": "`event_types: {team: <id of an event type of team_id>}`",
    "event_types.other_team": "`event_types: {other_team: <id of an event type of other_team_id>}`",
    "tenancy.other_org_api_key": "`tenancy: {other_org_api_key: <key of an admin of another organization>}`",
    "tenancy.other_org_id": "`tenancy: {other_org_id: <id of that other organization>}`",
    "tenancy.other_org_team_id": "`tenancy: {other_org_team_id: <id of a team of the other organization>}`",
    "tenancy.other_org_event_type": (
        "`tenancy: {other_org_event_type: <id of a plain event type of the other organization>}`"
    ),
    "event_types.recurring_requires_confirmation": (
        "`event_types: {recurring_requires_confirmation: <id of a recurring event type that requires confirmation>}`"
    ),
    "event_types.variable_length": (
        "`event_types: {variable_length: <id of an event type with several lengths>, variable_lengths: [15, 30, 45]}`"
    ),
    "event_types.variable_lengths": "`event_types: {variable_lengths: [<the lengths in minutes it offers>]}`",
    "event_types.round_robin": (
        "`event_types: {round_robin: <id of a round-robin event type without fixed hosts>, "
        "round_robin_host_ids: [<its hosts' user ids>]}`"
    ),
    "event_types.round_robin_host_ids": "`event_types: {round_robin_host_ids: [<the round-robin hosts' user ids>]}`",
    "event_types.cal_video": "`event_types: {cal_video: <id of an event type of api_key's user offering Cal Video>}`",
    "tenancy.member_api_key": "`tenancy: {member_api_key: <key of a plain member of org_id, with no team role>}`",
    "tenancy.expired_api_key": "`tenancy: {expired_api_key: <a key of org_id that has expired>}`",
    "tenancy.outside_api_key": "`tenancy: {outside_api_key: <key of a user who belongs to no organization>}`",
    "known_booking_uids": "`known_booking_uids: [<uids of existing bookings the suite may read>]`",
}

_SECTIONS: dict[str, type] = {
    "event_types": EventTypes,
    "tenancy": Tenancy,
    "api_versions": ApiVersions,
    "slots": Slots,
}
_TUPLES = {"team_event_type_ids", "other_team_event_type_ids", "known_booking_uids", "known_booking_ids"}
_TOP_LEVEL = {f.name for f in fields(TargetProfile)} - {"source", "run"}


def _section(cls: type, name: str, raw: Any) -> Any:
    if raw is None:
        return cls()
    if not isinstance(raw, Mapping):
        raise ProfileError(f"`{name}` must be a mapping, got {type(raw).__name__}")
    known = {f.name for f in fields(cls)}
    unknown = set(raw) - known
    if unknown:
        raise ProfileError(
            f"unknown key(s) in `{name}`: {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(known))}"
        )
    return cls(**{key: _section_value(cls, value) for key, value in raw.items()})


def _section_value(cls: type, value: Any) -> Any:
    if cls is ApiVersions:
        return str(value)
    return tuple(value) if isinstance(value, list) else value


def profile_from_mapping(raw: Mapping[str, Any], *, source: str) -> TargetProfile:
    """Build a profile from a parsed YAML document, refusing unknown keys (typos skip tests silently)."""
    unknown = set(raw) - _TOP_LEVEL
    if unknown:
        raise ProfileError(
            f"unknown key(s) in {source}: {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_TOP_LEVEL))}"
        )
    values: dict[str, Any] = {"source": source}
    for key, value in raw.items():
        if key in _SECTIONS:
            values[key] = _section(_SECTIONS[key], key, value)
        elif key in _TUPLES:
            if not isinstance(value, list):
                raise ProfileError(f"`{key}` must be a list")
            values[key] = tuple(value)
        else:
            values[key] = value
    if values.get("base_url"):
        values["base_url"] = str(values["base_url"]).rstrip("/")
    return TargetProfile(**values)


def read_profile_file(path: Path) -> TargetProfile:
    try:
        raw = yaml.safe_load(path.read_text()) or {}
    except OSError as error:
        raise ProfileError(f"cannot read target profile {path}: {error}") from None
    if not isinstance(raw, Mapping):
        raise ProfileError(f"target profile {path} must be a YAML mapping")
    return profile_from_mapping(raw, source=str(path) if path != BUILTIN_PROFILE else "built-in")


def load_profile(
    *,
    profile_path: str | Path | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    run: RunOptions = RunOptions(),
    environ: Mapping[str, str] = os.environ,
) -> TargetProfile:
    """The run's profile: options beat the environment, which beats the profile file."""
    path_text = profile_path or environ.get("CALCOM_TARGET_PROFILE")
    profile = read_profile_file(Path(path_text) if path_text else BUILTIN_PROFILE)
    base_url = base_url or environ.get("CALCOM_BASE_URL") or profile.base_url
    api_key = api_key or environ.get("CALCOM_API_KEY") or profile.api_key
    other_key = environ.get("CALCOM_OTHER_ORG_API_KEY") or profile.tenancy.other_org_api_key
    return replace(
        profile,
        base_url=base_url.rstrip("/") if base_url else None,
        api_key=api_key,
        tenancy=replace(profile.tenancy, other_org_api_key=other_key),
        run=run,
    )
