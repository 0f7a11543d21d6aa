"""The contract suite's pytest plugin (options --base-url, --api-key, --target-profile, --read-only,
--rate-limit, --thorough, --min-coverage, ...) is registered by the package's `pytest11` entry point,
so it is loaded once in any pytest run of an environment where the project is installed (`make
install` installs it). See docs/contract-tests.md."""

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # tests/hardening/test_fuzzing.py sizes its Schemathesis run at import, before fixtures exist.
    if config.getoption("thorough"):
        os.environ["CALCOM_THOROUGH"] = "1"
