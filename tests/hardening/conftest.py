"""A live mock (uvicorn in a thread) for the hardening tests: real sockets, real concurrency."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mock_server import create_app, serve_in_background


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_in_background(create_app(seed=11)) as url:
        yield url


@pytest.fixture
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        client.post("/_mock/reset")
        yield client
