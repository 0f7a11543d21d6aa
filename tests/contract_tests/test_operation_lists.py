"""One list of operations: the spec's. Everything else that names operations is checked against it.

- `OperationId` (the suite's vocabulary) names exactly the spec's operations;
- every operation of the spec is answered by exactly one API surface of the mock (its `OPERATIONS`), and
  the control API's by the control surface;
- each deliberate matrix of the contract suite (key states, views that must agree, tenancy) calls every
  operation of the spec in one of its rows, or excludes it with a reason. The rows are run against the
  mock and the operations they call are recorded, so a new operation of the spec fails here until a
  matrix calls it or says why not.

Each check is also run on a copy of the spec with one operation added, and seen to fail.
"""

from __future__ import annotations

import copy
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
FAKE = "BookingsController_2024_08_13_fakeNewOperation"


def with_a_new_operation(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `document` with one more operation, which nothing in the project knows of."""
    added = copy.deepcopy(dict(document))
    added["paths"]["/v2/bookings/{bookingUid}/fake"] = {"post": {"operationId": FAKE, "responses": {"200": {}}}}
    return added


def unnamed_by_operation_id(document: Mapping[str, Any]) -> set[str]:
    """The document's operations `OperationId` does not name, and the names it has that the document lacks."""
    return {str(operation) for operation in OperationId} ^ _operation_ids(document)


def test_operation_id_names_exactly_the_spec_operations() -> None:
    assert unnamed_by_operation_id(load_spec()) == set()
    assert unnamed_by_operation_id(with_a_new_operation(load_spec())) == {FAKE}


def _answering(surfaces: tuple[Surface, ...], operations: set[str]) -> dict[str, list[str]]:
    return {op: [type(s).__name__ for s in surfaces if op in s.OPERATIONS] for op in operations}


# The 2024-04-15 controllers' document, mounted behind the version router (docs/versions.md).
LEGACY_OPERATIONS = _operation_ids(read_yaml(legacy_spec_path()))


def test_every_operation_is_answered_by_exactly_one_surface() -> None:
    surfaces = web_app._surfaces(None, None)  # type: ignore[arg-type]  # only their OPERATIONS are read
    documented = SPEC_OPERATIONS | LEGACY_OPERATIONS
    answered = _answering(surfaces, documented)
    assert {op: names for op, names in answered.items() if len(names) != 1} == {}
    added = _answering(surfaces, _operation_ids(with_a_new_operation(load_spec())) | LEGACY_OPERATIONS)
    assert {op: names for op, names in added.items() if len(names) != 1} == {FAKE: []}
    extra = {op for surface in surfaces for op in surface.OPERATIONS} - documented
    assert extra == set(), f"surfaces answer operations the spec does not have: {sorted(extra)}"
    control = _operation_ids(read_yaml(web_app.CONTROL_SPEC_PATH))
    assert set(ControlApi.OPERATIONS) == control


def missing_from(matrix_calls: set[str], excluded: Mapping[OperationId, str], document: Mapping[str, Any]) -> set[str]:
    """The operations of `document` a matrix neither calls nor excludes."""
    return _operation_ids(document) - matrix_calls - {str(op) for op in excluded}


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serve_in_background(create_app(seed=11)) as url:
        yield url


@pytest.fixture(scope="module")
def calls(mock_url: str) -> dict[str, set[str]]:
    """Matrix name -> the operations its rows call on the mock, each matrix on a fresh mock."""
    called: dict[str, set[str]] = {}
    for matrix, (rows, _) in MATRICES.items():
        profile = load_profile(run=RunOptions(), environ={})
        session = ContractSession.open(replace(profile, base_url=mock_url), mock_url)
        session.client.control("POST", "/reset")
        with runtime.using(session):
            for row in rows.values():
                row(session)
        called[matrix] = set(session.recorder.counts())
    return called


@pytest.mark.parametrize("matrix", sorted(MATRICES))
def test_every_operation_is_in_a_row_of_each_matrix_or_excluded_with_a_reason(
    matrix: str, calls: dict[str, set[str]]
) -> None:
    _, excluded = MATRICES[matrix]
    called = calls[matrix]
    assert all(reason.strip() for reason in excluded.values())
    stale = sorted(str(op) for op in excluded if str(op) in called)
    assert stale == [], f"{matrix}: excluded operations that a row does call: {stale}"
    missing = sorted(missing_from(called, excluded, load_spec()))
    assert missing == [], f"{matrix}: operations of the spec in no row and not excluded with a reason: {missing}"


@pytest.mark.parametrize("matrix", sorted(MATRICES))
def test_an_operation_added_to_the_spec_and_to_no_row_fails_each_matrix(
    matrix: str, calls: dict[str, set[str]]
) -> None:
    _, excluded = MATRICES[matrix]
    assert missing_from(calls[matrix], excluded, with_a_new_operation(load_spec())) == {FAKE}
