"""Validates every response a test receives against spec/openapi.yaml (or the control API's spec),
so the mock cannot drift from its own documents: an undocumented status or a body off its schema
fails the test that received it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from starlette.datastructures import Headers

from mock_server.web.versions import VERSIONS_EXTENSION, extract_version

ROOT = Path(__file__).resolve().parents[1]


class SpecConformanceError(AssertionError):
    pass


class _Document:
    def __init__(self, path: Path, base_path: str) -> None:
        self.doc = yaml.safe_load(path.read_text())
        self.base_path = base_path
        self.registry: Registry = Registry().with_resource(
            "urn:doc", Resource.from_contents(self.doc, default_specification=DRAFT4)
        )
        self.routes = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", base_path + template) + "$"), template, item)
            for template, item in self.doc["paths"].items()
        ]

    def validate(self, schema: dict[str, Any], body: Any) -> list[str]:
        rooted = _rebase(schema)
        return [e.message for e in OAS30Validator(rooted, registry=self.registry).iter_errors(body)]

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.doc
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node


def _rebase(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (f"urn:doc{v}" if k == "$ref" else _rebase(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


MAIN = _Document(ROOT / "spec" / "openapi.yaml", "")
LEGACY = _Document(ROOT / "spec" / "openapi-2024-04-15.yaml", "")
CONTROL = _Document(ROOT / "mock_server" / "control.yaml", "/_mock")


def _routes(request: httpx.Request, path: str, method: str) -> tuple[_Document, list[tuple[Any, str, Any]]]:
    """The document whose operation answers this request (by its `cal-api-version`, docs/versions.md), and
    that document's routes; a route no operation of the request's version has is left out."""
    if path.startswith("/_mock/"):
        return CONTROL, CONTROL.routes
    version = extract_version(Headers(raw=[(k.lower(), v) for k, v in request.headers.raw]))
    for document in (MAIN, LEGACY):
        for route in document.routes:
            pattern, _template, item = route
            operation = item.get(method)
            if operation is None or not pattern.match(path):
                continue
            versions = operation.get(VERSIONS_EXTENSION)
            if versions is None or version in versions:
                return document, [route]
    return MAIN, []


def check_response(response: httpx.Response) -> None:
    """Raise SpecConformanceError when `response` is not what the spec documents for its request."""
    request = response.request
    path, method = request.url.path, request.method.lower()
    if method == "options" and "access-control-request-method" in request.headers:
        return  # a CORS preflight, answered by the CORS middleware before the API
    document, routes = _routes(request, path, method)
    where = f"{request.method} {request.url} -> {response.status_code}"
    body = response.json() if response.content else None
    if response.headers.get("content-type", "").split(";")[0] != "application/json":
        raise SpecConformanceError(f"{where}: content type {response.headers.get('content-type')!r}")
    for pattern, _template, item in routes:
        if pattern.match(path) and method in item:
            operation = item[method]
            documented = operation["responses"].get(str(response.status_code))
            if documented is None:
                raise SpecConformanceError(
                    f"{where}: status not documented (documented: {sorted(operation['responses'])}); body {body}"
                )
            schema = document.resolve(documented)["content"]["application/json"]["schema"]
            if 200 <= response.status_code < 300:
                _accepted_request_is_valid(document, operation, request, where)
            break
    else:  # unknown route or undeclared method: still the error envelope of that API
        if response.status_code not in (404, 405, 413, 415):
            raise SpecConformanceError(f"{where}: no operation matches and the status is not a routing error")
        envelope = "V1Error" if path.startswith("/v1/") else "ErrorResponse"
        schema = {"$ref": f"#/components/schemas/{envelope}"}
        document = MAIN
    errors = document.validate(schema, body)
    if errors:
        raise SpecConformanceError(f"{where}: body does not match the spec: {errors[:3]}; body {str(body)[:500]}")


def _accepted_request_is_valid(document: _Document, operation: dict[str, Any], request: Any, where: str) -> None:
    """A request the mock accepts, as the real server does (the fidelity tests replay Cal.com's own e2e
    requests), must be valid under the spec: otherwise the contract suite, which generates negative cases
    from the spec and expects them refused, would raise a false alarm against the real server."""
    body_spec = operation.get("requestBody")
    if body_spec is None or not request.content:
        return
    content = document.resolve(body_spec).get("content", {}).get("application/json")
    if content is None:
        return
    try:
        sent = json.loads(request.content)
    except ValueError:
        return
    errors = document.validate(content["schema"], sent)
    if errors:
        raise SpecConformanceError(
            f"{where}: the request was accepted, but the spec calls its body invalid, so the contract suite would "
            f"expect it refused: {errors[:3]}; body {str(sent)[:500]}"
        )
