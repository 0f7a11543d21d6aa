"""Connexion with its per-operation work done once, at start-up, instead of on every request.

Connexion 3.3 stays the app: the spec still routes and validates every request, the handlers still get
the same arguments and their answers are still turned into responses by Connexion's own decorators. What
changes is when the work is done:

* `AsyncOperation.fn` is a property that builds a new `StarletteDecorator` on every request, whose wrapper
  then decorates the handler again (three wrappers, `inspect.signature` of the handler) and builds a URI
  parser. `PreparedOperation` decorates its handler once and keeps one URI parser per operation.
* The parameter decorator reads the operation through a context-variable proxy and rebuilds the maps of
  path and query definitions, their defaults and their sanitised names per request; `PreparedParameters`
  reads them from the operation once. The response decorator re-derives the content type from the
  operation's `produces` per request; `PreparedResponses` does it once.
* Answers are serialised with orjson (`FastJsonifier`), falling back to Connexion's encoder for what
  orjson does not encode the same way (datetimes, integers beyond 64 bits, non-string keys...).
* Request validation builds a parameter validator, two URI parsers, a media-type matcher and a body
  validator per request; `PreparedRequestValidation` builds them per operation (and media type) once.
* The JSON body is parsed by the request validator and again for the handler's arguments; the handler
  now gets the validator's parse.
* Swagger UI's middleware runs a Starlette router over its own routes for every request, answering
  the API's requests only through its default route; `SwaggerUIPassThrough` sends requests whose path
  cannot be one of its routes straight on.
* Connexion deep-copies every parameter schema and builds a jsonschema validator for it per request;
  `PreparedParameterValidator` builds them once (the same Draft 4 checks, the same messages), and bodies
  are checked by jsonschema-rs, a compiled validator of the same Draft 4 rules.
* The query string is parsed and resolved once, by the parameter validator: the handler's arguments are
  read from that parse (`PARSED_PARAMETERS`) instead of a second one.

Everything here is built per app, per operation: nothing is kept at module level but constant tables.

The seams used: `AsyncApp`'s middleware app (`AsyncASGIApp.api_cls`), `AsyncApi.make_operation`,
`StarletteDecorator`'s decorator classes, and the app's `middlewares` list. These belong upstream: they
would close spec-first/connexion#2045 (performance of Connexion 3 against 2), where no narrower issue
exists for the per-request decoration.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from copy import deepcopy
from functools import cached_property
from typing import Any

import jsonschema_rs
import orjson
from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp, AsyncOperation
from connexion.context import context
from connexion.datastructures import MediaTypeDict
from connexion.decorators import StarletteDecorator
from connexion.decorators.parameter import (
    CONTEXT_NAME,
    AsyncParameterDecorator,
    _get_body_argument,
    _get_file_arguments,
    _get_query_defaults,
    _get_val_from_param,
)
from connexion.decorators.response import AsyncResponseDecorator
from connexion.exceptions import (
    BadRequestProblem,
    ExtraParameterProblem,
    TypeValidationError,
    UnsupportedMediaTypeProblem,
)
from connexion.http_facts import FORM_CONTENT_TYPES
from connexion.jsonifier import JSONEncoder, Jsonifier
from connexion.lifecycle import ConnexionRequest
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.operations import AbstractOperation
from connexion.uri_parsing import OpenAPIURIParser
from connexion.utils import (
    coerce_type,
    deep_merge,
    inspect_function_arguments,
    is_json_mimetype,
    is_null,
    is_nullable,
    split_content_type,
)
from connexion.validators import (
    FormDataValidator,
    JSONRequestBodyValidator,
    MultiPartFormDataValidator,
    ParameterValidator,
)
from jsonschema import Draft4Validator, ValidationError
from starlette.routing import Mount, Router
from starlette.types import Receive, Scope, Send

from mock_server.api import pipes
from mock_server.api.dto import explain
from mock_server.domain.exceptions import InvalidRequest
from mock_server.web import query_arrays

__all__ = [
    "VALIDATOR_MAP",
    "CachedURIParser",
    "CompiledJSONBodyValidator",
    "FastJsonifier",
    "PreparedApp",
    "PreparedParameterValidator",
    "PreparedRequestValidation",
    "SwaggerUIPassThrough",
    "compile_body_schema",
    "raw_body_routes",
]

logger = logging.getLogger(__name__)

# The body as the request validator parsed it, kept in the scope's extensions for the handler's arguments:
# parsed once, not twice (Connexion's handler decorator parses the bytes the validator replays again).
PARSED_BODY = "mock_server.parsed_body"
# The bytes of a request body `Front` has read and bounded (middleware.py), for the body validator to parse.
READ_BODY = "mock_server.read_body"
# A request body marked with this extension is neither parsed nor validated by Connexion: its handler reads
# the bytes (`await request.body()`) and decodes and checks them itself.
RAW_BODY = "x-raw-body"


def raw_body_routes(base_path: str, spec: Mapping[str, Any]) -> frozenset[tuple[str, str]]:
    """(METHOD, path) of the operations of `spec`, mounted at `base_path`, whose body is `x-raw-body`."""
    return frozenset(
        (method.upper(), base_path + path)
        for path, item in spec.get("paths", {}).items()
        for method, operation in item.items()
        if isinstance(operation, dict) and operation.get("requestBody", {}).get(RAW_BODY)
    )


# The query and path parameters as the parameter validator resolved them, for the handler's arguments.
PARSED_PARAMETERS = "mock_server.parsed_parameters"
_UNPARSED = object()

_ORJSON_OPTIONS = orjson.OPT_APPEND_NEWLINE | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class FastJsonifier(Jsonifier):  # type: ignore[misc]
    """Connexion's jsonifier with orjson for `dumps`: the same JSON for what the handlers return (plain
    dicts, lists, strings, numbers), about five times faster than the json module. Whatever orjson would
    encode differently (datetimes, dataclasses) or not at all (integers beyond 64 bits) goes to
    Connexion's encoder, so the output is the one Connexion gives."""

    def __init__(self) -> None:
        super().__init__(json)
        self._default = JSONEncoder().default

    def dumps(self, data: Any, **kwargs: Any) -> Any:
        if not kwargs:
            try:
                return orjson.dumps(data, default=self._default, option=_ORJSON_OPTIONS)
            except TypeError:  # orjson.JSONEncodeError: out of its range; Connexion's encoder decides
                pass
        return super().dumps(data, **kwargs)


