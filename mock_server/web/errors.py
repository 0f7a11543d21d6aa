"""Every error the mock answers, rendered in one place.

Domain refusals map to a status and an `error.code` by walking the exception's MRO; Connexion's own
errors (validation, unknown routes, methods, media types) and the middleware's 413 are rendered in
the same envelope, so a client never sees Connexion's problem+json. v2 routes answer the v2
envelope `{status:"error", timestamp, path, error:{code, message, details}}`, v1 routes the v1
shape `{message, url, method}`. Headers of the original exception (`Allow`) are kept.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from http import HTTPStatus
from typing import Any

from connexion import AsyncApp
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware.exceptions import connexion_wrapper
from starlette.exceptions import HTTPException
from starlette.requests import Request as StarletteRequest
from starlette.responses import Response as StarletteResponse
from starlette.types import Receive, Scope

from mock_server.api.v1.views import v1_auth_error_body
from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import (
    BareHttpError,
    Conflict,
    DomainError,
    Forbidden,
    HttpExceptionError,
    InvalidRequest,
    NotFound,
    TokenExpired,
    TrpcError,
    Unauthorized,
    Unprocessable,
    ValidationPipeRefused,
)
from mock_server.domain.model import iso_utc
from mock_server.web.prefer import ForcedError
from mock_server.web.redaction import loggable, redacted_target
from mock_server.web.versions import NoControllerForVersion

__all__ = ["ErrorRenderer", "SpecRoutes", "error_body", "error_handlers", "refusals", "register_error_handlers"]

logger = logging.getLogger("mock_server")

_STATUS: dict[type[DomainError], int] = {
    InvalidRequest: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Unprocessable: 422,
}

# Nest's exception class names, which the real server puts in `error.code`.
_NEST_CODES = {
    400: "BadRequestException",
    401: "UnauthorizedException",
    403: "ForbiddenException",
    404: "NotFoundException",
    405: "MethodNotAllowedException",
    408: "RequestTimeoutException",
    409: "ConflictException",
    413: "PayloadTooLargeException",
    415: "UnsupportedMediaTypeException",
    422: "UnprocessableEntityException",
    500: "InternalServerErrorException",
}

# The real tRPC filter replaces the message of errors raised inside tRPC with a generic one.
_TRPC_MESSAGES = {
    400: "Bad request: Please check your request data and try again",
    401: "You are not authorized to access this resource",
    403: "You do not have permission to access this resource",
    404: "The requested resource was not found",
}


def _status_of(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in _STATUS:
            return _STATUS[cls]
    return 400


def _path_with_query(request: ConnexionRequest) -> str:
    """The request path and query as the real envelope shows it, without API keys."""
    path: str = request.url.path
    return redacted_target(path, request.query_params.multi_items())


class ErrorRenderer:
    """Error answers in the envelope of the request's API (v1 or v2), stamped by the mock's clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def __call__(
        self,
        request: ConnexionRequest,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: Any = None,
        headers: Mapping[str, str] | None = None,
        v1_body: Mapping[str, Any] | None = None,
    ) -> ConnexionResponse:
        """`v1_body` replaces v1's usual `{message, url, method}` where v1 answers another shape."""
        path: str = request.url.path
        body = error_body(
            path,
            _path_with_query(request),
            request.method,
            status,
            message,
            code=code,
            details=details,
            now=self.clock.now(),
        )
        if v1_body is not None and path.startswith("/v1/"):
            body = dict(v1_body)
        kept = {k: v for k, v in (headers or {}).items() if k.lower() not in ("content-type", "content-length")}
        return ConnexionResponse(
            status_code=status,
            mimetype="application/json",
            content_type="application/json",
            body=json.dumps(body),
            headers=kept,
        )


def error_body(
    path: str,
    target: str,
    method: str,
    status: int,
    message: str,
    *,
    now: datetime,
    code: str | None = None,
    details: Any = None,
) -> dict[str, Any]:
    """The error body of the API `path` belongs to: v1's `{message, url, method}` or v2's envelope.
    `target` is the path and query to show, API keys redacted."""
    if path.startswith("/v1/"):
        return {"message": message, "url": target, "method": method}
    if details is None:
        details = {"message": message, "error": HTTPStatus(status).phrase, "statusCode": status}
    return {
        "status": "error",
        "timestamp": iso_utc(now),
        "path": target,
        "error": {"code": code or _NEST_CODES.get(status, "HttpException"), "message": message, "details": details},
    }


class SpecRoutes:
    """The methods the documents declare for a request path. Connexion routes each operation
    separately, so its own 405 names only one of them, and an integer path parameter that is not a
    number fails its route's converter and looks like an unknown path (404)."""

    def __init__(self, *documents: tuple[str, Mapping[str, Any]]) -> None:
        self._routes = [
            (
                re.compile("^" + re.sub(r"\{[^}/]+\}", "[^/]+", base_path + template) + "$"),
                sorted(m.upper() for m in item if m in _HTTP_METHODS),
            )
            for base_path, document in documents
            for template, item in document["paths"].items()
        ]

    def methods(self, path: str) -> list[str]:
        for pattern, methods in self._routes:
            if pattern.match(path):
                return methods + (["HEAD"] if "GET" in methods else [])
        return []


_HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


