"""Request parsing and validation for Connexion that does its set-up work once, not per request.

Connexion 3.3 deep-copies every parameter schema and builds a new jsonschema validator for it on
every request, does the same for bodies, and rebuilds the map of parameter schemas for every query
parameter it parses. The checks are unchanged: parameters still go through jsonschema (same
messages), bodies through jsonschema-rs, a compiled validator of the same Draft 4 rules. Plug in
with `add_api(..., validator_map=VALIDATOR_MAP, uri_parser_class=CachedURIParser)`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import jsonschema_rs
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem, TypeValidationError
from connexion.uri_parsing import OpenAPIURIParser
from connexion.utils import coerce_type, is_null, is_nullable
from connexion.validators import (
    FormDataValidator,
    JSONRequestBodyValidator,
    MultiPartFormDataValidator,
    ParameterValidator,
)
from jsonschema import Draft4Validator, ValidationError

from mock_server.api import pipes
from mock_server.api.dto import explain
from mock_server.domain.exceptions import InvalidRequest
from mock_server.web import query_arrays

__all__ = ["VALIDATOR_MAP", "CachedURIParser"]

# Keyed by the id of the schema object, which lives as long as the loaded spec; the schema is kept
# beside its validator so the id cannot be reused by another object.
_parameter_validators: dict[int, tuple[Any, Draft4Validator]] = {}
_body_validators: dict[int, tuple[Any, jsonschema_rs.Draft4Validator]] = {}


def _parameter_validator(param: dict[str, Any]) -> Draft4Validator:
    cached = _parameter_validators.get(id(param))
    if cached is None:
        schema = param.get("schema", param)
        cached = _parameter_validators[id(param)] = (
            param,
            Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER),
        )
    return cached[1]


class CompiledParameterValidator(ParameterValidator):  # type: ignore[misc]
    @staticmethod
    def validate_parameter(
        parameter_type: str, value: Any, param: dict[str, Any], param_name: Any = None
    ) -> str | None:
        if is_nullable(param) and is_null(value):
            return None
        if value is not None:
            try:
                _parameter_validator(param).validate(value)
            except ValidationError as exception:
                return str(exception)
            return None
        if param.get("required"):
            return f"Missing {parameter_type} parameter '{param['name']}'"
        return None


def _openapi_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as JSON Schema (jsonschema-rs does not know `nullable`)."""
    if isinstance(node, list):
        return [_openapi_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _openapi_to_json_schema(v) for k, v in node.items() if k not in ("nullable", "example", "discriminator")}
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        if "type" not in out and "enum" not in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _body_validator(schema: dict[str, Any]) -> jsonschema_rs.Draft4Validator:
    cached = _body_validators.get(id(schema))
    if cached is None:
        compiled = jsonschema_rs.Draft4Validator(_openapi_to_json_schema(schema), validate_formats=True)
        cached = _body_validators[id(schema)] = (schema, compiled)
    return cached[1]


class CompiledJSONBodyValidator(JSONRequestBodyValidator):  # type: ignore[misc]
    def _validate(self, body: Any) -> dict[str, Any] | None:
        if not self._nullable and body is None:
            raise BadRequestProblem("Request body must not be empty")
        try:
            _body_validator(self._schema).validate(body)
        except jsonschema_rs.ValidationError as error:
            # 2024-04-15 bodies: Nest's global ValidationPipe and its class-validator errors (api/pipes.py).
            pipe = self._schema.get("x-validation-pipe")
            if pipe:
                pipes.check(pipe, body)
            # The real server answers its body pipe's message, which names the property (mock_server/dto.py).
            dto = self._schema.get("x-dto")
            message = explain(dto, body) if dto else None
            if message is not None:
                raise InvalidRequest(message) from None
            where = ".".join(str(part) for part in error.instance_path)
            raise BadRequestProblem(detail=f"{error.message}" + (f" - '{where}'" if where else "")) from None
        return None


VALIDATOR_MAP = {
    "parameter": CompiledParameterValidator,
    "body": MediaTypeDict(
        {
            "*/*json": CompiledJSONBodyValidator,
            "application/x-www-form-urlencoded": FormDataValidator,
            "multipart/form-data": MultiPartFormDataValidator,
        }
    ),
}


class CachedURIParser(OpenAPIURIParser):  # type: ignore[misc]
    """The query string read as the real server reads it, with the operation's parameter schemas mapped once.

    API v2 runs on Express, whose `extended` query parser (qs) reads `status=a&status=b`, `status[]=a&status[]=b`
    and `status[0]=a&status[1]=b` alike as the array `["a", "b"]`, and `status=a,b` as the string `"a,b"`; the
    DTO's transforms then decide what an array means. API v1 runs on Next.js, which reads repeated keys as an
    array and leaves brackets in the name (`x-query-syntax: next`). A parameter that came as an array is read
    by its `x-repeated` (see `query_arrays.resolve`); nothing declared is dropped or reduced to its last value.
    """

    @cached_property
    def param_schemas(self) -> dict[str, Any]:
        return {name: defn.get("schema", {}) for name, defn in self.param_defns.items()}

    def resolve_query(self, query_data: dict[str, list[str]]) -> dict[str, Any]:
        resolved = query_arrays.resolve(self.param_defns, query_data)
        for name, value in resolved.items():
            defn = self.param_defns.get(name)
            if defn is not None:
                try:
                    resolved[name] = coerce_type(defn, value, "parameter", name)
                except TypeValidationError:
                    pass  # the validator answers it
        return resolved
