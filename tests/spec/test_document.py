"""The OpenAPI document is valid, complete, and its examples agree with their schemas."""

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}

# Which operations the document must hold is not a list here: the reference's are compared operation by operation
# (route included) in test_fidelity.py, which also holds that every other operation names its source
# (`x-reference`); tests/contract_tests/test_operation_lists.py holds the suite's and the mock's names to them.


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


LEGACY_OPERATIONS = {
    ("post", "/v2/bookings"): "BookingsController_2024_04_15_createBooking",
    ("get", "/v2/bookings"): "BookingsController_2024_04_15_getBookings",
    ("get", "/v2/bookings/{bookingUid}"): "BookingsController_2024_04_15_getBooking",
    ("post", "/v2/bookings/{bookingUid}/cancel"): "BookingsController_2024_04_15_cancelBooking",
    ("post", "/v2/bookings/recurring"): "BookingsController_2024_04_15_createRecurringBooking",
    ("get", "/v2/event-types"): "EventTypesController_2024_04_15_getEventTypes",
    ("get", "/v2/event-types/{eventTypeId}"): "EventTypesController_2024_04_15_getEventType",
}


def test_document_is_valid_openapi_3_0(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.0")
    validate(document)


@pytest.mark.parametrize(("method", "path"), sorted(LEGACY_OPERATIONS))
def test_legacy_operation_exists_with_its_operation_id(legacy_spec: dict[str, Any], method: str, path: str) -> None:
    operation = legacy_spec["paths"].get(path, {}).get(method)
    assert operation is not None, f"{method.upper()} {path} is missing"
    assert operation["operationId"] == LEGACY_OPERATIONS[(method, path)]


def test_operation_ids_are_unique_across_the_documents(spec: dict[str, Any], legacy_spec: dict[str, Any]) -> None:
    ids = [operation["operationId"] for doc in (spec, legacy_spec) for _, _, operation in operations(doc)]
    assert len(ids) == len(set(ids))


def test_a_path_and_method_in_both_documents_is_reached_by_different_versions(
    spec: dict[str, Any], legacy_spec: dict[str, Any]
) -> None:
    """One header value reaches one operation: the documents' version lists never overlap on a route."""
    for method, path, operation in operations(legacy_spec):
        newer = spec["paths"].get(path, {}).get(method)
        if newer is not None:
            shared = set(newer["x-cal-api-versions"]) & set(operation["x-cal-api-versions"])
            assert not shared, f"{method.upper()} {path}: {shared} reach both documents"


def test_operation_ids_are_unique(spec: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in operations(spec)]
    assert len(ids) == len(set(ids))


def test_every_ref_resolves(document: dict[str, Any]) -> None:
    spec = document
    refs = [node["$ref"] for _, node in walk(spec) if isinstance(node, dict) and "$ref" in node]
    assert refs, "the document has no $ref at all"
    unresolved = []
    for ref in refs:
        try:
            resolve_pointer(spec, ref)
        except (KeyError, IndexError, TypeError):
            unresolved.append(ref)
    assert not unresolved, f"unresolved $refs: {sorted(set(unresolved))}"


def test_every_operation_documents_its_errors_in_an_envelope(document: dict[str, Any]) -> None:
    spec = document
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


def test_every_component_schema_has_an_example(document: dict[str, Any]) -> None:
    assert not [name for name, schema in document["components"]["schemas"].items() if "example" not in schema]


def _examples_with_schemas(spec: dict[str, Any]) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """Every `example` in the document, with the schema it must satisfy."""
    for pointer, node in walk(spec):
        if not isinstance(node, dict) or "example" not in node:
            continue
        if "schema" in node:  # a parameter or media type: the example is of its schema
            yield pointer, node["example"], node["schema"]
        elif pointer.startswith("#/components/schemas") or "/schema" in pointer:
            yield pointer, node["example"], {k: v for k, v in node.items() if k != "example"}


def test_every_example_validates_against_its_own_schema(document: dict[str, Any]) -> None:
    spec = document
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
    least = 20 if spec["info"]["version"] == "2024-04-15" else 100  # the older document is small
    assert checked > least, f"only {checked} examples found; the walk is broken"
    assert not failures, "\n".join(failures)


def _rebase_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (f"urn:spec{v}" if k == "$ref" else _rebase_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase_refs(v) for v in node]
    return node
