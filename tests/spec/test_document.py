"""The OpenAPI document is valid, complete, and its examples agree with their schemas."""

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}

REQUIRED_OPERATIONS = {
    ("post", "/v2/bookings"): "BookingsController_2024_08_13_createBooking",
    ("get", "/v2/bookings"): "BookingsController_2024_08_13_getBookings",
    ("get", "/v2/bookings/{bookingUid}"): "BookingsController_2024_08_13_getBooking",
    ("post", "/v2/bookings/{bookingUid}/cancel"): "BookingsController_2024_08_13_cancelBooking",
    ("post", "/v2/bookings/{bookingUid}/decline"): "BookingsController_2024_08_13_declineBooking",
    ("post", "/v2/bookings/{bookingUid}/confirm"): "BookingsController_2024_08_13_confirmBooking",
    ("post", "/v2/bookings/{bookingUid}/reschedule"): "BookingsController_2024_08_13_rescheduleBooking",
    ("post", "/v2/bookings/{bookingUid}/mark-absent"): "BookingsController_2024_08_13_markNoShow",
    ("post", "/v2/organizations/{orgId}/bookings/report"): "OrganizationsBookingsController_reportOrgBooking",
    (
        "get",
        "/v2/organizations/{orgId}/teams/{teamId}/bookings",
    ): "OrganizationsTeamsBookingsController_getAllOrgTeamBookings",
    ("get", "/v2/organizations/{orgId}/bookings"): "OrganizationsBookingsController_getAllOrgTeamBookings",
    ("get", "/v1/bookings"): "v1_listBookings",
    ("post", "/v1/bookings"): "v1_createBooking",
    ("get", "/v1/bookings/{id}"): "v1_getBooking",
    ("patch", "/v1/bookings/{id}"): "v1_updateBooking",
    ("delete", "/v1/bookings/{id}/cancel"): "v1_cancelBooking",
    ("get", "/v2/event-types"): "EventTypesController_2024_06_14_getEventTypes",
    ("get", "/v2/event-types/{eventTypeId}"): "EventTypesController_2024_06_14_getEventTypeById",
    ("get", "/v2/slots"): "SlotsController_2024_09_04_getAvailableSlots",
    ("get", "/v2/me"): "MeController_getMe",
    ("post", "/v2/bookings/{bookingUid}/reassign"): "BookingsController_2024_08_13_reassignBooking",
    ("post", "/v2/bookings/{bookingUid}/reassign/{userId}"): "BookingsController_2024_08_13_reassignBookingToUser",
    ("get", "/v2/bookings/{bookingUid}/references"): "BookingsController_2024_08_13_getBookingReferences",
    (
        "get",
        "/v2/organizations/{orgId}/teams/{teamId}/bookings/{bookingUid}/references",
    ): "OrganizationsTeamsBookingsController_getBookingReferences",
    ("get", "/v2/bookings/{bookingUid}/calendar-links"): "BookingsController_2024_08_13_getCalendarLinks",
    ("get", "/v2/bookings/{bookingUid}/recordings"): "BookingsController_2024_08_13_getBookingRecordings",
    ("get", "/v2/bookings/{bookingUid}/transcripts"): "BookingsController_2024_08_13_getBookingTranscripts",
    (
        "get",
        "/v2/organizations/{orgId}/users/{userId}/bookings",
    ): "OrganizationsUsersBookingsController_getOrganizationUserBookings",
}


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def walk(node: Any, pointer: str = "#") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{pointer}/{index}")


def resolve_pointer(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_document_is_valid_openapi_3_0(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.0")
    validate(spec)


@pytest.mark.parametrize(("method", "path"), sorted(REQUIRED_OPERATIONS))
def test_required_operation_exists_with_its_operation_id(spec: dict[str, Any], method: str, path: str) -> None:
    operation = spec["paths"].get(path, {}).get(method)
    assert operation is not None, f"{method.upper()} {path} is missing"
    assert operation["operationId"] == REQUIRED_OPERATIONS[(method, path)]


def test_operation_ids_are_unique(spec: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in operations(spec)]
    assert len(ids) == len(set(ids))


def test_every_ref_resolves(spec: dict[str, Any]) -> None:
    refs = [node["$ref"] for _, node in walk(spec) if isinstance(node, dict) and "$ref" in node]
    assert refs, "the document has no $ref at all"
    unresolved = []
    for ref in refs:
        try:
            resolve_pointer(spec, ref)
        except (KeyError, IndexError, TypeError):
            unresolved.append(ref)
    assert not unresolved, f"unresolved $refs: {sorted(set(unresolved))}"


def test_every_operation_documents_its_errors_in_an_envelope(spec: dict[str, Any]) -> None:
    missing = []
    for method, path, operation in operations(spec):
        errors = {code: response for code, response in operation["responses"].items() if code.startswith("4")}
        if not errors:
            missing.append(f"{method.upper()} {path}: no 4xx response")
        for code, response in errors.items():
            response = resolve_pointer(spec, response["$ref"]) if "$ref" in response else response
            schema = response["content"]["application/json"]["schema"]
            expected = "V1Error" if path.startswith("/v1/") else "ErrorResponse"
            if schema.get("$ref") != f"#/components/schemas/{expected}":
                missing.append(f"{method.upper()} {path} {code}: not the {expected} envelope")
    assert not missing, "\n".join(missing)


def test_every_component_schema_has_an_example(spec: dict[str, Any]) -> None:
    assert not [name for name, schema in spec["components"]["schemas"].items() if "example" not in schema]


def _examples_with_schemas(spec: dict[str, Any]) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """Every `example` in the document, with the schema it must satisfy."""
    for pointer, node in walk(spec):
        if not isinstance(node, dict) or "example" not in node:
            continue
        if "schema" in node:  # a parameter or media type: the example is of its schema
            yield pointer, node["example"], node["schema"]
        elif pointer.startswith("#/components/schemas") or "/schema" in pointer:
            yield pointer, node["example"], {k: v for k, v in node.items() if k != "example"}


def test_every_example_validates_against_its_own_schema(spec: dict[str, Any]) -> None:
    registry: Registry = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec, default_specification=DRAFT4)
    )
    checked, failures = 0, []
    for pointer, example, schema in _examples_with_schemas(spec):
        rooted = _rebase_refs(schema)
        errors = list(OAS30Validator(rooted, registry=registry).iter_errors(example))
        checked += 1
        if errors:
            failures.append(f"{pointer}: {errors[0].message[:200]}")
    assert checked > 100, f"only {checked} examples found; the walk is broken"
    assert not failures, "\n".join(failures)


def _rebase_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (f"urn:spec{v}" if k == "$ref" else _rebase_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase_refs(v) for v in node]
    return node
