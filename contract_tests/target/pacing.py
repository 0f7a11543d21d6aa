"""How fast the run may send, and the one count of what it sent.

Every request of the run, the suite's own (`http.Client`) and Schemathesis's (its cases and the extra
requests its checks send), goes through one `PacedAdapter` on a `requests.Session`, so each is paced and
counted exactly once:

- `--rate-limit N` holds at most N requests in any second, for servers that do not say their limit;
- the target's own `X-RateLimit-Remaining-*` / `X-RateLimit-Reset-*` headers (Cal.com's, see
  docs/real-server/rate-limit.md; v1's unsuffixed `X-RateLimit-*` too): when every limit they name is
  spent, the run waits for the reset. Headers are trusted from the first answer on a target that is not
  the mock (`trust_headers`); the mock reports the limit without enforcing it unless started with
  `--rate-limit-enforce`, so there they are trusted once it has refused a request;
- a 429 is waited out (its `Retry-After`, else the reset the headers name, else a minute) and the same
  request is sent again: it never reaches a check, so it is never a finding.

The counts (per test and in all, with the time spent waiting) are what the report prints.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter

__all__ = [
    "DEFAULT_THROTTLE_WAIT",
    "MAX_THROTTLED_RETRIES",
    "RATE_MARGIN",
    "PacedAdapter",
    "Pacer",
    "paced_session",
    "stop_before_next_request",
]

DEFAULT_THROTTLE_WAIT = 60.0  # seconds to wait after a 429 that says nothing (Cal.com's block is 60 s)
MAX_THROTTLED_RETRIES = 5
RATE_MARGIN = 1.05
RATE_WINDOW = 60.0  # seconds of the window a target's X-RateLimit-Limit counts (Cal.com's TTL)


class Pacer:
    """Waits before each request as the rate limit and the target's headers require; counts requests.
    `--rate-limit` holds across every pacer of the process (the pre-flight's, then the run's)."""

    _last_start = float("-inf")  # when the process last sent a request under a --rate-limit

    def __init__(
        self,
        per_second: float | None = None,
        *,
        trust_headers: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # 5% to spare: a request sent on time may arrive a little late, the next one a little early.
        self.interval = RATE_MARGIN / per_second if per_second else 0.0
        self.trust_headers = trust_headers
        self.clock = clock
        self.sleep = sleep
        self.sent = 0  # every request sent, retries included: what the server saw
        self.throttled = 0  # 429s waited out
        self.waited = 0.0  # seconds spent waiting for the target's limit (not for --rate-limit)
        self.by_label: Counter[str] = Counter()  # requests per test (see `label`)
        self.label = ""  # what is sending now: the plugin sets it to the running test
        self.advertised: int | None = None  # the smallest X-RateLimit-Limit-* the target named
        self._next = 0.0
        self._paused_until = 0.0
        self._lock = threading.Lock()

    # The name the suite has always used for the --rate-limit wait.
    def wait(self) -> None:
        self.before()

    def before(self) -> None:
        """Wait as needed, then count one request."""
        with self._lock:
            now = self.clock()
            paced = max(now, self._next, Pacer._last_start + self.interval) if self.interval else now  # --rate-limit
            start = max(paced, self._paused_until)  # the target's own limit
            if self.interval:
                self._next = start + self.interval
                Pacer._last_start = start
            self.waited += start - paced
            self.sent += 1
            self.by_label[self.label] += 1
        if start > now:
            self.sleep(start - now)

    def after(self, status: int, headers: Mapping[str, str]) -> float | None:
        """Read an answer's rate-limit headers; for a 429, the seconds to wait before sending it again."""
        lower = {name.lower(): value for name, value in headers.items()}
        limits = [_seconds(v) for name, v in lower.items() if name.startswith("x-ratelimit-limit")]
        named = [int(limit) for limit in limits if limit]
        if named:
            self.advertised = min(named) if self.advertised is None else min(self.advertised, *named)
        if status == 429:
            with self._lock:
                self.throttled += 1
                self.trust_headers = True
            wait = _seconds(lower.get("retry-after"))
            if wait is None:
                wait = _reset_when_spent(lower)
            wait = DEFAULT_THROTTLE_WAIT if wait is None else wait
            self.pause(wait)
            return wait
        if self.trust_headers:
            reset = _reset_when_spent(lower)
            if reset is not None:
                self.pause(reset)
        return None

    def pause(self, seconds: float) -> None:
        """No request before `seconds` from now."""
        with self._lock:
            self._paused_until = max(self._paused_until, self.clock() + seconds)

    def seconds_per_request(self) -> float:
        """The pace requests can keep at best, for an ETA: --rate-limit, and the target's own limit once its
        headers are trusted (Cal.com's limits are per minute: 60 s / X-RateLimit-Limit)."""
        target = RATE_WINDOW / self.advertised if self.trust_headers and self.advertised else 0.0
        return max(self.interval, target)


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def _reset_when_spent(headers: Mapping[str, str]) -> float | None:
    """Seconds until the limits reset, when every limit the headers name is spent; else None.
    Cal.com names each limit (`X-RateLimit-Remaining-Default`) and refuses an API key only when all its
    limits are spent; v1 sends one unnamed set."""
    prefix = "x-ratelimit-remaining"
    remaining = {name[len(prefix) :]: _seconds(value) for name, value in headers.items() if name.startswith(prefix)}
    if not remaining or any(left is None or left > 0 for left in remaining.values()):
        return None
    resets = [_seconds(headers.get("x-ratelimit-reset" + suffix)) for suffix in remaining]
    known = [reset for reset in resets if reset is not None]
    if not known:
        return DEFAULT_THROTTLE_WAIT
    longest = max(known)
    # v1's reset is an epoch time in seconds, not a duration.
    return max(0.0, longest - time.time()) if longest > 1e9 else longest


_pending_stop: list[BaseException] = []


def stop_before_next_request(interrupt: BaseException) -> None:
    """Raise `interrupt` (once) as the run's next request is about to start. A request already on its way
    finishes and its answer reaches the ledger first, so a booking the target made is never lost to the run's
    clean-up (an interrupt raised at any instant could fall between the server's create and the ledger)."""
    _pending_stop.append(interrupt)


class PacedAdapter(HTTPAdapter):
    """`requests`'s adapter, paced by a `Pacer`, sending a request again after waiting out a 429."""

    def __init__(self, pacer: Pacer, *, retries: int = MAX_THROTTLED_RETRIES) -> None:
        super().__init__()
        self.pacer = pacer
        self.retries = retries

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if _pending_stop:
            raise _pending_stop.pop()
        attempt = 0
        while True:
            self.pacer.before()
            response = super().send(request, *args, **kwargs)
            wait = self.pacer.after(response.status_code, response.headers)
            if wait is None or attempt >= self.retries:
                return response
            attempt += 1
            response.close()


def paced_session(pacer: Pacer) -> requests.Session:
    """A session whose every request goes through `pacer`."""
    session = requests.Session()
    adapter = PacedAdapter(pacer)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
