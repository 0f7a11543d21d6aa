"""Serving an app with uvicorn: in the foreground (the CLI) or in a background thread (tests).

Both use `uvicorn_config`, whose HTTP protocol answers the requests uvicorn refuses before any app
sees them (bytes over 0x7F in the URL, URLs of 64 KiB or more, a malformed request line or header) in
the API's error envelope instead of uvicorn's plain text.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from mock_server.domain.clock import Clock
from mock_server.web.errors import error_body
from mock_server.web.redaction import redacted_target

__all__ = ["serve_in_background", "uvicorn_config"]

# httptools keeps URL offsets in 16 bits: it refuses a URL of this many bytes or more.
MAX_URL_BYTES = 65_536


class EnvelopeHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, answering the requests it refuses in the API's error envelope.

    Neither of uvicorn's parsers can hand such a request to the app: httptools (llhttp in strict mode)
    and h11 both refuse bytes over 0x7F in the request target, as RFC 9112 allows, and httptools
    cannot parse a URL of 64 KiB or more. So the refusal stays uvicorn's (status and closed
    connection); only its body changes."""

    clock: Clock = Clock()

    def send_400_response(self, msg: str) -> None:
        url = bytes(self.url)
        if len(url) >= MAX_URL_BYTES:
            status, message = 414, f"The URL is {len(url)} bytes long; at most {MAX_URL_BYTES - 1} are accepted"
        else:
            status = 400
            message = (
                "Invalid HTTP request: the request line or a header could not be parsed "
                "(a URL must be ASCII, with other bytes percent-encoded)"
            )
        text = url.decode("ascii", "backslashreplace")
        path, _, query = text.partition("?")
        target = redacted_target(path, parse_qsl(query, keep_blank_values=True))
        method = self.scope.get("method") or _method(self)
        body = json.dumps(error_body(path, target, method, status, message, now=self.clock.now())).encode()
        head = [STATUS_LINE[status]]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


def _method(protocol: HttpToolsProtocol) -> str:
    try:
        return bytes(protocol.parser.get_method()).decode("ascii")
    except Exception:  # the parser failed before the method was read
        return "GET"


def uvicorn_config(app: ASGIApp, *, clock: Clock | None = None, **options: Any) -> uvicorn.Config:
    """A uvicorn configuration for `app` whose refusals are in the envelope, stamped by `clock`."""
    protocol = type("EnvelopeHttpToolsProtocol", (EnvelopeHttpToolsProtocol,), {"clock": clock or Clock()})
    return uvicorn.Config(app, http=protocol, access_log=False, **options)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (port 0 picks a free one), or OSError (e.g. the port is in use)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


@contextmanager
def serve_in_background(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0, *, clock: Clock | None = None
) -> Iterator[str]:
    """Run `app` in a thread until the block ends; yields its base URL (port 0 picks a free one)."""
    server = uvicorn.Server(uvicorn_config(app, clock=clock, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="mock-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the mock server did not start on {host}:{port}")
        time.sleep(0.01)
    bound_port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
