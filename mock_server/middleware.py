"""ASGI middleware the mock adds around Connexion: a body-size limit, an artificial delay, forced
error answers (`Prefer: code=NNN`), and one access-log line per request with API keys redacted.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "MAX_BODY_BYTES",
    "AccessLog",
    "BodyLimit",
    "Delay",
    "ForcedError",
    "JsonBodyOnly",
    "PreferCode",
    "redacted_target",
]

MAX_BODY_BYTES = 1024 * 1024

access_logger = logging.getLogger("mock_server.access")


class BodyLimit:
    """413 for API bodies whose Content-Length is over the limit (bodies without one are refused by
    `JsonBodyOnly`). The control API under `unlimited_prefix` is exempt: a state import is as large
    as the state."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, unlimited_prefix: str = "/_mock/") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.unlimited_prefix = unlimited_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.unlimited_prefix):
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                raise HTTPException(413, f"Request body is larger than {self.max_bytes} bytes")
        await self.app(scope, receive, send)


class JsonBodyOnly:
    """415 for a body sent without a Content-Type, and 400 for a streamed body without a
    Content-Length: Connexion passes the first to the handler as raw bytes without validating it,
    and treats the second as no body at all, so neither may get that far."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            headers = dict(scope["headers"])
            if b"transfer-encoding" in headers and b"content-length" not in headers:
                raise HTTPException(
                    400, "Send the request body with a Content-Length; streamed bodies are not accepted"
                )
            if headers.get(b"content-length", b"0") != b"0" and b"content-type" not in headers:
                raise HTTPException(415, "Content-Type must be application/json")
        await self.app(scope, receive, send)


class Delay:
    """Waits before answering, to try a frontend on a slow network."""

    def __init__(self, app: ASGIApp, seconds: float = 0.0) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.seconds > 0:
            await asyncio.sleep(self.seconds)
        await self.app(scope, receive, send)


class ForcedError(Exception):
    """A documented error answer asked for with `Prefer: code=NNN`."""

    def __init__(self, status: int, code: str | None, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


_PREFER_CODE = re.compile(rb"(?:^|[;,\s])code=(\d{3})")


class PreferCode:
    """`Prefer: code=NNN`, as Prism users know it: answer the operation's documented NNN error
    (its example) instead of running it. Runs after routing, so it knows the operation; requests
    that match no operation of the bookings API (unknown routes, the control API) pass through."""

    def __init__(self, app: ASGIApp, examples: Mapping[str, Mapping[int, Mapping[str, Any]]]) -> None:
        self.app = app
        self.examples = examples

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation_id = scope.get("extensions", {}).get("connexion_routing", {}).get("operation_id")
        if scope["type"] == "http" and operation_id in self.examples:
            match = _PREFER_CODE.search(dict(scope["headers"]).get(b"prefer", b""))
            if match:
                raise self._forced(operation_id, int(match.group(1)))
        await self.app(scope, receive, send)

    def _forced(self, operation_id: str, status: int) -> ForcedError:
        documented = self.examples[operation_id]
        example = documented.get(status)
        if example is None:
            codes = ", ".join(str(code) for code in sorted(documented)) or "none"
            return ForcedError(
                400, None, f"Prefer: code={status} is not a documented error of this operation (documented: {codes})"
            )
        error = example.get("error")
        if isinstance(error, Mapping):
            return ForcedError(status, error.get("code"), error.get("message", ""))
        return ForcedError(status, None, str(example.get("message") or example.get("error") or ""))


_SENSITIVE_QUERY_KEYS = {"apikey"}


def redacted_target(path: str, query: Iterable[tuple[str, str]]) -> str:
    """The request path and its decoded query, with API keys replaced: what logs and error bodies show.
    Decoded, because authentication reads decoded names (`api%4Bey` is `apiKey`)."""
    pairs = [f"{k}={'[redacted]' if k.lower() in _SENSITIVE_QUERY_KEYS else v}" for k, v in query]
    return path + (f"?{'&'.join(pairs)}" if pairs else "")


class AccessLog:
    """One line per request: method, path (API keys redacted), status, duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            target = redacted_target(scope["path"], query)
            elapsed = (time.perf_counter() - started) * 1000
            access_logger.info("%s %s %d %.1fms", scope["method"], target, status, elapsed)
