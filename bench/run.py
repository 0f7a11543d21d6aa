#!/usr/bin/env python3
"""Benchmark the Cal.com bookings mock against Prism 5 on the same spec, then at scale.

Run it with `make bench` (or `make bench ARGS="--quick"`); it needs no set-up beyond the project's venv:

* our mock is started as `make serve` starts it (the `python -m mock_server` CLI, with `--log-level warning`);
  the control API it imports states through has no body limit, so PUT /_mock/state takes 100,000 bookings;
* Prism 5 (`@stoplight/prism-cli`) is installed with npm into `bench/.prism/` (git-ignored) on first use and
  started as `prism mock spec/openapi.yaml -v error` from `bench/.prism/node_modules/.bin`;
* the load generator is wrk (Debian package `wrk`; installed with apt-get when absent and run as root),
  or, failing that, a small asyncio generator in this file (the output says which).

Part 1, ours vs Prism: GET one booking, GET a filtered list page, POST create, POST cancel; the same
requests (headers `cal-api-version`, `Authorization: Bearer <fixture key>`, JSON bodies) go to both servers.
Creates vary the start (30-minute steps far in the future) and the attendee email per request; cancels walk
through bookings pre-loaded into the mock with PUT /_mock/state. The mock's state is reset at the start of
every round. Several rounds; medians are reported, non-2xx answers are counted separately.
Also: start-up time to the first answer and resident memory (RSS of the process tree, from /proc).

Part 2, scale (our mock only): 1,000 / 10,000 / 100,000 extra bookings imported through PUT /_mock/state
into a fresh mock each; list latency (attendeeEmail + status, sorted, one page, org admin key), get-by-uid
latency (both over one connection, so latency is service time), import time and RSS per booking.

Output: plain-text tables on stdout, and the same as Markdown appended to docs/benchmarks.md
(skip with --no-docs). Every process started here is killed (its whole process group) on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import importlib.metadata
import itertools
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
PRISM_DIR = ROOT / "bench" / ".prism"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = "@stoplight/prism-cli@^5"
DOCS = ROOT / "docs" / "benchmarks.md"

API_VERSION = "2024-08-13"
API_KEY = "cal_test_acme_admin_key"  # Bob Porter, admin of the Acme organization (fixtures)
GET_UID = "awSwmVI4wxFymMjsrh5AU3"  # fixture booking 2, upcoming
LIST_PATH = "/v2/bookings?attendeeEmail=peter%40initech.com&status=upcoming,past&sortStart=asc&take=10"
CREATE_EVENT_TYPE = 4001  # Nina's "Coffee chat", 30 minutes, no confirmation, outside Acme's list scope
CREATE_BASE = datetime(2040, 1, 2, tzinfo=UTC)  # creates take 30-minute slots from here on
CANCEL_TEMPLATE_EVENT_TYPE = 1001  # Alice's "Intro call": pre-loaded cancel targets copy its bookings
CANCEL_PREFIX = "bench"  # cancel target uids: bench + 17 digits = 22 characters, like Cal.com uids
SCALE_PREFIX = "scale"
ATTENDEE_POOL = 1000  # scale bookings are spread over this many attendee emails
MAX_CANCEL_TARGETS = 60_000
BENCH_HEADERS = {"cal-api-version": API_VERSION, "Authorization": f"Bearer {API_KEY}"}

# ----------------------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_call(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def json_call(port: int, method: str, path: str, document: Any = None, timeout: float = 30.0) -> Any:
    body = None if document is None else json.dumps(document).encode()
    headers = {**BENCH_HEADERS, **({"Content-Type": "application/json"} if body is not None else {})}
    status, data = http_call(port, method, path, body, headers, timeout)
    if status >= 300:
        raise RuntimeError(f"{method} {path} answered {status}: {data[:300]!r}")
    return json.loads(data)


def tree_pids(root: int) -> list[int]:
    """`root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def status_kib(pid: int, field_name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mib(pid: int) -> float:
    """Resident memory of the process tree under `pid` (VmRSS summed), MiB."""
    return sum(status_kib(p, "VmRSS") for p in tree_pids(pid)) / 1024


def command_output(argv: list[str], timeout: float = 20) -> str:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
        return (result.stdout or result.stderr).strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


# ----------------------------------------------------------------------------------------- servers


class Server:
    """A server process in its own process group; `stop()` kills the whole group."""

    def __init__(self, name: str, argv: list[str], cwd: Path, port: int, log_path: Path) -> None:
        self.name, self.argv, self.cwd, self.port, self.log_path = name, argv, cwd, port, log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.startup_s = float("nan")

    def start(self, timeout: float = 60.0) -> None:
        """Start it and wait for the first HTTP answer to GET one booking (any status counts)."""
        log(f"starting {self.name}: {' '.join(self.argv)}")
        with open(self.log_path, "wb") as out:
            started = time.perf_counter()
            self.proc = subprocess.Popen(
                self.argv,
                cwd=self.cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                http_call(self.port, "GET", f"/v2/bookings/{GET_UID}", headers=BENCH_HEADERS, timeout=2)
                self.startup_s = time.perf_counter() - started
                return
            except OSError:
                time.sleep(0.01)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def rss(self) -> float:
        return rss_mib(self.proc.pid) if self.proc and self.proc.poll() is None else float("nan")

    def peak_mib(self) -> float:
        if not self.proc or self.proc.poll() is not None:
            return float("nan")
        return sum(status_kib(p, "VmHWM") for p in tree_pids(self.proc.pid)) / 1024

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


def mock_server(port: int, tmp: Path) -> Server:
    argv = [
        sys.executable,
        "-m",
        "mock_server",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--seed",
        "1",
        "--log-level",
        "warning",
    ]
    return Server("mock", argv, ROOT, port, tmp / f"mock-{port}.log")


def prism_server(port: int, tmp: Path) -> Server:
    argv = [str(PRISM_BIN), "mock", str(SPEC), "-h", "127.0.0.1", "-p", str(port), "-v", "error"]
    return Server("prism", argv, PRISM_DIR, port, tmp / f"prism-{port}.log")


def ensure_prism() -> str:
    """Install Prism 5 into bench/.prism with npm if it is not there; its version."""
    if not PRISM_BIN.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not installed: cannot install Prism (use --no-prism to skip it)")
        PRISM_DIR.mkdir(parents=True, exist_ok=True)
        log(f"installing {PRISM_PACKAGE} into {PRISM_DIR.relative_to(ROOT)} (once)")
        subprocess.run(
            [npm, "install", "--prefix", str(PRISM_DIR), "--no-audit", "--no-fund", "--loglevel=error", PRISM_PACKAGE],
            check=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
        )
    manifest = PRISM_DIR / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    return str(json.loads(manifest.read_text()).get("version", "?"))


# ------------------------------------------------------------------------------------- scenarios


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
            start = CREATE_BASE + timedelta(minutes=30 * n)
            body = (
                f'{{"start":"{start:%Y-%m-%dT%H:%M:%SZ}","eventTypeId":{CREATE_EVENT_TYPE},'
                f'"attendee":{{"name":"Bench {n}","email":"bench{n}@example.com","timeZone":"UTC"}}}}'
            )
            return "POST", "/v2/bookings", body
        if self.kind == "cancel":
            return "POST", f"/v2/bookings/{cancel_uid(n)}/cancel", '{"cancellationReason":"bench"}'
        return self.method, self.path, self.body


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
        "local threads_total = %d" % threads,
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
            f'  local start = os.date("!%Y-%m-%dT%H:%M:%SZ", {base} + n * 1800)',
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


# -------------------------------------------------------------------------------- load generators


@dataclass
class Result:
    requests: int
    seconds: float
    non2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class Wrk:
    name = "wrk"

    def __init__(self, binary: str, tmp: Path) -> None:
        self.binary, self.tmp = binary, tmp
        first = command_output([binary, "--version"]).splitlines()[0] if binary else "?"
        self.version = first.split(" Copyright")[0].removeprefix("wrk ")

    def run(self, port: int, scenario: Scenario, duration: float, connections: int, threads: int) -> Result:
        script = self.tmp / f"{scenario.key}-{threads}.lua"
        script.write_text(lua_script(scenario, threads))
        argv = [
            self.binary,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ]
        out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, check=False)
        match = re.search(r"^BENCH_RESULT (.+)$", out.stdout, re.M)
        if not match:
            raise RuntimeError(f"wrk gave no result: {out.stdout[-1000:]} {out.stderr[-1000:]}")
        req, dur_us, status, connect, read, write, timeout, p50, p99, _ = (int(x) for x in match.group(1).split())
        return Result(req, dur_us / 1e6, status, connect + read + write + timeout, p50 / 1000, p99 / 1000)


class PythonLoad:
    """Fallback when wrk is absent: keep-alive HTTP/1.1 connections on asyncio, one request in flight each.
    It costs far more CPU per request than wrk, which shares the machine with the servers."""

    version = f"asyncio, Python {platform.python_version()}"

    def __init__(self, reason: str) -> None:
        self.name = f"python-asyncio ({reason})"

    def run(self, port: int, scenario: Scenario, duration: float, connections: int, threads: int) -> Result:
        return asyncio.run(asyncio.wait_for(self._run(port, scenario, duration, connections), duration + 60))

    async def _run(self, port: int, scenario: Scenario, duration: float, connections: int) -> Result:
        counter = itertools.count(1)
        latencies: list[float] = []
        counts = {"non2xx": 0, "errors": 0}
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = started + duration

        async def worker() -> None:
            reader = writer = None
            while loop.time() < deadline:
                try:
                    if writer is None:
                        reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    method, path, body = scenario.request(next(counter))
                    raw = body.encode()
                    head = [
                        f"{method} {path} HTTP/1.1",
                        f"Host: 127.0.0.1:{port}",
                        *(f"{k}: {v}" for k, v in BENCH_HEADERS.items()),
                    ]
                    if raw:
                        head += ["Content-Type: application/json", f"Content-Length: {len(raw)}"]
                    t0 = time.perf_counter()
                    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + raw)
                    await writer.drain()
                    status, keep = await asyncio.wait_for(_read_response(reader), 10)
                    latencies.append(time.perf_counter() - t0)
                    counts["non2xx"] += not 200 <= status < 300
                    if not keep:
                        writer.close()
                        writer = None
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                    counts["errors"] += 1
                    if writer is not None:
                        writer.close()
                    writer = None
            if writer is not None:
                writer.close()

        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = loop.time() - started
        ordered = sorted(latencies) or [0.0]
        pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
        return Result(len(latencies), elapsed, counts["non2xx"], counts["errors"], pick(0.50), pick(0.99))


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    status = int((await reader.readline()).split()[1])
    length, chunked, keep = 0, False, True
    while True:
        line = (await reader.readline()).strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value:
            chunked = True
        elif name == b"connection" and value == b"close":
            keep = False
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return status, keep


def choose_load(requested: str, tmp: Path) -> Wrk | PythonLoad:
    if requested == "python":
        return PythonLoad("asked for with --loadgen python")
    binary = shutil.which("wrk")
    if binary is None and os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is absent: apt-get install -y wrk")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for argv in (
            ["apt-get", "install", "-y", "-qq", "wrk"],
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "wrk"],
        ):
            try:
                subprocess.run(
                    argv, env=env, timeout=300, check=False, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL
                )
            except subprocess.TimeoutExpired:
                break
            binary = shutil.which("wrk")
            if binary:
                break
    if binary is None:
        if requested == "wrk":
            raise RuntimeError("wrk is not installed and could not be installed")
        log("wrk is not available: using the Python load generator (much weaker)")
        return PythonLoad("wrk absent")
    return Wrk(binary, tmp)


# ------------------------------------------------------------------------------ state documents


def clone_bookings(
    base: dict[str, Any],
    count: int,
    *,
    templates: list[dict[str, Any]],
    uid: Callable[[int], str],
    start_of: Callable[[int], datetime],
    status_of: Callable[[int], str],
    email_of: Callable[[int], str],
) -> Iterator[dict[str, Any]]:
    """`count` copies of `templates` (round robin) with new ids, uids, times, attendees and statuses."""
    next_id = max(b["id"] for b in base["bookings"]) + 1
    next_attendee = max(a["id"] for b in base["bookings"] for a in b["attendees"]) + 1
    for i in range(1, count + 1):
        template = templates[i % len(templates)]
        length = datetime.fromisoformat(template["end"]) - datetime.fromisoformat(template["start"])
        start = start_of(i)
        email = email_of(i)
        name = email.split("@")[0].replace(".", " ").title()
        status = status_of(i)
        stamp = _iso(start - timedelta(days=14))
        attendee = {
            **template["attendees"][0],
            "id": next_attendee,
            "name": name,
            "email": email,
            "time_zone": "UTC",
            "phone_number": None,
            "absent": False,
        }
        next_attendee += 1
        booking_uid = uid(i)
        yield {
            **template,
            "id": next_id + i - 1,
            "uid": booking_uid,
            "status": status,
            "start": _iso(start),
            "end": _iso(start + length),
            "attendees": [attendee],
            "guests": [],
            "created_at": stamp,
            "updated_at": stamp,
            "booking_fields_responses": {"name": name, "email": email},
            "cancellation_reason": "Bench cancellation" if status == "CANCELLED" else None,
            "cancelled_by_email": email if status == "CANCELLED" else None,
            "rejection_reason": "Bench rejection" if status == "REJECTED" else None,
            "ics_uid": f"{booking_uid}@Cal.com",
            "ical_sequence": 0,
        }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def plain_templates(base: dict[str, Any], event_type_ids: set[int]) -> list[dict[str, Any]]:
    """Fixture bookings fit for copying: one attendee, no seat, not in a series, not rescheduled."""
    found = [
        b
        for b in base["bookings"]
        if b["event_type_id"] in event_type_ids
        and len(b["attendees"]) == 1
        and not b["attendees"][0]["seat_uid"]
        and b["recurring_booking_uid"] is None
        and b["rescheduled_from_uid"] is None
        and b["rescheduled_to_uid"] is None
    ]
    if not found:
        raise RuntimeError(f"no fixture booking of event types {sorted(event_type_ids)} to copy")
    return found


def cancel_targets_document(base: dict[str, Any], count: int) -> bytes:
    """The fixtures plus `count` accepted bookings of Alice's intro call, uids bench000..., far ahead."""
    templates = plain_templates(base, {CANCEL_TEMPLATE_EVENT_TYPE})
    first = datetime(2050, 1, 3, 9, tzinfo=UTC)
    extra = clone_bookings(
        base,
        count,
        templates=templates,
        uid=cancel_uid,
        start_of=lambda i: first + timedelta(minutes=30 * i),
        status_of=lambda i: "ACCEPTED",
        email_of=lambda i: f"cancel{i}@example.com",
    )
    return json.dumps({**base, "bookings": [*base["bookings"], *extra]}).encode()


def org_event_types(base: dict[str, Any], org_id: int) -> set[int]:
    users = {u["id"] for u in base["users"] if u["org_id"] == org_id}
    teams = {t["id"] for t in base["teams"] if t["parent_org_id"] == org_id}
    return {
        e["id"]
        for e in base["eventTypes"]
        if (e["owner_id"] in users or e["team_id"] in teams) and not e["seats_per_time_slot"] and not e["recurrence"]
    }


SCALE_STATUSES = ["ACCEPTED"] * 6 + ["PENDING"] * 2 + ["CANCELLED", "REJECTED"]


def scale_document(base: dict[str, Any], count: int, now: datetime) -> bytes:
    """The fixtures plus `count` Acme bookings (in the org admin's list scope), starts spread over two
    years around now, attendees from a pool of ATTENDEE_POOL emails, mixed statuses."""
    templates = plain_templates(base, org_event_types(base, 1))
    rng = random.Random(count)
    anchor = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=365)
    quarter_hours = 2 * 365 * 24 * 4
    extra = clone_bookings(
        base,
        count,
        templates=templates,
        uid=lambda i: f"{SCALE_PREFIX}{i:017d}",
        start_of=lambda i: anchor + timedelta(minutes=15 * rng.randrange(quarter_hours)),
        status_of=lambda i: SCALE_STATUSES[rng.randrange(len(SCALE_STATUSES))],
        email_of=lambda i: f"attendee{i % ATTENDEE_POOL}@example.com",
    )
    return json.dumps({**base, "bookings": [*base["bookings"], *extra]}).encode()


def import_state(port: int, document: bytes) -> float:
    """PUT /_mock/state; seconds it took."""
    started = time.perf_counter()
    status, data = http_call(port, "PUT", "/_mock/state", document, {"Content-Type": "application/json"}, timeout=600)
    if status != 200:
        raise RuntimeError(f"PUT /_mock/state answered {status}: {data[:300]!r}")
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------- runs


@dataclass
class Runs:
    results: dict[tuple[str, str], list[Result]] = field(default_factory=dict)

    def add(self, server: str, scenario: str, result: Result) -> None:
        self.results.setdefault((server, scenario), []).append(result)

    def median(self, server: str, scenario: str, attribute: str) -> float:
        values = [getattr(r, attribute) for r in self.results.get((server, scenario), [])]
        return statistics.median(values) if values else float("nan")

    def totals(self, server: str, scenario: str) -> tuple[int, int, int]:
        found = self.results.get((server, scenario), [])
        return sum(r.non2xx for r in found), sum(r.socket_errors for r in found), sum(r.requests for r in found)


def head_to_head(
    args: argparse.Namespace, load: Wrk | PythonLoad, tmp: Path, with_prism: bool
) -> tuple[Runs, dict[str, dict[str, float]], dict[str, Any]]:
    ours = mock_server(free_port(), tmp)
    prism = prism_server(free_port(), tmp) if with_prism else None
    servers = [s for s in (ours, prism) if s is not None]
    runs = Runs()
    facts: dict[str, dict[str, float]] = {}
    notes: dict[str, Any] = {"cancel_targets": []}
    try:
        for server in servers:  # one after the other, so start-ups do not compete for the cores
            server.start()
            time.sleep(1.0)
            facts[server.name] = {"startup_s": server.startup_s, "rss_idle": server.rss()}
            log(f"{server.name} answered after {server.startup_s:.2f} s, RSS {facts[server.name]['rss_idle']:.1f} MiB")
        base = json_call(ours.port, "GET", "/_mock/state")
        reset_doc = json.dumps(base).encode()
        if args.warmup > 0:
            log(f"warm-up: {args.warmup:g} s of GET, list and create on each server")
            for server in servers:
                for scenario in SCENARIOS[:3]:
                    load.run(server.port, scenario, args.warmup, args.connections, args.threads)
        for round_no in range(1, args.rounds + 1):
            order = servers if round_no % 2 else servers[::-1]
            import_state(ours.port, reset_doc)
            for scenario in SCENARIOS:
                if scenario.kind == "cancel":
                    get_rps = runs.results[("mock", "get")][-1].rps
                    count = min(MAX_CANCEL_TARGETS, max(2000, int(get_rps * args.duration * 1.5)))
                    seconds = import_state(ours.port, cancel_targets_document(base, count))
                    notes["cancel_targets"].append((count, seconds))
                for server in order:
                    if not server.alive():
                        raise RuntimeError(f"{server.name} died:\n{server.log_tail()}")
                    result = load.run(server.port, scenario, args.duration, args.connections, args.threads)
                    runs.add(server.name, scenario.key, result)
                    log(
                        f"round {round_no} {scenario.key:<6} {server.name:<5} {result.rps:8.0f} req/s  "
                        f"p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  non-2xx {result.non2xx}/{result.requests}"
                    )
        for server in servers:
            facts[server.name]["rss_loaded"] = server.rss()
            facts[server.name]["rss_peak"] = server.peak_mib()
    finally:
        for server in servers:
            server.stop()
    return runs, facts, notes


@dataclass
class ScaleRow:
    size: int
    total: int
    doc_mb: float
    build_s: float
    import_s: float
    matches: int
    list_result: Result
    get_result: Result
    rss_before: float
    rss_after: float
    rss_peak: float
    startup_s: float


def scale(args: argparse.Namespace, load: Wrk | PythonLoad, tmp: Path) -> list[ScaleRow]:
    rows = []
    base: dict[str, Any] | None = None
    for size in args.sizes:
        server = mock_server(free_port(), tmp)
        try:
            server.start()
            if base is None:
                base = json_call(server.port, "GET", "/_mock/state")
            now = datetime.fromisoformat(json_call(server.port, "GET", "/_mock/clock")["now"].replace("Z", "+00:00"))
            email = f"attendee{7 % ATTENDEE_POOL}@example.com"
            list_path = (
                f"/v2/bookings?attendeeEmail={email.replace('@', '%40')}&status=upcoming,past&sortStart=asc&take=10"
            )
            list_scenario = Scenario("scale-list", "list", "static", "GET", list_path)
            get_scenario = Scenario("scale-get", "get", "static", "GET", f"/v2/bookings/{SCALE_PREFIX}{size // 2:017d}")
            for scenario in (list_scenario, get_scenario):  # warm the code paths before measuring memory
                http_call(server.port, "GET", scenario.path, headers=BENCH_HEADERS)
            rss_before = server.rss()
            started = time.perf_counter()
            document = scale_document(base, size, now)
            build_s = time.perf_counter() - started
            doc_mb = len(document) / 1e6
            log(f"scale {size:,}: importing {doc_mb:.1f} MB")
            import_s = import_state(server.port, document)
            del document
            page = json_call(server.port, "GET", list_path)
            matches = int(page["pagination"]["totalItems"])
            status, _ = http_call(server.port, "GET", get_scenario.path, headers=BENCH_HEADERS)
            if status != 200:
                raise RuntimeError(f"GET {get_scenario.path} answered {status} after the import")
            rss_after = server.rss()
            list_result = load.run(server.port, list_scenario, args.scale_duration, 1, 1)
            get_result = load.run(server.port, get_scenario, args.scale_duration, 1, 1)
            total = len(base["bookings"]) + size
            rows.append(
                ScaleRow(
                    size,
                    total,
                    doc_mb,
                    build_s,
                    import_s,
                    matches,
                    list_result,
                    get_result,
                    rss_before,
                    rss_after,
                    server.peak_mib(),
                    server.startup_s,
                )
            )
            log(
                f"scale {size:,}: import {import_s:.2f} s, list p50 {list_result.p50_ms:.2f} ms, "
                f"get p50 {get_result.p50_ms:.2f} ms, RSS {rss_before:.0f} -> {rss_after:.0f} MiB"
            )
        finally:
            server.stop()
    return rows


# ------------------------------------------------------------------------------------- reporting


def machine_info(load: Wrk | PythonLoad, prism_version: str | None) -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kib = 0
    try:
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    node = command_output(["node", "--version"]) if shutil.which("node") else "absent"
    return {
        "cpu": f"{os.cpu_count()} cores, {model}",
        "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "connexion": _version("connexion"),
        "uvicorn": _version("uvicorn"),
        "node": node,
        "prism": prism_version or "not run",
        "load generator": f"{load.name} ({load.version})",
        "load average before": _loadavg(),
    }


def _loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def fmt(value: float, digits: int = 1) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value:,.{digits}f}"


def ratio(ours: float, theirs: float) -> str:
    if ours != ours or theirs != theirs or theirs == 0:
        return "-"
    return f"{ours / theirs:.2f}x"


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
        out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(out)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    line = lambda row: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))  # noqa: E731
    return "\n".join([line(rows[0]), "  ".join("-" * w for w in widths), *(line(r) for r in rows[1:])])


def head_to_head_rows(runs: Runs) -> list[list[str]]:
    rows = [
        [
            "operation",
            "ours req/s",
            "Prism req/s",
            "ratio",
            "ours p50 ms",
            "Prism p50 ms",
            "ratio",
            "ours p99 ms",
            "Prism p99 ms",
            "ratio",
            "ours non-2xx",
            "Prism non-2xx",
        ]
    ]
    for scenario in SCENARIOS:
        cells = [scenario.label]
        for attribute in ("rps", "p50_ms", "p99_ms"):
            ours, theirs = runs.median("mock", scenario.key, attribute), runs.median("prism", scenario.key, attribute)
            cells += [
                fmt(ours, 0 if attribute == "rps" else 2),
                fmt(theirs, 0 if attribute == "rps" else 2),
                ratio(ours, theirs),
            ]
        for server in ("mock", "prism"):
            non2xx, errors, total = runs.totals(server, scenario.key)
            cells.append(f"{non2xx:,}/{total:,}" + (f" +{errors} socket errors" if errors else "") if total else "-")
        rows.append(cells)
    return rows


def process_rows(facts: dict[str, dict[str, float]], extra_startups: list[float]) -> list[list[str]]:
    rows = [["server", "start-up to first answer s", "RSS idle MiB", "RSS after load MiB", "peak RSS MiB"]]
    for name, label in (("mock", "ours (mock_server CLI)"), ("prism", "Prism 5 (prism mock -v error)")):
        if name in facts:
            f = facts[name]
            startup = fmt(f["startup_s"], 2)
            if name == "mock" and extra_startups:
                every = [f["startup_s"], *extra_startups]
                startup = (
                    f"{statistics.median(every):.2f} (median of {len(every)}: "
                    + " ".join(f"{s:.2f}" for s in every)
                    + ")"
                )
            rows.append(
                [
                    label,
                    startup,
                    fmt(f["rss_idle"]),
                    fmt(f.get("rss_loaded", float("nan"))),
                    fmt(f.get("rss_peak", float("nan"))),
                ]
            )
    return rows


def scale_rows(rows: list[ScaleRow]) -> list[list[str]]:
    out = [
        [
            "extra bookings",
            "JSON MB",
            "import s",
            "list matches",
            "list p50 ms",
            "list p99 ms",
            "list req/s",
            "get p50 ms",
            "get p99 ms",
            "get req/s",
            "RSS before MiB",
            "RSS after MiB",
            "RSS/booking bytes",
            "peak RSS MiB",
        ]
    ]
    for r in rows:
        per_booking = (r.rss_after - r.rss_before) * 1024 * 1024 / r.size if r.size else float("nan")
        out.append(
            [
                f"{r.size:,}",
                fmt(r.doc_mb),
                fmt(r.import_s, 2),
                f"{r.matches:,}",
                fmt(r.list_result.p50_ms, 2),
                fmt(r.list_result.p99_ms, 2),
                fmt(r.list_result.rps, 0),
                fmt(r.get_result.p50_ms, 2),
                fmt(r.get_result.p99_ms, 2),
                fmt(r.get_result.rps, 0),
                fmt(r.rss_before),
                fmt(r.rss_after),
                fmt(per_booking, 0),
                fmt(r.rss_peak),
            ]
        )
    return out


def target_lines(runs: Runs | None, facts: dict[str, dict[str, float]], scale_result: list[ScaleRow]) -> list[str]:
    lines = []
    if runs is not None and "prism" in facts:
        for key in ("get", "list", "create", "cancel"):
            rps_ratio = runs.median("mock", key, "rps") / runs.median("prism", key, "rps")
            p99_ratio = runs.median("mock", key, "p99_ms") / runs.median("prism", key, "p99_ms")
            lines.append(
                f"{key:<6}: req/s {rps_ratio:.2f}x Prism (target >= 2x: {'met' if rps_ratio >= 2 else 'NOT met'}); "
                f"p99 {p99_ratio:.2f}x Prism's (target <= 1x: {'met' if p99_ratio <= 1 else 'NOT met'})"
            )
    startups = ([facts["mock"]["startup_s"]] if "mock" in facts else []) + [r.startup_s for r in scale_result]
    if startups:
        startup = statistics.median(startups)
        lines.append(
            f"start-up: {startup:.2f} s, median of {len(startups)} (target < 1.5 s: "
            f"{'met' if startup < 1.5 else 'NOT met'})"
        )
    biggest = max(scale_result, key=lambda r: r.size, default=None)
    if biggest is not None:
        p50 = biggest.list_result.p50_ms
        lines.append(
            f"list p50 at {biggest.size:,} bookings: {p50:.2f} ms "
            f"(target < 20 ms at 100,000: {'met' if p50 < 20 else 'NOT met'}"
            f"{'' if biggest.size >= 100_000 else ', measured at a smaller size'})"
        )
    return lines


def write_docs(markdown: str) -> None:
    if not DOCS.exists():
        DOCS.write_text(
            "# Benchmarks\n\nRun `make bench` (see bench/run.py); every run appends its results below.\n\n## Results\n"
        )
    with DOCS.open("a") as out:
        out.write("\n" + markdown.rstrip() + "\n")


# ------------------------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the head-to-head (default: %(default)s)")
    parser.add_argument("--duration", type=float, default=5, help="seconds per load run (default: %(default)s)")
    parser.add_argument(
        "--warmup", type=float, default=1, help="seconds of warm-up per scenario (default: %(default)s)"
    )
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default: %(default)s)")
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="scale sizes, comma-separated (default: %(default)s)"
    )
    parser.add_argument(
        "--scale-duration", type=float, default=3, help="seconds per scale load run (default: %(default)s)"
    )
    parser.add_argument("--quick", action="store_true", help="1 round of 2 s, scale up to 10,000: about a minute")
    parser.add_argument("--no-prism", action="store_true", help="do not install or run Prism")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale part")
    parser.add_argument("--no-head-to-head", action="store_true", help="skip the ours-vs-Prism part")
    parser.add_argument("--no-docs", action="store_true", help="do not append the results to docs/benchmarks.md")
    parser.add_argument(
        "--loadgen",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator (default: wrk if present or installable, else Python)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.duration, args.warmup, args.scale_duration = 1, 2, 0.5, 2
        if args.sizes == parser.get_default("sizes"):
            args.sizes = "1000,10000"
    args.sizes = [int(s.replace("_", "")) for s in str(args.sizes).split(",") if s.strip()]
    if args.rounds < 1 or args.duration <= 0 or args.connections < 1 or args.threads < 1:
        parser.error("rounds, duration, connections and threads must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    os.chdir(ROOT)

    def terminate(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    with tempfile.TemporaryDirectory(prefix="calcom-bench-") as tmp_name:
        tmp = Path(tmp_name)
        load = choose_load(args.loadgen, tmp)
        with_prism = not args.no_prism and not args.no_head_to_head
        prism_version = ensure_prism() if with_prism else None
        info = machine_info(load, prism_version)
        runs, facts, notes = None, {}, {}
        if not args.no_head_to_head:
            runs, facts, notes = head_to_head(args, load, tmp, with_prism)
        scale_result: list[ScaleRow] = []
        if not args.no_scale and args.sizes:
            scale_result = scale(args, load, tmp)
    elapsed = time.perf_counter() - started
    info["load average after"] = _loadavg()

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    settings = (
        f"{args.rounds} round(s) of {args.duration:g} s per operation and server, "
        f"{args.connections} connections, {args.threads} thread(s), {args.warmup:g} s warm-up; medians"
    )
    blocks: list[tuple[str, list[list[str]] | list[str]]] = []
    if runs is not None:
        blocks.append((f"Ours vs Prism ({settings})", head_to_head_rows(runs)))
        blocks.append(("Start-up and memory", process_rows(facts, [r.startup_s for r in scale_result])))
    if scale_result:
        blocks.append(
            (
                f"Scale, our mock (one connection, {args.scale_duration:g} s per run; list = attendeeEmail + "
                "status=upcoming,past + sortStart, take=10, org admin key)",
                scale_rows(scale_result),
            )
        )
    targets = target_lines(runs, facts, scale_result)
    cancel_note = ", ".join(f"{n:,} in {s:.2f} s" for n, s in notes.get("cancel_targets", []))

    text = [f"Benchmark {when}, run time {elapsed:.0f} s"]
    text += [f"  {k}: {v}" for k, v in info.items()]
    for title, rows in blocks:
        text += ["", title, render(rows, markdown=False)]  # type: ignore[arg-type]
    if cancel_note:
        text += ["", f"Cancel targets pre-loaded per round through PUT /_mock/state: {cancel_note}"]
    if targets:
        text += ["", "Targets:", *(f"  {line}" for line in targets)]
    print("\n".join(text), flush=True)

    if not args.no_docs:
        md = [
            f"### Run of {when}",
            "",
            "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
            "",
            f"`make bench` run time: {elapsed:.0f} s"
            + (f"; arguments: `{' '.join(sys.argv[1:])}`" if sys.argv[1:] else "")
            + ".",
        ]
        for title, rows in blocks:
            md += ["", f"**{title}**", "", render(rows, markdown=True)]  # type: ignore[arg-type]
        if cancel_note:
            md += ["", f"Cancel targets pre-loaded per round: {cancel_note}."]
        if targets:
            md += ["", "Targets:", "", *(f"- {line}" for line in targets)]
        write_docs("\n".join(md))
        log(f"results appended to {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("bench: interrupted, servers stopped", file=sys.stderr)
        sys.exit(130)
