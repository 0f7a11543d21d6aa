"""The prepared parameter checks (mock_server/web/prepared.py) accept only what Connexion's own check, jsonschema's
Draft 4 validator, accepts: the shortcut for the plainest schemas never lets through a value it would refuse."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft4Validator
from starlette.testclient import TestClient

from mock_server import create_app
from mock_server.resources import read_yaml, spec_path
from mock_server.web.prepared import _surely_valid


def _parameter_schemas() -> Iterator[dict[str, Any]]:
    for document in (read_yaml(spec_path()), read_yaml(spec_path().parent / "openapi-2024-04-15.yaml")):
        components = document.get("components", {}).get("parameters", {})
        for item in document["paths"].values():
            for operation in item.values():
                if not isinstance(operation, dict):
                    continue
                for param in operation.get("parameters", []):
                    if "$ref" in param:
                        param = components[param["$ref"].rsplit("/", 1)[1]]
                    yield param.get("schema", param)


def _samples(schema: dict[str, Any]) -> list[Any]:
    values: list[Any] = ["", "x", "null", "2024-08-13", " 1", None, True, False, 0, 1, -1, 1.0, 2.5, [], ["a"], {}]
    if isinstance(schema.get("items"), dict):
        each = _samples(schema["items"])
        values += [[item] for item in each] + [each[:2], each[-3:], tuple(each[-2:]), [each[-1]] * 4]
    values += list(schema.get("enum", []))
    values += [f"{item} " for item in schema.get("enum", []) if isinstance(item, str)]
    for bound in (schema.get("minimum"), schema.get("maximum")):
        if isinstance(bound, int | float):
            values += [bound - 1, bound, bound + 1, float(bound), int(bound) - 1, int(bound) + 1]
    return values


SCHEMAS = [schema for schema in _parameter_schemas() if _surely_valid(schema) is not None]


def test_the_shortcut_covers_the_plain_schemas_of_the_spec() -> None:
    kinds = {schema["type"] for schema in SCHEMAS}
    assert kinds == {"string", "integer", "array"}
    assert any("enum" in schema for schema in SCHEMAS)
    assert any("minimum" in schema for schema in SCHEMAS)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "email"},
        {"type": "string", "pattern": "^a$"},
        {"type": "integer", "exclusiveMinimum": True, "minimum": 0},
        {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        {"type": "array", "items": {"type": "string", "format": "email"}},
        {"type": "array"},
        {"type": "boolean"},
        {"type": "string", "enum": ["a", 1]},
    ],
)
def test_other_schemas_go_to_jsonschema(schema: dict[str, Any]) -> None:
    assert _surely_valid(schema) is None


def test_the_shortcut_accepts_nothing_jsonschema_refuses() -> None:
    checked = 0
    for schema in SCHEMAS:
        surely_valid = _surely_valid(schema)
        assert surely_valid is not None
        validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
        for value in _samples(schema):
            if surely_valid(value):
                assert validator.is_valid(value), (schema, value)
                checked += 1
    assert checked > len(SCHEMAS)


def test_an_unknown_query_parameter_is_dropped_without_an_error_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """The real server's whitelist drops it silently; the mock's log says nothing of it either."""
    client = TestClient(create_app(seed=1))
    headers = {"Authorization": "Bearer cal_test_acme_admin_key", "cal-api-version": "2024-08-13"}
    with caplog.at_level(logging.WARNING):
        answer = client.get("/v2/bookings?notAParameter=1&take=1", headers=headers)
    assert answer.status_code == 200
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
