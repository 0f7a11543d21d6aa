"""Schemathesis against the mock with every built-in check and a fixed seed: no 5xx and no answer
off the spec, over at least 2,000 generated cases (ten times more with --thorough)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from contract_tests.target.spec import VERSION_HEADER, documented_operations, load_spec, without_version_header
from mock_server import create_app
from mock_server.domain.clock import Clock

KEY = "cal_test_acme_owner_key"
# With the examples and coverage phases this gives well over 2,000 cases over the spec's operations.
# The schema is built at import, before pytest options exist: --thorough reaches it through
# CALCOM_THOROUGH, which the root conftest sets.
CASES_PER_OPERATION = 30 * (10 if os.environ.get("CALCOM_THOROUGH") else 1)
# Schema-valid requests the real API refuses with 400 (a past start, a taken slot, a cancelled booking,
# a mark-absent before the start, a second report) are correct answers, not rejected positive data.
REFUSES_VALID = ["2XX", 400, 401, 403, 404, 409, 422]

# `cal-api-version` routes rather than validates (docs/versions.md): every request carries the value that
# reaches its operation, and the header is no input Schemathesis varies.
DOCUMENT, VERSIONS = without_version_header(load_spec())
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261121,
        "generation": {"max-examples": CASES_PER_OPERATION},
        "auth": {"openapi": {"ApiKeyAuth": {"bearer": KEY}, "V1ApiKey": {"api_key": KEY}}},
        "checks": {"enabled": True, "positive_data_acceptance": {"expected-statuses": REFUSES_VALID}},
        "operations": [
            {"include-operation-id": operation_id, "headers": {VERSION_HEADER: version}}
            for operation_id, version in VERSIONS.items()
        ],
    }
)
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
schema.app = create_app(seed=5, clock=Clock())
CASES: Counter[str] = Counter()
OPERATIONS = len(documented_operations())  # the spec's, however many it has


@pytest.fixture(scope="module", autouse=True)
def _at_least_2000_cases(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    selected = [item for item in request.session.items if item.path == request.path]
    if len(selected) == OPERATIONS:  # the whole module ran, not a -k selection of it
        assert len(CASES) == OPERATIONS, f"operations without a single case: {OPERATIONS - len(CASES)}"
        assert sum(CASES.values()) >= 2000, f"only {sum(CASES.values())} cases: {dict(CASES)}"


@schema.parametrize()
def test_every_operation_answers_within_the_spec(case: schemathesis.Case[Any]) -> None:
    CASES[case.operation.label] += 1
    case.call_and_validate()