Handler = Callable[[ConnexionRequest, Any], ConnexionResponse]


def register_error_handlers(app: AsyncApp, handlers: Mapping[type[Exception], Handler]) -> None:
    """Connexion's exception middleware answers every error through `handlers` (see `error_handlers`)."""
    for exception, handler in handlers.items():
        app.add_error_handler(exception, handler)


def refusals(handlers: Mapping[type[Exception], Handler]) -> Callable[[Scope, Receive, Exception], Any]:
    """Renders an exception raised before Connexion runs (`middleware.Front`'s checks) as Connexion's
    exception middleware renders it: the handler of its nearest class, through Connexion's own wrapper."""
    wrapped = {exception: connexion_wrapper(handler) for exception, handler in handlers.items()}

    async def refuse(scope: Scope, receive: Receive, error: Exception) -> StarletteResponse:
        handler = next(wrapped[cls] for cls in type(error).__mro__ if cls in wrapped)
        return await handler(StarletteRequest(scope, receive), error)  # type: ignore[no-any-return]

    return refuse


def error_handlers(render: ErrorRenderer, routes: SpecRoutes) -> dict[type[Exception], Handler]:
    """The handler of every error the mock answers, by exception class (the nearest class in its MRO wins)."""

    def domain_error(request: ConnexionRequest, error: DomainError) -> ConnexionResponse:
        status = _status_of(error)
        if request.url.path.startswith("/v1/"):
            if isinstance(error, Unauthorized) and error.v1_message is not None:
                return render(request, 401, error.message, v1_body=v1_auth_error_body(error))
            return render(request, status, error.message)
        if isinstance(error, TrpcError):
            return render(
                request,
                status,
                _TRPC_MESSAGES.get(status, error.message),
                code="TRPCError",
                details={"message": error.message},
            )
        if isinstance(error, TokenExpired):
            return render(request, error.STATUS, error.message, code=error.CODE, details=error.message)
        if isinstance(error, HttpExceptionError):
            return render(request, status, error.message, code="HttpException", details=error.message)
        if isinstance(error, ValidationPipeRefused):
            return render(request, status, error.message, details={"errors": error.errors})
        if isinstance(error, BareHttpError):
            # The real server lets these escape its envelope filter as {statusCode, message}; the mock
            # keeps the documented envelope and carries that body in `details`.
            return render(
                request,
                status,
                error.message,
                code="HttpError",
                details={"statusCode": status, "message": error.message},
            )
        return render(request, status, error.message)

    def forced(request: ConnexionRequest, error: ForcedError) -> ConnexionResponse:
        return render(
            request, error.status, error.message, code=error.code, details=error.details, headers=error.headers
        )

    def problem(request: ConnexionRequest, error: ProblemException) -> ConnexionResponse:
        detail = str(error.detail or error.title or "")
        # Connexion appends jsonschema's multi-line "Failed validating ..." trace: keep the sentence.
        message = detail.split("\n\n")[0].strip() or HTTPStatus(error.status_code).phrase
        return render(request, error.status_code, message, details={"errors": [message]}, headers=error.headers)

    def http_error(request: ConnexionRequest, error: HTTPException) -> ConnexionResponse:
        status, path = error.status_code, request.url.path
        declared = routes.methods(path)
        if status in (404, 405) and declared and request.method not in declared:
            allow = ", ".join(declared)
            message = f"Method {request.method} is not allowed on {path}; allowed: {allow}"
            return render(request, 405, message, headers={"Allow": allow})
        if status == 404 and declared:
            # Nest's ParseIntPipe message for an id that is not a number.
            return render(request, 400, "Validation failed (numeric string is expected)")
        if status == 404:
            return render(request, 404, f"Cannot {request.method} {path}")
        return render(request, status, str(error.detail), headers=error.headers)

    def no_controller(request: ConnexionRequest, error: NoControllerForVersion) -> ConnexionResponse:
        # Nest's router: `Cannot ${method} ${originalUrl}`, query string included.
        return render(request, 404, f"Cannot {request.method} {_path_with_query(request)}")

    def undecodable(request: ConnexionRequest, error: UnicodeDecodeError) -> ConnexionResponse:
        return render(request, 400, "Request body is not valid UTF-8")

    # The next two only ever see errors raised while Connexion routes and parses the request: the
    # mock's own code runs below `HandlerFaults`, which turns the same errors into `MockFault` (a 500).
    def out_of_range(request: ConnexionRequest, error: OverflowError) -> ConnexionResponse:
        return render(request, 400, "A date or number in the request is out of range")

    def malformed_number(request: ConnexionRequest, error: ValueError) -> ConnexionResponse:
        # Python refuses to parse integers of over 4,300 digits, in path ids and JSON bodies.
        return render(request, 400, "A number in the request is too long or malformed")

    def unexpected(request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        logger.error("unhandled error on %s %s", request.method, loggable(request.url.path), exc_info=error)
        return render(request, 500, "Internal server error")

    return {
        DomainError: domain_error,
        ForcedError: forced,
        ProblemException: problem,
        HTTPException: http_error,
        NoControllerForVersion: no_controller,
        UnicodeDecodeError: undecodable,
        OverflowError: out_of_range,
        ValueError: malformed_number,
        Exception: unexpected,
    }
