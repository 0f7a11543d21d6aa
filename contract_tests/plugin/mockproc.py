"""The embedded mock: `python -m mock_server` in a subprocess on a free port, for the default run."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import requests

__all__ = ["EmbeddedMock", "free_port"]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class EmbeddedMock:
    """Start with `start()`, stop with `stop()`; the banner and logs go to a temporary file (the
    banner lists the fixtures' API keys, which must not reach the test output)."""

    def __init__(
        self,
        port: int,
        *,
        seed: int = 7,
        host: str = "127.0.0.1",
        fixtures: Path | None = None,
        options: Sequence[str] = (),
    ) -> None:
        """`options` are more `calcom-mock` options, e.g. `("--state-file", path)`."""
        self.host, self.port, self.seed, self.fixtures = host, port, seed, fixtures
        self.options = tuple(options)
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="calcom-mock-", suffix=".log", delete=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> str:
        command = [
            sys.executable,
            "-m",
            "mock_server",
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--seed",
            str(self.seed),
            "--log-level",
            "warning",
        ]
        if self.fixtures is not None:
            command += ["--fixtures", str(self.fixtures)]
        command += self.options
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            returncode = self.process.poll()
            if returncode is not None:
                self.stop(keep_log=True)
                raise RuntimeError(f"the embedded mock exited with {returncode}; log: {self.log.name}")
            try:
                if requests.get(f"{self.base_url}/_mock/health", timeout=1).status_code == 200:
                    return self.base_url
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop(keep_log=True)
        raise RuntimeError(f"the embedded mock did not answer /_mock/health within {timeout}s; log: {self.log.name}")

    def stop(self, *, keep_log: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        self.log.close()
        if not keep_log:
            Path(self.log.name).unlink(missing_ok=True)
