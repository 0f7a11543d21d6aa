"""Load generators: wrk (preferred) and an asyncio fallback; both return a `Result`."""

from __future__ import annotations

import asyncio
import itertools
import os
import platform
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.config import BENCH_HEADERS
from bench.net import command_output, log
from bench.scenarios import Scenario, lua_script


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
            reader: asyncio.StreamReader | None = None
            writer: asyncio.StreamWriter | None = None
            while loop.time() < deadline:
                try:
                    if reader is None or writer is None:
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
                        reader = writer = None
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                    counts["errors"] += 1
                    if writer is not None:
                        writer.close()
                    reader = writer = None
            if writer is not None:
                writer.close()

        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = loop.time() - started
        ordered = sorted(latencies) or [0.0]

        def pick(q: float) -> float:
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

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
