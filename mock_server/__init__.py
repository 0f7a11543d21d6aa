"""A stateful mock server for the Cal.com bookings API (v2, plus v1), driven by one OpenAPI document.

app = create_app(seed=7)                 # a Connexion ASGI app over fresh fixture data
with serve_in_background(app) as url:    # uvicorn in a thread, on a free port
    ...
"""

import warnings

# Connexion imports starlette.testclient at import time, which warns about httpx; the mock never uses it.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from mock_server.domain.clock import Clock  # noqa: E402
from mock_server.web.app import create_app  # noqa: E402
from mock_server.web.serve import serve_in_background  # noqa: E402

__all__ = ["Clock", "create_app", "serve_in_background"]
