"""What the suite reads from a Schemathesis case: its operation, its parts, its curl line, and
whether it comes from the suite's own schema (hooks and checks are registered for every schema in
the process; other suites' cases, e.g. the mock's own fuzzing, are left alone)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract_tests.target.redaction import redact
from contract_tests.target.spec import Operation, OperationId, documented_operations

__all__ = ["MARKER", "body_of", "curl_of", "declared", "from_suite", "operation_of", "path_of"]

MARKER = "x-contract-suite"  # set on the raw document the suite loads, to tell its cases apart


def from_suite(case: Any) -> bool:
    raw = getattr(getattr(case.operation, "schema", None), "raw_schema", None)
    return isinstance(raw, Mapping) and bool(raw.get(MARKER))


def operation_of(case: Any) -> Operation | None:
    """The documented operation of a case (None for an operationId the spec does not hold)."""
    operation_id = case.operation.definition.raw.get("operationId")
    if operation_id not in OperationId.__members__.values():
        return None
    return documented_operations()[OperationId(operation_id)]


def declared(case: Any) -> bool:
    """The case uses its operation's own method (not an unsupported-method probe)."""
    return str(case.method).upper() == str(case.operation.method).upper()


def path_of(case: Any) -> dict[str, Any]:
    return case.path_parameters if isinstance(case.path_parameters, dict) else {}


def body_of(case: Any) -> Mapping[str, Any]:
    return case.body if isinstance(case.body, Mapping) else {}


def curl_of(case: Any) -> str:
    try:
        return redact(case.as_curl_command())
    except Exception:  # a case that cannot be serialised still deserves its failure
        return ""
