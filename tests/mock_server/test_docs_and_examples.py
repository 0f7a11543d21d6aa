"""Swagger UI works out of the box: `/` leads to it, its document names this server first and says
which key it is authorized with, and every request example it offers succeeds on the seeded data.

The examples are sent as Swagger UI's "Try it out" sends them: path, query and header parameters
from their examples (or the header's default), the body from the request schema's example (the first
`oneOf` alternative), with the key the page is authorized with. The mock runs on real time, as
`make serve` does, since the seeded data is relative to the clock at start-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server import create_app

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def docs_client() -> TestClient:
    return TestClient(create_app(seed=3, validate_responses=True), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def served(docs_client: TestClient) -> dict[str, Any]:
    response = docs_client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _resolve(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _schema_example(document: dict[str, Any], schema: Any) -> Any:
    schema = _resolve(document, schema)
    if "example" in schema:
        return schema["example"]
    for combinator in ("oneOf", "anyOf", "allOf"):
        if combinator in schema:
            return _schema_example(document, schema[combinator][0])
    raise AssertionError(f"no example to offer for {schema}")


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def _request(document: dict[str, Any], path: str, operation: dict[str, Any], key: str) -> dict[str, Any]:
    """What "Try it out" sends for this operation, untouched."""
    url, query, headers = path, {}, {}
    for parameter in map(lambda p: _resolve(document, p), operation.get("parameters", [])):
        schema = parameter.get("schema", {})
        value = parameter.get("example", schema.get("example", schema.get("default")))
        if value is None:
            assert not parameter.get("required"), f"{path}: required {parameter['name']} has no example"
            continue
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", str(value))
        elif parameter["in"] == "query":
            query[parameter["name"]] = ",".join(map(str, value)) if isinstance(value, list) else value
        elif parameter["in"] == "header":
            headers[parameter["name"]] = str(value)
    schemes = {name for requirement in operation.get("security", []) for name in requirement}
    if "ApiKeyAuth" in schemes:
        headers["Authorization"] = f"Bearer {key}"
    if "V1ApiKey" in schemes:
        query["apiKey"] = key
    request: dict[str, Any] = {"url": url, "params": query, "headers": headers}
    body = operation.get("requestBody")
    if body is not None:
        media = _resolve(document, body)["content"]["application/json"]
        request["json"] = media["example"] if "example" in media else _schema_example(document, media["schema"])
    return request


def _key(served: dict[str, Any]) -> str:
    description: str = served["info"]["description"]
    return description.split("API key `", 1)[1].split("`", 1)[0]


def test_the_document_names_this_server_first_and_the_key_it_is_authorized_with(served: dict[str, Any]) -> None:
    assert served["servers"][0] == {"url": "http://testserver", "description": "This mock server"}
    assert "https://api.cal.com" in [server["url"] for server in served["servers"]]
    assert _key(served) == "cal_test_acme_owner_key"


def test_root_leads_to_the_ui_and_the_page_is_pre_authorized(docs_client: TestClient) -> None:
    root = docs_client.get("/", follow_redirects=False)
    assert root.status_code in (302, 307) and root.headers["location"].endswith("/ui/")
    page = docs_client.get("/ui/")
    assert page.status_code == 200
    assert 'preauthorizeApiKey("ApiKeyAuth", apiKey)' in page.text
    assert 'const apiKey = "cal_test_acme_owner_key";' in page.text
    assert docs_client.get("/ui/swagger-ui-bundle.js").status_code == 200  # Connexion still serves the assets


def test_every_request_example_succeeds_on_the_seeded_data(docs_client: TestClient, served: dict[str, Any]) -> None:
    failures, sent = [], 0
    for method, path, operation in _operations(served):
        docs_client.post("/_mock/reset")
        request = _request(served, path, operation, _key(served))
        response = docs_client.request(method.upper(), **request)
        sent += 1
        success = min(int(code) for code in operation["responses"] if code.startswith("2"))
        if response.status_code != success:
            failures.append(
                f"{method.upper()} {request['url']} {request['params']}: {response.status_code} {response.text}"
            )
    assert sent >= 20, "the walk over the document's operations is broken"
    assert not failures, "\n".join(failures)


def test_a_stale_example_is_caught(docs_client: TestClient, served: dict[str, Any]) -> None:
    """The check above can fail: the example the spec had before (an event type nobody holds) is refused."""
    operation = served["paths"]["/v2/bookings"]["post"]
    request = _request(served, "/v2/bookings", operation, _key(served))
    request["json"] = {**request["json"], "eventTypeId": 123}
    docs_client.post("/_mock/reset")
    assert docs_client.post(**request).status_code == 404
