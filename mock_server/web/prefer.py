"""`Prefer`, as Prism users know it: answer an operation's documented example instead of running it.

- `Prefer: code=NNN` answers the operation's documented NNN: a 2xx with its example body, an error in
  the error envelope with its example's message (a 404 names the uid that was asked for).
- `Prefer: example=NAME` answers the named example (`examples: {NAME: ...}` of a response), alone or
  with `code=NNN` to say of which response.
- `Prefer: code=500` and `Prefer: code=429` work on every operation, documented or not: the two answers
  the real server can give any request. 500 is Nest's `InternalServerErrorException` in the envelope;
  429 is `CustomThrottlerGuard`'s `ThrottlerException` with the real `X-RateLimit-{Limit,Remaining,Reset}-Default`
  headers (limit 120 for an API key or no credentials, 500 for an access token or an OAuth client id;
  remaining 0; reset 60 seconds), as apps/api/v2/src/lib/throttler-guard.ts sends them.
- Anything else (`dynamic=true`, an unknown code or name, another preference) is a 400 that says what
  the mock understands: a client should not believe it got what it asked for.

Runs after routing, so it knows the operation; requests that match no operation of the bookings API
(unknown routes, the control API) pass through.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["ForcedError", "Prefer", "documented_examples"]


class ForcedError(Exception):
    """An error answer asked for with `Prefer` (or a `Prefer` the mock refuses)."""

    def __init__(
        self,
        status: int,
        code: str | None,
        message: str,
        *,
        details: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = dict(headers or {})


@dataclass
class Documented:
    """One response of an operation: its example body (if any) and its named examples."""

    example: Any = None
    named: dict[str, Any] = field(default_factory=dict)


def documented_examples(spec: Mapping[str, Any]) -> dict[str, dict[int, Documented]]:
    """operationId -> documented status -> its examples. A response without an example of its own
    takes its schema's (through `$ref`s)."""
    components = spec.get("components", {})
    found: dict[str, dict[int, Documented]] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, Mapping) or "operationId" not in operation:
                continue
            responses = found.setdefault(operation["operationId"], {})
            for code, response in operation["responses"].items():
                if not code.isdigit():
                    continue
                media = _resolve(components, response).get("content", {}).get("application/json", {})
                example = media.get("example", _resolve(components, media.get("schema", {})).get("example"))
                named = {
                    name: _resolve(components, value).get("value") for name, value in media.get("examples", {}).items()
                }
                responses[int(code)] = Documented(example, named)
    return found


def _resolve(components: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        _, _, section, name = node["$ref"].split("/")
        node = components[section][name]
    return node


_PREFERENCE = re.compile(r"\s*([A-Za-z-]+)\s*=\s*\"?([^\";,]*)\"?\s*")
_UID = re.compile(r"(uid=)\S+", re.IGNORECASE)


class Prefer:
    """`more`: other documents served beside `spec` (the older controllers' one, docs/versions.md)."""

    def __init__(self, app: ASGIApp, *, spec: Mapping[str, Any], more: Sequence[Mapping[str, Any]] = ()) -> None:
        self.app = app
        self.examples = documented_examples(spec)
        for document in more:
            self.examples.update(documented_examples(document))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation_id = scope.get("extensions", {}).get("connexion_routing", {}).get("operation_id")
        header = dict(scope["headers"]).get(b"prefer") if scope["type"] == "http" else None
        if header is None or operation_id not in self.examples:
            await self.app(scope, receive, send)
            return
        preferences = _parse(header.decode("latin-1"))
        if preferences.get("code") in _ALWAYS and "example" not in preferences:
            raise _ALWAYS[preferences["code"]](dict(scope["headers"]))
        status, body = self._choose(self.examples[operation_id], preferences)
        if status >= 400:
            raise _error(status, body, scope.get("path_params", {}))
        await JSONResponse(body, status_code=status)(scope, receive, send)

    def _choose(self, documented: Mapping[int, Documented], preferences: Mapping[str, str]) -> tuple[int, Any]:
        codes = ", ".join(str(code) for code in sorted(documented))
        code, name = preferences.get("code"), preferences.get("example")
        if code is not None and (not code.isdigit() or int(code) not in documented):
            raise ForcedError(
                400, None, f"Prefer: code={code} is not documented for this operation (documented: {codes})"
            )
        if name is None:
            assert code is not None  # _parse refuses a Prefer with neither
            example = documented[int(code)].example
            if example is None:
                raise ForcedError(400, None, f"Prefer: code={code} has no documented example to answer with")
            return int(code), example
        candidates = [int(code)] if code is not None else sorted(documented)
        for status in candidates:
            if name in documented[status].named:
                return status, documented[status].named[name]
        names = sorted({n for status in candidates for n in documented[status].named}) or ["none"]
        raise ForcedError(
            400,
            None,
            f"Prefer: example={name} is not a named example of this operation (named examples: {', '.join(names)})",
        )


THROTTLED = "CustomThrottlerGuard - Too many requests. Please try again later."


def _internal_error(headers: Mapping[bytes, bytes]) -> ForcedError:
    return ForcedError(500, "InternalServerErrorException", "Internal server error")


def _throttled(headers: Mapping[bytes, bytes]) -> ForcedError:
    """The tracker decides the default limit: an API key (`cal_`) 120, another bearer token (an access
    token) 500, only `x-cal-client-id` 500, nothing (the client's IP) 120."""
    token = headers.get(b"authorization", b"").decode("latin-1").removeprefix("Bearer ").strip()
    if token:
        limit = 120 if token.startswith("cal_") else 500
    else:
        limit = 500 if headers.get(b"x-cal-client-id") else 120
    rate = {
        "X-RateLimit-Limit-Default": str(limit),
        "X-RateLimit-Remaining-Default": "0",
        "X-RateLimit-Reset-Default": "60",
    }
    return ForcedError(429, "ThrottlerException", THROTTLED, details=THROTTLED, headers=rate)


_ALWAYS = {"500": _internal_error, "429": _throttled}


def _parse(header: str) -> dict[str, str]:
    """`code=404, example=taken` -> {"code": "404", "example": "taken"}; a 400 for anything else."""
    preferences: dict[str, str] = {}
    for token in re.split(r"[;,]", header):
        if not token.strip():
            continue
        match = _PREFERENCE.fullmatch(token)
        if match is None or match.group(1).lower() not in ("code", "example"):
            raise ForcedError(
                400,
                None,
                f"Prefer: {token.strip()} is not supported; this mock understands code=NNN and example=NAME "
                "(it answers from its state, so dynamic=true has no meaning here)",
            )
        preferences[match.group(1).lower()] = match.group(2).strip()
    if not preferences:
        raise ForcedError(400, None, "Prefer is empty; this mock understands code=NNN and example=NAME")
    return preferences


def _error(status: int, body: Any, path_params: Mapping[str, Any]) -> ForcedError:
    """The forced error, with the example's code and message; a 404 names the uid asked for."""
    error = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(error, Mapping):
        code, message = error.get("code"), str(error.get("message", ""))
    else:
        code, message = None, str(body.get("message", "") if isinstance(body, Mapping) else body)
    if status == 404 and "bookingUid" in path_params:
        message = _UID.sub(lambda m: f"{m.group(1)}{path_params['bookingUid']}", message, count=1)
    return ForcedError(status, code, message)
