"""Swagger UI ready to try: `/` leads to it, the document it reads names this server first, and it
arrives authorized with a seeded API key, so "Try it out" works on the spec's examples at once.

Connexion serves the static files of Swagger UI under `/ui/`; this middleware answers, before it,
the three pages that must know about this server: `/`, `/ui/` (the page) and `/openapi.json`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import Scope

from mock_server.domain.model import ApiKey
from mock_server.state.store import BookingStore

__all__ = ["DocsPages", "docs_key"]

UI_PATH = "/ui/"
SPEC_PATH = "/openapi.json"

_PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Cal.com bookings mock - Swagger UI</title>
    <link rel="stylesheet" type="text/css" href="./swagger-ui.css" />
    <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32" />
    <style>body { margin: 0; background: #fafafa; }</style>
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="./swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script>
      window.onload = function () {
        const apiKey = __API_KEY__;
        const ui = SwaggerUIBundle({
          url: __SPEC_URL__,
          dom_id: "#swagger-ui",
          deepLinking: true,
          validatorUrl: null,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          plugins: [SwaggerUIBundle.plugins.DownloadUrl],
          layout: "StandaloneLayout",
          onComplete: function () {
            if (apiKey) {
              ui.preauthorizeApiKey("ApiKeyAuth", apiKey);
              ui.preauthorizeApiKey("V1ApiKey", apiKey);
            }
          },
        });
        window.ui = ui;
      };
    </script>
  </body>
</html>
"""


def docs_key(store: BookingStore) -> tuple[ApiKey, str] | None:
    """The key Swagger UI is authorized with, and a description of its user: the first valid key of
    the seeded user with the lowest id (in the default fixtures, Acme's owner, whom the spec's
    examples are written for)."""
    users = {user.id: user for user in store.users()}
    keys = sorted(
        (key for key in store.api_keys() if key.expires_at is None and key.user_id in users),
        key=lambda key: (key.user_id, key.key),
    )
    if not keys:
        return None
    user = users[keys[0].user_id]
    return keys[0], f"{user.name} <{user.email}>"


def _js(value: object) -> str:
    """A JSON literal that is safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c")


class DocsPages:
    """The pages `/`, `/ui/` and `/openapi.json` (`middleware.Front` asks `page` first); every other
    request passes on."""

    PATHS = frozenset({"/", UI_PATH, UI_PATH + "index.html", SPEC_PATH})

    def __init__(self, *, spec: Mapping[str, Any], store: BookingStore) -> None:
        self.spec = spec
        self.store = store

    def page(self, scope: Scope) -> Response | None:
        """The page a GET or HEAD of `scope` asks for, or None."""
        if scope["path"] not in self.PATHS:  # the path Starlette's `request.url.path` gives
            return None
        return self._page(Request(scope))

    def _page(self, request: Request) -> Response | None:
        path = request.url.path
        if path == "/":
            return RedirectResponse(UI_PATH)
        if path in (UI_PATH, UI_PATH + "index.html"):
            found = docs_key(self.store)
            return HTMLResponse(
                _PAGE.replace("__API_KEY__", _js(found[0].key if found else None)).replace(
                    "__SPEC_URL__", _js(SPEC_PATH)
                )
            )
        if path == SPEC_PATH:
            return JSONResponse(self.served_spec(str(request.base_url).rstrip("/")))
        return None

    def served_spec(self, base_url: str) -> dict[str, Any]:
        """The spec as Swagger UI reads it: this server first in `servers`, and a note of the key."""
        spec = copy.deepcopy(dict(self.spec))
        others = [server for server in spec.get("servers", []) if server.get("url") != base_url]
        spec["servers"] = [{"url": base_url, "description": "This mock server"}, *others]
        found = docs_key(self.store)
        if found is not None:
            key, user = found
            spec["info"]["description"] = (
                f"**On this mock, Swagger UI is already authorized** as {user} with the API key `{key.key}` "
                "(the Authorize button shows it; the server banner and the README list the other seeded keys). "
                "Every example below names seeded data, so **Try it out** works as it stands; "
                "`POST /_mock/reset` brings the data back.\n\n" + spec["info"].get("description", "")
            )
        return spec
