"""Each conformance test is named by its operation: `test_operation_conforms[POST /v2/bookings]`, in
the terminal, the JUnit XML and `--lf`.

Schemathesis names its items so, but pytest 9 builds the node id from the function's original name
and the parametrization, which Schemathesis does not use: all 16 items would share the node id
`test_conformance.py::test_operation_conforms`. This puts the operation back into the node id as
its parameter, the shape pytest gives any parametrized test.
"""

from __future__ import annotations

import pytest

__all__ = ["pytest_itemcollected"]


def pytest_itemcollected(item: pytest.Item) -> None:
    label = getattr(item, "operation_label", None)
    node_id = getattr(item, "_id", None)
    if label and node_id is not None and node_id.params is None:
        item._id = node_id.with_params(label)
