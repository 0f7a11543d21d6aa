"""Cal.com's API rate limit, as its `CustomThrottlerGuard` applies it (apps/api/v2/src/lib/throttler-guard.ts,
see docs/real-server/rate-limit.md).

Every request to the API is counted against its tracker: the API key (Bearer `cal_...`), else an access
token (any other Bearer value), else an OAuth client (`x-cal-client-id`), else the client's IP
(`cf-connecting-ip`, else the connection's address). Each tracker has one named limit, `default`:
120 requests per 60 s for API keys and IPs, 500 for access tokens and OAuth clients. Every answer carries

    X-RateLimit-Limit-Default: 120
    X-RateLimit-Remaining-Default: <limit - hits, at least 0; 0 while blocked>
    X-RateLimit-Reset-Default: <seconds until the window ends, or until the block ends>

The window is fixed from its first hit. The request that goes past the limit starts a block of 60 s;
with `enforce`, every request during the block answers 429 with Nest's `ThrottlerException` in the API's
error envelope (the real guard sends no `Retry-After`). Without `enforce` the counting and the headers
are the same and nothing is refused. The mock's control API (`/_mock`) and its own pages are not counted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.types import Message, Scope, Send

from mock_server.domain.clock import Clock
from mock_server.web.errors import error_body
from mock_server.web.redaction import redacted_target

__all__ = [
    "BLOCK_SECONDS",
    "THROTTLED_MESSAGE",
    "WINDOW_SECONDS",
    "Hit",
    "RateLimit",
    "RateLimitPolicy",
    "Throttler",
    "tracker_of",
]

WINDOW_SECONDS = 60.0  # RATE_LIMIT_DEFAULT_TTL_MS
BLOCK_SECONDS = 60.0  # RATE_LIMIT_DEFAULT_BLOCK_DURATION_MS
THROTTLED_MESSAGE = "CustomThrottlerGuard - Too many requests. Please try again later."


@dataclass(frozen=True)
class RateLimitPolicy:
    """The limits of each kind of tracker (the real defaults), the window and the block."""

    api_key: int = 120  # RATE_LIMIT_DEFAULT_LIMIT_API_KEY
    access_token: int = 500  # RATE_LIMIT_DEFAULT_LIMIT_ACCESS_TOKEN
    oauth_client: int = 500  # RATE_LIMIT_DEFAULT_LIMIT_OAUTH_CLIENT
    ip: int = 120  # RATE_LIMIT_DEFAULT_LIMIT
    window_seconds: float = WINDOW_SECONDS
    block_seconds: float = BLOCK_SECONDS
    enforce: bool = False

    def limit_of(self, tracker: str) -> int:
        kind = tracker.split(":", 1)[0]
        return {"api_key": self.api_key, "access_token": self.access_token, "oauth_client": self.oauth_client}.get(
            kind, self.ip
        )


@dataclass(frozen=True)
class Hit:
    """One request counted: what the headers say, and whether it is refused."""

    limit: int
    total: int
    seconds_to_expire: float
    seconds_to_unblock: float

    @property
    def blocked(self) -> bool:
        return self.seconds_to_unblock > 0

    def headers(self, name: str = "Default") -> list[tuple[bytes, bytes]]:
        remaining = 0 if self.blocked else max(0, self.limit - self.total)
        reset = math.ceil(self.seconds_to_unblock or self.seconds_to_expire)
        return [
            (f"x-ratelimit-limit-{name.lower()}".encode(), str(self.limit).encode()),
            (f"x-ratelimit-remaining-{name.lower()}".encode(), str(remaining).encode()),
            (f"x-ratelimit-reset-{name.lower()}".encode(), str(reset).encode()),
        ]


class RateLimit:
    """The counters of every tracker: the real storage's fixed window and block (the Redis script of
    `@nest-lab/throttler-storage-redis`), on a monotonic clock (the mock's own clock may be frozen)."""

    def __init__(self, policy: RateLimitPolicy, *, now: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy
        self.now = now
        self._windows: dict[str, tuple[int, float]] = {}  # tracker -> (hits, window ends)
        self._blocks: dict[str, float] = {}  # tracker -> block ends
        self._lock = threading.Lock()

    def hit(self, tracker: str) -> Hit:
        policy, now = self.policy, self.now()
        limit = policy.limit_of(tracker)
        with self._lock:
            hits, ends = self._windows.get(tracker, (0, 0.0))
            if ends <= now:
                hits, ends = 0, now + policy.window_seconds
            hits += 1
            block_ends = self._blocks.get(tracker, 0.0)
            if block_ends and block_ends <= now:  # the block is over: a new window starts with this hit
                del self._blocks[tracker]
                hits, ends, block_ends = 1, now + policy.window_seconds, 0.0
            elif not block_ends and hits > limit:
                block_ends = self._blocks[tracker] = now + policy.block_seconds
            self._windows[tracker] = (hits, ends)
        return Hit(limit, hits, ends - now, max(0.0, block_ends - now) if block_ends else 0.0)


def tracker_of(scope: Scope) -> str:
    """Whom a request counts against, as the real `getTracker` decides (hashed there, hashed here)."""
    headers = Headers(scope=scope)
    authorization = headers.get("authorization")
    if authorization:
        token = authorization.replace("Bearer ", "", 1)
        kind = "api_key" if token.startswith("cal_") else "access_token"
        return f"{kind}:{_digest(token)}"
    client_id = headers.get("x-cal-client-id")
    if client_id:
        return f"oauth_client:{_digest(client_id)}"
    address = headers.get("cf-connecting-ip") or (scope.get("client") or ("unknown",))[0]
    return f"ip:{_digest(str(address))}"


@functools.lru_cache(maxsize=4096)  # the same few keys come again and again; a digest is a pure function
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Throttler:
    """Counts each API request (`hit`), adds the rate-limit headers to its answer (`with_headers`) and, when
    the policy enforces the limit, answers 429 past it (`refuse`); `middleware.Front` calls it."""

    def __init__(
        self,
        *,
        policy: RateLimitPolicy,
        clock: Clock,
        now: Callable[[], float] = time.monotonic,
        counted: tuple[str, ...] = ("/v2/",),
    ) -> None:
        self.limits = RateLimit(policy, now=now)
        self.clock = clock
        self.counted = counted

    def hit(self, scope: Scope) -> Hit | None:
        """The request counted, or None for what is not counted (other paths, CORS preflights)."""
        if not scope["path"].startswith(self.counted) or scope["method"] == "OPTIONS":
            return None
        return self.limits.hit(tracker_of(scope))

    @staticmethod
    def with_headers(send: Send, hit: Hit) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent = message.get("headers", [])
                # An answer that already carries them (a forced 429, `Prefer: code=429`) keeps its own.
                if not any(name.lower().startswith(b"x-ratelimit-") for name, _ in sent):
                    message = {**message, "headers": [*sent, *hit.headers()]}
            await send(message)

        return sending

    async def refuse(self, scope: Scope, send: Send, hit: Hit) -> None:
        path = scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        target = redacted_target(path, parse_qsl(query, keep_blank_values=True))
        body = error_body(
            path,
            target,
            scope["method"],
            429,
            THROTTLED_MESSAGE,
            code="ThrottlerException",
            details=THROTTLED_MESSAGE,
            now=self.clock.now(),
        )
        content = json.dumps(body).encode()
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(content)).encode()),
            *hit.headers(),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": content})
