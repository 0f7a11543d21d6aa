"""How operationIds reach handlers: each surface names the operations it answers in `OPERATIONS`
(operationId to method name), and the composition root resolves them over the surfaces it built."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from connexion.resolver import Resolver, ResolverError

__all__ = ["Surface", "resolver_for"]


class Surface:
    """A set of handlers over the services; `OPERATIONS` maps the spec's operationIds to method names."""

    OPERATIONS: ClassVar[Mapping[str, str]] = {}

    def handlers(self) -> dict[str, Callable[..., Any]]:
        return {operation_id: getattr(self, name) for operation_id, name in self.OPERATIONS.items()}


def resolver_for(*surfaces: Surface) -> Resolver:
    """Resolve operationIds to the surfaces' bound methods; an unknown id fails at start-up, naming it."""
    handlers = {operation_id: handler for surface in surfaces for operation_id, handler in surface.handlers().items()}

    def resolve(operation_id: str) -> Callable[..., Any]:
        try:
            return handlers[operation_id]
        except KeyError:
            raise ResolverError(f"no handler for operationId {operation_id!r}") from None

    return Resolver(function_resolver=resolve)
