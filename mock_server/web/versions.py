"""Which controller answers a request, from its `cal-api-version` header, as the real server decides it.

The real API v2 (apps/api/v2/src/bootstrap.ts) uses Nest's CUSTOM versioning: the extractor reads
`cal-api-version`, keeps it when it is one of `API_VERSIONS`, and reads anything else (no header, an empty
one, an unknown value) as `2024-04-15`. Each controller declares the versions it answers; Express tries the
routes of a path in order and the first whose controller has the extracted version answers. When none has
it, Nest answers 404 `Cannot <METHOD> <originalUrl>`, before any guard runs.

Here every operation of the mock's documents says which header values reach it, in `x-cal-api-versions`.
Controllers whose path and method collide with a newer one live in a second document, mounted by Connexion
under an internal base path: `VersionRouter` reads the header, finds the operation of that version, and
sends the request on, rewriting the path for an operation of the second document; with none, it raises
`NoControllerForVersion`, which the error handlers answer as the real 404. Operations without the
extension (API v1) answer whatever the header says. docs/versions.md has the design.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.types import Scope

__all__ = [
    "API_VERSIONS",
    "DEFAULT_VERSION",
    "HEADER",
    "VERSIONS_EXTENSION",
    "NoControllerForVersion",
    "Route",
    "VersionRouter",
    "VersionTable",
    "extract_version",
]

HEADER = "cal-api-version"
VERSIONS_EXTENSION = "x-cal-api-versions"

# packages/platform/constants/api.ts `API_VERSIONS`, and 2026-02-25 (added later; the mock's cancel
# answers it, see spec/openapi.yaml CalApiVersionCancel).
API_VERSIONS = ("2024-06-14", "2024-06-11", "2024-04-15", "2024-08-13", "2024-09-04", "2026-02-25")
DEFAULT_VERSION = "2024-04-15"

_METHODS = ("get", "put", "post", "delete", "patch")


def extract_version(headers: Headers) -> str:
    """bootstrap.ts's extractor: the header when it is a known version (exact match), else 2024-04-15.
    A repeated header reaches Node as `"a, b"`, which is no version."""
    values = headers.getlist(HEADER)
    value = ", ".join(values)
    return value if value in API_VERSIONS else DEFAULT_VERSION


class NoControllerForVersion(Exception):
    """No controller of the extracted version has this route: Nest's `Cannot <METHOD> <url>` 404."""

    def __init__(self, method: str, version: str) -> None:
        super().__init__(f"no controller of version {version} answers {method}")
        self.method = method
        self.version = version


@dataclass(frozen=True)
class Route:
    """One operation: its path pattern, method, the versions that reach it and the base path of its document."""

    pattern: re.Pattern[str]
    template: str
    method: str
    versions: frozenset[str] | None  # None: any version (no `x-cal-api-versions`)
    base_path: str

    @property
    def literal_parts(self) -> int:
        return sum(1 for part in self.template.split("/") if part and not part.startswith("{"))


_ANY: tuple[str, ...] = ("{",)


def _key(path: str) -> tuple[str, ...]:
    """A path's (or a template's) first two segments; `_ANY` for a template with a parameter among them."""
    key = tuple(path.split("/", 3)[1:3])
    return _ANY if any("{" in part for part in key) else key


class VersionTable:
    """Every operation of the documents, by path and method, with the versions that reach it."""

    def __init__(self, documents: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        routes: list[Route] = []
        for base_path, document in documents:
            for template, item in document["paths"].items():
                pattern = re.compile("^" + re.sub(r"\{[^}/]+\}", "[^/]+", template) + "$")
                for method in _METHODS:
                    operation = item.get(method)
                    if operation is None:
                        continue
                    declared = operation.get(VERSIONS_EXTENSION)
                    if declared is not None:
                        unknown = set(declared) - set(API_VERSIONS)
                        if unknown:
                            raise ValueError(f"{method.upper()} {template}: unknown {VERSIONS_EXTENSION} {unknown}")
                    versions = None if declared is None else frozenset(declared)
                    routes.append(Route(pattern, template, method.upper(), versions, base_path))
        # A literal segment wins over a parameter (`/v2/bookings/recurring` over `/v2/bookings/{uid}`).
        self.routes = sorted(routes, key=lambda r: -r.literal_parts)
        # The routes a request can match, by method and the path's first two segments, in the order above: a
        # route whose first two segments are literal can only match paths that start with them, the others
        # (`_ANY`) may match any path. A handful of patterns to try per request instead of every route.
        self._candidates: dict[tuple[str, tuple[str, ...]], list[Route]] = {}
        keys = {(r.method, _key(r.template)) for r in self.routes}
        for method, key in keys | {(r.method, _ANY) for r in self.routes}:
            self._candidates[method, key] = [
                r for r in self.routes if r.method == method and _key(r.template) in (key, _ANY)
            ]

    def matching(self, method: str, path: str) -> list[Route]:
        method = "GET" if method == "HEAD" else method
        candidates = self._candidates.get((method, _key(path))) or self._candidates.get((method, _ANY), [])
        return [r for r in candidates if r.pattern.match(path)]

    def find(self, method: str, path: str, version: str) -> Route | None:
        """The operation that answers, None when no document has this route at all.
        Raises `NoControllerForVersion` when some version has it but not `version`."""
        candidates = self.matching(method, path)
        if not candidates:
            return None
        for route in candidates:
            if route.versions is None or version in route.versions:
                return route
        raise NoControllerForVersion(method, version)


class VersionRouter:
    """Before Connexion's routing (`middleware.Front` calls it): sends each API request to the operation of its
    version."""

    def __init__(self, table: VersionTable) -> None:
        self.table = table

    def route(self, scope: Scope, headers: Headers) -> Scope:
        """The scope to route: `scope` itself, or a copy with the path of the older document's operation."""
        if not scope["path"].startswith("/v2/"):
            return scope
        version = extract_version(headers)
        route = self.table.find(scope["method"], scope["path"], version)
        if route is None or not route.base_path:
            return scope
        # The outer scope keeps the public path, which errors and the access log show.
        path = route.base_path + scope["path"]
        raw_path = scope.get("raw_path")
        inner = dict(scope, path=path)
        if raw_path is not None:
            inner["raw_path"] = route.base_path.encode() + raw_path
        return inner
