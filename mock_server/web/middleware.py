"""ASGI middleware the mock adds around Connexion: a body-size limit, an artificial delay, forced
error answers (`Prefer: code=NNN`), and one access-log line per request with API keys redacted.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Iterable, Sequence
from itertools import accumulate
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "BODY_TIMEOUT_SECONDS",
    "MAX_BODY_BYTES",
    "MAX_CONTROL_BODY_BYTES",
    "MAX_JSON_DEPTH",
    "AccessLog",
    "ControlOrigins",
    "Cors",
    "Delay",
    "HandlerFaults",
    "JsonBodyOnly",
    "MockFault",
    "RequestBody",
    "json_depth",
    "loggable",
    "redacted_target",
]

MAX_BODY_BYTES = 1024 * 1024
# A state of 100,000 bookings exported by the mock is 112-116 MiB (docs/mock-server-http.md).
MAX_CONTROL_BODY_BYTES = 128 * 1024 * 1024
BODY_TIMEOUT_SECONDS = 30.0
MAX_JSON_DEPTH = 64

access_logger = logging.getLogger("mock_server.access")
logger = logging.getLogger("mock_server")


class RequestBody:
    """Reads a request's body before Connexion does, within bounds, and hands it on as one message.

    - At most `max_bytes` (413); the control API under `control_prefix` has its own limit,
      `control_max_bytes`, since a state import is as large as the state.
    - Within `timeout` seconds of the first read: a client that sends half a body and stalls gets a
      408 and its connection is closed, instead of holding it open for ever.
    - JSON nested at most `MAX_JSON_DEPTH` levels (400): deeper documents break the recursion limits
      of the code that walks a parsed body (Python's JSON decoder at about 950 levels, jsonschema-rs at
      about 255), and nothing the API accepts is deeper than a few levels.

    Requests without a body (no Content-Length, no Transfer-Encoding) pass untouched.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int = MAX_BODY_BYTES,
        control_max_bytes: int = MAX_CONTROL_BODY_BYTES,
        control_prefix: str = "/_mock/",
        timeout: float = BODY_TIMEOUT_SECONDS,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.control_max_bytes = control_max_bytes
        self.control_prefix = control_prefix
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is None and b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)
            return
        limit = self.control_max_bytes if scope["path"].startswith(self.control_prefix) else self.max_bytes
        if length is not None and length.isdigit() and int(length) > limit:
            raise _too_large(limit)
        body = await self._read(receive, limit)
        if b"json" in headers.get(b"content-type", b"") and _deeper_than(body, MAX_JSON_DEPTH):
            raise HTTPException(400, f"Request body is nested more than {MAX_JSON_DEPTH} levels deep")
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    message = await receive()
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(limit)
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        return b"".join(chunks)
        except TimeoutError:
            raise HTTPException(
                408, f"The request body did not arrive within {self.timeout:g} seconds", headers=_CLOSE
            ) from None


# The connection is closed after these answers: the rest of the body is never read.
_CLOSE = {"Connection": "close"}


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"Request body is larger than {limit} bytes", headers=_CLOSE)


_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_NESTING = [1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256)]


def _deeper_than(body: bytes, depth: int) -> bool:
    # Few brackets cannot nest deeply: most bodies are decided by two counts.
    return body.count(b"{") + body.count(b"[") > depth and json_depth(body) > depth


def json_depth(body: bytes) -> int:
    """How deeply the JSON text `body` nests arrays and objects (0 for a scalar), without parsing it:
    escapes are dropped, then everything but brackets and quotes, then what lies between quotes;
    the brackets left are counted. No JSON library in use bounds nesting below the recursion limits
    of what walks the parsed value, hence this count (under 2 s for a 112 MiB state, every step in C).
    Malformed JSON gets some number and is refused by the parser after it."""
    if b"\\" in body:
        body = _ESCAPE.sub(b"", body)
    outside_strings = b"".join(body.translate(None, _STRUCTURE).split(b'"')[::2])
    return max(accumulate(map(_NESTING.__getitem__, outside_strings)), default=0)


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


class LoggedCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware, which also logs the preflights it refuses and why."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code >= 400:
            _log_refused_preflight(request_headers, bytes(response.body).decode())
        return response


