"""The four requests measured against both servers, and the wrk Lua scripts that build them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bench.config import (
    API_KEY,
    API_VERSION,
    CANCEL_PREFIX,
    CREATE_BASE,
    CREATE_DAY_START_S,
    CREATE_EVENT_TYPE,
    CREATE_SLOTS_PER_DAY,
    GET_UID,
    LIST_PATH,
)


@dataclass(frozen=True)
class Scenario:
    """One kind of request. `kind` static: the same request every time; create: a new slot and attendee
    per request; cancel: the n-th pre-loaded booking per request."""

    key: str
    label: str
    kind: str
    method: str
    path: str = ""
    body: str = ""

    def request(self, n: int) -> tuple[str, str, str]:
        """The n-th request (n from 1): method, path, body. The Lua scripts below build the same."""
        if self.kind == "create":
            start = create_start(n)
            body = (
                f'{{"start":"{start:%Y-%m-%dT%H:%M:%SZ}","eventTypeId":{CREATE_EVENT_TYPE},'
                f'"attendee":{{"name":"Bench {n}","email":"bench{n}@example.com","timeZone":"UTC"}}}}'
            )
            return "POST", "/v2/bookings", body
        if self.kind == "cancel":
            return "POST", f"/v2/bookings/{cancel_uid(n)}/cancel", '{"cancellationReason":"bench"}'
        return self.method, self.path, self.body


def create_start(n: int) -> datetime:
    """The n-th create's slot: the (n-1)-th free 30-minute slot of the weekdays from CREATE_BASE on."""
    day, slot = divmod(n - 1, CREATE_SLOTS_PER_DAY)
    week, weekday = divmod(day, 5)
    return CREATE_BASE + timedelta(days=7 * week + weekday, seconds=CREATE_DAY_START_S + 1800 * slot)


def cancel_uid(n: int) -> str:
    return f"{CANCEL_PREFIX}{n:017d}"


SCENARIOS = (
    Scenario("get", "GET one booking", "static", "GET", f"/v2/bookings/{GET_UID}"),
    Scenario("list", "GET filtered list page", "static", "GET", LIST_PATH),
    Scenario("create", "POST create", "create", "POST"),
    Scenario("cancel", "POST cancel", "cancel", "POST"),
)


def lua_script(scenario: Scenario, threads: int) -> str:
    lines = [
        "tid = 0",
        f"local threads_total = {threads}",
        "local counter = 0",
        "local next_tid = 0",
        "function setup(thread) thread:set('tid', next_tid); next_tid = next_tid + 1 end",
        f'wrk.headers["cal-api-version"] = "{API_VERSION}"',
        f'wrk.headers["Authorization"] = "Bearer {API_KEY}"',
    ]
    if scenario.kind == "static":
        lines.append(f'wrk.method = "{scenario.method}"')
        lines.append(f'wrk.path = "{scenario.path}"')
    else:
        lines.append('wrk.headers["Content-Type"] = "application/json"')
        lines.append("local function nth() counter = counter + 1; return (counter - 1) * threads_total + tid + 1 end")
    if scenario.kind == "create":
        base = int(CREATE_BASE.timestamp())
        lines += [
            "function request()",
            "  local n = nth()",
            f"  local day = math.floor((n - 1) / {CREATE_SLOTS_PER_DAY})",  # wrk runs LuaJIT (Lua 5.1): no //
            f"  local slot = (n - 1) % {CREATE_SLOTS_PER_DAY}",
            "  local offset = math.floor(day / 5) * 7 * 86400 + (day % 5) * 86400"
            f" + {CREATE_DAY_START_S} + slot * 1800",
            f'  local start = os.date("!%Y-%m-%dT%H:%M:%SZ", {base} + offset)',
            '  local body = string.format(\'{"start":"%s","eventTypeId":'
            + str(CREATE_EVENT_TYPE)
            + ',"attendee":{"name":"Bench %d","email":"bench%d@example.com","timeZone":"UTC"}}\', start, n, n)',
            '  return wrk.format("POST", "/v2/bookings", nil, body)',
            "end",
        ]
    elif scenario.kind == "cancel":
        lines += [
            "function request()",
            "  local n = nth()",
            f"  local path = string.format('/v2/bookings/{CANCEL_PREFIX}%017d/cancel', n)",
            '  return wrk.format("POST", path, nil, \'{"cancellationReason":"bench"}\')',
            "end",
        ]
    lines += [
        "function done(summary, latency, requests)",
        "  local e = summary.errors",
        "  io.write(string.format('BENCH_RESULT %d %d %d %d %d %d %d %d %d %d\\n', summary.requests,",
        "    summary.duration, e.status, e.connect, e.read, e.write, e.timeout,",
        "    latency:percentile(50), latency:percentile(99), latency.max))",
        "end",
    ]
    return "\n".join(lines) + "\n"
