"""One list of operations: the spec's. Everything else that names operations is checked against it.

- `OperationId` (the suite's vocabulary) names exactly the spec's operations;
- every operation of the spec is answered by exactly one API surface of the mock (its `OPERATIONS`), and
  the control API's by the control surface;
- each deliberate matrix of the contract suite (key states, views that must agree, tenancy) calls every
  operation of the spec in one of its rows, or excludes it with a reason. The rows are run against the
  mock and the operations they call are recorded, so a new operation of the spec fails here until a
  matrix calls it or says why not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

import pytest

from contract_tests.scenarios.access import key_states, tenancy
from contract_tests.scenarios.views import views_agree
from contract_tests.target import runtime
from contract_tests.target.session import ContractSession
from contract_tests.target.spec import OperationId, load_spec
from contract_tests.target.targets import RunOptions, load_profile
from mock_server import create_app, serve_in_background
from mock_server.api.control import ControlApi
from mock_server.api.routing import Surface
from mock_server.resources import legacy_spec_path, read_yaml
from mock_server.web import app as web_app

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

Rows = Mapping[str, Callable[[ContractSession], None]]
MATRICES: dict[str, tuple[Rows, Mapping[OperationId, str]]] = {
    "key states": (key_states.KEY_STATES, key_states.NOT_PROBED),
    "views that must agree": (views_agree.CHANGES, views_agree.NOT_CHANGED),
    "tenancy": (tenancy.TENANCY, tenancy.NOT_PROBED),
}


def _operation_ids(document: Mapping[str, Any]) -> set[str]:
    return {
        operation["operationId"]
        for item in document["paths"].values()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


SPEC_OPERATIONS = _operation_ids(load_spec())


def test_operation_id_names_exactly_the_spec_operations() -> None:
    assert {str(operation) for operation in OperationId} == SPEC_OPERATIONS


def _answering(surfaces: tuple[Surface, ...], operations: set[str]) -> dict[str, list[str]]:
    return {op: [type(s).__name__ for s in surfaces if op in s.OPERATIONS] for op in operations}


# The 2024-04-15 controllers' document, mounted behind the version router (docs/versions.md).
LEGACY_OPERATIONS = _operation_ids(read_yaml(legacy_spec_path()))


def test_every_operation_is_answered_by_exactly_one_surface() -> None:
    surfaces = web_app._surfaces(None, None)  # type: ignore[arg-type]  # only their OPERATIONS are read
    documented = SPEC_OPERATIONS | LEGACY_OPERATIONS
    answered = _answering(surfaces, documented)
    assert {op: names for op, names in answered.items() if len(names) != 1} == {}
    extra = {op for surface in surfaces for op in surface.OPERATIONS} - documented
    assert extra == set(), f"surfaces answer operations the spec does not have: {sorted(extra)}"
    control = _operation_ids(read_yaml(web_app.CONTROL_SPEC_PATH))
    assert set(ControlApi.OPERATIONS) == control


def missing_from(matrix_calls: set[str], excluded: Mapping[OperationId, str], spec: set[str]) -> set[str]:
    """The spec's operations a matrix neither calls nor excludes."""
    return spec - matrix_calls - {str(op) for op in excluded}


def test_the_completeness_check_can_fail() -> None:
    spec = {"a", "b", "c_new"}
    assert missing_from({"a"}, {OperationId.ME: "why"}, spec | {str(OperationId.ME)}) == {"b", "c_new"}


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serve_in_background(create_app(seed=11)) as url:
        yield url


@pytest.mark.parametrize("matrix", sorted(MATRICES))
def test_every_operation_is_in_a_row_of_each_matrix_or_excluded_with_a_reason(matrix: str, mock_url: str) -> None:
    rows, excluded = MATRICES[matrix]
    profile = load_profile(run=RunOptions(), environ={})
    session = ContractSession.open(replace(profile, base_url=mock_url), mock_url)
    session.client.control("POST", "/reset")
    with runtime.using(session):
        for row in rows.values():
            row(session)
    called = set(session.recorder.counts())
    assert all(reason.strip() for reason in excluded.values())
    stale = sorted(str(op) for op in excluded if str(op) in called)
    assert stale == [], f"{matrix}: excluded operations that a row does call: {stale}"
    missing = sorted(missing_from(called, excluded, SPEC_OPERATIONS))
    assert missing == [], f"{matrix}: operations of the spec in no row and not excluded with a reason: {missing}"
