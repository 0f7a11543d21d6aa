"""Loads the contract suite's pytest plugin, which declares its options (--base-url, --api-key,
--target-profile, --read-only, --rate-limit, --thorough, --min-coverage, ...) and turns them into the
target profile fixture. See docs/contract-tests.md."""

import os

import pytest

pytest_plugins = ["contract_tests.plugin"]


def pytest_configure(config: pytest.Config) -> None:
    # tests/hardening/test_fuzzing.py sizes its Schemathesis run at import, before fixtures exist.
    if config.getoption("thorough"):
        os.environ["CALCOM_THOROUGH"] = "1"
