"""The one way the suite's tools reach the target (`http.TargetReader`): every operation it reads goes to the
route the spec gives it, with the `cal-api-version` and the credentials the spec gives it; it sends no write,
and the mock's control API only for a profile that says `mock: true`. Pre-flight, doctor and the parallel
run's reset name no route of the spec as a literal."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from contract_tests.cli import doctor
from contract_tests.plugin import parallel, preflight
from contract_tests.target.http import TargetReader
from contract_tests.target.spec import VERSION_HEADER, OperationId, documented_operations, version_headers
from contract_tests.target.targets import TargetProfile, load_profile
from mock_server import serve_in_background

KEY = "cal_reader_key_5d1e"


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


class Recorder:
    """An ASGI app that answers every request 200 `{"data": []}` and keeps what it was sent."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        query = parse_qs(scope["query_string"].decode())
        self.seen.append(Seen(scope["method"], scope["raw_path"].decode(), query, headers))
        body = b'{"data": []}'
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def recorder() -> Iterator[tuple[Recorder, str]]:
    app = Recorder()
    with serve_in_background(app) as url:
        yield app, url


def _profile(*, mock: bool) -> TargetProfile:
    return replace(load_profile(environ={}), api_key=KEY, mock=mock)


def _path_values(template: str) -> dict[str, Any]:
    return {name: f"{name}-1 x" for name in re.findall(r"{(\w+)}", template)}


READS = sorted(op for op, operation in documented_operations().items() if not operation.writes)
WRITES = sorted(op for op, operation in documented_operations().items() if operation.writes)


@pytest.mark.parametrize("operation_id", READS)
def test_every_read_goes_where_the_spec_says_with_its_version_and_credentials(
    operation_id: OperationId, recorder: tuple[Recorder, str]
) -> None:
    app, url = recorder
    profile = _profile(mock=False)
    operation = documented_operations()[operation_id]
    path = _path_values(operation.path)
    del app.seen[:]
    reply = TargetReader(profile, base_url=url).read(operation_id, path=path, query={"take": 1})
    assert reply.status_code == 200 and len(app.seen) == 1
    seen = app.seen[0]
    assert (seen.method, seen.path) == (operation.method, operation.route(path))
    assert "%20" in seen.path or not path  # each value quoted as one segment
    assert seen.headers.get(VERSION_HEADER) == version_headers(profile.api_versions).get(str(operation_id))
    if operation.auth == "query":
        assert seen.query == {"take": ["1"], "apiKey": [KEY]} and "authorization" not in seen.headers
    else:
        assert seen.query == {"take": ["1"]} and seen.headers["authorization"] == f"Bearer {KEY}"


def test_a_read_without_a_key_sends_no_credentials(recorder: tuple[Recorder, str]) -> None:
    app, url = recorder
    del app.seen[:]
    reader = TargetReader(replace(_profile(mock=False), api_key=None), base_url=url)
    reader.read(OperationId.LIST)
    reader.read(OperationId.V1_LIST, key=None)
    assert [("authorization" in s.headers, "apiKey" in s.query) for s in app.seen] == [(False, False)] * 2


@pytest.mark.parametrize("operation_id", WRITES)
def test_a_reader_sends_no_write(operation_id: OperationId, recorder: tuple[Recorder, str]) -> None:
    app, url = recorder
    del app.seen[:]
    with pytest.raises(RuntimeError, match="sends no writes") as refused:
        TargetReader(_profile(mock=True), base_url=url).read(operation_id, path=_path_values("{x}"))
    assert app.seen == [] and KEY not in str(refused.value)


def test_the_control_api_only_on_a_profile_that_says_mock(recorder: tuple[Recorder, str]) -> None:
    app, url = recorder
    del app.seen[:]
    with pytest.raises(RuntimeError, match="does not say `mock: true`"):
        TargetReader(_profile(mock=False), base_url=url).control("POST", "/reset")
    assert app.seen == []
    TargetReader(_profile(mock=True), base_url=url).control("POST", "/reset").raise_for_status()
    assert [(s.method, s.path) for s in app.seen] == [("POST", "/_mock/reset")]


def _code_strings(module: Any) -> Iterator[str]:
    """The string constants of a module's code, f-string parts included, docstrings left out."""
    tree = ast.parse(Path(module.__file__).read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def routes_in(strings: Iterator[str]) -> set[str]:
    """The strings that spell a route of the spec (or its beginning, as an f-string part does)."""
    prefixes = {"/" + operation.path.split("/")[1] + "/" for operation in documented_operations().values()}
    return {text for text in strings if any(prefix in text for prefix in prefixes)}


@pytest.mark.parametrize("module", [preflight, doctor, parallel], ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_the_tools_name_no_route_of_the_spec(module: Any) -> None:
    assert routes_in(_code_strings(module)) == set()


def test_the_route_check_can_fail() -> None:
    assert routes_in(iter(["/v2/organizations/", "take", "/_mock/health"])) == {"/v2/organizations/"}