def _log_refused_preflight(headers: Headers, reason: str) -> None:
    logger.warning(
        "CORS preflight refused (%s): origin %s, method %s, headers %s",
        reason,
        loggable(headers.get("origin", "")),
        loggable(headers.get("access-control-request-method", "")),
        loggable(headers.get("access-control-request-headers", "") or "none"),
    )


def _is_control(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


class Cors(LoggedCORSMiddleware):
    """CORS from `origins` (`*`: any), for the bookings API and the control API alike. Who may use the
    control API is `ControlOrigins`' decision, made before anything runs: a page of another origin gets
    its 403, and CORS lets the page read it (which flag to start the mock with) instead of a bare CORS
    error. Refused preflights are logged."""

    def __init__(self, app: ASGIApp, *, origins: Sequence[str]) -> None:
        super().__init__(
            app, allow_origins=list(origins), allow_methods=["*"], allow_headers=["*"], expose_headers=["X-Request-Id"]
        )


class ControlOrigins:
    """403 for a request to the control API from a browser page of another origin, unless that origin
    was allowed by name. CORS alone would only hide the answer: a cross-origin `POST /_mock/reset`
    needs no preflight and would still run. Requests without an `Origin` (curl, scripts, tests) and
    same-origin ones (the control API's own Swagger UI) pass."""

    def __init__(self, app: ASGIApp, *, allowed: Sequence[str], control_prefix: str = "/_mock") -> None:
        self.app = app
        self.allowed = {origin for origin in allowed if origin != "*"}
        self.control_prefix = control_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _is_control(scope["path"], self.control_prefix):
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and origin not in self.allowed and origin != _own_origin(scope, headers):
                if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
                    _log_refused_preflight(headers, "control API")
                raise HTTPException(
                    403,
                    f"The control API does not answer pages of other origins ({origin}); "
                    f"start the mock with --cors-origin {origin} to allow it",
                )
        await self.app(scope, receive, send)


def _own_origin(scope: Scope, headers: Headers) -> str:
    return f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"


class MockFault(Exception):
    """An exception raised by the mock's own code, whatever its type: a bug, answered 500 and logged."""


class HandlerFaults:
    """Marks where the mock's own code starts, just before Connexion calls the handler. A `ValueError`,
    `OverflowError` or `RecursionError` raised below it is a bug of the mock and is re-raised as
    `MockFault`, for the 500 handler; raised above it, while Connexion routes and parses the request
    (a path id or a JSON number too long for Python), the same errors are the client's and answer 400."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except (ValueError, OverflowError, RecursionError) as error:
            raise MockFault(f"{type(error).__name__}: {error}") from error


class Delay:
    """Waits before answering, to try a frontend on a slow network."""

    def __init__(self, app: ASGIApp, seconds: float = 0.0) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.seconds > 0:
            await asyncio.sleep(self.seconds)
        await self.app(scope, receive, send)


_SENSITIVE_QUERY_KEYS = {"apikey"}


def redacted_target(path: str, query: Iterable[tuple[str, str]]) -> str:
    """The request path and its decoded query, with API keys replaced: what logs and error bodies show.
    Decoded, because authentication reads decoded names (`api%4Bey` is `apiKey`)."""
    pairs = [f"{k}={'[redacted]' if k.lower() in _SENSITIVE_QUERY_KEYS else v}" for k, v in query]
    return path + (f"?{'&'.join(pairs)}" if pairs else "")


# C0 and C1 control characters and the Unicode line and paragraph separators, as escapes: a `%0A`
# in a URL must not start a new line in the log.
_LOG_ESCAPES = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]} | {
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def loggable(text: str) -> str:
    """`text` with its control characters escaped, safe to put in one log line."""
    return text.translate(_LOG_ESCAPES)


class AccessLog:
    """One line per request: method, path (API keys redacted, control characters escaped), status,
    duration."""

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
            target = loggable(redacted_target(scope["path"], query))
            elapsed = (time.perf_counter() - started) * 1000
            access_logger.info("%s %s %d %.1fms", scope["method"], target, status, elapsed)
