"""The servers under test (our mock, Prism 5) as process groups, and their resident memory from /proc."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.config import BENCH_HEADERS, GET_UID, PRISM_BIN, PRISM_DIR, PRISM_PACKAGE, ROOT, SPEC
from bench.net import http_call, log


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
