"""What the mock does around Connexion, in one ASGI layer (`Front`), and the one hook inside it (`HandlerFaults`).

`Front` sits outside Connexion's exception middleware and does, in this order: the access-log line (API keys
redacted), CORS, the rate limit's counting and headers (ratelimit.py), the docs pages (docs.py), then the
checks that refuse a request before Connexion routes it: control API origins, body bounds, JSON-only bodies,
the `cal-api-version` routing (versions.py), and the artificial delay. Its refusals are rendered by the app's
error handlers (errors.py), the same ones Connexion's exception middleware calls, so they answer exactly as
when each check was a layer of its own; one layer instead of ten saves a coroutine, a send wrapper and a
header parse per check on every request.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from itertools import accumulate
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.web.deadlines import Deadlines
from mock_server.web.docs import DocsPages
from mock_server.web.prepared import READ_BODY
from mock_server.web.ratelimit import Throttler
from mock_server.web.redaction import loggable, redacted_target
from mock_server.web.versions import NoControllerForVersion, VersionRouter

__all__ = [
    "BODY_TIMEOUT_SECONDS",
    "MAX_BODY_BYTES",
    "MAX_CONTROL_BODY_BYTES",
    "MAX_JSON_DEPTH",
    "BodyBounds",
    "ControlOrigins",
    "Front",
    "HandlerFaults",
    "MockFault",
    "json_depth",
]

MAX_BODY_BYTES = 1024 * 1024
# A state of 100,000 bookings exported by the mock is 112-116 MiB (docs/mock-server-http.md).
MAX_CONTROL_BODY_BYTES = 128 * 1024 * 1024
BODY_TIMEOUT_SECONDS = 30.0
MAX_JSON_DEPTH = 64

access_logger = logging.getLogger("mock_server.access")
logger = logging.getLogger("mock_server")


class BodyBounds:
    """Reads a request's body before Connexion does, within bounds, for `Front` to hand on as one message.

    - At most `max_bytes` (413); the control API under `control_prefix` has its own limit,
      `control_max_bytes`, since a state import is as large as the state.
    - Within `timeout` seconds of the first read: a client that sends half a body and stalls gets a
      408 and its connection is closed, instead of holding it open for ever.
    - JSON nested at most `MAX_JSON_DEPTH` levels (400): deeper documents break the recursion limits
      of the code that walks a parsed body (Python's JSON decoder at about 950 levels, jsonschema-rs at
      about 255), and nothing the API accepts is deeper than a few levels. Not counted for `raw_routes`
      (method, path): their handlers decode the bytes with a decoder that bounds nesting itself.

    Requests without a body (no Content-Length, no Transfer-Encoding) pass untouched.
    """

    def __init__(
        self,
        *,
        max_bytes: int = MAX_BODY_BYTES,
        control_max_bytes: int = MAX_CONTROL_BODY_BYTES,
        control_prefix: str = "/_mock/",
        timeout: float = BODY_TIMEOUT_SECONDS,
        raw_routes: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.raw_routes = raw_routes
        self.max_bytes = max_bytes
        self.control_max_bytes = control_max_bytes
        self.control_prefix = control_prefix
        self.timeout = timeout
        self._deadlines = Deadlines(timeout)  # one timer for all reads in flight, not one per read

    async def read(self, scope: Scope, receive: Receive, headers: dict[bytes, bytes]) -> bytes | None:
        """The body, or None when the request has none; HTTPException past a bound."""
        length = headers.get(b"content-length")
        if length is None and b"transfer-encoding" not in headers:
            return None
        limit = self.control_max_bytes if scope["path"].startswith(self.control_prefix) else self.max_bytes
        if length is not None and length.isdigit() and int(length) > limit:
            raise _too_large(limit)
        body = await self._read(receive, limit)
        if (
            b"json" in headers.get(b"content-type", b"")
            and (scope["method"], scope["path"]) not in self.raw_routes
            and _deeper_than(body, MAX_JSON_DEPTH)
        ):
            raise HTTPException(400, f"Request body is nested more than {MAX_JSON_DEPTH} levels deep")
        return body

    async def _read(self, receive: Receive, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        read = self._deadlines.start()
        try:
            while True:
                message = await receive()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks)
        except asyncio.CancelledError:
            if read.ran_out():
                raise HTTPException(
                    408, f"The request body did not arrive within {self.timeout:g} seconds", headers=_CLOSE
                ) from None
            raise
        finally:
            read.end()


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A receive channel that gives `body` as one message, then whatever the client sends next."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


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


def check_json_body_only(method: str, headers: dict[bytes, bytes]) -> None:
    """415 for a body sent without a Content-Type, and 400 for a streamed body without a
    Content-Length: Connexion passes the first to the handler as raw bytes without validating it,
    and treats the second as no body at all, so neither may get that far."""
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        if b"transfer-encoding" in headers and b"content-length" not in headers:
            raise HTTPException(400, "Send the request body with a Content-Length; streamed bodies are not accepted")
        if headers.get(b"content-length", b"0") != b"0" and b"content-type" not in headers:
            raise HTTPException(415, "Content-Type must be application/json")


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

    def __init__(self, *, allowed: Sequence[str], control_prefix: str = "/_mock") -> None:
        self.allowed = {origin for origin in allowed if origin != "*"}
        self.control_prefix = control_prefix

    def check(self, scope: Scope, headers: Headers) -> None:
        if not _is_control(scope["path"], self.control_prefix):
            return
        origin = headers.get("origin")
        if origin is not None and origin not in self.allowed and origin != _own_origin(scope, headers):
            if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
                _log_refused_preflight(headers, "control API")
            raise HTTPException(
                403,
                f"The control API does not answer pages of other origins ({origin}); "
                f"start the mock with --cors-origin {origin} to allow it",
            )


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


# Renders a refusal of `Front`'s checks as the app's error handlers answer that exception.
Refusal = Callable[[Scope, Receive, Exception], Awaitable[Response]]
# The exceptions `Front`'s checks raise: everything else passes through it untouched.
_REFUSALS = (HTTPException, NoControllerForVersion)


class Front:
    """The one ASGI layer the mock adds outside Connexion (see the module's docstring for what it does, in
    order). `cors_origins=()` turns CORS off, `rate_limit=None` the rate limit, `pages=None` the docs pages,
    `delay_seconds=0` the delay."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        refuse: Refusal,
        versions: VersionRouter,
        body: BodyBounds,
        cors_origins: Sequence[str] = ("*",),
        rate_limit: Throttler | None = None,
        pages: DocsPages | None = None,
        delay_seconds: float = 0.0,
    ) -> None:
        self.app = app
        self.refuse = refuse
        self.versions = versions
        self.body = body
        self.control = ControlOrigins(allowed=cors_origins)
        self.cors = Cors(self._counted, origins=cors_origins) if cors_origins else None
        self.rate_limit = rate_limit
        self.pages = pages
        self.delay_seconds = delay_seconds

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
            # Starlette's CORS middleware passes a request without an Origin straight on: so does this.
            if self.cors is not None and any(name == b"origin" for name, _ in scope["headers"]):
                await self.cors(scope, receive, record)
            else:
                await self._counted(scope, receive, record)
        finally:
            if access_logger.isEnabledFor(logging.INFO):
                query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
                target = loggable(redacted_target(scope["path"], query))
                elapsed = (time.perf_counter() - started) * 1000
                access_logger.info("%s %s %d %.1fms", scope["method"], target, status, elapsed)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        limiter = self.rate_limit
        hit = limiter.hit(scope) if limiter is not None else None
        if limiter is None or hit is None:
            await self._checked(scope, receive, send)
            return
        if hit.blocked and limiter.limits.policy.enforce:
            await limiter.refuse(scope, send, hit)
            return
        await self._checked(scope, receive, limiter.with_headers(send, hit))

    async def _checked(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.pages is not None and scope["method"] in ("GET", "HEAD"):
            page = self.pages.page(scope)
            if page is not None:
                await page(scope, receive, send)
                return
        try:
            inner, receive = await self._admitted(scope, receive)
        except _REFUSALS as error:
            response = await self.refuse(scope, receive, error)
            await response(scope, receive, send)
            return
        await self.app(inner, receive, send)

    async def _admitted(self, scope: Scope, receive: Receive) -> tuple[Scope, Receive]:
        """The scope and receive channel to hand to Connexion, or raises the refusal."""
        method = scope["method"]
        headers = Headers(scope=scope)
        self.control.check(scope, headers)
        raw = dict(scope["headers"])
        body = await self.body.read(scope, receive, raw)
        if body is not None:
            receive = _replaying(body, receive)
            scope.setdefault("extensions", {})[READ_BODY] = body
        check_json_body_only(method, raw)
        scope = self.versions.route(scope, headers)
        if self.delay_seconds > 0:
            await asyncio.sleep(self.delay_seconds)
        return scope, receive