class PreparedParameters(AsyncParameterDecorator):  # type: ignore[misc]
    """Connexion's parameter decorator with the operation's facts read once: the handler's arguments,
    the path and query definitions, the query defaults, sanitised names, the body's name and schema."""

    def __init__(self, *, operation: AbstractOperation, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.operation = operation
        self.sanitize_cached: Callable[[str], str] = functools.lru_cache(maxsize=256)(self.sanitize_fn)

    def __call__(self, function: Callable[..., Awaitable[Any]]) -> Callable[[ConnexionRequest], Awaitable[Any]]:
        operation, sanitize = self.operation, self.sanitize_cached
        arguments, has_kwargs = inspect_function_arguments(_unwrapped(function))
        wanted = set(arguments)
        parameters = operation.parameters
        path_definitions = {p["name"]: p for p in parameters if p["in"] == "path"}
        query_definitions = {p["name"]: p for p in parameters if p["in"] == "query"}
        query_defaults = _get_query_defaults(query_definitions)
        # Each request merges into its own copy; a shallow one will do when no default can be changed in place.
        copied = dict if all(isinstance(v, str | int | float | bool) for v in query_defaults.values()) else deepcopy
        is_trace = operation.method.upper() == "TRACE"
        body_names: dict[str, str] = {}

        def body_name(content_type: str) -> str:
            name = body_names.get(content_type)
            if name is None:
                name = body_names[content_type] = sanitize(operation.body_name(content_type))
            return name

        async def wrapper(request: ConnexionRequest) -> Any:
            headers = request.scope["headers"]
            full_type = _content_type(headers)
            content_type = _mimetype(full_type)
            body = None
            if has_kwargs or body_name(full_type) in wanted:
                body = _UNPARSED
                if is_json_mimetype(full_type):  # what `get_body` would parse as JSON
                    body = request.scope.get("extensions", {}).get(PARSED_BODY, _UNPARSED)
                elif not any(key in _BODY_HEADERS for key, _ in headers):
                    body = None  # no body to read: what `get_body` answers for an empty octet stream
                if body is _UNPARSED:
                    body = request.get_body()
                    while asyncio.iscoroutine(body):
                        body = await body
            kwargs: dict[str, Any] = {}
            for name, value in request.path_params.items():
                definition = path_definitions.get(name)
                kwargs[sanitize(name)] = value if definition is None else _get_val_from_param(value, definition)
            query = deep_merge(copied(query_defaults), request.query_params) if query_defaults else request.query_params
            for name, value in query.items():
                key = sanitize(name)
                if has_kwargs or key in wanted:
                    definition = query_definitions.get(name)
                    # A parameter the operation does not define is dropped without a word, as the real
                    # ValidationPipe's whitelist drops it (Connexion logs an error for each one).
                    if definition is not None:
                        kwargs[key] = _get_val_from_param(value, definition)
            if not is_trace:
                kwargs.update(
                    _get_body_argument(
                        body,
                        operation=operation,
                        arguments=arguments,
                        has_kwargs=has_kwargs,
                        sanitize=sanitize,
                        content_type=content_type,
                    )
                )
                if content_type in FORM_CONTENT_TYPES:  # other bodies have no files
                    files = _get_file_arguments(
                        await request.files(), arguments, operation.body_schema(content_type), has_kwargs
                    )
                    kwargs.update({sanitize(name): value for name, value in files.items()})
            for key, value in context.items():
                if has_kwargs or key in wanted:
                    kwargs[key] = value
            if CONTEXT_NAME in wanted:
                kwargs[CONTEXT_NAME] = context
            return await function(**kwargs)

        return functools.wraps(function)(wrapper)


_BODY_HEADERS = frozenset({b"content-type", b"content-length", b"transfer-encoding"})


def _raw_content_type(headers: list[tuple[bytes, bytes]]) -> bytes | None:
    """The first `Content-Type` of the ASGI headers, as Connexion and Starlette read it."""
    return next((value for key, value in headers if key == b"content-type"), None)


def _content_type(headers: list[tuple[bytes, bytes]]) -> str:
    """`ConnexionRequest.content_type`, read from the ASGI headers without a `Headers` built for it."""
    raw = _raw_content_type(headers)
    return "application/octet-stream" if raw is None else raw.decode("latin-1")


@functools.lru_cache(maxsize=64)
def _mimetype(content_type: str) -> str:
    """`ConnexionRequest.mimetype` of a Content-Type value: Connexion's own parse, once per value."""
    headers = [(b"content-type", content_type.encode("latin-1"))]
    return ConnexionRequest({"type": "http", "headers": headers}).mimetype  # type: ignore[no-any-return]


class PreparedResponses(AsyncResponseDecorator):  # type: ignore[misc]
    """Connexion's response decorator with the operation's content type and its JSON-ness found once."""

    def __init__(self, *, operation: AbstractOperation, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        produces = list(set(operation.produces))
        self._single: str | None = produces[0] if len(produces) == 1 else None
        self._json: dict[str, bool] = {}

    def _infer_content_type(self, data: Any, headers: Mapping[str, Any]) -> str | None:
        if self._single is not None and not any(key.lower() == "content-type" for key in headers):
            return self._single
        return super()._infer_content_type(data, headers)  # type: ignore[no-any-return]

    def _serialize_data(self, data: Any, *, content_type: str) -> Any:
        is_json = self._json.get(content_type)
        if is_json is None:
            is_json = self._json[content_type] = is_json_mimetype(split_content_type(content_type)[0])
        if is_json and data is not None:
            return self.jsonifier.dumps(data)
        return super()._serialize_data(data, content_type=content_type)


class PreparedDecorator(StarletteDecorator):  # type: ignore[misc]
    """Connexion's Starlette decorator for one operation, applied once."""

    def __init__(self, operation: AbstractOperation, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.operation = operation
        self.prepared_uri_parser = operation.uri_parser_class(operation.parameters, operation.body_definition())

    @property
    def _parameter_decorator_cls(self) -> Callable[..., PreparedParameters]:
        return functools.partial(PreparedParameters, operation=self.operation)

    @property
    def _response_decorator_cls(self) -> Callable[..., PreparedResponses]:
        return functools.partial(PreparedResponses, operation=self.operation)

    def prepare(self, function: Callable[..., Any]) -> Callable[[Scope, Receive], Awaitable[Any]]:
        decorated = self.decorate(function)
        uri_parser, get_request = self.prepared_uri_parser, self.framework.get_request

        async def call(scope: Scope, receive: Receive) -> Any:
            request = get_request(uri_parser=uri_parser, scope=scope, receive=receive)
            parsed = scope.get("extensions", {}).get(PARSED_PARAMETERS)
            if parsed is not None:  # the parameter validator's parse, by a parser of the same class and facts
                request._query_params, request._path_params = parsed
            return await decorated(request)

        return call


def _unwrapped(function: Callable[..., Any]) -> Callable[..., Any]:
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    return function


class PreparedOperation(AsyncOperation):  # type: ignore[misc]
    def __init__(self, operation: AbstractOperation, *, pythonic_params: bool, jsonifier: Jsonifier) -> None:
        super().__init__(
            operation.function,
            jsonifier=jsonifier,
            operation_id=operation.operation_id,
            pythonic_params=pythonic_params,
        )
        decorator = PreparedDecorator(operation, pythonic_params=pythonic_params, jsonifier=jsonifier)
        self._prepared = decorator.prepare(self._fn)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self._prepared(scope, receive)
        await response(scope, receive, send)


class PreparedApi(AsyncApi):  # type: ignore[misc]
    def make_operation(self, operation: AbstractOperation) -> PreparedOperation:
        return PreparedOperation(operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier)


class PreparedASGIApp(AsyncASGIApp):  # type: ignore[misc]
    api_cls = PreparedApi


class PreparedApp(AsyncApp):  # type: ignore[misc]
    """`AsyncApp` whose operations are prepared at start-up, whose answers are encoded by orjson, and
    whose Swagger UI and request validation middlewares are the prepared ones below."""

    def __init__(self, import_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("jsonifier", FastJsonifier())
        super().__init__(import_name, **kwargs)
        # AsyncApp builds its AsyncASGIApp itself; swap it before any API is added (Connexion adds the
        # APIs to it when the middleware stack is built, on the first request).
        self._middleware_app = self.middleware.app = PreparedASGIApp()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        middleware = self.middleware
        if middleware.middleware_stack is None:
            # Swapped in only now: `add_middleware(position=...)` finds its place by Connexion's classes.
            middleware.middlewares = [_prepared_middleware(m) for m in middleware.middlewares]
            middleware.app, middleware.middleware_stack = middleware._build_middleware_stack()
            for app in middleware.middleware_stack:
                router = getattr(app, "router", None)
                if isinstance(router, Router):
                    _mounts_match_line_feeds(router)
        await middleware(scope, receive, send)


def _mounts_match_line_feeds(router: Router) -> None:
    """Starlette's mounts match their rest with `.*`, which stops at a line feed: a `%0A` in a uid would
    miss every route. This app's mounts match it too (Starlette's global converter registry untouched)."""
    for route in router.routes:
        if isinstance(route, Mount):
            route.path_regex = re.compile(route.path_regex.pattern, re.DOTALL)
            if isinstance(route.app, Router):
                _mounts_match_line_feeds(route.app)


def _prepared_middleware(middleware: Any) -> Any:
    if isinstance(middleware, functools.partial):
        if middleware.func in _PREPARED_MIDDLEWARES:
            return functools.partial(_PREPARED_MIDDLEWARES[middleware.func], *middleware.args, **middleware.keywords)
        return middleware
    return _PREPARED_MIDDLEWARES.get(middleware, middleware)


class SwaggerUIPassThrough(SwaggerUIMiddleware):  # type: ignore[misc]
    """Swagger UI's middleware that routes only paths under one of its own routes (the spec's JSON and
    YAML, the UI and its assets), and sends every other request on without running its router."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self._prefixes: tuple[str, ...] = ()

    def add_api(self, *args: Any, **kwargs: Any) -> None:
        super().add_api(*args, **kwargs)
        self._prefixes = tuple(sorted(_route_prefixes(self.router)))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(self._prefixes):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _route_prefixes(router: Router, base: str = "") -> set[str]:
    """The path of every route under `router` (path parameters cut off): no other path can match one."""
    found: set[str] = set()
    for route in router.routes:
        path = base + getattr(route, "path", "")
        if isinstance(route, Mount) and isinstance(route.app, Router):
            found |= _route_prefixes(route.app, path)
        else:
            found.add(path.split("{", 1)[0])
    return found


class PreparedValidationOperation(RequestValidationOperation):  # type: ignore[misc]
    """Connexion's request validation for one operation with its validators built once: the parameter
    validator (with its URI parser), the accepted media types, and one body validator per media type.
    The checks are Connexion's own, in its order: parameters, media type, body."""

    _MAX_BODY_VALIDATORS = 32  # media types seen (each already accepted by the operation)

    def __init__(self, next_app: Any, **kwargs: Any) -> None:
        super().__init__(next_app, **kwargs)
        operation = self._operation
        self._parameter_validator = self._validator_map["parameter"](
            operation.parameters,
            uri_parser=operation.uri_parser_class(operation.parameters, operation.body_definition()),
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )
        self._accepted = MediaTypeDict([(c.lower(), None) for c in operation.consumes])
        self._content_types: dict[bytes | None, tuple[str, str]] = {}
        self._body_validators: dict[tuple[str, str], Any] = {}
        self._compiled_bodies: list[tuple[dict[str, Any], Any]] = []

    def extract_content_type(self, headers: list[tuple[bytes, bytes]]) -> tuple[str, str]:
        """Connexion's answer, once per `Content-Type` value (its parse builds typing generics per call)."""
        raw = _raw_content_type(headers)
        found = self._content_types.get(raw)
        if found is None:
            found = super().extract_content_type(headers)
            if len(self._content_types) < self._MAX_BODY_VALIDATORS:
                self._content_types[raw] = found
        return found

    def validate_mime_type(self, mime_type: str) -> None:
        if self._operation.consumes and mime_type.lower() not in self._accepted:
            raise UnsupportedMediaTypeProblem(
                detail=f"Invalid Content-type ({mime_type}), expected {self._operation.consumes}"
            )

    def _body_validator(self, mime_type: str, encoding: str) -> Any:
        key = (mime_type, encoding)
        if key in self._body_validators:
            return self._body_validators[key]
        operation, validator = self._operation, None
        # `x-raw-body`: the handler reads the bytes and decodes and checks them itself.
        schema = None if operation.request_body.get(RAW_BODY) else operation.body_schema(mime_type)
        if schema:
            try:
                validator_cls = self._validator_map["body"][mime_type]
            except KeyError:
                logger.info("Skipping validation. No validator registered for content type: %s.", mime_type)
            else:
                compiles = issubclass(validator_cls, CompiledJSONBodyValidator)
                compiled = {"compiled": self._compiled(schema)} if compiles else {}
                validator = _keeping_parsed_body(validator_cls)(
                    **compiled,
                    schema=schema,
                    required=operation.request_body.get("required", False),
                    nullable=is_nullable(operation.body_definition(mime_type)),
                    encoding=encoding,
                    strict_validation=self.strict_validation,
                    uri_parser=operation.uri_parser_class(operation.parameters, operation.body_definition()),
                )
        if len(self._body_validators) < self._MAX_BODY_VALIDATORS:
            self._body_validators[key] = validator
        return validator

    def _compiled(self, schema: dict[str, Any]) -> Any:
        """The body schema's compiled validator, built once per operation whatever the media type."""
        for known, compiled in self._compiled_bodies:
            if known is schema or known == schema:
                return compiled
        compiled = compile_body_schema(schema)
        self._compiled_bodies.append((schema, compiled))
        return compiled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._parameter_validator.validate(scope)
        mime_type, encoding = self.extract_content_type(scope["headers"])
        self.validate_mime_type(mime_type)
        validator = self._body_validator(mime_type, encoding)
        if validator is not None:
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)


# orjson reads an integer beyond 64 bits as a float where the json module keeps it exact: any run of 19
# digits (in a number or not) sends the body to Connexion's parser. Found by mapping every digit to "0"
# and everything else to a space, then searching for 19 zeros: two passes in C, far faster than a regex.
_DIGITS_AS_ZEROS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_NINETEEN_DIGITS = b"0" * 19


def _has_long_digit_run(raw: bytes) -> bool:
    return _NINETEEN_DIGITS in raw.translate(_DIGITS_AS_ZEROS)


def _orjson_parse(validator: Any, raw: bytes) -> tuple[Any] | None:
    """The body parsed by orjson (several times faster than the json module on large bodies such as
    an imported state), or None for what orjson refuses or reads differently (not UTF-8; NaN, integers
    beyond 64 bits...): Connexion's own parser and its messages decide those."""
    if raw and validator._encoding.lower().replace("-", "") == "utf8" and not _has_long_digit_run(raw):
        try:
            return (orjson.loads(raw),)
        except orjson.JSONDecodeError:
            pass
    return None


@functools.cache
def _keeping_parsed_body(validator_cls: type) -> type:
    """`validator_cls` that also leaves the body it parsed in the scope, under `PARSED_BODY`; a JSON body
    that `Front` has read (`READ_BODY`) is parsed from its bytes, not read again through the channel."""

    parses_json = issubclass(validator_cls, JSONRequestBodyValidator)

    class KeepingParsedBody(validator_cls):  # type: ignore[misc]
        async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
            raw = scope.get("extensions", {}).get(READ_BODY) if parses_json else None
            if not raw:  # not read before, or empty (a default body, a required one): Connexion's own way
                return await super().wrap_receive(receive, scope=scope)  # type: ignore[no-any-return]
            body = await self._json(raw, scope)
            if not (body is None and self._nullable):
                self._validate(body)
            return receive, scope  # `Front` replays the bytes to whoever reads them next

        async def _parse(self, stream: Any, scope: Scope) -> Any:
            if parses_json:
                return await self._json(b"".join([chunk async for chunk in stream]), scope)
            body = await super()._parse(stream, scope=scope)
            scope.setdefault("extensions", {})[PARSED_BODY] = body
            return body

        async def _json(self, raw: bytes, scope: Scope) -> Any:
            parsed = _orjson_parse(self, raw)
            if parsed is not None:
                body = parsed[0]
            else:

                async def replay() -> Any:
                    yield raw

                body = await super()._parse(replay(), scope=scope)
            scope.setdefault("extensions", {})[PARSED_BODY] = body
            return body

    KeepingParsedBody.__name__ = KeepingParsedBody.__qualname__ = f"KeepingParsedBody{validator_cls.__name__}"
    return KeepingParsedBody


class PreparedValidationAPI(RequestValidationAPI):  # type: ignore[misc]
    def make_operation(self, operation: AbstractOperation) -> PreparedValidationOperation:
        return PreparedValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class PreparedRequestValidation(RequestValidationMiddleware):  # type: ignore[misc]
    """Connexion's request validation middleware with each operation's validators built at start-up."""

    api_cls = PreparedValidationAPI


_PREPARED_MIDDLEWARES: dict[Any, Any] = {
    SwaggerUIMiddleware: SwaggerUIPassThrough,
    RequestValidationMiddleware: PreparedRequestValidation,
}


class PreparedParameterValidator(ParameterValidator):  # type: ignore[misc]
    """Connexion's parameter validator with what each parameter's check needs read once, when the
    operation's validator is built (one per operation and app): its jsonschema validator (Connexion
    deep-copies the schema and builds one per request), whether it is nullable or required. The checks,
    their order and their messages are Connexion's (`ParameterValidator.validate_request`).

    The query and path parameters it resolved are left in the scope (`PARSED_PARAMETERS`): the handler's
    arguments are read from them, not from a second parse of the same query string."""

    def __init__(self, parameters: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(parameters, *args, **kwargs)
        self._checks = {
            kind: [
                # Path parameters are looked up as Starlette names them (`-` as `_`), as Connexion does.
                (
                    p,
                    p["name"].replace("-", "_") if kind == "path" else p["name"],
                    is_nullable(p),
                    bool(p.get("required")),
                    _parameter_validator(p),
                    _surely_valid(p.get("schema", p)),
                )
                for p in self.parameters.get(kind, [])
            ]
            for kind in ("query", "path", "header", "cookie")
        }

    def validate(self, scope: Scope) -> None:
        request = ConnexionRequest(scope, uri_parser=self.uri_parser)
        if not scope.get("query_string"):  # nothing to parse: what the parse of an empty query resolves to
            request._query_params = self.uri_parser.resolve_query({})
        self.validate_request(request)
        scope.setdefault("extensions", {})[PARSED_PARAMETERS] = (request.query_params, request.path_params)

    def validate_request(self, request: ConnexionRequest) -> None:
        if self.strict_validation:  # pragma: no cover - the APIs validated here are not strict
            extra = self.validate_query_parameter_list(request, security_params=self.security_query_params)
            if extra:
                raise ExtraParameterProblem(param_type="query", extra_params=extra)
        checks = self._checks
        if checks["query"]:
            self._check("query", request.query_params, checks["query"])
        if checks["path"]:
            self._check("path", request.path_params, checks["path"])
        if checks["header"]:
            self._check("header", request.headers, checks["header"])
        if checks["cookie"]:
            self._check("cookie", request.cookies, checks["cookie"])

    @staticmethod
    def _check(kind: str, values: Mapping[str, Any], checks: list[Any]) -> None:
        for param, name, nullable, required, validator, surely_valid in checks:
            error = _parameter_error(kind, values.get(name), param, nullable, required, validator, surely_valid)
            if error:
                raise BadRequestProblem(detail=error)


def _parameter_error(
    kind: str,
    value: Any,
    param: Mapping[str, Any],
    nullable: bool,
    required: bool,
    validator: Draft4Validator,
    surely_valid: Callable[[Any], bool] | None,
) -> str | None:
    """`ParameterValidator.validate_parameter` with the parameter's facts read once."""
    if nullable and is_null(value):
        return None
    if value is not None:
        if surely_valid is not None and surely_valid(value):
            return None
        try:
            validator.validate(value)
        except ValidationError as exception:
            return str(exception)
        return None
    if required:
        return f"Missing {kind} parameter '{param['name']}'"
    return None


# Keywords that do not constrain a value (Draft 4 and OpenAPI annotations), and the constraining ones that
# `_surely_valid` decides itself.
_ANNOTATIONS = frozenset({"description", "example", "default", "title"})
_DECIDED = {
    "string": frozenset({"type", "enum"}),
    "integer": frozenset({"type", "minimum", "maximum"}),
    "array": frozenset({"type", "items", "minItems", "maxItems"}),
}


def _surely_valid(schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """For the plainest parameter schemas (a string, maybe of an enum of strings; an integer, maybe bounded;
    an array of such, maybe of a bounded length), a test that a value passes them, far cheaper than running
    jsonschema; None for any other schema. It only ever accepts what Draft 4 accepts; anything it does not
    accept goes to jsonschema, for the verdict and its message."""
    kind = schema.get("type")
    decided = _DECIDED.get(kind) if isinstance(kind, str) else None
    if decided is None or any(key not in decided and key not in _ANNOTATIONS for key in schema):
        return None
    if kind == "array":
        items = schema.get("items")
        each = _surely_valid(items) if isinstance(items, Mapping) else None
        if each is None:
            return None
        shortest, longest = schema.get("minItems", 0), schema.get("maxItems")
        return lambda value: (
            isinstance(value, list)  # Draft 4's array
            and len(value) >= shortest
            and (longest is None or len(value) <= longest)
            and all(each(item) for item in value)
        )
    if kind == "string":
        enum = schema.get("enum")
        if enum is None:
            return lambda value: isinstance(value, str)
        if not all(isinstance(item, str) for item in enum):
            return None
        allowed = frozenset(enum)
        return lambda value: isinstance(value, str) and value in allowed
    low, high = schema.get("minimum"), schema.get("maximum")
    return lambda value: (
        isinstance(value, int)
        and not isinstance(value, bool)  # Draft 4's integer: no bools, no floats
        and (low is None or value >= low)
        and (high is None or value <= high)
    )


def _parameter_validator(param: dict[str, Any]) -> Draft4Validator:
    return Draft4Validator(param.get("schema", param), format_checker=Draft4Validator.FORMAT_CHECKER)


def _openapi_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as JSON Schema (jsonschema-rs does not know `nullable`)."""
    if isinstance(node, list):
        return [_openapi_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _openapi_to_json_schema(v) for k, v in node.items() if k not in ("nullable", "example", "discriminator")}
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        if "type" not in out and "enum" not in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def compile_body_schema(schema: dict[str, Any]) -> jsonschema_rs.Draft4Validator:
    return jsonschema_rs.Draft4Validator(_openapi_to_json_schema(schema), validate_formats=True)


class CompiledJSONBodyValidator(JSONRequestBodyValidator):  # type: ignore[misc]
    """Connexion's JSON body validator with jsonschema-rs; `compiled` is the schema's validator, built
    once per operation (prepared.py), or here when not given."""

    def __init__(self, *, compiled: jsonschema_rs.Draft4Validator | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._compiled = compiled if compiled is not None else compile_body_schema(self._schema)

    def _validate(self, body: Any) -> dict[str, Any] | None:
        if not self._nullable and body is None:
            raise BadRequestProblem("Request body must not be empty")
        try:
            self._compiled.validate(body)
        except jsonschema_rs.ValidationError as error:
            # 2024-04-15 bodies: Nest's global ValidationPipe and its class-validator errors (api/pipes.py).
            pipe = self._schema.get("x-validation-pipe")
            if pipe:
                pipes.check(pipe, body)
            # The real server answers its body pipe's message, which names the property (mock_server/dto.py).
            dto = self._schema.get("x-dto")
            message = explain(dto, body) if dto else None
            if message is not None:
                raise InvalidRequest(message) from None
            where = ".".join(str(part) for part in error.instance_path)
            raise BadRequestProblem(detail=f"{error.message}" + (f" - '{where}'" if where else "")) from None
        return None


VALIDATOR_MAP = {
    "parameter": PreparedParameterValidator,
    "body": MediaTypeDict(
        {
            "*/*json": CompiledJSONBodyValidator,
            "application/x-www-form-urlencoded": FormDataValidator,
            "multipart/form-data": MultiPartFormDataValidator,
        }
    ),
}


class CachedURIParser(OpenAPIURIParser):  # type: ignore[misc]
    """The query string read as the real server reads it, with the operation's parameter schemas mapped once.

    API v2 runs on Express, whose `extended` query parser (qs) reads `status=a&status=b`, `status[]=a&status[]=b`
    and `status[0]=a&status[1]=b` alike as the array `["a", "b"]`, and `status=a,b` as the string `"a,b"`; the
    DTO's transforms then decide what an array means. API v1 runs on Next.js, which reads repeated keys as an
    array and leaves brackets in the name (`x-query-syntax: next`). A parameter that came as an array is read
    by its `x-repeated` (see `query_arrays.resolve`); nothing declared is dropped or reduced to its last value.
    """

    @cached_property
    def param_schemas(self) -> dict[str, Any]:
        return {name: defn.get("schema", {}) for name, defn in self.param_defns.items()}

    def resolve_query(self, query_data: dict[str, list[str]]) -> dict[str, Any]:
        resolved = query_arrays.resolve(self.param_defns, query_data)
        for name, value in resolved.items():
            defn = self.param_defns.get(name)
            if defn is not None:
                try:
                    resolved[name] = coerce_type(defn, value, "parameter", name)
                except TypeValidationError:
                    pass  # the validator answers it
        return resolved
