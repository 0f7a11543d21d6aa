"""The Schemathesis side of the suite: configuration from the profile, and the schema with hooks.

Statuses: the real API answers 400 to schema-valid requests it refuses (a past start, a taken slot,
a second cancel, confirming an accepted booking, an early mark-absent, a second report, a list filtered
only by event types or users that do not exist), so those operations list 400 as an expected answer to
valid data; everything else keeps Schemathesis's defaults.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig

from contract_tests.checks import responses as _checks  # noqa: F401  registers the response checks
from contract_tests.checks.cases import MARKER
from contract_tests.generated import hooks
from contract_tests.target import runtime
from contract_tests.target.spec import (
    VERSION_HEADER,
    OperationId,
    documented_operations,
    load_spec,
    version_headers,
    without_version_header,
)
from contract_tests.target.targets import TargetProfile

__all__ = ["EXPECTED_FOR_VALID_DATA", "config_for", "schema_for"]

_DEFAULT_ACCEPTED: list[Any] = ["2XX", "3XX", 401, 403, 404, 409, 429, "5XX"]

# operationId -> statuses beyond the defaults that a schema-valid request may get
EXPECTED_FOR_VALID_DATA: dict[str, list[int]] = {
    OperationId.CREATE: [400, 422],
    # getBookings: "The requested event-types do not exist." / "The requested users do not exist."
    OperationId.LIST: [400],
    OperationId.ORG_LIST: [400],
    OperationId.TEAM_LIST: [400],
    OperationId.RESCHEDULE: [400],
    OperationId.CANCEL: [400],
    OperationId.CONFIRM: [400],
    OperationId.DECLINE: [400],
    OperationId.MARK_ABSENT: [400],
    OperationId.REPORT: [400],
    OperationId.V1_CREATE: [400],
    OperationId.V1_UPDATE: [400],
    OperationId.V1_CANCEL: [400],
    # Which event type, and a range that is one, are rules no schema can state.
    OperationId.SLOTS: [400],
    # "no other host is available", "not a valid Round Robin host", "does not belong to user"
    OperationId.REASSIGN: [400],
    OperationId.REASSIGN_TO_USER: [400],
    OperationId.REFERENCES: [400],
    OperationId.ORG_USER_LIST: [400],
    # The range, the time zone, routingFormResponseId with _isDryRun: rules no schema states.
    OperationId.SLOTS_AVAILABLE: [400],
    OperationId.SLOTS_RESERVE: [400],
    # The atoms' routes: an IANA time zone (@IsTimeZone), `username` unless `isTeamEvent` (then `teamId`), and
    # class-validator's IsEmail are rules the schemas do not state.
    OperationId.UPDATE_ME: [400],
    OperationId.ATOMS_PUBLIC_EVENT_TYPE: [400],
    OperationId.ATOMS_EMAIL_CHECK: [400],
    # A refresh token is good once: the suite cannot know which one is still unused.
    OperationId.OAUTH_REFRESH: [400],
}


def config_for(profile: TargetProfile, base_url: str) -> SchemathesisConfig:
    budget = profile.budget
    auth: dict[str, Any] = {}
    if profile.api_key:
        auth = {"openapi": {"ApiKeyAuth": {"bearer": profile.api_key}, "V1ApiKey": {"api_key": profile.api_key}}}
    coverage: dict[str, Any] = {"enabled": budget.coverage_phase}
    if profile.run.read_only:
        coverage["unexpected-methods"] = []
    seed = profile.run.seed
    budget_s = profile.run.max_response_time
    return SchemathesisConfig.from_dict(
        {
            "seed": seed if seed is not None else 20240813,
            "base-url": base_url,
            "generation": _generation(profile),
            "phases": {
                "examples": {"enabled": True},
                "coverage": coverage,
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": budget.stateful_steps},
            },
            "auth": auth,
            "request-timeout": profile.run.timeout,
            "checks": {} if budget_s is None else {"max_response_time": budget_s},
            "operations": _per_operation(profile),
            # Schemathesis's own sanitization prints `Authorization: [Filtered]` (no `Bearer`) and hides body
            # values whose names merely look secret: the suite's `redact` replaces exactly the profile's keys.
            "output": {"sanitization": {"enabled": False}},
        }
    )


def _generation(profile: TargetProfile, **extra: Any) -> dict[str, Any]:
    seed = profile.run.seed
    return {
        "max-examples": profile.budget.conformance_examples,
        "mode": "all",
        "deterministic": seed is None,
        "database": "none",
        **extra,
    }


# Operations without a body whose real server ignores query parameters it does not declare: API v2's global
# ValidationPipe whitelists without forbidNonWhitelisted (apps/api/v2/src/bootstrap.ts), API v1's zod
# schemas strip unknown keys (apps/api/v1/pages/api/bookings/[id]/_delete.ts). An undeclared query parameter
# is no schema violation there, so it is not sent as negative data. `GET /v2/slots` is not one of them: its
# pipe forbids what it does not declare.
_IGNORE_UNKNOWN_QUERY_METHODS = frozenset({"GET", "DELETE"})
_FORBIDS_UNKNOWN_QUERY = frozenset({OperationId.SLOTS})


# Operations the suite sends no generated cases to: `PATCH /v2/me` would change the profile's own user (its time
# zone moves its working hours, so the slots and bookings every other case reads). tests/mock_server/test_atoms.py
# covers it.
NOT_GENERATED = frozenset({OperationId.UPDATE_ME})


def _per_operation(profile: TargetProfile) -> list[dict[str, Any]]:
    """Statuses valid data may get; no undeclared query parameters as negative data where the real server
    ignores them; and, on a real server, no undeclared methods sent to paths that are not bookings: there
    DELETE /v2/event-types/{id} or PATCH /v2/me may be real routes, and the suite only ever writes to
    bookings it made (hooks.before_call refuses them too)."""
    settings: dict[str, dict[str, Any]] = {}
    for operation_id, extra in EXPECTED_FOR_VALID_DATA.items():
        expected = {"positive_data_acceptance": {"expected-statuses": _DEFAULT_ACCEPTED + extra}}
        settings.setdefault(operation_id, {})["checks"] = expected
    for operation_id, operation in documented_operations().items():
        if operation.method in _IGNORE_UNKNOWN_QUERY_METHODS and operation_id not in _FORBIDS_UNKNOWN_QUERY:
            settings.setdefault(operation_id, {})["generation"] = _generation(
                profile, **{"allow-extra-parameters": False}
            )
    if not profile.mock:
        for operation_id, operation in documented_operations().items():
            if not operation.about_bookings:
                settings.setdefault(operation_id, {})["phases"] = {"coverage": {"unexpected-methods": []}}
    # The header is taken out of the schema Schemathesis generates from (`without_version_header`): it
    # routes, so it is no input to vary. `hooks.before_call` sends it in every phase, stateful included.
    for operation_id, version in version_headers(profile.api_versions).items():
        settings.setdefault(operation_id, {})["headers"] = {VERSION_HEADER: version}
    for operation_id in NOT_GENERATED:
        settings.setdefault(operation_id, {})["enabled"] = False
    return [{"include-operation-id": operation_id, **values} for operation_id, values in settings.items()]


# Links the suite adds to its copy of the document for stateful runs: after a cancel, and after a
# reschedule (whose original is cancelled), try to change the same booking again. The spec's own
# links never lead from a cancel to another change, so use-after-cancel would go untested.
AFTER_CANCEL_LINKS: dict[tuple[OperationId, str], list[OperationId]] = {
    (OperationId.CANCEL, "200"): [OperationId.CANCEL, OperationId.RESCHEDULE, OperationId.CONFIRM, OperationId.DECLINE],
    (OperationId.RESCHEDULE, "201"): [OperationId.CANCEL, OperationId.RESCHEDULE],
}


def _add_after_cancel_links(raw: dict[str, Any]) -> None:
    for (source, status), targets in AFTER_CANCEL_LINKS.items():
        operation = documented_operations()[source]
        responses = raw["paths"][operation.path][operation.method.lower()]["responses"]
        links = responses[status].setdefault("links", {})
        for target in targets:
            name = target.rsplit("_", 1)[-1]  # e.g. cancelBooking
            links[f"SuiteThen{name[0].upper()}{name[1:]}"] = {
                "operationId": target.value,
                "description": "Added by the contract suite: change the booking this request changed.",
                "parameters": {"bookingUid": "$request.path.bookingUid"},
            }


def schema_for(profile: TargetProfile, base_url: str, *, stateful: bool = False) -> Any:
    """The spec as a Schemathesis schema for `profile`, with the aiming hooks installed. (In
    --read-only mode the plugin skips the tests of other methods: `schema.include()` does not combine
    with the per-operation configuration above.)"""
    raw, _ = without_version_header(load_spec())
    raw[MARKER] = True
    if stateful:
        _add_after_cancel_links(raw)
    schema = schemathesis.openapi.from_dict(raw, config=config_for(profile, base_url))
    return hooks.install(schema)


def check_one_case(
    schema: Any,
    *,
    base_url: str,
    profile: TargetProfile,
    operation_id: OperationId,
    path: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    body: Any = None,
) -> None:
    """Send one hand-built case of `operation_id` with the profile's credentials and run every check
    on its answer (Schemathesis's and the suite's). Raises Schemathesis's `FailureGroup`."""
    operation = schema.find_operation_by_id(operation_id)
    headers, credentials = documented_operations()[operation_id].credentials(
        profile.api_key or None, profile.api_versions
    )
    query = {**(query or {}), **credentials}
    kwargs: dict[str, Any] = {"path_parameters": path or {}, "query": query, "headers": headers}
    if body is not None:
        kwargs["body"] = body
    case = operation.Case(**kwargs)
    session = runtime.current_session()
    http = session.client.generated if session is not None else None  # paced and counted with the rest
    case.call_and_validate(base_url=base_url, session=http, timeout=profile.run.timeout)
