"""The package's public surface, the console command and the background server."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

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


def test_command_starts_quickly_prints_the_banner_and_its_curl_works(tmp_path) -> None:  # type: ignore[no-untyped-def]
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
            assert time.monotonic() - started < 10, "the mock did not start"
            time.sleep(0.05)
        startup = time.monotonic() - started
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
    assert startup < 5, f"start-up took {startup:.2f}s"
    assert f"listening on http://127.0.0.1:{port}" in banner[0]
    assert ran.stdout == "200", ran


def test_bad_fixtures_file_is_a_clear_error_not_a_traceback(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yaml"
    broken.write_text("organizations: [{id: nope}]\n")
    assert main(["--fixtures", str(broken)]) == 2
    assert "cannot load fixtures" in capsys.readouterr().err
