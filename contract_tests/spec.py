"""The OpenAPI document the suite tests against: loaded once, plus the lookups the suite needs
(operation by id, by method and concrete path, and the statuses each operation documents)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from mock_server.resources import spec_path

__all__ = ["SPEC_PATH", "Operation", "documented_operations", "load_spec", "operation_for"]

SPEC_PATH = spec_path()  # CALCOM_SPEC, else the packaged spec/openapi.yaml
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # template, e.g. /v2/bookings/{bookingUid}
    statuses: frozenset[int]  # documented response codes
    writes: bool

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def matches(self, method: str, path: str) -> bool:
        return method.upper() == self.method and _template_regex(self.path).fullmatch(path) is not None


@cache
def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)))


@cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open() as f:
        return yaml.safe_load(f)  # type: ignore[no-any-return]


@cache
def documented_operations() -> dict[str, Operation]:
    """operationId -> Operation, in the document's order."""
    found: dict[str, Operation] = {}
    for path, item in load_spec()["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            statuses = frozenset(int(code) for code in operation["responses"] if code.isdigit())
            found[operation["operationId"]] = Operation(
                operation_id=operation["operationId"],
                method=method.upper(),
                path=path,
                statuses=statuses,
                writes=method != "get",
            )
    return found


def operation_for(method: str, path: str) -> Operation | None:
    """The documented operation a request (method and concrete path, no query) belongs to."""
    for operation in documented_operations().values():
        if operation.matches(method, path):
            return operation
    return None
