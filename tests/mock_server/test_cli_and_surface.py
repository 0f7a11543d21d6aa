"""The package's public surface, the console command and the background server."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

import mock_server
from mock_server import create_app, serve_in_background
from mock_server.cli import main


def test_public_surface_is_exactly_the_documented_names() -> None:
    assert sorted(mock_server.__all__) == ["Clock", "create_app", "serve_in_background"]


def test_serve_in_background_answers_on_a_free_port_and_stops() -> None:
    with serve_in_background(create_app(seed=1)) as url:
        assert httpx.get(f"{url}/_mock/health").json()["status"] == "ok"
    try:
        httpx.get(f"{url}/_mock/health", timeout=0.5)
    except httpx.TransportError:
        return
    raise AssertionError("the server still answers after the block ended")


def test_command_starts_prints_the_banner_and_its_curl_works(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # How fast it starts is measured by `make bench` (start-up CPU), never timed here: a loaded CI machine
    # would fail a timed test for nothing.
    port = 5000 + (time.time_ns() // 1000) % 2000
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_server", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/_mock/health", timeout=0.2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() - started < 60, "the mock did not start within a minute"
            time.sleep(0.05)
        assert process.stdout is not None
        banner = [process.stdout.readline()]
        while not banner[-1].strip().startswith("curl "):  # the banner ends with its example
            banner.append(process.stdout.readline())
        curl = banner[-1].strip()
        ran = subprocess.run(
            curl.replace("curl -s", "curl -s -o /dev/null -w %{http_code}"),
            shell=True,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        process.kill()
        process.communicate(timeout=10)
    assert f"listening on http://127.0.0.1:{port}" in banner[0]
    assert ran.stdout == "200", ran


def test_bad_fixtures_file_is_a_clear_error_not_a_traceback(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yaml"
    broken.write_text("organizations: [{id: nope}]\n")
    assert main(["--fixtures", str(broken)]) == 2
    assert "cannot load fixtures" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(*args: str) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_server", "--port", str(port), "--log-level", "warning", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{url}/_mock/health", timeout=0.5).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"the mock did not start: {process.communicate()[0]}")
        time.sleep(0.05)


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=20)


def test_state_file_keeps_the_bookings_across_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    process, url = _start("--state-file", str(state), "--seed", "4")
    try:
        created = httpx.post(
            f"{url}/v2/bookings",
            json={
                "start": "2031-01-06T09:00:00Z",
                "eventTypeId": 1001,
                "attendee": {"name": "A", "email": "a@b.co", "timeZone": "UTC"},
            },
            headers={"cal-api-version": "2024-08-13"},
        )
        assert created.status_code == 201, created.text
        uid = created.json()["data"]["uid"]
    finally:
        _stop(process)
    assert uid in state.read_text()
    assert not [p for p in tmp_path.iterdir() if p != state], "a temporary file was left behind"
    process, url = _start("--state-file", str(state), "--seed", "4")
    try:
        found = httpx.get(f"{url}/v2/bookings/{uid}", headers={"cal-api-version": "2024-08-13"})
        assert found.status_code == 200 and found.json()["data"]["uid"] == uid
        again = httpx.post(
            f"{url}/v2/bookings",
            json={
                "start": "2031-01-06T10:00:00Z",
                "eventTypeId": 1001,
                "attendee": {"name": "B", "email": "b@b.co", "timeZone": "UTC"},
            },
            headers={"cal-api-version": "2024-08-13"},
        )
        assert again.status_code == 201 and again.json()["data"]["uid"] != uid  # the same seed, a new uid
    finally:
        _stop(process)


def _fails_to_start(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "", "the banner was printed before the failure"
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("calcom-mock: ") and "Traceback" not in captured.err, captured.err
    return lines[0]


def test_a_torn_state_file_is_refused_and_left_as_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    torn = tmp_path / "state.json"
    torn.write_text('{"version": 1, "bookings": [{"uid": "ab')
    line = _fails_to_start(["--state-file", str(torn)], capsys)
    assert "is not valid JSON, perhaps cut short" in line and "move it away" in line
    assert torn.read_text() == '{"version": 1, "bookings": [{"uid": "ab'


def test_a_state_file_that_is_not_a_state_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = tmp_path / "state.json"
    wrong.write_text('{"version": 1, "bookings": [1]}')
    assert "is not a state export: Invalid state at $.bookings[0]" in _fails_to_start(
        ["--state-file", str(wrong)], capsys
    )


def test_a_port_in_use_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _fails_to_start(["--port", str(port)], capsys)
    assert f"cannot listen on 127.0.0.1:{port}" in line and "--port" in line


def test_a_bad_freeze_at_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    line = _fails_to_start(["--freeze-at", "next tuesday"], capsys)
    assert "--freeze-at 'next tuesday' is not an ISO 8601 instant" in line and "2030-01-07T09:00:00Z" in line


def test_malformed_fixtures_yaml_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("organizations: [\n  {id: 1\n")
    assert f"cannot load fixtures {broken}" in _fails_to_start(["--fixtures", str(broken)], capsys)
